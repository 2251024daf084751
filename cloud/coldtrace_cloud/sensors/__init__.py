"""Sensors (probes, transit loggers) and their bindings over time to locations or shipments."""
