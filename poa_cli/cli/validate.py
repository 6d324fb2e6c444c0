"""``poa validate``: every schema and cross-file check, for people and for CI."""

from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.output import ReportFormat


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
        ReportFormat, typer.Option("--format", "-f", help="text, json or github (annotations).")
    ] = ReportFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    cache: Annotated[bool, typer.Option(help="Reuse per-file results for unchanged files.")] = True,
    signatures: Annotated[
        bool | None,
        typer.Option(
            "--signatures/--no-signatures",
            help="Also check that every proposal, position and revision is signed by whom it "
            "claims (default: as document.yaml's require_signatures says).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every file of the document(s): schemas, ids, order, footnotes, targets,
    proposers; with --signatures, who signed every change. Exit 0 when valid, 1 otherwise.

    Example: poa validate drafts/poa-founding-document --format github
    """
    from poa_cli.cli.run.validate import validate as run

    run(docs=docs, fmt=fmt, strict=strict, cache=cache, signatures=signatures)


def register(app: typer.Typer) -> None:
    """Add validate to the root app."""
    app.command("validate")(validate)
