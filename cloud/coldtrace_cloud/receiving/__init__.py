"""Receiving by scan: GS1 element strings, bracketed HRI and Digital Link URIs into stock."""
