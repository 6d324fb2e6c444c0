"""``poa status``: how far the negotiation is (agreed, bracketed, pending, contested)."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import DocOption, document
from poa_cli.cli.output import StatusFormat
from poa_cli.errors import UsageError


def _row(name: str, t: object) -> str:
    from poa_cli.actions.status import Tally

    assert isinstance(t, Tally)
    share = f"{round(100 * t.agreed_share)} %"
    return (
        f"{name[:38]:<38} {t.paragraphs:>5} {t.adopted:>7} {t.agreed_ad_ref:>7} "
        f"{t.bracketed:>9} {share:>7} {t.pending:>7} {t.contested:>9} {t.objections:>10}\n"
    )


_HEAD = (
    f"{'':<38} {'paras':>5} {'adopted':>7} {'ad ref':>7} {'bracketed':>9} {'agreed':>7} "
    f"{'pending':>7} {'contested':>9} {'objections':>10}\n"
)


def status(
    doc_arg: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DOC]", help="Document folder (default: found from here).", show_default=False
        ),
    ] = None,
    doc: DocOption = None,
    fmt: Annotated[
        StatusFormat,
        typer.Option("--format", "-f", help="table, json, or html (with --revisions)."),
    ] = StatusFormat.TABLE,
    revisions: Annotated[
        bool,
        typer.Option(
            "--revisions",
            help="The same for every revision issued, overall and per section (html: a chart).",
        ),
    ] = False,
    to_rev: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="The revision to report on (default: the working text).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show how far the negotiation is: paragraphs adopted, agreed ad ref and bracketed, per
    section and overall; pending proposals, how many contested, objections.

    Example: poa status --revisions --format html > status.html
    """
    from poa_cli.actions import status as st

    if doc_arg is not None and doc is not None and doc_arg != doc:
        raise UsageError("give the document once: as DOC or with --doc")
    if fmt == "html" and not revisions:
        raise UsageError("--format html is the chart of --revisions")
    if revisions and to_rev is not None:
        raise UsageError("--to and --revisions do not go together")
    root = document(doc_arg or doc)
    if revisions:
        all_ = st.revisions_status(root)
        if fmt == "json":
            sys.stdout.write(json.dumps(st.as_json(all_), ensure_ascii=False, indent=2) + "\n")
        elif fmt == "html":
            sys.stdout.write(st.chart_html(all_))
        else:
            sys.stdout.write(_HEAD)
            for s in all_:
                sys.stdout.write(_row(s.revision, s.overall))
            for name, tallies in st.by_section(all_):
                sys.stdout.write(f"\n{name}\n")
                for s, t in zip(all_, tallies, strict=True):
                    if t is not None:
                        sys.stdout.write(_row(f"  {s.revision}", t))
        return
    one = st.document_status(root, to_rev)
    if fmt == "json":
        sys.stdout.write(json.dumps(st.as_json(one), ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(_HEAD)
    for t in one.sections:
        sys.stdout.write(_row(t.name, t))
    sys.stdout.write(_row("Overall", one.overall))


def register(app: typer.Typer) -> None:
    """Add status to the root app."""
    app.command("status")(status)
