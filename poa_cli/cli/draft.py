"""``poa draft …`` (what delegation drafters live in) and ``poa amendments …``."""

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from poa_cli.cli.common import DocOption, NoCommit, console, document, fail, new_app

if TYPE_CHECKING:
    from poa_cli.domain.textdiff import Segment

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
    delete_clause: Annotated[bool, typer.Option(help="Delete the clause.")] = False,
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
        str | None, typer.Option(help="Footnote text (with --after-text).")
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
        Path | None, typer.Option(help="A prepared amendment (YAML) instead of the options.")
    ] = None,
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Propose an amendment; print its id and the clause with the change marked.

    Example: poa draft amend op-meetings --by Denmark --by Estonia --replace "once a year"
    --with "twice a year" --rationale "Two meetings keep the work moving."
    """
    from poa_cli.actions.amendments import Request, draft

    root = document(doc)
    actions: list[tuple[str, dict[str, Any]]] = []
    if replace_ is not None or with_ is not None:
        if replace_ is None or with_ is None:
            fail("--replace and --with go together", 2)
        actions.append(("replace-text", {"old": replace_, "new": with_}))
    if delete_text is not None:
        actions.append(("delete-text", {"old": delete_text}))
    if insert is not None:
        if (after_text is None) == (before_text is None):
            fail("--insert needs --after-text or --before-text (one of them)", 2)
        position = "after" if after_text is not None else "before"
        actions.append(
            ("insert-text", {"new": insert, "old": after_text or before_text, "position": position})
        )
    if append is not None:
        actions.append(("append-text", {"new": append}))
    if replace_clause is not None:
        actions.append(("replace-clause", {"new": replace_clause}))
    if delete_clause:
        actions.append(("delete-clause", {}))
    if new_clause is not None:
        spec = {"new": new_clause, "new_clause_id": clause_id}
        spec["position"] = "before" if before else "after"
        actions.append(("insert-clause", spec))
    if move_after is not None:
        actions.append(("move-clause", {"destination": move_after}))
    if add_footnote is not None:
        if after_text is None:
            fail("--add-footnote needs --after-text", 2)
        actions.append(("add-footnote", {"new": add_footnote, "old": after_text}))
    if from_file is not None:
        if actions:
            fail("--from-file replaces the action options; give one or the other", 2)
        actions.append(_from_file(from_file, target))
    if len(actions) != 1:
        fail(
            "give exactly one change: --replace/--with, --delete-text, --insert, --append, "
            "--replace-clause, --delete-clause, --new-clause, --move-after or --add-footnote",
            2,
        )
    action, spec = actions[0]
    rationale = rationale or spec.pop("rationale", None)
    session = session or spec.pop("session", None)
    from_file_occurrence = spec.pop("occurrence", None)
    if occurrence is None and isinstance(from_file_occurrence, int):
        occurrence = from_file_occurrence
    request = Request(
        target=target,
        by=tuple(by),
        action=action,
        on_behalf_of=on_behalf_of,
        occurrence=occurrence,
        rationale=rationale,
        session=session,
        explicit_id=amendment_id,
        **spec,
    )
    result = draft(root, request, commit=not no_commit)
    a = result.amendment
    kind = "stakeholder proposal" if result.stakeholder else "amendment"
    committed = f" [{result.commit[:10]}]" if result.commit else " (not committed)"
    sys.stdout.write(f"{a.id}\n")
    if plain_output():  # a pipe, a script, CI: no need to load rich
        sys.stdout.write(f"{kind} {a.id} to {a.target} ({a.action}){committed}\n")
        sys.stdout.write(plain_preview(result.preview) + "\n")
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{kind} {a.id}[/bold] to {a.target} ({a.action}){escape(committed)}")
    out.print(preview_text(result.preview))


def _from_file(path: Path, target: str) -> tuple[str, dict[str, Any]]:
    """Read a prepared amendment: the action and the words, anchored like the options."""
    from poa_cli.errors import SchemaError
    from poa_cli.storage import yamlio

    data = yamlio.load(path)
    if not isinstance(data, dict):
        raise SchemaError("a prepared amendment must be a mapping", path=path, line=1)
    if data.get("target") not in (None, target):
        raise SchemaError(
            f"the file targets '{data.get('target')}', the command '{target}'", path=path
        )
    action = data.get("action")
    raw_anchor = data.get("anchor")
    anchor: dict[str, Any] = raw_anchor if isinstance(raw_anchor, dict) else {}
    spec: dict[str, Any] = {}
    if anchor.get("phrase"):
        spec["old"] = anchor["phrase"]
        spec["occurrence"] = anchor.get("occurrence")
    if isinstance(data.get("text"), str):
        spec["new"] = data["text"]
    if isinstance(data.get("clause"), dict):
        spec["new"] = data["clause"].get("text")
        spec["new_clause_id"] = data["clause"].get("id")
    for key in ("position", "destination"):
        if data.get(key):
            spec[key] = data[key]
    for key in ("rationale", "session"):
        if data.get(key):
            spec[key] = data[key]
    if not isinstance(action, str):
        raise SchemaError("the prepared amendment has no 'action'", path=path)
    return action, spec


def plain_output() -> bool:
    """Return True when stdout is not a colour terminal (a pipe, NO_COLOR, CI)."""
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def plain_preview(segments: "list[Segment]") -> str:
    """Return the change in git's word-diff markers: ``[-deleted-]{+inserted+}``."""
    parts: list[str] = []
    for seg in segments:
        body = seg.text.rstrip()
        tail = seg.text[len(body) :]
        if seg.op == "insert":
            parts.append(f"{{+{body}+}}{tail}")
        elif seg.op == "delete":
            parts.append(f"[-{body}-]{tail}")
        else:
            parts.append(seg.text)
    return "".join(parts)


def preview_text(segments: "list[Segment]") -> Any:
    """Return rich Text: insertions underlined green, deletions struck through red.

    Without colour (NO_COLOR, a pipe, CI) the marks are git's word-diff markers,
    ``[-deleted-]{+inserted+}``, so the change stays visible.
    """
    from rich.text import Text

    if console().no_color or not console().is_terminal:
        return Text(plain_preview(segments))
    text = Text()
    for seg in segments:
        if seg.op == "insert":
            text.append(seg.text, style="underline green")
        elif seg.op == "delete":
            text.append(seg.text, style="strike red")
        else:
            text.append(seg.text)
    return text


def _position(what: str, help_text: str) -> Any:
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


@amendments_app.command("list")
def amendments_list(
    by: Annotated[
        str | None, typer.Option("--by", "-b", help="Only those this proposer proposes.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="proposed, accepted, rejected, withdrawn or superseded.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Only those on this clause or item.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    doc: DocOption = None,
) -> None:
    """List amendments with proposers, positions, status and whether they still apply
    (stakeholder proposals are listed apart).

    Example: poa amendments list --by Denmark --status proposed
    """
    from poa_cli.actions.listing import list_amendments

    if fmt not in ("table", "json"):
        fail(f"--format must be table or json, not {fmt!r}", 2)
    rows = list_amendments(document(doc), by=by, status=status, target=target)
    if fmt == "json":
        # Compact: json's C encoder only runs without indent (10x on thousands of rows).
        sys.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False) + "\n")
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    for title, part in (
        ("Amendments", [r for r in rows if not r.stakeholder]),
        ("Stakeholder proposals (not formal amendments)", [r for r in rows if r.stakeholder]),
    ):
        if not part:
            continue
        table = Table(title=title, title_justify="left")
        for col in ("Id", "Target", "Action", "Proposed by", "Support", "Objections", "Status"):
            table.add_column(col, no_wrap=col in ("Id", "Target", "Action", "Status"))
        for r in part:
            state = r.status + (f" ({r.state})" if r.state else "")
            # Codes keep the table readable; 'amendments show' gives the names.
            support, objections = " ".join(r.supporter_codes), " ".join(r.objector_codes)
            table.add_row(
                r.id, r.target, r.action, escape(r.proposers_text), escape(support),
                escape(objections), state,
            )  # fmt: skip
        out.print(table)
    if not rows:
        sys.stdout.write("no amendments match\n")


@amendments_app.command("show")
def amendments_show(
    amendment_id: Annotated[str, typer.Argument(metavar="ID", help="Amendment id, e.g. DNK-3.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    doc: DocOption = None,
) -> None:
    """Show one amendment: proposers, supporters, objections, status, rationale and the
    clause with the change marked.

    Example: poa amendments show DNK-3
    """
    from poa_cli.actions.listing import show_amendment

    shown = show_amendment(document(doc), amendment_id)
    if fmt == "json":
        sys.stdout.write(json.dumps(shown.as_json(), ensure_ascii=False, indent=2) + "\n")
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
    if shown.preview:
        out.print()
        out.print(preview_text(shown.preview))
    for sub in shown.sub_amendments:
        out.print(f"Sub-amendment: {sub}")


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
