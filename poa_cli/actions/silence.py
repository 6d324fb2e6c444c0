"""``poa silence start|break|status|close``: the silence procedure, recorded in git.

Every step is one commit of ``silence.yaml`` (and, for a break, the State's
letter under ``letters/``) whose trailers are the record of the procedure::

    Silence: start | break | adopted | broken
    Document: poa-founding-document
    Revision: rev-2
    Until: 2026-06-29T18:00:00-04:00
    Broken-by: France

A revision adopted under silence is tagged ``<document>/adopted`` (annotated,
with the deadline and the note) on the revision's own commit. The rules (when a
procedure may start, be broken, close) are :mod:`poa_cli.domain.silence`; the
freeze they imply is checked where every write passes, in
:func:`poa_cli.storage.transaction.check_not_frozen`.

Time comes from the clock. ``POA_NOW`` (an ISO 8601 time with its zone) sets
the clock, for tests only: a negotiation never sets it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from poa_cli.domain import silence
from poa_cli.domain.proposers import MEMBER_STATE
from poa_cli.domain.silence import Procedure, Record, stamp
from poa_cli.errors import Conflict, NotFound, PoaError
from poa_cli.storage import codec, layout, revisions, store, transaction, vcs

#: The largest letter kept with the record (a scanned letter is a few megabytes).
MAX_LETTER_BYTES = 20 * 1024 * 1024
ADOPTED_TAG = "adopted"


def now() -> datetime:
    """Return the time: the clock's, or ``POA_NOW``'s (for tests only)."""
    forced = os.environ.get("POA_NOW")
    if forced:
        return silence.parse_time(forced, "POA_NOW")
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Step:
    """What a ``poa silence`` command did: a summary, its commit, and any warnings."""

    summary: str
    commit: str | None
    warnings: tuple[str, ...] = ()
    tag: str | None = None


@dataclass(frozen=True)
class Status:
    """The record of a document's silence procedures, and the names of the States in it."""

    document: str
    record: Record
    names: dict[str, str]
    now: datetime

    def lines(self) -> list[str]:
        """One line per procedure, oldest first."""
        names = list(self.names.items())
        return [silence.describe(p, names) for p in self.record.procedures]

    def as_json(self) -> dict[str, object]:
        """The record as ``poa silence status --format json`` prints it."""
        current = self.record.current
        return {
            "document": self.document,
            "now": stamp(self.now),
            "frozen": silence.frozen_reason(self.record, self.document) is not None,
            "current": _procedure_json(current, self.names) if current else None,
            "procedures": [_procedure_json(p, self.names) for p in self.record.procedures],
        }


def _procedure_json(p: Procedure, names: dict[str, str]) -> dict[str, object]:
    return {
        "revision": p.revision,
        "commit": p.commit,
        "started": stamp(p.started),
        "until": stamp(p.until),
        "status": p.status,
        "note": p.note,
        "closed": stamp(p.closed) if p.closed else None,
        "breaks": [
            {
                "by": b.by,
                "name": names.get(b.by, b.by),
                "at": stamp(b.at),
                "note": b.note,
                "letter": b.letter,
                "letter_sha256": b.letter_sha256,
            }
            for b in p.breaks
        ],
    }


def _meta(root: Path) -> tuple[str, str, str]:
    meta = store.load_meta(root)
    return meta.id, meta.symbol, meta.title


def start(root: Path, rev: str | None, until: str, note: str | None = None) -> Step:
    """Put revision *rev* (default: the latest) under silence until *until*.

    Raises PoaError for a deadline that is not ISO 8601 with a time zone or has
    passed; NotFound when no such revision was issued; Conflict when a newer
    revision exists, the clauses changed since *rev*, or a procedure is running
    or adopted the text.
    """
    deadline = silence.parse_time(until)
    doc_id, symbol, _title = _meta(root)
    issued = revisions.list_revisions(root)
    if not issued:
        raise NotFound(
            "no revision has been issued: only a tagged revision goes under silence",
            hint="issue one with 'poa consolidate'",
        )
    latest = issued[-1]
    if rev is None:
        revision = latest
    else:
        resolved = revisions.resolve(root, rev, issued)
        if resolved.revision is None:
            raise PoaError(
                f"'{rev}' is not an issued revision: only a tagged revision goes under silence",
                hint=f"the latest is {latest.name}",
            )
        revision = resolved.revision
    if revision.name != latest.name:
        raise Conflict(
            f"{revision.name} is not the latest revision ({latest.name} is)",
            hint=f"put {latest.name} under silence",
        )
    _check_unchanged_since(root, revision.commit, revision.name)
    with transaction.transaction(root) as tx:
        record = store.load_silence(root)
        when = now()
        record, warnings = silence.start(
            record, revision=revision.name, commit=revision.commit, until=deadline, now=when,
            note=" ".join(note.split()) if note else None,
        )  # fmt: skip
        path = root / layout.SILENCE_FILE
        tx.write(path, codec.silence_text(root, record))
        label = revisions.revision_label(revision.name)
        tx.subject = f"Put {label} of {symbol} under silence procedure until {stamp(deadline)}"
        tx.body = " ".join(note.split()) if note else ""
        tx.trailers = [
            ("Silence", "start"),
            ("Document", doc_id),
            ("Revision", revision.name),
            ("Until", stamp(deadline)),
        ]
    summary = f"{revision.name} ({label}) is under silence procedure until {stamp(deadline)}"
    return Step(summary, tx.sha, tuple(warnings))


def _the(revision: str) -> str:
    """A revision as a sentence names it: "the zero draft", "Rev.2"."""
    label = revisions.revision_label(revision)
    return f"the {label}" if label == "zero draft" else label


def _check_unchanged_since(root: Path, commit: str, name: str) -> None:
    """Refuse when a clause changed after revision *name*: what is circulated is the revision."""
    rel = revisions.repo_path(root)
    clauses = f"{rel}/{layout.CLAUSES}" if rel else layout.CLAUSES
    head = vcs.head_sha(root)
    if head is None or head == commit:
        return
    then, now_ = vcs.list_files(root, commit, clauses), vcs.list_files(root, head, clauses)
    if then is not None and now_ is not None and then != now_:
        changed = sorted({*then.items()} ^ {*now_.items()})
        first = Path(changed[0][0]).stem if changed else "?"
        raise Conflict(
            f"the clauses changed since {name} (e.g. {first}): the text under silence must be "
            "a revision as issued",
            hint="issue a new revision with 'poa consolidate' and put that under silence",
        )


def break_silence(root: Path, by: str, note: str | None = None, letter: Path | None = None) -> Step:
    """Record that Member State *by* breaks silence, keeping its *letter*.

    Raises UnknownProposer for an unknown name; PoaError when *by* is not a
    Member State (an observer, a group, a stakeholder) or the letter cannot be
    read; Conflict when no procedure runs, the deadline has passed, or *by*
    already broke it.
    """

    state = store.registry_for(root).resolve(by)
    if state.kind != MEMBER_STATE:
        raise PoaError(
            f"{state.name} is not a Member State: only a Member State breaks silence",
            hint="decision 74/544: a Member State breaks silence by letter to the President",
        )
    content = _read_letter(letter) if letter is not None else None
    doc_id, symbol, _title = _meta(root)
    with transaction.transaction(root) as tx:
        record = store.load_silence(root)
        when = now()
        p = silence.running(record)
        kept: str | None = None
        digest: str | None = None
        if letter is not None and content is not None:
            suffix = re.sub(r"[^A-Za-z0-9.]", "", letter.suffix.lower())[:10] or ".letter"
            kept = f"{layout.LETTERS}/{p.revision}-{state.code}{suffix}"
            digest = hashlib.sha256(content).hexdigest()
        record = silence.break_silence(
            record, by=state.code, now=when, note=" ".join(note.split()) if note else None,
            letter=kept, letter_sha256=digest,
        )  # fmt: skip
        if kept is not None and content is not None:
            (root / layout.LETTERS).mkdir(exist_ok=True)
            tx.write_bytes(root / kept, content)
        tx.write(root / layout.SILENCE_FILE, codec.silence_text(root, record))
        tx.subject = (
            f"{state.name} breaks silence on {revisions.revision_label(p.revision)} of {symbol}"
        )
        tx.body = " ".join(note.split()) if note else ""
        tx.trailers = [
            ("Silence", "break"),
            ("Document", doc_id),
            ("Revision", p.revision),
            ("Broken-by", state.name),
            ("At", stamp(when)),
        ]
        if kept:
            tx.trailers.append(("Letter", kept))
    summary = f"{state.name} broke silence on {p.revision} at {stamp(when)}"
    if kept:
        summary += f" (letter kept as {kept})"
    return Step(summary, tx.sha)


def _read_letter(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_LETTER_BYTES:
            raise PoaError(
                f"the letter is {size // 1_000_000} MB; poa keeps letters up to 20 MB", path=path
            )
        if not path.is_file():
            raise PoaError("the letter is not a file", path=path)
        return path.read_bytes()
    except OSError as exc:
        raise PoaError(f"cannot read the letter: {exc.strerror}", path=path) from None


def status(root: Path) -> Status:
    """Return the record of the silence procedures of the document at *root*."""

    doc_id, _symbol, _title = _meta(root)
    record = store.load_silence(root)
    registry = store.registry_for(root)
    names = {b.by: registry.name(b.by) for p in record.procedures for b in p.breaks}
    return Status(doc_id, record, names, now())


def close(root: Path) -> Step:
    """Close the procedure: adopt and tag the revision when unbroken at the deadline.

    Raises Conflict when no procedure runs or an unbroken one's deadline has not
    passed, GitError when the tag cannot be made (the commit is then taken back).
    """

    doc_id, symbol, title = _meta(root)
    registry = store.registry_for(root)
    tag = f"{doc_id}/{ADOPTED_TAG}"
    with transaction.transaction(root) as tx:
        record = store.load_silence(root)
        record = silence.close(record, now=now())
        p = record.current
        assert p is not None and p.closed is not None
        label = revisions.revision_label(p.revision)
        if p.status == silence.ADOPTED and vcs.tag_exists(root, tag):
            raise Conflict(f"the tag {tag} already exists", hint="delete it if it is a mistake")
        tx.write(root / layout.SILENCE_FILE, codec.silence_text(root, record))
        trailers = [("Silence", p.status), ("Document", doc_id), ("Revision", p.revision)]
        trailers.append(("Until", stamp(p.until)))
        if p.status == silence.ADOPTED:
            subject = f"{_the(p.revision)[0].upper()}{_the(p.revision)[1:]} of {symbol} adopted "
            subject += f"under silence procedure on {stamp(p.until)}"
        else:
            who = ", ".join(registry.name(b.by) for b in p.breaks)
            subject = f"Silence on {_the(p.revision)} of {symbol} broken by {who}: not adopted"
            trailers += [("Broken-by", registry.name(b.by)) for b in p.breaks]
        tx.subject, tx.trailers = subject, trailers
        if p.status == silence.ADOPTED:
            tag_message = (
                f"Adopted under silence procedure on {stamp(p.until)} "
                f"(General Assembly decision 74/544)\n\n{symbol} ({label}): {title}\n\n"
                f"Silence from {stamp(p.started)} until {stamp(p.until)}; not broken."
            )
            if p.note:
                tag_message += f"\n\n{p.note}"
            # On the revision's own commit; the commit of silence.yaml stands or falls with it.
            tx.tag(tag, tag_message, p.commit)
    sha = tx.sha
    if p.status == silence.ADOPTED:
        summary = f"{p.revision} ({label}) adopted under silence procedure on {stamp(p.until)}"
        return Step(summary + f"; tagged {tag}", sha, tag=tag)
    who = ", ".join(registry.name(b.by) for b in p.breaks)
    return Step(f"silence on {p.revision} was broken by {who}: not adopted; the text is open", sha)


def paper_line(root: Path, revision: str | None) -> str:
    """The line a paper of *revision* (a ``rev-N``, or None for the working text) prints.

    "Under silence procedure until …" while the revision is under silence,
    "Adopted under silence procedure on …" once adopted; "" otherwise (and for
    a silence.yaml that cannot be read: the paper is not the place to refuse).
    """
    try:
        record = store.load_silence(root)
    except PoaError:
        return ""
    for p in reversed(record.procedures):
        if revision is not None and p.revision != revision:
            continue
        if p.status == silence.UNDER_SILENCE:
            return f"Under silence procedure until {_spoken(p.until)}"
        if p.status == silence.ADOPTED:
            return f"Adopted under silence procedure on {_spoken(p.until)}"
        return ""
    return ""


def _spoken(when: datetime) -> str:
    """A time as a paper prints it: 29 June 2026, 18:00 (UTC-04:00)."""
    offset = when.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{when.day} {when:%B %Y}, {when:%H:%M} ({zone})"
