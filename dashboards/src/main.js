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
import { renderRecall } from "./pages/recall.js";
import { renderPortals } from "./pages/portals.js";

const ROUTES = [
  [/^#\/sites$/, renderSites],
  [/^#\/shipments$/, renderShipments],
  [/^#\/shipments\/([^/]+)$/, renderShipment],
  [/^#\/lots$/, renderLots],
  [/^#\/lots\/(\d+)$/, renderLot],
  [/^#\/excursions$/, renderExcursions],
  [/^#\/recalls$/, renderRecalls],
  [/^#\/recalls\/([^/]+)$/, renderRecall],
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

let generation = 0; // routes started
let shown = 0; // the newest route whose page finished rendering

async function route() {
  const mine = ++generation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const hash = window.location.hash || "#/sites";
  if (hash === "#/login" || !ctx) {
    renderLogin(main, async () => {
      ctx = await loadContext();
      showUser();
      const target = hash === "#/login" ? "#/sites" : hash;
      // Setting a different hash routes through ``hashchange``; routing here as well would
      // render the page twice, and the slower render would cover the next page the user opens.
      if (window.location.hash === target) await route();
      else window.location.hash = target;
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
        const done = (await render(main, ctx, ...match.slice(1).map(decodeURIComponent))) ?? null;
        // A page that finished after the user moved on stops its timers and streams at once,
        // and if the newer page was already shown (and so covered), that one is drawn again.
        if (mine === generation) {
          cleanup = done;
          shown = mine;
        } else {
          done?.();
          if (shown > mine) await route();
        }
      } catch (error) {
        if (mine === generation) mount(main, notice(`Could not load this page: ${error.message}`, "error"));
      }
      return;
    }
  }
  mount(main, notice("No such page.", "error"));
}

window.addEventListener("hashchange", route);
let started = false; // the first route ran (before it, a 401 is the start-up session check)
window.addEventListener("coldtrace:unauthorized", () => {
  ctx = null;
  showUser();
  // At start-up the session check's 401 is answered by the first route below; routing here too
  // would draw the login form twice and drop what the user began to type into the first one.
  if (started && window.location.hash !== "#/login") route();
});

(async () => {
  try {
    ctx = await loadContext();
  } catch {
    ctx = null;
  }
  showUser();
  started = true;
  await route();
})();
