// QA excursion board: open excursions live (server-sent events when the API streams them, else
// polling), peak, duration, exposed lots; acknowledge and close with a reason; a new one flashes
// and beeps. Until the excursion API exists, the board shows quarantined stock and says so.
import { api, apiAll, hasRoute } from "../api.js";
import { flash, h, mount, notice, table } from "../dom.js";
import { EXCURSIONS, excursionSpan, listExcursions } from "../excursion-api.js";
import { celsius } from "../stats.js";
import { formatDuration, timeEl } from "../time.js";

const POLL_MS = 10_000;

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  } catch {
    // No audio device (headless, kiosk without sound): the visual alert is enough.
  }
}

async function act(excursion, verb, reason) {
  await api(`/excursions/${excursion.id}/${verb}`, { method: "POST", body: { reason } });
}

function excursionRow(e, ctx, redraw) {
  const span = excursionSpan(e);
  const tz = ctx.siteTz(e.site_id);
  const durationS = ((span.end ? Date.parse(span.end) : Date.now()) - Date.parse(span.start)) / 1000;
  const reason = h("input", { "aria-label": `Reason for excursion ${e.id}`, placeholder: "reason" });
  const button = (verb, label) =>
    h("button", {
      type: "button",
      onclick: async () => {
        if (!reason.value.trim()) return flash("A reason is required.", "error");
        await act(e, verb, reason.value.trim()).then(redraw, (exc) => flash(exc.message, "error"));
      },
    }, label);
  const lots = e.exposed_lots ?? e.lots ?? [];
  return [
    e.location_code ?? e.shipment_code ?? (e.shipment_id ? `shipment ${e.shipment_id}` : `location ${e.location_id}`),
    e.rule ?? e.kind ?? "—",
    timeEl(span.start, tz),
    formatDuration(durationS),
    celsius(e.peak ?? e.peak_c ?? null),
    lots.map((l) => h("a", { href: `#/lots/${l.lot_id ?? l.id}` }, `${l.lot_number ?? l.lot_id} `)),
    e.status ?? "open",
    ctx.can("lots:status") ? h("span", { class: "actions" }, reason, button("acknowledge", "Acknowledge"), button("close", "Close")) : "—",
  ];
}

async function quarantinedTable(ctx) {
  const held = await apiAll("/inventory/quarantined");
  return table(
    "Quarantined stock",
    ["Site", "Location", "Lot", "Quantity"],
    held.map((r) => [r.site_code ?? "—", r.location_code ?? "—", h("a", { href: `#/lots/${r.lot_id}` }, r.lot_number), String(r.quantity)]),
    { class: "quarantined" },
  );
}

/** Render the board; returns the cleanup closing the event stream or stopping the polling. */
export async function renderExcursions(main, ctx) {
  const board = h("div", { "aria-live": "polite" });
  const mode = h("p", { class: "muted" });
  const seen = new Set();
  let first = true;
  const draw = async () => {
    const open = await listExcursions({ status: "open" });
    if (open === null) {
      mount(board, notice("The excursion API is not available in this deployment yet: this board shows quarantined stock until it is."), await quarantinedTable(ctx));
      return;
    }
    for (const e of open) {
      if (!seen.has(e.id) && !first) {
        flash(`New excursion: ${e.location_code ?? e.shipment_code ?? e.id}`, "alarm");
        beep();
      }
      seen.add(e.id);
    }
    first = false;
    mount(
      board,
      open.length
        ? table("Open excursions", ["Where", "Rule", "Started", "Duration", "Peak", "Exposed lots", "Status", "Action"], open.map((e) => excursionRow(e, ctx, draw)), { class: "excursions" })
        : notice("No open excursions."),
      await quarantinedTable(ctx),
    );
  };
  await draw();
  mount(main, h("h1", {}, "QA excursion board"), mode, board);
  if (await hasRoute(`${EXCURSIONS}/stream`)) {
    const events = new EventSource(`${EXCURSIONS}/stream`, { withCredentials: true });
    events.onmessage = () => draw().catch(() => {});
    mode.textContent = "Live: updates as excursions open and close.";
    return () => events.close();
  }
  mode.textContent = `Refreshes every ${POLL_MS / 1000} s.`;
  const timer = setInterval(() => draw().catch(() => {}), POLL_MS);
  return () => clearInterval(timer);
}
