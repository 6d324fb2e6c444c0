"""``poa init``, ``poa section …`` and ``poa clause …``: the Chair's direct edits."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from poa_cli.cli.common import DocOption, NoCommit, document, done, new_app
from poa_cli.cli.output import TableFormat, TextFormat, on_terminal, print_json
from poa_cli.cli.run.chair import masthead_options
from poa_cli.errors import UsageError

if TYPE_CHECKING:
    from rich.text import Text

    from poa_cli.actions.listing import Row
    from poa_cli.domain.textdiff import Segment


section_app = new_app(
    "Sections of the document (parts with a heading).\n\n"
    "Example: poa section add capacity-building --heading 'Capacity-building'"
)
clause_app = new_app(
    "Clauses (paragraphs): the Chair's direct edits, listing and showing. "
    "'poa paragraph' is the same command.\n\n"
    "Example: poa clause add op-scope --kind operative --text '*Decide* that …'"
)
document_app = new_app(
    "The document itself: its masthead.\n\n"
    "Example: poa document edit --distribution General --date 2026-06-26"
)
ClauseId = Annotated[
    str,
    typer.Argument(metavar="ID", help="Clause (paragraph) id, e.g. op-scope."),
]
Footnotes = Annotated[
    list[str] | None,
    typer.Option(
        "--footnote",
        metavar="MARK=TEXT",
        help="A footnote the text calls as [^MARK] (repeat for several).",
        show_default=False,
    ),
]


def _footnotes(specs: list[str] | None) -> tuple[tuple[str, str], ...]:
    notes: list[tuple[str, str]] = []
    for spec in specs or []:
        marker, sep, note = spec.partition("=")
        if not sep or not marker.strip():
            raise UsageError(f"--footnote takes MARK=TEXT, not {spec!r}")
        notes.append((marker.strip(), note))
    return tuple(notes)


Distribution = Annotated[
    str | None, typer.Option(help="General, Limited or Restricted.", show_default=False)
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="Date of issue, YYYY-MM-DD.", show_default=False),
]
Session = Annotated[str | None, typer.Option(help="The session, e.g. 'New York, 15–26 June 2026'.")]
AgendaItem = Annotated[str | None, typer.Option(help="The agenda item.")]
Opening = Annotated[
    str | None, typer.Option(help="The words that open the text, e.g. 'The General Assembly,'.")
]
Note = Annotated[str | None, typer.Option(help="A note printed under the title.")]
OriginalLanguage = Annotated[
    str | None, typer.Option(help="Printed as 'Original: …' (e.g. English).")
]

Kind = Annotated[
    str, typer.Option("--kind", "-k", help="preambular, operative or annex.", show_default=False)
]


def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new document.")],
    title: Annotated[
        str | None,
        typer.Option(
            help="The title printed under the masthead (with --from-akn: the file's).",
            show_default=False,
        ),
    ] = None,
    symbol: Annotated[
        str | None,
        typer.Option(
            help="UN document symbol, e.g. A/CONF.1/2026/L.1 (with --from-akn: the file's).",
            show_default=False,
        ),
    ] = None,
    body: Annotated[str, typer.Option(help="The issuing organ.")] = "General Assembly",
    numbering: Annotated[
        str, typer.Option(help="resolution (operative numbered) or outcome (all numbered).")
    ] = "resolution",
    distribution: Distribution = None,
    on: DateOpt = None,
    session: Session = None,
    agenda_item: AgendaItem = None,
    opening: Opening = None,
    note: Note = None,
    original_language: OriginalLanguage = None,
    from_akn: Annotated[
        list[Path] | None,
        typer.Option(
            "--from-akn",
            help="Technical rollover: start from this adopted text in Akoma Ntoso (repeat "
            "for each language version; the English one, else the first, is the original).",
            show_default=False,
        ),
    ] = None,
    no_commit: NoCommit = False,
) -> None:
    """Create a new document in FOLDER (running git init when it is not in a repository).
    Unless told otherwise the paper is Limited, dated today, original English.

    Example: poa init negotiation/poa --title "Founding document of the PoA"
    --symbol A/CONF.1/2026/L.1 --distribution General --date 2026-06-15

    Example (technical rollover): poa init ict-2025 --from-akn A_RES_78_16E.xml
    --from-akn A_RES_78_16F.xml --symbol A/C.1/80/L.1
    """
    from poa_cli.cli.run.chair import init as run

    run(
        folder=folder, title=title, symbol=symbol, body=body, numbering=numbering,
        distribution=distribution, on=on, session=session, agenda_item=agenda_item,
        opening=opening, note=note, original_language=original_language, from_akn=from_akn,
        no_commit=no_commit,
    )  # fmt: skip


@document_app.command("edit")
def document_edit(
    title: Annotated[str | None, typer.Option(help="The title under the masthead.")] = None,
    symbol: Annotated[str | None, typer.Option(help="UN document symbol.")] = None,
    body: Annotated[str | None, typer.Option(help="The issuing organ.")] = None,
    distribution: Distribution = None,
    on: DateOpt = None,
    session: Session = None,
    agenda_item: AgendaItem = None,
    opening: Opening = None,
    note: Note = None,
    original_language: OriginalLanguage = None,
    numbering: Annotated[
        str | None, typer.Option(help="resolution (operative numbered) or outcome (all numbered).")
    ] = None,
    require_signatures: Annotated[
        bool | None,
        typer.Option(
            "--require-signatures/--no-require-signatures",
            help="Make 'poa validate' check by default that every proposal, position and "
            "revision is signed by whom it claims (docs/security.md).",
            show_default=False,
        ),
    ] = None,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Set the masthead: title, symbol, body, distribution, date, session, agenda item,
    opening words, note, original language, numbering; and whether signatures are
    required. An empty value ('') removes an optional field. Comments and layout in
    document.yaml stay.

    Example: poa document edit --symbol A/CONF.999/2026/L.1/Rev.1 --date 2026-06-20
    """
    from poa_cli.actions.chair import edit_document

    changes = masthead_options(
        title=title, symbol=symbol, body=body, distribution=distribution, date=on,
        session=session, agenda_item=agenda_item, opening=opening, note=note,
        original_language=original_language, numbering=numbering,
    )  # fmt: skip
    if require_signatures is not None:
        changes["require_signatures"] = "true" if require_signatures else "false"
    done(edit_document(document(doc), changes, commit=not no_commit))


@section_app.command("add")
def section_add(
    section_id: Annotated[str, typer.Argument(metavar="ID", help="Section id (a slug).")],
    heading: Annotated[str | None, typer.Option(help="Heading printed above the section.")] = None,
    after: Annotated[str | None, typer.Option(help="Put it after this section.")] = None,
    before: Annotated[str | None, typer.Option(help="Put it before this section.")] = None,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Add a section (at the end unless --after/--before).

    Example: poa section add review --heading "Review of the Programme of Action"
    """
    from poa_cli.actions.chair import add_section

    done(
        add_section(
            document(doc), section_id, heading=heading, after=after, before=before,
            commit=not no_commit,
        )
    )  # fmt: skip


FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="table or json.")]


@section_app.command("list")
def section_list(
    doc: DocOption = None,
    fmt: FormatOpt = TableFormat.TABLE,
) -> None:
    """List the sections with their headings and clause counts.

    Example: poa section list --format json
    """
    from poa_cli.actions.listing import list_sections

    sections = list_sections(document(doc))
    if fmt == "json":
        print_json([s.as_json() for s in sections])
        return
    for listed in sections:
        s = listed.section
        label = f"{listed.label}. " if listed.label else ""
        heading = f"{label}{s.heading}" if s.heading else "(no heading)"
        sys.stdout.write(f"{s.id:<28} {len(s.clauses):>3} clauses  {heading}\n")


@clause_app.command("add")
def clause_add(
    clause_id: Annotated[
        str, typer.Argument(metavar="ID", help="Id of the new clause or sub-paragraph.")
    ],
    text: Annotated[str, typer.Option("--text", "-t", help="The paragraph's text.")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="preambular, operative or annex (not with --parent).",
            show_default=False,
        ),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            metavar="ID", help="Add a sub-paragraph to this clause or sub-paragraph instead."
        ),
    ] = None,
    footnote: Footnotes = None,
    section: Annotated[str | None, typer.Option(help="Section to add it to.")] = None,
    after: Annotated[
        str | None, typer.Option(help="Put it after this clause (or sub-paragraph).")
    ] = None,
    before: Annotated[
        str | None, typer.Option(help="Put it before this clause (or sub-paragraph).")
    ] = None,
    status: Annotated[str, typer.Option(help="bracketed, agreed-ad-ref or adopted.")] = (
        "bracketed"
    ),
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Add a clause, or with --parent a sub-paragraph. Without --section/--after/--before a
    preambular clause goes to the first section, any other to the last, and a
    sub-paragraph after its parent's last one. Every footnote the text calls ([^MARK])
    must be given with --footnote MARK=TEXT (or, for a sub-paragraph, be its clause's).

    Example: poa clause add op-scope --kind operative --text "*Decide* that the scope
    …[^res-77-37]" --footnote res-77-37="General Assembly resolution 77/37."

    Example: poa clause add op-functions-f --parent op-functions --text "to report annually;"
    """
    from poa_cli.actions.chair import add_clause

    done(
        add_clause(
            document(doc), clause_id, kind=kind, text=text, section=section, after=after,
            before=before, status=status, parent=parent, footnotes=_footnotes(footnote),
            commit=not no_commit,
        )
    )  # fmt: skip


@clause_app.command("edit")
def clause_edit(
    clause_id: ClauseId,
    text: Annotated[str | None, typer.Option("--text", "-t", help="New text.")] = None,
    kind: Annotated[str | None, typer.Option(help="New kind.")] = None,
    status: Annotated[str | None, typer.Option(help="bracketed, agreed-ad-ref or adopted.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    footnote: Footnotes = None,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Edit a clause directly (the Chair's editorial change; comments in the file are kept).

    Example: poa clause edit op-scope --status agreed-ad-ref
    """
    from poa_cli.actions.chair import edit_clause

    notes = _footnotes(footnote)
    done(
        edit_clause(
            document(doc), clause_id, text=text, kind=kind, status=status,
            add_tags=tuple(tag or ()), remove_tags=tuple(untag or ()), footnotes=tuple(notes),
            commit=not no_commit,
        )
    )  # fmt: skip


@clause_app.command("move")
def clause_move(
    clause_id: ClauseId,
    after: Annotated[str | None, typer.Option(help="Move it after this clause.")] = None,
    before: Annotated[str | None, typer.Option(help="Move it before this clause.")] = None,
    section: Annotated[str | None, typer.Option(help="Move it to the end of this section.")] = (
        None
    ),
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Move a clause in the order (numbers follow at print time; no file is renamed).

    Example: poa clause move op-review --after op-meetings
    """
    from poa_cli.actions.chair import move_clause

    done(
        move_clause(
            document(doc), clause_id, after=after, before=before, section=section,
            commit=not no_commit,
        )
    )  # fmt: skip


@clause_app.command("remove")
def clause_remove(
    clause_id: ClauseId,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Remove a clause (refused while pending amendments target it).

    Example: poa clause remove pp-old
    """
    from poa_cli.actions.chair import remove_clause

    done(remove_clause(document(doc), clause_id, commit=not no_commit))


@clause_app.command("list")
def clause_list(
    doc: DocOption = None,
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    fmt: FormatOpt = TableFormat.TABLE,
) -> None:
    """List the clauses in reading order with their printed numbers.

    Example: poa clause list --section capacity-building
    """
    from poa_cli.actions.listing import list_clauses

    listing = list_clauses(document(doc), section)
    if fmt == "json":
        print_json([c.as_json() for c in listing.clauses])
        return
    from rich.markup import escape
    from rich.table import Table

    from poa_cli.cli.common import console

    title = f"{listing.symbol} — {listing.title}"
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("No.", justify="right", no_wrap=True, min_width=3)
    table.add_column("Clause", no_wrap=True, min_width=12)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    out = console()
    # The fixed columns keep their width; the opening words get what is left.
    fixed = 5 + max((len(c.clause.id) for c in listing.clauses), default=6) + 12 + 15 + 13
    table.add_column(
        "Opening words", overflow="ellipsis", no_wrap=True, max_width=max(12, out.width - fixed)
    )
    for c in listing.clauses:
        if c.heading:
            label = f"{c.section_label}." if c.section_label else ""
            table.add_row(label, "", "", "", f"[bold]{escape(c.heading)}[/bold]")
        table.add_row(c.number, c.clause.id, c.clause.kind, c.clause.status,
                      escape(c.opening_words))  # fmt: skip
    out.print(table)


@clause_app.command("show")
def clause_show(
    clause_id: ClauseId,
    doc: DocOption = None,
    fmt: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TextFormat.TEXT,
) -> None:
    """Show one clause: number, section, status, text, sub-paragraphs and footnotes.

    Example: poa clause show op-scope
    """
    from poa_cli.actions.listing import show_clause

    shown = show_clause(document(doc), clause_id, with_pending=fmt != "json")
    if fmt == "json":
        print_json(shown.as_json())
        return
    from poa_cli.cli.run.draft import plain_preview
    from poa_cli.domain.textdiff import excerpt

    clause, number, pending = shown.clause, shown.number, list(shown.pending)
    where = f"section {shown.section}" if shown.section else "not in the order"
    head = f"{clause.id}  {clause.kind}, {clause.status}, {where}" + (
        f", paragraph {number}" if number else ""
    )
    lines = [(0, f"{number}." if number else "", clause.text, "")]
    lines += [(depth + 1, label, item.text, item.id) for depth, label, item in shown.items]
    notes = [(f"[^{marker}]", note) for marker, note in clause.footnotes]
    if not on_terminal():
        # A pipe or a file: one line per paragraph, never wrapped, so grep finds a phrase.
        out_lines = [head]
        for depth, label, text, pid in lines:
            words = f"{label} {text}" if label else text
            out_lines.append("    " * depth + words + (f"  {pid}" if pid else ""))
        out_lines += [f"  {marker} {note}" for marker, note in notes]
        if clause.tags:
            out_lines.append(f"tags: {', '.join(clause.tags)}")
        if pending:
            out_lines.append(f"pending proposals ({len(pending)}):")
        for row, segments in pending:
            preview = (
                plain_preview(excerpt(segments)) if segments else f"({row.state or row.action})"
            )
            out_lines.append(f"  {row.id}  {row.proposers_text}: {preview}")
        sys.stdout.write("\n".join(out_lines) + "\n")
        return
    _show_in_terminal(head, lines, notes, clause.tags, pending)


def _emphasis(text: str) -> "Text":
    """Return *text* as rich Text with ``*emphasis*`` in italics (the asterisks gone), read
    by the papers' rule (:class:`poa_cli.domain.inline.InlineText`: a lone "*", as in
    "5 * 3", stays as it is)."""
    from rich.text import Text

    from poa_cli.domain.inline import InlineText

    out = Text()
    pos = 0
    for start, end in InlineText.of(text).em:  # the asterisks are at start - 1 and end
        out.append(text[pos : start - 1])
        out.append(text[start:end], style="italic")
        pos = end + 1
    out.append(text[pos:])
    return out


def _show_in_terminal(
    head: str,
    lines: list[tuple[int, str, str, str]],
    notes: list[tuple[str, str]],
    tags: tuple[str, ...],
    pending: "list[tuple[Row, list[Segment]]]",
) -> None:
    """The clause for a reader at a terminal: wrapped lines hang under their text."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from poa_cli.cli.common import console
    from poa_cli.cli.run.draft import preview_text
    from poa_cli.domain.textdiff import excerpt

    out = console()
    out.print(f"[bold]{escape(head.split()[0])}[/bold]{escape(head[len(head.split()[0]) :])}")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)  # the number or the letter, indented
    grid.add_column()  # the words: wrapped lines hang here
    grid.add_column(no_wrap=True, style="dim")  # the sub-paragraph's id
    for depth, label, text, pid in lines:
        grid.add_row(Text("    " * depth + label), _emphasis(text), pid)
    for marker, note in notes:
        grid.add_row(Text("  " + marker), _emphasis(note), "")
    out.print(grid)
    if tags:
        out.print(f"[dim]tags: {escape(', '.join(tags))}[/dim]")
    if pending:
        out.print(f"[bold]Pending proposals ({len(pending)})[/bold]")
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column()
        for row, segments in pending:
            who = Text(row.proposers_text + ": ", style="bold")
            what = (
                preview_text(excerpt(segments))
                if segments
                else Text(f"({row.state or row.action})")
            )
            table.add_row(row.id, Text.assemble(who, what))
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add init, document, section and clause (also as paragraph) to the root app."""
    app.command("init")(init)
    app.add_typer(section_app, name="section")
    app.add_typer(clause_app, name="clause")
    app.add_typer(
        clause_app, name="paragraph", help="The same as 'poa clause' (delegates say paragraph)."
    )
    app.add_typer(document_app, name="document")
