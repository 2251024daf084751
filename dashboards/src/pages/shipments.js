// Shipments list: code, status, carrier and times; a code opens the shipment page.
import { apiAll } from "../api.js";
import { h, mount, notice, table } from "../dom.js";
import { timeEl } from "../time.js";

/** Render the shipments list (newest first). */
export async function renderShipments(main, ctx) {
  const shipments = (await apiAll("/shipments", {}, 1000)).reverse();
  mount(
    main,
    h("h1", {}, "Shipments"),
    shipments.length
      ? table(
          `${shipments.length} shipments`,
          ["Shipment", "Status", "Carrier", "Departed", "Arrived"],
          shipments.map((s) => {
            const tz = ctx.siteTz(s.origin_site_id);
            return [
              h("a", { href: `#/shipments/${encodeURIComponent(s.code)}` }, s.code),
              h("span", { class: `status status-${s.status}` }, s.status.replace("_", " ")),
              s.carrier ?? "—",
              timeEl(s.actual_departure_at, tz),
              timeEl(s.actual_arrival_at, tz),
            ];
          }),
          { class: "shipments" },
        )
      : notice("No shipments."),
  );
}
