"""``poa draft amend`` and ``poa amendments list``: what a delegation drafter types most."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_cli.cli.base import console, document, parse_date, wide_console
from poa_cli.cli.output import TableFormat, colour, on_terminal

if TYPE_CHECKING:
    from poa_cli.domain.textdiff import Segment


def amend(
    *,
    target: str,
    by: list[str],
    on_behalf_of: str | None = None,
    replace_: str | None = None,
    with_: str | None = None,
    delete_text: str | None = None,
    insert: str | None = None,
    after_text: str | None = None,
    before_text: str | None = None,
    append: str | None = None,
    replace_clause: str | None = None,
    delete_clause: bool = False,
    new_clause: str | None = None,
    clause_id: str | None = None,
    before: bool = False,
    move_after: str | None = None,
    add_footnote: str | None = None,
    occurrence: int | None = None,
    rationale: str | None = None,
    session: str | None = None,
    amendment_id: str | None = None,
    from_file: Path | None = None,
    strict: bool = False,
    submitted: str | None = None,
    dry_run: bool = False,
    doc: Path | None = None,
    no_commit: bool = False,
) -> None:
    """Propose an amendment; print its id and the change."""
    from poa_cli.actions.amendments import draft, request_from_options

    root = document(doc)
    request = request_from_options(
        target, tuple(by), on_behalf_of=on_behalf_of, replace=replace_, with_=with_,
        delete_text=delete_text, insert=insert, after_text=after_text, before_text=before_text,
        append=append, replace_clause=replace_clause, delete_clause=delete_clause,
        new_clause=new_clause, clause_id=clause_id, before=before, move_after=move_after,
        add_footnote=add_footnote, occurrence=occurrence, rationale=rationale, session=session,
        amendment_id=amendment_id, from_file=from_file,
        submitted=parse_date(submitted, "--submitted"),
    )  # fmt: skip
    _check_signing(root, request.by, strict=strict)
    result = draft(root, request, commit=not no_commit, dry_run=dry_run)
    a = result.amendment
    kind = "stakeholder proposal" if result.stakeholder else "amendment"
    committed = (
        " (dry run: nothing written)"
        if dry_run
        else f" [{result.commit[:10]}]"
        if result.commit
        else " (not committed)"
    )
    sys.stdout.write(f"{a.id}\n")
    if not colour():  # a pipe, a script, CI: no need to load rich
        sys.stdout.write(f"{kind} {a.id} to {a.target} ({a.action}){committed}\n")
        sys.stdout.write(plain_preview(result.preview) + "\n")
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{kind} {a.id}[/bold] to {a.target} ({a.action}){escape(committed)}")
    out.print(preview_text(result.preview))


def _check_signing(root: Path, by: tuple[str, ...], *, strict: bool) -> None:
    """Warn (refuse with --strict) before writing a proposal its signature would not carry."""
    from poa_cli.storage.store import requires_signatures

    if not requires_signatures(root):
        return  # the usual case: nothing to check, nothing more to load
    from poa_cli.actions.signatures import signing_problem
    from poa_cli.domain.proposers import default_registry
    from poa_cli.errors import PoaError, UnknownProposer

    try:
        codes = [default_registry().resolve(name).code for name in by]
    except UnknownProposer:
        return  # draft() says so, with its suggestions
    problem = signing_problem(root, codes)
    if problem is None:
        return
    if strict:
        raise PoaError(problem, hint="nothing was written")
    sys.stderr.write(f"poa: warning: {problem}\n")


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

    if not colour():
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


def amendments_list(
    *,
    by: str | None = None,
    status: str | None = None,
    target: str | None = None,
    fmt: TableFormat = TableFormat.TABLE,
    doc: Path | None = None,
) -> None:
    """List the amendments (filtered) as a table or JSON."""
    root = document(doc)
    if fmt == "json":
        # An unchanged document's rows come from the memo, without loading the engine.
        from poa_cli.actions import remembered

        where = remembered.listing_slot(root, (by, status, target))
        text = remembered.recall_text(where)
        if text is None:
            import json

            from poa_cli.actions.listing import list_amendments
            from poa_cli.storage.cache import write_text_memo

            rows = list_amendments(root, by=by, status=status, target=target)
            # Compact: json's C encoder only runs without indent (10x on thousands of rows).
            text = json.dumps([r.as_json() for r in rows], ensure_ascii=False) + "\n"
            write_text_memo(*where, text)
        sys.stdout.write(text)
        return
    from poa_cli.actions.listing import list_amendments

    rows = list_amendments(root, by=by, status=status, target=target)
    from rich.markup import escape
    from rich.table import Table

    out = console() if on_terminal() else wide_console()
    # Ids and proposers stay readable; on a narrow terminal positions go first
    # ('amendments show' has them), and the target wraps rather than the id.
    positions = not out.is_terminal or out.width >= 130
    stacked = out.is_terminal and out.width < 100
    for title, part in (
        ("Amendments", [r for r in rows if not r.stakeholder]),
        ("Stakeholder proposals (not formal amendments)", [r for r in rows if r.stakeholder]),
    ):
        if not part:
            continue
        table = Table(title=title, title_justify="left")
        # Fixed widths where words must stay whole (rich would squeeze them first).
        fixed = out.is_terminal
        table.add_column("Id", no_wrap=True, width=max(len(r.id) for r in part) if fixed else None)
        target_width = min(max(len(r.target) for r in part), 24 if stacked else 30)
        if not stacked:
            table.add_column("Target", overflow="fold", width=target_width if fixed else None)
            action_width = max(len(r.action) for r in part)
            table.add_column("Action", no_wrap=True, width=action_width if fixed else None)
        else:  # narrow: the action under the target, so both keep their words whole
            table.add_column("Target, action", overflow="fold", width=target_width)
        longest = max(len(r.proposers_text) for r in part)
        table.add_column("Proposed by", min_width=min(longest, 20) if fixed else None)
        if positions:
            table.add_column("Support", max_width=16 if fixed else None)
            table.add_column("Objections", max_width=16 if fixed else None)
        table.add_column("Status", min_width=10 if fixed else None)
        for r in part:
            state = r.status + (f" ({r.state})" if r.state else "")
            # Codes keep the table readable; 'amendments show' gives the names.
            support, objections = " ".join(r.supporter_codes), " ".join(r.objector_codes)
            if stacked:
                cells = [r.id, f"{escape(r.target)}\n[dim]{r.action}[/dim]"]
            else:
                cells = [r.id, escape(r.target), r.action]
            cells.append(escape(r.proposers_text))
            if positions:
                cells += [escape(support), escape(objections)]
            table.add_row(*cells, escape(state))
        out.print(table)
    if not rows:
        sys.stdout.write("no amendments match\n")
