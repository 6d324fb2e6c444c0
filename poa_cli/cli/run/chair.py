"""``poa init``: a new document, or one rolled over from an adopted text in Akoma Ntoso."""

import sys
from datetime import date
from pathlib import Path

from poa_cli.cli.base import done, parse_date
from poa_cli.errors import UsageError


def init(
    *,
    folder: Path,
    title: str | None = None,
    symbol: str | None = None,
    body: str = "General Assembly",
    numbering: str = "resolution",
    distribution: str | None = None,
    on: str | None = None,
    session: str | None = None,
    agenda_item: str | None = None,
    opening: str | None = None,
    note: str | None = None,
    original_language: str | None = None,
    from_akn: list[Path] | None = None,
    no_commit: bool = False,
) -> None:
    """Create the document in *folder* (git init when it is in no repository)."""
    if from_akn:
        from poa_cli.actions.rollover import init_from_akn

        outcome = init_from_akn(folder, from_akn, symbol=symbol, title=title, commit=not no_commit)
        for warning in outcome.warnings:
            sys.stderr.write(f"warning: {warning}\n")
        done(outcome)
        return
    if title is None or symbol is None:
        raise UsageError("give --title and --symbol (or start from a text with --from-akn FILE)")
    from poa_cli.actions.chair import init_document

    masthead = masthead_options(
        distribution=distribution, date=on, session=session, agenda_item=agenda_item,
        opening=opening, note=note, original_language=original_language,
    )  # fmt: skip
    done(
        init_document(
            folder, title=title, symbol=symbol, body=body, numbering=numbering,
            masthead=masthead, commit=not no_commit,
        )
    )  # fmt: skip


def masthead_options(**values: str | None) -> dict[str, str | date | None]:
    """The masthead options as edit_document/init take them (the date parsed)."""
    out: dict[str, str | date | None] = dict(values)
    if values.get("date") is not None:
        out["date"] = parse_date(values["date"], "--date")
    return out
