from __future__ import annotations

import sys

from poa_cli.entry import main

sys.exit(main())
