// The excursion API as the cloud serves it (cloud/coldtrace_cloud/excursions/api.py and
// quarantine/api.py): list, acknowledge with a comment, close with root cause and CAPA reference,
// the lots an excursion exposed, and the server-sent event stream.
import { api, apiAll } from "./api.js";

/** Server-sent events: ``ready`` once listening, then ``excursion`` per new or changed one. */
export const EXCURSION_STREAM = "/api/v1/excursions/stream";

/** The statuses QA still has to act on (closed excursions leave the board). */
export const ACTIVE_STATUSES = ["open", "acknowledged"];

/**
 * Excursions matching ``query`` (the API's filters: status, kind, severity, location_id,
 * shipment_id, started_after, started_before), newest first. ``{shipment: code}`` is resolved to
 * the shipment's id first, since the API filters by id.
 */
export async function listExcursions(query = {}) {
  const { shipment, ...filters } = query;
  if (shipment !== undefined) {
    filters.shipment_id = (await api(`/shipments/${encodeURIComponent(shipment)}`)).id;
  }
  return apiAll("/excursions", filters, 2000);
}

/** Excursions QA still has to act on: open and acknowledged, newest first. */
export async function activeExcursions() {
  const lists = await Promise.all(ACTIVE_STATUSES.map((status) => listExcursions({ status })));
  return lists.flat().sort((a, b) => b.id - a.id);
}

/** Acknowledge an open excursion; the comment says what is being done. The updated excursion. */
export function acknowledgeExcursion(id, comment) {
  return api(`/excursions/${id}/acknowledge`, { method: "POST", body: { comment } });
}

/** Close an acknowledged excursion with its root cause and CAPA reference. The updated one. */
export function closeExcursion(id, rootCause, capaRef) {
  return api(`/excursions/${id}/close`, { method: "POST", body: { root_cause: rootCause, capa_ref: capaRef } });
}

/** The lots an excursion exposed: [{lot_id, lot_number, gtin, status, serials, exposed_s, out_of_range_s}]. */
export async function exposedLots(id) {
  return (await api(`/exposure/excursions/${id}`)).lots;
}

/** The time span of an excursion (``end`` null while it goes on). */
export function excursionSpan(excursion) {
  return { start: excursion.started_at, end: excursion.ended_at ?? null };
}
