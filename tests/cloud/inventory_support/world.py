"""Build the inventory world in a module's database, through the real services.

Region ``eu-north`` holds site ``north`` (cold room, ambient zone, dock, quarantine cage, truck);
region ``eu-south`` holds site ``south``. Every role has a user granted region ``eu-north`` and
every category, plus two narrow users: an operator of site ``south`` only, and a logistics user
who sees only the ``vaccines`` category.
"""

import asyncio
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.auth import service as users
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.consignees.models import ConsigneeKind
from coldtrace_cloud.consignees.service import create_consignee
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.products import service as catalog
from coldtrace_protocol.identifiers import with_check_digit

ACTOR = Actor.system("tests")
PASSWORD = "correct horse battery staple"
# GS1 prefix 952: reserved for examples (GS1 General Specifications §1.4.4).
VACCINE_GTIN = with_check_digit("0952012300011")
DEVICE_GTIN = with_check_digit("0952012300028")
COMPANY_PREFIX = "9520123"


@dataclass
class SiteRef:
    """A site's id, code and its locations (code -> id)."""

    id: int
    code: str
    locations: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    """Ids and tokens the tests use."""

    north: SiteRef
    south: SiteRef
    tokens: dict[str, str]
    consignees: dict[str, int]

    def token(self, who: str | Role) -> str:
        """The bearer token of a role's user (or of a named narrow user)."""
        return self.tokens[str(who)]


async def _build(database_url: str) -> World:
    engine = create_async_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await catalog.create_profile(
                session,
                ACTOR,
                code="2-8C",
                name="2-8 °C",
                temperature_min_c=2.0,
                temperature_max_c=8.0,
            )
            for gtin, category in ((VACCINE_GTIN, "vaccines"), (DEVICE_GTIN, "devices")):
                await catalog.create_product(
                    session,
                    ACTOR,
                    gtin=gtin,
                    description=f"test {category}",
                    category=category,
                    profile_code="2-8C",
                )
            refs = {}
            for code, region, locations in (
                ("north", "eu-north", ("cold", "ambient", "dock", "quar", "truck")),
                ("south", "eu-south", ("cold", "dock")),
            ):
                site = await places.create_site(
                    session, ACTOR, code=code, name=code, timezone="UTC", region=region, gln=None
                )
                ref = SiteRef(site.id, code)
                kinds = {
                    "cold": LocationKind.COLD_ROOM,
                    "ambient": LocationKind.AMBIENT_ZONE,
                    "dock": LocationKind.DOCK_DOOR,
                    "quar": LocationKind.QUARANTINE_AREA,
                    "truck": LocationKind.VEHICLE,
                }
                for loc in locations:
                    row = await places.create_location(
                        session, ACTOR, site, code=loc, name=loc, kind=kinds[loc], sgln=None
                    )
                    ref.locations[loc] = row.id
                refs[code] = ref
            consignees = {}
            for code, kind in (
                ("hosp-1", "hospital"),
                ("hosp-2", "hospital"),
                ("mfr-1", "manufacturer"),
            ):
                consignee = await create_consignee(
                    session, ACTOR, code=code, kind=ConsigneeKind(kind), name=code
                )
                consignees[code] = consignee.id
            tokens = {}
            specs: list[tuple[str, Role, list[tuple[str, str]]]] = [
                (str(role), role, [("region", "eu-north"), ("category", "*")]) for role in Role
            ]
            specs += [
                ("south-operator", Role.OPERATOR, [("site", "south"), ("category", "*")]),
                (
                    "vaccines-logistics",
                    Role.LOGISTICS,
                    [("site", "north"), ("category", "vaccines")],
                ),
            ]
            for name, role, grants in specs:
                user = await users.create_user(
                    session,
                    ACTOR,
                    username=name,
                    display_name=name.title(),
                    role=role,
                    password=PASSWORD if name == "operator" else None,
                )
                for scope, value in grants:
                    await users.add_grant(session, ACTOR, user, scope=scope, value=value)
                _, tokens[name] = await users.issue_token(session, ACTOR, user, name="tests")
            await session.commit()
            return World(refs["north"], refs["south"], tokens, consignees)
    finally:
        await engine.dispose()


def build_world(database_url: str) -> World:
    """Build the world (synchronously, for module-scoped fixtures)."""
    return asyncio.run(_build(database_url))
