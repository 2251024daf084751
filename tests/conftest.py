"""Fixtures shared by the whole suite: real services only, isolated per module or per test."""

import uuid
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from coldtrace_cloud.settings import Settings as CloudSettings
from devstack.cli import Stack
from devstack.influx import InfluxInstance
from devstack.mosquitto import ADMIN_USER, CLOUD_USER, MosquittoInstance
from tests.support.databases import create_database, drop_database, ensure_template
from tests.support.ports import free_port
from tests.support.processes import ProcessManager
from tests.support.stack import child_env, own_influx, own_mosquitto, running_stack

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def stack() -> Stack:
    """The private Mosquitto, InfluxDB and PostgreSQL of ``make test``."""
    return running_stack()


@pytest.fixture(scope="session")
def pg_template(stack: Stack) -> str:
    """Name of the migrated template database (built once per set of migrations)."""
    return ensure_template(stack)


@pytest.fixture(scope="module")
def database_name(stack: Stack, pg_template: str) -> Iterator[str]:
    """A fresh, migrated database for one test module."""
    name = create_database(stack, pg_template)
    yield name
    drop_database(stack, name)


@pytest.fixture(scope="module")
def database_url(stack: Stack, database_name: str) -> str:
    """SQLAlchemy URL (asyncpg) of the module's database, as the app role."""
    return stack.postgres.app_url(database_name, "postgresql+asyncpg")


@pytest.fixture(scope="module")
def influx_database(stack: Stack) -> Iterator[str]:
    """A fresh InfluxDB database for one test module."""
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    stack.influx.query(f'CREATE DATABASE "{name}"')
    yield name
    stack.influx.query(f'DROP DATABASE "{name}"')


@pytest.fixture
def topic_prefix() -> str:
    """A unique first topic level, so tests never see each other's messages."""
    return f"t{uuid.uuid4().hex[:12]}"


@pytest.fixture
def mqtt_admin(stack: Stack) -> tuple[str, str]:
    """Username and password with access to every topic."""
    return ADMIN_USER, stack.credentials.mqtt_admin_password


@pytest.fixture
def cloud_settings(
    stack: Stack, database_url: str, influx_database: str, topic_prefix: str
) -> CloudSettings:
    """Cloud settings pointing at the module's databases and the test's topic prefix."""
    return CloudSettings(
        database_url=database_url,
        influx_url=stack.influx.url,
        influx_database=influx_database,
        mqtt_host="127.0.0.1",
        mqtt_port=stack.config.mqtt_port,
        mqtt_username=CLOUD_USER,
        mqtt_password=stack.credentials.mqtt_cloud_password,
        mqtt_topic_prefix=topic_prefix,
        api_port=free_port(),
    )


@pytest.fixture
def processes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProcessManager]:
    """Start the project's processes; all are stopped at teardown, logs kept on failure."""
    manager = ProcessManager(tmp_path, child_env())
    yield manager
    manager.stop_all()
    keep_logs_if_failed(request, *(proc.log_path for proc in manager.processes))


def keep_logs_if_failed(request: pytest.FixtureRequest, *logs: Path) -> None:
    """Copy service logs under test-artifacts/ when the test failed."""
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    target = ARTIFACTS / request.node.name
    target.mkdir(parents=True, exist_ok=True)
    for log in logs:
        if log.exists():
            (target / log.name).write_bytes(log.read_bytes())


@pytest.fixture
def own_broker(
    request: pytest.FixtureRequest, stack: Stack, tmp_path: Path
) -> Iterator[MosquittoInstance]:
    """A Mosquitto of the test's own, to restart or kill without disturbing other tests."""
    broker = own_mosquitto(tmp_path / "mosquitto", stack)
    yield broker
    broker.stop()
    keep_logs_if_failed(request, broker.log_file)


@pytest.fixture
def own_influxdb(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[InfluxInstance]:
    """An InfluxDB of the test's own, to stop and start during a fault test."""
    influx = own_influx(tmp_path / "influxdb")
    yield influx
    influx.stop()
    keep_logs_if_failed(request, influx.log_file)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
