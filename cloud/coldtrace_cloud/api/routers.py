"""Every domain router mounted under ``/api/v1``: the one list a new domain is added to."""

from fastapi import APIRouter

from coldtrace_cloud.api.health import router as health_router
from coldtrace_cloud.audit.api import router as audit_router
from coldtrace_cloud.auth.api import router as auth_router
from coldtrace_cloud.consignees.api import router as consignees_router
from coldtrace_cloud.containers.api import router as containers_router
from coldtrace_cloud.disposition.api import router as disposition_router
from coldtrace_cloud.epcis.api import router as epcis_router
from coldtrace_cloud.excursions.api import router as excursions_router
from coldtrace_cloud.excursions.api import rules_router as excursion_rules_router
from coldtrace_cloud.inventory.api import router as inventory_router
from coldtrace_cloud.items.api import router as items_router
from coldtrace_cloud.locations.api import router as sites_router
from coldtrace_cloud.lots.api import router as lots_router
from coldtrace_cloud.movements.api import router as movements_router
from coldtrace_cloud.notifications.api import router as notifications_router
from coldtrace_cloud.products.api import router as products_router
from coldtrace_cloud.quarantine.api import router as exposure_router
from coldtrace_cloud.readings.api import router as readings_router
from coldtrace_cloud.recalls.api import router as recalls_router
from coldtrace_cloud.receiving.api import router as receiving_router
from coldtrace_cloud.rfid.alarms_api import router as portal_alarms_router
from coldtrace_cloud.sensors.api import router as sensors_router
from coldtrace_cloud.shipments.api import router as shipments_router
from coldtrace_cloud.shipments.report_api import router as shipment_reports_router
from coldtrace_cloud.trace.api import router as trace_router

ROUTERS: list[APIRouter] = [
    health_router,
    auth_router,
    audit_router,
    sites_router,
    portal_alarms_router,
    sensors_router,
    products_router,
    lots_router,
    consignees_router,
    items_router,
    containers_router,
    movements_router,
    receiving_router,
    inventory_router,
    shipments_router,
    shipment_reports_router,
    trace_router,
    readings_router,
    epcis_router,
    excursions_router,
    excursion_rules_router,
    exposure_router,
    disposition_router,
    recalls_router,
    notifications_router,
]
