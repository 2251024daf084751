"""Sensor summaries as EPCIS 2.0 sensor data (``sensorElementList``, EPCIS 2.0 §7.3.8).

One ObjectEvent (bizStep ``sensor_reporting``) per shipment or location and sensor window: the
sensorMetadata carries the device id and the window (``startTime`` / ``endTime``); the reports
carry min / max / mean of temperature (uom ``CEL``) and relative humidity (uom ``P1``, percent),
and the temperature report has ``exception: ALARM_CONDITION`` when the window overlaps an
excursion. Whether it does is asked of an ``ExcursionFlag``: the excursion engine plugs its own
in; ``NoExcursions`` (the default) and ``BandExcursions`` (the storage profile's band, judged on
the summary alone) stand in until then.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.epcis import identifiers as ids
from coldtrace_cloud.epcis.documents import epcis_time, new_event
from coldtrace_cloud.epcis.vocabulary import BizStep
from coldtrace_cloud.readings.service import SeriesHistory, histories, shipment_windows
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import Bucket, Stat, auto_resolution_s


@dataclass(frozen=True)
class Summary:
    """min / max / mean of one quantity over a window (None: not measured)."""

    min: float
    max: float
    mean: float


@dataclass(frozen=True)
class SensorSummary:
    """One sensor over one window, and the objects it watched."""

    sensor: str
    start: datetime
    end: datetime
    epcs: Sequence[str]
    read_point: str | None
    temperature_c: Summary | None
    humidity_pct: Summary | None


class ExcursionFlag(Protocol):
    """Tells whether a sensor's window overlaps an excursion (the excursion engine's answer)."""

    async def __call__(self, summary: SensorSummary) -> bool:
        """True if ``summary``'s window overlaps an excursion."""
        ...


class NoExcursions:
    """The flag when no excursion source is plugged in: never an alarm."""

    async def __call__(self, summary: SensorSummary) -> bool:  # noqa: ARG002  # the protocol's
        """Always False."""
        return False


@dataclass(frozen=True)
class BandExcursions:
    """An alarm when the window's extremes leave a temperature band (a storage profile's)."""

    temperature_min_c: float | None
    temperature_max_c: float | None

    async def __call__(self, summary: SensorSummary) -> bool:
        """True if min or max of the temperature is outside the band."""
        t = summary.temperature_c
        if t is None:
            return False
        low = self.temperature_min_c is not None and t.min < self.temperature_min_c
        high = self.temperature_max_c is not None and t.max > self.temperature_max_c
        return low or high


def _report(kind: str, uom: str, summary: Summary) -> dict[str, Any]:
    return {
        "type": kind,
        "minValue": round(summary.min, 3),
        "maxValue": round(summary.max, 3),
        "meanValue": round(summary.mean, 3),
        "uom": uom,
    }


def sensor_event(summary: SensorSummary, *, alarm: bool) -> dict[str, Any]:
    """The ObjectEvent of one summary."""
    reports = []
    if summary.temperature_c is not None:
        report = _report("Temperature", "CEL", summary.temperature_c)
        if alarm:
            report = {"type": "Temperature", "exception": "ALARM_CONDITION", **report}
        reports.append(report)
    if summary.humidity_pct is not None:
        reports.append(_report("RelativeHumidity", "P1", summary.humidity_pct))
    event = new_event("ObjectEvent", summary.end)
    event["epcList"] = sorted(set(summary.epcs))
    event["bizStep"] = BizStep.SENSOR_REPORTING.value
    if summary.read_point is not None:
        event["readPoint"] = {"id": summary.read_point}
    event["sensorElementList"] = [
        {
            "sensorMetadata": {
                "deviceID": ids.sensor_device(summary.sensor),
                "startTime": epcis_time(summary.start),
                "endTime": epcis_time(summary.end),
            },
            "sensorReport": reports,
        }
    ]
    return event


async def sensor_events(
    summaries: Iterable[SensorSummary], flag: ExcursionFlag | None = None
) -> list[dict[str, Any]]:
    """Events of summaries that measured something, each asking ``flag`` about excursions."""
    judge = flag or NoExcursions()
    return [
        sensor_event(s, alarm=await judge(s))
        for s in summaries
        if s.temperature_c is not None or s.humidity_pct is not None
    ]


def _combine(stats: list[tuple[Stat, int]]) -> Summary | None:
    """One summary of buckets: extremes of extremes, count-weighted mean of means."""
    known = [
        (s.min, s.max, s.mean, max(n, 1))
        for s, n in stats
        if s.min is not None and s.max is not None and s.mean is not None
    ]
    if not known:
        return None
    weight = sum(n for *_, n in known)
    return Summary(
        min=min(k[0] for k in known),
        max=max(k[1] for k in known),
        mean=sum(mean * n for _, _, mean, n in known) / weight,
    )


def summarise(history: SeriesHistory, epcs: Sequence[str], read_point: str | None) -> SensorSummary:
    """The summary of one window's buckets."""
    buckets: list[Bucket] = history.buckets
    return SensorSummary(
        sensor=history.window.sensor,
        start=history.window.start,
        end=history.window.end,
        epcs=epcs,
        read_point=read_point,
        temperature_c=_combine([(b.temperature_c, b.count) for b in buckets]),
        humidity_pct=_combine([(b.humidity_pct, b.count) for b in buckets]),
    )


async def shipment_summaries(  # noqa: PLR0917  # one window of one shipment, all needed
    session: AsyncSession,
    influx: InfluxClient,
    shipment_id: int,
    epcs: Sequence[str],
    start: datetime,
    end: datetime,
) -> list[SensorSummary]:
    """Summaries of every sensor bound to a shipment over ``[start, end)``."""
    windows = await shipment_windows(session, shipment_id, start, end)
    found = await histories(influx, session, windows, auto_resolution_s(start, end))
    return [summarise(h, epcs, None) for h in found]
