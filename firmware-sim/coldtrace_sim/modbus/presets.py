"""A ready-made fleet for ``coldtrace-sim probes --count N``: one cold room per probe.

Each room holds its setpoint with the compressor's ripple, has its door opened every 45 minutes
and defrosts every 6 hours; the rooms are staggered so that they do not all do it at once.
"""

from coldtrace_sim.scenarios.schema import (
    DefrostSpec,
    DoorsSpec,
    LocationSpec,
    ProbeSpec,
    ProbesSection,
    ScenarioDoc,
)


def standard_fleet(
    count: int,
    *,
    host: str,
    port: int,
    unit_base: int = 1,
    units_per_port: int | None = None,
    setpoint_c: float = 5.0,
    sample_interval_s: float = 10.0,
    serial_prefix: str = "CTP-",
) -> ScenarioDoc:
    """A scenario document with ``count`` probes, each in its own cold room."""
    locations = tuple(
        LocationSpec(
            id=f"cold-room-{index:04d}",
            setpoint_c=setpoint_c,
            doors=DoorsSpec(every=2700.0, open_for=60.0),
            defrost=DefrostSpec(every=6 * 3600.0, duration=1200.0, rise_c=4.0),
            probes=(
                ProbeSpec(
                    serial=f"{serial_prefix}{index:06d}",
                    sample_interval=sample_interval_s,
                    battery_drain_pct_per_day=0.5,
                ),
            ),
        )
        for index in range(1, count + 1)
    )
    section = ProbesSection(
        host=host,
        port=port,
        unit_base=unit_base,
        units_per_port=units_per_port,
        locations=locations,
    )
    return ScenarioDoc(name=f"{count} standard probes", probes=section)
