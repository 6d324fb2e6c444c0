"""``poa validate``: every schema and cross-file check, for people and for CI."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import fail


def validate(
    docs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DOC]...",
            help="Document folders (default: the one here, else every one below here).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, json or github (annotations).")
    ] = "text",
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    cache: Annotated[bool, typer.Option(help="Reuse per-file results for unchanged files.")] = True,
) -> None:
    """Check every file of the document(s): schemas, ids, order, footnotes, targets,
    proposers. Exit 0 when valid, 1 otherwise.

    Example: poa validate drafts/poa-founding-document --format github
    """
    from poa_cli.actions.validate import discover
    from poa_cli.actions.validate import validate as run
    from poa_cli.cli import report
    from poa_cli.errors import NotFound
    from poa_cli.storage.store import find_document

    if fmt not in ("text", "json", "github"):
        fail(f"--format must be text, json or github, not {fmt!r}", 2)
    roots = [find_document(d) for d in docs] if docs else discover(Path.cwd())
    if not roots:
        raise NotFound("no document.yaml here or below", hint="pass a document folder")
    result = run(roots, use_cache=cache)
    writer = {"text": report.text, "json": report.as_json, "github": report.github}[fmt]
    sys.stdout.write(writer(result))
    if not result.ok(strict):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add validate to the root app."""
    app.command("validate")(validate)
