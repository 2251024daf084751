"""Entry point: ``python -m devstack up|down|status|env``."""

import sys

from devstack.cli import main

sys.exit(main())
