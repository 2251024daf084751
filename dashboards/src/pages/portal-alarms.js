// Held items leaving: hold alarms of the user's sites (GET /sites/{site}/portals/alarms), raised
// by a gateway when a portal sees a quarantined, recalled or rejected item go outbound. A table,
// newest first, redrawn on every poll of the portal page; alarms that arrive while the page is open
// also get a banner (role="alert", announced once when it is inserted) that stays until dismissed,
// and their rows stay marked. What was already there when the page opened is history, not news.
import { api } from "../api.js";
import { h, mount, notice } from "../dom.js";
import { formatLocal, timeEl } from "../time.js";

const LIMIT = 50;
const NAMED_IN_BANNER = 3; // a pallet of held cases leaving raises many alarms at once

function itemText(alarm) {
  return alarm.gtin ? `GTIN ${alarm.gtin} serial ${alarm.serial}` : alarm.pure_uri;
}

function lotCell(alarm) {
  if (alarm.lot_id !== null) return h("a", { href: `#/lots/${alarm.lot_id}` }, alarm.lot_number);
  return alarm.lot_number ?? "—";
}

// The hold as the gateway enforced it, and the lot's status now when it has changed since.
function holdCell(alarm) {
  const now = alarm.lot_status && alarm.lot_status !== alarm.hold_reason ? ` (lot now ${alarm.lot_status})` : "";
  return h("span", {}, h("span", { class: `status status-${alarm.hold_reason}` }, alarm.hold_reason), now);
}

function row(alarm, isNew) {
  const zone = alarm.site.timezone;
  const cells = [
    ["Seen leaving", timeEl(alarm.seen_at, zone)],
    ["Site", alarm.site.code],
    ["Portal", alarm.portal_name],
    ["Direction", alarm.direction],
    ["Item", h("span", { title: alarm.pure_uri }, itemText(alarm))],
    ["Lot", lotCell(alarm)],
    ["Hold", holdCell(alarm)],
    ["Gateway", alarm.gateway_id],
    ["Recorded", timeEl(alarm.recorded_at, zone)],
  ];
  return h(
    "tr",
    { class: isNew ? "is-new" : null, dataset: { alarmId: String(alarm.id), eventId: alarm.event_id } },
    cells.map(([label, cell]) => h("td", { "data-label": label }, cell)),
  );
}

function bannerText(alarms) {
  const named = alarms.slice(0, NAMED_IN_BANNER).map((a) => {
    const lot = a.lot_number ? `, lot ${a.lot_number}` : "";
    return `${itemText(a)} (${a.hold_reason}${lot}) through ${a.portal_name} at ${a.site.code}, ${formatLocal(a.seen_at, a.site.timezone)}`;
  });
  const more = alarms.length > NAMED_IN_BANNER ? `; and ${alarms.length - NAMED_IN_BANNER} more` : "";
  return named.join("; ") + more;
}

/** The banners, the table section, and ``refresh()`` that polls the alarms of ``sites``. */
export function holdAlarms(sites) {
  const banners = h("div", { class: "hold-alarm-banners", "aria-label": "Held item alerts" });
  const section = h("section", { class: "hold-alarms", "aria-label": "Held items leaving" });
  const known = new Set(); // every alarm id shown so far
  const fresh = new Set(); // ids that arrived after the first load
  let loaded = false;

  const announce = (alarms) => {
    const dismiss = h("button", { type: "button", class: "link", "aria-label": "Dismiss the held item alert" }, "Dismiss");
    const title = alarms.length === 1 ? "Held item leaving:" : `${alarms.length} held items leaving:`;
    const banner = h("div", { class: "alert-banner", role: "alert", dataset: { alarmIds: alarms.map((a) => a.id).join(" ") } }, h("strong", {}, title), " ", bannerText(alarms), " ", dismiss);
    dismiss.addEventListener("click", () => banner.remove());
    banners.prepend(banner);
  };

  const refresh = async () => {
    const perSite = await Promise.all(
      sites.map(async (site) => (await api(`/sites/${site.code}/portals/alarms`, { query: { limit: LIMIT } })).map((a) => ({ ...a, site }))),
    );
    const alarms = perSite
      .flat()
      .sort((a, b) => Date.parse(b.seen_at) - Date.parse(a.seen_at) || b.id - a.id)
      .slice(0, LIMIT);
    const arrived = alarms.filter((a) => !known.has(a.id));
    for (const a of arrived) {
      known.add(a.id);
      if (loaded) fresh.add(a.id);
    }
    if (loaded && arrived.length) announce(arrived);
    loaded = true;
    mount(
      section,
      alarms.length
        ? h(
            "table",
            { class: "board hold-alarms" },
            h("caption", {}, "Held items leaving"),
            h("thead", {}, h("tr", {}, ["Seen leaving", "Site", "Portal", "Direction", "Item", "Lot", "Hold", "Gateway", "Recorded"].map((n) => h("th", { scope: "col" }, n)))),
            h("tbody", {}, alarms.map((a) => row(a, fresh.has(a.id)))),
          )
        : [h("h2", {}, "Held items leaving"), notice("No held item has left through a portal.")],
    );
  };
  return { banners, section, refresh };
}
