"""Movements: idempotent by event id, residency intervals right for late and same-instant events."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from coldtrace_cloud.containers.models import ContainerKind
from coldtrace_cloud.containers.service import create_container, move_container, pack
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.items.service import new_item
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.service import create_lot
from coldtrace_cloud.movements.models import Movement, MovementSource, ResidencyInterval
from coldtrace_cloud.movements.recording import MovementSpec, move_item, move_items
from coldtrace_cloud.products import service as catalog
from coldtrace_cloud.products.models import StorageProfile
from coldtrace_protocol.identifiers import with_check_digit
from tests.cloud.inventory_support.world import ACTOR

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
async def session(database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(database_url)
    async with make_sessionmaker(engine)() as db:
        yield db
        await db.rollback()
    await engine.dispose()


async def _places(db: AsyncSession) -> tuple[dict[str, int], list[Item]]:
    """Four locations of a fresh site and three fresh items (names unique per test)."""
    tag = uuid.uuid4().hex[:8]
    site = await places.create_site(
        db, ACTOR, code=f"s-{tag}", name="s", timezone="UTC", region=None, gln=None
    )
    locations = {}
    for code in ("a", "b", "c", "d"):
        row = await places.create_location(
            db, ACTOR, site, code=code, name=code, kind=LocationKind.COLD_ROOM, sgln=None
        )
        locations[code] = row.id
    if await db.scalar(select(StorageProfile.id).where(StorageProfile.code == "p")) is None:
        await catalog.create_profile(db, ACTOR, code="p", name="p")
    gtin = f"0{uuid.uuid4().int % 10**12:012d}"
    product = await catalog.create_product(
        db, ACTOR, gtin=with_check_digit(gtin), description="x", category="c", profile_code="p"
    )
    lot = await create_lot(
        db,
        ACTOR,
        product,
        lot_number="L1",
        expiry_date=date(2030, 1, 1),
        production_date=None,
        status=LotStatus.RELEASED,
    )
    items = [new_item(lot, product.gtin, str(n), None) for n in (1, 2, 3)]
    db.add_all(items)
    await db.flush()
    return locations, items


def spec(location: int | None, minutes: int, **extra: object) -> MovementSpec:
    return MovementSpec(
        occurred_at=at(minutes),
        source=MovementSource.RFID,
        to_location_id=location,
        **extra,  # type: ignore[arg-type]
    )


async def timeline(db: AsyncSession, item_id: int) -> list[tuple[int | None, int, int | None]]:
    rows = (
        await db.execute(
            select(
                ResidencyInterval.location_id,
                ResidencyInterval.valid_from,
                ResidencyInterval.valid_to,
            )
            .where(ResidencyInterval.item_id == item_id)
            .order_by(ResidencyInterval.valid_from)
        )
    ).all()
    return [(loc, _minutes(start), _minutes(end)) for loc, start, end in rows]  # type: ignore[misc]


def _minutes(moment: datetime | None) -> int | None:
    return None if moment is None else int((moment - T0).total_seconds() // 60)


async def test_same_event_twice_is_recorded_once(session: AsyncSession) -> None:
    loc, items = await _places(session)
    event = uuid.uuid4()
    first = await move_item(session, items[0].id, event, spec(loc["a"], 0))
    second = await move_item(session, items[0].id, event, spec(loc["a"], 0))
    assert not first.duplicate
    assert first.became_current
    assert second.duplicate
    count = await session.scalar(select(func.count()).where(Movement.item_id == items[0].id))
    assert count == 1
    assert await timeline(session, items[0].id) == [(loc["a"], 0, None)]


async def test_in_order_moves_chain_intervals(session: AsyncSession) -> None:
    loc, items = await _places(session)
    item = items[0]
    for location, minute in (("a", 0), ("b", 10), ("c", 25)):
        await move_item(session, item.id, uuid.uuid4(), spec(loc[location], minute))
    assert await timeline(session, item.id) == [
        (loc["a"], 0, 10),
        (loc["b"], 10, 25),
        (loc["c"], 25, None),
    ]
    await session.refresh(item)
    assert item.current_location_id == loc["c"]
    assert item.current_since == at(25)
    movement = await session.scalar(
        select(Movement).where(Movement.item_id == item.id, Movement.occurred_at == at(10))
    )
    assert movement is not None
    assert movement.from_location_id == loc["a"]


async def test_late_event_splits_the_interval_and_keeps_the_current_place(
    session: AsyncSession,
) -> None:
    loc, items = await _places(session)
    item = items[0]
    await move_item(session, item.id, uuid.uuid4(), spec(loc["a"], 0))
    await move_item(session, item.id, uuid.uuid4(), spec(loc["b"], 30))
    late = await move_item(session, item.id, uuid.uuid4(), spec(loc["c"], 12))
    assert not late.became_current
    early = await move_item(session, item.id, uuid.uuid4(), spec(loc["d"], -20))
    assert not early.became_current
    assert await timeline(session, item.id) == [
        (loc["d"], -20, 0),
        (loc["a"], 0, 12),
        (loc["c"], 12, 30),
        (loc["b"], 30, None),
    ]
    await session.refresh(item)
    assert item.current_location_id == loc["b"]


async def test_same_instant_later_record_wins_and_leaving_custody_closes(
    session: AsyncSession,
) -> None:
    loc, items = await _places(session)
    item = items[0]
    await move_item(session, item.id, uuid.uuid4(), spec(loc["a"], 0))
    await move_item(session, item.id, uuid.uuid4(), spec(loc["b"], 5))
    await move_item(session, item.id, uuid.uuid4(), spec(loc["c"], 5))
    assert await timeline(session, item.id) == [(loc["a"], 0, 5), (loc["c"], 5, None)]
    gone = MovementSpec(
        occurred_at=at(60), source=MovementSource.SHIPMENT, new_status=ItemStatus.DELIVERED
    )
    await move_item(session, item.id, uuid.uuid4(), gone)
    assert await timeline(session, item.id) == [(loc["a"], 0, 5), (loc["c"], 5, 60)]
    await session.refresh(item)
    assert item.status == ItemStatus.DELIVERED
    assert item.current_location_id is None
    assert item.current_site_id is None


async def test_bulk_moves_are_idempotent_and_fall_back_for_late_items(
    session: AsyncSession,
) -> None:
    loc, items = await _places(session)
    ids = [i.id for i in items]
    parent = uuid.uuid4()
    assert await move_items(session, ids, parent, spec(loc["a"], 0)) == 3
    assert await move_items(session, ids, parent, spec(loc["a"], 0)) == 0
    await move_item(session, ids[2], uuid.uuid4(), spec(loc["c"], 50))
    # Item 3 has a newer move: the bulk move is slotted into its timeline instead.
    assert await move_items(session, ids, uuid.uuid4(), spec(loc["b"], 20)) == 3
    assert await timeline(session, ids[0]) == [(loc["a"], 0, 20), (loc["b"], 20, None)]
    assert await timeline(session, ids[2]) == [
        (loc["a"], 0, 20),
        (loc["b"], 20, 50),
        (loc["c"], 50, None),
    ]


async def test_a_container_carries_its_contents(session: AsyncSession) -> None:
    loc, items = await _places(session)
    ids = [i.id for i in items]
    await move_items(session, ids, uuid.uuid4(), spec(loc["a"], 0))
    case = await create_container(
        session, ACTOR, sscc="106141411234567897", kind=ContainerKind.CASE, location_id=loc["a"]
    )
    pallet = await create_container(
        session, ACTOR, sscc="006141411234567890", kind=ContainerKind.PALLET, location_id=loc["a"]
    )
    await pack(session, ACTOR, case, item_ids=ids[:2], children=[], at=at(1))
    await pack(session, ACTOR, pallet, item_ids=[ids[2]], children=[case], at=at(2))
    event = uuid.uuid4()
    moved = await move_container(session, pallet, event, spec(loc["d"], 10))
    assert moved == 3
    assert await move_container(session, pallet, event, spec(loc["d"], 10)) is None
    for item_id in ids:
        assert (await timeline(session, item_id))[-1] == (loc["d"], 10, None)
    children = (
        await session.scalars(
            select(Movement).where(Movement.item_id.in_(ids), Movement.occurred_at == at(10))
        )
    ).all()
    assert {m.parent_movement_id for m in children} != {None}
    await session.refresh(case)
    assert case.current_location_id == loc["d"]
