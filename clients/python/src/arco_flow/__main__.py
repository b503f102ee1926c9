"""``python3 -m arco_flow``: see :mod:`arco_flow.cli`."""

import sys

from .cli import main

sys.exit(main())
