"""poa: draft, amend, version and print the founding document of the UN PoA on ICTs."""

from __future__ import annotations

__version__ = "0.1.0"
