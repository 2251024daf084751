"""The ROSpecs a reader holds and the operations of LLRP 1.0.1 §10.1 on them.

ROSpecID 0 means "all ROSpecs" for DELETE, ENABLE and DISABLE; deleting or disabling when there
is none succeeds (sllurp's reset relies on DELETE_ROSPEC(0) succeeding on an empty reader).
"""

from coldtrace_sim.llrp.enums import ROSpecState, StatusCode
from coldtrace_sim.llrp.errors import SpecError
from coldtrace_sim.llrp.host import Host
from coldtrace_sim.llrp.params_rospec import ROSpec
from coldtrace_sim.llrp.rospec import Arbiter, ROSpecRuntime, Spawn
from coldtrace_sim.llrp.status import invalid_state, unknown_spec
from coldtrace_sim.llrp.validation import check_rospec


class ROSpecTable:
    """ROSpecs by id, created Disabled by ADD_ROSPEC."""

    def __init__(self, host: Host, spawn: Spawn) -> None:
        self.host = host
        self._spawn = spawn
        self._specs: dict[int, ROSpecRuntime] = {}
        self.arbiter = Arbiter()

    def __len__(self) -> int:
        return len(self._specs)

    def get(self, rospec_id: int) -> ROSpecRuntime:
        """The ROSpec with ``rospec_id``."""
        runtime = self._specs.get(rospec_id)
        if runtime is None:
            raise unknown_spec(f"no ROSpec {rospec_id}")
        return runtime

    def _select(self, rospec_id: int) -> list[ROSpecRuntime]:
        return list(self._specs.values()) if rospec_id == 0 else [self.get(rospec_id)]

    def add(self, spec: ROSpec) -> None:
        """ADD_ROSPEC (§10.1.1)."""
        check_rospec(spec, self.host.profile)
        if spec.rospec_id in self._specs:
            raise SpecError(
                f"ROSpec {spec.rospec_id} exists",
                status=StatusCode.P_FIELD_ERROR,
                parameter_type=spec.TYPE,
                field_num=0,
                detail=StatusCode.A_INVALID,
            )
        if len(self._specs) >= self.host.profile.max_rospecs:
            raise SpecError(
                "too many ROSpecs",
                status=StatusCode.M_OVERFLOW_PARAMETER,
                parameter_type=spec.TYPE,
            )
        self._specs[spec.rospec_id] = ROSpecRuntime(self.host, spec, self.arbiter)

    async def delete(self, rospec_id: int) -> None:
        """DELETE_ROSPEC (§10.1.3): stops and removes; 0 removes all."""
        for runtime in self._select(rospec_id):
            await runtime.disable()
            self._specs.pop(runtime.rospec_id, None)

    def enable(self, rospec_id: int) -> None:
        """ENABLE_ROSPEC (§10.1.9)."""
        for runtime in self._select(rospec_id):
            runtime.enable(self._spawn)

    async def disable(self, rospec_id: int) -> None:
        """DISABLE_ROSPEC (§10.1.11)."""
        for runtime in self._select(rospec_id):
            await runtime.disable()

    def start(self, rospec_id: int) -> None:
        """START_ROSPEC (§10.1.5): one Inactive ROSpec."""
        self.get(rospec_id).start()

    async def stop(self, rospec_id: int) -> None:
        """STOP_ROSPEC (§10.1.7): one Active ROSpec."""
        runtime = self.get(rospec_id)
        if runtime.state is not ROSpecState.ACTIVE:
            raise invalid_state(f"ROSpec {rospec_id} is not ACTIVE")
        await runtime.stop()

    def snapshot(self) -> tuple[ROSpec, ...]:
        """GET_ROSPECS (§10.1.13): every ROSpec with its current state."""
        return tuple(runtime.current() for runtime in self._specs.values())

    async def flush(self) -> None:
        """GET_REPORT (§13.1.1): send what every running ROSpec has accumulated."""
        for runtime in list(self._specs.values()):
            await runtime.flush()
