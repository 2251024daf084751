"""Movements of items and containers, and residency intervals (where each item was, when)."""
