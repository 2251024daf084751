"""Who is calling and what they may see: the principal and its access scope.

The scope is resolved once per request from the user's grants: site grants by code, region
grants (every site of the region, including sites added later) and product category grants.
Services take the scope and filter their queries with it, or refuse with ``ForbiddenError``.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.auth.models import AccessGrant, User
from coldtrace_cloud.auth.roles import Permission, Role, allows
from coldtrace_cloud.errors import ForbiddenError
from coldtrace_cloud.locations.models import Site

WILDCARD = "*"


@dataclass(frozen=True)
class AccessScope:
    """The sites and product categories a principal may see and act on."""

    all_sites: bool = False
    site_ids: frozenset[int] = field(default_factory=frozenset)
    all_categories: bool = False
    categories: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def everything(cls) -> "AccessScope":
        """No restriction (admins, system processes)."""
        return cls(all_sites=True, all_categories=True)

    def allows_site(self, site_id: int | None) -> bool:
        """True if the site is granted (a record at no site is visible to any site grant)."""
        return self.all_sites or site_id is None or site_id in self.site_ids

    def allows_category(self, category: str) -> bool:
        """True if the product category is granted."""
        return self.all_categories or category in self.categories

    def require_site(self, site_id: int | None, *, what: str = "site") -> None:
        """Raise ``ForbiddenError`` unless the site is granted."""
        if not self.allows_site(site_id):
            raise ForbiddenError(f"no grant for this {what}'s site", site_id=site_id)

    def require_category(self, category: str) -> None:
        """Raise ``ForbiddenError`` unless the product category is granted."""
        if not self.allows_category(category):
            raise ForbiddenError("no grant for this product category", category=category)

    def site_filter(self, column: Any) -> ColumnElement[bool]:
        """SQL condition keeping rows of granted sites."""
        return true() if self.all_sites else column.in_(sorted(self.site_ids))

    def category_filter(self, column: Any) -> ColumnElement[bool]:
        """SQL condition keeping rows of granted product categories."""
        return true() if self.all_categories else column.in_(sorted(self.categories))


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: user, role, scope (and the token it used)."""

    user_id: int
    username: str
    display_name: str
    role: Role
    scope: AccessScope
    token_id: int | None = None

    @property
    def actor(self) -> Actor:
        """This principal as the actor of audit rows."""
        return Actor(name=self.username, user_id=self.user_id)

    def require(self, permission: Permission) -> None:
        """Raise ``ForbiddenError`` unless the role carries ``permission``."""
        if not allows(self.role, permission):
            raise ForbiddenError(
                f"role {self.role} may not do this", role=str(self.role), needs=str(permission)
            )


async def resolve_scope(session: AsyncSession, user: User) -> AccessScope:
    """The scope of ``user`` from its grants (admins see everything)."""
    if user.role == Role.ADMIN:
        return AccessScope.everything()
    grants = (
        await session.execute(
            select(AccessGrant.scope, AccessGrant.value).where(AccessGrant.user_id == user.id)
        )
    ).all()
    by_scope: dict[str, set[str]] = {"site": set(), "region": set(), "category": set()}
    for scope, value in grants:
        by_scope[scope].add(value)
    all_sites = WILDCARD in by_scope["site"] or WILDCARD in by_scope["region"]
    site_ids: frozenset[int] = frozenset()
    if not all_sites and (by_scope["site"] or by_scope["region"]):
        found = await session.scalars(
            select(Site.id).where(
                or_(
                    Site.code.in_(sorted(by_scope["site"])),
                    Site.region.in_(sorted(by_scope["region"])),
                )
            )
        )
        site_ids = frozenset(found.all())
    categories = by_scope["category"]
    return AccessScope(
        all_sites=all_sites,
        site_ids=site_ids,
        all_categories=WILDCARD in categories,
        categories=frozenset(categories - {WILDCARD}),
    )
