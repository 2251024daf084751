"""Test support: the private stack, isolated databases and topics, managed project processes."""
