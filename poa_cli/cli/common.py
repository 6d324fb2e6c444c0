"""What the Typer app shares: its group class, the common options, writing output.

What needs no Typer (exits, the error handler, consoles, finding the document)
is in :mod:`poa_cli.cli.base`, re-exported here for the command modules.
Imports stay light (typer only): rich, ruamel, git and the rest load inside the
commands.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from poa_cli.cli.base import (
    console,
    document,
    done,
    fail,
    outcome,
    parse_date,
    set_debug,
    wide_console,
)

__all__ = [
    "DocArgument", "DocOption", "NoCommit", "PoaGroup", "console", "document", "done", "fail",
    "new_app", "parse_date", "readable_placeholders", "set_debug", "wide_console", "write_output",
]  # fmt: skip


class PoaGroup(TyperGroup):
    """The one handler (:func:`poa_cli.cli.base.outcome`) around every command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if not isinstance(command, TyperGroup):
                readable_placeholders(command)

    def invoke(self, ctx: Any) -> Any:
        invoke = super().invoke
        returned: list[Any] = []
        code = outcome(lambda: returned.append(invoke(ctx)))
        if code:
            raise typer.Exit(code)
        return returned[0] if returned else None


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
    from poa_cli.storage.yamlio import atomic_write_bytes

    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror}")
    return True
