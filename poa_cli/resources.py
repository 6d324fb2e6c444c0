"""Where the shipped schemas, templates and sample drafts are.

In a wheel they sit inside the package (``poa_cli/schemas``…); in a source
checkout or an editable install they sit at the project's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def shipped(name: str) -> Path:
    """Return the folder *name* (``schemas``, ``templates`` or ``drafts``) that poa ships.

    Raises FileNotFoundError when the installation is broken (neither place has it).
    """
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"poa is installed without its {name}/ folder")


def schema_path(kind: str) -> Path:
    """Return the JSON Schema file for *kind* (``document``, ``clause``, ``amendment``)."""
    return shipped("schemas") / f"{kind}.schema.json"
