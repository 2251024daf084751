"""Reading history of sensors, locations and shipments (InfluxDB data, PostgreSQL bindings)."""
