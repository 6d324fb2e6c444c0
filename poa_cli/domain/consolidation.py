"""Applying the accepted amendments to a text: the Chair's consolidation, as a value.

Pure: takes clauses, their order and the amendments; returns the consolidated
clauses and order, which amendments were applied, and for every clause and
sub-paragraph the sequence of texts it went through, each labelled with the
amendment that caused the step, so that the ``changes`` view and ``poa blame``
can attribute every word.

Order of application is deterministic: sub-amendments first (into their parent's
proposed words), then amendments by submission date and id. Two accepted
amendments that cannot both apply are a conflict naming both; nothing is
applied approximately.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from poa_cli.domain import amend
from poa_cli.domain.model import AMENDMENT_ID_RE, Amendment, Clause
from poa_cli.errors import Conflict, PoaError


@dataclass(frozen=True)
class Consolidation:
    """The text after the accepted amendments, and how every part of it got there."""

    clauses: dict[str, Clause]
    order: list[str]
    applied: list[Amendment]
    # clause or sub-paragraph id → [(amendment id, text after that amendment), …]
    steps: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    inserted: dict[str, str] = field(default_factory=dict)  # clause/item id → amendment id
    deleted: dict[str, tuple[Clause, str]] = field(default_factory=dict)  # id → (clause, by)
    moved: dict[str, str] = field(default_factory=dict)  # clause id → amendment id


def part_texts(clauses: Mapping[str, Clause]) -> dict[str, str]:
    """Return the text of every clause and sub-paragraph, by id."""
    out: dict[str, str] = {}
    for clause in clauses.values():
        out[clause.id] = clause.text
        for item in clause.all_items():
            out[item.id] = item.text
    return out


def _sort_key(a: Amendment) -> tuple[date, str, int]:
    code, _, number = a.id.rpartition("-")
    return (a.submitted or date.min, code, int(number) if number.isdigit() else 0)


def to_apply(amendments: Iterable[Amendment]) -> list[Amendment]:
    """Return the accepted amendments not yet applied, in the order they are applied."""
    return sorted(
        (a for a in amendments if a.status == "accepted" and not a.applied_in), key=_sort_key
    )


def consolidate(
    clauses: Mapping[str, Clause], order: Sequence[str], amendments: Iterable[Amendment]
) -> Consolidation:
    """Apply every accepted, not yet applied amendment; return the consolidation.

    Raises Conflict naming both amendments when one cannot apply after another
    (its words were changed by the first), and the engine's errors (NotFound,
    AnchorStale …) naming the amendment otherwise.
    """
    all_amendments = {a.id: a for a in amendments}
    chosen = to_apply(all_amendments.values())
    # Sub-amendments change the words their parent proposes, before the parent applies.
    parents = {a.id: a for a in chosen if not AMENDMENT_ID_RE.match(a.target)}
    for sub in [a for a in chosen if AMENDMENT_ID_RE.match(a.target)]:
        parent = parents.get(sub.target) or all_amendments.get(sub.target)
        if parent is None:
            raise Conflict(f"{sub.id} amends {sub.target}, which does not exist", path=sub.path)
        if sub.target not in parents:
            raise Conflict(
                f"{sub.id} is accepted but the amendment it changes, {sub.target}, is "
                f"{parent.status}: accept {sub.target} too, or reject {sub.id}",
                path=sub.path,
            )
        try:
            parents[sub.target] = amend.apply_to_amendment(parents[sub.target], sub)
        except PoaError as exc:
            raise Conflict(f"{sub.id} cannot apply to {sub.target}: {exc.message}") from None
    current = dict(clauses)
    current_order = list(order)
    texts = part_texts(current)
    steps: dict[str, list[tuple[str, str]]] = {}
    touched_by: dict[str, list[str]] = {}
    inserted: dict[str, str] = {}
    deleted: dict[str, tuple[Clause, str]] = {}
    moved: dict[str, str] = {}
    applied: list[Amendment] = []
    for a in chosen:
        if a.id not in parents:
            applied.append(a)  # a sub-amendment: applied through its parent
            continue
        a = parents[a.id]
        try:
            current, current_order = amend.apply_amendment(current, current_order, a)
        except PoaError as exc:
            earlier = touched_by.get(a.target, [])
            if earlier:
                raise Conflict(
                    f"{a.id} no longer applies after {', '.join(earlier)} changed "
                    f"'{a.target}': {exc.message}",
                    path=a.path,
                    hint=f"reject one of them, or redraft {a.id} against the new text",
                ) from None
            raise
        applied.append(a)
        touched_by.setdefault(a.target, []).append(a.id)
        after = part_texts(current)
        for part_id, text in after.items():
            if part_id not in texts:
                inserted[part_id] = a.id
            elif texts[part_id] != text:
                steps.setdefault(part_id, []).append((a.id, text))
        for part_id in texts.keys() - after.keys():
            if part_id in clauses:
                deleted[part_id] = (clauses[part_id], a.id)
        if a.action == "move-clause":
            moved[a.target] = a.id
        texts = after
    return Consolidation(current, current_order, applied, steps, inserted, deleted, moved)


def consolidate_touched(
    clauses: Mapping[str, Clause], order: Sequence[str], amendments: Iterable[Amendment]
) -> Consolidation:
    """Return what :func:`consolidate` returns, reading only the clauses the amendments touch.

    Consolidation compares every clause's texts after every amendment applied, so
    on a document of hundreds of clauses and a revision of hundreds of amendments
    most of its time goes to clauses nothing changes. Here only the clauses that
    an accepted, not yet applied amendment targets (directly, through a
    sub-paragraph, through its parent amendment, or as a move's destination) take
    part; the others are passed through as they are. When a new clause's id might
    clash with a sub-paragraph of an untouched clause, or anything is refused,
    the full :func:`consolidate` runs instead, so results and errors are the same.
    """
    from dataclasses import replace

    every = list(amendments)
    by_id = {a.id: a for a in every}
    chosen = to_apply(every)
    owner = {it.id: c.id for c in clauses.values() for it in c.all_items()}
    touched: set[str] = set()
    new_ids: set[str] = set()
    for a in chosen:
        root = a
        seen: set[str] = set()
        while root.target in by_id and root.target not in seen:
            seen.add(root.target)
            root = by_id[root.target]
        for ref in (root.target, root.destination):
            if ref:
                touched.add(owner.get(ref, ref))
        if root.clause is not None:
            new_ids.add(root.clause.id)
    untouched = {cid: c for cid, c in clauses.items() if cid not in touched}
    if new_ids & {item for item, home in owner.items() if home in untouched}:
        return consolidate(clauses, order, every)
    some = {cid: c for cid, c in clauses.items() if cid in touched}
    try:
        result = consolidate(some, order, every)
    except PoaError:
        return consolidate(clauses, order, every)
    merged = {**untouched, **result.clauses}
    ordered = {cid: merged[cid] for cid in clauses if cid in merged}
    ordered.update({cid: c for cid, c in merged.items() if cid not in ordered})
    return replace(result, clauses=ordered)
