"""``poa consolidate`` (the Chair's team), ``poa diff``, ``poa history``, ``poa blame``."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from poa_cli.cli.common import DocOption, console, document, parse_date
from poa_cli.cli.output import TextFormat, print_json
from poa_cli.cli.run.revisions import marked_text
from poa_cli.errors import UsageError

if TYPE_CHECKING:
    pass


Ids = Annotated[
    list[str] | None,
    typer.Option(help="Amendment id (repeat, or separate with commas).", show_default=False),
]


def consolidate(
    accept: Ids = None,
    reject: Ids = None,
    over_objection: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID=NOTE",
            help="Accept this amendment although a State objects, with the Chair's note on "
            'why consensus was judged to exist: DNK-3="Broad support in informals" '
            "(a bare ID takes --note).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TEXT",
            help="The Chair's note: recorded in the commit and the tag (once).",
            show_default=False,
        ),
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
    from poa_cli.actions.consolidate import issue_revision, parse_overrides

    if len(note or []) > 1:
        # Typer would keep the last one and drop the others without a word.
        raise UsageError(
            "--note is given more than once; give one note for the revision, and each "
            "override its own with --over-objection ID=NOTE"
        )
    issued = issue_revision(
        document(doc),
        accept=accept or [],
        reject=reject or [],
        over_objection=parse_overrides(over_objection or []),
        note=note[0] if note else None,
        name=as_,
        on=parse_date(on, "--date"),
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


Fmt = Annotated[TextFormat, typer.Option("--format", "-f", help="text or json.")]


def diff(
    rev: Annotated[str, typer.Argument(help="The older revision: rev-N, a tag, a commit, HEAD.")],
    to: Annotated[str, typer.Argument(help="The newer revision (default: working).")] = "working",
    clause: Annotated[str | None, typer.Option("--clause", "-c", help="Only this clause.")] = None,
    fmt: Fmt = TextFormat.TEXT,
    doc: DocOption = None,
) -> None:
    """Show the word-level changes between two revisions, each labelled with the amendment
    and States that caused it, or "Chair (editorial)" for a direct edit.

    Example: poa diff rev-1 rev-2 --clause op-meet
    """
    from poa_cli.cli.run.revisions import diff as run

    run(rev=rev, to=to, clause=clause, fmt=fmt, doc=doc)


def history(
    clause: Annotated[str, typer.Argument(metavar="CLAUSE", help="Clause id.")],
    fmt: Fmt = TextFormat.TEXT,
    doc: DocOption = None,
) -> None:
    """Show every revision that changed a clause: the amendments and States behind each
    change, and the text at that revision.

    Example: poa history op-meet
    """
    from poa_cli.actions.history import history as history_core
    from poa_cli.actions.signatures import marks_of, record

    root = document(doc)
    result = history_core(root, clause)
    signed = record(root)
    doc_id = root.name
    if fmt == "json":
        data = result.as_json()
        if signed is not None:
            for entry, shown in zip(result.entries, data["entries"], strict=True):
                shown["signatures"] = [
                    s.as_json()
                    for subject in _signed_subjects(entry, doc_id)
                    for s in signed.for_subject(subject)
                ]
        print_json(data)
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
        for subject in _signed_subjects(entry, doc_id):
            for line in marks_of(signed, subject):
                out.print(f"  {escape(line)}")
        for part in entry.parts:
            prefix = f"  ({part.id}) " if part.id != clause else "  "
            out.print(marked_text(part.segments, prefix))
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
    fmt: Fmt = TextFormat.TEXT,
    doc: DocOption = None,
) -> None:
    """Show every word of a clause with the revision in which it entered and the amendment
    and State(s) that proposed it ("zero draft" for original words).

    Example: poa blame op-meet --format json
    """
    from poa_cli.cli.run.revisions import blame as run

    run(clause=clause, at=at, fmt=fmt, doc=doc)


def _signed_subjects(entry: Any, doc_id: str) -> list[str]:
    """The revision's tag and the amendments behind an entry of a clause's history."""
    subjects = [f"{doc_id}/{entry.revision}"]
    subjects += [c.amendment for c in entry.causes() if c.amendment]
    return list(dict.fromkeys(subjects))


def register(app: typer.Typer) -> None:
    """Add consolidate, diff, history and blame to the root app."""
    app.command("consolidate")(consolidate)
    app.command("diff")(diff)
    app.command("history")(history)
    app.command("blame")(blame)
