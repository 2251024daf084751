// The web UI's entry point: session check, hash router, page lifecycle (each page may return a
// cleanup function that stops its polling or event stream when the user leaves it).
import { api, apiAll } from "./api.js";
import { h, mount, notice } from "./dom.js";
import { renderLogin } from "./pages/login.js";
import { renderSites } from "./pages/sites.js";
import { renderShipments } from "./pages/shipments.js";
import { renderShipment } from "./pages/shipment.js";
import { renderLots } from "./pages/lots.js";
import { renderLot } from "./pages/lot.js";
import { renderExcursions } from "./pages/excursions.js";
import { renderRecalls } from "./pages/recalls.js";
import { renderPortals } from "./pages/portals.js";

const ROUTES = [
  [/^#\/sites$/, renderSites],
  [/^#\/shipments$/, renderShipments],
  [/^#\/shipments\/([^/]+)$/, renderShipment],
  [/^#\/lots$/, renderLots],
  [/^#\/lots\/(\d+)$/, renderLot],
  [/^#\/excursions$/, renderExcursions],
  [/^#\/recalls$/, renderRecalls],
  [/^#\/portals$/, renderPortals],
];

const main = document.getElementById("main");
let ctx = null;
let cleanup = null;

/** What every page gets: who is logged in, what they may do, the sites and their time zones. */
async function loadContext() {
  const me = await api("/auth/me");
  const sites = await apiAll("/sites");
  const permissions = new Set(me.permissions);
  return {
    me,
    sites,
    can: (permission) => permissions.has(permission),
    siteTz: (siteId) => sites.find((s) => s.id === siteId)?.timezone ?? "UTC",
  };
}

function showUser() {
  const who = document.getElementById("who");
  const nav = document.getElementById("nav");
  if (!ctx) {
    nav.hidden = true;
    mount(who);
    return;
  }
  nav.hidden = false;
  const logout = h("button", { type: "button", class: "link", onclick: logOut }, "Log out");
  mount(who, `${ctx.me.user.display_name} (${ctx.me.user.role}) `, logout);
}

async function logOut() {
  try {
    await api("/auth/logout", { method: "POST" });
  } finally {
    ctx = null;
    showUser();
    window.location.hash = "#/login";
  }
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const hash = window.location.hash || "#/sites";
  if (hash === "#/login" || !ctx) {
    renderLogin(main, async () => {
      ctx = await loadContext();
      showUser();
      window.location.hash = hash === "#/login" ? "#/sites" : hash;
      if (hash !== "#/login") await route();
    });
    return;
  }
  for (const link of document.querySelectorAll("#nav a")) {
    const active = hash.startsWith(link.getAttribute("href"));
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  for (const [pattern, render] of ROUTES) {
    const match = hash.match(pattern);
    if (match) {
      mount(main, h("p", { class: "loading" }, "Loading…"));
      try {
        cleanup = (await render(main, ctx, ...match.slice(1).map(decodeURIComponent))) ?? null;
      } catch (error) {
        mount(main, notice(`Could not load this page: ${error.message}`, "error"));
      }
      return;
    }
  }
  mount(main, notice("No such page.", "error"));
}

window.addEventListener("hashchange", route);
window.addEventListener("coldtrace:unauthorized", () => {
  ctx = null;
  showUser();
  if (window.location.hash !== "#/login") route();
});

(async () => {
  try {
    ctx = await loadContext();
  } catch {
    ctx = null;
  }
  showUser();
  await route();
})();
