// The excursion / quarantine / recall API as this deployment offers it. Those routes are being
// added alongside this UI; every function here checks the OpenAPI paths first and returns null
// ("not available") instead of failing, so pages degrade to their shell.
import { api, hasRoute } from "./api.js";

export const EXCURSIONS = "/api/v1/excursions";
export const RECALLS = "/api/v1/recalls";

/** Excursions matching ``query`` (e.g. {shipment: code} or {status: "open"}), or null. */
export async function listExcursions(query = {}) {
  if (!(await hasRoute(EXCURSIONS))) return null;
  const page = await api("/excursions", { query });
  return Array.isArray(page) ? page : page.items;
}

/** Recalls, or null when the deployment has no recall API. */
export async function listRecalls(query = {}) {
  if (!(await hasRoute(RECALLS))) return null;
  const page = await api("/recalls", { query });
  return Array.isArray(page) ? page : page.items;
}

/** The time span of an excursion, whatever the field names the API settles on. */
export function excursionSpan(excursion) {
  return {
    start: excursion.started_at ?? excursion.start ?? excursion.opened_at,
    end: excursion.ended_at ?? excursion.end ?? excursion.closed_at ?? null,
  };
}
