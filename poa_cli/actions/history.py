"""Who changed what, and when: ``poa diff``, ``poa history`` and ``poa blame``.

All three stand on one *timeline* of a text: the points it went through (the
commits before and at each revision, then the text asked about) and, between
them, the steps that changed it, each attributed to a :class:`Cause`:

- inside a revision, the consolidation is re-run on the text just before the
  revision's commit, with the amendments that commit marked ``applied_in`` it,
  which gives the text after each amendment (:mod:`poa_cli.domain.consolidation`);
- any change no amendment explains (a direct ``poa clause edit`` between two
  revisions, or a difference the re-run does not reproduce) is the Chair's
  (editorial), in the revision that first issued it;
- words already in the first revision's text are the zero draft's.

:func:`poa_cli.domain.provenance.attribute` and :func:`~poa_cli.domain.provenance.blame` then
follow every word through the steps, so ``diff``, ``history`` and ``blame`` give
the same answer about every word by construction.

Files at commits are read in a handful of git processes whatever the number of
revisions (``for-each-ref``, ``rev-list``, ``cat-file --batch``, ``diff-tree
--stdin``); ``blame`` and ``history`` read only the clause's own file at each
point and the amendment files that name it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal, NamedTuple

from poa_cli.domain import consolidation, provenance
from poa_cli.domain.model import Action, Amendment, Clause, DocumentMeta
from poa_cli.domain.proposers import Registry, attribution
from poa_cli.domain.silence import describe
from poa_cli.errors import NotFound, PoaError
from poa_cli.storage import codec, layout, revisions, store, vcs
from poa_cli.storage.revisions import WORKING, Revision

CHAIR = "#chair"
UNATTRIBUTED = "#unknown"

EventKind = Literal["inserted", "deleted", "moved"]
CauseKind = Literal["zero-draft", "amendment", "editorial", "unattributed"]
ChangeKind = Literal["changed", "inserted", "deleted", "moved"]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Cause:
    """What put a word there or took it out: an amendment, the Chair, or the zero draft."""

    revision: str  # the revision in which the change was issued (rev-2), or "working"
    label: str  # Rev.2, zero draft, working (not yet issued)
    kind: CauseKind
    amendment: str | None = None
    action: Action | None = None
    proposed_by: tuple[str, ...] = ()  # codes
    names: tuple[str, ...] = ()  # the proposers' names
    on_behalf_of: str | None = None  # a name

    @property
    def short(self) -> str:
        """Return the cause as a mark in the text says it: "DNK-3", "Chair", "zero draft"."""
        if self.kind == "amendment":
            return self.amendment or "?"
        if self.kind == "editorial":
            return "Chair"
        if self.kind == "zero-draft":
            return "zero draft"
        return "?"

    def describe(self) -> str:
        """Return e.g. "DNK-3 (Denmark, Estonia), Rev.2" or "Chair (editorial), Rev.1"."""
        if self.kind == "amendment":
            who = attribution(self.names, self.on_behalf_of)
            return f"{self.amendment} ({who}), {self.label}"
        if self.kind == "editorial":
            return f"Chair (editorial), {self.label}"
        if self.kind == "zero-draft":
            return "zero draft" if self.label == "zero draft" else f"zero draft ({self.label})"
        return f"unattributed, {self.label}"

    def as_json(self) -> dict[str, Any]:
        """Return the cause as JSON data."""
        return {
            "revision": self.revision, "label": self.label, "kind": self.kind,
            "amendment": self.amendment, "action": self.action,
            "proposed_by": list(self.proposed_by), "proposers": list(self.names),
            "on_behalf_of": self.on_behalf_of, "description": self.describe(),
        }  # fmt: skip


@dataclass(frozen=True)
class AttributedSegment:
    """A run of text, unchanged (``equal``), inserted or deleted, with its cause.

    For ``equal`` runs the cause is what brought the words in (None: they were
    in the older text); for changes, what made the change.
    """

    op: str
    text: str
    cause: Cause | None

    def as_json(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "text": self.text,
            "cause": self.cause.as_json() if self.cause else None,
        }


MarkKind = Literal["text", "insert", "delete", "cause"]


class Mark(NamedTuple):
    """A run of a changed text as ``poa diff`` and ``poa history`` print it."""

    kind: MarkKind  # text as it stands; words inserted or deleted; a cause's short name
    text: str


def marked(segments: Iterable[AttributedSegment]) -> list[Mark]:
    """Return *segments* as runs to print, each changed run followed by its cause.

    Changes by one cause in a row (a deletion and the words replacing it) share
    one ``cause`` mark after them; the spacing after a deletion is kept back and
    dropped when its replacement follows, so a replacement reads as one change.
    A change of spacing only shows as the new spacing.
    """
    out: list[Mark] = []
    pending: Cause | None = None

    def put(kind: MarkKind, text: str) -> None:
        if text:
            out.append(Mark(kind, text))

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            put("cause", pending.short)
        pending = None

    held = ""  # the spacing after a deletion, dropped when its replacement follows
    for seg in segments:
        body = seg.text.rstrip()
        tail = seg.text[len(body) :]
        if seg.op == "equal" or not body.strip():
            if seg.op != "delete":
                flush()
                put("text", held + seg.text)
                held = ""
            continue
        if pending is not None and seg.cause != pending:
            flush()
            put("text", held)
            held = ""
        put("insert" if seg.op == "insert" else "delete", body)
        pending = seg.cause
        if seg.op == "delete":
            held = tail
        else:
            flush()
            put("text", tail or held)
            held = ""
    flush()
    put("text", held)
    return out


@dataclass(frozen=True)
class Part:
    """One text of a clause, the clause's own text, a sub-paragraph or a footnote, marked."""

    id: str  # the clause id, a sub-paragraph id, or "<clause>[^marker]" for a footnote
    segments: tuple[AttributedSegment, ...]

    @property
    def old(self) -> str:
        return "".join(s.text for s in self.segments if s.op != "insert")

    @property
    def new(self) -> str:
        return "".join(s.text for s in self.segments if s.op != "delete")

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.segments)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "old": self.old,
            "new": self.new,
            "segments": [s.as_json() for s in self.segments],
        }


@dataclass(frozen=True)
class Event:
    """A clause inserted, deleted or moved, and by whom."""

    kind: EventKind
    clause: str
    cause: Cause
    detail: str = ""

    def describe(self) -> str:
        tail = f" {self.detail}" if self.detail else ""
        return f"{self.kind}{tail} by {self.cause.describe()}"

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "cause": self.cause.as_json()}


@dataclass(frozen=True)
class Change:
    """How one clause differs between two revisions."""

    clause: str
    status: ChangeKind
    parts: tuple[Part, ...]
    events: tuple[Event, ...] = ()

    def summary(self) -> str:
        return {"changed": "(amended)", "inserted": "(new clause)", "deleted": "(deleted)",
                "moved": "(moved)"}.get(self.status, "")  # fmt: skip

    def events_causes(self) -> list[Cause]:
        return [e.cause for e in self.events]

    def causes(self) -> list[Cause]:
        """Every cause of a change in this clause, in order of appearance."""
        out: list[Cause] = []
        for part in self.parts:
            for s in part.segments:
                if s.op != "equal" and s.cause is not None and s.cause not in out:
                    out.append(s.cause)
        for c in self.events_causes():
            if c not in out:
                out.append(c)
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "status": self.status,
            "parts": [p.as_json() for p in self.parts if p.changed or self.status != "changed"],
            "events": [e.as_json() for e in self.events],
            "causes": [c.as_json() for c in self.causes()],
        }


@dataclass(frozen=True)
class Diff:
    """The differences between two revisions of the document (or of one clause)."""

    old: str
    new: str
    changes: tuple[Change, ...]
    attributed: bool = True

    def title(self) -> str:
        head = f"Changes from {self.old} to {self.new}"
        return head if self.attributed else head + f" (unattributed: {self.old} is not older)"

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.old,
            "to": self.new,
            "attributed": self.attributed,
            "changes": [c.as_json() for c in self.changes],
        }


@dataclass(frozen=True)
class Entry:
    """One revision in the history of a clause."""

    revision: str
    label: str
    date: str | None
    commit: str | None
    exists: bool
    text: str  # the clause text at this revision ("" when deleted)
    parts: tuple[Part, ...]  # the change from the previous revision (all equal: no change)
    events: tuple[Event, ...]
    first: bool = False

    def causes(self) -> list[Cause]:
        return Change("", "changed", self.parts, self.events).causes()

    def describe(self) -> list[str]:
        """Lines saying what happened in this revision."""
        lines: list[str] = []
        if self.first:
            lines.append("in the zero draft" if self.label == "zero draft" else "first text")
        for e in self.events:
            lines.append(e.describe())
        for c in self.causes():
            if not any(e.cause == c for e in self.events) and c.kind != "zero-draft":
                lines.append(f"changed by {c.describe()}")
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "label": self.label,
            "date": self.date,
            "commit": self.commit,
            "exists": self.exists,
            "text": self.text,
            "first": self.first,
            "changes": [c.as_json() for c in self.causes()],
            "events": [e.as_json() for e in self.events],
            "parts": [p.as_json() for p in self.parts],
        }


@dataclass(frozen=True)
class History:
    """Every revision that changed a clause, oldest first."""

    clause: str
    entries: tuple[Entry, ...]
    # The document's silence procedures: "rev-3 adopted under silence procedure on …"
    procedures: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "entries": [e.as_json() for e in self.entries],
            "procedures": list(self.procedures),
        }


@dataclass(frozen=True)
class Run:
    """Consecutive words with the same cause."""

    text: str
    cause: Cause


@dataclass(frozen=True)
class BlamedPart:
    """The words of one text of a clause, each with its cause."""

    id: str
    words: tuple[tuple[str, Cause], ...]

    @property
    def text(self) -> str:
        return "".join(w for w, _ in self.words)

    def runs(self) -> list[Run]:
        out: list[Run] = []
        for word, cause in self.words:
            if out and out[-1].cause == cause:
                out[-1] = Run(out[-1].text + word, cause)
            else:
                out.append(Run(word, cause))
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "words": [
                {"text": w, "word": w.strip(), **c.as_json()} for w, c in self.words if w.strip()
            ],
            "runs": [{"text": r.text, **r.cause.as_json()} for r in self.runs()],
        }


@dataclass(frozen=True)
class Blame:
    """Every word of a clause at a revision, with the revision and proposers behind it."""

    clause: str
    revision: str
    parts: tuple[BlamedPart, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "revision": self.revision,
            "parts": [p.as_json() for p in self.parts],
        }


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _State:
    """The document (or one clause of it) at one point."""

    exists: bool  # the document existed there
    clauses: dict[str, Clause]
    order: list[str]
    meta: DocumentMeta | None = None


def parts_of(clause: Clause) -> dict[str, str]:
    """Return every text of *clause* by part id: its own, its sub-paragraphs, its footnotes."""
    out = {clause.id: clause.text}
    for item in clause.all_items():
        out[item.id] = item.text
    for marker, text in clause.footnotes:
        out[f"{clause.id}[^{marker}]"] = text
    return out


def _all_parts(clauses: Mapping[str, Clause]) -> dict[str, str]:
    out: dict[str, str] = {}
    for clause in clauses.values():
        out.update(parts_of(clause))
    return out


def _owner_of(clauses: Mapping[str, Clause]) -> dict[str, str]:
    return {part: c.id for c in clauses.values() for part in parts_of(c)}


class _BlobReader:
    """The document's files at commits, read in batches, each blob parsed once.

    *scope* limits reading to one clause (blame, history, ``diff --clause``);
    None reads every clause (a whole-document diff).
    """

    def __init__(self, root: Path, scope: str | None) -> None:
        self.root = root
        self.scope = scope
        self.prefix = revisions.repo_path(root)
        self.cache = revisions.BlobCache(root)
        self.states: dict[str, _State] = {}
        self._parsed: dict[tuple[str, str], Any] = {}

    def _rel(self, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def _data(self, blob: str, raw: bytes | None, rel: str, where: str) -> Any:
        if blob in self.cache.entries:
            return self.cache.entries[blob]
        if raw is None:
            raise NotFound(f"cannot read {rel} at {where}")
        data = revisions.parse_blob(raw, self.root / rel, where)
        self.cache.entries[blob] = data
        self.cache.dirty = True
        return data

    def _convert(self, blob: str, rel: str, data: Any, kind: str) -> Any:
        key = (blob, rel)
        if key not in self._parsed:
            path = self.root / rel
            if kind == "clause":
                self._parsed[key] = codec.clause_from_data(data, path)
            elif kind == "amendment":
                self._parsed[key] = codec.amendment_from_data(data, path)
            else:
                self._parsed[key] = codec.meta_from_data(data, path)
        return self._parsed[key]

    def load(self, points: Iterable[str]) -> None:
        """Read the state at every point not read yet (commit shas, or ``working``)."""
        todo = [p for p in dict.fromkeys(points) if p not in self.states]
        if WORKING in todo:
            self.states[WORKING] = self._working()
            todo.remove(WORKING)
        if not todo:
            return
        if self.scope is not None:
            self._load_clause(todo)
        else:
            for point in todo:
                self._load_all(point)
        self.cache.save()

    def _working(self) -> _State:
        meta = store.load_meta(self.root)
        if self.scope is not None:
            path = layout.clause_path(self.root, self.scope)
            clauses = {}
            if path.is_file():
                clauses[self.scope] = store.load_clause(self.root, self.scope)
        else:
            clauses = store.load_clauses(self.root)
        return _State(True, clauses, meta.clause_order(), meta)

    def _load_clause(self, points: list[str]) -> None:
        assert self.scope is not None
        doc_rel = layout.DOCUMENT_FILE
        clause_rel = f"{layout.CLAUSES}/{self.scope}.yaml"
        specs: list[str] = []
        for p in points:
            specs += [f"{p}:{self._rel(doc_rel)}", f"{p}:{self._rel(clause_rel)}"]
        objects = vcs.read_objects(self.root, specs)
        for p in points:
            doc = objects.get(f"{p}:{self._rel(doc_rel)}")
            if doc is None:
                self.states[p] = _State(False, {}, [])
                continue
            where = p[:12]
            doc_data = self._data(doc[0], doc[1], doc_rel, where)
            meta = self._convert(doc[0], doc_rel, doc_data, "meta")
            clauses: dict[str, Clause] = {}
            found = objects.get(f"{p}:{self._rel(clause_rel)}")
            if found is not None:
                data = self._data(found[0], found[1], clause_rel, where)
                clauses[self.scope] = self._convert(found[0], clause_rel, data, "clause")
            self.states[p] = _State(True, clauses, meta.clause_order(), meta)

    def _load_all(self, point: str) -> None:
        listing = vcs.list_files(
            self.root, point, self._rel(layout.CLAUSES), self._rel(layout.DOCUMENT_FILE)
        )
        if listing is None:
            raise NotFound(f"cannot read commit {point[:12]}")
        start = len(self.prefix) + 1 if self.prefix else 0
        files = {full[start:]: blob for full, blob in listing.items()}
        if layout.DOCUMENT_FILE not in files:
            self.states[point] = _State(False, {}, [])
            return
        wanted = [b for b in files.values() if b not in self.cache.entries]
        objects = vcs.read_objects(self.root, wanted)
        where = point[:12]

        def data(rel: str, blob: str) -> Any:
            found = objects.get(blob)
            return self._data(blob, found[1] if found else None, rel, where)

        meta = self._convert(
            files[layout.DOCUMENT_FILE], layout.DOCUMENT_FILE,
            data(layout.DOCUMENT_FILE, files[layout.DOCUMENT_FILE]), "meta",
        )  # fmt: skip
        clauses: dict[str, Clause] = {}
        for rel, blob in sorted(files.items()):
            folder, _, name = rel.partition("/")
            if folder != layout.CLAUSES or "/" in name or not name.endswith(".yaml"):
                continue
            if name.startswith("."):
                continue
            clauses[name[: -len(".yaml")]] = self._convert(blob, rel, data(rel, blob), "clause")
        self.states[point] = _State(True, clauses, meta.clause_order(), meta)

    def applied(
        self, revs: Sequence[Revision], needles: set[str], scan: set[str]
    ) -> dict[str, list[Amendment]]:
        """Return, for each revision, the amendments its commit applied (``applied_in`` it).

        With a scope, only the amendments that touch one of *needles* (the clause's
        id and its sub-paragraphs' ids), and the sub-amendments of those. The
        revision's commit message lists what it applied (``- DNK-3 (replace-text on
        op-scope): …``), so only those files are read; revisions named in *scan*
        (where the clause appeared: its inserting amendment names another clause),
        and revisions whose message poa did not write, read every amendment file
        the commit changed.
        """
        folder = self._rel(layout.AMENDMENTS)
        listed: dict[str, list[tuple[str, str]] | None] = {}
        if self.scope is not None:
            messages = vcs.commit_messages(self.root, [r.commit for r in revs])
            for r in revs:
                lines = None if r.name in scan else _applied_lines(messages.get(r.commit, ""))
                listed[r.name] = _relevant(lines, needles) if lines is not None else None
        full = [r for r in revs if listed.get(r.name) is None]
        changed = vcs.changed_paths(self.root, [r.commit for r in full], folder)
        paths: dict[str, list[str]] = {}
        for r in revs:
            ids = listed.get(r.name)
            if ids is None:
                paths[r.name] = changed.get(r.commit, [])
            else:
                paths[r.name] = [f"{folder}/{aid}.yaml" for aid, _ in ids]
        specs = [f"{r.commit}:{path}" for r in revs for path in paths[r.name]]
        objects = vcs.read_objects(self.root, specs)
        start = len(self.prefix) + 1 if self.prefix else 0
        out: dict[str, list[Amendment]] = {}
        encoded = [n.encode() for n in needles]
        for r in revs:
            chosen: dict[str, Amendment] = {}
            rest: list[tuple[str, str, bytes]] = []
            for path in paths[r.name]:
                found = objects.get(f"{r.commit}:{path}")
                if found is None or not path.endswith(".yaml"):
                    continue
                rel = path[start:]
                blob, raw = found
                if self.scope is not None and not any(n in raw for n in encoded):
                    rest.append((blob, rel, raw))
                    continue
                a = self._amendment(blob, raw, rel, r)
                if a is not None and (self.scope is None or _touches(a, needles)):
                    chosen[a.id] = a
            # Sub-amendments name their parent amendment, not the clause.
            grew = True
            while grew and rest and chosen:
                grew = False
                for blob, rel, raw in list(rest):
                    if any(aid.encode() in raw for aid in chosen):
                        a = self._amendment(blob, raw, rel, r)
                        rest.remove((blob, rel, raw))
                        if a is not None and a.target in chosen:
                            chosen[a.id] = a
                            grew = True
            out[r.name] = list(chosen.values())
        self.cache.save()
        return out

    def _amendment(self, blob: str, raw: bytes, rel: str, r: Revision) -> Amendment | None:
        try:
            a: Amendment = self._convert(blob, rel, self._data(blob, raw, rel, r.name), "amendment")
        except PoaError:
            return None
        if a.status != "accepted" or a.applied_in != r.name:
            return None
        return a


_APPLIED_RE = re.compile(r"^- (\S+) \(([a-z-]+) on (\S+)\):")


def _applied_lines(message: str) -> list[tuple[str, str]] | None:
    """Return (amendment id, target) of each line under "Applied:" in a revision's message.

    None when the message is not one ``poa consolidate`` wrote (no ``Revision:``
    trailer), so the caller reads the files instead.
    """
    lines = message.splitlines()
    if not any(line.startswith("Revision: ") for line in lines):
        return None
    out: list[tuple[str, str]] = []
    inside = False
    for line in lines:
        if line.strip() == "Applied:":
            inside = True
            continue
        if inside:
            m = _APPLIED_RE.match(line)
            if not m:
                break
            out.append((m.group(1), m.group(3)))
    return out


def _relevant(lines: list[tuple[str, str]], needles: set[str]) -> list[tuple[str, str]]:
    """The applied amendments on *needles*, and the sub-amendments of those."""
    chosen = [(aid, target) for aid, target in lines if target in needles]
    ids = {aid for aid, _ in chosen}
    grew = True
    while grew:
        grew = False
        for aid, target in lines:
            if target in ids and aid not in ids:
                chosen.append((aid, target))
                ids.add(aid)
                grew = True
    return chosen


def _touches(a: Amendment, needles: set[str]) -> bool:
    if a.target in needles:
        return True
    return a.action == "insert-clause" and a.clause is not None and a.clause.id in needles


# --------------------------------------------------------------------------- causes


@dataclass(frozen=True)
class _Key:
    """Which cause a step is attributed to: who, in which revision."""

    revision: str
    who: str  # an amendment id, ids joined by "+", CHAIR or UNATTRIBUTED

    @property
    def source(self) -> str:
        """The key as :mod:`poa_cli.domain.provenance` carries it (an opaque string)."""
        return f"{self.revision}|{self.who}"


class _Edit(NamedTuple):
    """A part's text after one change, and the cause of that change."""

    key: _Key
    text: str


class _Happened(NamedTuple):
    """A clause inserted, deleted or moved (*detail*: where to), and the cause."""

    kind: EventKind
    key: _Key
    detail: str


class _Causes:
    """The keys steps are attributed to, and the :class:`Cause` each stands for."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.by_key: dict[_Key, Cause] = {}
        self._by_source: dict[str, _Key] = {}

    def _add(self, key: _Key, make: Callable[[], Cause]) -> _Key:
        if key not in self.by_key:
            self.by_key[key] = make()
            self._by_source[key.source] = key
        return key

    def amendment(self, rev: str, label: str, a: Amendment) -> _Key:
        return self._add(
            _Key(rev, a.id),
            lambda: Cause(
                revision=rev, label=label, kind="amendment", amendment=a.id, action=a.action,
                proposed_by=a.proposed_by,
                names=tuple(self.registry.name(c) for c in a.proposed_by),
                on_behalf_of=self.registry.name(a.on_behalf_of) if a.on_behalf_of else None,
            ),
        )  # fmt: skip

    def several(self, rev: str, label: str, amendments: Sequence[Amendment]) -> _Key:
        if len(amendments) == 1:
            return self.amendment(rev, label, amendments[0])
        codes = tuple(dict.fromkeys(c for a in amendments for c in a.proposed_by))
        return self._add(
            _Key(rev, "+".join(a.id for a in amendments)),
            lambda: Cause(
                revision=rev, label=label, kind="amendment",
                amendment=", ".join(a.id for a in amendments), action=None, proposed_by=codes,
                names=tuple(self.registry.name(c) for c in codes),
            ),
        )  # fmt: skip

    def chair(self, rev: str, label: str) -> _Key:
        return self._add(_Key(rev, CHAIR), lambda: Cause(rev, label, "editorial"))

    def unknown(self, rev: str, label: str) -> _Key:
        return self._add(_Key(rev, UNATTRIBUTED), lambda: Cause(rev, label, "unattributed"))

    def get(self, source: str | None, base: Cause | None) -> Cause | None:
        """The cause of a provenance *source* (None: *base*, the text's own words)."""
        return base if source is None else self.by_key[self._by_source[source]]


def _sources(seq: Sequence[_Edit]) -> list[tuple[str, str]]:
    """*seq* as :mod:`poa_cli.domain.provenance` takes it: (source, text) pairs."""
    return [(e.key.source, e.text) for e in seq]


# --------------------------------------------------------------------------- one revision


@dataclass
class _Step:
    """How one revision changed the text: per part, the texts after each cause."""

    steps: dict[str, list[_Edit]] = field(default_factory=dict)
    events: dict[str, list[_Happened]] = field(default_factory=dict)


def _revision_step(
    before: _State,
    after: _State,
    applied: Sequence[Amendment],
    rev: str,
    label: str,
    causes: _Causes,
) -> _Step:
    """Attribute the change from *before* (the parent commit) to *after* (the revision)."""
    reset = [replace(a, applied_in=None) for a in applied]
    by_id = {a.id: a for a in applied}
    cons: consolidation.Consolidation | None = None
    if reset:
        try:
            cons = consolidation.consolidate_touched(before.clauses, before.order, reset)
        except PoaError:
            cons = None  # not reproducible (hand-edited files…): attribute by clause below
    p0 = _all_parts(before.clauses)
    p1 = _all_parts(after.clauses)
    pc = _all_parts(cons.clauses) if cons is not None else p0
    owner = {**_owner_of(before.clauses), **_owner_of(after.clauses)}
    chair = causes.chair(rev, label)
    out = _Step()
    for part in dict.fromkeys([*p0, *pc, *p1]):
        t0, t1 = p0.get(part, ""), p1.get(part, "")
        seq: list[_Edit] = []
        if cons is not None:
            if part in cons.inserted and cons.inserted[part] in by_id:
                ins = by_id[cons.inserted[part]]
                first = ins.clause.text if ins.clause is not None else pc.get(part, "")
                seq.append(_Edit(causes.amendment(rev, label, ins), first))
            elif "[^" in part and part not in p0 and part in pc:
                marker = part.split("[^", 1)[1].rstrip("]")
                fn = [a for a in applied if a.action == "add-footnote" and a.text == pc[part]]
                fn = [a for a in fn if marker.startswith(a.id.lower())] or fn
                seq.append(_Edit(causes.amendment(rev, label, fn[0]) if fn else chair, pc[part]))
            for aid, text in cons.steps.get(part, []):
                if aid in by_id:
                    seq.append(_Edit(causes.amendment(rev, label, by_id[aid]), text))
            if part in p0 and part not in pc:
                deleter = _deleter(part, owner.get(part, part), cons, by_id)
                key = causes.amendment(rev, label, deleter) if deleter else chair
                seq.append(_Edit(key, ""))
            current = seq[-1].text if seq else t0
            if current != t1:
                seq.append(_Edit(chair, t1))
        elif t0 != t1:
            mine = [a for a in applied if _about(a, part, owner.get(part, part), by_id)]
            seq.append(_Edit(causes.several(rev, label, mine) if mine else chair, t1))
        if seq:
            out.steps[part] = seq
    _events(before, after, cons, by_id, rev, label, causes, out)
    return out


def _about(a: Amendment, part: str, clause: str, by_id: Mapping[str, Amendment]) -> bool:
    target = a.target
    while target in by_id and by_id[target] is not a:  # a sub-amendment: its parent's target
        a = by_id[target]
        target = a.target
    if target in (part, clause):
        return True
    return a.clause is not None and a.clause.id in (part, clause)


def _deleter(
    part: str, clause: str, cons: consolidation.Consolidation, by_id: Mapping[str, Amendment]
) -> Amendment | None:
    if clause in cons.deleted and cons.deleted[clause][1] in by_id:
        return by_id[cons.deleted[clause][1]]
    for a in by_id.values():
        if a.action == "delete-clause" and a.target == part:
            return a
    return None


def _events(
    before: _State,
    after: _State,
    cons: consolidation.Consolidation | None,
    by_id: Mapping[str, Amendment],
    rev: str,
    label: str,
    causes: _Causes,
    out: _Step,
) -> None:
    chair = causes.chair(rev, label)
    old, new = set(before.clauses), set(after.clauses)
    for cid in after.clauses:
        if cid not in old:
            ins = by_id.get(cons.inserted.get(cid, "")) if cons is not None else None
            key = causes.amendment(rev, label, ins) if ins is not None else chair
            out.events.setdefault(cid, []).append(_Happened("inserted", key, ""))
    for cid in before.clauses:
        if cid not in new:
            hit = cons.deleted.get(cid) if cons is not None else None
            key = causes.amendment(rev, label, by_id[hit[1]]) if hit and hit[1] in by_id else chair
            out.events.setdefault(cid, []).append(_Happened("deleted", key, ""))
    moved = _moved(before.order, after.order)
    for cid in moved:
        if cid not in old or cid not in new:
            continue
        mover = by_id.get(cons.moved.get(cid, "")) if cons is not None else None
        key = causes.amendment(rev, label, mover) if mover is not None else chair
        where = after.order.index(cid)
        detail = f"after {after.order[where - 1]}" if where > 0 else "to the top"
        out.events.setdefault(cid, []).append(_Happened("moved", key, detail))


def _moved(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """Return the ids whose place changed relative to the others (an LCS of the common ids)."""
    common = set(old) & set(new)
    a = [c for c in old if c in common]
    b = [c for c in new if c in common]
    if a == b:
        return []
    kept: set[str] = set()
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        kept.update(a[block.a : block.a + block.size])
    return [c for c in b if c not in kept]


# --------------------------------------------------------------------------- timelines


@dataclass
class _Timeline:
    """Per part: the texts through a range of points, each step with its source key."""

    base: dict[str, str]
    steps: dict[str, list[_Edit]]
    events: dict[str, list[_Happened]]
    # per revision in the range, the steps it contributed (for history)
    by_revision: list[tuple[Revision, _Step, dict[str, list[_Edit]]]]
    final: _State
    first: _State


class _Context:
    """What every query needs: the reader, the revisions, the causes, the registry."""

    def __init__(self, root: Path, scope: str | None) -> None:

        self.root = root
        self.reader = _BlobReader(root, scope)
        self.scope = scope
        self.revisions = revisions.list_revisions(root)
        self.causes = _Causes(store.registry_for(root))

    def resolve(self, rev: str) -> revisions.Resolved:
        return revisions.resolve(self.root, rev, self.revisions)

    def head(self) -> str | None:
        return vcs.head_sha(self.root)

    def between(self, old: str | None, new: str | None) -> list[Revision]:
        """Revisions whose commit is after *old* (None: from the start) up to *new* (None: HEAD)."""
        upto = new or self.head()
        if upto is None:
            return []
        merged = {t.commit for t in vcs.tags(self.root, "*/rev-*", merged=upto)}
        before = {t.commit for t in vcs.tags(self.root, "*/rev-*", merged=old)} if old else set()
        return [r for r in self.revisions if r.commit in merged and r.commit not in before]

    def timeline(
        self, start: str | None, end: str, end_label: str, revs: Sequence[Revision]
    ) -> _Timeline:
        """Return the timeline from *start* (None: before the first revision) to *end*."""
        parents = vcs.parents(self.root, [r.commit for r in revs])
        points: list[str] = [end]
        if start is not None:
            points.append(start)
        for r in revs:
            points.append(r.commit)
            parent = parents.get(r.commit)
            if parent:
                points.append(parent)
        self.reader.load(points)
        if start is None:
            first_parent = parents.get(revs[0].commit) if revs else None
            first = self.reader.states[first_parent] if first_parent else _State(True, {}, [])
            if not revs:
                first = self.reader.states[end]
        else:
            first = self.reader.states[start]
        needles = self._needles()
        scan = set()
        if self.scope is not None:
            for r in revs:
                parent = parents.get(r.commit)
                before = self.reader.states[parent] if parent else None
                if self.scope in self.reader.states[r.commit].clauses and (
                    before is None or self.scope not in before.clauses
                ):
                    scan.add(r.name)
        applied = self.reader.applied(revs, needles, scan) if revs else {}
        steps: dict[str, list[_Edit]] = {}
        events: dict[str, list[_Happened]] = {}
        by_revision: list[tuple[Revision, _Step, dict[str, list[_Edit]]]] = []
        current = first

        def add(state: _State, key: _Key) -> dict[str, list[_Edit]]:
            """An editorial step from *current* to *state*; returns it per part."""
            added: dict[str, list[_Edit]] = {}
            now, then = _all_parts(current.clauses), _all_parts(state.clauses)
            for part in dict.fromkeys([*now, *then]):
                if now.get(part, "") != then.get(part, ""):
                    step = _Edit(key, then.get(part, ""))
                    steps.setdefault(part, []).append(step)
                    added.setdefault(part, []).append(step)
            return added

        for i, r in enumerate(revs):
            parent = parents.get(r.commit)
            pre = self.reader.states[parent] if parent else _State(True, {}, [])
            label = r.label
            own: dict[str, list[_Edit]] = {}
            if not (start is None and i == 0):
                editorial = add(pre, self.causes.chair(r.name, label))
                for part, seq in editorial.items():
                    own.setdefault(part, []).extend(seq)
                _editorial_events(current, pre, r.name, label, self.causes, events)
            post = self.reader.states[r.commit]
            step = _revision_step(pre, post, applied.get(r.name, []), r.name, label, self.causes)
            for part, seq in step.steps.items():
                steps.setdefault(part, []).extend(seq)
                own.setdefault(part, []).extend(seq)
            for cid, evs in step.events.items():
                events.setdefault(cid, []).extend(evs)
            by_revision.append((r, step, own))
            current = post
        final = self.reader.states[end]
        if final is not current:
            add(final, self.causes.chair(end_label, _tail_label(end_label)))
            _editorial_events(
                current, final, end_label, _tail_label(end_label), self.causes, events
            )
        base = _all_parts(first.clauses)
        return _Timeline(base, steps, events, by_revision, final, first)

    def _needles(self) -> set[str]:
        if self.scope is None:
            return set()
        needles = {self.scope}
        for state in self.reader.states.values():
            clause = state.clauses.get(self.scope)
            if clause is not None:
                needles.update(it.id for it in clause.all_items())
        return needles

    def zero_cause(self) -> Cause:
        if self.revisions:
            first = self.revisions[0]
            return Cause(first.name, first.label, "zero-draft")
        return Cause(WORKING, _tail_label(WORKING), "zero-draft")


def _tail_label(rev: str) -> str:
    return "working (not yet issued)" if rev == WORKING else f"{rev} (not yet issued)"


def _editorial_events(
    old: _State,
    new: _State,
    rev: str,
    label: str,
    causes: _Causes,
    events: dict[str, list[_Happened]],
) -> None:
    key = causes.chair(rev, label)
    for cid in new.clauses:
        if cid not in old.clauses and old.exists:
            events.setdefault(cid, []).append(_Happened("inserted", key, ""))
    for cid in old.clauses:
        if cid not in new.clauses:
            events.setdefault(cid, []).append(_Happened("deleted", key, ""))
    for cid in _moved(old.order, new.order):
        if cid in old.clauses and cid in new.clauses:
            where = new.order.index(cid)
            detail = f"after {new.order[where - 1]}" if where > 0 else "to the top"
            events.setdefault(cid, []).append(_Happened("moved", key, detail))


def _segments(
    base: str, seq: Sequence[_Edit], causes: _Causes, base_cause: Cause | None
) -> tuple[AttributedSegment, ...]:
    if not seq:  # unchanged: what attribute() would say, without tokenising the text
        return (AttributedSegment("equal", base, base_cause),) if base else ()
    out: list[AttributedSegment] = []
    for s in provenance.attribute(base, _sources(seq)):
        cause = causes.get(s.source, base_cause) if s.op == "equal" else causes.get(s.source, None)
        if s.op != "equal" and s.source is None:
            cause = None  # spacing only
        out.append(AttributedSegment(s.op, s.text, cause))
    return tuple(out)


def _clause_parts(clause_id: str, *states: _State) -> list[str]:
    """The part ids of a clause across states, in reading order (text, items, footnotes)."""
    ids: list[str] = []
    for state in states:
        clause = state.clauses.get(clause_id)
        if clause is not None:
            for part in parts_of(clause):
                if part not in ids:
                    ids.append(part)
    return ids


# --------------------------------------------------------------------------- the commands


def _check_clause(ctx: _Context, clause_id: str, states: Iterable[_State]) -> None:
    if not any(clause_id in s.clauses for s in states):
        raise NotFound(
            f"no clause '{clause_id}', now or in any revision",
            hint="'poa clause list' shows the ids",
        )


def diff(root: Path, old: str, new: str = WORKING, *, clause: str | None = None) -> Diff:
    """Return the word-level changes from *old* to *new*, each attributed.

    Raises NotFound for an unknown REV or clause.
    """
    ctx = _Context(root, clause)
    a, b = ctx.resolve(old), ctx.resolve(new)
    a_point = a.commit or WORKING
    b_point = b.commit or WORKING
    attributed = True
    if a.commit is None and b.commit is not None:
        attributed = False
    elif a.commit is not None and b.commit is not None:
        attributed = vcs.is_ancestor(root, a.commit, b.commit)
    elif a.commit is not None:
        head = ctx.head()
        attributed = head is not None and vcs.is_ancestor(root, a.commit, head)
    if attributed and a.commit is not None:
        revs = ctx.between(a.commit, b.commit)
        line = ctx.timeline(a_point, b_point, b.rev, revs)
    else:
        ctx.reader.load([a_point, b_point])
        first, final = ctx.reader.states[a_point], ctx.reader.states[b_point]
        key = (
            ctx.causes.unknown(b.rev, b.rev)
            if not attributed
            else ctx.causes.chair(b.rev, _tail_label(b.rev))
        )
        base = _all_parts(first.clauses)
        now = _all_parts(final.clauses)
        steps = {
            p: [_Edit(key, now.get(p, ""))]
            for p in dict.fromkeys([*base, *now])
            if base.get(p, "") != now.get(p, "")
        }
        events: dict[str, list[_Happened]] = {}
        _editorial_events(first, final, b.rev, b.rev, ctx.causes, events)
        if not attributed:
            for evs in events.values():
                evs[:] = [e._replace(key=key) for e in evs]
        line = _Timeline(base, steps, events, [], final, first)
    if clause is not None:
        _check_clause(ctx, clause, [line.first, line.final])
    return Diff(old, new, tuple(_changes(ctx, line, clause)), attributed)


def _changes(ctx: _Context, line: _Timeline, only: str | None) -> list[Change]:
    first, final = line.first, line.final
    order = list(final.order)
    for i, cid in enumerate(first.order):  # deleted clauses stay where they were
        if cid not in order:
            prev = next((c for c in reversed(first.order[:i]) if c in order), None)
            order.insert(order.index(prev) + 1 if prev else 0, cid)
    out: list[Change] = []
    for cid in order:
        if only is not None and cid != only:
            continue
        if cid not in first.clauses and cid not in final.clauses:
            continue
        ids = _clause_parts(cid, first, final)
        raw_events = line.events.get(cid, [])
        if not raw_events and not any(p in line.steps for p in ids):
            continue  # untouched between the two revisions
        parts: list[Part] = []
        for part in ids:
            seq = line.steps.get(part, [])
            base = line.base.get(part, "")
            if seq:
                segs = _segments(base, seq, ctx.causes, None)
            else:
                segs = (AttributedSegment("equal", base, None),) if base else ()
            parts.append(Part(part, segs))
        events = tuple(
            Event(kind, cid, ctx.causes.by_key[key], detail)
            for kind, key, detail in _net_events(raw_events, cid, first, final)
        )
        status: ChangeKind
        if cid not in first.clauses:
            status = "inserted"
        elif cid not in final.clauses:
            status = "deleted"
        elif any(p.changed for p in parts):
            status = "changed"
        elif events:
            status = "moved"
        else:
            continue
        out.append(Change(cid, status, tuple(parts), events))
    return out


def _net_events(
    events: Sequence[_Happened], cid: str, first: _State, final: _State
) -> list[_Happened]:
    """Keep the events that still show between the two ends (an insert then delete: none)."""
    out = list(events)
    if cid in first.clauses and cid in final.clauses:
        out = [e for e in out if e.kind == "moved"]
    elif cid not in first.clauses and cid in final.clauses:
        out = [e for e in out if e.kind != "deleted"]
    elif cid in first.clauses and cid not in final.clauses:
        out = [e for e in out if e.kind == "deleted"][-1:]
    return out


def history(root: Path, clause: str) -> History:
    """Return every revision that changed *clause* (and the working text when it differs).

    Raises NotFound when the clause exists in no revision and not on disk.
    """
    ctx = _Context(root, clause)
    revs = ctx.between(None, None)
    line = ctx.timeline(None, WORKING, WORKING, revs)
    _check_clause(ctx, clause, ctx.reader.states.values())
    return _history_of(ctx, line, clause, _procedures(root), {})


def _history_of(
    ctx: _Context,
    line: _Timeline,
    clause: str,
    procedures: tuple[str, ...],
    texts: dict[int, dict[str, str]],
) -> History:
    """The history of *clause* along *line*; *texts* memoises each state's part texts."""

    def parts_at(state: _State) -> dict[str, str]:
        key = id(state)
        if key not in texts:
            texts[key] = _all_parts(state.clauses)
        return texts[key]

    zero = ctx.zero_cause()
    entries: list[Entry] = []
    previous = line.first
    previous_parts = parts_at(previous)
    seen = False
    for r, step, own in line.by_revision:
        state = ctx.reader.states[r.commit]
        here = parts_at(state)
        ids = _clause_parts(clause, previous, state)
        parts = tuple(
            Part(p, _segments(previous_parts.get(p, ""), own.get(p, []), ctx.causes, None))
            for p in ids
        )
        evs = tuple(
            Event(kind, clause, ctx.causes.by_key[key], detail)
            for kind, key, detail in _revision_events(line, r, step, clause)
        )
        exists = clause in state.clauses
        changed = any(p.changed for p in parts) or bool(evs)
        first = exists and not seen
        if changed or first:
            if first and not any(p.changed for p in parts) and not evs:
                parts = tuple(
                    Part(p, (AttributedSegment("equal", here[p], zero),) if here.get(p) else ())
                    for p in ids
                )
            text = state.clauses[clause].text if exists else ""
            when = r.date.isoformat() if r.date else None
            entries.append(Entry(r.name, r.label, when, r.commit, exists, text, parts, evs, first))
        seen = seen or exists
        previous, previous_parts = state, here
    final = line.final
    now = parts_at(final)
    ids = _clause_parts(clause, previous, final)
    exists = clause in final.clauses
    changed = any(previous_parts.get(p, "") != now.get(p, "") for p in ids)
    if changed or (clause in previous.clauses) != exists or (exists and not seen):
        key = ctx.causes.chair(WORKING, _tail_label(WORKING))
        parts = tuple(
            Part(
                p,
                _segments(
                    previous_parts.get(p, ""),
                    [_Edit(key, now.get(p, ""))]
                    if previous_parts.get(p, "") != now.get(p, "")
                    else [],
                    ctx.causes,
                    zero if not seen else None,
                ),
            )
            for p in ids
        )
        text = final.clauses[clause].text if exists else ""
        label = _tail_label(WORKING)
        entries.append(
            Entry(WORKING, label, None, None, exists, text, parts, (), not seen and exists)
        )
    return History(clause, tuple(entries), procedures)


@dataclass(frozen=True)
class Record:
    """The whole record at once: every clause's history, and the blame of the working text.

    ``clauses`` lists every clause that ever existed: those of the working text
    in its order, then those deleted on the way (where they last stood).
    """

    clauses: tuple[str, ...]
    histories: dict[str, History]
    blames: dict[str, Blame]


def record(root: Path) -> Record:
    """Return the history and blame of every clause, from one timeline of the document.

    What ``poa history`` and ``poa blame`` give clause by clause, for all clauses
    in one pass (each revision's files are read once, each revision's
    consolidation re-run once), for ``poa site``. Raises NotFound when a commit
    cannot be read.
    """
    ctx = _Context(root, None)
    revs = ctx.between(None, None)
    line = ctx.timeline(None, WORKING, WORKING, revs)
    procedures = _procedures(root)
    order = list(line.final.order)
    for state in [line.first, *(ctx.reader.states[r.commit] for r, _, _ in line.by_revision)]:
        for i, cid in enumerate(state.order):
            if cid not in order and cid in state.clauses:
                prev = next((c for c in reversed(state.order[:i]) if c in order), None)
                order.insert(order.index(prev) + 1 if prev else 0, cid)
    texts: dict[int, dict[str, str]] = {}
    histories = {cid: _history_of(ctx, line, cid, procedures, texts) for cid in order}
    blames = {cid: _blame_of(ctx, line, cid, WORKING) for cid in order if cid in line.final.clauses}
    return Record(tuple(order), histories, blames)


def _procedures(root: Path) -> tuple[str, ...]:
    """One line per silence procedure of the document (none when silence.yaml is unreadable)."""

    try:
        record = store.load_silence(root)
    except PoaError:
        return ()
    if not record.procedures:
        return ()
    registry = store.registry_for(root)
    names = [(b.by, registry.name(b.by)) for p in record.procedures for b in p.breaks]
    return tuple(describe(p, names) for p in record.procedures)


def _revision_events(line: _Timeline, r: Revision, step: _Step, clause: str) -> list[_Happened]:
    """The events of *clause* in revision *r*: its own, and the Chair's before it."""
    out = list(step.events.get(clause, []))
    for event in line.events.get(clause, []):
        if event.key.revision == r.name and event not in out:
            out.append(event)
    return out


def blame(root: Path, clause: str, at: str = WORKING) -> Blame:
    """Return every word of *clause* at *at* with the revision and proposers behind it.

    Raises NotFound for an unknown REV, or when the clause does not exist at *at*.
    """
    ctx = _Context(root, clause)
    target = ctx.resolve(at)
    point = target.commit or WORKING
    revs = ctx.between(None, target.commit)
    line = ctx.timeline(None, point, target.rev, revs)
    if clause not in line.final.clauses:
        if not layout.clause_path(root, clause).is_file():
            _check_clause(ctx, clause, ctx.reader.states.values())
        raise NotFound(f"clause '{clause}' does not exist at {at}")
    return _blame_of(ctx, line, clause, target.rev)


def _blame_of(ctx: _Context, line: _Timeline, clause: str, rev: str) -> Blame:
    """Every word of *clause* at the end of *line*, with its cause."""
    zero = ctx.zero_cause()
    parts: list[BlamedPart] = []
    for part in parts_of(line.final.clauses[clause]):
        words = provenance.blame(line.base.get(part, ""), _sources(line.steps.get(part, [])))
        parts.append(
            BlamedPart(part, tuple((w.text, ctx.causes.get(w.source, zero) or zero) for w in words))
        )
    return Blame(clause, rev, tuple(parts))
