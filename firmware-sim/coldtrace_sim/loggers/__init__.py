"""Simulated transit data loggers: record while travelling, yield a dump file at arrival.

The dump format itself is part of the wire contract (``coldtrace_protocol.loggerdump``) because
the edge imports the same files the simulator writes.
"""

from coldtrace_sim.loggers.dumpfile import DumpFormat, dump_file_name, write_dump
from coldtrace_sim.loggers.errors import DumpWriteError, LoggerSetupError, TransitLoggerError
from coldtrace_sim.loggers.recorder import LoggerSetup, Trip, record_trip

__all__ = [
    "DumpFormat",
    "DumpWriteError",
    "LoggerSetup",
    "LoggerSetupError",
    "TransitLoggerError",
    "Trip",
    "dump_file_name",
    "record_trip",
    "write_dump",
]
