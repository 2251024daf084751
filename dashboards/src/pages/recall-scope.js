// The scope of a recall for one lot from the trace API's forward trace: every consignee and
// shipment that received it (who must be notified, 21 CFR 7.49) and what is still on our sites.
// Shared by the console's "trace a lot" search and the recall page.
import { api } from "../api.js";
import { h, table } from "../dom.js";
import { timeEl } from "../time.js";

/** The lots with ``lotNumber`` that the user's grants let them see (one per product). */
export async function lotsNumbered(lotNumber) {
  return (await api("/lots", { query: { lot_number: lotNumber } })).items;
}

/** A section with the forward trace of ``lot`` (a lot as ``/lots`` returns it). */
export async function lotScope(lot, ctx) {
  const forward = await api(`/trace/lots/${lot.id}/forward`);
  const siteCode = (id) => ctx.sites.find((s) => s.id === id)?.code ?? String(id);
  return h(
    "section",
    { class: "scope", "aria-label": `Recall scope of lot ${lot.lot_number}` },
    h(
      "h3",
      {},
      h("a", { href: `#/lots/${lot.id}` }, `Lot ${lot.lot_number}`),
      ` (${lot.gtin}) `,
      h("span", { class: `status status-${lot.status}` }, lot.status),
    ),
    table(
      `Consignees to notify for lot ${lot.lot_number}`,
      ["Consignee", "Quantity"],
      forward.consignees.map((c) => [c.consignee_name ?? c.consignee_code ?? "—", String(c.quantity)]),
      { class: "consignees" },
    ),
    table(
      `Shipments of lot ${lot.lot_number}`,
      ["Shipment", "To", "Departed", "Quantity"],
      forward.shipments.map((s) => [
        h("a", { href: `#/shipments/${encodeURIComponent(s.code)}` }, s.code),
        s.consignee_name ?? (s.destination_site_id ? `site ${siteCode(s.destination_site_id)}` : "—"),
        timeEl(s.actual_departure_at, ctx.siteTz(s.origin_site_id)),
        String(s.quantity),
      ]),
    ),
    table(
      `Lot ${lot.lot_number} still on site`,
      ["Site", "Status", "Quantity"],
      forward.held.map((x) => [siteCode(x.site_id), x.status, String(x.quantity)]),
    ),
  );
}
