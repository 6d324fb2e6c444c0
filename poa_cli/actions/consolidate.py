"""The Chair's decisions: accept and reject amendments, and issue the next revision.

:func:`issue_revision` is the whole of ``poa consolidate``. Under the repository
lock it records each decision in the amendment's file (``status`` and
``decision: {date, over_objection, note}``), applies every accepted amendment
not yet applied (:func:`poa_cli.domain.consolidation.consolidate`: a fixed order, exact
anchors or a conflict naming both amendments, never an approximate patch),
writes the clause files (round-trip, so people's comments stay) and the clause
order in ``document.yaml``, sets ``applied_in``, makes one commit whose trailers
list the decisions, and tags it ``<document>/rev-N`` with an annotated tag.

Consensus is the rule: an amendment any State objects to is accepted only with
an explicit override (``--over-objection ID --note …``), recorded in the
amendment and in the commit.

It runs in three steps: :func:`load` (under the lock: the document, its parsed
files, the revisions issued), :func:`plan_revision` (pure: the decisions, the
new text, every file to write or delete, the commit message and the tag), then
one :func:`poa_cli.storage.transaction.transaction` that writes, commits and
tags. Nothing is written when anything is refused. The tag is created after the
commit; if git refuses the tag, the transaction takes the commit back (HEAD
returns to its parent, the index and the files to what they were), so a
revision is either committed and tagged, or not there at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli.domain import amend, consolidation
from poa_cli.domain.model import Amendment, Clause, Decision, Document, DocumentMeta
from poa_cli.domain.proposers import Registry, attribution
from poa_cli.errors import Conflict, GitError, NotFound, PoaError
from poa_cli.storage import codec, layout, revisions, store, transaction, vcs

_NAME_RE = re.compile(r"^rev-(0|[1-9][0-9]{0,5})$")
_PENDING = ("proposed",)


@dataclass(frozen=True)
class Stale:
    """A pending amendment that no longer applies to the new text, and why."""

    amendment: str
    reason: str


@dataclass(frozen=True)
class Issued:
    """What ``poa consolidate`` did (or, with ``dry_run``, would do)."""

    revision: str  # rev-2
    label: str  # Rev.2 / zero draft
    tag: str  # poa-founding-document/rev-2
    symbol: str  # A/CONF.1/2026/L.1/Rev.2
    date: date
    commit: str | None
    applied: tuple[str, ...]
    rejected: tuple[str, ...]
    over_objection: tuple[tuple[str, tuple[str, ...]], ...]  # (id, objecting State names)
    changed: tuple[str, ...]  # clause ids whose text changed
    inserted: tuple[str, ...]
    deleted: tuple[str, ...]
    moved: tuple[str, ...]
    stale: tuple[Stale, ...]
    dry_run: bool = False
    paths: tuple[Path, ...] = field(default=())


# --------------------------------------------------------------------------- naming


def next_name(existing: Sequence[revisions.Revision], requested: str | None) -> str:
    """Return the name of the revision to issue: ``--as`` when given, else the next number.

    The first revision is ``rev-0``, the zero draft (see docs/decisions.md). Raises
    PoaError for a malformed name and Conflict for a name that is taken or not
    after the latest revision.
    """
    latest = existing[-1] if existing else None
    if requested is None:
        return f"rev-{latest.number + 1}" if latest else "rev-0"
    name = requested.strip()
    m = re.match(r"^rev[-.]?(\d+)$", name, re.IGNORECASE)
    if m:
        name = f"rev-{int(m.group(1))}"
    if not _NAME_RE.match(name):
        raise PoaError(f"'{requested}' is not a revision name", hint="use rev-N, e.g. --as rev-1")
    taken = next((r for r in existing if r.name == name), None)
    if taken is not None:
        raise Conflict(
            f"revision {name} already exists (tag {taken.tag} on {taken.commit[:10]})",
            hint="revisions are never re-issued; leave out --as for the next number",
        )
    if latest is not None and int(name[4:]) <= latest.number:
        raise Conflict(
            f"{name} would come before the latest revision, {latest.name}",
            hint=f"use a number after {latest.number}",
        )
    return name


# --------------------------------------------------------------------------- deciding


def _split(ids: Sequence[str]) -> list[str]:
    """Return the ids of repeated and comma-separated options, in order, without repeats."""
    out: list[str] = []
    for raw in ids:
        for part in raw.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _amendment(amendments: Mapping[str, Amendment], amendment_id: str) -> Amendment:
    a = amendments.get(amendment_id)
    if a is None:
        folded = {k.upper(): v for k, v in amendments.items()}
        a = folded.get(amendment_id.upper())
    if a is None:
        raise NotFound(f"no amendment '{amendment_id}'", hint="'poa amendments list' shows the ids")
    return a


def parse_overrides(specs: Sequence[str]) -> dict[str, str | None]:
    """Return ``--over-objection`` values (``ID=NOTE`` or ``ID``) as id -> own note.

    Raises PoaError when one amendment is given two different notes (one would
    be lost without a word).
    """
    overrides: dict[str, str | None] = {}
    for raw in specs:
        aid, sep, own = raw.partition("=")
        aid, note = aid.strip(), own.strip() if sep else None
        if aid in overrides and note is not None and overrides[aid] not in (None, note):
            raise PoaError(f"--over-objection {aid} is given two different notes; give one")
        if note is not None or aid not in overrides:
            overrides[aid] = note
    return overrides


def _decide(
    amendments: Mapping[str, Amendment],
    registry: Registry,
    accept: Sequence[str],
    reject: Sequence[str],
    over_objection: Mapping[str, str | None],
    note: str | None,
) -> dict[str, Decision]:
    """Return the decisions by amendment id; raise PoaError/Conflict for any that cannot be."""
    decisions: dict[str, Decision] = {}
    overrides: dict[str, str | None] = {}
    for raw_id, own_note in over_objection.items():
        overrides[_amendment(amendments, raw_id).id] = own_note
    accepted_ids = [_amendment(amendments, i).id for i in accept]
    for aid in overrides:
        if aid not in accepted_ids:
            accepted_ids.append(aid)
    rejected_ids = [_amendment(amendments, i).id for i in reject]
    both = sorted(set(accepted_ids) & set(rejected_ids))
    if both:
        raise PoaError(f"{', '.join(both)}: both accepted and rejected; choose one")
    for aid in accepted_ids:
        a = amendments[aid]
        if a.status == "accepted" and a.applied_in:
            raise Conflict(f"{aid} was already applied in {a.applied_in}", path=a.path)
        if a.status not in ("proposed", "accepted"):
            raise Conflict(
                f"{aid} is {a.status}; only a pending amendment can be accepted", path=a.path
            )
        lead = registry.get(a.lead)
        if lead is not None and lead.is_stakeholder:
            raise Conflict(
                f"{aid} is a stakeholder proposal, not a formal amendment: only States "
                "propose amendments",
                path=a.path,
                hint="a State may table the same words with 'poa draft amend'",
            )
        if aid in overrides:
            if not a.opposed_by:
                raise PoaError(f"{aid} has no objection to override", path=a.path)
            text = overrides[aid] or note
            if not text or not text.strip():
                raise PoaError(
                    f"accepting {aid} over an objection needs the Chair's note",
                    hint=f'--over-objection {aid}="…" (why consensus was judged to exist)',
                )
            decisions[aid] = Decision("accepted", True, " ".join(text.split()))
        else:
            decisions[aid] = Decision("accepted")
    for aid in rejected_ids:
        a = amendments[aid]
        if a.status == "accepted" and a.applied_in:
            raise Conflict(f"{aid} was already applied in {a.applied_in}", path=a.path)
        if a.status not in ("proposed", "accepted"):
            raise Conflict(
                f"{aid} is {a.status}; only a pending amendment can be rejected", path=a.path
            )
        decisions[aid] = Decision("rejected")
    return decisions


def _check_consensus(
    to_apply: Sequence[Amendment],
    decisions: Mapping[str, Decision],
    registry: Registry,
    overridden: frozenset[str],
) -> None:
    """Refuse, naming the objecting States, any amendment accepted without consensus."""
    problems: list[str] = []
    first: Amendment | None = None
    for a in to_apply:
        if not a.opposed_by:
            continue
        d = decisions.get(a.id)
        if d is not None and d.over_objection:
            continue
        if d is None and a.id in overridden:
            continue
        names = ", ".join(registry.name(c) for c in a.opposed_by)
        problems.append(f"{a.id} is opposed by {names}")
        first = first or a
    if problems:
        ids = " ".join(f'--over-objection {p.split()[0]}="…"' for p in problems)
        raise Conflict(
            "no consensus: " + "; ".join(problems),
            path=first.path if first else None,
            hint=f"to accept over the objection: {ids} (the Chair's note); or reject it",
        )


# --------------------------------------------------------------------------- writing


def _sections(meta: DocumentMeta, result: consolidation.Consolidation) -> dict[str, list[str]]:
    """Return section id → clause ids after consolidation (inserted and moved clauses placed)."""
    old_section = {cid: s.id for s in meta.sections for cid in s.clauses}
    assigned = {c: old_section[c] for c in result.order if c in old_section}
    for a in result.applied:
        if a.action == "insert-clause" and a.clause is not None and a.clause.id in result.order:
            home = assigned.get(a.target) or old_section.get(a.target)
            if home is not None:
                assigned[a.clause.id] = home
        elif a.action == "move-clause" and a.destination and a.target in result.order:
            home = assigned.get(a.destination) or old_section.get(a.destination)
            if home is not None:
                assigned[a.target] = home
    previous = meta.sections[0].id if meta.sections else None
    out: dict[str, list[str]] = {s.id: [] for s in meta.sections}
    for cid in result.order:
        home = assigned.get(cid, previous)
        if home is None:
            continue
        out.setdefault(home, []).append(cid)
        previous = home
    return out


def _line(a: Amendment, registry: Registry) -> str:
    group = registry.name(a.on_behalf_of) if a.on_behalf_of else None
    who = attribution((registry.name(c) for c in a.proposed_by), group)
    return f"- {a.id} ({a.action} on {a.target}): {who}"


@dataclass(frozen=True)
class _Message:
    """The commit message of a revision (subject, body, trailers) and its tag's message."""

    subject: str
    body: str
    trailers: tuple[tuple[str, str], ...]
    tag: str


def _message(
    meta: DocumentMeta,
    name: str,
    on: date,
    applied: Sequence[Amendment],
    rejected: Sequence[Amendment],
    overrides: Sequence[tuple[Amendment, Decision]],
    note: str | None,
    registry: Registry,
) -> _Message:
    """Return the commit and tag messages of revision *name*."""
    label = revisions.revision_label(name)
    symbol = revisions.revision_symbol(meta.symbol, name)
    subject = (
        f"Issue the {label} ({name}) of {meta.symbol}"
        if name == "rev-0"
        else (f"Issue {label} ({name}) of {meta.symbol}")
    )
    counts = f"{len(applied)} amendment{'s' * (len(applied) != 1)} applied"
    counts += f", {len(rejected)} rejected." if rejected else "."
    body = [counts]
    if note:
        body.append(" ".join(note.split()))
    if applied:
        body.append("Applied:\n" + "\n".join(_line(a, registry) for a in applied))
    if rejected:
        body.append("Rejected:\n" + "\n".join(_line(a, registry) for a in rejected))
    trailers = [
        ("Document", meta.id),
        ("Revision", name),
        ("Symbol", symbol),
        ("Date", on.isoformat()),
    ]
    if applied:
        trailers.append(("Accepted", ", ".join(a.id for a in applied)))
    if rejected:
        trailers.append(("Rejected", ", ".join(a.id for a in rejected)))
    for a, d in overrides:
        objectors = ", ".join(registry.name(c) for c in a.opposed_by)
        trailers.append(("Over-objection", f"{a.id} (objection of {objectors}): {d.note}"))
    tag_message = (
        f"{label[0].upper()}{label[1:]} of {meta.symbol} ({name}): {symbol}, "
        f"issued {on.isoformat()}\n\n{meta.title}\n\n{counts}"
    )
    if applied:
        tag_message += "\nAccepted: " + ", ".join(a.id for a in applied)
    if rejected:
        tag_message += "\nRejected: " + ", ".join(a.id for a in rejected)
    if note:
        tag_message += "\n\n" + " ".join(note.split())
    return _Message(subject, "\n\n".join(body), tuple(trailers), tag_message)


def _stale(
    clauses: Mapping[str, Clause],
    amendments: Sequence[Amendment],
    touched: set[str],
    old_clauses: Mapping[str, Clause],
) -> tuple[Stale, ...]:
    """The pending amendments on the clauses in *touched* that no longer apply.

    Amendments on clauses the revision did not change are as they were, so only
    those on changed, inserted, deleted or moved clauses (and their
    sub-amendments) are checked again.
    """
    owner = {
        it.id: c.id for cs in (old_clauses, clauses) for c in cs.values() for it in c.all_items()
    }
    by_id = {a.id: a for a in amendments}

    def clause_of(a: Amendment) -> str:
        seen: set[str] = set()
        while a.target in by_id and a.target not in seen:
            seen.add(a.target)
            a = by_id[a.target]
        return owner.get(a.target, a.target)

    mine = [
        a
        for a in amendments
        if a.status == "proposed" and (clause_of(a) in touched or a.destination in touched)
    ]
    parents = [by_id[a.target] for a in mine if a.target in by_id]
    found = amend.check_pending(clauses, [*parents, *mine])
    ids = {a.id for a in mine}
    seen: set[str] = set()
    out: list[Stale] = []
    for f in found:
        if f.amendment_id not in ids:
            continue
        if f.kind in ("stale", "unknown-target") and f.amendment_id not in seen:
            seen.add(f.amendment_id)
            out.append(Stale(f.amendment_id, f.message.removeprefix(f"{f.amendment_id}: ")))
    return tuple(out)


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Before:
    """What issuing a revision starts from, read under the lock."""

    doc: Document
    raw: Mapping[Path, Any]  # each clause and amendment file's parsed data, by path
    registry: Registry
    existing: tuple[revisions.Revision, ...]
    #: Amendments whose files already record an acceptance over objection.
    overridden: frozenset[str]


def load(root: Path, head: str | None) -> Before:
    """Read the document at *root*, its revisions and its proposers.

    Raises GitError when HEAD is a revision's commit whose tag was never made
    (an interrupted ``poa consolidate``), and the loaders' errors.
    """
    doc, raw = revisions.load_working_data(root)
    _check_not_interrupted(root, doc.meta.id, head)
    overridden = frozenset(
        aid
        for aid, a in doc.amendments.items()
        if a.opposed_by and a.path is not None and codec.over_objection_recorded(raw.get(a.path))
    )
    return Before(
        doc=doc,
        raw=raw,
        registry=store.registry_for(root),
        existing=tuple(revisions.list_revisions(root)),
        overridden=overridden,
    )


def _check_not_interrupted(root: Path, doc_id: str, head: str | None) -> None:
    """Refuse when HEAD is a revision's commit whose tag was never made (a killed run)."""
    if head is None:
        return
    message = vcs.commit_message(root, head)
    fields = dict(
        line.split(": ", 1) for line in message.splitlines() if ": " in line and line[:1].isupper()
    )
    rev = fields.get("Revision", "").strip()
    if fields.get("Document", "").strip() != doc_id or not _NAME_RE.match(rev):
        return
    tag = f"{doc_id}/{rev}"
    if not vcs.tag_exists(root, tag):
        raise GitError(
            f"the last commit ({head[:10]}) issued {rev} but its tag {tag} is missing: "
            "the consolidation was interrupted before tagging",
            hint=f"tag it: git tag -a {tag} -m '{revisions.revision_label(rev)}' {head[:10]}",
        )


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class ClauseFile:
    """A clause file the revision writes: *old* None for a new file."""

    path: Path
    old: Clause | None
    new: Clause


@dataclass(frozen=True)
class DecisionRecord:
    """An amendment file the revision writes: the decision and/or ``applied_in`` it records."""

    path: Path
    decision: Decision | None
    applied_in: str | None


@dataclass(frozen=True)
class RevisionPlan:
    """Everything issuing a revision changes, worked out before anything is written.

    The files (clauses written and deleted, document.yaml's clause lists and date,
    each decided or applied amendment), the commit message and the tag.
    """

    issued: Issued
    clauses: tuple[ClauseFile, ...]
    deleted: tuple[Path, ...]
    sections: Mapping[str, list[str]]
    records: tuple[DecisionRecord, ...]
    subject: str
    body: str
    trailers: tuple[tuple[str, str], ...]
    tag: transaction.Tag


def plan_revision(
    before: Before,
    rev: str,
    *,
    accept: Sequence[str],
    reject: Sequence[str],
    over_objection: Mapping[str, str | None],
    note: str | None,
    on: date,
) -> RevisionPlan:
    """Return the plan of revision *rev* (a pure function of *before* and the decisions).

    Raises PoaError, Conflict or NotFound as :func:`issue_revision` says.
    """
    doc, registry = before.doc, before.registry
    root = doc.root
    decisions = _decide(doc.amendments, registry, _split(accept), _split(reject), over_objection,
                        note)  # fmt: skip
    decided = {aid: replace(doc.amendments[aid], status=d.status) for aid, d in decisions.items()}
    amendments = {**doc.amendments, **decided}
    chosen = consolidation.to_apply(amendments.values())
    _check_consensus(chosen, decisions, registry, before.overridden)
    result = consolidation.consolidate_touched(
        doc.clauses, doc.meta.clause_order(), amendments.values()
    )
    applied = {a.id for a in result.applied}
    after = {
        aid: replace(a, applied_in=rev) if aid in applied else a for aid, a in amendments.items()
    }
    changed = tuple(
        c for c in result.clauses if c in doc.clauses and result.clauses[c] != doc.clauses[c]
    )
    inserted = tuple(c for c in result.order if c not in doc.clauses)
    deleted = tuple(c for c in doc.meta.clause_order() if c not in result.clauses)
    touched = {*changed, *inserted, *deleted, *result.moved}
    stale = _stale(result.clauses, list(after.values()), touched, doc.clauses)
    applied_list = [amendments[a.id] for a in result.applied]
    rejected_list = [decided[aid] for aid, d in decisions.items() if d.status == "rejected"]
    tag = f"{doc.meta.id}/{rev}"
    issued = Issued(
        revision=rev,
        label=revisions.revision_label(rev),
        tag=tag,
        symbol=revisions.revision_symbol(doc.meta.symbol, rev),
        date=on,
        commit=None,
        applied=tuple(a.id for a in applied_list),
        rejected=tuple(a.id for a in rejected_list),
        over_objection=tuple(
            (aid, tuple(registry.name(c) for c in doc.amendments[aid].opposed_by))
            for aid, d in decisions.items()
            if d.over_objection
        ),
        changed=changed,
        inserted=inserted,
        deleted=deleted,
        moved=tuple(result.moved),
        stale=stale,
    )
    message = _message(
        doc.meta, rev, on, applied_list, rejected_list,
        [(doc.amendments[aid], d) for aid, d in decisions.items() if d.over_objection],
        note, registry,
    )  # fmt: skip
    clause_files = tuple(
        ClauseFile(layout.clause_path(root, cid), doc.clauses.get(cid), clause)
        for cid, clause in result.clauses.items()
        if clause != doc.clauses.get(cid)
    )
    records = []
    for aid in sorted(set(decisions) | applied):
        path = doc.amendments[aid].path
        assert path is not None
        records.append(DecisionRecord(path, decisions.get(aid), rev if aid in applied else None))
    return RevisionPlan(
        issued=issued,
        clauses=clause_files,
        deleted=tuple(layout.clause_path(root, c) for c in doc.clauses if c not in result.clauses),
        sections=_sections(doc.meta, result),
        records=tuple(records),
        subject=message.subject,
        body=message.body,
        trailers=message.trailers,
        tag=transaction.Tag(tag, message.tag),
    )


def _change(before: Before, plan: RevisionPlan) -> transaction.Change:
    """Return the texts of the files *plan* writes, through the codec (which reads the
    files' present text to keep people's comments and layout).

    Every new text is computed before anything is written, so a refusal (a file
    that does not round-trip) writes nothing.
    """
    root, raw, on = before.doc.root, before.raw, plan.issued.date
    writes: list[tuple[Path, str]] = []
    for f in plan.clauses:
        if f.old is None:
            text = codec.render_file(f.path, codec.clause_to_data(f.new), "clause")
        else:
            text = codec.updated_clause(f.path, raw.get(f.path), f.old, f.new)
        writes.append((f.path, text))
    doc_path = root / layout.DOCUMENT_FILE
    document_text = codec.updated_document(doc_path, plan.sections, on)
    if document_text is not None:
        writes.append((doc_path, document_text))
    for r in plan.records:
        writes.append(
            (r.path, codec.recorded_decision(r.path, raw.get(r.path), r.decision, r.applied_in, on))
        )
    return transaction.Change(
        writes=tuple(writes),
        deletes=plan.deleted,
        subject=plan.subject,
        body=plan.body,
        trailers=plan.trailers,
        tags=(plan.tag,),
        allow_empty=True,  # a revision is a commit, even one that changed no file
    )


# --------------------------------------------------------------------------- the command


def issue_revision(
    root: Path,
    *,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    over_objection: Mapping[str, str | None] | None = None,
    note: str | None = None,
    name: str | None = None,
    on: date | None = None,
    dry_run: bool = False,
) -> Issued:
    """Record the decisions, apply the accepted amendments, commit and tag the revision.

    *accept* and *reject* are amendment ids (repeated or comma-separated);
    *over_objection* maps ids accepted over an objection to their own note (None:
    use *note*); *name* is ``--as`` (default: ``rev-0`` first, then the next
    number); *on* the date of issue (default: today), also written to
    ``document.yaml``'s ``date``. With *dry_run* everything is checked and
    computed and nothing is written.

    Raises GitError for a dirty tree, a merge in progress or a failed tag;
    Conflict for an existing revision, no consensus, a conflict between accepted
    amendments (naming both) or a decision on a settled amendment; NotFound for
    an unknown id. Nothing is written when anything is refused.
    """
    on = on or date.today()
    with transaction.transaction(root) as tx:
        if not dry_run:
            # Issuing a revision is changing the text, even when no file changes.
            transaction.check_not_frozen(root, [root / layout.DOCUMENT_FILE])
        before = load(root, tx.head)
        rev = next_name(before.existing, name)
        tag = f"{before.doc.meta.id}/{rev}"
        if vcs.tag_exists(root, tag):
            raise Conflict(f"the tag {tag} already exists", hint="choose another name with --as")
        plan = plan_revision(
            before, rev, accept=accept, reject=reject, over_objection=dict(over_objection or {}),
            note=note, on=on,
        )  # fmt: skip
        if dry_run:
            return replace(plan.issued, dry_run=True)
        tx.apply(_change(before, plan))
    return replace(plan.issued, commit=tx.sha, paths=tuple(tx.paths))
