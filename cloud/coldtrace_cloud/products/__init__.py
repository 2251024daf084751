"""Products (GTIN-14) and the storage profiles (temperature and humidity bands) they follow."""
