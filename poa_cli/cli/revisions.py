"""``poa consolidate`` (the Chair's team), ``poa diff``, ``poa history``, ``poa blame``."""

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from poa_cli.cli.common import DocOption, console, document, fail

if TYPE_CHECKING:
    from poa_cli.actions.history import Cause


Ids = Annotated[
    list[str] | None,
    typer.Option(help="Amendment id (repeat, or separate with commas).", show_default=False),
]


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--date must be YYYY-MM-DD, not {value!r}", 2)


def consolidate(
    accept: Ids = None,
    reject: Ids = None,
    over_objection: Annotated[
        list[str] | None,
        typer.Option(
            help="Accept this amendment although a State objects (needs --note; "
            "ID=NOTE gives it its own note).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(help="The Chair's note: recorded in the commit, the tag and each override."),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", help="Name of the revision (default: rev-0, then the next number)."),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Date of issue, YYYY-MM-DD (default: today).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show what would happen; write nothing.")
    ] = False,
    doc: DocOption = None,
) -> None:
    """Record the Chair's decisions, apply the accepted amendments, and issue the next
    revision (a commit tagged <document>/rev-N). The first revision is the zero draft.

    Example: poa consolidate --accept DNK-1 --accept EU-2 --reject RUS-1 --note "Informals 3"
    """
    from poa_cli.actions.consolidate import issue_revision

    overrides: dict[str, str | None] = {}
    for raw in over_objection or []:
        aid, sep, own = raw.partition("=")
        overrides[aid.strip()] = own.strip() if sep else None
    issued = issue_revision(
        document(doc),
        accept=accept or [],
        reject=reject or [],
        over_objection=overrides,
        note=note,
        name=as_,
        on=_date(on),
        dry_run=dry_run,
    )
    from rich.markup import escape

    out = console()
    sha = f" [{issued.commit[:10]}]" if issued.commit else ""
    verb = "Would issue" if issued.dry_run else "Issued"
    label = issued.label[0].upper() + issued.label[1:]
    out.print(
        f"[bold]{verb} {escape(label)} ({issued.revision})[/bold]: {escape(issued.symbol)}, "
        f"{issued.date.isoformat()}{escape(sha)}"
    )
    if not issued.dry_run:
        out.print(f"tag: {escape(issued.tag)}")

    def ids(title: str, values: tuple[str, ...]) -> None:
        if values:
            out.print(f"{title} ({len(values)}): {escape(', '.join(values))}")

    ids("applied", issued.applied)
    ids("rejected", issued.rejected)
    for aid, names in issued.over_objection:
        out.print(f"accepted over the objection of {escape(', '.join(names))}: {aid}")
    ids("clauses changed", issued.changed)
    ids("clauses inserted", issued.inserted)
    ids("clauses deleted", issued.deleted)
    ids("clauses moved", issued.moved)
    if not issued.applied and not issued.rejected:
        out.print("no amendment to apply: the text is issued as it stands")
    if issued.stale:
        out.print(
            f"[bold]stale now[/bold] ({len(issued.stale)}): these pending amendments no longer "
            f"apply to the {escape(issued.label)} text; their proposers should redraft them"
        )
        for s in issued.stale:
            out.print(f"  {s.amendment}: {escape(s.reason)}")


# --------------------------------------------------------------------------- reading


Fmt = Annotated[str, typer.Option("--format", "-f", help="text or json.")]


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        fail(f"--format must be text or json, not {fmt!r}", 2)


def _cause_short(cause: "Cause") -> str:
    if cause.kind == "amendment":
        return cause.amendment or "?"
    if cause.kind == "editorial":
        return "Chair"
    if cause.kind == "zero-draft":
        return "zero draft"
    return "?"


def _marked(segments: Any, prefix: str = "") -> Any:
    """Return rich Text of attributed segments, each changed run followed by ⟨its cause⟩.

    Insertions are underlined green and deletions struck red; without colour
    (NO_COLOR, a pipe, CI) they are git's word-diff markers ``{+…+}`` and ``[-…-]``.
    """
    from rich.text import Text

    plain = console().no_color or not console().is_terminal
    text = Text(prefix)
    pending: Cause | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            text.append(f"⟨{_cause_short(pending)}⟩", style="dim")
        pending = None

    held = ""  # the spacing after a deletion, dropped when its replacement follows
    for seg in segments:
        body = seg.text.rstrip()
        tail = seg.text[len(body) :]
        if seg.op == "equal" or not body.strip():
            if seg.op != "delete":  # a change of spacing only shows as the new spacing
                flush()
                text.append(held + seg.text)
                held = ""
            continue
        if pending is not None and seg.cause != pending:
            flush()
            text.append(held)
            held = ""
        if plain:
            text.append(f"{{+{body}+}}" if seg.op == "insert" else f"[-{body}-]")
        else:
            text.append(body, style="underline green" if seg.op == "insert" else "strike red")
        pending = seg.cause
        if seg.op == "delete":
            held = tail
        else:
            flush()
            text.append(tail or held)
            held = ""
    flush()
    text.append(held)
    return text


def _legend(causes: "list[Cause]") -> list[str]:
    return [f"⟨{_cause_short(c)}⟩ {c.describe()}" for c in causes]


def diff(
    rev: Annotated[str, typer.Argument(help="The older revision: rev-N, a tag, a commit, HEAD.")],
    to: Annotated[str, typer.Argument(help="The newer revision (default: working).")] = "working",
    clause: Annotated[str | None, typer.Option("--clause", "-c", help="Only this clause.")] = None,
    fmt: Fmt = "text",
    doc: DocOption = None,
) -> None:
    """Show the word-level changes between two revisions, each labelled with the amendment
    and States that caused it, or "Chair (editorial)" for a direct edit.

    Example: poa diff rev-1 rev-2 --clause op-meet
    """
    from poa_cli.actions.history import diff as diff_core

    _check_format(fmt)
    result = diff_core(document(doc), rev, to, clause=clause)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.markup import escape

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
                out.print(_marked(part.segments, prefix))
        for event in ch.events:
            out.print(f"  {escape(event.describe())}")
        for legend in _legend(ch.causes()):
            out.print(f"    {escape(legend)}", style="dim")


def history(
    clause: Annotated[str, typer.Argument(metavar="CLAUSE", help="Clause id.")],
    fmt: Fmt = "text",
    doc: DocOption = None,
) -> None:
    """Show every revision that changed a clause: the amendments and States behind each
    change, and the text at that revision.

    Example: poa history op-meet
    """
    from poa_cli.actions.history import history as history_core

    _check_format(fmt)
    result = history_core(document(doc), clause)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]History of {escape(clause)}[/bold]")
    if not result.entries:
        out.print("not in any revision yet")
    for entry in result.entries:
        out.print()
        when = f", {entry.date}" if entry.date else ""
        out.print(f"[bold]{escape(entry.revision)}[/bold] ({escape(entry.label)}{when})")
        for line in entry.describe():
            out.print(f"  {escape(line)}")
        for part in entry.parts:
            prefix = f"  ({part.id}) " if part.id != clause else "  "
            out.print(_marked(part.segments, prefix))
    if result.procedures:
        out.print()
        out.print("[bold]Silence procedure[/bold]")
        for line in result.procedures:
            out.print(f"  {escape(line)}")


def blame(
    clause: Annotated[str, typer.Argument(metavar="CLAUSE", help="Clause id.")],
    at: Annotated[
        str, typer.Option("--rev", "-r", help="The text to explain (default: working).")
    ] = "working",
    fmt: Fmt = "text",
    doc: DocOption = None,
) -> None:
    """Show every word of a clause with the revision in which it entered and the amendment
    and State(s) that proposed it ("zero draft" for original words).

    Example: poa blame op-meet --format json
    """
    from poa_cli.actions.history import blame as blame_core

    _check_format(fmt)
    result = blame_core(document(doc), clause, at)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    table = Table(title=f"{clause} at {result.revision}", title_justify="left", show_lines=False)
    for col in ("Part", "Revision", "Source", "Words"):
        table.add_column(col, no_wrap=col in ("Part", "Revision"))
    for part in result.parts:
        for run in part.runs():
            table.add_row(
                part.id, run.cause.revision, escape(run.cause.describe()), escape(run.text.strip())
            )
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add consolidate, diff, history and blame to the root app."""
    app.command("consolidate")(consolidate)
    app.command("diff")(diff)
    app.command("history")(history)
    app.command("blame")(blame)
