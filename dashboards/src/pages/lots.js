// Lots list with a status filter (quarantined first for QA); a lot number opens the lot page.
import { apiAll } from "../api.js";
import { h, mount, notice, table } from "../dom.js";

const STATUSES = ["", "quarantined", "released", "rejected", "recalled", "expired"];

/** Render the lots list. */
export async function renderLots(main) {
  const select = h("select", { id: "lot-status" }, STATUSES.map((s) => h("option", { value: s }, s || "any status")));
  const body = h("div");
  const draw = async () => {
    const lots = await apiAll("/lots", { status: select.value || null }, 2000);
    mount(
      body,
      lots.length
        ? table(
            `${lots.length} lots`,
            ["Lot", "GTIN", "Category", "Expiry", "Status"],
            lots.map((l) => [h("a", { href: `#/lots/${l.id}` }, l.lot_number), l.gtin, l.category, l.expiry_date, h("span", { class: `status status-${l.status}` }, l.status)]),
            { class: "lots" },
          )
        : notice("No lots."),
    );
  };
  select.addEventListener("change", draw);
  await draw();
  mount(main, h("h1", {}, "Lots"), h("label", { for: "lot-status" }, "Status "), select, body);
}
