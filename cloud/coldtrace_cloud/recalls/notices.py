"""Recall notices with the contents 21 CFR 7.49(c) asks for, as JSON and as printable HTML.

7.49(c)(1)(i): class I and II notices (and their envelopes) are marked "URGENT"; 7.49(c)(1)(ii):
identify the product, its lot numbers and serial numbers, say concisely why it is recalled and
the hazard involved, say what to do with it, and give a ready means to report back.
"""

from html import escape
from typing import Any, Final

from coldtrace_cloud.recalls.models import Recall

URGENT_CLASSES: Final = frozenset({"I", "II"})


def headline(recall: Recall, product_kind: str) -> str:
    """The notice's title, "URGENT: ... RECALL" for class I and II (7.49(c)(1)(i))."""
    title = f"{product_kind.upper()} RECALL"
    return f"URGENT: {title}" if recall.classification in URGENT_CLASSES else title


def notice_content(
    recall: Recall,
    consignee: dict[str, Any],
    products: list[dict[str, Any]],
    *,
    product_kind: str,
    reply_to: str,
) -> dict[str, Any]:
    """The notice as data: who, what (product, lots, serials, quantities), why, what to do."""
    return {
        "headline": headline(recall, product_kind),
        "urgent": recall.classification in URGENT_CLASSES,
        "recall": recall.code,
        "classification": f"Class {recall.classification}",
        "drill": recall.drill,
        "consignee": consignee,
        "products": products,
        "reason": recall.reason,
        "health_hazard": recall.health_hazard,
        "instructions": recall.instructions,
        "response": (
            f"Report to {reply_to} whether you hold any of these units and how many you return, "
            "even if you hold none."
        ),
    }


def _rows(products: list[dict[str, Any]]) -> str:
    rows = []
    for p in products:
        serials = ", ".join(p["serials"]) or "-"
        rows.append(
            f"<tr><td>{escape(p['description'])}</td><td>{escape(p['gtin'])}</td>"
            f"<td>{escape(p['lot_number'])}</td><td>{escape(p['expiry_date'])}</td>"
            f"<td>{p['quantity']}</td><td>{escape(serials)}</td></tr>"
        )
    return "\n".join(rows)


def notice_html(content: dict[str, Any]) -> str:
    """A printable HTML page of the notice (everything escaped)."""
    consignee = content["consignee"]
    banner = (
        f'<p class="urgent">{escape(content["headline"])}</p>'
        if content["urgent"]
        else f"<p>{escape(content['headline'])}</p>"
    )
    drill = "<p><strong>MOCK RECALL (DRILL): NOT SENT</strong></p>" if content["drill"] else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(content["headline"])} {escape(content["recall"])}</title>
<style>
body {{ font-family: sans-serif; margin: 2cm; }}
.urgent {{ font-size: 2em; font-weight: bold; color: #b00; border: 3px solid #b00; padding: .3em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #444; padding: .3em; text-align: left; }}
@media print {{ body {{ margin: 1cm; }} }}
</style></head><body>
{banner}{drill}
<p>Recall {escape(content["recall"])} &middot; {escape(content["classification"])}</p>
<p>To: {escape(consignee["name"])} ({escape(consignee["code"])})</p>
<h2>Products</h2>
<table><tr><th>Product</th><th>GTIN</th><th>Lot</th><th>Expiry</th><th>Units</th>
<th>Serial numbers</th></tr>
{_rows(content["products"])}
</table>
<h2>Reason for the recall</h2><p>{escape(content["reason"])}</p>
<h2>Health hazard</h2><p>{escape(content["health_hazard"])}</p>
<h2>What to do</h2><p>{escape(content["instructions"])}</p>
<h2>Respond</h2><p>{escape(content["response"])}</p>
</body></html>
"""
