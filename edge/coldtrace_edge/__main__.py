"""``python -m coldtrace_edge``: same as the ``coldtrace-edge`` command."""

import sys

from coldtrace_edge.cli import main

sys.exit(main())
