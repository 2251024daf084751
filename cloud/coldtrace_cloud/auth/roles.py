"""Roles and what each may do: one explicit table, checked by the API before any domain call.

Roles are coarse (what kind of work); grants narrow them to sites, regions and product
categories (where and on what). The auditor reads everything it is granted, audit trail included,
and changes nothing (21 CFR 11.10(d): access limited to authorised individuals).
"""

from enum import StrEnum
from typing import Final


class Role(StrEnum):
    """The kind of work a user or gateway does."""

    ADMIN = "admin"
    QA = "qa"
    LOGISTICS = "logistics"
    OPERATOR = "operator"
    AUDITOR = "auditor"
    GATEWAY = "gateway"


class Permission(StrEnum):
    """One capability an API operation needs."""

    READ_SITES = "sites:read"
    READ_INVENTORY = "inventory:read"
    READ_AUDIT = "audit:read"
    READ_USERS = "users:read"
    MANAGE_USERS = "users:write"
    MANAGE_SITES = "sites:write"
    MANAGE_CATALOG = "catalog:write"
    MANAGE_CONSIGNEES = "consignees:write"
    LOT_STATUS = "lots:status"
    RECEIVE = "stock:receive"
    MOVE = "stock:move"
    SHIP = "shipments:write"
    EPCIS_READ = "epcis:read"
    EPCIS_CAPTURE = "epcis:capture"
    EXCURSIONS_READ = "excursions:read"
    EXCURSIONS_WRITE = "excursions:write"
    RULES_WRITE = "rules:write"
    QA_DISPOSE = "qa:dispose"
    RECALLS_READ = "recalls:read"
    RECALLS_WRITE = "recalls:write"
    NOTIFICATIONS_WRITE = "notifications:write"


_READ: Final = frozenset({Permission.READ_SITES, Permission.READ_INVENTORY})

ROLE_PERMISSIONS: Final[dict[Role, frozenset[Permission]]] = {
    Role.ADMIN: frozenset(Permission),
    Role.QA: _READ
    | {
        Permission.READ_AUDIT,
        Permission.MANAGE_CATALOG,
        Permission.LOT_STATUS,
        Permission.EPCIS_READ,
        Permission.EXCURSIONS_READ,
        Permission.EXCURSIONS_WRITE,
        Permission.RULES_WRITE,
        Permission.QA_DISPOSE,
        Permission.RECALLS_READ,
        Permission.RECALLS_WRITE,
        Permission.NOTIFICATIONS_WRITE,
    },
    Role.LOGISTICS: _READ
    | {
        Permission.MANAGE_CONSIGNEES,
        Permission.RECEIVE,
        Permission.MOVE,
        Permission.SHIP,
        Permission.EPCIS_READ,
        Permission.EPCIS_CAPTURE,
        Permission.EXCURSIONS_READ,
        Permission.RECALLS_READ,
    },
    Role.OPERATOR: _READ | {Permission.RECEIVE, Permission.MOVE, Permission.EXCURSIONS_READ},
    Role.AUDITOR: _READ
    | {
        Permission.READ_AUDIT,
        Permission.READ_USERS,
        Permission.EPCIS_READ,
        Permission.EXCURSIONS_READ,
        Permission.RECALLS_READ,
    },
    Role.GATEWAY: frozenset({Permission.READ_SITES, Permission.MOVE}),
}


def allows(role: Role, permission: Permission) -> bool:
    """True if ``role`` carries ``permission``."""
    return permission in ROLE_PERMISSIONS[role]
