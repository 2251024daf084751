"""Serialized items (SGTIN): lot, status, and where each one is now."""
