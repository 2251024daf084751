"""``python -m coldtrace_sim``: same as the ``coldtrace-sim`` command."""

import sys

from coldtrace_sim.cli import main

sys.exit(main())
