"""The ``poa`` command line: one Typer app, one module per command group."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from poa_cli import __version__
from poa_cli.cli import chair, draft, states, validate
from poa_cli.cli import render as render_cli
from poa_cli.cli import revisions as revisions_cli
from poa_cli.cli.common import new_app, set_debug

app = new_app(
    "Draft, amend, version and print the founding document of the UN Programme of "
    "Action on ICTs (the PoA).\n\n"
    "Example: poa init negotiation/poa --title 'Founding document' --symbol A/CONF.1/L.1"
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"poa {__version__}\n")
        raise typer.Exit()


@app.callback()
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


chair.register(app)
draft.register(app)
validate.register(app)
states.register(app)
revisions_cli.register(app)
render_cli.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run poa with *argv* (default: the process arguments); return the exit code."""
    try:
        app(args=argv, prog_name="poa")
    except KeyboardInterrupt:
        sys.stderr.write("poa: interrupted\n")
        return 130
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
