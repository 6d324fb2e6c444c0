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

from poa_cli.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_USAGE, EXIT_USER, UsageError

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

_debug = False


def set_debug(value: bool) -> None:
    """Let unexpected exceptions show their traceback (``poa --debug``)."""
    global _debug
    _debug = value or bool(os.environ.get("POA_DEBUG"))


class PoaGroup(TyperGroup):
    """The one handler that turns exceptions into one line and an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if not isinstance(command, TyperGroup):
                readable_placeholders(command)

    def invoke(self, ctx: Any) -> Any:
        from poa_cli.errors import PoaError, UsageError

        try:
            return super().invoke(ctx)
        except UsageError as exc:
            fail(exc.one_line(), EXIT_USAGE)
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


# Placeholders in --help by what the option takes, as a drafter would read them
# (Typer's own are "<str>", "<int range>" and "{target}").
_PLACEHOLDERS = {"doc": "DIR", "output": "FILE", "by": "STATE", "fmt": "FORMAT"}


def readable_placeholders(command: Any) -> None:
    """Give every option and argument of *command* a readable placeholder in --help."""
    from typer.core import TyperArgument, TyperOption

    for param in command.params:
        if isinstance(param, TyperArgument):
            name = param.metavar or (param.name or "").upper()
            param.metavar = name
            # Typer wraps a required argument's name in braces in the usage line.
            param.make_metavar = lambda ctx=None, usage=False, _n=name: _n  # type: ignore[method-assign,misc]
        elif isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            kind = str(getattr(param.type, "name", ""))
            if param.name in _PLACEHOLDERS:
                param.metavar = _PLACEHOLDERS[param.name]
            elif kind.startswith("int"):
                param.metavar = "N"
            elif kind in ("path", "file"):
                param.metavar = "PATH"
            else:
                param.metavar = "TEXT"


def fail(message: str, code: int = EXIT_USER) -> NoReturn:
    """Print ``poa: <message>`` on stderr and exit with *code*."""
    sys.stderr.write(f"poa: {message}\n")
    raise typer.Exit(code)


def console(stderr: bool = False) -> "Console":
    """Return a rich console; width and colour follow the terminal (or COLUMNS/NO_COLOR)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def wide_console() -> "Console":
    """Return a console for a pipe or a file: nothing wrapped or cut to a terminal's width."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, width=100_000, no_color=True)


def new_app(help_text: str, *, completion: bool = False) -> typer.Typer:
    """Return a Typer group configured like every poa group (*completion*: the root,
    which offers --install-completion and --show-completion)."""
    return typer.Typer(
        cls=PoaGroup,
        help=help_text,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        add_completion=completion,
    )


def document(explicit: Path | None) -> Path:
    """Resolve the document folder for a command (see layout.find_document)."""
    from poa_cli.storage.layout import find_document

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


def parse_date(value: str | None, option: str) -> "date | None":
    """Return the date an option gives as YYYY-MM-DD (None when not given); exit 2 otherwise."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be YYYY-MM-DD, not {value!r}") from None


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
    from poa_cli.storage.yamlio import atomic_write_bytes

    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror}")
    return True


def done(outcome: Any) -> None:
    """Print what a write command did and the commit it made."""
    sha = f" [{outcome.commit[:10]}]" if outcome.commit else " (not committed)"
    sys.stdout.write(f"{outcome.summary}{sha}\n")
