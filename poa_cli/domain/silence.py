"""The silence procedure (General Assembly decision 74/544 of 27 March 2020), as pure rules.

The President circulates a draft under a silence procedure of at least 72 hours;
if no Member State breaks silence, by letter, before the deadline, the text is
adopted; a single objection breaks it. Negotiations use it for the final text.

A document's procedures are recorded in ``silence.yaml`` beside ``document.yaml``
(docs/format.md). The last procedure decides whether the text is frozen: while a
revision is under silence, and once it is adopted, nothing may change its
clauses, its proposals or its document.yaml. These functions take the record and
the time and return the new record, or raise :class:`~poa_cli.errors.PoaError`
saying why not; they never read the clock or a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from poa_cli.errors import Conflict, PoaError

#: The shortest silence decision 74/544 foresees; a shorter one is allowed, with a warning.
MINIMUM = timedelta(hours=72)

UNDER_SILENCE = "under-silence"
BROKEN = "broken"
ADOPTED = "adopted"


@dataclass(frozen=True)
class Break:
    """A Member State's letter breaking silence: who, when, why, and the letter kept."""

    by: str  # the State's code (FRA)
    at: datetime
    note: str | None = None
    letter: str | None = None  # the letter's path, relative to the document folder
    letter_sha256: str | None = None


@dataclass(frozen=True)
class Procedure:
    """One silence procedure on one revision."""

    revision: str  # rev-2
    commit: str  # the revision's commit
    started: datetime
    until: datetime
    status: str = UNDER_SILENCE
    note: str | None = None
    breaks: tuple[Break, ...] = ()
    closed: datetime | None = None

    @property
    def open(self) -> bool:
        """True while the procedure has not been closed."""
        return self.status == UNDER_SILENCE


@dataclass(frozen=True)
class Record:
    """Every silence procedure of a document, oldest first."""

    procedures: tuple[Procedure, ...] = field(default=())

    @property
    def current(self) -> Procedure | None:
        """The last procedure, or None when there has been none."""
        return self.procedures[-1] if self.procedures else None

    def with_current(self, procedure: Procedure) -> Record:
        """The record with its last procedure replaced by *procedure*."""
        return Record((*self.procedures[:-1], procedure))


def stamp(when: datetime) -> str:
    """*when* as poa writes it: ISO 8601 to the second, with its offset (``+00:00``)."""
    return when.isoformat(timespec="seconds")


def parse_time(text: str, what: str = "the deadline") -> datetime:
    """Return the aware datetime written in ISO 8601 in *text*.

    Raises PoaError when it is not ISO 8601 or has no time zone: a deadline read
    in New York and in Geneva must be the same moment.
    """
    raw = text.strip()
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        raise PoaError(
            f"{what} '{text}' is not an ISO 8601 date and time",
            hint="e.g. 2026-06-26T18:00:00-04:00 or 2026-06-26T22:00Z",
        ) from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise PoaError(
            f"{what} '{text}' has no time zone",
            hint="add one, e.g. 2026-06-26T18:00:00-04:00 (New York) or ...Z (UTC)",
        )
    return when


def frozen_reason(record: Record, document: str) -> str | None:
    """Why the text of *document* may not change now, or None when it may."""
    p = record.current
    if p is None:
        return None
    if p.status == UNDER_SILENCE:
        return (
            f"{document} is under silence procedure until {stamp(p.until)} ({p.revision}): "
            "its clauses, proposals and document.yaml are frozen"
        )
    if p.status == ADOPTED:
        when = stamp(p.until)
        return f"{document} was adopted under silence procedure on {when}: its text is final"
    return None


def start(
    record: Record, *, revision: str, commit: str, until: datetime, now: datetime,
    note: str | None,
) -> tuple[Record, list[str]]:  # fmt: skip
    """Put *revision* under silence until *until*; return the record and any warnings.

    Raises Conflict when a procedure is running or the text was adopted, and
    PoaError when the deadline has passed.
    """
    current = record.current
    if current is not None and current.status == UNDER_SILENCE:
        raise Conflict(
            f"{current.revision} is already under silence procedure until {stamp(current.until)}",
            hint="'poa silence close' after the deadline, or wait for it",
        )
    if current is not None and current.status == ADOPTED:
        raise Conflict(f"{current.revision} was adopted under silence procedure: the text is final")
    if until <= now:
        raise PoaError(
            f"the deadline {stamp(until)} has passed (it is now {stamp(now)})",
            hint="give a deadline in the future",
        )
    warnings = []
    if until - now < MINIMUM:
        hours = (until - now).total_seconds() / 3600
        warnings.append(
            f"the silence lasts {hours:.1f} hours, less than the 72 hours decision 74/544 foresees"
        )
    procedure = Procedure(revision, commit, now, until, UNDER_SILENCE, note or None)
    return Record((*record.procedures, procedure)), warnings


def running(record: Record) -> Procedure:
    """The procedure under way; raises Conflict when there is none."""
    p = record.current
    if p is None or p.status != UNDER_SILENCE:
        raise Conflict("no silence procedure is under way", hint="'poa silence status' says more")
    return p


def break_silence(
    record: Record, *, by: str, now: datetime, note: str | None, letter: str | None,
    letter_sha256: str | None,
) -> Record:  # fmt: skip
    """Record that State *by* breaks silence now.

    Raises Conflict after the deadline (the text is adopted unless broken in
    time) and when *by* has already broken this silence.
    """
    p = running(record)
    if now >= p.until:
        raise Conflict(
            f"the deadline {stamp(p.until)} has passed: silence can no longer be broken",
            hint="'poa silence close' records the outcome",
        )
    if any(b.by == by for b in p.breaks):
        raise Conflict(f"{by} has already broken this silence")
    entry = Break(by, now, note or None, letter, letter_sha256)
    return record.with_current(replace(p, breaks=(*p.breaks, entry)))


def close(record: Record, *, now: datetime) -> Record:
    """Close the procedure: adopted when unbroken at the deadline, else broken.

    A broken silence may be closed at once (nothing can be adopted); an
    unbroken one only once its deadline has passed. Raises Conflict otherwise.
    """
    p = running(record)
    if p.breaks:
        return record.with_current(replace(p, status=BROKEN, closed=now))
    if now < p.until:
        raise Conflict(
            f"silence runs until {stamp(p.until)}; it cannot be closed before the deadline",
            hint="a State may still break it",
        )
    return record.with_current(replace(p, status=ADOPTED, closed=now))


def describe(p: Procedure, names: Sequence[tuple[str, str]] = ()) -> str:
    """One line on *p*: under silence until …, broken by … on …, adopted on …."""
    by_name = dict(names)
    who = ", ".join(f"{by_name.get(b.by, b.by)} on {stamp(b.at)}" for b in p.breaks)
    if p.status == ADOPTED:
        return f"{p.revision} adopted under silence procedure on {stamp(p.until)}"
    if p.status == BROKEN:
        return f"{p.revision}: silence broken by {who}; not adopted"
    if p.breaks:
        return f"{p.revision} under silence procedure until {stamp(p.until)}; broken by {who}"
    return f"{p.revision} under silence procedure until {stamp(p.until)}"
