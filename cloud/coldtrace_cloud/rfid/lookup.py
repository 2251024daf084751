"""An EPC as people and tags write it (pure identity URI, tag URI, or hex) -> the item or the
container it names, as the ingest of portal passes resolves it (GS1 TDS §6 and §12)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.errors import NotFoundError, ValidationFailedError
from coldtrace_cloud.items.models import Item
from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers import DecodedEpc, decode_epc, parse_epc_uri
from coldtrace_protocol.rfid import EpcIdentity


@dataclass(frozen=True)
class EpcSubject:
    """What an EPC names here: an item or a container."""

    item_id: int | None = None
    container_id: int | None = None


def parse_epc(text: str) -> EpcIdentity:
    """Decode ``urn:epc:id:...``, ``urn:epc:tag:...`` or EPC hex; 422 for anything else."""
    try:
        decoded: DecodedEpc = (
            parse_epc_uri(text) if text.startswith("urn:epc:") else decode_epc(text)
        )
    except IdentifierError as exc:
        raise ValidationFailedError(f"not an EPC: {exc}", epc=text) from exc
    identity = EpcIdentity.of(decoded)
    if not identity.is_gs1:
        raise ValidationFailedError("not a GS1 EPC", epc=text, reason=identity.reason)
    return identity


async def resolve_epc(session: AsyncSession, text: str) -> EpcSubject:
    """The item (SGTIN) or container (SSCC) an EPC names; 404 if there is none."""
    identity = parse_epc(text)
    if identity.sscc is not None:
        container_id = await session.scalar(
            select(Container.id).where(Container.sscc == identity.sscc)
        )
        if container_id is not None:
            return EpcSubject(container_id=container_id)
    elif identity.gtin is not None and identity.serial is not None:
        item_id = await session.scalar(
            select(Item.id).where(Item.gtin == identity.gtin, Item.serial == identity.serial)
        )
        if item_id is not None:
            return EpcSubject(item_id=item_id)
    raise NotFoundError("no item or container has this EPC", epc=text)
