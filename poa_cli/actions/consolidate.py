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

Nothing is written when anything is refused. The tag is created after the
commit; if git refuses the tag, the commit is taken back (HEAD returns to its
parent, the index and the files to what they were), so a revision is either
committed and tagged, or not there at all.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli.domain import amend, consolidation
from poa_cli.domain.model import Amendment, Clause, Document, DocumentMeta, Item
from poa_cli.domain.proposers import Registry, attribution
from poa_cli.errors import Conflict, GitError, NotFound, PoaError
from poa_cli.storage import revisions, store, vcs, yamlio

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


@dataclass
class _Decision:
    status: str  # accepted or rejected
    over_objection: bool = False
    note: str | None = None


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


def _decide(
    amendments: Mapping[str, Amendment],
    registry: Registry,
    accept: Sequence[str],
    reject: Sequence[str],
    over_objection: Mapping[str, str | None],
    note: str | None,
) -> dict[str, _Decision]:
    """Return the decisions by amendment id; raise PoaError/Conflict for any that cannot be."""
    decisions: dict[str, _Decision] = {}
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
                    hint=f"--over-objection {aid} --note '…' (why consensus was judged to exist)",
                )
            decisions[aid] = _Decision("accepted", True, " ".join(text.split()))
        else:
            decisions[aid] = _Decision("accepted")
    for aid in rejected_ids:
        a = amendments[aid]
        if a.status == "accepted" and a.applied_in:
            raise Conflict(f"{aid} was already applied in {a.applied_in}", path=a.path)
        if a.status not in ("proposed", "accepted"):
            raise Conflict(
                f"{aid} is {a.status}; only a pending amendment can be rejected", path=a.path
            )
        decisions[aid] = _Decision("rejected")
    return decisions


def _recorded_override(a: Amendment) -> bool:
    """True when *a*'s file already records an acceptance over objection."""
    if a.path is None or not a.path.is_file():
        return False
    data = yamlio.load(a.path)
    decision = data.get("decision") if isinstance(data, dict) else None
    return isinstance(decision, dict) and decision.get("over_objection") is True


def _check_consensus(
    to_apply: Sequence[Amendment], decisions: Mapping[str, _Decision], registry: Registry
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
        if d is None and _recorded_override(a):
            continue
        names = ", ".join(registry.name(c) for c in a.opposed_by)
        problems.append(f"{a.id} is opposed by {names}")
        first = first or a
    if problems:
        ids = " ".join(f"--over-objection {p.split()[0]}" for p in problems)
        raise Conflict(
            "no consensus: " + "; ".join(problems),
            path=first.path if first else None,
            hint=f"to accept over the objection: {ids} --note '…'; or reject it",
        )


# --------------------------------------------------------------------------- writing


def _restyle(old: Any, new: str) -> Any:
    """Return *new* in the scalar style *old* had (quoted, folded …) when it had one."""
    if isinstance(old, str) and type(old) is not str:
        try:
            return type(old)(new)
        except (TypeError, ValueError):
            return new
    return new


def _item_data(item: Item) -> Any:
    pairs: list[tuple[str, Any]] = [("id", item.id), ("text", item.text)]
    if item.items:
        pairs.append(("items", [_item_data(i) for i in item.items]))
    return yamlio.new_mapping(pairs)


def _shape(items: Sequence[Item]) -> list[Any]:
    return [(it.id, _shape(it.items)) for it in items]


def _set_item_texts(seq: Any, items: Sequence[Item]) -> None:
    for node, item in zip(seq, items, strict=True):
        if node.get("text") != item.text:
            node["text"] = _restyle(node.get("text"), item.text)
        if item.items:
            _set_item_texts(node["items"], item.items)


def _put_after(tree: Any, key: str, value: Any, after: Sequence[str]) -> None:
    """Set *key* in a round-trip mapping, placing a new key after the last of *after* present."""
    if key in tree:
        tree[key] = value
        return
    keys = list(tree)
    pos = len(keys)
    for k in after:
        if k in tree:
            pos = keys.index(k) + 1
    tree.insert(pos, key, value)


def update_clause_tree(tree: Any, old: Clause, new: Clause) -> None:
    """Change a clause file's round-trip tree from *old* to *new*, touching only what changed."""
    if new.text != old.text:
        tree["text"] = _restyle(tree.get("text"), new.text)
    if new.items != old.items:
        if not new.items:
            tree.pop("items", None)
        elif "items" in tree and _shape(new.items) == _shape(old.items):
            _set_item_texts(tree["items"], new.items)
        else:
            _put_after(tree, "items", [_item_data(i) for i in new.items], ("text",))
    if new.footnotes != old.footnotes:
        if not new.footnotes:
            tree.pop("footnotes", None)
        else:
            if "footnotes" not in tree or tree["footnotes"] is None:
                _put_after(tree, "footnotes", yamlio.new_mapping([]), ("text", "items"))
            notes = tree["footnotes"]
            wanted = dict(new.footnotes)
            for marker in [m for m in notes if m not in wanted]:
                del notes[marker]
            for marker, text in new.footnotes:
                if notes.get(marker) != text:
                    notes[marker] = _restyle(notes.get(marker), text)


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


def _amendment_tree(a: Amendment, decision: _Decision | None, applied_in: str | None,
                    on: date) -> Any:  # fmt: skip
    assert a.path is not None
    tree = yamlio.load_roundtrip(a.path)
    if decision is not None:
        tree["status"] = decision.status
    if applied_in is not None:
        _put_after(tree, "applied_in", applied_in, ("status",))
    if decision is not None:
        pairs: list[tuple[str, Any]] = [("date", on)]
        if decision.over_objection:
            pairs.append(("over_objection", True))
        if decision.note:
            pairs.append(("note", decision.note))
        _put_after(tree, "decision", yamlio.new_mapping(pairs), ("status", "applied_in"))
    return tree


def _line(a: Amendment, registry: Registry) -> str:
    group = registry.name(a.on_behalf_of) if a.on_behalf_of else None
    who = attribution((registry.name(c) for c in a.proposed_by), group)
    return f"- {a.id} ({a.action} on {a.target}): {who}"


def _message(
    meta: DocumentMeta,
    name: str,
    on: date,
    applied: Sequence[Amendment],
    rejected: Sequence[Amendment],
    overrides: Sequence[tuple[Amendment, _Decision]],
    note: str | None,
    registry: Registry,
) -> tuple[str, str]:
    """Return (commit message, tag message) of revision *name*."""
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
        f"Document: {meta.id}",
        f"Revision: {name}",
        f"Symbol: {symbol}",
        f"Date: {on.isoformat()}",
    ]
    if applied:
        trailers.append("Accepted: " + ", ".join(a.id for a in applied))
    if rejected:
        trailers.append("Rejected: " + ", ".join(a.id for a in rejected))
    for a, d in overrides:
        objectors = ", ".join(registry.name(c) for c in a.opposed_by)
        trailers.append(f"Over-objection: {a.id} (objection of {objectors}): {d.note}")
    commit_message = "\n\n".join([subject, *body, "\n".join(trailers)])
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
    return commit_message, tag_message


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
    overrides = dict(over_objection or {})
    from poa_cli.actions.amendments import registry_for

    registry = registry_for(root)
    with store.transaction(root, commit=False) as tx, vcs.open_repo(root) as repo:
        vcs.preflight(repo, root)
        if not dry_run:
            # Issuing a revision is changing the text, even when no file changes.
            store.check_not_frozen(root, [root / store.DOCUMENT_FILE])
        doc, raw = revisions.load_working_data(root)
        existing = revisions.list_revisions(root)
        _check_not_interrupted(root, doc.meta.id, tx.head)
        rev = next_name(existing, name)
        tag = f"{doc.meta.id}/{rev}"
        if vcs.tag_exists(root, tag):
            raise Conflict(f"the tag {tag} already exists", hint="choose another name with --as")
        decisions = _decide(
            doc.amendments, registry, _split(accept), _split(reject), overrides, note
        )
        decided = {
            aid: replace(doc.amendments[aid], status=d.status) for aid, d in decisions.items()
        }
        amendments = {**doc.amendments, **decided}
        chosen = consolidation.to_apply(amendments.values())
        _check_consensus(chosen, decisions, registry)
        result = consolidation.consolidate_touched(
            doc.clauses, doc.meta.clause_order(), amendments.values()
        )
        applied = {a.id for a in result.applied}
        after = {
            aid: replace(a, applied_in=rev) if aid in applied else a
            for aid, a in amendments.items()
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
            dry_run=dry_run,
        )
        if dry_run:
            return issued
        _write(tx, root, doc, raw, result, decisions, applied, rev, on)
        commit_message, tag_message = _message(
            doc.meta, rev, on, applied_list, rejected_list,
            [(doc.amendments[aid], d) for aid, d in decisions.items() if d.over_objection],
            note, registry,
        )  # fmt: skip
        parent = tx.head
        try:
            sha = vcs.commit_revision(repo, tx.paths, commit_message)
        except BaseException:
            with contextlib.suppress(PoaError):
                vcs.unstage(repo, tx.paths)
            raise
        try:
            vcs.create_tag(repo, tag, sha, tag_message)
        except BaseException as exc:
            take_back(repo, sha, parent, tx.paths, tag, exc)
            raise
    return replace(issued, commit=sha, paths=tuple(tx.paths))


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


def take_back(
    repo: Any, sha: str, parent: str | None, paths: Sequence[Path], tag: str, exc: BaseException
) -> None:
    """Undo the revision's commit after its tag failed; the transaction restores the files."""
    if parent is None:
        raise GitError(
            f"could not create the tag {tag}, and the commit {sha[:10]} has no parent to go "
            "back to",
            hint=f"tag it yourself: git tag -a {tag} {sha[:10]}",
        ) from exc
    try:
        vcs.undo_commit(repo, sha, parent, paths)
    except PoaError:
        raise GitError(
            f"could not create the tag {tag}, and HEAD moved on so the revision's commit "
            f"{sha[:10]} stays",
            hint=f"tag it yourself: git tag -a {tag} {sha[:10]}",
        ) from exc


def _write(
    tx: store.Transaction,
    root: Path,
    doc: Document,
    raw: Mapping[Path, Any],
    result: consolidation.Consolidation,
    decisions: Mapping[str, _Decision],
    applied: set[str],
    rev: str,
    on: date,
) -> None:
    """Write every file the revision changes, through the transaction.

    Every new text is computed first, so that a refusal (a file that does not
    round-trip) writes nothing, and the transaction journals the whole batch once.
    """
    old_clauses, meta, amendments = doc.clauses, doc.meta, doc.amendments
    writes: list[tuple[Path, str]] = []
    deletes: list[Path] = []
    for cid, clause in result.clauses.items():
        path = store.clause_path(root, cid)
        if cid not in old_clauses:
            writes.append((path, store.render_file(path, store.clause_to_data(clause), "clause")))
        elif clause != old_clauses[cid]:
            text = _edit_clause_text(path, raw.get(path), old_clauses[cid], clause)
            if text is None:
                tree = yamlio.load_roundtrip(path)
                update_clause_tree(tree, old_clauses[cid], clause)
                text = yamlio.dump(tree)
            writes.append((path, text))
    for cid in old_clauses:
        if cid not in result.clauses:
            deletes.append(store.clause_path(root, cid))
    doc_path = root / store.DOCUMENT_FILE
    tree = yamlio.load_roundtrip(doc_path)
    sections = _sections(meta, result)
    changed = False
    for node in tree["sections"]:
        wanted = sections.get(str(node.get("id")))
        if wanted is not None and list(node.get("clauses") or []) != wanted:
            seq = node["clauses"]
            del seq[:]
            seq.extend(wanted)
            changed = True
    if str(tree.get("date")) != on.isoformat():
        _put_after(tree, "date", on, ("distribution", "body", "symbol"))
        changed = True
    if changed:
        writes.append((doc_path, yamlio.dump(tree)))
    for aid in sorted(set(decisions) | applied):
        a = amendments[aid]
        assert a.path is not None
        decision, applied_in = decisions.get(aid), rev if aid in applied else None
        text = _edit_amendment_text(a.path, raw.get(a.path), decision, applied_in, on)
        if text is None:
            text = yamlio.dump(_amendment_tree(a, decision, applied_in, on))
        writes.append((a.path, text))
    tx.remember([p for p, _ in writes] + deletes)
    for path, text in writes:
        tx.write(path, text)
    for path in deletes:
        tx.delete(path)


# --------------------------------------------------------------------------- fast edits
#
# Round-trip YAML costs ~4 ms a file; a revision rewrites hundreds. The common
# edits (a status, two new keys, a one-line text) are made on the text itself,
# then checked by parsing the result: it must give exactly the data intended, or
# the round-trip writer does the edit instead. Comments and layout are kept
# either way.

_SCALAR_LINE = re.compile(r"^(?P<key>[a-z_]+):[ ]+(?P<value>.*?)[ ]*$")


def _one_line_value(line: str) -> bool:
    """True when *line*'s value is a complete one-line scalar with no comment after it."""
    m = _SCALAR_LINE.match(line)
    if not m:
        return False
    v = m.group("value")
    if not v:
        return False
    if v[0] == '"':
        return len(v) > 1 and v.endswith('"') and not v.endswith('\\"')
    if v[0] == "'":
        return len(v) > 1 and v.endswith("'")
    return v[0] not in ">|[]{}&*!#%@`" and " #" not in v


def _scalar(value: str) -> str:
    """*value* as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _continued(lines: list[str], at: int) -> bool:
    """True when the line after *at* is indented: a plain scalar continued, or a block."""
    return at + 1 < len(lines) and lines[at + 1][:1] in (" ", "\t")


def _styled(old: str, value: str) -> str:
    """*value* as a YAML scalar in the style of *old* (plain, single- or double-quoted)."""
    if old.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if not old.startswith('"') and value == value.strip() and "\n" not in value:
        try:
            if yamlio.parse(f"k: {value}\n") == {"k": value}:
                return value
        except PoaError:
            pass
    return _scalar(value)


def _top_line(lines: list[str], key: str) -> int | None:
    """The index of the one top-level ``key:`` line, or None (absent or ambiguous)."""
    found = [i for i, ln in enumerate(lines) if ln.startswith(f"{key}:")]
    return found[0] if len(found) == 1 else None


def _expected(data: Any, changes: Mapping[str, Any]) -> Any:
    out = dict(data)
    out.update(changes)
    return out


def _edit_amendment_text(
    path: Path, data: Any, decision: _Decision | None, applied_in: str | None, on: date
) -> str | None:
    """The amendment file with its decision recorded by a text edit, or None to round-trip.

    *data* is the file's parsed content when the caller has it (else it is parsed).
    """
    text = yamlio.read_text(path)
    if data is None:
        data = yamlio.parse(text, path)
    if not isinstance(data, dict) or "applied_in" in data or "decision" in data:
        return None
    lines = text.split("\n")
    at = _top_line(lines, "status")
    if at is None or not _one_line_value(lines[at]) or _continued(lines, at):
        return None
    changes: dict[str, Any] = {}
    new_lines = [lines[at]]
    if decision is not None:
        new_lines = [f"status: {decision.status}"]
        changes["status"] = decision.status
    if applied_in is not None:
        new_lines.append(f"applied_in: {_styled('', applied_in)}")
        changes["applied_in"] = applied_in
    if decision is not None:
        new_lines += ["decision:", f"  date: {on.isoformat()}"]
        record: dict[str, Any] = {"date": on.isoformat()}
        if decision.over_objection:
            new_lines.append("  over_objection: true")
            record["over_objection"] = True
        if decision.note:
            new_lines.append(f"  note: {_scalar(decision.note)}")
            record["note"] = decision.note
        changes["decision"] = record
    out = "\n".join([*lines[:at], *new_lines, *lines[at + 1 :]])
    try:
        ok = yamlio.parse(out, path) == _expected(data, changes)
    except PoaError:
        ok = False
    return out if ok else None


def _edit_clause_text(path: Path, data: Any, old: Clause, new: Clause) -> str | None:
    """The clause file with only its one-line ``text`` replaced, or None to round-trip."""
    if (old.items, old.footnotes, old.kind, old.status) != (
        new.items, new.footnotes, new.kind, new.status,
    ):  # fmt: skip
        return None
    text = yamlio.read_text(path)
    if data is None:
        data = yamlio.parse(text, path)
    lines = text.split("\n")
    at = _top_line(lines, "text")
    if not isinstance(data, dict) or at is None or not _one_line_value(lines[at]):
        return None
    if _continued(lines, at):
        return None
    lines[at] = f"text: {_styled(lines[at].split(':', 1)[1].strip(), new.text)}"
    out = "\n".join(lines)
    try:
        ok = yamlio.parse(out, path) == _expected(data, {"text": new.text})
    except PoaError:
        ok = False
    return out if ok else None
