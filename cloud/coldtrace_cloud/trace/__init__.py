"""Traceability: forward (where a lot went), backward (where it came from), item history."""
