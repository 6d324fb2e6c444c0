"""Revisions (the zero draft, Rev.1, Rev.2 …) and the document as it was at any of them.

A revision is a commit tagged ``<document id>/rev-<n>`` by ``poa consolidate``.
Wherever a command takes a REV it accepts:

- ``rev-2`` (the tag ``<document id>/rev-2``), also written ``Rev.2``;
- ``zero-draft``: the first revision (what amendments drafted before any
  revision give as their ``base``);
- the full tag, ``poa-founding-document/rev-2``;
- a commit (full or abbreviated sha), ``HEAD``, a branch, anything git names;
- ``working``: the files as they are on disk, committed or not.

Files at a commit are read with two git processes whatever the document's size
(``ls-tree`` then ``cat-file --batch``), parsed with the same guards as files on
disk, and converted with the same functions; parsed blobs are cached by their
sha (content-addressed, so an entry can never be out of date).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli import __version__
from poa_cli.domain.model import Amendment, Clause, Document
from poa_cli.errors import NotFound, PoaError, YamlError
from poa_cli.storage import codec, layout, store, vcs, yamlio
from poa_cli.storage.cache import read_document_files

WORKING = "working"
ZERO_DRAFT = "zero-draft"
_REV_RE = re.compile(r"^rev[-.]?(\d{1,6})$", re.IGNORECASE)
_ISSUED_RE = re.compile(r"\bissued (\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class Revision:
    """One issued revision: ``rev-2``, its tag, the commit it names, its date and message."""

    name: str
    number: int
    tag: str
    commit: str
    date: date | None
    message: str

    @property
    def label(self) -> str:
        """Return the revision as the UN prints it: "zero draft", "Rev.1", "Rev.2" …"""
        return revision_label(self.name)


@dataclass(frozen=True)
class Resolved:
    """What a REV named: the commit (None for ``working``) and the revision, if it is one."""

    rev: str
    commit: str | None
    revision: Revision | None


def revision_label(name: str) -> str:
    """Return "zero draft" for ``rev-0``, "Rev.N" for ``rev-N``, *name* otherwise."""
    m = _REV_RE.match(name)
    if not m:
        return name
    number = int(m.group(1))
    return "zero draft" if number == 0 else f"Rev.{number}"


def revision_symbol(symbol: str, name: str) -> str:
    """Return the document symbol of revision *name*: the symbol, then ``/Rev.N`` from Rev.1.

    UN practice: a revised document keeps its symbol with ``/Rev.1``, ``/Rev.2`` …
    appended (``A/CONF.999/2026/L.1/Rev.2``); the zero draft carries the bare symbol.
    """
    m = _REV_RE.match(name)
    if not m or int(m.group(1)) == 0:
        return symbol
    return f"{symbol}/Rev.{int(m.group(1))}"


def document_id(root: Path) -> str:
    """Return the document's id (the prefix of its revision tags); the folder name if unreadable."""
    try:
        return store.load_meta(root).id
    except PoaError:
        return root.resolve().name


def list_revisions(root: Path) -> list[Revision]:
    """Return the revisions of the document at *root*, oldest first (none outside git)."""
    doc_id = document_id(root)
    found: list[Revision] = []
    for t in vcs.tags(root, f"{doc_id}/rev-*"):
        name = t.name.rsplit("/", 1)[-1]
        m = _REV_RE.match(name)
        if not m or t.name != f"{doc_id}/{name}" or name != f"rev-{int(m.group(1))}":
            continue
        # The date of issue (``poa consolidate --date``) is in the tag's message;
        # a tag made by hand has only the date it was made.
        issued = _ISSUED_RE.search(t.message)
        try:
            when: date | None = date.fromisoformat(issued.group(1) if issued else t.date[:10])
        except ValueError:
            when = None
        found.append(Revision(name, int(m.group(1)), t.name, t.commit, when, t.message))
    return sorted(found, key=lambda r: r.number)


def latest(root: Path) -> str | None:
    """Return the name of the newest revision (``rev-N``), or None when none was issued."""
    revisions = list_revisions(root)
    return revisions[-1].name if revisions else None


def _known(revisions: list[Revision]) -> str:
    names = ", ".join(r.name for r in revisions) or "none issued yet"
    return f"revisions: {names}; or a commit, HEAD, or working"


def resolve(root: Path, rev: str, revisions: list[Revision] | None = None) -> Resolved:
    """Return what *rev* names (see the module docstring).

    Raises NotFound, in one line listing the revisions that exist, for anything
    else (and outside git for anything but ``working``).
    """
    rev = rev.strip()
    if rev.lower() == WORKING:
        return Resolved(WORKING, None, None)
    if revisions is None:
        revisions = list_revisions(root)
    by_name = {r.name: r for r in revisions}
    by_tag = {r.tag: r for r in revisions}
    m = _REV_RE.match(rev)
    if m:
        name = f"rev-{int(m.group(1))}"
        if name in by_name:
            return Resolved(name, by_name[name].commit, by_name[name])
        raise NotFound(f"no revision '{rev}' of {document_id(root)} ({_known(revisions)})")
    if rev.lower() in (ZERO_DRAFT, "zero draft"):
        if revisions:
            return Resolved(revisions[0].name, revisions[0].commit, revisions[0])
        raise NotFound(f"the zero draft has not been issued ({_known(revisions)})")
    if rev in by_tag:
        return Resolved(by_tag[rev].name, by_tag[rev].commit, by_tag[rev])
    commit = vcs.resolve_commit(root, rev)
    if commit is None:
        raise NotFound(f"unknown revision '{rev}' ({_known(revisions)})")
    same = next((r for r in revisions if r.commit == commit), None)
    return Resolved(rev, commit, same)


# --------------------------------------------------------------------------- reading


def repo_path(root: Path) -> str:
    """Return the document folder relative to the top of its work tree (``drafts/poa``).

    Raises NotFound outside a git repository.
    """
    top = vcs.toplevel(root)
    if top is None:
        raise NotFound("not inside a git repository, so there are no revisions", path=root)
    rel = root.resolve().relative_to(top.resolve())
    return rel.as_posix() if str(rel) != "." else ""


class BlobCache:
    """Parsed file data by blob sha, in ``.git/poa-cache/blobs.json``.

    A blob sha names its content, so an entry is never stale; the file is
    dropped when poa's version changes (the parser may have changed).
    """

    def __init__(self, root: Path) -> None:
        self.version = __version__
        self.entries: dict[str, Any] = {}
        self.dirty = False
        gitdir = vcs.git_dir_of(root.resolve())
        self.file = gitdir / "poa-cache" / "blobs.json" if gitdir is not None else None
        if self.file is not None and self.file.is_file():
            try:
                raw = json.loads(self.file.read_text(encoding="utf-8"))
                if raw.get("version") == self.version and isinstance(raw.get("blobs"), dict):
                    self.entries = raw["blobs"]
            except (OSError, ValueError):
                self.entries = {}

    def save(self) -> None:
        if self.file is None or not self.dirty:
            return
        try:
            self.file.parent.mkdir(exist_ok=True)
            text = json.dumps({"version": self.version, "blobs": self.entries}, ensure_ascii=False)
            yamlio.atomic_write(self.file, text)
        except OSError:
            pass  # a cache that cannot be written is only slower


def parse_blob(raw: bytes, path: Path, where: str) -> Any:
    """Parse file content read from git with the guards every poa file passes.

    Raises YamlError naming the file and the revision it was read at.
    """
    if len(raw) > yamlio.MAX_BYTES:
        raise PoaError(f"file is {len(raw):,} bytes at {where}; poa reads at most 1 MiB", path=path)
    try:
        return yamlio.parse(yamlio.decode(raw, path), path)
    except PoaError as exc:
        exc.message = f"{exc.message} (at {where})"
        raise


def read_files_at(root: Path, commit: str, where: str) -> dict[str, Any]:
    """Return {path relative to the document: parsed data} of every YAML file at *commit*.

    Only ``document.yaml``, ``clauses/*.yaml`` and ``amendments/*.yaml`` are read.
    Raises NotFound when the document did not exist at *commit*.
    """
    cache = BlobCache(root)
    out = {rel: data for rel, (_blob, data) in _files_at(root, commit, where, cache).items()}
    cache.save()
    return out


def _files_at(root: Path, commit: str, where: str, cache: BlobCache) -> dict[str, tuple[str, Any]]:
    """{path relative to the document: (blob sha, parsed data)} at *commit*; raises as
    :func:`read_files_at`."""
    prefix = repo_path(root)
    listing = vcs.list_files(root, commit, prefix)
    if listing is None:
        raise NotFound(f"cannot read commit {commit[:12]}")
    start = len(prefix) + 1 if prefix else 0
    wanted: dict[str, str] = {}
    for full, blob in listing.items():
        rel = full[start:]
        if rel == layout.DOCUMENT_FILE or (
            rel.count("/") == 1
            and rel.split("/")[0] in (layout.CLAUSES, layout.AMENDMENTS)
            and rel.endswith(".yaml")
            and not rel.split("/")[1].startswith(".")
        ):
            wanted[rel] = blob
    if layout.DOCUMENT_FILE not in wanted:
        raise NotFound(f"the document {prefix or root.name} did not exist at {where}")
    missing = [b for b in wanted.values() if b not in cache.entries]
    contents = vcs.read_objects(root, missing)
    out: dict[str, tuple[str, Any]] = {}
    for rel, blob in wanted.items():
        if blob in cache.entries:
            out[rel] = (blob, cache.entries[blob])
            continue
        found = contents.get(blob)
        if found is None:
            raise NotFound(f"cannot read {rel} at {where}")
        data = parse_blob(found[1], root / rel, where)
        cache.entries[blob] = data
        cache.dirty = True
        out[rel] = (blob, data)
    return out


def load_all_at(root: Path, revs: Sequence[str]) -> list[Document]:
    """Return the document at each of *revs*, as :func:`load_at` would, read together.

    One blob cache for all of them, and each file converted once however many
    revisions share it (most files do not change from one revision to the
    next). For ``poa site``, which prints every revision. Raises as load_at.
    """
    known = list_revisions(root)
    cache = BlobCache(root)
    converted: dict[tuple[str, str], Any] = {}
    out: list[Document] = []
    for rev in revs:
        resolved = resolve(root, rev, known)
        if resolved.commit is None:
            out.append(load_working(root))
            continue
        files = _files_at(root, resolved.commit, rev, cache)
        data = {rel: d for rel, (_blob, d) in files.items()}
        blobs = {rel: blob for rel, (blob, _d) in files.items()}
        out.append(document_from_files(root, data, blobs, converted))
    cache.save()
    return out


def document_from_files(
    root: Path,
    files: dict[str, Any],
    blobs: dict[str, str] | None = None,
    converted: dict[tuple[str, str], Any] | None = None,
) -> Document:
    """Return the Document that *files* (relative path → parsed data) make up.

    With *blobs* (relative path → blob sha), each file's conversion is kept in
    *converted* and reused for the same blob at the same path.
    """
    meta = codec.meta_from_data(files[layout.DOCUMENT_FILE], root / layout.DOCUMENT_FILE)
    memo: dict[tuple[str, str], Any] = converted if converted is not None else {}
    clauses: dict[str, Clause] = {}
    amendments: dict[str, Amendment] = {}
    for rel in sorted(files):
        folder, _, name = rel.partition("/")
        if folder not in (layout.CLAUSES, layout.AMENDMENTS):
            continue
        key = (blobs[rel], rel) if blobs is not None else None
        if key is not None and key in memo:
            item = memo[key]
        elif folder == layout.CLAUSES:
            item = codec.clause_from_data(files[rel], root / rel)
        else:
            item = codec.amendment_from_data(files[rel], root / rel)
        if key is not None:
            memo[key] = item
        (clauses if folder == layout.CLAUSES else amendments)[name[: -len(".yaml")]] = item
    return Document(root=root, meta=meta, clauses=clauses, amendments=amendments)


def load_working(root: Path) -> Document:
    """Return the document as its files are on disk, through the parse cache.

    The same result as :func:`poa_cli.storage.store.load_document`, but files unchanged
    since the last ``poa validate`` or listing (same size, mtime and inode) are
    not parsed again. Raises YamlError for a file that is not YAML poa accepts,
    and the converters' SchemaError for a bad shape.
    """
    return load_working_data(root)[0]


def load_working_data(root: Path) -> tuple[Document, dict[Path, Any]]:
    """Return :func:`load_working`'s document and the parsed data of each clause and
    amendment file, by path (for writers that edit those files)."""

    files = read_document_files(root)
    data: dict[Path, Any] = {}
    for checks in files.values():
        for path, check in checks.values():
            for line, column, rule, message in check.problems:
                if rule == "yaml":
                    raise YamlError(message, path=path, line=line, column=column)
            data[path] = check.data
    doc = Document(
        root=root,
        meta=store.load_meta(root),
        clauses={k: codec.clause_from_data(c.data, p) for k, (p, c) in files["clause"].items()},
        amendments={
            k: codec.amendment_from_data(c.data, p) for k, (p, c) in files["amendment"].items()
        },
    )
    return doc, data


def load_at(root: Path, rev: str) -> Document:
    """Return the whole document (meta, clauses, amendments) as it was at *rev*.

    *rev* is anything :func:`resolve` accepts; ``working`` loads the files on
    disk. Paths in the result are where the files live in the work tree.
    Raises NotFound for an unknown REV (listing the revisions that exist) or
    when the document did not exist then, and the loaders' errors (naming the
    file and the revision) for a file poa cannot read.
    """
    resolved = resolve(root, rev)
    if resolved.commit is None:
        return load_working(root)
    return document_from_files(root, read_files_at(root, resolved.commit, rev))
