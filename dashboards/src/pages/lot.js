// Lot page: status, forward and backward trace as a tree, movements, exposure ledger (when the
// excursion API offers it) and QA disposition with the signature manifestation (21 CFR 11.50).
import { api, apiAll, hasRoute } from "../api.js";
import { flash, h, mount, notice, table } from "../dom.js";
import { loadCatalog, profileOf } from "../profiles.js";
import { bandLabel } from "../stats.js";
import { timeEl } from "../time.js";

const MEANINGS = ["Approved for release", "Rejected", "Reviewed"];

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

function dispositionForm(lot, ctx, onDone) {
  const name = h("input", { id: "sig-name", required: true, autocomplete: "name" });
  const meaning = h("select", { id: "sig-meaning" }, MEANINGS.map((m) => h("option", {}, m)));
  const reason = h("textarea", { id: "sig-reason", required: true, rows: 3 });
  const error = h("div", { "aria-live": "assertive" });
  const decide = (status) => async (event) => {
    event.preventDefault();
    mount(error);
    if (name.value.trim() !== ctx.me.user.display_name) {
      mount(error, notice(`Type your printed name exactly: ${ctx.me.user.display_name}`, "error"));
      return;
    }
    if (!reason.value.trim()) {
      mount(error, notice("A reason is required.", "error"));
      return;
    }
    const signature = `Signed by ${name.value.trim()} (${ctx.me.user.username}) at ${new Date().toISOString()}; meaning: ${meaning.value}`;
    try {
      await api(`/lots/${lot.id}/transitions`, { method: "POST", body: { status, reason: `${reason.value.trim()} — ${signature}` } });
      flash(`Lot ${lot.lot_number} ${status}.`);
      onDone();
    } catch (exc) {
      mount(error, notice(exc.message, "error"));
    }
  };
  return h(
    "form",
    { class: "disposition", "aria-labelledby": "disp-title" },
    h("h2", { id: "disp-title" }, "Disposition"),
    h("label", { for: "sig-name" }, "Printed name"),
    name,
    h("label", { for: "sig-meaning" }, "Meaning of signature"),
    meaning,
    h("label", { for: "sig-reason" }, "Reason"),
    reason,
    h(
      "p",
      { class: "actions" },
      h("button", { type: "submit", class: "release", onclick: decide("released") }, "Release lot"),
      " ",
      h("button", { type: "submit", class: "reject danger", onclick: decide("rejected") }, "Reject lot"),
    ),
    error,
  );
}

async function exposureSection(lotId) {
  const path = "/api/v1/lots/{lot_id}/exposure";
  if (!(await hasRoute(path))) return notice("The exposure ledger is not available in this deployment yet.");
  const ledger = await api(`/lots/${lotId}/exposure`);
  const rows = Array.isArray(ledger) ? ledger : ledger.items ?? [];
  return table("Exposure ledger", ["Where", "From", "To", "Out of range"], rows.map((r) => [r.location ?? r.shipment ?? "—", r.start ?? "—", r.end ?? "—", String(r.out_of_range_s ?? "—")]));
}

/** Render the lot page for ``lotId``. */
export async function renderLot(main, ctx, lotId) {
  const [lot, forward, backward, movements, catalog] = await Promise.all([
    api(`/lots/${lotId}`),
    api(`/trace/lots/${lotId}/forward`),
    api(`/trace/lots/${lotId}/backward`),
    apiAll("/movements", { lot_id: lotId, limit: 200 }, 200),
    loadCatalog(),
  ]);
  const profile = profileOf(catalog, lot.gtin);
  const tz = ctx.sites[0]?.timezone ?? "UTC";
  const canDispose = ctx.can("lots:status") && lot.status === "quarantined";
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
    canDispose ? dispositionForm(lot, ctx, () => renderLot(main, ctx, lotId)) : null,
    h("h2", {}, "Trace"),
    traceTree(forward, backward, ctx),
    h("h2", {}, "Exposure"),
    await exposureSection(lotId),
    table(
      "Movements (first 200)",
      ["When", "Source", "Direction", "Item", "Container"],
      movements.map((m) => [timeEl(m.occurred_at, tz), m.source, m.direction ?? "—", m.item_id ?? "—", m.container_id ?? "—"]),
    ),
  );
}
