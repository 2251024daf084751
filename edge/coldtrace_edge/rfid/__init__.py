"""RFID portals at the edge: LLRP reads (sllurp) -> smoothed portal passes -> the outbox."""
