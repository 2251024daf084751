"""EPCIS identifiers of our records: EPCs, class ids, places, parties, transactions, devices.

EPCIS 2.0 accepts GS1 Digital Link URIs wherever EPC URNs are allowed (EPCIS 2.0 §6.4); we emit
the tag's own EPC URN when the item has one (RFID), otherwise the Digital Link built from the
GS1 keys we hold, because an EPC URN needs the company prefix length, which we do not store.

Places (readPoint, bizLocation, location sources and destinations), in order of preference:
1. the location's own SGLN (``urn:epc:id:sgln:...``, set by the site admin);
2. the site's GLN as a Digital Link, with the location code as GLN extension (AI 254);
3. fallback when neither exists: ``urn:coldtrace:location:{site}:{location}`` (a URN of our own,
   stable, so partners can still match events by place).
Parties use the GLN (AI 417) when known, else ``urn:coldtrace:party:{code}``; a shipment is the
CBV business transaction ``urn:epcglobal:cbv:bt:{GLN}:{code}`` when the origin has a GLN, else
``urn:coldtrace:shipment:{code}``; sensors are ``urn:coldtrace:sensor:{code}``.
"""

from typing import Final
from urllib.parse import quote

from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.locations.models import Location, Site

DL: Final = "https://id.gs1.org"
OWN: Final = "urn:coldtrace:"


def _part(value: str) -> str:
    """A value as one URI path segment or URN component (RFC 3986 §2.1 percent-encoding)."""
    return quote(value.strip(), safe="")


def item_epc(gtin: str, serial: str, epc_uri: str | None) -> str:
    """The EPC of a serialized item: its tag's URN, else the SGTIN Digital Link."""
    return epc_uri or f"{DL}/01/{gtin}/21/{_part(serial)}"


def container_epc(sscc: str) -> str:
    """The EPC of a logistic unit: the SSCC Digital Link (AI 00)."""
    return f"{DL}/00/{sscc}"


def lot_class(gtin: str, lot_number: str) -> str:
    """The EPC class of a lot (LGTIN): GTIN + batch/lot (AI 01 + AI 10)."""
    return f"{DL}/01/{gtin}/10/{_part(lot_number)}"


def site_place(site: Site) -> str:
    """A site as a place: its GLN, or our own URN."""
    if site.gln:
        return f"{DL}/414/{site.gln}"
    return f"{OWN}site:{_part(site.code)}"


def place(site: Site, location: Location | None) -> str:
    """A location as a place (see the module docstring for the order of preference)."""
    if location is None:
        return site_place(site)
    if location.sgln:
        return location.sgln
    if site.gln:
        return f"{DL}/414/{site.gln}/254/{_part(location.code)}"
    return f"{OWN}location:{_part(site.code)}:{_part(location.code)}"


def site_party(site: Site) -> str:
    """The party owning a site (we are the owner): the site's GLN as a party, or our URN."""
    if site.gln:
        return f"{DL}/417/{site.gln}"
    return f"{OWN}party:{_part(site.code)}"


def consignee_party(consignee: Consignee) -> str:
    """A consignee as a party (AI 417 when its GLN is known)."""
    if consignee.gln:
        return f"{DL}/417/{consignee.gln}"
    return f"{OWN}party:{_part(consignee.code)}"


def consignee_place(consignee: Consignee) -> str:
    """A consignee's premises as a place (AI 414 when its GLN is known)."""
    if consignee.gln:
        return f"{DL}/414/{consignee.gln}"
    return f"{OWN}location:{_part(consignee.code)}"


def shipment_transaction(code: str, origin: Site) -> str:
    """A shipment as a business transaction id (CBV 2.0 §8.5 ``urn:epcglobal:cbv:bt:``)."""
    if origin.gln:
        return f"urn:epcglobal:cbv:bt:{origin.gln}:{_part(code)}"
    return f"{OWN}shipment:{_part(code)}"


def sensor_device(code: str) -> str:
    """A sensor's device id."""
    return f"{OWN}sensor:{_part(code)}"
