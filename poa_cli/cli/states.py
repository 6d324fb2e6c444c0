"""``poa states``: Member States, observers, the EU and negotiating groups."""

import json
import sys
from typing import Annotated

import typer

from poa_cli.cli.common import fail


def states(
    query: Annotated[str | None, typer.Argument(help="Part of a name, an alias or a code.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List the States, observers and groups poa knows, as the UN writes their names.

    Example: poa states korea
    """
    from poa_cli.domain.proposers import default_registry

    found = default_registry().search(query or "")
    if not found:
        try:
            default_registry().resolve(query or "")
        except Exception as exc:  # UnknownProposer carries the near-miss hint
            hint = getattr(exc, "hint", None)
            fail(f"no State or group matches {query!r}" + (f" ({hint})" if hint else ""))
    if fmt == "json":
        rows = [
            {"code": p.code, "name": p.name, "kind": p.kind, "aliases": list(p.aliases)}
            for p in found
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "table":
        fail(f"--format must be table or json, not {fmt!r}", 2)
    for p in found:
        sys.stdout.write(f"{p.code:<9} {p.kind:<15} {p.name}\n")


def register(app: typer.Typer) -> None:
    """Add states to the root app."""
    app.command("states")(states)
