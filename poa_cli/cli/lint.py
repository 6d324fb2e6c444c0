"""``poa lint``: the UN's drafting rules, for drafters, for CI and as a pre-commit hook."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.errors import UsageError


class LintFormat(StrEnum):
    """How ``poa lint`` prints what it finds (the shapes of ``poa validate``)."""

    text = "text"
    json = "json"
    github = "github"


def lint(
    docs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DOC]...",
            help="Document folders, or files in them (default: the one here, else every "
            "one below here).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        LintFormat, typer.Option("--format", "-f", help="text, json or github (annotations).")
    ] = LintFormat.text,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help="Check only this rule (repeatable; see --list-rules)."),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Print every rule and how to fix it, then exit.")
    ] = False,
    cache: Annotated[bool, typer.Option(help="Reuse the last answer for unchanged files.")] = True,
) -> None:
    """Check the clauses against the UN's drafting rules: italic lead words, endings,
    one form, UN spelling, quotes, dashes, spaces, brackets, footnote calls, symbols
    and citations. Exit 0 when it finds nothing, 1 when it finds something.

    Example: poa lint drafts/poa-founding-document --format github --rule spelling
    """
    from poa_cli.actions.lint import lint as run
    from poa_cli.actions.validate import discover
    from poa_cli.cli import report
    from poa_cli.domain.lint import RULES
    from poa_cli.errors import NotFound
    from poa_cli.storage.layout import find_document

    if list_rules:
        width = max(len(r) for r in RULES)
        sys.stdout.write("".join(f"{r:<{width}}  {m}\n" for r, m in RULES.items()))
        return
    wanted = [r.strip() for raw in rule or [] for r in raw.split(",") if r.strip()]
    unknown = [r for r in wanted if r not in RULES]
    if unknown:
        raise UsageError(f"unknown rule {', '.join(unknown)} (poa lint --list-rules lists them)")
    roots: list[Path] = []
    for d in docs or []:
        root = _document_of(d) if d.is_file() else find_document(d)
        if root is not None and root not in roots:
            roots.append(root)
    if not docs:
        roots = discover(Path.cwd())
    if not roots:
        raise NotFound("no document.yaml here or below", hint="pass a document folder")
    result = run(roots, rules=wanted, use_cache=cache)
    writer = {"text": report.text, "json": report.as_json, "github": report.github}[fmt.value]
    sys.stdout.write(writer(result))
    if result.diagnostics:
        raise typer.Exit(1)


def _document_of(file: Path) -> Path | None:
    """The document a file belongs to (a pre-commit hook passes the changed files), or None."""
    for folder in file.resolve().parents:
        if (folder / "document.yaml").is_file():
            return folder
    return None


def register(app: typer.Typer) -> None:
    """Add lint to the root app."""
    app.command("lint")(lint)
