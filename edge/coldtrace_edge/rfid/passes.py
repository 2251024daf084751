"""Closed tracks -> ``PortalPass`` messages, with the aggregation hint of pallets and their cases.

A pallet's SSCC that crosses a portal with SGTINs in the same direction over the same time span
carries them (GS1 EPCIS aggregation, inferred): each SGTIN pass names the SSCC, and the SSCC pass
counts them. Closed passes wait ``aggregation_delay_s`` (and while an overlapping candidate is
still passing) so that a group leaves together, the container first.
"""

import uuid
from dataclasses import dataclass

from coldtrace_edge.rfid.config import PortalFile, SmoothingConfig
from coldtrace_edge.rfid.track import Track
from coldtrace_protocol.rfid import EpcIdentity, PassDirection, PortalPass


@dataclass
class Draft:
    """A closed pass waiting for its aggregation group."""

    track: Track
    identity: EpcIdentity
    direction: PassDirection
    confidence: float
    closed_s: float
    parent: "Draft | None" = None
    children: int = 0

    @property
    def event_id(self) -> uuid.UUID:
        """The pass's event id: its track's (stable across a restart, see ``track``)."""
        return self.track.id

    @property
    def is_container(self) -> bool:
        """An SSCC: a logistic unit that can carry items and cases."""
        return self.identity.sscc is not None

    @property
    def is_trade_item(self) -> bool:
        """An SGTIN: an item or a case."""
        return self.identity.gtin is not None

    @property
    def span(self) -> tuple[float, float]:
        """Gateway monotonic seconds of the first and last read."""
        return self.track.first_s, self.track.last_read_s


def overlap_ratio(child: tuple[float, float], parent: tuple[float, float]) -> float:
    """Share of the child's read span that the parent's span covers."""
    length = max(child[1] - child[0], 1e-6)
    return max(0.0, min(child[1], parent[1]) - max(child[0], parent[0])) / length


def draft_of(track: Track, closed_s: float) -> Draft:
    """Decode the EPC and judge the direction of a closed track."""
    direction, confidence = track.direction()
    return Draft(track, EpcIdentity.of_hex(track.epc), direction, confidence, closed_s)


def locations(
    portals: PortalFile, portal_id: str, direction: PassDirection
) -> tuple[str | None, str | None]:
    """(from, to) location codes of a pass; unknown direction (or a portal the portal file no
    longer has, for a pass rebuilt from the journal): neither."""
    portal = next((p for p in portals.portals if p.id == portal_id), None)
    if portal is None:
        return None, None
    if direction is PassDirection.INBOUND:
        return portal.outside_location, portal.inside_location
    if direction is PassDirection.OUTBOUND:
        return portal.inside_location, portal.outside_location
    return None, None


def to_portal_pass(draft: Draft, portals: PortalFile) -> PortalPass:
    """The wire form of a draft."""
    track = draft.track
    origin, target = locations(portals, track.portal, draft.direction)
    parent = draft.parent
    return PortalPass(
        event_id=draft.event_id,
        portal_id=track.portal,
        reader_id=track.reader_id,
        epc=track.epc,
        identity=draft.identity,
        first_seen_at=track.first.seen_at,
        last_seen_at=track.last.seen_at,
        first_seen_reader_at=track.first.reader_at,
        last_seen_reader_at=track.last.reader_at,
        first_received_at=min(track.first.received_at, track.last.received_at),
        last_received_at=track.last.received_at,
        reader_clock_suspect=track.clock_suspect,
        zone_sequence=list(track.sequence),
        zones=[stats.summary(zone) for zone, stats in sorted(track.zones.items())],
        read_count=sum(s.read_count for s in track.zones.values()),
        direction=draft.direction,
        direction_confidence=draft.confidence,
        from_location=origin,
        to_location=target,
        aggregation_parent_epc=parent.track.epc if parent else None,
        aggregation_parent_sscc=parent.identity.sscc if parent else None,
        aggregated_children=draft.children,
    )


class Aggregator:
    """Holds closed passes until their group is complete, then releases them container first."""

    def __init__(self, config: SmoothingConfig) -> None:
        self.config = config
        self.pending: list[Draft] = []

    def add(self, draft: Draft) -> None:
        """A pass just closed."""
        self.pending.append(draft)

    def put_back(self, drafts: list[Draft]) -> None:
        """Released drafts that could not be stored: they wait again, their grouping undone."""
        for draft in drafts:
            draft.parent, draft.children = None, 0
            self.pending.append(draft)

    def release(self, now_s: float, open_tracks: dict[str, list[Track]]) -> list[Draft]:
        """Drafts whose group is complete (or that waited long enough), containers first.

        A draft waits ``aggregation_delay_s``, and while a partner may still be passing, but
        not past ``aggregation_delay_s + departure_timeout_s``: goods that travel together
        stop being read together, so a partner still read that much later is not one (a tag
        parked by the door is read on and off for as long as it stands there). An item also
        waits for a closed container it fits, which takes it along when it leaves.
        """
        config = self.config
        partner_wait_s = config.aggregation_delay_s + config.departure_timeout_s
        containers = [d for d in self.pending if d.is_container]
        ready: list[Draft] = []
        for draft in self.pending:
            waited = now_s - draft.closed_s
            if draft.is_trade_item and any(self._fits(draft, c) for c in containers):
                continue
            if waited >= config.dwell_s or (
                waited >= config.aggregation_delay_s
                and (
                    waited >= partner_wait_s
                    or not self._partner_still_passing(
                        draft, open_tracks.get(draft.track.portal, [])
                    )
                )
            ):
                ready.append(draft)
        if not ready:
            return []
        # A ready container takes its overlapping items along, ready or not yet.
        for parent in [d for d in ready if d.is_container]:
            for child in self.pending:
                if child.is_trade_item and child not in ready and self._fits(child, parent):
                    ready.append(child)
        chosen = {id(d) for d in ready}
        self.pending = [d for d in self.pending if id(d) not in chosen]
        parents = [d for d in ready if d.is_container]
        for child in (d for d in ready if d.is_trade_item):
            best = max(parents, key=lambda p: overlap_ratio(child.span, p.span), default=None)
            if best is not None and self._fits(child, best):
                child.parent = best
                best.children += 1
        return sorted(ready, key=lambda d: (not d.is_container, d.track.last.seen_at))

    def _fits(self, child: Draft, parent: Draft) -> bool:
        return (
            child.track.portal == parent.track.portal
            and child.direction == parent.direction
            and child.direction is not PassDirection.UNKNOWN
            and overlap_ratio(child.span, parent.span) >= self.config.min_aggregation_overlap
        )

    @staticmethod
    def _partner_still_passing(draft: Draft, open_tracks: list[Track]) -> bool:
        """An open track that may turn out to be this draft's container (or one of its items).

        Told apart by the EPC header (TDS §14.2: 0x30 SGTIN-96, 0x31 SSCC-96), cheaply.
        """
        start, end = draft.span
        want = "31" if draft.is_trade_item else "30" if draft.is_container else None
        if want is None:
            return False
        return any(
            t.epc.startswith(want)
            and t.first_s <= end
            and (draft.is_trade_item or t.first_s >= start - 1)
            for t in open_tracks
        )
