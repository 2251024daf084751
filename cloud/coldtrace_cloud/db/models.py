"""Import point of every ORM model, so Alembic and tests see the whole schema.

Each domain keeps its models in its own folder; they are listed here once.
"""

from coldtrace_cloud.audit.models import AuditEvent
from coldtrace_cloud.auth.models import AccessGrant, ApiToken, LoginAttempt, User
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.containers.models import Container, ContainerContent
from coldtrace_cloud.db.base import Base
from coldtrace_cloud.disposition.models import Disposition, ElectronicSignature
from coldtrace_cloud.epcis.models import (
    EpcisCapture,
    EpcisEvent,
    EpcisEventEpc,
    EpcisSensorReport,
    EpcisTraceHop,
)
from coldtrace_cloud.excursions.models import (
    Excursion,
    ExcursionMonitor,
    ExcursionRuleSet,
    SensorEngineState,
)
from coldtrace_cloud.ingest.models import DeadLetter, IngestedMessage
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.locations.models import Antenna, Location, Portal, Site
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.movements.models import Movement, ResidencyInterval
from coldtrace_cloud.notifications.models import NotificationDelivery, NotificationTarget
from coldtrace_cloud.products.models import Product, StorageProfile
from coldtrace_cloud.quarantine.models import Exposure
from coldtrace_cloud.recalls.models import Recall, RecallLot, RecallNotice
from coldtrace_cloud.receiving.models import Receipt
from coldtrace_cloud.rfid.models import HoldAlarmRecord, UnreconciledPass
from coldtrace_cloud.sensors.models import Sensor, SensorBinding
from coldtrace_cloud.shipments.models import Shipment, ShipmentLeg, ShipmentLine
from coldtrace_cloud.timeseries.rollup_models import ReadingRollup

__all__ = [
    "AccessGrant",
    "Antenna",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Consignee",
    "Container",
    "ContainerContent",
    "DeadLetter",
    "Disposition",
    "ElectronicSignature",
    "EpcisCapture",
    "EpcisEvent",
    "EpcisEventEpc",
    "EpcisSensorReport",
    "EpcisTraceHop",
    "Excursion",
    "ExcursionMonitor",
    "ExcursionRuleSet",
    "Exposure",
    "HoldAlarmRecord",
    "IngestedMessage",
    "Item",
    "Location",
    "LoginAttempt",
    "Lot",
    "Movement",
    "NotificationDelivery",
    "NotificationTarget",
    "Portal",
    "Product",
    "ReadingRollup",
    "Recall",
    "RecallLot",
    "RecallNotice",
    "Receipt",
    "ResidencyInterval",
    "Sensor",
    "SensorBinding",
    "SensorEngineState",
    "Shipment",
    "ShipmentLeg",
    "ShipmentLine",
    "Site",
    "StorageProfile",
    "UnreconciledPass",
    "User",
]
