// Portal activity: each site's RFID portals and the passes they recorded (movements with a portal),
// newest first, refreshed every 10 s; reader health and held-item alarms when the API offers them.
import { api, apiAll, hasRoute } from "../api.js";
import { h, mount, notice, table } from "../dom.js";
import { timeEl } from "../time.js";

const POLL_MS = 10_000;
const WINDOW_H = 24;

/** Render the portal activity page; returns the cleanup that stops polling. */
export async function renderPortals(main, ctx) {
  const body = h("div", { "aria-live": "polite" });
  const health = (await hasRoute("/api/v1/portals/health"))
    ? null
    : notice("Reader health and held-item alarms are not available in this deployment yet.");
  const draw = async () => {
    const since = new Date(Date.now() - WINDOW_H * 3600_000).toISOString();
    const [portalsBySite, movements] = await Promise.all([
      Promise.all(ctx.sites.map(async (s) => [s, await api(`/sites/${s.code}/portals`)])),
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
  mount(main, h("h1", {}, "Portal activity"), health, h("p", { class: "muted" }, `Refreshes every ${POLL_MS / 1000} s.`), body);
  const timer = setInterval(() => draw().catch(() => {}), POLL_MS);
  return () => clearInterval(timer);
}
