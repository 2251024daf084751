"""Sites and their locations (cold rooms, dock doors, vehicles, customers)."""
