"""A small inventory world for the domain tests: sites, products, users of every role, an API."""
