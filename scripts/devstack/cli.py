"""``stack up|down|status|env|test-tools``: the private services the apps and the tests use."""

import argparse
import shlex
import sys
from dataclasses import dataclass

from devstack.config import StackConfig, load_stack_config
from devstack.credentials import Credentials, load_or_create
from devstack.errors import StackError
from devstack.influx import InfluxInstance
from devstack.mosquitto import ADMIN_USER, CLOUD_USER, MosquittoInstance
from devstack.packages import STACK_PACKAGES, TEST_PACKAGES, ensure_packages
from devstack.postgres import PostgresInstance


@dataclass
class Stack:
    """The three services of one state folder."""

    config: StackConfig
    credentials: Credentials
    postgres: PostgresInstance
    mosquitto: MosquittoInstance
    influx: InfluxInstance


def build_stack(config: StackConfig) -> Stack:
    """Compose the services from the config and the (generated) credentials."""
    creds = load_or_create(config.state_dir / "credentials.json")
    return Stack(
        config=config,
        credentials=creds,
        postgres=PostgresInstance(
            config.state_dir / "postgres",
            config.postgres_port,
            creds.postgres_admin_password,
            creds.postgres_app_password,
        ),
        mosquitto=MosquittoInstance(
            config.state_dir / "mosquitto",
            config.mqtt_port,
            {ADMIN_USER: creds.mqtt_admin_password, CLOUD_USER: creds.mqtt_cloud_password},
        ),
        influx=InfluxInstance(config.state_dir / "influxdb", config.influx_port),
    )


def stack_env(stack: Stack) -> dict[str, str]:
    """The connection settings every deployable reads (see each package's settings module)."""
    c, creds = stack.config, stack.credentials
    mqtt = {"HOST": "127.0.0.1", "PORT": str(c.mqtt_port)}
    env = {
        "COLDTRACE_STACK_STATE_DIR": str(c.state_dir),
        "COLDTRACE_STACK_POSTGRES_ADMIN_URL": stack.postgres.admin_url(),
        "COLDTRACE_STACK_MQTT_ADMIN_USERNAME": ADMIN_USER,
        "COLDTRACE_STACK_MQTT_ADMIN_PASSWORD": creds.mqtt_admin_password,
        "COLDTRACE_CLOUD_DATABASE_URL": stack.postgres.app_url(driver="postgresql+asyncpg"),
        "COLDTRACE_CLOUD_INFLUX_URL": stack.influx.url,
        "COLDTRACE_CLOUD_MQTT_USERNAME": CLOUD_USER,
        "COLDTRACE_CLOUD_MQTT_PASSWORD": creds.mqtt_cloud_password,
        "COLDTRACE_CLOUD_MOSQUITTO_DIR": str(stack.mosquitto.root),
    }
    for key, value in mqtt.items():
        env[f"COLDTRACE_CLOUD_MQTT_{key}"] = value
        env[f"COLDTRACE_EDGE_MQTT_{key}"] = value
    return env


def up(stack: Stack) -> None:
    """Install what is missing, then start every service and wait for it (idempotent)."""
    ensure_packages(STACK_PACKAGES)
    stack.config.state_dir.mkdir(parents=True, exist_ok=True)
    stack.postgres.start()
    stack.postgres.ensure_app_role()
    stack.mosquitto.start()
    stack.influx.start()
    env_file = stack.config.state_dir / "stack.env"
    env_file.write_text(
        "".join(f"export {k}={shlex.quote(v)}\n" for k, v in stack_env(stack).items())
    )
    env_file.chmod(0o600)


def down(stack: Stack) -> None:
    """Stop every service (data stays in the state folder)."""
    stack.influx.stop()
    stack.mosquitto.stop()
    stack.postgres.stop()


def status(stack: Stack) -> bool:
    """Print one line per service; True when all run."""
    states = {
        f"postgresql 127.0.0.1:{stack.config.postgres_port}": stack.postgres.running(),
        f"mosquitto  127.0.0.1:{stack.config.mqtt_port}": stack.mosquitto.running(),
        f"influxdb   127.0.0.1:{stack.config.influx_port}": stack.influx.running(),
    }
    for name, running in states.items():
        print(f"{name}  {'running' if running else 'stopped'}")
    return all(states.values())


def main(argv: list[str] | None = None) -> int:
    """Parse the verb and run it; errors become one clear line and exit code 1."""
    parser = argparse.ArgumentParser(prog="stack", description=__doc__)
    parser.add_argument("verb", choices=["up", "down", "status", "env", "test-tools"])
    args = parser.parse_args(argv)
    try:
        stack = build_stack(load_stack_config())
        if args.verb == "up":
            up(stack)
            status(stack)
        elif args.verb == "down":
            down(stack)
        elif args.verb == "test-tools":
            ensure_packages(TEST_PACKAGES)
        elif args.verb == "status":
            return 0 if status(stack) else 3
        else:
            for key, value in stack_env(stack).items():
                print(f"export {key}={shlex.quote(value)}")
    except StackError as exc:
        print(f"stack: {exc}", file=sys.stderr)
        return 1
    return 0
