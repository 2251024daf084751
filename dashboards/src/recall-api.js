// The recall API as the cloud serves it (cloud/coldtrace_cloud/recalls/api.py): list, create (or
// drill), read one with its notices, a consignee's acknowledgement, close; and the figures of the
// effectiveness check (21 CFR 7.42(b)(3), 7.59) drawn from the notices the API returns.
import { API, api } from "./api.js";

/** 21 CFR 7.3(m): the classes a recall may have, with what each means. */
export const RECALL_CLASSES = [
  { value: "I", label: "Class I: serious harm or death is reasonably probable" },
  { value: "II", label: "Class II: temporary or reversible harm, or serious harm is remote" },
  { value: "III", label: "Class III: harm to health is unlikely" },
];

const path = (code) => `/recalls/${encodeURIComponent(code)}`;
const noticePath = (code, consignee) => `${path(code)}/notices/${encodeURIComponent(consignee)}`;

/** Recalls and drills, newest first: [{code, classification, status, drill, created_at}]. */
export function listRecalls() {
  return api("/recalls");
}

/** One recall with its lots, notices, effectiveness_pct and time to trace. */
export function getRecall(code) {
  return api(path(code));
}

/**
 * Start a recall (or a drill: same trace and notices, nothing sent, no lot changes status).
 * ``body``: {code, classification, lot_ids, reason, health_hazard, instructions, drill, reply_to?}.
 */
export function createRecall(body) {
  return api("/recalls", { method: "POST", body });
}

/** Record a consignee's answer: who acknowledged and how many units it returned. */
export function acknowledgeNotice(code, consignee, acknowledgedBy, unitsReturned) {
  return api(`${noticePath(code, consignee)}/acknowledge`, {
    method: "POST",
    body: { acknowledged_by: acknowledgedBy, units_returned: unitsReturned },
  });
}

/** Close the recall with the reason it may end (the API answers 409 while answers are missing). */
export function closeRecall(code, reason) {
  return api(`${path(code)}/close`, { method: "POST", body: { reason } });
}

/** Where the printable HTML notice of one consignee is (same origin, the session cookie works). */
export function noticePrintUrl(code, consignee) {
  return `${API}${noticePath(code, consignee)}/print`;
}

/**
 * What the effectiveness check counts: consignees notified (notices sent; a drill sends none),
 * consignees that responded, units accounted for against units shipped. ``pct`` is the API's own
 * ``effectiveness_pct`` (units returned over units shipped), so the page and the audit agree.
 */
export function effectiveness(recall) {
  const notices = recall.notices;
  const sum = (pick) => notices.reduce((total, n) => total + pick(n), 0);
  return {
    consignees: notices.length,
    notified: notices.filter((n) => n.sent_at).length,
    responded: notices.filter((n) => n.acknowledged_at).length,
    unitsShipped: sum((n) => n.units_shipped),
    unitsReturned: sum((n) => Math.min(n.units_returned, n.units_shipped)),
    pct: recall.effectiveness_pct,
  };
}

/** A notice's state: "awaiting response" once sent, "acknowledged" once answered. */
export function noticeState(notice, drill) {
  if (notice.acknowledged_at) return "acknowledged";
  if (drill || !notice.sent_at) return "not sent (drill)";
  return "awaiting response";
}

/** An API error as a sentence, naming the fields a 422 refused (problem+json ``errors``). */
export function explain(exc) {
  const fields = (exc.problem?.errors ?? []).map((e) => `${e.loc?.at(-1) ?? "?"}: ${e.msg}`);
  return fields.length ? `${exc.message} (${fields.join("; ")})` : exc.message;
}
