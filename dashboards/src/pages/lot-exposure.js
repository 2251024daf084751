// The lot page's exposure ledger (GET /exposure/lots/{id}): one row per excursion the lot sat
// through, with where and when it happened, its time out of range, peak or MKT and status (read
// from /excursions/{id}, times in the site's zone), and what the lot took: serials inside and the
// worst serial's exposure. Above it, the stability budget the lot has consumed and what is left.
import { api } from "../api.js";
import { h, notice } from "../dom.js";
import { placeNames } from "../places.js";
import { celsius } from "../stats.js";
import { formatDuration, timeEl } from "../time.js";
import { peakText } from "./excursion-row.js";

const COLUMNS = ["Excursion", "Where", "Started", "Ended", "Out of range", "Peak", "MKT", "Lot exposure", "Status"];

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The lot's ledger with each excursion beside its row (null where the site is not granted). */
export async function loadExposure(lotId) {
  const ledger = await api(`/exposure/lots/${lotId}`);
  const excursions = await Promise.all(
    ledger.excursions.map((row) => api(`/excursions/${row.excursion_id}`).catch((exc) => (exc.status === 404 ? null : Promise.reject(exc)))),
  );
  return { ledger, rows: ledger.excursions.map((row, n) => ({ row, excursion: excursions[n] })) };
}

function budgetText(ledger) {
  const consumed = formatDuration(ledger.consumed_s);
  if (ledger.budget_s === null) return `${consumed} out of range (worst serial); the storage profile sets no stability budget.`;
  const left = ledger.remaining_s > 0 ? `${formatDuration(ledger.remaining_s)} left` : "nothing left";
  return `${consumed} of the ${formatDuration(ledger.budget_s)} stability budget consumed (worst serial), ${left}.`;
}

function cells({ row, excursion }, place, tz) {
  // An MKT excursion's "peak" is the window's mean kinetic temperature, not a reading.
  const mkt = row.kind === "mkt";
  const lot = `${plural(row.serials, "serial")}; worst ${row.worst_serial}: ${formatDuration(row.out_of_range_s)} out of range in ${formatDuration(row.exposed_s)} inside`;
  if (!excursion) {
    return { Where: "site not granted", Started: timeEl(row.exposed_from, tz), Ended: timeEl(row.exposed_to, tz), "Out of range": "—", Peak: "—", MKT: "—", "Lot exposure": lot, Status: "—" };
  }
  const where = place.href ? h("a", { href: place.href }, place.place) : place.place;
  return {
    Where: [h("strong", {}, where), h("div", { class: "muted" }, [place.site, excursion.sensor].filter(Boolean).join(" · "))],
    Started: timeEl(excursion.started_at, tz),
    Ended: excursion.ended_at ? timeEl(excursion.ended_at, tz) : "ongoing",
    "Out of range": formatDuration(excursion.out_of_range_s),
    Peak: mkt ? "—" : peakText(excursion),
    MKT: mkt && excursion.peak !== null ? celsius(excursion.peak) : "—",
    "Lot exposure": lot,
    Status: h("span", { class: `status status-${excursion.status}` }, excursion.status),
  };
}

/** The exposure section of the lot page for ``ledger`` / ``rows`` from ``loadExposure``. */
export async function exposureSection({ ledger, rows }, ctx) {
  const summary = h("p", { class: ledger.spent ? "notice notice-error" : "notice", "data-testid": "exposure-budget" }, budgetText(ledger));
  if (!rows.length) return [summary, notice("No excursion has exposed this lot.")];
  const places = placeNames(ctx.sites);
  const body = await Promise.all(
    rows.map(async (entry) => {
      const { row, excursion } = entry;
      const tz = ctx.siteTz(excursion?.site_id ?? null);
      const place = excursion ? await places.label(excursion) : null;
      const byColumn = cells(entry, place, tz);
      return h(
        "tr",
        { dataset: { excursionId: String(row.excursion_id), kind: row.kind } },
        h("th", { scope: "row", "data-label": "Excursion" }, `#${row.excursion_id} ${row.kind} `, h("span", { class: `severity severity-${row.severity}` }, row.severity)),
        COLUMNS.slice(1).map((name) => h("td", { "data-label": name }, byColumn[name])),
      );
    }),
  );
  return [
    summary,
    h(
      "table",
      { class: "ledger" },
      h("caption", {}, `Exposure ledger: ${plural(rows.length, "excursion")}`),
      h("thead", {}, h("tr", {}, COLUMNS.map((name) => h("th", { scope: "col" }, name)))),
      h("tbody", {}, body),
    ),
  ];
}
