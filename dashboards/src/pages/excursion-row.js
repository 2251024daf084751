// One row of the QA excursion board: where, rule and severity, start, duration, time out of range,
// peak, exposed lots, status, and the next step (acknowledge with a comment, then close with the
// root cause and CAPA reference). Updates change the cells in place, so a comment being typed
// survives the stream's updates of a growing excursion; the action cell changes with the status.
import { flash, h, mount } from "../dom.js";
import { acknowledgeExcursion, closeExcursion } from "../excursion-api.js";
import { celsius } from "../stats.js";
import { formatDuration, timeEl } from "../time.js";

export const COLUMNS = ["Where", "Rule", "Started", "Duration", "Out of range", "Peak", "Exposed lots", "Status", "Action"];

/** The worst value in the unit of the rule that found it. */
export function peakText(excursion) {
  const { peak, kind } = excursion;
  if (peak === null || peak === undefined) return "—";
  if (kind === "humidity") return `${peak.toFixed(1)} % RH`;
  if (kind === "rate") return `${peak.toFixed(1)} °C/h`;
  return celsius(peak);
}

function durationText(excursion, nowMs) {
  const end = excursion.ended_at ? Date.parse(excursion.ended_at) : nowMs;
  const text = formatDuration(Math.max(0, (end - Date.parse(excursion.started_at)) / 1000));
  return excursion.ended_at ? text : `${text}, ongoing`;
}

function actionForm(fields, label, submit) {
  const error = h("span", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", "aria-label": label }, label.split(" ")[0]);
  const form = h("form", { class: "actions" }, fields, button, error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (fields.some((f) => !f.value.trim())) {
      error.textContent = "Required.";
      return;
    }
    button.disabled = true;
    error.textContent = "";
    try {
      await submit(fields.map((f) => f.value.trim()));
    } catch (exc) {
      error.textContent = exc.message;
      flash(exc.message, "error");
      button.disabled = false;
    }
  });
  return form;
}

function actions(excursion, canWrite, onChange) {
  const { id, status } = excursion;
  if (!canWrite) return "—";
  if (status === "open") {
    const comment = h("input", { "aria-label": `Comment for excursion ${id}`, placeholder: "What is being done", maxlength: 2000, required: true });
    return actionForm([comment], `Acknowledge excursion ${id}`, async ([text]) => onChange(await acknowledgeExcursion(id, text)));
  }
  if (status === "acknowledged") {
    const cause = h("input", { "aria-label": `Root cause of excursion ${id}`, placeholder: "Root cause", maxlength: 2000, required: true });
    const capa = h("input", { "aria-label": `CAPA reference for excursion ${id}`, placeholder: "CAPA reference", maxlength: 100, required: true });
    return actionForm([cause, capa], `Close excursion ${id}`, async ([rootCause, capaRef]) => onChange(await closeExcursion(id, rootCause, capaRef)));
  }
  return "—";
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function lotLinks(lots) {
  if (lots === null) return "…";
  if (!lots.length) return "none recorded";
  const list = h("ul", { class: "lot-list" }, lots.map((l) =>
    h("li", {}, h("a", { href: `#/lots/${l.lot_id}` }, l.lot_number), ` ${plural(l.serials, "serial")}, ${formatDuration(l.out_of_range_s)} out, `, h("span", { class: `status status-${l.status}` }, l.status)),
  ));
  if (lots.length <= 3) return list;
  // A room full of stock: a summary line, the lots one tap away (keeps the row short on a tablet).
  const serials = lots.reduce((sum, l) => sum + l.serials, 0);
  return h("details", {}, h("summary", {}, `${plural(lots.length, "lot")}, ${plural(serials, "serial")}`), list);
}

function statusCell(excursion, tz) {
  const badge = h("span", { class: `status status-${excursion.status}` }, excursion.status);
  if (excursion.status !== "acknowledged") return badge;
  return [badge, h("div", { class: "muted" }, `by ${excursion.acknowledged_by} `, timeEl(excursion.acknowledged_at, tz), h("br"), excursion.ack_comment ?? "")];
}

/**
 * A board row for ``excursion``: ``{el, update(e), setPlace(place), setLots(lots), tick()}``.
 * ``place`` is {place, site, href}; ``onChange`` gets the excursion an action returned.
 */
export function excursionRow(excursion, { tz, canWrite, onChange }) {
  // Each cell's content sits in one wrapper: on narrow screens a cell is a label / value grid.
  const cells = Object.fromEntries(COLUMNS.map((name) => [name, h("div", { class: "cell" })]));
  const el = h("tr", { dataset: { excursionId: String(excursion.id) } }, COLUMNS.map((name) => h("td", { "data-label": name }, cells[name])));
  let current = null;
  const setPlace = (place) => {
    const where = place.href ? h("a", { href: place.href }, place.place) : place.place;
    mount(cells.Where, h("strong", {}, where), h("div", { class: "muted" }, [place.site, excursion.sensor].filter(Boolean).join(" · ")));
  };
  setPlace({ place: "…", site: "", href: null });

  const update = (next) => {
    const statusChanged = current?.status !== next.status;
    current = next;
    el.dataset.kind = next.kind;
    el.dataset.status = next.status;
    mount(cells.Rule, next.kind, " ", h("span", { class: `severity severity-${next.severity}` }, next.severity));
    mount(cells.Started, timeEl(next.started_at, tz));
    mount(cells.Duration, durationText(next, Date.now()));
    mount(cells["Out of range"], formatDuration(next.out_of_range_s));
    mount(cells.Peak, peakText(next));
    mount(cells.Status, statusCell(next, tz));
    if (statusChanged) mount(cells.Action, actions(next, canWrite, onChange));
  };
  update(excursion);
  mount(cells["Exposed lots"], lotLinks(null));
  return {
    el,
    update,
    setPlace,
    setLots: (lots) => mount(cells["Exposed lots"], lotLinks(lots)),
    tick: () => mount(cells.Duration, durationText(current, Date.now())),
    get excursion() {
      return current;
    },
  };
}
