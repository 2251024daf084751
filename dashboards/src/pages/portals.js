// Portal activity: held items leaving (hold alarms, ``portal-alarms.js``) first, then each site's
// RFID portals, their readers' health as the gateways last reported it
// (/sites/{site}/portals/health) and the passes they recorded (movements with a portal, with their
// direction), newest first. Everything is polled every 10 s: alarms are rare and a person at the
// dock reacts in seconds, not milliseconds, so polling costs less than holding a stream open.
import { api, apiAll } from "../api.js";
import { h, mount, notice, table } from "../dom.js";
import { timeEl } from "../time.js";
import { holdAlarms } from "./portal-alarms.js";

const POLL_MS = 10_000;
const WINDOW_H = 24;

function readerText(reader) {
  const state = reader.connected ? `connected, ${reader.sessions} session${reader.sessions === 1 ? "" : "s"}` : "disconnected";
  const flags = [reader.clock_suspect ? "clock suspect" : null, reader.last_error ? `last error: ${reader.last_error}` : null].filter(Boolean);
  return h("li", { class: reader.connected ? "health-ok" : "health-silent" }, `${reader.reader_id} via ${reader.gateway_id}: ${state}`, flags.length ? ` (${flags.join("; ")})` : "");
}

function healthTable(healthBySite) {
  const rows = healthBySite.flatMap(([site, list]) =>
    list.map((p) => [
      site.code,
      p.name,
      timeEl(p.last_pass_at, site.timezone),
      p.readers.length ? h("ul", { class: "sensors" }, p.readers.map(readerText)) : "no reader report",
      p.readers.length ? timeEl(p.readers.reduce((a, b) => (Date.parse(a.reported_at) >= Date.parse(b.reported_at) ? a : b)).reported_at, site.timezone) : "—",
    ]),
  );
  if (!rows.length) return notice("No portals on your sites.");
  return table("Reader health", ["Site", "Portal", "Last pass", "Readers", "Last report"], rows, { class: "portal-health" });
}

/** Render the portal activity page; returns the cleanup that stops polling. */
export async function renderPortals(main, ctx) {
  const body = h("div", { "aria-live": "polite" });
  const alarms = holdAlarms(ctx.sites);
  const draw = async () => {
    const since = new Date(Date.now() - WINDOW_H * 3600_000).toISOString();
    const [, portalsBySite, healthBySite, movements] = await Promise.all([
      alarms.refresh(),
      Promise.all(ctx.sites.map(async (s) => [s, await api(`/sites/${s.code}/portals`)])),
      Promise.all(ctx.sites.map(async (s) => [s, await api(`/sites/${s.code}/portals/health`)])),
      apiAll("/movements", { since, limit: 500 }, 2000),
    ]);
    const portals = new Map();
    for (const [site, list] of portalsBySite) for (const p of list) portals.set(p.id, { ...p, site });
    const passes = movements.filter((m) => m.portal_id !== null).reverse().slice(0, 200);
    mount(
      body,
      table(
        "Portals",
        ["Site", "Portal", "Reader", "Gateway", "Passes (24 h)"],
        [...portals.values()].map((p) => [p.site.code, p.name, p.reader_host ? `${p.reader_host}:${p.reader_port}` : "—", p.gateway_id ?? "—", String(passes.filter((m) => m.portal_id === p.id).length)]),
        { class: "portals" },
      ),
      healthTable(healthBySite),
      passes.length
        ? table(
            "Latest passes",
            ["When", "Portal", "Direction", "Item", "Container", "Gateway"],
            passes.map((m) => {
              const portal = portals.get(m.portal_id);
              return [timeEl(m.occurred_at, portal?.site.timezone), portal?.name ?? String(m.portal_id), m.direction ?? "—", m.item_id ?? "—", m.container_id ?? "—", m.gateway_id ?? "—"];
            }),
            { class: "passes" },
          )
        : notice(`No portal passes in the last ${WINDOW_H} hours.`),
    );
  };
  await draw();
  mount(main, h("h1", {}, "Portal activity"), h("p", { class: "muted" }, `Refreshes every ${POLL_MS / 1000} s.`), alarms.banners, alarms.section, body);
  const timer = setInterval(() => draw().catch(() => {}), POLL_MS);
  return () => clearInterval(timer);
}
