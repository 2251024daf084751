"""Storage profiles and products: queries (filtered by category grants) and audited changes."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.products.models import Product, StorageProfile
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of

PROFILE_FIELDS = (
    "code",
    "name",
    "temperature_min_c",
    "temperature_max_c",
    "humidity_min_pct",
    "humidity_max_pct",
    "excursion_rules",
)
PRODUCT_FIELDS = ("gtin", "description", "category", "storage_profile_id")


async def list_profiles(session: AsyncSession) -> list[StorageProfile]:
    """Every storage profile, by code."""
    return list((await session.scalars(select(StorageProfile).order_by(StorageProfile.code))).all())


async def get_profile(session: AsyncSession, code: str) -> StorageProfile:
    """The profile ``code``."""
    profile = await session.scalar(select(StorageProfile).where(StorageProfile.code == code))
    if profile is None:
        raise NotFoundError("no such storage profile", profile=code)
    return profile


async def create_profile(
    session: AsyncSession, actor: Actor, *, code: str, name: str, **bands: Any
) -> StorageProfile:
    """A new storage profile (bands in °C and %RH)."""
    if await session.scalar(select(StorageProfile.id).where(StorageProfile.code == code)):
        raise ConflictError("storage profile code is taken", profile=code)
    profile = StorageProfile(code=code, name=name, **bands)
    session.add(profile)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="storage_profile",
        entity_id=profile.id,
        new=snapshot(profile, PROFILE_FIELDS),
    )
    return profile


async def list_products(
    session: AsyncSession,
    scope: AccessScope,
    *,
    category: str | None,
    cursor: str | None,
    limit: int,
) -> Slice[Product]:
    """Products of granted categories, by id."""
    query = (
        select(Product)
        .where(scope.category_filter(Product.category))
        .order_by(Product.id)
        .limit(limit + 1)
    )
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Product.id > after)
    if category is not None:
        query = query.where(Product.category == category)
    return slice_of((await session.scalars(query)).all(), limit, lambda p: [p.id])


async def get_product(session: AsyncSession, scope: AccessScope, gtin: str) -> Product:
    """The product with ``gtin``; 403 if its category is not granted."""
    product = await session.scalar(select(Product).where(Product.gtin == gtin))
    if product is None:
        raise NotFoundError("no such product", gtin=gtin)
    scope.require_category(product.category)
    return product


async def create_product(
    session: AsyncSession,
    actor: Actor,
    *,
    gtin: str,
    description: str,
    category: str,
    profile_code: str,
) -> Product:
    """A new product following the storage profile ``profile_code``."""
    if await session.scalar(select(Product.id).where(Product.gtin == gtin)) is not None:
        raise ConflictError("a product with this GTIN exists", gtin=gtin)
    profile = await get_profile(session, profile_code)
    product = Product(
        gtin=gtin, description=description, category=category, storage_profile_id=profile.id
    )
    session.add(product)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="product",
        entity_id=product.id,
        new=snapshot(product, PRODUCT_FIELDS),
    )
    return product


async def update_product(
    session: AsyncSession,
    actor: Actor,
    product: Product,
    *,
    description: str | None,
    category: str | None,
    profile_code: str | None,
    reason: str,
) -> Product:
    """Change a product's description, category or profile (regulated: a reason is required)."""
    old = snapshot(product, PRODUCT_FIELDS)
    if description is not None:
        product.description = description
    if category is not None:
        product.category = category
    if profile_code is not None:
        product.storage_profile_id = (await get_profile(session, profile_code)).id
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="product",
        entity_id=product.id,
        old=old,
        new=snapshot(product, PRODUCT_FIELDS),
        reason=reason,
        reason_required=True,
    )
    return product
