"""Demo data for ``make demo``: products, lots, sites, consignees, shipments and users."""

from coldtrace_cloud.demo.seed import DemoSummary, seed_demo

__all__ = ["DemoSummary", "seed_demo"]
