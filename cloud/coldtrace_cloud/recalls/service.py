"""Recall queries: a recall by code with its lots and notices, the list, one consignee's notice."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.errors import NotFoundError
from coldtrace_cloud.recalls.models import Recall, RecallLot, RecallNotice


@dataclass(frozen=True)
class RecallDetail:
    """A recall, its lot ids and its notices with their consignee codes."""

    recall: Recall
    lot_ids: list[int]
    notices: list[tuple[RecallNotice, str]]


async def get_recall(session: AsyncSession, code: str, *, for_update: bool = False) -> Recall:
    """The recall ``code``."""
    query = select(Recall).where(Recall.code == code)
    if for_update:
        query = query.with_for_update()
    recall = await session.scalar(query)
    if recall is None:
        raise NotFoundError("no such recall", recall=code)
    return recall


async def detail(session: AsyncSession, recall: Recall) -> RecallDetail:
    """Lots and notices of a recall."""
    lot_ids = (
        await session.scalars(
            select(RecallLot.lot_id)
            .where(RecallLot.recall_id == recall.id)
            .order_by(RecallLot.lot_id)
        )
    ).all()
    rows = (
        await session.execute(
            select(RecallNotice, Consignee.code)
            .join(Consignee, Consignee.id == RecallNotice.consignee_id)
            .where(RecallNotice.recall_id == recall.id)
            .order_by(Consignee.code)
        )
    ).all()
    return RecallDetail(recall, list(lot_ids), [(n, c) for n, c in rows])


async def list_recalls(session: AsyncSession) -> list[Recall]:
    """Every recall, newest first."""
    return list((await session.scalars(select(Recall).order_by(Recall.id.desc()))).all())


async def get_notice(
    session: AsyncSession, recall: Recall, consignee_code: str, *, for_update: bool = False
) -> RecallNotice:
    """The notice of ``recall`` to ``consignee_code``."""
    query = (
        select(RecallNotice)
        .join(Consignee, Consignee.id == RecallNotice.consignee_id)
        .where(RecallNotice.recall_id == recall.id, Consignee.code == consignee_code)
    )
    if for_update:
        query = query.with_for_update(of=RecallNotice)
    notice = await session.scalar(query)
    if notice is None:
        raise NotFoundError(
            "no notice to this consignee", recall=recall.code, consignee=consignee_code
        )
    return notice
