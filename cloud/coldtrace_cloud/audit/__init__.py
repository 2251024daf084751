"""Tamper-evident audit trail (21 CFR 11.10(e), EU GMP Annex 11 §9): append-only, hash-chained."""

from coldtrace_cloud.audit.service import Actor, AuditAction, record, snapshot

__all__ = ["Actor", "AuditAction", "record", "snapshot"]
