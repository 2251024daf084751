"""Sites, locations and consignees loaded once per export, with their EPCIS identifiers."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.epcis import identifiers as ids
from coldtrace_cloud.locations.models import Location, Site


@dataclass(frozen=True)
class Places:
    """Lookup of the places and parties an export refers to (small tables, read whole)."""

    sites: dict[int, Site]
    locations: dict[int, Location]
    consignees: dict[int, Consignee]

    @classmethod
    async def load(cls, session: AsyncSession) -> "Places":
        """Read every site, location and consignee."""
        sites = {s.id: s for s in (await session.scalars(select(Site))).all()}
        locations = {loc.id: loc for loc in (await session.scalars(select(Location))).all()}
        consignees = {c.id: c for c in (await session.scalars(select(Consignee))).all()}
        return cls(sites, locations, consignees)

    def location_id(self, location_id: int | None) -> str | None:
        """The EPCIS place of a location (None for none)."""
        if location_id is None or location_id not in self.locations:
            return None
        location = self.locations[location_id]
        return ids.place(self.sites[location.site_id], location)

    def kind(self, location_id: int | None) -> str | None:
        """The kind of a location (cold_room, dock_door, ...)."""
        if location_id is None or location_id not in self.locations:
            return None
        return self.locations[location_id].kind

    def site_id(self, site_id: int) -> str:
        """The EPCIS place of a whole site."""
        return ids.site_place(self.sites[site_id])
