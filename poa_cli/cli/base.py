"""What every command shares and needs no Typer: exits, the one error handler, consoles.

The commands' work (``poa_cli.cli.run``) is written against this module only, so
that the fast path (:mod:`poa_cli.cli.fast`) can run it without importing Typer,
which costs several times an interpreter's start-up. The Typer app wraps the same
handler (``common.PoaGroup``), so both paths end a command the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from poa_cli.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_USAGE, EXIT_USER

TYPE_CHECKING = False  # typing itself is not imported: the fast path needs none of it
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from typing import Any, NoReturn

    from rich.console import Console

_debug = False


def set_debug(value: bool) -> None:
    """Let unexpected exceptions show their traceback (``poa --debug``)."""
    global _debug
    _debug = value or bool(os.environ.get("POA_DEBUG"))


class Exit(Exception):
    """End the command with *code* (what it had to say is already printed)."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


def fail(message: str, code: int = EXIT_USER) -> NoReturn:
    """Print ``poa: <message>`` on stderr and exit with *code*."""
    sys.stderr.write(f"poa: {message}\n")
    raise Exit(code)


def outcome(run: Callable[[], Any]) -> int:
    """Run a command's work; return its exit code, every failure told in one line.

    PoaError is the user's mistake or the document's (exit 1; UsageError: 2);
    Ctrl-C is 130; anything else is a bug in poa (exit 3, the traceback with
    ``--debug``). Typer's and click's own exceptions pass through to Typer.
    """
    from poa_cli.errors import PoaError, UsageError

    try:
        run()
    except Exit as exc:
        return exc.code
    except UsageError as exc:
        sys.stderr.write(f"poa: {exc.one_line()}\n")
        return EXIT_USAGE
    except PoaError as exc:
        sys.stderr.write(f"poa: {exc.one_line()}\n")
        return EXIT_USER
    except KeyboardInterrupt:
        sys.stderr.write("poa: interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _debug or type(exc).__module__.startswith(("typer", "click")):
            raise
        name = type(exc).__name__
        sys.stderr.write(
            f"poa: internal error ({name}: {exc}); this is a bug in poa. "
            "Run again with --debug for the traceback and report it.\n"
        )
        return EXIT_BUG
    return 0


def document(explicit: Path | None) -> Path:
    """Resolve the document folder for a command (see layout.find_document)."""
    from poa_cli.storage.layout import find_document

    return find_document(explicit)


def parse_date(value: str | None, option: str) -> date | None:
    """Return the date an option gives as YYYY-MM-DD (None when not given); exit 2 otherwise."""
    from datetime import date

    from poa_cli.errors import UsageError

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be YYYY-MM-DD, not {value!r}") from None


def console(stderr: bool = False) -> Console:
    """Return a rich console; width and colour follow the terminal (or COLUMNS/NO_COLOR)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def wide_console() -> Console:
    """Return a console for a pipe or a file: nothing wrapped or cut to a terminal's width."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, width=100_000, no_color=True)


def done(outcome: Any) -> None:
    """Print what a write command did and the commit it made."""
    sha = f" [{outcome.commit[:10]}]" if outcome.commit else " (not committed)"
    sys.stdout.write(f"{outcome.summary}{sha}\n")
