"""The specialised reading renderer writes exactly what the generic line protocol would."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from coldtrace_cloud.timeseries.line_protocol import render_point
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns, reading_line
from coldtrace_protocol.telemetry import Quality, Reading, ReadingSource

moments = st.datetimes(
    # hypothesis wants naive bounds and adds the zone itself
    min_value=datetime(1980, 1, 1),  # noqa: DTZ001
    max_value=datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
temperatures = st.none() | st.floats(min_value=-273.15, max_value=1000, allow_nan=False)
humidities = st.none() | st.floats(min_value=0, max_value=100, allow_nan=False)


@settings(max_examples=300)
@given(
    sensor=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}", fullmatch=True),
    measured=moments,
    received=moments,
    temperature=temperatures,
    humidity=humidities,
    quality=st.sampled_from([Quality.OK, Quality.CLOCK_SUSPECT]),
    source=st.sampled_from(list(ReadingSource)),
    battery=st.none() | st.booleans(),
    door=st.none() | st.booleans(),
)
def test_same_text_as_the_generic_renderer(
    sensor: str,
    measured: datetime,
    received: datetime,
    temperature: float | None,
    humidity: float | None,
    quality: Quality,
    source: ReadingSource,
    battery: bool | None,
    door: bool | None,
) -> None:
    if temperature is None and humidity is None:
        temperature = 5.0
    reading = Reading(
        sensor_id=sensor,
        measured_at=measured,
        received_at=received,
        temperature_c=temperature,
        humidity_pct=humidity,
        quality=quality,
        source=source,
        battery_low=battery,
        door_open=door,
    )
    expected = render_point(
        MEASUREMENT,
        {"sensor": sensor, "source": source.value},
        {
            "temperature_c": temperature,
            "humidity_pct": humidity,
            "quality": quality.value,
            "battery_low": battery,
            "door_open": door,
            "received_at_ms": epoch_ns(received) // 1_000_000,
        },
        epoch_ns(measured) // 1_000,  # written with precision=u
    )
    assert reading_line(reading) == expected


def test_epoch_ns_is_exact() -> None:
    moment = datetime(2026, 11, 23, 12, 0, 0, 123456, tzinfo=UTC)
    assert epoch_ns(moment) == 1_795_435_200_123_456_000
