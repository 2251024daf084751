"""QA disposition of quarantined lots with electronic signatures (21 CFR 11.50 / 11.70)."""
