"""Shipments: planned -> loading -> in_transit -> delivered -> closed, with legs and contents."""
