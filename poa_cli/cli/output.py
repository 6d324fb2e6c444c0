"""What the commands print: the ``--format`` choices, JSON, and whether to colour.

Light on purpose (the standard library only): every command module imports it at
the top, and ``poa --help`` must stay fast. A choice is a ``StrEnum``, so click
lists the values in ``--help`` and refuses any other with exit 2.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum

TYPE_CHECKING = False  # typing itself is not imported: see the docstring
if TYPE_CHECKING:
    from typing import Any


class TableFormat(StrEnum):
    """A listing: an aligned table for people, or JSON for programs."""

    TABLE = "table"
    JSON = "json"


class TextFormat(StrEnum):
    """One thing shown: text for people, or JSON for programs."""

    TEXT = "text"
    JSON = "json"


class StatusFormat(StrEnum):
    """``poa status``: a table, JSON, or (with ``--revisions``) an HTML chart."""

    TABLE = "table"
    JSON = "json"
    HTML = "html"


class ReportFormat(StrEnum):
    """A validation report: text, JSON, or GitHub workflow annotations."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def on_terminal() -> bool:
    """True when a person reads standard output on a terminal: lay it out for the width.

    A pipe or a file gets everything, one line per record, never wrapped or cut
    (docs/decisions.md, 57).
    """
    return sys.stdout.isatty()


class LintFormat(StrEnum):
    """How ``poa lint`` prints what it finds (the shapes of ``poa validate``)."""

    text = "text"
    json = "json"
    github = "github"


def colour() -> bool:
    """True when standard output is a terminal and ``NO_COLOR`` is unset (no-color.org).

    The one rule every command follows: a pipe, a file, CI logs and NO_COLOR get
    plain text (git's word-diff markers where colour would mark a change).
    """
    return not os.environ.get("NO_COLOR") and on_terminal()


def print_json(value: Any, *, indent: int | None = 2) -> None:
    """Write *value* as JSON (UTF-8 as it is, not escaped) and a newline to stdout."""
    import json  # here: a warm validate, which imports this module, prints no JSON of its own

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=indent) + "\n")
