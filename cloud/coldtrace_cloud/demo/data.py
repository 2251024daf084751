"""What the demo world holds: a small network of sites, products, consignees and people."""

from dataclasses import dataclass
from typing import Final

from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_protocol.identifiers import with_check_digit

# GS1 prefix 952 is reserved for demonstrations and examples (GS1 General Specifications §1.4.4).
COMPANY_PREFIX: Final = "9520123"


def demo_gtin(item_reference: str) -> str:
    """A GTIN-14 of the demo company (indicator 0) with its check digit."""
    return with_check_digit(f"0{COMPANY_PREFIX}{item_reference}")


@dataclass(frozen=True)
class ProfileSpec:
    """A storage profile template."""

    code: str
    name: str
    temperature_min_c: float | None
    temperature_max_c: float | None


PROFILES: Final = (
    ProfileSpec("2-8C", "Refrigerated 2-8 °C", 2.0, 8.0),
    ProfileSpec("15-25C", "Ambient 15-25 °C", 15.0, 25.0),
    ProfileSpec("CRT", "Controlled room temperature 20-25 °C (excursions 15-30 °C)", 20.0, 25.0),
    ProfileSpec("FROZEN", "Frozen at or below -20 °C", None, -20.0),
)


@dataclass(frozen=True)
class ProductSpec:
    """A demo product."""

    item_reference: str
    description: str
    category: str
    profile: str


PRODUCTS: Final = (
    ProductSpec("00011", "Influenza vaccine, 10 x 0.5 ml prefilled syringes", "vaccines", "2-8C"),
    ProductSpec("00028", "Insulin glargine pen 100 U/ml, 5 x 3 ml", "insulin", "2-8C"),
    ProductSpec("00035", "Infusion set, sterile, single use", "devices", "15-25C"),
    ProductSpec("00042", "Oral anticoagulant 5 mg, 28 tablets", "cardiology", "CRT"),
    ProductSpec("00059", "mRNA vaccine, multi-dose vial", "vaccines", "FROZEN"),
)

SITES: Final = (
    ("site-demo", "Demo distribution centre", "Europe/Berlin", "eu-central"),
    ("site-hub", "Northern hub", "Europe/Copenhagen", "eu-north"),
)
LOCATIONS: Final = (
    ("cold-room-1", "Cold room 1", LocationKind.COLD_ROOM),
    ("cold-room-2", "Cold room 2", LocationKind.COLD_ROOM),
    ("freezer-1", "Freezer 1", LocationKind.COLD_ROOM),
    ("ambient-1", "Ambient zone 1", LocationKind.AMBIENT_ZONE),
    ("dock-1", "Dock door 1", LocationKind.DOCK_DOOR),
    ("quarantine", "Quarantine cage", LocationKind.QUARANTINE_AREA),
    ("truck-1", "Reefer truck 1", LocationKind.VEHICLE),
)

CONSIGNEES: Final = (
    ("hosp-charite", "University Hospital Berlin", "hospital", "DE"),
    ("hosp-aarhus", "Aarhus University Hospital", "hospital", "DK"),
    ("pharm-central", "Central Pharmacy Munich", "pharmacy", "DE"),
    ("dist-nordic", "Nordic Pharma Distribution", "distributor", "SE"),
    ("mfr-demo", "Demo Pharma Manufacturing", "manufacturer", "DE"),
)

USERS: Final = (
    ("admin", "Ada Admin", Role.ADMIN),
    ("qa", "Quentin Quality", Role.QA),
    ("logistics", "Lena Logistics", Role.LOGISTICS),
    ("operator", "Otto Operator", Role.OPERATOR),
    ("auditor", "Audrey Auditor", Role.AUDITOR),
    ("gw-demo-1", "Gateway gw-demo-1", Role.GATEWAY),
)
ITEMS_PER_LOT: Final = 12

# The simulator's demo scenario (firmware-sim/scenarios/demo.yaml): probe serials and the demo
# site's location each one measures, and the transit logger travelling with a shipment.
PROBES: Final = (
    ("CRA-P01", "cold-room-1"),
    ("CRA-P02", "cold-room-1"),
    ("CRB-P01", "cold-room-2"),
    ("CRB-P02", "cold-room-2"),
    ("FRZ1-P01", "freezer-1"),
    ("TRK07-SUPPLY", "truck-1"),
)
LOGGERS: Final = (("CTL-000777", "SHP-DEMO-002"),)
