"""The ROSpec and AccessSpec operations and their responses (LLRP 1.0.1 §10.1, §11.1)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.message import (
    AccessSpecRequest,
    EmptyMessage,
    Message,
    ROSpecRequest,
    StatusResponse,
)
from coldtrace_sim.llrp.parameter import Sub, many, one
from coldtrace_sim.llrp.params_common import LLRPStatus
from coldtrace_sim.llrp.params_rospec import ROSpec


@dataclass(frozen=True)
class AddROSpec(Message):
    """Add a ROSpec in the Disabled state (§10.1.1)."""

    TYPE: ClassVar[int] = 20
    SUBS: ClassVar[tuple[Sub, ...]] = (one(ROSpec, "rospec"),)

    rospec: ROSpec


@dataclass(frozen=True)
class AddROSpecResponse(StatusResponse):
    """Outcome of ADD_ROSPEC (§10.1.2)."""

    TYPE: ClassVar[int] = 30


@dataclass(frozen=True)
class DeleteROSpec(ROSpecRequest):
    """Delete one ROSpec, or all with id 0 (§10.1.3)."""

    TYPE: ClassVar[int] = 21


@dataclass(frozen=True)
class DeleteROSpecResponse(StatusResponse):
    """Outcome of DELETE_ROSPEC (§10.1.4)."""

    TYPE: ClassVar[int] = 31


@dataclass(frozen=True)
class StartROSpec(ROSpecRequest):
    """Start an Inactive ROSpec (§10.1.5)."""

    TYPE: ClassVar[int] = 22


@dataclass(frozen=True)
class StartROSpecResponse(StatusResponse):
    """Outcome of START_ROSPEC (§10.1.6)."""

    TYPE: ClassVar[int] = 32


@dataclass(frozen=True)
class StopROSpec(ROSpecRequest):
    """Stop an Active ROSpec; it becomes Inactive (§10.1.7)."""

    TYPE: ClassVar[int] = 23


@dataclass(frozen=True)
class StopROSpecResponse(StatusResponse):
    """Outcome of STOP_ROSPEC (§10.1.8)."""

    TYPE: ClassVar[int] = 33


@dataclass(frozen=True)
class EnableROSpec(ROSpecRequest):
    """Move a ROSpec, or all with id 0, from Disabled to Inactive (§10.1.9)."""

    TYPE: ClassVar[int] = 24


@dataclass(frozen=True)
class EnableROSpecResponse(StatusResponse):
    """Outcome of ENABLE_ROSPEC (§10.1.10)."""

    TYPE: ClassVar[int] = 34


@dataclass(frozen=True)
class DisableROSpec(ROSpecRequest):
    """Move a ROSpec, or all with id 0, to Disabled, stopping it if Active (§10.1.11)."""

    TYPE: ClassVar[int] = 25


@dataclass(frozen=True)
class DisableROSpecResponse(StatusResponse):
    """Outcome of DISABLE_ROSPEC (§10.1.12)."""

    TYPE: ClassVar[int] = 35


@dataclass(frozen=True)
class GetROSpecs(EmptyMessage):
    """Ask for every ROSpec the reader holds (§10.1.13)."""

    TYPE: ClassVar[int] = 26


@dataclass(frozen=True)
class GetROSpecsResponse(Message):
    """The ROSpecs with their current states (§10.1.14)."""

    TYPE: ClassVar[int] = 36
    SUBS: ClassVar[tuple[Sub, ...]] = (one(LLRPStatus, "status"), many(ROSpec, "rospecs"))

    status: LLRPStatus
    rospecs: tuple[ROSpec, ...] = ()


@dataclass(frozen=True)
class DeleteAccessSpec(AccessSpecRequest):
    """Delete one AccessSpec, or all with id 0 (§11.1.3)."""

    TYPE: ClassVar[int] = 41


@dataclass(frozen=True)
class DeleteAccessSpecResponse(StatusResponse):
    """Outcome of DELETE_ACCESSSPEC (§11.1.4)."""

    TYPE: ClassVar[int] = 51


@dataclass(frozen=True)
class EnableAccessSpec(AccessSpecRequest):
    """Enable one AccessSpec, or all with id 0 (§11.1.5)."""

    TYPE: ClassVar[int] = 42


@dataclass(frozen=True)
class EnableAccessSpecResponse(StatusResponse):
    """Outcome of ENABLE_ACCESSSPEC (§11.1.6)."""

    TYPE: ClassVar[int] = 52


@dataclass(frozen=True)
class DisableAccessSpec(AccessSpecRequest):
    """Disable one AccessSpec, or all with id 0 (§11.1.7)."""

    TYPE: ClassVar[int] = 43


@dataclass(frozen=True)
class DisableAccessSpecResponse(StatusResponse):
    """Outcome of DISABLE_ACCESSSPEC (§11.1.8)."""

    TYPE: ClassVar[int] = 53


@dataclass(frozen=True)
class GetAccessSpecs(EmptyMessage):
    """Ask for every AccessSpec (§11.1.9); the simulator holds none."""

    TYPE: ClassVar[int] = 44


@dataclass(frozen=True)
class GetAccessSpecsResponse(StatusResponse):
    """The AccessSpecs: always none in the simulator (§11.1.10)."""

    TYPE: ClassVar[int] = 54
