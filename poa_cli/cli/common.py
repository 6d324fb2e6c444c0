"""What every command shares: the error handler, consoles, common options.

Imports here stay light (typer only): ``poa --help`` must answer in a fraction
of a second, so rich, ruamel, git and the rest load inside the commands.
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from poa_cli.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_USER

if TYPE_CHECKING:
    from rich.console import Console

_debug = False


def set_debug(value: bool) -> None:
    """Let unexpected exceptions show their traceback (``poa --debug``)."""
    global _debug
    _debug = value or bool(os.environ.get("POA_DEBUG"))


class PoaGroup(TyperGroup):
    """The one handler that turns exceptions into one line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        from poa_cli.errors import PoaError

        try:
            return super().invoke(ctx)
        except PoaError as exc:
            fail(exc.one_line())
        except KeyboardInterrupt:
            sys.stderr.write("poa: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except Exception as exc:
            if _debug or type(exc).__module__.startswith(("typer", "click")):
                raise
            name = type(exc).__name__
            sys.stderr.write(
                f"poa: internal error ({name}: {exc}); this is a bug in poa. "
                "Run again with --debug for the traceback and report it.\n"
            )
            raise typer.Exit(EXIT_BUG) from None


def fail(message: str, code: int = EXIT_USER) -> NoReturn:
    """Print ``poa: <message>`` on stderr and exit with *code*."""
    sys.stderr.write(f"poa: {message}\n")
    raise typer.Exit(code)


def console(stderr: bool = False) -> "Console":
    """Return a rich console; width and colour follow the terminal (or COLUMNS/NO_COLOR)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def new_app(help_text: str) -> typer.Typer:
    """Return a Typer group configured like every poa group."""
    return typer.Typer(
        cls=PoaGroup,
        help=help_text,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


def document(explicit: Path | None) -> Path:
    """Resolve the document folder for a command (see store.find_document)."""
    from poa_cli.storage.store import find_document

    return find_document(explicit)


DocOption = Annotated[
    Path | None,
    typer.Option(
        "--doc",
        "-d",
        help="Document folder (default: the one containing the current folder, "
        "else the only one under drafts/).",
        show_default=False,
    ),
]
NoCommit = Annotated[
    bool, typer.Option("--no-commit", help="Write the files but do not commit them.")
]


DocArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="[DOC]",
        help="Document folder (default: the one containing the current folder, "
        "else the only one under drafts/).",
        show_default=False,
    ),
]


def write_output(output: Path, data: bytes) -> bool:
    """Write *data* to *output* atomically ('-': standard output); return True when a
    file was written. Exits 1 with one line when the file cannot be written."""
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(f".{output.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, output)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror}")
    return True


def done(outcome: Any) -> None:
    """Print what a write command did and the commit it made."""
    sha = f" [{outcome.commit[:10]}]" if outcome.commit else " (not committed)"
    sys.stdout.write(f"{outcome.summary}{sha}\n")
