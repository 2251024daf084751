// Sites overview: every cold room, ambient zone and vehicle with its current temperature and
// humidity against the band of the goods it holds, sensor health, stock by status, lots expiring.
import { api, apiAll } from "../api.js";
import { historyChart } from "../chart.js";
import { h, mount, notice, table } from "../dom.js";
import { bandFor, loadCatalog, outOfBand } from "../profiles.js";
import { bandLabel, celsius } from "../stats.js";
import { formatDuration, timeEl } from "../time.js";

const MONITORED = new Set(["cold_room", "ambient_zone", "vehicle", "quarantine_area"]);
const SILENT_AFTER_S = 15 * 60;
const REFRESH_MS = 30_000;
const EXPIRING_DAYS = 60;

/** The newest bucket of each sensor in the last two hours of a location's history. */
async function currentReadings(siteCode, locationCode) {
  const end = new Date();
  const start = new Date(end.getTime() - 2 * 3600_000);
  const history = await api(`/sites/${siteCode}/locations/${locationCode}/readings`, {
    query: { start: start.toISOString(), end: end.toISOString(), resolution_s: 60 },
  });
  return history.series.map((series) => {
    const last = series.buckets.findLast((b) => b.temperature_c.mean !== null || b.humidity_pct.mean !== null);
    const ageS = last ? (end.getTime() - Date.parse(last.time)) / 1000 - 60 : null;
    return { sensor: series.sensor, last, ageS };
  });
}

function sensorHealth(reading) {
  if (!reading.last) return ["silent", "no data in 2 h"];
  if (reading.ageS > SILENT_AFTER_S) return ["silent", `silent for ${formatDuration(reading.ageS)}`];
  return ["ok", "reporting"];
}

function average(values) {
  const present = values.filter((v) => v !== null && v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

async function showDayChart(box, site, location, band) {
  const end = new Date();
  const start = new Date(end.getTime() - 24 * 3600_000);
  const history = await api(`/sites/${site.code}/locations/${location.code}/readings`, {
    query: { start: start.toISOString(), end: end.toISOString() },
  });
  const chart = h("div", { class: "chart", role: "img", "aria-label": `${location.name}: temperature, last 24 hours` });
  mount(box, history.series.length ? chart : notice("No readings in the last 24 hours."));
  if (history.series.length) {
    historyChart(chart, history, { quantity: "temperature_c", unit: "°C", timeZone: site.timezone, band });
  }
}

function locationCard(site, location, readings, band) {
  const temperature = average(readings.map((r) => r.last?.temperature_c.mean ?? null));
  const humidity = average(readings.map((r) => r.last?.humidity_pct.mean ?? null));
  const silent = readings.length === 0 || readings.every((r) => sensorHealth(r)[0] === "silent");
  const alarm = outOfBand(band, temperature);
  const state = alarm ? "alarm" : silent ? "silent" : "ok";
  const id = `loc-${site.code}-${location.code}`;
  const chartBox = h("div", { class: "card-chart" });
  return h(
    "article",
    { class: `card state-${state}`, "aria-labelledby": id, dataset: { location: location.code } },
    h("h3", { id }, location.name, " ", h("span", { class: "kind" }, location.kind.replace("_", " "))),
    h(
      "p",
      { class: "now" },
      h("span", { class: "temperature", "aria-label": "current temperature" }, celsius(temperature)),
      " ",
      h("span", { class: "humidity", "aria-label": "current humidity" }, humidity === null ? "— % RH" : `${humidity.toFixed(0)} % RH`),
    ),
    h("p", { class: "band" }, "Profile band: ", h("strong", {}, bandLabel(band)), band ? ` (${band.names.join(", ")})` : ""),
    alarm ? h("p", { class: "badge badge-alarm", role: "alert" }, "Out of range") : null,
    h(
      "ul",
      { class: "sensors", "aria-label": "sensor health" },
      readings.length
        ? readings.map((r) => {
            const [health, text] = sensorHealth(r);
            return h("li", { class: `health-${health}` }, `${r.sensor}: ${text}`, r.last ? [" · ", timeEl(r.last.time, site.timezone)] : null);
          })
        : h("li", { class: "health-silent" }, "no sensor bound"),
    ),
    h("button", { type: "button", class: "link", onclick: () => showDayChart(chartBox, site, location, band) }, "Last 24 h"),
    chartBox,
  );
}

async function siteSection(site, catalog) {
  const [locations, stockByLocation, byStatus, expiring] = await Promise.all([
    api(`/sites/${site.code}/locations`),
    apiAll("/inventory/stock", { site_id: site.id, group_by: ["location", "product"] }),
    apiAll("/inventory/stock", { site_id: site.id, group_by: ["status"] }),
    apiAll("/inventory/expiring", { site_id: site.id, days: EXPIRING_DAYS }),
  ]);
  const monitored = locations.filter((l) => MONITORED.has(l.kind));
  const cards = await Promise.all(
    monitored.map(async (location) => {
      const gtins = stockByLocation.filter((r) => r.location_id === location.id).map((r) => r.gtin);
      const readings = await currentReadings(site.code, location.code).catch(() => []);
      return locationCard(site, location, readings, bandFor(catalog, gtins));
    }),
  );
  return h(
    "section",
    { class: "site", "aria-labelledby": `site-${site.code}` },
    h("h2", { id: `site-${site.code}` }, site.name, " ", h("span", { class: "muted" }, `${site.code} · ${site.timezone}`)),
    h("div", { class: "cards" }, cards.length ? cards : notice("No monitored locations.")),
    h(
      "div",
      { class: "columns" },
      table(
        "Stock by lot status",
        ["Status", "Quantity"],
        byStatus.map((r) => [h("span", { class: `status status-${r.lot_status}` }, r.lot_status), String(r.quantity)]),
        { class: "stock-status" },
      ),
      table(
        `Lots expiring within ${EXPIRING_DAYS} days`,
        ["Lot", "GTIN", "Expiry", "Quantity"],
        expiring.map((r) => [h("a", { href: `#/lots/${r.lot_id}` }, r.lot_number), r.gtin, r.expiry_date, String(r.quantity)]),
        { class: "expiring" },
      ),
    ),
  );
}

/** Render the overview and refresh it every 30 s; returns the cleanup that stops refreshing. */
export async function renderSites(main, ctx) {
  const catalog = await loadCatalog();
  const stamp = h("p", { class: "muted", "aria-live": "polite" });
  const body = h("div");
  const draw = async () => {
    const sections = await Promise.all(ctx.sites.map((site) => siteSection(site, catalog)));
    mount(body, sections.length ? sections : notice("No sites granted to you."));
    mount(stamp, "Updated ", timeEl(new Date(), ctx.sites[0]?.timezone), " · refreshes every 30 s");
  };
  await draw();
  mount(main, h("h1", {}, "Sites overview"), stamp, body);
  const timer = setInterval(() => draw().catch(() => {}), REFRESH_MS);
  return () => clearInterval(timer);
}
