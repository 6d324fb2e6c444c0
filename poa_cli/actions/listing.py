"""Read-only views: the rows of ``amendments list`` and ``show``, ``clause list`` and ``show``.

Reads through the parse cache (:mod:`poa_cli.storage.cache`), so listing thousands
of amendments costs one JSON load when nothing changed. Each pending
amendment's *state* says whether it still applies (``stale``) or competes with
another on the same words (``competes with USA-1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from poa_cli.domain import amend
from poa_cli.domain.model import (
    AMENDMENT_STATUSES,
    Action,
    Amendment,
    AmendmentStatus,
    Clause,
    Item,
    Section,
    id_order,
)
from poa_cli.domain.numbering import item_labels, number_clauses, paragraph_numbers, section_labels
from poa_cli.domain.proposers import Registry, attribution
from poa_cli.domain.textdiff import Segment
from poa_cli.errors import NotFound, PoaError
from poa_cli.storage import codec, layout, store
from poa_cli.storage.cache import (
    folder_signature,
    memo_file,
    read_document_files,
    read_memo,
    write_memo,
)
from poa_cli.storage.index import (
    AmendmentEntry,
    ClauseEntry,
    Index,
    Problem,
    load_index,
)
from poa_cli.storage.schemas import check_file


@dataclass(frozen=True)
class Row:
    """One amendment as listed: names resolved, state computed."""

    id: str
    target: str
    action: Action
    status: AmendmentStatus
    state: str
    proposed_by: tuple[str, ...]
    on_behalf_of: str | None
    supported_by: tuple[str, ...]
    opposed_by: tuple[str, ...]
    stakeholder: bool
    submitted: str | None
    session: str | None
    base: str | None
    applied_in: str | None
    rationale: str | None
    codes: tuple[str, ...] = field(default=())
    supporter_codes: tuple[str, ...] = field(default=())
    objector_codes: tuple[str, ...] = field(default=())

    @property
    def proposers_text(self) -> str:
        """Return 'Egypt, Kenya on behalf of the African Group' style attribution."""
        return attribution(self.proposed_by, self.on_behalf_of)

    def as_json(self) -> dict[str, Any]:
        """Return the row as JSON data (documented in docs/commands.md)."""
        return {
            "id": self.id, "target": self.target, "action": self.action,
            "status": self.status, "state": self.state or None,
            "proposed_by": list(self.proposed_by), "proposer_codes": list(self.codes),
            "on_behalf_of": self.on_behalf_of, "supported_by": list(self.supported_by),
            "opposed_by": list(self.opposed_by), "stakeholder": self.stakeholder,
            "submitted": self.submitted, "session": self.session, "base": self.base,
            "applied_in": self.applied_in, "rationale": self.rationale,
        }  # fmt: skip


def _load(root: Path) -> tuple[dict[str, Clause], dict[str, Amendment], Registry]:
    files = read_document_files(root)
    clauses: dict[str, Clause] = {}
    for stem, (path, check) in files["clause"].items():
        if isinstance(check.data, dict) and not check.problems:
            clauses[stem] = codec.clause_from_data(check.data, path)
    amendments: dict[str, Amendment] = {}
    for stem, (path, check) in files["amendment"].items():
        if check.problems or not isinstance(check.data, dict):
            line, _, _, message = check.problems[0] if check.problems else (1, None, "", "")
            raise PoaError(
                message or "not an amendment", path=path, line=line,
                hint="run 'poa validate' for every problem",
            )  # fmt: skip
        amendments[stem] = codec.amendment_from_data(check.data, path)
    meta = store.load_meta(root)
    registry = Registry.load((s.id, s.name, s.kind) for s in meta.stakeholders)
    return clauses, amendments, registry


def _states(
    root: Path, clauses: dict[str, Clause], amendments: dict[str, Amendment]
) -> dict[str, str]:
    """Return amendment id → its state, memoised for an unchanged document folder."""
    memo = memo_file(root, "states")
    key = folder_signature(root, Path(amend.__file__), Path(__file__))
    cached = read_memo(memo, key)
    if isinstance(cached, dict):
        return cached
    states = _compute_states(clauses, amendments)
    write_memo(memo, key, states)
    return states


def _compute_states(clauses: dict[str, Clause], amendments: dict[str, Amendment]) -> dict[str, str]:
    states: dict[str, str] = {}
    for f in amend.check_pending(clauses, amendments.values()):
        if f.kind == "conflict" and f.other:
            note = f"competes with {f.other}"
            states[f.amendment_id] = note
            states.setdefault(f.other, f"competes with {f.amendment_id}")
        elif f.kind in ("stale", "unknown-target"):
            states[f.amendment_id] = "stale"
    return states


def _row(a: Amendment, registry: Registry, state: str) -> Row:
    lead = registry.get(a.lead)
    return Row(
        id=a.id, target=a.target, action=a.action, status=a.status, state=state,
        proposed_by=tuple(registry.name(c) for c in a.proposed_by),
        on_behalf_of=registry.name(a.on_behalf_of) if a.on_behalf_of else None,
        supported_by=tuple(registry.name(c) for c in a.supported_by),
        opposed_by=tuple(registry.name(c) for c in a.opposed_by),
        stakeholder=bool(lead and lead.is_stakeholder),
        submitted=a.submitted.isoformat() if a.submitted else None,
        session=a.session, base=a.base, applied_in=a.applied_in, rationale=a.rationale,
        codes=a.proposed_by, supporter_codes=a.supported_by, objector_codes=a.opposed_by,
    )  # fmt: skip


def list_amendments(
    root: Path, *, by: str | None = None, status: str | None = None, target: str | None = None
) -> list[Row]:
    """Return the amendments matching the filters, sorted by id.

    *by* matches any proposer (a name, alias or code, resolved like ``--by``);
    *target* matches the clause or sub-paragraph id, or a sub-amendment's parent.
    Raises UnknownProposer for an unknown *by*, PoaError for an unknown status.
    """

    if status == "pending":  # what poa's own messages call a proposal not yet decided
        status = "proposed"
    if status is not None and status not in AMENDMENT_STATUSES:
        raise PoaError(
            f"status must be pending or one of {', '.join(AMENDMENT_STATUSES)}, not '{status}'"
        )
    clauses, amendments, registry = _load(root)
    code = registry.resolve(by).code if by else None
    states = _states(root, clauses, amendments)
    rows = []
    for aid in sorted(amendments, key=id_order):
        a = amendments[aid]
        if code and code not in a.proposed_by and code != a.on_behalf_of:
            continue
        if status and a.status != status:
            continue
        if target and a.target != target:
            continue
        rows.append(_row(a, registry, states.get(aid, "") if a.status == "proposed" else ""))
    return rows


@dataclass(frozen=True)
class Shown:
    """One amendment with its preview and its sub-amendments."""

    row: Row
    preview: list[Segment]
    sub_amendments: list[str]

    def as_json(self) -> dict[str, Any]:
        """Return the amendment, its preview segments and sub-amendment ids."""
        data = self.row.as_json()
        data["preview"] = [{"op": s.op, "text": s.text} for s in self.preview]
        data["sub_amendments"] = self.sub_amendments
        return data


def _target_text(
    clauses: dict[str, Clause], amendments: dict[str, Amendment], a: Amendment
) -> str | None:
    if a.target in amendments:
        parent = amendments[a.target]
        return parent.text or (parent.clause.text if parent.clause else None)
    if a.target in clauses:
        return clauses[a.target].text
    note = amend.footnote_text(clauses, a.target)
    if note is not None:
        return note
    for clause in clauses.values():
        for item in clause.all_items():
            if item.id == a.target:
                return item.text
    return None


def show_amendment(root: Path, amendment_id: str) -> Shown:
    """Return amendment *amendment_id* for display. Raises NotFound when there is none.

    Reads the amendment, the files that decide its state (its clause, the
    pending proposals that could compete with it, a parent) and the document's
    index (:mod:`poa_cli.storage.index`), not the whole negotiation.
    """
    idx = load_index(root)
    _refuse_bad_amendments(idx)
    stem = next((s for s in (amendment_id, amendment_id.upper()) if s in idx.amendments), None)
    if stem is None:
        raise NotFound(f"no amendment '{amendment_id}'", path=root / layout.AMENDMENTS)
    clauses, amendments = _related(idx, [stem])
    a = amendments[stem]
    states = _compute_states(clauses, amendments)
    subs = sorted(
        (
            e.id
            for e in idx.amendments.values()
            if isinstance(e, AmendmentEntry) and e.target == a.id
        ),
        key=id_order,
    )
    return _shown(clauses, amendments, store.registry_for(root), states, a, subs)


def _shown(
    clauses: dict[str, Clause],
    amendments: dict[str, Amendment],
    registry: Registry,
    states: dict[str, str],
    a: Amendment,
    subs: list[str],
) -> Shown:
    text = _target_text(clauses, amendments, a)
    segments: list[Segment] = []
    if text is not None and a.status == "proposed" and states.get(a.id) != "stale":
        try:
            segments = amend.preview(text, a)
        except PoaError:
            segments = []
    if not segments and a.status == "proposed":
        segments = amend.intended(a)  # a stale proposal: what it meant
    return Shown(
        _row(a, registry, states.get(a.id, "") if a.status == "proposed" else ""), segments, subs
    )


def pending_on(
    root: Path, clause_id: str, index: Index | None = None
) -> list[tuple[Row, list[Segment]]]:
    """Return the pending proposals on clause *clause_id* (on the clause itself, its
    sub-paragraphs or its footnotes), sorted by id, each with its preview (empty
    when it no longer applies). Raises NotFound when there is no such clause.

    Like :func:`show_amendment`, reads only the files that decide these proposals'
    states, found through the document's index (*index*, when the caller has it).
    """
    idx = index or load_index(root)
    _refuse_bad_amendments(idx)
    entry = idx.clauses.get(clause_id)
    if entry is None or isinstance(entry, Problem):
        raise NotFound(f"no clause '{clause_id}'", path=root / layout.CLAUSES)
    parts = {clause_id, entry.id, *entry.items}
    mine = [
        stem
        for stem, e in idx.amendments.items()
        if isinstance(e, AmendmentEntry) and e.status == "proposed"
        and e.target.split("[^")[0] in parts
    ]  # fmt: skip
    clauses, amendments = _related(idx, mine, also=[clause_id])
    clause = clauses.get(clause_id)
    if clause is None:  # the index and the file disagree: the file changed meanwhile
        raise NotFound(f"no clause '{clause_id}'", path=root / layout.CLAUSES)
    parts = {clause.id, *(it.id for it in clause.all_items())}
    registry = store.registry_for(root)
    states = _compute_states(clauses, amendments)
    out: list[tuple[Row, list[Segment]]] = []
    for aid in sorted(amendments, key=id_order):
        a = amendments[aid]
        if a.status != "proposed" or a.target.split("[^")[0] not in parts:
            continue
        text = _target_text(clauses, amendments, a)
        segments: list[Segment] = []
        if text is not None and states.get(aid) != "stale":
            try:
                segments = amend.preview(text, a)
            except PoaError:
                segments = []
        out.append((_row(a, registry, states.get(aid, "")), segments or amend.intended(a)))
    return out


def paragraph_number(root: Path, clause_id: str, index: Index | None = None) -> str:
    """Return the printed number of clause *clause_id* ('' when unnumbered), from
    the kinds of the clauses in the document's index (*index*, when the caller has
    it). Raises YamlError or SchemaError for the first clause file that cannot be
    read, as reading every clause would."""
    idx = index or load_index(root)
    kinds: dict[str, str] = {}
    for stem, e in idx.clauses.items():
        if isinstance(e, Problem):
            raise e.error(idx.clause_path(stem))
        kinds[stem] = e.kind
    return paragraph_numbers(store.load_meta(root), kinds).get(clause_id, "")


def _refuse_bad_amendments(idx: Index) -> None:
    """Raise, as listing does, for the first amendment file that cannot be read."""
    for stem, e in idx.amendments.items():
        if isinstance(e, Problem):
            raise PoaError(
                e.message or "not an amendment", path=idx.amendment_path(stem), line=e.line or 1,
                hint="run 'poa validate' for every problem",
            )  # fmt: skip


def _related(
    idx: Index, wanted: list[str], also: Sequence[str] = ()
) -> tuple[dict[str, Clause], dict[str, Amendment]]:
    """Return the clauses and amendments (by file stem, in file order) that decide the
    state of the amendments *wanted* (stems) exactly as the whole document would.

    A proposal's state comes from :func:`amend.check_pending`: its anchor in its
    target's text, a parent it amends, and the pending proposals that share a key
    with it (its target, the target's clause, a destination, a new clause's id),
    whose own anchors and parents decide whether they compete. Those, with the
    clauses all of them touch and the clauses *also*, are read; nothing else.
    """
    owner = idx.owner_of()
    clause_stem = {e.id: s for s, e in idx.clauses.items() if isinstance(e, ClauseEntry)}
    entries = {s: e for s, e in idx.amendments.items() if isinstance(e, AmendmentEntry)}
    near: set[str] = set()
    for stem in wanted:
        e = entries[stem]
        near.update((e.target, owner.get(e.target, e.target)))
        if e.destination:
            near.add(e.destination)
        if e.new_clause:
            near.add("new:" + e.new_clause)

    def shares(e: AmendmentEntry) -> bool:  # a key in *near*: tens of thousands of calls
        return (
            e.target in near
            or owner.get(e.target, e.target) in near
            or (e.destination is not None and e.destination in near)
            or (e.new_clause is not None and "new:" + e.new_clause in near)
        )

    chosen = set(wanted)
    chosen.update(s for s, e in entries.items() if e.status == "proposed" and shares(e))
    # The parents of sub-amendments (their status and words); the last file of an id
    # wins, as in check_pending.
    targets = {entries[stem].target for stem in chosen}
    by_id = {e.id: s for s, e in entries.items() if e.id in targets}
    chosen.update(by_id.values())
    touched: set[str] = set(also)
    for stem in chosen:
        e = entries[stem]
        for where in (e.target, e.destination):
            if where:
                cid = owner.get(where, where.split("[^")[0])
                touched.add(clause_stem.get(cid, cid))
    clauses = {
        stem: _read_clause(idx, stem)
        for stem, e in idx.clauses.items()
        if stem in touched and isinstance(e, ClauseEntry)
    }
    amendments = {stem: _read_amendment(idx, stem) for stem in entries if stem in chosen}
    return {k: v for k, v in clauses.items() if v is not None}, amendments


def _read_clause(idx: Index, stem: str) -> Clause | None:
    """The clause file *stem*, or None when it cannot be read (as listing skips it)."""
    path = idx.clause_path(stem)
    result = check_file(path, "clause")
    if result.problems or not isinstance(result.data, dict):
        return None
    return codec.clause_from_data(result.data, path)


def _read_amendment(idx: Index, stem: str) -> Amendment:
    path = idx.amendment_path(stem)
    return codec.amendment_from_data(store.checked(path, "amendment"), path)


# --------------------------------------------------------------------------- clauses


@dataclass(frozen=True)
class ListedSection:
    """One section as ``poa section list`` shows it: its printed label and its clauses."""

    section: Section
    label: str  # as printed ('' when the section has none)

    def as_json(self) -> dict[str, Any]:
        """Return the section as ``section list --format json`` prints it."""
        s = self.section
        return {"id": s.id, "label": self.label or None, "heading": s.heading,
                "clauses": list(s.clauses)}  # fmt: skip


def list_sections(root: Path) -> tuple[ListedSection, ...]:
    """Return the sections of the document at *root* in order, with their printed labels."""
    meta = store.load_meta(root)
    labels = section_labels(meta)
    return tuple(ListedSection(s, labels[s.id]) for s in meta.sections)


@dataclass(frozen=True)
class ListedClause:
    """One clause as ``poa clause list`` shows it: its printed number and its section."""

    clause: Clause
    number: str  # as printed ('' when unnumbered)
    section: str  # the id of the section that lists it
    section_label: str  # the section's printed label ('' when it has none)
    heading: str | None  # the section's heading, on the first clause listed under it

    @property
    def opening_words(self) -> str:
        """The first sixteen words of the text, without the emphasis marks."""
        return " ".join(self.clause.text.replace("*", "").split()[:16])

    def as_json(self) -> dict[str, Any]:
        """Return the clause as ``clause list --format json`` prints it (docs/commands.md)."""
        c = self.clause
        return {"id": c.id, "number": self.number, "section": self.section, "kind": c.kind,
                "status": c.status, "text": c.text}  # fmt: skip


@dataclass(frozen=True)
class ClauseList:
    """The clauses of a document in reading order, with the paper's symbol and title."""

    symbol: str
    title: str
    clauses: tuple[ListedClause, ...]


def list_clauses(root: Path, section: str | None = None) -> ClauseList:
    """Return the clauses of the document at *root* in reading order (only *section*'s
    when given), numbered as the paper prints them.

    Raises NotFound for an unknown section, and the loaders' errors.
    """
    meta = store.load_meta(root)
    numbered = number_clauses(meta, store.load_clauses(root))
    if section is not None:
        ids = next((s.clauses for s in meta.sections if s.id == section), None)
        if ids is None:
            raise NotFound(f"no section '{section}'")
        numbered = [n for n in numbered if n.clause.id in ids]
    listed: list[ListedClause] = []
    current: str | None = None
    for n in numbered:
        home = meta.section_of(n.clause.id)
        heading = None
        if home is not None and home.id != current:
            current = home.id
            heading = home.heading or None
        section_id = (home or meta.sections[0]).id
        listed.append(ListedClause(n.clause, n.number, section_id, n.section_label, heading))
    return ClauseList(meta.symbol, meta.title, tuple(listed))


@dataclass(frozen=True)
class ShownClause:
    """One clause as ``poa clause show`` shows it."""

    clause: Clause
    number: str  # as printed ('' when unnumbered)
    section: str | None  # None: the clause is in no section of the order
    items: tuple[tuple[int, str, Item], ...]  # (depth, printed label, sub-paragraph)
    pending: tuple[tuple[Row, list[Segment]], ...]  # the proposals pending on it

    def as_json(self) -> dict[str, Any]:
        """Return the clause as ``clause show --format json`` prints it (docs/commands.md)."""
        data = asdict(self.clause)
        data.pop("path")
        data["number"] = self.number
        data["section"] = self.section
        return data


def show_clause(root: Path, clause_id: str, *, with_pending: bool = True) -> ShownClause:
    """Return clause *clause_id* of the document at *root* with its printed number and
    labels, and (*with_pending*) the proposals pending on it.

    Raises NotFound when there is no such clause, and the loaders' errors.
    """
    clause = store.load_clause(root, clause_id)
    meta = store.load_meta(root)
    index = load_index(root)  # what the number and the pending proposals need of other files
    number = paragraph_number(root, clause_id, index)
    section = meta.section_of(clause_id)
    return ShownClause(
        clause=clause,
        number=number,
        section=section.id if section else None,
        items=tuple(item_labels(clause.items)),
        pending=tuple(pending_on(root, clause_id, index)) if with_pending else (),
    )
