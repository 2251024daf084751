// A recall's notices, one per consignee, with their state and a link to the printable notice
// (21 CFR 7.49), and the effectiveness check (7.42(b)(3), 7.59): consignees notified and
// responded, units accounted for against units shipped, each as a number and a bar.
import { h, notice } from "../dom.js";
import { effectiveness, noticePrintUrl, noticeState } from "../recall-api.js";
import { timeEl } from "../time.js";

const COLUMNS = ["Consignee", "Products", "Shipped", "Returned", "Sent", "Response", "State", "Notice"];

const percent = (value) => `${Number(value.toFixed(1))} %`;
const ratio = (part, whole) => (whole ? (100 * part) / whole : 100);

function products(content) {
  return h(
    "ul",
    { class: "plain" },
    (content.products ?? []).map((p) => h("li", {}, `${p.description}, lot ${p.lot_number}: ${p.quantity} units (${p.shipments.join(", ")})`)),
  );
}

function response(n, tz) {
  if (!n.acknowledged_at) return "—";
  return h("span", {}, timeEl(n.acknowledged_at, tz), h("br"), `by ${n.acknowledged_by}`);
}

function noticeRow(recall, n, tz) {
  const who = n.content.consignee ?? { code: n.consignee, name: n.consignee };
  const state = noticeState(n, recall.drill);
  const cells = [
    h("span", {}, h("strong", {}, who.name), h("br"), h("small", { class: "muted" }, who.code)),
    products(n.content),
    String(n.units_shipped),
    String(n.units_returned),
    n.sent_at ? timeEl(n.sent_at, tz) : "not sent",
    response(n, tz),
    h("span", { class: `status answer-${state.split(" ")[0]}` }, state),
    h("a", { href: noticePrintUrl(recall.code, n.consignee), target: "_blank", rel: "noopener", "aria-label": `Printable notice to ${who.name}` }, "Print notice"),
  ];
  return h(
    "tr",
    { "data-consignee": n.consignee },
    cells.map((cell, i) => h("td", { "data-label": COLUMNS[i] }, cell)),
  );
}

/** The notices table (cards below 1000 px); a note when the trace found no consignee. */
export function noticesTable(recall, tz) {
  if (!recall.notices.length) return notice("No consignee received these lots: there is no notice to send.");
  return h(
    "table",
    { class: "notices stacked" },
    h("caption", {}, recall.drill ? "Notices (drafted, not sent: this is a drill)" : "Notices to consignees"),
    h("thead", {}, h("tr", {}, COLUMNS.map((name) => h("th", { scope: "col" }, name)))),
    h("tbody", {}, recall.notices.map((n) => noticeRow(recall, n, tz))),
  );
}

function bar(label, pct, text) {
  return h(
    "div",
    { class: "figure" },
    h("div", { class: "figure-head" }, h("span", { class: "figure-label" }, label), h("span", { class: "figure-value" }, text)),
    h(
      "div",
      { class: "bar", role: "progressbar", "aria-label": label, "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Number(pct.toFixed(1)), "aria-valuetext": text },
      h("span", { class: "bar-fill", style: `width: ${Math.min(100, Math.max(0, pct))}%` }),
    ),
  );
}

/** The effectiveness check: numbers and a bar each. */
export function effectivenessSection(recall) {
  const e = effectiveness(recall);
  const notified = recall.drill ? `none sent (drill), ${e.consignees} drafted` : `${e.notified} of ${e.consignees}`;
  return h(
    "section",
    { class: "effectiveness", "aria-labelledby": "effectiveness-title", "data-testid": "effectiveness" },
    h("h2", { id: "effectiveness-title" }, "Effectiveness"),
    bar("Consignees notified", ratio(e.notified, e.consignees), notified),
    bar("Consignees responded", ratio(e.responded, e.consignees), `${e.responded} of ${e.consignees} (${percent(ratio(e.responded, e.consignees))})`),
    bar("Units accounted for", e.pct, `${e.unitsReturned} of ${e.unitsShipped} units (${percent(e.pct)})`),
    h("p", { class: "muted" }, "Units accounted for are the units consignees report returned, over the units shipped to them."),
  );
}
