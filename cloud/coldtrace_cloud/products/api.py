"""Routes of storage profiles and products (thin: the work is in ``service``)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ManageCatalog, ReadInventory
from coldtrace_cloud.products import service
from coldtrace_cloud.products.schemas import (
    ProductIn,
    ProductOut,
    ProductPatch,
    ProfileIn,
    ProfileOut,
)
from coldtrace_cloud.schemas.fields import Category, Gtin14, Limit
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(tags=["products"], responses=AUTHED)
GtinPath = Annotated[Gtin14, Path()]


@router.get("/storage-profiles")
async def get_profiles(_: ReadInventory, session: SessionDep) -> list[ProfileOut]:
    """Every storage profile."""
    return [ProfileOut.model_validate(p) for p in await service.list_profiles(session)]


@router.post("/storage-profiles", status_code=201)
async def post_profile(
    body: ProfileIn, principal: ManageCatalog, session: SessionDep
) -> ProfileOut:
    """Create a storage profile."""
    profile = await service.create_profile(session, principal.actor, **body.model_dump())
    await session.commit()
    return ProfileOut.model_validate(profile)


@router.get("/products")
async def get_products(
    principal: ReadInventory,
    session: SessionDep,
    category: Category | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[ProductOut]:
    """Products of the caller's categories."""
    found = await service.list_products(
        session, principal.scope, category=category, cursor=cursor, limit=limit
    )
    return to_page(found, ProductOut)


@router.post("/products", status_code=201)
async def post_product(
    body: ProductIn, principal: ManageCatalog, session: SessionDep
) -> ProductOut:
    """Create a product."""
    product = await service.create_product(
        session,
        principal.actor,
        gtin=body.gtin,
        description=body.description,
        category=body.category,
        profile_code=body.storage_profile,
    )
    await session.commit()
    return ProductOut.model_validate(product)


@router.get("/products/{gtin}")
async def get_product(gtin: GtinPath, principal: ReadInventory, session: SessionDep) -> ProductOut:
    """One product."""
    return ProductOut.model_validate(await service.get_product(session, principal.scope, gtin))


@router.patch("/products/{gtin}")
async def patch_product(
    gtin: GtinPath, body: ProductPatch, principal: ManageCatalog, session: SessionDep
) -> ProductOut:
    """Change a product (with a reason)."""
    product = await service.get_product(session, principal.scope, gtin)
    await service.update_product(
        session,
        principal.actor,
        product,
        description=body.description,
        category=body.category,
        profile_code=body.storage_profile,
        reason=body.reason,
    )
    await session.commit()
    return ProductOut.model_validate(product)
