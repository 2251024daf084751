"""Inventory views across sites (stock, expiring, quarantined) and FEFO pick suggestions."""
