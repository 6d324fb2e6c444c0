"""The ``poa`` command line: one Typer app, one module per command group.

:mod:`poa_cli.cli.root` builds the Typer app; each group's module
(``chair``, ``draft``, ``validate`` …) declares its commands' options and help.
What the most used commands do is in :mod:`poa_cli.cli.run`, which needs no
Typer, so :mod:`poa_cli.cli.fast` can run them from a table generated from the
Typer app (``make cli-static``) without importing Typer; anything it does not
recognise goes to Typer. This package itself imports nothing heavy.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself is not imported (fast.py's commands need none of it)
if TYPE_CHECKING:
    from typing import Any

_FROM_ROOT = ("app", "build_app", "COMMANDS", "modules_for", "root_help_text", "write_static")


def main(argv: list[str] | None = None) -> int:
    """Run poa with *argv* (default: the process arguments); return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    from poa_cli.cli.fast import run

    code = run(args)
    if code is not None:
        return code
    from poa_cli.cli.root import main as typer_main

    return typer_main(args)


def __getattr__(name: str) -> Any:
    if name in _FROM_ROOT:
        from poa_cli.cli import root

        return getattr(root, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
