"""Custody side effects of shipment steps: containers travel along, transfers leave receipts."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.movements.recording import site_of
from coldtrace_cloud.receiving.models import Receipt
from coldtrace_cloud.shipments.models import Shipment, ShipmentLine


async def move_containers(
    session: AsyncSession, shipment: Shipment, location_id: int | None, at: datetime
) -> None:
    """Containers carried by the shipment go where its items go."""
    carried = select(ShipmentLine.container_id).where(
        ShipmentLine.shipment_id == shipment.id, ShipmentLine.container_id.is_not(None)
    )
    await session.execute(
        update(Container)
        .where(Container.id.in_(carried))
        .values(
            current_location_id=location_id,
            current_site_id=await site_of(session, location_id),
            current_since=at,
        )
    )


async def receipts_of_transfer(
    session: AsyncSession, actor: Actor, shipment: Shipment, location_id: int, at: datetime
) -> None:
    """One receipt per line at the destination site: the backward trace of a transfer."""
    lines = (
        await session.scalars(select(ShipmentLine).where(ShipmentLine.shipment_id == shipment.id))
    ).all()
    assert shipment.destination_site_id is not None  # noqa: S101  # checked by the caller
    session.add_all(
        Receipt(
            site_id=shipment.destination_site_id,
            location_id=location_id,
            lot_id=line.lot_id,
            item_id=line.item_id,
            container_id=line.container_id,
            shipment_id=shipment.id,
            quantity=line.quantity,
            scan=f"shipment:{shipment.code}",
            received_at=at,
            received_by=actor.name,
        )
        for line in lines
    )
    await session.flush()
