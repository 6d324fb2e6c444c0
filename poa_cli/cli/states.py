"""``poa states``: Member States, observers, the EU and negotiating groups."""

import sys
from typing import Annotated

import typer

from poa_cli.cli.common import fail
from poa_cli.cli.output import TableFormat, print_json


def states(
    query: Annotated[str | None, typer.Argument(help="Part of a name, an alias or a code.")] = None,
    fmt: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table or json.")
    ] = TableFormat.TABLE,
) -> None:
    """List the States, observers and groups poa knows, as the UN writes their names.

    Example: poa states korea
    """
    from poa_cli.domain.proposers import default_registry
    from poa_cli.errors import PoaError

    found = default_registry().search(query or "")
    if not found:
        try:
            default_registry().resolve(query or "")
        except PoaError as exc:  # UnknownProposer carries the near-miss hint
            hint = exc.hint
            fail(f"no State or group matches {query!r}" + (f" ({hint})" if hint else ""))
    if fmt == "json":
        rows = [
            {"code": p.code, "name": p.name, "kind": p.kind, "aliases": list(p.aliases)}
            for p in found
        ]
        print_json(rows)
        return
    for p in found:
        sys.stdout.write(f"{p.code:<9} {p.kind:<15} {p.name}\n")


def register(app: typer.Typer) -> None:
    """Add states to the root app."""
    app.command("states")(states)
