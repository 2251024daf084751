// One recall (#/recalls/{code}): status, class, lots and facts, the effectiveness check, the notice
// to each consignee with its state and printable page, the forms to record a response and to close
// (recalls:write, open recalls only), and the trace scope of every lot from the trace API.
import { api } from "../api.js";
import { flash, h, mount } from "../dom.js";
import { getRecall } from "../recall-api.js";
import { timeEl } from "../time.js";
import { closeForm, responseForm } from "./recall-actions.js";
import { effectivenessSection, noticesTable } from "./recall-notices.js";
import { lotScope } from "./recall-scope.js";

/** The drill's point (21 CFR 7.46 mock recalls): how long the trace took, to the millisecond. */
function traceTime(seconds) {
  return seconds < 1 ? `${Math.max(1, Math.round(seconds * 1000))} ms` : `${seconds.toFixed(1)} s`;
}

function facts(recall, lots, tz) {
  const row = (term, value) => [h("dt", {}, term), h("dd", {}, value)];
  return h(
    "dl",
    { class: "facts" },
    row("Kind", recall.drill ? "Mock recall (drill): no notice sent, no lot status changed" : "Recall"),
    row("Classification", `Class ${recall.classification}`),
    row("Lots", lots.map((lot, i) => [i ? ", " : "", h("a", { href: `#/lots/${lot.id}` }, lot.lot_number)])),
    row("Opened", [timeEl(recall.created_at, tz), ` by ${recall.created_by}`]),
    row("Time to trace", traceTime(recall.trace_duration_s)),
    row("Reason", recall.reason),
    row("Health hazard", recall.health_hazard),
    row("Instructions", recall.instructions),
    recall.closed_at ? row("Closed", [timeEl(recall.closed_at, tz), `: ${recall.close_reason}`]) : null,
  );
}

/** Render the recall page for ``code``. */
export async function renderRecall(main, ctx, code) {
  const recall = await getRecall(code);
  const lots = await Promise.all(recall.lot_ids.map((id) => api(`/lots/${id}`)));
  const scopes = await Promise.all(lots.map((lot) => lotScope(lot, ctx)));
  const tz = ctx.sites[0]?.timezone ?? "UTC";
  const writable = ctx.can("recalls:write") && recall.status === "open";
  const here = window.location.hash;
  // After a response or the close, the page is read again, unless the user has moved on.
  const redraw = () => {
    if (window.location.hash === here) renderRecall(main, ctx, code).catch((exc) => flash(exc.message, "error"));
  };
  mount(
    main,
    h("p", { class: "crumbs" }, h("a", { href: "#/recalls" }, "Recall console")),
    h(
      "h1",
      {},
      `${recall.drill ? "Drill" : "Recall"} ${recall.code} `,
      h("span", { class: `status status-${recall.status}`, "data-testid": "recall-status" }, recall.status),
      " ",
      h("span", { class: "status" }, `Class ${recall.classification}`),
    ),
    facts(recall, lots, tz),
    effectivenessSection(recall),
    h("h2", {}, "Notices"),
    noticesTable(recall, tz),
    writable && recall.notices.length ? responseForm(recall, redraw) : null,
    writable ? closeForm(recall, redraw) : null,
    h("h2", {}, "Trace scope"),
    scopes,
  );
}
