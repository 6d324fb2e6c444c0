"""``poa diff``: the word-level changes between two revisions, every change attributed."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_cli.cli.base import console, document
from poa_cli.cli.output import TextFormat, colour, print_json

if TYPE_CHECKING:
    from poa_cli.actions.history import Cause


def diff(
    *,
    rev: str,
    to: str = "working",
    clause: str | None = None,
    fmt: TextFormat = TextFormat.TEXT,
    doc: Path | None = None,
) -> None:
    """Print the changes from *rev* to *to* (text for people, JSON for programs)."""
    root = document(doc)
    if fmt == "json":
        # Between two revisions (or commits) the answer never changes: it is kept.
        from poa_cli.actions import remembered
        from poa_cli.actions.remembered_diffs import diff_slot

        where = diff_slot(root, rev, to, clause)
        text = remembered.recall_text(where)
        if text is None:
            from poa_cli.actions.history import diff as diff_core
            from poa_cli.storage.cache import write_text_memo

            shown = diff_core(root, rev, to, clause=clause).as_json()
            text = json.dumps(shown, ensure_ascii=False, indent=2) + "\n"
            write_text_memo(*where, text)
        sys.stdout.write(text)
        return
    from rich.markup import escape

    from poa_cli.actions.history import diff as diff_core

    result = diff_core(root, rev, to, clause=clause)
    out = console()
    out.print(f"[bold]{escape(result.title())}[/bold]")
    if not result.changes:
        out.print("no differences")
        return
    for ch in result.changes:
        out.print()
        out.print(f"[bold]{escape(ch.clause)}[/bold] {escape(ch.summary())}")
        for part in ch.parts:
            if part.changed or ch.status != "changed":
                prefix = f"  ({part.id}) " if part.id != ch.clause else "  "
                out.print(marked_text(part.segments, prefix))
        for event in ch.events:
            out.print(f"  {escape(event.describe())}")
        for line in legend(ch.causes()):
            out.print(f"    {escape(line)}", style="dim")


def blame(
    *,
    clause: str,
    at: str = "working",
    fmt: TextFormat = TextFormat.TEXT,
    doc: Path | None = None,
) -> None:
    """Print who wrote each word of *clause* at *at* (a table, or JSON)."""
    from poa_cli.actions.history import blame as blame_core
    from poa_cli.actions.signatures import record

    root = document(doc)
    result = blame_core(root, clause, at)
    signed = record(root)
    if fmt == "json":
        data = result.as_json()
        if signed is not None:
            data["signatures"] = {
                aid: [s.as_json() for s in signed.for_subject(aid)]
                for aid in sorted(
                    {r.cause.amendment for p in result.parts for r in p.runs() if r.cause.amendment}
                )
            }
        print_json(data)
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    from poa_cli.storage.revisions import revision_label

    label = revision_label(result.revision)
    when = (
        "as the text stands now (not yet issued)"
        if result.revision == "working"
        else f"in {label} ({result.revision})"
        if label != result.revision
        else f"at {result.revision}"
    )
    table = Table(
        title=f"Who wrote each word of {clause}, {when}", title_justify="left", show_lines=False
    )
    for col in ("Part", "Revision", "Source", "Words"):
        table.add_column(col, no_wrap=col in ("Part", "Revision"))
    for part in result.parts:
        for run in part.runs():
            source = run.cause.describe()
            if signed is not None and run.cause.amendment:
                proposal = signed.for_subject(run.cause.amendment)[:1]
                source += "".join(f" {s.mark()}" for s in proposal)
            table.add_row(part.id, run.cause.revision, escape(source), escape(run.text.strip()))
    out.print(table)


def marked_text(segments: Any, prefix: str = "") -> Any:
    """Return rich Text of attributed segments, each changed run followed by ⟨its cause⟩.

    Insertions are underlined green and deletions struck red; without colour
    (NO_COLOR, a pipe, CI) they are git's word-diff markers ``{+…+}`` and ``[-…-]``.
    """
    from rich.text import Text

    from poa_cli.actions.history import marked

    plain = not colour()
    text = Text(prefix)
    for mark in marked(segments):
        if mark.kind == "cause":
            text.append(f"⟨{mark.text}⟩", style="dim")
        elif mark.kind == "text":
            text.append(mark.text)
        elif plain:
            text.append(f"{{+{mark.text}+}}" if mark.kind == "insert" else f"[-{mark.text}-]")
        else:
            text.append(
                mark.text, style="underline green" if mark.kind == "insert" else "strike red"
            )
    return text


def legend(causes: "list[Cause]") -> list[str]:
    """Return the legend lines: ⟨mark⟩ and who caused the change."""
    return [f"⟨{c.short}⟩ {c.describe()}" for c in causes]
