// QA excursion board: open and acknowledged excursions, live from the API's server-sent events
// (no reload, no polling): a new one raises a banner for its place that stays until dismissed or
// acknowledged, highlights its row and, when the user switched sound on, beeps. Rows show peak, duration, time
// out of range and the lots exposed; QA acknowledges with a comment and closes with the root cause
// and CAPA reference. Quarantined stock is listed underneath.
import { apiAll } from "../api.js";
import { soundAlarm } from "../alarm.js";
import { flash, h, mount, notice, table } from "../dom.js";
import { ACTIVE_STATUSES, EXCURSION_STREAM, activeExcursions, exposedLots } from "../excursion-api.js";
import { placeNames } from "../places.js";
import { COLUMNS, excursionRow, peakText } from "./excursion-row.js";

const TICK_MS = 30_000; // how often the durations of ongoing excursions are redrawn
const OFFLINE_RETRY_MS = 10_000; // after the browser gave up on the stream (e.g. a 401)
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2 };
const bySeverity = (a, b) => (SEVERITY_RANK[a] ?? 3) - (SEVERITY_RANK[b] ?? 3);
const MODES = {
  connecting: "Connecting to the live feed…",
  live: "Live: new and changed excursions appear as they happen.",
  reconnecting: "Live feed interrupted: reconnecting…",
  offline: "Live feed lost: retrying in a few seconds.",
};

/** ``run`` at most once at a time; a call while it runs makes it run once more afterwards. */
function coalesced(run) {
  let state = "idle";
  const trigger = () => {
    if (state !== "idle") {
      state = "again";
      return;
    }
    state = "running";
    Promise.resolve().then(run).catch(() => {}).finally(() => {
      const again = state === "again";
      state = "idle";
      if (again) trigger();
    });
  };
  return trigger;
}

async function quarantinedTable() {
  const held = await apiAll("/inventory/quarantined");
  if (!held.length) return notice("No quarantined stock.");
  return table(
    "Quarantined stock",
    ["Site", "Location", "Lot", "Quantity"],
    held.map((r) => [r.site_code ?? "—", r.location_code ?? "—", h("a", { href: `#/lots/${r.lot_id}` }, r.lot_number), String(r.quantity)]),
    { class: "quarantined" },
  );
}

/** Render the board; returns the cleanup that closes the event stream. */
export async function renderExcursions(main, ctx) {
  const places = placeNames(ctx.sites);
  const sound = soundAlarm();
  const rows = new Map();
  const lotRefresh = new Map();
  const tbody = h("tbody");
  const board = h(
    "table",
    { class: "excursions board", "data-testid": "excursion-board" },
    h("caption", {}, "Open and acknowledged excursions"),
    h("thead", {}, h("tr", {}, COLUMNS.map((name) => h("th", { scope: "col" }, name)))),
    tbody,
  );
  const empty = notice("No open excursions.");
  const banners = h("div", { class: "new-excursions", "aria-label": "New excursion alerts" });
  const mode = h("p", { class: "stream-state muted", "aria-live": "polite" });
  const held = h("section", { "aria-label": "Quarantined stock" });
  const setMode = (name) => {
    mode.dataset.stream = name;
    mode.textContent = MODES[name];
  };
  const refreshHeld = coalesced(async () => mount(held, h("h2", {}, "Quarantined stock"), await quarantinedTable()));
  const refreshLots = (id) => {
    if (!lotRefresh.has(id)) lotRefresh.set(id, coalesced(async () => rows.get(id)?.setLots(await exposedLots(id))));
    lotRefresh.get(id)();
  };
  const showEmpty = () => {
    board.hidden = rows.size === 0;
    empty.hidden = rows.size > 0;
  };
  // One banner per place (a failing room trips several rules at once), listing what is new there.
  const alerts = new Map();
  const drawAlert = (alert) => {
    const byKind = new Map();
    for (const e of alert.items.values()) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
    const parts = [...byKind.values()].map((list) => list.length === 1
      ? `${list[0].kind} (${list[0].severity}, peak ${peakText(list[0])})`
      : `${list[0].kind} ×${list.length} (worst ${list.map((e) => e.severity).sort(bySeverity)[0]})`);
    alert.title.textContent = alert.items.size === 1 ? "New excursion" : `${alert.items.size} new excursions`;
    alert.list.textContent = parts.join("; ");
    alert.banner.dataset.excursionIds = [...alert.items.keys()].join(" ");
  };
  const dropAlert = (id) => {
    for (const [key, alert] of alerts) {
      if (!alert.items.delete(id)) continue;
      if (alert.items.size) drawAlert(alert);
      else {
        alert.banner.remove();
        alerts.delete(key);
      }
    }
  };
  const announce = (excursion, row) => {
    row.el.classList.add("is-new");
    const key = excursion.location_id !== null ? `location-${excursion.location_id}` : `shipment-${excursion.shipment_id}`;
    let alert = alerts.get(key);
    if (!alert) {
      const where = h("span", {}, ` on ${excursion.sensor}`);
      const dismiss = h("button", { type: "button", class: "link" }, "Dismiss");
      alert = { title: h("strong"), list: h("span"), items: new Map() };
      alert.banner = h("div", { class: "alert-banner", role: "alert", dataset: { place: key } }, alert.title, where, ": ", alert.list, " ", dismiss);
      dismiss.addEventListener("click", () => {
        alert.banner.remove();
        alerts.delete(key);
      });
      alerts.set(key, alert);
      banners.prepend(alert.banner);
      places.label(excursion).then((p) => {
        where.textContent = ` at ${p.place}${p.site ? `, ${p.site}` : ""}`;
        dismiss.setAttribute("aria-label", `Dismiss the alert for ${p.place}`);
      });
    }
    alert.items.set(excursion.id, excursion);
    drawAlert(alert);
    alert.banner.dataset.sound = sound.play() ? "played" : "off";
  };

  const remove = (id) => {
    rows.get(id)?.el.remove();
    rows.delete(id);
    lotRefresh.delete(id);
    dropAlert(id);
    showEmpty();
  };

  // ``alertIfNew``: false for the first load (what was already open is not news). A status never
  // goes back (open -> acknowledged -> closed), so an event read before an action that answered
  // first is stale and skipped, and a closed excursion does not come back.
  const closed = new Set();
  const upsert = (excursion, alertIfNew) => {
    const { id, status } = excursion;
    if (closed.has(id)) return;
    if (!ACTIVE_STATUSES.includes(status)) {
      closed.add(id);
      if (rows.has(id)) refreshHeld();
      remove(id);
      return;
    }
    let row = rows.get(id);
    if (row && ACTIVE_STATUSES.indexOf(status) < ACTIVE_STATUSES.indexOf(row.excursion.status)) return;
    if (row) {
      row.update(excursion);
    } else {
      const tz = ctx.siteTz(excursion.site_id);
      row = excursionRow(excursion, { tz, canWrite: ctx.can("excursions:write"), onChange: onAction });
      rows.set(id, row);
      const after = [...tbody.children].find((tr) => Number(tr.dataset.excursionId) < id);
      tbody.insertBefore(row.el, after ?? null);
      places.label(excursion).then(row.setPlace);
      if (alertIfNew && status === "open") announce(excursion, row);
      refreshHeld();
    }
    if (status !== "open") {
      row.el.classList.remove("is-new");
      dropAlert(id);
    }
    refreshLots(id);
    showEmpty();
  };

  function onAction(excursion) {
    flash(`Excursion ${excursion.id} ${excursion.status}.`);
    upsert(excursion, false);
  }

  let primed = false;
  const load = async () => {
    const shown = [...rows.keys()]; // rows an event adds while the list is read stay
    const active = await activeExcursions();
    const ids = new Set(active.map((e) => e.id));
    for (const id of shown) if (!ids.has(id)) remove(id);
    for (const excursion of active) upsert(excursion, primed);
    primed = true;
    showEmpty();
    refreshHeld();
  };

  await load();
  setMode("connecting");
  mount(main, h("h1", {}, "QA excursion board"), h("div", { class: "board-head" }, mode, sound.control), banners, board, empty, held);

  let events = null;
  let retry = null;
  const connect = () => {
    events = new EventSource(EXCURSION_STREAM);
    // ``ready`` comes once the server listens: reload then, so nothing between the first list
    // and the stream (or during a reconnection) is missed; new ones found are alerted.
    events.addEventListener("ready", () => {
      setMode("live");
      load().catch((exc) => flash(exc.message, "error"));
    });
    events.addEventListener("excursion", (message) => upsert(JSON.parse(message.data), true));
    events.addEventListener("resync", () => load().catch((exc) => flash(exc.message, "error")));
    events.addEventListener("error", () => {
      if (events.readyState !== EventSource.CLOSED) {
        setMode("reconnecting");
        return;
      }
      // The browser gave up (an error status, e.g. the session expired): check the session
      // (a 401 sends the user to the login page) and try again later.
      setMode("offline");
      activeExcursions().catch(() => {});
      retry = setTimeout(connect, OFFLINE_RETRY_MS);
    });
  };
  connect();
  const ticker = setInterval(() => rows.forEach((row) => row.tick()), TICK_MS);
  return () => {
    events?.close();
    clearTimeout(retry);
    clearInterval(ticker);
    sound.close();
  };
}
