"""``python -m coldtrace_cloud``: same as the ``coldtrace`` command."""

import sys

from coldtrace_cloud.cli import main

sys.exit(main())
