"""MQTT ingest workers: validate, de-duplicate and store what the gateways send."""
