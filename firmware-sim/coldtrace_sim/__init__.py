"""Simulated devices that speak the real protocols: LLRP readers, Modbus probes, transit loggers."""
