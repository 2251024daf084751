"""HTTP layer: the FastAPI application, problem+json errors and the routers of each domain."""
