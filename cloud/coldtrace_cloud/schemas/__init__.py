"""Shapes shared by every domain's API: constrained fields, cursor pages, problem responses."""
