// Recall console: recalls and drills from the recall API (for roles with recalls:read), each
// linking to its page; the form that starts one (recalls:write only); and the scope of a recall
// for a lot (every shipment and consignee that received it, 21 CFR 7.49) from the trace API.
import { h, mount, notice, table } from "../dom.js";
import { listRecalls } from "../recall-api.js";
import { timeEl } from "../time.js";
import { recallForm } from "./recall-create.js";
import { lotScope, lotsNumbered } from "./recall-scope.js";

async function scopeOf(lotNumber, ctx, out, startRecall) {
  const lots = await lotsNumbered(lotNumber);
  if (!lots.length) return mount(out, notice(`No lot ${lotNumber}.`, "error"));
  const start = startRecall
    ? h("button", { type: "button", onclick: () => startRecall(lotNumber) }, `Start a recall of lot ${lotNumber}`)
    : null;
  return mount(out, await Promise.all(lots.map((lot) => lotScope(lot, ctx))), start);
}

function recallList(recalls, ctx) {
  if (recalls === null) return notice("Your role does not read recalls; the recall scope below comes from the trace API.");
  if (!recalls.length) return notice("No recalls or drills yet.");
  return table(
    "Recalls and drills",
    ["Recall", "Class", "Kind", "Status", "Opened"],
    recalls.map((r) => [
      h("a", { href: `#/recalls/${encodeURIComponent(r.code)}` }, r.code),
      r.classification,
      r.drill ? "drill" : "recall",
      h("span", { class: `status status-${r.status}` }, r.status),
      timeEl(r.created_at, ctx.sites[0]?.timezone),
    ]),
    { class: "recalls" },
  );
}

/** Render the recall console. */
export async function renderRecalls(main, ctx) {
  const recalls = ctx.can("recalls:read") ? await listRecalls() : null;
  const create = ctx.can("recalls:write") ? recallForm() : null;
  const startRecall = create
    ? (lotNumber) => {
        const lots = create.querySelector("#recall-lots");
        lots.value = lotNumber;
        lots.focus();
      }
    : null;
  const lotInput = h("input", { id: "recall-lot", required: true, placeholder: "e.g. L261101" });
  const out = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "inline", role: "search", "aria-label": "Trace the recall scope of a lot" },
    h("label", { for: "recall-lot" }, "Lot number "),
    lotInput,
    h("button", { type: "submit" }, "Trace recall scope"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    scopeOf(lotInput.value.trim(), ctx, out, startRecall).catch((exc) => mount(out, notice(exc.message, "error")));
  });
  mount(
    main,
    h("h1", {}, "Recall console"),
    recallList(recalls, ctx),
    create,
    h("h2", {}, "Recall scope of a lot"),
    form,
    out,
  );
}
