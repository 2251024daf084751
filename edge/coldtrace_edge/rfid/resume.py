"""Tracks and passes rebuilt from the journal wait for their portal to be listened to again.

While the gateway was down nobody listened: that a tag was not read then says nothing about it
having left. So the restored state of each portal is held, its clock stopped, until the portal is
heard again: a reader serving it is inventorying again, or one of its reads arrives, or at the
latest ``patience_s`` after the start (a reader that never comes back must not hold passes back
forever). Then the portal's tracks and passes move forward by the blind time into the smoother
and the aggregator: a pass under way continues with the reads that follow, or closes
``departure_timeout_s`` after its last read, as if the gateway had never been away.

The blind time is measured from the last moment the journal shows the gateway alive (its newest
read or closed pass, any portal), so the tracks keep their times relative to one another and a
pallet's group stays together.
"""

from dataclasses import dataclass, field

from coldtrace_edge.rfid.journal import SavedTrack
from coldtrace_edge.rfid.passes import Draft, draft_of
from coldtrace_edge.rfid.track import Track


@dataclass
class HeldPortal:
    """One portal's restored open tracks and closed passes."""

    tracks: list[Track] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)


class HeldPortals:
    """The restored state of every portal that has not been heard since the start."""

    def __init__(self, saved: list[SavedTrack], now_s: float, patience_s: float) -> None:
        self.portals: dict[str, HeldPortal] = {}
        self.deadline_s = now_s + patience_s
        for item in saved:
            held = self.portals.setdefault(item.track.portal, HeldPortal())
            if item.closed_s is None:
                held.tracks.append(item.track)
            else:
                held.drafts.append(draft_of(item.track, item.closed_s))
        moments = [item.track.last_read_s for item in saved]
        moments += [item.closed_s for item in saved if item.closed_s is not None]
        self.alive_s = max(moments, default=now_s)

    def __bool__(self) -> bool:
        return bool(self.portals)

    def counts(self) -> tuple[int, int]:
        """(open tracks, closed passes) still held."""
        held = self.portals.values()
        return sum(len(h.tracks) for h in held), sum(len(h.drafts) for h in held)

    def due(self, now_s: float) -> list[str]:
        """Portals whose patience ran out by ``now_s`` (all or none: one deadline)."""
        return list(self.portals) if now_s >= self.deadline_s else []

    def release(self, portal: str, now_s: float) -> HeldPortal:
        """The portal's held state moved forward by the blind time, to carry on at ``now_s``."""
        held = self.portals.pop(portal, None)
        if held is None:
            return HeldPortal()
        delta_s = now_s - self.alive_s
        for track in held.tracks:
            track.shift(delta_s)
        for draft in held.drafts:
            draft.track.shift(delta_s)
            draft.closed_s += delta_s
        return held
