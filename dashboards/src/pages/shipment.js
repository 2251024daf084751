// Shipment page: temperature and humidity over the whole trip against the goods' profile band,
// excursions shaded, min / max / MKT per logger and per leg; the PDF report and the CSV come from
// the server (GET /shipments/{code}/report.pdf|.csv), and the page still prints.
import { API, api } from "../api.js";
import { historyChart } from "../chart.js";
import { h, mount, notice, table } from "../dom.js";
import { excursionSpan, listExcursions } from "../excursion-api.js";
import { bandFor, loadCatalog } from "../profiles.js";
import { peakText } from "./excursion-row.js";
import { bandLabel, celsius, clip, meanKineticTemperature, summarize, timeOutOfRangeS } from "../stats.js";
import { formatDuration, formatLocal, timeEl } from "../time.js";

/** The trip's time range: departure (or creation) to arrival (or now). */
export function tripRange(shipment) {
  const now = new Date();
  const start = new Date(shipment.actual_departure_at ?? shipment.planned_departure_at ?? shipment.created_at);
  let end = shipment.actual_arrival_at ? new Date(shipment.actual_arrival_at) : now;
  if (end > now) end = now;
  if (end <= start) end = new Date(start.getTime() + 3600_000);
  return { start, end };
}

/** Download a server-made file (same origin: the session cookie goes along, the server names it). */
function download(url) {
  const link = h("a", { href: url, download: "", hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

function figuresRow(label, buckets, resolutionS, band, extra = []) {
  const t = summarize(buckets, "temperature_c");
  const mkt = meanKineticTemperature(buckets);
  const out = band ? timeOutOfRangeS(buckets, resolutionS, band.min, band.max) : null;
  return [label, ...extra, String(t.count), celsius(t.min), celsius(t.max), celsius(mkt), out === null ? "—" : formatDuration(out)];
}

function loggerTable(history, band, tz) {
  return table(
    "Per logger and probe",
    ["Sensor", "From", "To", "Readings", "Min", "Max", "MKT", "Time out of range"],
    history.series.map((s) => figuresRow(s.sensor, s.buckets, history.resolution_s, band, [timeEl(s.start, tz), timeEl(s.end, tz)])),
    { class: "figures", "data-testid": "logger-figures" },
  );
}

function legTable(shipment, history, band, tz) {
  if (!shipment.legs.length) return null;
  return table(
    "Per leg",
    ["Leg", "Route", "Departed", "Arrived", "Readings", "Min", "Max", "MKT", "Time out of range"],
    shipment.legs.map((leg) => {
      const buckets = history.series.flatMap((s) => clip(s.buckets, leg.actual_departure_at, leg.actual_arrival_at));
      return figuresRow(`${leg.sequence} · ${leg.mode}`, buckets, history.resolution_s, band, [
        `${leg.origin} → ${leg.destination}`,
        timeEl(leg.actual_departure_at, tz),
        timeEl(leg.actual_arrival_at, tz),
      ]);
    }),
    { class: "figures" },
  );
}

function excursionTable(excursions, tz) {
  if (excursions === null) return notice("Excursion records could not be read (your role may not include them); the chart shows the profile band only.");
  if (!excursions.length) return notice("No excursions recorded for this shipment.");
  return table(
    "Excursions",
    ["Rule", "Started", "Ended", "Out of range", "Peak", "Status"],
    excursions.map((e) => {
      const span = excursionSpan(e);
      return [`${e.kind} (${e.severity})`, timeEl(span.start, tz), timeEl(span.end, tz), formatDuration(e.out_of_range_s), peakText(e), e.status];
    }),
    { class: "excursions" },
  );
}

/** Render the shipment page for ``code``. */
export async function renderShipment(main, ctx, code) {
  const shipment = await api(`/shipments/${encodeURIComponent(code)}`);
  const tz = ctx.siteTz(shipment.origin_site_id);
  const { start, end } = tripRange(shipment);
  const [catalog, history, excursions] = await Promise.all([
    loadCatalog(),
    api(`/shipments/${encodeURIComponent(code)}/readings`, { query: { start: start.toISOString(), end: end.toISOString() } }),
    listExcursions({ shipment_id: shipment.id }).catch(() => null),
  ]);
  const band = bandFor(catalog, shipment.contents.map((c) => c.gtin));
  const shades = (excursions ?? []).map(excursionSpan);
  const all = history.series.flatMap((s) => s.buckets);
  const temperatureChart = h("div", { class: "chart", id: "temperature-chart", role: "img", "aria-label": `Temperature of shipment ${code} over the trip, profile band ${bandLabel(band)}` });
  const humidityChart = h("div", { class: "chart", id: "humidity-chart", role: "img", "aria-label": `Humidity of shipment ${code} over the trip` });
  const report = `${API}/shipments/${encodeURIComponent(code)}/report`;
  const pdf = h("button", { type: "button", onclick: () => download(`${report}.pdf`) }, "Download PDF report");
  const csv = h("button", { type: "button", onclick: () => download(`${report}.csv`) }, "Download CSV");
  const print = h("button", { type: "button", onclick: () => window.print() }, "Print page");
  mount(
    main,
    h("h1", {}, `Shipment ${shipment.code} `, h("span", { class: `status status-${shipment.status}` }, shipment.status.replace("_", " "))),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Carrier"), h("dd", {}, shipment.carrier ?? "—"),
      h("dt", {}, "Departed"), h("dd", {}, timeEl(shipment.actual_departure_at, tz)),
      h("dt", {}, "Arrived"), h("dd", {}, timeEl(shipment.actual_arrival_at, tz)),
      h("dt", {}, "Profile band"), h("dd", {}, bandLabel(band), band ? ` (${band.names.join(", ")})` : ""),
      h("dt", {}, "Trip figures"),
      h("dd", { "data-testid": "trip-figures" }, (() => {
        const t = summarize(all);
        return `min ${celsius(t.min)} · max ${celsius(t.max)} · MKT ${celsius(meanKineticTemperature(all))} · ${t.count} readings`;
      })()),
    ),
    h("p", { class: "actions no-print" }, pdf, " ", csv, " ", print),
    h("h2", {}, "Temperature"),
    history.series.length ? temperatureChart : notice("No readings for this shipment yet."),
    h("h2", {}, "Humidity"),
    history.series.length ? humidityChart : null,
    h("p", { class: "muted" }, `Buckets of ${formatDuration(history.resolution_s)}; lines are bucket means, shaded bands each bucket's min–max; MKT from bucket means (USP <1160>, ΔH/R 10,000 K). Times in ${tz}; hover for UTC. Report range ${formatLocal(start, tz)} – ${formatLocal(end, tz)}.`),
    loggerTable(history, band, tz),
    legTable(shipment, history, band, tz),
    h("h2", {}, "Excursions"),
    excursionTable(excursions, tz),
    table(
      "Contents",
      ["Lot", "GTIN", "Quantity"],
      shipment.contents.map((c) => [h("a", { href: `#/lots/${c.lot_id}` }, c.lot_number), c.gtin, String(c.quantity)]),
    ),
    h(
      "section",
      { class: "signature print-only", "aria-label": "Signature block" },
      h("h2", {}, "Review"),
      h("p", {}, "Reviewed by (printed name): ______________________  Date: ____________"),
      h("p", {}, "Meaning: temperature history reviewed    Signature: ______________________"),
    ),
  );
  if (history.series.length) {
    historyChart(temperatureChart, history, { quantity: "temperature_c", unit: "°C", timeZone: tz, band, shades });
    historyChart(humidityChart, history, { quantity: "humidity_pct", unit: "% RH", timeZone: tz, shades });
  }
}
