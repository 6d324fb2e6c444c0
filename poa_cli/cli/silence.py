"""``poa silence``: put a revision under silence procedure, break it, see it, close it."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import DocOption, document, done, new_app
from poa_cli.errors import UsageError

silence_app = new_app(
    "The silence procedure (General Assembly decision 74/544): a revision circulated under "
    "silence is adopted when no Member State breaks silence before the deadline. While under "
    "silence, the text is frozen.\n\n"
    "Example: poa silence start rev-3 --until 2026-06-29T18:00:00-04:00"
)


class StatusFormat(StrEnum):
    """How ``poa silence status`` prints the record."""

    table = "table"
    json = "json"


def _warn(lines: tuple[str, ...]) -> None:
    for line in lines:
        sys.stderr.write(f"poa: warning: {line}\n")


@silence_app.command("start")
def start(
    rev: Annotated[
        str | None,
        typer.Argument(metavar="[REV]", help="The revision (default: the latest issued)."),
    ] = None,
    until: Annotated[
        str,
        typer.Option(
            "--until",
            help="The deadline, ISO 8601 with its time zone (2026-06-29T18:00:00-04:00).",
        ),
    ] = "",
    note: Annotated[
        str | None, typer.Option("--note", help="The President's note with the draft.")
    ] = None,
    doc: DocOption = None,
) -> None:
    """Put a revision under silence until a deadline; its text is frozen meanwhile.
    Warns when the silence is shorter than 72 hours.

    Example: poa silence start rev-3 --until 2026-06-29T18:00:00-04:00 --note 'Final text'
    """
    from poa_cli.actions.silence import start as run

    if not until:
        raise UsageError("--until DATETIME is required (ISO 8601 with a time zone)")
    step = run(document(doc), rev, until, note)
    _warn(step.warnings)
    done(step)


@silence_app.command("break")
def break_(
    by: Annotated[str, typer.Option("--by", help="The Member State breaking silence.")] = "",
    note: Annotated[str | None, typer.Option("--note", help="What its letter says.")] = None,
    letter: Annotated[
        Path | None,
        typer.Option("--letter", help="The State's letter (kept with the record).", dir_okay=False),
    ] = None,
    doc: DocOption = None,
) -> None:
    """Record that a Member State breaks silence before the deadline, keeping its letter.

    Example: poa silence break --by France --letter letter-from-france.pdf
    """
    from poa_cli.actions.silence import break_silence

    if not by:
        raise UsageError("--by STATE is required")
    done(break_silence(document(doc), by, note, letter))


@silence_app.command("status")
def status(
    fmt: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="table or json.")
    ] = StatusFormat.table,
    doc: DocOption = None,
) -> None:
    """Show the silence procedures: under silence until …, broken by …, adopted on ….

    Example: poa silence status --format json
    """
    from poa_cli.actions.silence import status as run

    result = run(document(doc))
    if fmt is StatusFormat.json:
        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    lines = result.lines()
    if not lines:
        sys.stdout.write(f"{result.document}: no silence procedure\n")
        return
    for line in lines:
        sys.stdout.write(f"{result.document}: {line}\n")


@silence_app.command("close")
def close(doc: DocOption = None) -> None:
    """After the deadline: adopt the revision (tag <document>/adopted) if silence held,
    or record that it was broken and open the text again.

    Example: poa silence close
    """
    from poa_cli.actions.silence import close as run

    done(run(document(doc)))


def register(app: typer.Typer) -> None:
    """Add the silence group to the root app."""
    app.add_typer(silence_app, name="silence")
