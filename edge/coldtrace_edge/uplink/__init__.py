"""The uplink: a durable outbox and the MQTT 5 link that drains it to the broker."""
