"""Quarantine: the exposure ledger (which lot and serial was where an excursion happened, for
how long) and the automatic holds it places, pushed to the gateways."""
