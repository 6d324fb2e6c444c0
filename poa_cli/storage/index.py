"""What a single-item command needs to know about every file, without reading every file.

``poa amendments show ID`` and ``poa clause show ID`` show one item, but the
state of a proposal ("competes with USA-1") depends on the other proposals on
the same words, and a clause's number on the kind of every clause before it.
Reading every file for that (even from the parse cache, one JSON load of every
file's data) grows with the negotiation. This index keeps, per file, only what
those commands look up across files, keyed by the file's stat like the parse
cache:

- a clause: its id, kind, sub-paragraph ids and footnote markers;
- an amendment: its id, target, action, status, destination and new clause id.

It lives in ``.git/poa-cache/index-<document>.json``. Every use stats every
file (as ``git status`` does; no file is read unless it changed) and reads the
files that changed; when many did, it reads them through the parse cache. A
file that cannot be read is kept as its first problem, so that a command can
refuse it exactly as reading it would. The full files of the few items a
command shows are read afresh (:mod:`poa_cli.storage.store`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from poa_cli.domain.model import Clause
from poa_cli.errors import PoaError, SchemaError, YamlError
from poa_cli.storage import codec, yamlio
from poa_cli.storage.cache import ParseCache, read_folder, stamp
from poa_cli.storage.layout import AMENDMENTS, CLAUSES, document_key
from poa_cli.storage.schemas import FileCheck, check_file
from poa_cli.storage.vcs import git_dir_of

READ_THROUGH_CACHE_FROM = 64  # this many changed files: read them all through the parse cache


# Named tuples rather than dataclasses: tens of thousands are made from JSON lists per command.
class ClauseEntry(NamedTuple):
    """One clause file as the index knows it."""

    id: str
    kind: str
    items: list[str]  # every sub-paragraph id, depth first
    footnotes: list[str]  # markers


class AmendmentEntry(NamedTuple):
    """One amendment file as the index knows it."""

    id: str
    target: str
    action: str
    status: str
    destination: str | None
    new_clause: str | None  # the id of the clause an insert-clause proposes


class Problem(NamedTuple):
    """Why a file could not be indexed: its first problem, as the parse gave it."""

    line: int | None
    column: int | None
    rule: str
    message: str

    def error(self, path: Path) -> PoaError:
        """The error reading *path* raises (as :func:`poa_cli.storage.store.checked`)."""
        kind = YamlError if self.rule == "yaml" else SchemaError
        return kind(self.message, path=path, line=self.line, column=self.column)


@dataclass(frozen=True)
class Index:
    """Every clause and amendment file of a document, by file stem, in name order."""

    root: Path
    clauses: dict[str, ClauseEntry | Problem]
    amendments: dict[str, AmendmentEntry | Problem]

    def clause_path(self, stem: str) -> Path:
        return self.root / CLAUSES / f"{stem}.yaml"

    def amendment_path(self, stem: str) -> Path:
        return self.root / AMENDMENTS / f"{stem}.yaml"

    def owner_of(self) -> dict[str, str]:
        """Sub-paragraph id or footnote target → the id of its clause (the first that has it)."""
        owner: dict[str, str] = {}
        for entry in self.clauses.values():
            if isinstance(entry, ClauseEntry):
                for item in entry.items:
                    owner.setdefault(item, entry.id)
                for marker in entry.footnotes:
                    owner.setdefault(f"{entry.id}[^{marker}]", entry.id)
        return owner


# In the file, each entry is a list: the stat signature (size, mtime_ns, inode), then
# the entry's fields; for a Problem, None and then the problem's fields.
_SIG = 3


def _clause_entry(data: Any, path: Path) -> ClauseEntry:
    c: Clause = codec.clause_from_data(data, path)
    return ClauseEntry(c.id, c.kind, [it.id for it in c.all_items()], [m for m, _ in c.footnotes])


def _amendment_entry(data: Any, path: Path) -> AmendmentEntry:
    a = codec.amendment_from_data(data, path)
    new = a.clause.id if a.clause is not None else None
    return AmendmentEntry(a.id, a.target, a.action, a.status, a.destination, new)


def _fields(kind: str, path: Path, check: FileCheck) -> list[Any]:
    """The fields stored for the file at *path* (its entry's, or None and its problem's)."""
    if check.problems:
        return [None, *check.problems[0]]
    try:
        entry = (_clause_entry if kind == "clause" else _amendment_entry)(check.data, path)
    except PoaError as exc:
        return [None, exc.line, exc.column, "schema", exc.message]
    return list(entry)


def load_index(root: Path) -> Index:
    """Return the index of the document at *root*, brought up to date and saved.

    Outside a git repository nothing is kept and every file is read. Raises
    nothing for a bad file: its entry is a :class:`Problem`.
    """
    gitdir = git_dir_of(root.resolve())
    file = gitdir / "poa-cache" / f"index-{document_key(root)}.json" if gitdir else None
    saved: dict[str, Any] = {}
    if file is not None:
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(raw, dict) and raw.get("stamp") == _stamp():
                saved = raw
        except (OSError, ValueError):
            saved = {}
    parts: dict[str, dict[str, list[Any]]] = {}
    changed = False
    for folder, kind in ((CLAUSES, "clause"), (AMENDMENTS, "amendment")):
        before: dict[str, list[Any]] = saved.get(kind) or {}
        names: list[str] = []
        stale: list[tuple[str, Path, list[int]]] = []
        for e in _entries(root / folder):
            name = e.name
            if not name.endswith(".yaml") or name.startswith("."):
                continue
            stem = name[:-5]
            names.append(stem)
            old = before.get(stem)
            try:
                st = e.stat()
            except OSError:
                continue
            if (
                old is None
                or old[0] != st.st_size
                or old[1] != st.st_mtime_ns
                or old[2] != st.st_ino
            ):
                stale.append((stem, Path(e.path), [st.st_size, st.st_mtime_ns, st.st_ino]))
        if stale or len(names) != len(before):
            changed = True
            checks = _read(root, kind, [path for _, path, _ in stale])
            fresh = {stem: sig + _fields(kind, path, checks[path]) for stem, path, sig in stale}
            before = {stem: fresh.get(stem) or before[stem] for stem in sorted(names)}
        parts[kind] = before
    if changed and file is not None:
        try:
            file.parent.mkdir(exist_ok=True)
            text = json.dumps({"stamp": _stamp(), **parts}, ensure_ascii=False)
            yamlio.atomic_write(file, text)
        except OSError:
            pass  # an index that cannot be written is only slower
    return Index(
        root,
        {s: _clause(v) for s, v in parts["clause"].items()},
        {s: _amendment(v) for s, v in parts["amendment"].items()},
    )


def _stamp() -> str:
    """The parse cache's stamp, and this module's and the codec's: an index written by
    other code (another layout of the entries) is rebuilt, never misread."""
    mtimes = (Path(m).stat().st_mtime_ns for m in (__file__, codec.__file__))
    return "|".join((stamp(), *map(str, mtimes)))


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of *folder* in no particular order (none when it is missing)."""
    try:
        with os.scandir(folder) as it:
            return list(it)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _clause(v: list[Any]) -> ClauseEntry | Problem:
    return Problem._make(v[_SIG + 1 :]) if v[_SIG] is None else ClauseEntry._make(v[_SIG:])


def _amendment(v: list[Any]) -> AmendmentEntry | Problem:
    return Problem._make(v[_SIG + 1 :]) if v[_SIG] is None else AmendmentEntry._make(v[_SIG:])


def _read(root: Path, kind: str, paths: list[Path]) -> dict[Path, FileCheck]:
    """Check the files at *paths*: one by one when few changed, else through the parse
    cache (a first index of a large document reads what ``poa validate`` parsed)."""
    if len(paths) < READ_THROUGH_CACHE_FROM:
        return {path: check_file(path, kind) for path in paths}
    cache = ParseCache(root, enabled=True)
    folder = root / (CLAUSES if kind == "clause" else AMENDMENTS)
    out = {path: check for path, check in read_folder(cache, folder, kind).values()}
    cache.save()
    return out
