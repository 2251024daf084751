"""Gateways: their broker credentials (provisioning) and what the cloud knows of them."""
