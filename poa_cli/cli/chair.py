"""``poa init``, ``poa section …`` and ``poa clause …``: the Chair's direct edits."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import DocOption, NoCommit, document, done, fail, new_app

section_app = new_app(
    "Sections of the document (parts with a heading).\n\n"
    "Example: poa section add capacity-building --heading 'Capacity-building'"
)
clause_app = new_app(
    "Clauses: the Chair's direct edits, listing and showing.\n\n"
    "Example: poa clause add op-scope --kind operative --text '*Decide* that …'"
)

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

    Example: poa init negotiation/poa --title "Founding document of the PoA"
    --symbol A/CONF.1/2026/L.1

    Example (technical rollover): poa init ict-2025 --from-akn A_RES_78_16E.xml
    --from-akn A_RES_78_16F.xml --symbol A/C.1/80/L.1
    """
    if from_akn:
        from poa_cli.actions.rollover import init_from_akn

        outcome = init_from_akn(folder, from_akn, symbol=symbol, title=title, commit=not no_commit)
        for warning in outcome.warnings:
            sys.stderr.write(f"warning: {warning}\n")
        done(outcome)
        return
    if title is None or symbol is None:
        fail("give --title and --symbol (or start from a text with --from-akn FILE)", 2)
    from poa_cli.actions.chair import init_document

    done(
        init_document(
            folder, title=title, symbol=symbol, body=body, numbering=numbering,
            commit=not no_commit,
        )
    )  # fmt: skip


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


@section_app.command("list")
def section_list(doc: DocOption = None) -> None:
    """List the sections with their headings and clause counts.

    Example: poa section list
    """
    from poa_cli.domain.numbering import section_labels
    from poa_cli.storage.store import load_meta

    meta = load_meta(document(doc))
    labels = section_labels(meta)
    for s in meta.sections:
        label = f"{labels[s.id]}. " if labels[s.id] else ""
        heading = f"{label}{s.heading}" if s.heading else "(no heading)"
        sys.stdout.write(f"{s.id:<28} {len(s.clauses):>3} clauses  {heading}\n")


@clause_app.command("add")
def clause_add(
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="Clause id, e.g. op-scope.")],
    kind: Kind,
    text: Annotated[str, typer.Option("--text", "-t", help="The paragraph's text.")],
    section: Annotated[str | None, typer.Option(help="Section to add it to.")] = None,
    after: Annotated[str | None, typer.Option(help="Put it after this clause.")] = None,
    before: Annotated[str | None, typer.Option(help="Put it before this clause.")] = None,
    status: Annotated[str, typer.Option(help="bracketed, agreed-ad-ref or adopted.")] = (
        "bracketed"
    ),
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Add a clause. Without --section/--after/--before a preambular clause goes to the
    first section and any other to the last.

    Example: poa clause add op-scope --kind operative --text "*Decide* that the scope …"
    """
    from poa_cli.actions.chair import add_clause

    done(
        add_clause(
            document(doc), clause_id, kind=kind, text=text, section=section, after=after,
            before=before, status=status, commit=not no_commit,
        )
    )  # fmt: skip


@clause_app.command("edit")
def clause_edit(
    clause_id: Annotated[str, typer.Argument(metavar="ID")],
    text: Annotated[str | None, typer.Option("--text", "-t", help="New text.")] = None,
    kind: Annotated[str | None, typer.Option(help="New kind.")] = None,
    status: Annotated[str | None, typer.Option(help="bracketed, agreed-ad-ref or adopted.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    footnote: Annotated[
        list[str] | None,
        typer.Option("--footnote", help="Set a footnote: MARKER=TEXT (cite it as [^MARKER])."),
    ] = None,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Edit a clause directly (the Chair's editorial change; comments in the file are kept).

    Example: poa clause edit op-scope --status agreed-ad-ref
    """
    from poa_cli.actions.chair import edit_clause

    notes: list[tuple[str, str]] = []
    for spec in footnote or []:
        marker, sep, note = spec.partition("=")
        if not sep or not marker.strip():
            fail(f"--footnote takes MARKER=TEXT, not {spec!r}", 2)
        notes.append((marker.strip(), note))
    done(
        edit_clause(
            document(doc), clause_id, text=text, kind=kind, status=status,
            add_tags=tuple(tag or ()), remove_tags=tuple(untag or ()), footnotes=tuple(notes),
            commit=not no_commit,
        )
    )  # fmt: skip


@clause_app.command("move")
def clause_move(
    clause_id: Annotated[str, typer.Argument(metavar="ID")],
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
    clause_id: Annotated[str, typer.Argument(metavar="ID")],
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Remove a clause (refused while pending amendments target it).

    Example: poa clause remove pp-old
    """
    from poa_cli.actions.chair import remove_clause

    done(remove_clause(document(doc), clause_id, commit=not no_commit))


FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


@clause_app.command("list")
def clause_list(
    doc: DocOption = None,
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """List the clauses in reading order with their printed numbers.

    Example: poa clause list --section capacity-building
    """
    from poa_cli.domain.numbering import number_clauses
    from poa_cli.storage.store import load_clauses, load_meta

    root = document(doc)
    meta = load_meta(root)
    numbered = number_clauses(meta, load_clauses(root))
    if section is not None:
        ids = next((s.clauses for s in meta.sections if s.id == section), None)
        if ids is None:
            fail(f"no section '{section}'")
        numbered = [n for n in numbered if n.clause.id in ids]
    if fmt == "json":
        rows = [
            {
                "id": n.clause.id,
                "number": n.number,
                "section": (meta.section_of(n.clause.id) or meta.sections[0]).id,
                "kind": n.clause.kind,
                "status": n.clause.status,
                "text": n.clause.text,
            }
            for n in numbered
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "table":
        fail(f"--format must be table or json, not {fmt!r}", 2)
    from rich.markup import escape
    from rich.table import Table

    from poa_cli.cli.common import console

    table = Table(title=f"{meta.symbol} — {meta.title}", title_justify="left", expand=False)
    table.add_column("No.", justify="right", no_wrap=True, min_width=3)
    table.add_column("Clause", no_wrap=True, min_width=12)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    out = console()
    # The fixed columns keep their width; the opening words get what is left.
    fixed = 5 + max((len(n.clause.id) for n in numbered), default=6) + 12 + 15 + 13
    table.add_column(
        "Opening words", overflow="ellipsis", no_wrap=True, max_width=max(12, out.width - fixed)
    )
    current = None
    for n in numbered:
        s = meta.section_of(n.clause.id)
        if s is not None and s.id != current:
            current = s.id
            if s.heading:
                label = f"{n.section_label}." if n.section_label else ""
                table.add_row(label, "", "", "", f"[bold]{escape(s.heading)}[/bold]")
        words = " ".join(n.clause.text.replace("*", "").split()[:16])
        table.add_row(n.number, n.clause.id, n.clause.kind, n.clause.status, escape(words))
    out.print(table)


@clause_app.command("show")
def clause_show(
    clause_id: Annotated[str, typer.Argument(metavar="ID")],
    doc: DocOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one clause: number, section, status, text, sub-paragraphs and footnotes.

    Example: poa clause show op-scope
    """
    from poa_cli.domain.numbering import item_labels, number_clauses
    from poa_cli.storage.store import load_clause, load_clauses, load_meta

    root = document(doc)
    clause = load_clause(root, clause_id)
    meta = load_meta(root)
    number = next(
        (n.number for n in number_clauses(meta, load_clauses(root)) if n.clause.id == clause_id),
        "",
    )
    section = meta.section_of(clause_id)
    if fmt == "json":
        from dataclasses import asdict

        data = asdict(clause)
        data.pop("path")
        data["number"] = number
        data["section"] = section.id if section else None
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.markup import escape

    from poa_cli.cli.common import console

    out = console()
    where = f"section {section.id}" if section else "not in the order"
    out.print(
        f"[bold]{escape(clause.id)}[/bold]  {clause.kind}, {clause.status}, {where}"
        + (f", paragraph {number}" if number else "")
    )
    out.print(f"{number + '. ' if number else ''}{escape(clause.text)}")
    for depth, label, item in item_labels(clause.items):
        out.print(f"{'    ' * (depth + 1)}{label} {escape(item.text)}  [dim]{item.id}[/dim]")
    for marker, note in clause.footnotes:
        out.print(f"  [^{escape(marker)}] {escape(note)}")
    if clause.tags:
        out.print(f"[dim]tags: {', '.join(clause.tags)}[/dim]")


def register(app: typer.Typer) -> None:
    """Add init, section and clause to the root app."""
    app.command("init")(init)
    app.add_typer(section_app, name="section")
    app.add_typer(clause_app, name="clause")
