"""Hypothesis strategies for every LLRP message and parameter model, derived from their layouts."""

from typing import Any

from hypothesis import strategies as st

from coldtrace_sim.llrp import framing  # noqa: F401 - registers every message type
from coldtrace_sim.llrp.fields import BitString, Field
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.parameter import Custom, Param, Repeat
from coldtrace_sim.llrp.params_report import TagReportData

MAX_DEPTH = 6

_INTS = {
    "u2": (0, 3),
    "u8": (0, 0xFF),
    "s8": (-128, 127),
    "u16": (0, 0xFFFF),
    "s16": (-0x8000, 0x7FFF),
    "u32": (0, 0xFFFFFFFF),
    "u64": (0, 0xFFFFFFFFFFFFFFFF),
}


def bit_strings(max_bits: int = 128) -> st.SearchStrategy[BitString]:
    """u1v values: a bit count and exactly the octets it needs."""
    return st.integers(0, max_bits).flatmap(
        lambda n: st.binary(min_size=(n + 7) // 8, max_size=(n + 7) // 8).map(
            lambda data: BitString(n, data)
        )
    )


def values(kind: str) -> st.SearchStrategy[Any]:  # noqa: PLR0911 - one per field kind
    """Values of one field kind."""
    if kind == "u1":
        return st.booleans()
    if kind in _INTS:
        low, high = _INTS[kind]
        return st.integers(low, high)
    if kind == "u96":
        return st.binary(min_size=12, max_size=12)
    if kind == "u1v":
        return bit_strings()
    if kind == "u16v":
        return st.lists(st.integers(0, 0xFFFF), max_size=6).map(tuple)
    if kind == "u32v":
        return st.lists(st.integers(0, 0xFFFFFFFF), max_size=6).map(tuple)
    if kind == "utf8v":
        return st.text(max_size=12)
    return st.binary(max_size=16)  # u8v and bytes


def customs() -> st.SearchStrategy[Custom]:
    """Vendor parameters with arbitrary data."""
    return st.builds(
        Custom, st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF), st.binary(max_size=12)
    )


def tag_reports() -> st.SearchStrategy[TagReportData]:
    """TagReportData with any EPC length and any subset of the optional fields."""
    epc = st.one_of(
        st.binary(min_size=12, max_size=12).map(lambda b: (b, 96)),
        bit_strings(200).filter(lambda b: b.bit_count != 96).map(lambda b: (b.data, b.bit_count)),
    )

    def opt(low: int, high: int) -> st.SearchStrategy[int | None]:
        return st.none() | st.integers(low, high)

    return st.builds(
        lambda e, **kw: TagReportData(epc=e[0], epc_bits=e[1], **kw),
        epc,
        rospec_id=opt(0, 0xFFFFFFFF),
        spec_index=opt(0, 0xFFFF),
        inventory_parameter_spec_id=opt(0, 0xFFFF),
        antenna_id=opt(0, 0xFFFF),
        peak_rssi_dbm=opt(-128, 127),
        channel_index=opt(0, 0xFFFF),
        first_seen_utc_us=opt(0, 2**64 - 1),
        first_seen_uptime_us=opt(0, 2**64 - 1),
        last_seen_utc_us=opt(0, 2**64 - 1),
        last_seen_uptime_us=opt(0, 2**64 - 1),
        tag_seen_count=opt(0, 0xFFFF),
        c1g2_pc=opt(0, 0xFFFF),
        c1g2_crc=opt(0, 0xFFFF),
        access_spec_id=opt(0, 0xFFFFFFFF),
        custom=st.lists(customs(), max_size=2).map(tuple),
    )


def models(cls: type[Param] | type[Message], depth: int = 0) -> st.SearchStrategy[Any]:
    """Instances of a declared parameter or message class, nested up to MAX_DEPTH."""
    if cls is TagReportData:
        return tag_reports()
    if cls is Custom:
        return customs()
    kwargs: dict[str, st.SearchStrategy[Any]] = {
        item.name: values(item.kind) for item in cls.FIELDS if isinstance(item, Field)
    }
    for sub in cls.SUBS:
        deep = depth >= MAX_DEPTH
        choice = st.one_of(
            [st.deferred(lambda c=c: models(c, depth + 1)) for c in sub.choices]  # type: ignore[misc]
        )
        if sub.repeat is Repeat.ONE:
            kwargs[sub.name] = choice
        elif sub.repeat is Repeat.OPTIONAL:
            kwargs[sub.name] = st.none() if deep else st.none() | choice
        else:
            low = 1 if sub.repeat is Repeat.SOME else 0
            kwargs[sub.name] = st.lists(choice, min_size=low, max_size=low if deep else 2).map(
                tuple
            )
    return st.builds(cls, **kwargs)
