"""``coldtrace gateway provision GATEWAY_ID``: broker credentials for a new gateway."""

import argparse
import sys
from pathlib import Path

from coldtrace_cloud.gateways.provisioning import ProvisioningError, provision_gateway
from coldtrace_cloud.settings import get_settings


def _provision(args: argparse.Namespace) -> int:
    folder = args.mosquitto_dir or get_settings().mosquitto_dir
    if not folder:
        print("set COLDTRACE_CLOUD_MOSQUITTO_DIR or pass --mosquitto-dir", file=sys.stderr)
        return 2
    try:
        password = provision_gateway(Path(folder), args.gateway_id)
    except (ProvisioningError, ValueError) as exc:
        print(f"provisioning failed: {exc}", file=sys.stderr)
        return 1
    print(f"COLDTRACE_EDGE_GATEWAY_ID={args.gateway_id}")
    print(f"COLDTRACE_EDGE_MQTT_USERNAME={args.gateway_id}")
    print(f"COLDTRACE_EDGE_MQTT_PASSWORD={password}")
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``gateway provision`` to the ``coldtrace`` command."""
    gateway = subparsers.add_parser("gateway", help="gateway administration")
    verbs = gateway.add_subparsers(dest="gateway_command", required=True)
    provision = verbs.add_parser("provision", help="create or rotate a gateway's MQTT password")
    provision.add_argument("gateway_id")
    provision.add_argument("--mosquitto-dir", help="folder of the broker's passwd and pid file")
    provision.set_defaults(run=_provision)
