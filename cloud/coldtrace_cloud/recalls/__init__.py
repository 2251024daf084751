"""Recalls (21 CFR 7): forward trace to consignees, notices, acknowledgements, effectiveness."""
