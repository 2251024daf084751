// Lot page: status, forward and backward trace as a tree, the exposure ledger by excursion, QA
// disposition with an electronic signature (21 CFR 11.50, 11.200) and the signed decisions, and
// movements.
import { api, apiAll } from "../api.js";
import { h, mount, table } from "../dom.js";
import { loadCatalog, profileOf } from "../profiles.js";
import { bandLabel } from "../stats.js";
import { timeEl } from "../time.js";
import { dispositionForm, dispositionHistory } from "./lot-disposition.js";
import { exposureSection, loadExposure } from "./lot-exposure.js";

function traceTree(forward, backward, ctx) {
  const lot = forward.lot;
  return h(
    "ul",
    { class: "tree", role: "tree", "aria-label": `Trace of lot ${lot.lot_number}` },
    h(
      "li",
      { role: "treeitem", "aria-expanded": "true" },
      h("strong", {}, "Received from"),
      h(
        "ul",
        { role: "group" },
        backward.sources.length
          ? backward.sources.map((s) =>
              h("li", { role: "treeitem" }, `${s.source_consignee_code ?? s.shipment_code ?? "own production"} → site ${ctx.sites.find((x) => x.id === s.site_id)?.code ?? s.site_id}: ${s.quantity} units, first `, timeEl(s.first_received_at, ctx.siteTz(s.site_id))),
            )
          : h("li", { role: "treeitem" }, "no receipts recorded"),
      ),
    ),
    h(
      "li",
      { role: "treeitem", "aria-expanded": "true" },
      h("strong", {}, `Shipped (${forward.shipped_quantity} units)`),
      h(
        "ul",
        { role: "group" },
        forward.shipments.length
          ? forward.shipments.map((s) =>
              h("li", { role: "treeitem" }, h("a", { href: `#/shipments/${encodeURIComponent(s.code)}` }, s.code), ` → ${s.consignee_name ?? s.consignee_code ?? "site"} · ${s.quantity} units · ${s.status}`),
            )
          : h("li", { role: "treeitem" }, "not shipped"),
      ),
    ),
    h(
      "li",
      { role: "treeitem", "aria-expanded": "true" },
      h("strong", {}, "Held on site"),
      h("ul", { role: "group" }, forward.held.map((s) => h("li", { role: "treeitem" }, `${ctx.sites.find((x) => x.id === s.site_id)?.code ?? s.site_id}: ${s.quantity} ${s.status}`))),
    ),
  );
}

/** Render the lot page for ``lotId``. */
export async function renderLot(main, ctx, lotId) {
  // Exposure and signed decisions are read with excursions:read (every role but a gateway).
  const qaRecords = ctx.can("excursions:read");
  const [lot, forward, backward, movements, catalog, exposure, dispositions] = await Promise.all([
    api(`/lots/${lotId}`),
    api(`/trace/lots/${lotId}/forward`),
    api(`/trace/lots/${lotId}/backward`),
    apiAll("/movements", { lot_id: lotId, limit: 200 }, 200),
    loadCatalog(),
    qaRecords ? loadExposure(lotId) : null,
    qaRecords ? api(`/dispositions/lots/${lotId}`) : [],
  ]);
  const profile = profileOf(catalog, lot.gtin);
  const tz = ctx.sites[0]?.timezone ?? "UTC";
  const canDispose = ctx.can("qa:dispose") && lot.status === "quarantined";
  mount(
    main,
    h("h1", {}, `Lot ${lot.lot_number} `, h("span", { class: `status status-${lot.status}`, "data-testid": "lot-status" }, lot.status)),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "GTIN"), h("dd", {}, lot.gtin),
      h("dt", {}, "Category"), h("dd", {}, lot.category),
      h("dt", {}, "Expiry"), h("dd", {}, lot.expiry_date),
      h("dt", {}, "Storage profile"), h("dd", {}, profile ? `${profile.name} (${bandLabel({ min: profile.temperature_min_c, max: profile.temperature_max_c })})` : "—"),
      h("dt", {}, "Status reason"), h("dd", {}, lot.status_reason ?? "—"),
      h("dt", {}, "Status since"), h("dd", {}, timeEl(lot.status_changed_at, tz)),
    ),
    canDispose ? dispositionForm(lot, { spent: exposure?.ledger.spent ?? false }, ctx, () => renderLot(main, ctx, lotId)) : null,
    dispositionHistory(dispositions, tz),
    h("h2", {}, "Trace"),
    traceTree(forward, backward, ctx),
    exposure ? [h("h2", {}, "Exposure"), await exposureSection(exposure, ctx)] : null,
    table(
      "Movements (first 200)",
      ["When", "Source", "Direction", "Item", "Container"],
      movements.map((m) => [timeEl(m.occurred_at, tz), m.source, m.direction ?? "—", m.item_id ?? "—", m.container_id ?? "—"]),
    ),
  );
}
