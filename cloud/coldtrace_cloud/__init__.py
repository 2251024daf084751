"""coldtrace cloud core: ingest, stores, domain workflows and the REST API."""
