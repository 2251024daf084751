"""Containers (SSCC: pallets, cases, totes) and what they hold over time."""
