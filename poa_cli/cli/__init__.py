"""The ``poa`` command line: one Typer app, one module per command group.

Typer turns every registered function into a click command each time the app
runs, which costs about a millisecond per command. :func:`main` therefore builds
the root app with only the group the arguments name (``poa draft amend …``
builds ``draft`` and ``amendments``); ``poa --help`` and anything it cannot
place get the whole app. ``app`` (the whole app) is built on first use, for
tests and for tools that introspect the command line.
"""

import importlib
import sys
from functools import cache
from typing import Annotated, Any

import typer

from poa_cli import __version__
from poa_cli.cli.common import new_app, set_debug

# Which module registers each top-level command, in the order --help lists them.
COMMANDS: dict[str, str] = {
    "init": "chair",
    "section": "chair",
    "clause": "chair",
    "paragraph": "chair",
    "document": "chair",
    "draft": "draft",
    "amendments": "draft",
    "validate": "validate",
    "lint": "lint",
    "silence": "silence",
    "states": "states",
    "consolidate": "revisions",
    "diff": "revisions",
    "history": "revisions",
    "blame": "revisions",
    "render": "render",
    "translations": "translations",
    "status": "status",
    "site": "site",
}
_ROOT_FLAGS = {"--debug"}  # root options that take no value


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"poa {__version__}\n")
        raise typer.Exit()


def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    set_debug(debug)
    from poa_cli import interrupts

    interrupts.reset()  # each command starts with nothing committed


def build_app(modules: list[str] | None = None) -> typer.Typer:
    """Return the root app with the commands of *modules* (default: all of them)."""
    root = new_app(
        "Draft, amend, version and print the founding document of the UN Programme of "
        "Action on ICTs (the PoA).\n\n"
        "Example: poa init negotiation/poa --title 'Founding document' --symbol A/CONF.1/L.1",
        completion=True,
    )
    root.callback()(_root)
    for name in modules if modules is not None else list(dict.fromkeys(COMMANDS.values())):
        importlib.import_module(f"poa_cli.cli.{name}").register(root)
    return root


@cache
def _whole_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str) -> Any:
    if name == "app":
        return _whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def modules_for(argv: list[str]) -> list[str] | None:
    """Return the modules *argv* needs, or None for the whole app."""
    for arg in argv:
        if arg in _ROOT_FLAGS:
            continue
        return [COMMANDS[arg]] if arg in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    """Run poa with *argv* (default: the process arguments); return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        build_app(modules_for(args))(args=args, prog_name="poa")
    except KeyboardInterrupt:
        sys.stderr.write("poa: interrupted\n")
        return 130
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
