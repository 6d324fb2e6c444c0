"""``poa draft …`` (what delegation drafters live in) and ``poa amendments …``."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from poa_cli.cli.common import (
    DocOption,
    NoCommit,
    console,
    document,
    fail,
    new_app,
)
from poa_cli.cli.output import TableFormat, TextFormat, colour, print_json
from poa_cli.cli.run.draft import plain_preview, preview_text

if TYPE_CHECKING:
    from poa_cli.domain.positions import Position

draft_app = new_app(
    "Propose amendments and take positions on them.\n\n"
    "Example: poa draft amend op-meetings --by Denmark --replace 'once a year' "
    "--with 'twice a year'"
)
amendments_app = new_app(
    "List and show amendments.\n\nExample: poa amendments list --by DNK --status proposed"
)

By = Annotated[
    list[str],
    typer.Option(
        "--by", "-b", help="Proposing State, group or stakeholder (repeat for co-sponsors)."
    ),
]


@draft_app.command("amend")
def amend_command(
    target: Annotated[
        str, typer.Argument(help="Clause id, sub-paragraph id, or amendment id (sub-amendment).")
    ],
    by: By,
    on_behalf_of: Annotated[
        str | None, typer.Option(help="The group the lead speaks for, e.g. 'G77'.")
    ] = None,
    replace_: Annotated[
        str | None, typer.Option("--replace", help="Phrase to replace (with --with).")
    ] = None,
    with_: Annotated[str | None, typer.Option("--with", help="The replacement words.")] = None,
    delete_text: Annotated[str | None, typer.Option(help="Phrase to delete.")] = None,
    insert: Annotated[
        str | None, typer.Option(help="Words to insert (with --after-text or --before-text).")
    ] = None,
    after_text: Annotated[
        str | None, typer.Option(help="Insert (or attach the footnote) after this phrase.")
    ] = None,
    before_text: Annotated[str | None, typer.Option(help="Insert before this phrase.")] = None,
    append: Annotated[str | None, typer.Option(help="Words to add at the end.")] = None,
    replace_clause: Annotated[
        str | None, typer.Option(help="New text for the whole clause.")
    ] = None,
    delete_clause: Annotated[
        bool, typer.Option("--delete-clause", help="Delete the clause.")
    ] = False,
    new_clause: Annotated[
        str | None, typer.Option(help="Text of a new clause after the target (--before: before).")
    ] = None,
    clause_id: Annotated[
        str | None,
        typer.Option(help="Id of the new clause (default: from the amendment id, op-dnk-3)."),
    ] = None,
    before: Annotated[
        bool, typer.Option("--before", help="With --new-clause: put it before the target.")
    ] = False,
    move_after: Annotated[
        str | None, typer.Option(help="Move the clause after this clause.")
    ] = None,
    add_footnote: Annotated[
        str | None,
        typer.Option(
            help="Footnote text: after --after-text, or on the words of --insert, --append "
            "or --with."
        ),
    ] = None,
    occurrence: Annotated[
        int | None, typer.Option(min=1, help="Which occurrence when the phrase recurs (1-based).")
    ] = None,
    rationale: Annotated[str | None, typer.Option(help="Why: printed in the annex.")] = None,
    session: Annotated[str | None, typer.Option(help="Session or round.")] = None,
    amendment_id: Annotated[
        str | None,
        typer.Option("--id", help="Choose the id (default: next free for the proposer)."),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="A prepared amendment (YAML) instead of the options."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse, rather than warn, when the document requires signatures and your "
            "signing key may not sign for the proposer.",
        ),
    ] = False,
    submitted: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="When it was submitted, YYYY-MM-DD (default: today)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and preview the change; write nothing.")
    ] = False,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Propose an amendment; print its id and the clause with the change marked.

    TARGET is a clause (paragraph) id, a sub-paragraph id, an amendment id, or a
    paragraph as printed: OP4, PP2, 4, OP3(a), "19 (a)".

    Example: poa draft amend op-meetings --by Denmark --by Estonia --replace "once a year"
    --with "twice a year" --rationale "Two meetings keep the work moving."
    """
    from poa_cli.cli.run.draft import amend

    amend(
        target=target,
        by=by,
        on_behalf_of=on_behalf_of,
        replace_=replace_,
        with_=with_,
        delete_text=delete_text,
        insert=insert,
        after_text=after_text,
        before_text=before_text,
        append=append,
        replace_clause=replace_clause,
        delete_clause=delete_clause,
        new_clause=new_clause,
        clause_id=clause_id,
        before=before,
        move_after=move_after,
        add_footnote=add_footnote,
        occurrence=occurrence,
        rationale=rationale,
        session=session,
        amendment_id=amendment_id,
        from_file=from_file,
        strict=strict,
        submitted=submitted,
        dry_run=dry_run,
        doc=doc,
        no_commit=no_commit,
    )  # fmt: skip


def _position(what: "Position", help_text: str) -> Any:
    def command(
        amendment_id: Annotated[
            str, typer.Argument(metavar="ID", help="Amendment id, e.g. DNK-3.")
        ],
        by: Annotated[str, typer.Option("--by", "-b", help="The State taking the position.")],
        doc: DocOption = None,
        no_commit: NoCommit = False,
    ) -> None:
        from poa_cli.actions.amendments import record

        result = record(document(doc), amendment_id, what, by, commit=not no_commit)
        sha = f" [{result.commit[:10]}]" if result.commit else " (not committed)"
        sys.stdout.write(f"{result.summary}{sha}\n")

    command.__doc__ = help_text
    return command


draft_app.command("support")(
    _position(
        "support",
        "Record that a State supports an amendment.\n\n"
        "Example: poa draft support DNK-3 --by Brazil",
    )
)
draft_app.command("oppose")(
    _position(
        "oppose",
        "Record that a State objects to an amendment (consensus then needs an override).\n\n"
        "Example: poa draft oppose DNK-3 --by 'Russian Federation'",
    )
)
draft_app.command("cosponsor")(
    _position(
        "cosponsor",
        "Add a State as co-sponsor of an amendment.\n\n"
        "Example: poa draft cosponsor DNK-3 --by Estonia",
    )
)
draft_app.command("withdraw")(
    _position(
        "withdraw",
        "Withdraw an amendment (its lead proposer), or a co-sponsor's name (that co-sponsor).\n\n"
        "Example: poa draft withdraw DNK-3 --by Denmark",
    )
)


@draft_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(metavar="F.docx", help="The Word file with tracked changes.")
    ],
    by: By,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be proposed; write nothing.")
    ] = False,
    rationale: Annotated[
        str | None, typer.Option(help="Why: recorded on every amendment imported.")
    ] = None,
    session: Annotated[str | None, typer.Option(help="The session the proposals are for.")] = None,
    all_authors: Annotated[
        bool,
        typer.Option(
            "--all-authors",
            help="Take the tracked changes of every Word author as proposals of --by "
            "(default: only the changes whose author is that State).",
        ),
    ] = False,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Turn a delegation's tracked changes in Word into its amendments (one commit).

    Edit a clean DOCX that poa exported (poa render --view clean --format docx), with
    Track Changes on; each tracked insertion or deletion in a paragraph becomes one
    amendment of --by, previewed as 'draft amend' previews. When any change cannot be
    placed, each is listed and nothing is written.

    Example: poa draft import L1-denmark.docx --by Denmark --rationale "Our comments on L.1"
    """
    from poa_cli.actions.draft_import import Unplaceable, import_docx

    root = document(doc)
    try:
        result = import_docx(
            root,
            file,
            tuple(by),
            rationale=rationale,
            session=session,
            all_authors=all_authors,
            dry_run=dry_run,
            commit=not no_commit,
        )
    except Unplaceable as exc:
        for problem in exc.problems:
            where = f"{problem.where}: " if problem.where else ""
            words = f" \u201c{' '.join(problem.text.split())}\u201d" if problem.text.strip() else ""
            sys.stderr.write(f"  {where}{problem.why}{words}\n")
        fail(exc.one_line())
    for author, n in result.others:
        sys.stderr.write(
            f"poa: not taken: {n} change{'s' if n != 1 else ''} by {author or '(no author)'} "
            "(--all-authors takes them)\n"
        )
    plain = not colour()
    out = None if plain else console()
    for d in result.drafted:
        a = d.amendment
        head = f"{a.id} to {a.target} ({a.action})"
        if plain:
            sys.stdout.write(f"{head}\n{plain_preview(d.preview)}\n")
        else:
            assert out is not None
            out.print(f"[bold]{head}[/bold]")
            out.print(preview_text(d.preview))
    n = len(result.drafted)
    if result.dry_run:
        sys.stdout.write(
            f"dry run: {n} amendment{'s' if n != 1 else ''} would be proposed; nothing written\n"
        )
    else:
        committed = f" [{result.commit[:10]}]" if result.commit else " (not committed)"
        sys.stdout.write(f"{n} amendment{'s' if n != 1 else ''} proposed{committed}\n")


@amendments_app.command("list")
def amendments_list(
    by: Annotated[
        str | None, typer.Option("--by", "-b", help="Only those this proposer proposes.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="proposed, accepted, rejected, withdrawn or superseded.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Only those on this clause or item.")] = None,
    fmt: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table or json.")
    ] = TableFormat.TABLE,
    doc: DocOption = None,
) -> None:
    """List amendments with proposers, positions, status and whether they still apply
    (stakeholder proposals are listed apart).

    Example: poa amendments list --by Denmark --status proposed
    """
    from poa_cli.cli.run.draft import amendments_list as run

    run(by=by, status=status, target=target, fmt=fmt, doc=doc)


@amendments_app.command("show")
def amendments_show(
    amendment_id: Annotated[str, typer.Argument(metavar="ID", help="Amendment id, e.g. DNK-3.")],
    fmt: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TextFormat.TEXT,
    doc: DocOption = None,
) -> None:
    """Show one amendment: proposers, supporters, objections, status, rationale and the
    clause with the change marked.

    Example: poa amendments show DNK-3
    """
    from poa_cli.actions.listing import show_amendment
    from poa_cli.actions.signatures import marks_of, record

    root = document(doc)
    shown = show_amendment(root, amendment_id)
    signed = record(root)
    if fmt == "json":
        data = shown.as_json()
        if signed is not None:
            data["signatures"] = [s.as_json() for s in signed.for_subject(shown.row.id)]
        print_json(data)
        return
    from rich.markup import escape

    r = shown.row
    out = console()
    kind = "Stakeholder proposal" if r.stakeholder else "Amendment"
    out.print(f"[bold]{kind} {r.id}[/bold] — {r.action} on {escape(r.target)}")
    out.print(f"Proposed by: {escape(r.proposers_text)}")
    if r.supported_by:
        out.print(f"Supported by: {escape(', '.join(r.supported_by))}")
    if r.opposed_by:
        out.print(f"Opposed by: {escape(', '.join(r.opposed_by))}")
    state = f" — {r.state}" if r.state else ""
    out.print(f"Status: {r.status}{state}")
    for label, value in (("Submitted", r.submitted), ("Session", r.session), ("Base", r.base),
                         ("Applied in", r.applied_in)):  # fmt: skip
        if value:
            out.print(f"{label}: {escape(value)}")
    if r.rationale:
        out.print(f"Rationale: {escape(r.rationale)}")
    for line in marks_of(signed, r.id):
        out.print(f"Signature: {escape(line)}")
    if shown.preview:
        out.print()
        if r.state == "stale":
            out.print("The change it was written to make (it no longer applies as written):")
        out.print(preview_text(shown.preview))
    for sub in shown.sub_amendments:
        out.print(f"Sub-amendment: {sub}")


@draft_app.command("reanchor")
def reanchor(
    amendment_id: Annotated[str, typer.Argument(metavar="ID", help="Amendment id, e.g. DNK-3.")],
    phrase: Annotated[
        str | None,
        typer.Option(help="The words it is about in the current text (default: its old phrase)."),
    ] = None,
    occurrence: Annotated[
        int | None, typer.Option(min=1, help="Which occurrence when the phrase recurs (1-based).")
    ] = None,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Give a stale proposal (its words moved or changed under it) a new anchor on the
    current text; the proposed words stay. Prints the id and the change as it now applies.

    Example: poa draft reanchor DNK-3 --phrase "once every year"
    """
    from poa_cli.actions.amendments import reanchor as reanchor_core

    result = reanchor_core(document(doc), amendment_id, phrase, occurrence, commit=not no_commit)
    sha = f" [{result.commit[:10]}]" if result.commit else " (not committed)"
    sys.stdout.write(f"{result.amendment.id}\n")
    sys.stdout.write(f"re-anchored on {result.amendment.target}{sha}\n")
    if not colour():
        sys.stdout.write(plain_preview(result.preview) + "\n")
    else:
        console().print(preview_text(result.preview))


@draft_app.command("renumber")
def renumber(
    amendment_id: Annotated[str, typer.Argument(metavar="ID", help="Amendment id, e.g. DNK-2.")],
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Give an amendment the next free id. After a pull that reports an add/add conflict
    on amendments/ID.yaml (two clones chose the same id), the published version keeps
    ID, yours moves to the next free number, and the merge is concluded.

    Example: poa draft renumber DNK-2
    """
    from poa_cli.actions.renumber import describe
    from poa_cli.actions.renumber import renumber as renumber_core

    result = renumber_core(document(doc), amendment_id, commit=not no_commit)
    sys.stdout.write(f"{result.new}\n")
    for line in describe(result):
        sys.stdout.write(line + "\n")


def register(app: typer.Typer) -> None:
    """Add draft and amendments to the root app."""
    app.add_typer(draft_app, name="draft")
    app.add_typer(amendments_app, name="amendments")
