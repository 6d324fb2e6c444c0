"""``poa lint``: the UN's drafting rules, for drafters, for CI and as a pre-commit hook."""

from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.output import LintFormat


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
    from poa_cli.cli.run.lint import lint as run

    run(docs=docs, fmt=fmt, rule=rule, list_rules=list_rules, cache=cache)


def register(app: typer.Typer) -> None:
    """Add lint to the root app."""
    app.command("lint")(lint)
