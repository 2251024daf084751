"""Lots (GTIN + lot number) with expiry and their status: released, quarantined, rejected, ..."""
