// Recall console: recalls and drills from the recall API (for roles with recalls:read), and the
// scope of a recall (every shipment and consignee that received a lot, 21 CFR 7.49) from the
// trace API.
import { api } from "../api.js";
import { h, mount, notice, table } from "../dom.js";
import { listRecalls } from "../excursion-api.js";
import { timeEl } from "../time.js";

async function scopeOf(lotNumber, ctx, out) {
  const lots = (await api("/lots", { query: { lot_number: lotNumber } })).items;
  if (!lots.length) return mount(out, notice(`No lot ${lotNumber}.`, "error"));
  const sections = await Promise.all(
    lots.map(async (lot) => {
      const forward = await api(`/trace/lots/${lot.id}/forward`);
      return h(
        "section",
        { "aria-label": `Recall scope of lot ${lot.lot_number}` },
        h("h2", {}, h("a", { href: `#/lots/${lot.id}` }, `Lot ${lot.lot_number}`), ` (${lot.gtin}) · ${lot.status}`),
        table(
          "Consignees to notify",
          ["Consignee", "Quantity"],
          forward.consignees.map((c) => [c.consignee_name ?? c.consignee_code ?? "—", String(c.quantity)]),
          { class: "consignees" },
        ),
        table(
          "Shipments",
          ["Shipment", "To", "Departed", "Quantity"],
          forward.shipments.map((s) => [h("a", { href: `#/shipments/${encodeURIComponent(s.code)}` }, s.code), s.consignee_name ?? "—", timeEl(s.actual_departure_at, ctx.siteTz(s.origin_site_id)), String(s.quantity)]),
        ),
        table("Still on site", ["Site", "Status", "Quantity"], forward.held.map((x) => [ctx.sites.find((s) => s.id === x.site_id)?.code ?? String(x.site_id), x.status, String(x.quantity)])),
      );
    }),
  );
  return mount(out, sections);
}

function recallList(recalls, ctx) {
  if (recalls === null) return notice("Your role does not read recalls; the recall scope below comes from the trace API.");
  if (!recalls.length) return notice("No recalls or drills yet.");
  return table(
    "Recalls and drills",
    ["Recall", "Class", "Kind", "Status", "Opened"],
    recalls.map((r) => [r.code, r.classification, r.drill ? "drill" : "recall", h("span", { class: `status status-${r.status}` }, r.status), timeEl(r.created_at, ctx.sites[0]?.timezone)]),
    { class: "recalls" },
  );
}

/** Render the recall console. */
export async function renderRecalls(main, ctx) {
  const recalls = ctx.can("recalls:read") ? await listRecalls() : null;
  const lotInput = h("input", { id: "recall-lot", required: true, placeholder: "e.g. L261101" });
  const out = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "inline", role: "search" },
    h("label", { for: "recall-lot" }, "Lot number "),
    lotInput,
    h("button", { type: "submit" }, "Trace recall scope"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    scopeOf(lotInput.value.trim(), ctx, out).catch((exc) => mount(out, notice(exc.message, "error")));
  });
  mount(
    main,
    h("h1", {}, "Recall console"),
    recallList(recalls, ctx),
    form,
    out,
  );
}
