"""coldtrace gateway agent: portals, probes, logger dumps, a durable outbox and the MQTT uplink."""
