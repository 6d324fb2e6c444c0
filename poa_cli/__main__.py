from __future__ import annotations

import sys

from poa_cli.cli import main

sys.exit(main())
