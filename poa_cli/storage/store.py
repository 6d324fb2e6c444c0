"""A document folder on disk ⇄ the model; the document lock; transactions.

Layout of a document folder::

    document.yaml            title, symbol, masthead, sections and clause order
    clauses/<id>.yaml        one clause per file; the file name is the id
    amendments/<ID>.yaml     one amendment per file; id = proposer code + number

Every write happens inside :func:`transaction`: it takes the lock, checks the git
tree, writes each file atomically, commits, and on any failure puts every file
back as it was, so a refused or interrupted command changes nothing on disk.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli import interrupts
from poa_cli.domain.model import (
    Amendment,
    Anchor,
    Clause,
    Document,
    DocumentMeta,
    Item,
    Section,
    Stakeholder,
)
from poa_cli.domain.silence import Break, Procedure, Record, parse_time, stamp
from poa_cli.errors import Conflict, LockTimeout, NotFound, PoaError, SchemaError, YamlError
from poa_cli.storage import yamlio

DOCUMENT_FILE = "document.yaml"
CLAUSES = "clauses"
AMENDMENTS = "amendments"
SILENCE_FILE = "silence.yaml"  # the record of the silence procedures (domain/silence.py)
LETTERS = "letters"  # the letters that broke silence
LOCK_TIMEOUT = 60.0


# --------------------------------------------------------------------------- finding


def find_document(explicit: str | Path | None = None, cwd: Path | None = None) -> Path:
    """Return the document folder to work on.

    *explicit* may name the folder or its document.yaml. Without it: the nearest
    folder at or above *cwd* holding a document.yaml, else the only document
    under ``drafts/``. Raises NotFound with what to do otherwise.
    """
    here = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        p = Path(explicit)
        if not p.is_absolute():
            p = here / p
        if p.name == DOCUMENT_FILE and p.is_file():
            return p.parent
        if (p / DOCUMENT_FILE).is_file():
            return p
        if p.is_dir():
            found = _documents_under(p)
            if len(found) == 1:
                return found[0]
        raise NotFound(f"no {DOCUMENT_FILE} in {p}", hint="pass a document folder")
    for folder in (here, *here.parents):
        if (folder / DOCUMENT_FILE).is_file():
            return folder
    found = _documents_under(here / "drafts")
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(str(f.relative_to(here)) for f in found)
        raise NotFound(f"several documents here ({names})", hint="name the one you mean")
    raise NotFound(
        "no document here: no document.yaml in this folder or above it, nor under drafts/",
        hint="run 'poa init DIR', or pass the document folder",
    )


def _documents_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p.parent for p in folder.glob(f"*/{DOCUMENT_FILE}"))


def document_key(root: Path) -> str:
    """Return a short, stable name for the document at *root* (for its caches and lock)."""
    import hashlib

    return hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]


def clause_path(root: Path, clause_id: str) -> Path:
    """Return the file of clause *clause_id* in the document at *root*."""
    return root / CLAUSES / f"{clause_id}.yaml"


def amendment_path(root: Path, amendment_id: str) -> Path:
    """Return the file of amendment *amendment_id* in the document at *root*."""
    return root / AMENDMENTS / f"{amendment_id}.yaml"


def schema_ref(file: Path, kind: str) -> str:
    """Return the editor modeline's relative path from *file* to ``schemas/<kind>``.

    Schemas are expected at the top of the git work tree (``poa init`` puts a copy
    there); outside a repository the document folder's parent is used.
    """
    from poa_cli.storage.vcs import git_dir_of

    gitdir = git_dir_of(file.parent.resolve())
    top = gitdir.parent if gitdir is not None and gitdir.name == ".git" else None
    if top is None:
        top = file.parent.resolve().parent
    rel = os.path.relpath(top / "schemas" / f"{kind}.schema.json", file.parent.resolve())
    return rel.replace(os.sep, "/")


# --------------------------------------------------------------------------- loading


class _Reader:
    """Pulls typed values out of loaded YAML data, naming the file on a bad shape."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str) -> SchemaError:
        return SchemaError(message, path=self.path, hint="run 'poa validate' for details")

    def mapping(self, data: Any, what: str) -> Mapping[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"{what} must be a mapping")
        return data

    def text(self, data: Mapping[str, Any], key: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def opt(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value.__class__ is str:
            return value
        if not isinstance(value, (int, float)):
            raise self.fail(f"'{key}' must be a string")
        return str(value)

    def strings(self, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of strings")
        return tuple(value)


def _items(r: _Reader, value: Any) -> tuple[Item, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise r.fail("'items' must be a list")
    out = []
    for raw in value:
        m = r.mapping(raw, "a sub-paragraph")
        out.append(
            Item(id=r.text(m, "id"), text=r.text(m, "text"), items=_items(r, m.get("items")))
        )
    return tuple(out)


def clause_from_data(data: Any, path: Path) -> Clause:
    """Return the Clause in *data* (loaded from *path*); raise SchemaError on a bad shape."""
    r = _Reader(path)
    m = r.mapping(data, "a clause file")
    notes = m.get("footnotes") or {}
    if not isinstance(notes, dict):
        raise r.fail("'footnotes' must be a mapping of marker to text")
    return Clause(
        id=r.text(m, "id"),
        kind=r.text(m, "kind"),
        text=r.text(m, "text"),
        status=r.opt(m, "status") or "bracketed",
        items=_items(r, m.get("items")),
        footnotes=tuple((str(k), str(v)) for k, v in notes.items()),
        tags=r.strings(m, "tags"),
        path=path,
    )


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def meta_from_data(data: Any, path: Path) -> DocumentMeta:
    """Return the DocumentMeta in *data* (document.yaml); raise SchemaError on a bad shape."""
    r = _Reader(path)
    m = r.mapping(data, "document.yaml")
    raw_sections = m.get("sections")
    if not isinstance(raw_sections, list):
        raise r.fail("'sections' must be a list")
    sections = []
    for raw in raw_sections:
        s = r.mapping(raw, "a section")
        heading = s.get("heading")
        sections.append(
            Section(
                id=r.text(s, "id"),
                heading=str(heading) if heading is not None else None,
                clauses=r.strings(s, "clauses"),
                annex=r.opt(s, "annex"),
            )
        )
    stakeholders = []
    for raw in m.get("stakeholders") or []:
        s = r.mapping(raw, "a stakeholder")
        stakeholders.append(
            Stakeholder(id=r.text(s, "id"), name=r.text(s, "name"), kind=r.text(s, "kind"))
        )
    return DocumentMeta(
        id=r.text(m, "id"),
        title=r.text(m, "title"),
        symbol=r.text(m, "symbol"),
        body=r.opt(m, "body") or "General Assembly",
        distribution=r.opt(m, "distribution") or "Limited",
        date=_date(r.opt(m, "date")),
        original_language=r.opt(m, "original_language") or "English",
        languages=r.strings(m, "languages") or ("en",),
        session=r.opt(m, "session"),
        agenda_item=r.opt(m, "agenda_item"),
        numbering=r.opt(m, "numbering") or "resolution",
        opening=r.opt(m, "opening"),
        note=r.opt(m, "note"),
        sections=tuple(sections),
        stakeholders=tuple(stakeholders),
        based_on=r.opt(m, "based_on"),
    )


def amendment_from_data(data: Any, path: Path) -> Amendment:
    """Return the Amendment in *data*; raise SchemaError on a bad shape."""
    r = _Reader(path)
    m = r.mapping(data, "an amendment file")
    anchor = None
    if m.get("anchor") is not None:
        a = r.mapping(m["anchor"], "'anchor'")
        occ = a.get("occurrence")
        anchor = Anchor(
            phrase=r.text(a, "phrase"),
            before=r.text(a, "before", required=False),
            after=r.text(a, "after", required=False),
            occurrence=occ if isinstance(occ, int) and not isinstance(occ, bool) else None,
        )
    clause = None
    if m.get("clause") is not None:
        clause = clause_from_data(r.mapping(m["clause"], "'clause'"), path)
    proposed_by = r.strings(m, "proposed_by")
    if not proposed_by:
        raise r.fail("'proposed_by' must name at least one proposer")
    return Amendment(
        id=r.text(m, "id"),
        target=r.text(m, "target"),
        action=r.text(m, "action"),
        proposed_by=proposed_by,
        status=r.opt(m, "status") or "proposed",
        on_behalf_of=r.opt(m, "on_behalf_of"),
        supported_by=r.strings(m, "supported_by"),
        opposed_by=r.strings(m, "opposed_by"),
        submitted=_date(r.opt(m, "submitted")),
        session=r.opt(m, "session"),
        rationale=r.opt(m, "rationale"),
        base=r.opt(m, "base"),
        applied_in=r.opt(m, "applied_in"),
        anchor=anchor,
        text=r.opt(m, "text"),
        position=r.opt(m, "position"),
        clause=clause,
        destination=r.opt(m, "destination"),
        path=path,
    )


def checked(path: Path, kind: str) -> Any:
    """Return the data of *path* after the YAML guards and the *kind* schema.

    Every command reads files through this (or the parse cache, which does the
    same), so a file that would not validate is refused where it is read, with
    its line, rather than misread. Raises YamlError or SchemaError.
    """
    from poa_cli.storage.cache import check_file

    result = check_file(path, kind)
    if result.problems:
        line, column, rule, message = result.problems[0]
        error = YamlError if rule == "yaml" else SchemaError
        raise error(message, path=path, line=line, column=column)
    return result.data


_meta_cache: dict[Path, tuple[tuple[int, int, int], DocumentMeta]] = {}


def load_meta(root: Path) -> DocumentMeta:
    """Load document.yaml of the document at *root*. Raises PoaError naming the file.

    Remembered per process while the file is unchanged: one command reads it
    from several places.
    """
    path = root / DOCUMENT_FILE
    try:
        st = path.stat()
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        sig = (-1, -1, -1)
    hit = _meta_cache.get(path)
    if hit is not None and hit[0] == sig and sig[0] >= 0:
        return hit[1]
    meta = meta_from_data(checked(path, "document"), path)
    _meta_cache[path] = (sig, meta)
    return meta


def load_clause(root: Path, clause_id: str) -> Clause:
    """Load one clause. Raises NotFound when there is no such file, PoaError when it is bad."""
    path = clause_path(root, clause_id)
    if not path.is_file():
        raise NotFound(
            f"no clause '{clause_id}' in {root.name}", hint="'poa clause list' shows the ids"
        )
    return clause_from_data(checked(path, "clause"), path)


def load_clauses(root: Path) -> dict[str, Clause]:
    """Load every clause file of the document at *root*, by id (file name)."""
    return {
        p.stem: clause_from_data(checked(p, "clause"), p)
        for p in yamlio.iter_yaml_files(root / CLAUSES)
    }


def load_amendment(root: Path, amendment_id: str) -> Amendment:
    """Load one amendment. Raises NotFound when there is no such file."""
    path = amendment_path(root, amendment_id)
    if not path.is_file():
        raise NotFound(
            f"no amendment '{amendment_id}' in {root.name}",
            hint="'poa amendments list' shows the ids",
        )
    return amendment_from_data(checked(path, "amendment"), path)


def load_amendments(root: Path) -> dict[str, Amendment]:
    """Load every amendment file of the document at *root*, by id (file name)."""
    return {
        p.stem: amendment_from_data(checked(p, "amendment"), p)
        for p in yamlio.iter_yaml_files(root / AMENDMENTS)
    }


def load_document(root: Path) -> Document:
    """Load the whole document at *root*. Raises the first PoaError met."""
    return Document(
        root=root,
        meta=load_meta(root),
        clauses=load_clauses(root),
        amendments=load_amendments(root),
    )


# --------------------------------------------------------------------------- silence


def load_silence(root: Path) -> Record:
    """Return the silence procedures of the document at *root*.

    An empty record when there is no silence.yaml. Raises YamlError or
    SchemaError naming the file when it is not a record poa accepts.
    """
    path = root / SILENCE_FILE
    if not path.is_file():
        return Record()
    data = checked(path, "silence")
    procedures: list[Procedure] = []
    try:
        for raw in data["procedures"]:
            breaks = tuple(
                Break(
                    by=b["by"],
                    at=parse_time(b["at"], "'at'"),
                    note=b.get("note"),
                    letter=b.get("letter"),
                    letter_sha256=b.get("letter_sha256"),
                )
                for b in raw.get("breaks") or []
            )
            closed = raw.get("closed")
            procedures.append(
                Procedure(
                    revision=raw["revision"],
                    commit=raw["commit"],
                    started=parse_time(raw["started"], "'started'"),
                    until=parse_time(raw["until"], "'until'"),
                    status=raw["status"],
                    note=raw.get("note"),
                    breaks=breaks,
                    closed=parse_time(closed, "'closed'") if closed else None,
                )
            )
    except PoaError as exc:
        raise SchemaError(exc.message, path=path) from None
    return Record(tuple(procedures))


def silence_text(root: Path, record: Record) -> str:
    """Return the text of silence.yaml for *record*."""

    def procedure(p: Procedure) -> Any:
        pairs: list[tuple[str, Any]] = [
            ("revision", p.revision),
            ("commit", p.commit),
            ("started", stamp(p.started)),
            ("until", stamp(p.until)),
            ("status", p.status),
        ]
        if p.note:
            pairs.append(("note", p.note))
        if p.breaks:
            pairs.append(("breaks", [brk(b) for b in p.breaks]))
        if p.closed is not None:
            pairs.append(("closed", stamp(p.closed)))
        return yamlio.new_mapping(pairs)

    def brk(b: Break) -> Any:
        pairs: list[tuple[str, Any]] = [("by", b.by), ("at", stamp(b.at))]
        for key in ("note", "letter", "letter_sha256"):
            if getattr(b, key):
                pairs.append((key, getattr(b, key)))
        return yamlio.new_mapping(pairs)

    tree = yamlio.new_mapping(
        [("schema", "poa/silence/1"), ("procedures", [procedure(p) for p in record.procedures])]
    )
    return render_file(root / SILENCE_FILE, tree, "silence")


def frozen_reason(root: Path) -> str | None:
    """Why the text of the document at *root* may not change now, or None when it may.

    Raises YamlError or SchemaError for a silence.yaml poa cannot read.
    """
    from poa_cli.domain import silence

    return silence.frozen_reason(load_silence(root), root.name)


def _frozen_part(root: Path, path: Path) -> bool:
    """True when *path* is part of the text a silence procedure freezes."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    first = rel.parts[0] if rel.parts else ""
    return first in (CLAUSES, AMENDMENTS) or str(rel) == DOCUMENT_FILE


def check_not_frozen(root: Path, paths: Iterable[Path]) -> None:
    """Refuse a change to the text of a document under silence or adopted under silence.

    The one place every writing command passes through (:meth:`Transaction.remember`).
    Raises Conflict with the reason; anything outside the clauses, the proposals
    and document.yaml (silence.yaml, letters, translations) may still change.
    """
    touched = [p for p in paths if _frozen_part(root, p)]
    if not touched:
        return
    reason = frozen_reason(root)
    if reason is not None:
        raise Conflict(reason, path=touched[0], hint="'poa silence status' says more")


# --------------------------------------------------------------------------- writing


def clause_to_data(clause: Clause) -> Any:
    """Return the round-trip mapping for a new clause file (keys in the documented order)."""
    pairs: list[tuple[str, Any]] = [
        ("schema", "poa/clause/1"),
        ("id", clause.id),
        ("kind", clause.kind),
        ("status", clause.status),
        ("text", clause.text),
    ]
    if clause.items:
        pairs.append(("items", [_item_to_data(i) for i in clause.items]))
    if clause.footnotes:
        pairs.append(("footnotes", yamlio.new_mapping(clause.footnotes)))
    if clause.tags:
        pairs.append(("tags", list(clause.tags)))
    return yamlio.new_mapping(pairs)


def _item_to_data(item: Item) -> Any:
    pairs: list[tuple[str, Any]] = [("id", item.id), ("text", item.text)]
    if item.items:
        pairs.append(("items", [_item_to_data(i) for i in item.items]))
    return yamlio.new_mapping(pairs)


def render_file(path: Path, tree: Any, kind: str) -> str:
    """Return the text to write for *tree* at *path*, with the schema modeline first."""
    return yamlio.with_schema_comment(yamlio.dump(tree), schema_ref(path, kind))


@contextlib.contextmanager
def lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the repository's poa lock (or the document's, outside git) while inside.

    The lock is an ``flock`` on ``.git/poa.lock``: the kernel drops it when the
    holder dies, even by SIGKILL, so a crash never leaves a lock that blocks the
    next command. Raises LockTimeout after *timeout* seconds of waiting.
    """
    from poa_cli.storage.vcs import git_dir_of

    gitdir = git_dir_of(root.resolve())
    if gitdir is not None:
        lock_file = gitdir / "poa.lock"
    else:  # outside git, nothing may appear in the document folder: the lock lives in /tmp
        import tempfile

        lock_file = Path(tempfile.gettempdir()) / f"poa-{document_key(root)}.lock"
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PoaError(f"cannot create the lock file: {exc.strerror}", path=lock_file) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"another poa command has held the lock for {timeout:.0f} s",
                        path=lock_file,
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


@dataclass
class Transaction:
    """Files written and removed by one command, committed together or not at all.

    Before a file is first touched its old content goes into a journal
    (``.git/poa-journal.json``): if the process dies midway (SIGKILL, power
    loss), the next poa command finds the journal and puts every file back, so
    a half-done change never survives and never blocks the next command.
    """

    root: Path
    commit: bool
    journal: Path
    head: str | None = None
    subject: str = ""
    body: str = ""
    trailers: list[tuple[str, str]] = field(default_factory=list)
    _saved: dict[Path, bytes | None] = field(default_factory=dict)
    _order: list[Path] = field(default_factory=list)
    sha: str | None = None

    def remember(self, paths: Iterable[Path]) -> None:
        """Journal the present content of *paths* in one write.

        ``write`` and ``delete`` journal their path themselves; a command about to
        write hundreds of files calls this first, so the journal is written once
        rather than once a file (which is quadratic).
        """
        new = [p for p in dict.fromkeys(paths) if p not in self._saved]
        if not new:
            return
        check_not_frozen(self.root, new)
        for path in new:
            self._saved[path] = path.read_bytes() if path.exists() else None
            self._order.append(path)
        _write_journal(self.journal, self.head, self._saved)

    def _remember(self, path: Path) -> None:
        self.remember([path])

    def write(self, path: Path, text: str, *, sync: bool = True) -> None:
        """Write *text* to *path* atomically, remembering what was there.

        ``sync=False`` skips the flush to disk (a command writing hundreds of new
        files flushes them all at once with :func:`poa_cli.yamlio.sync_all`).
        Raises PoaError (not a bare OSError) when the file cannot be written: a
        read-only checkout, a full disk.
        """
        with _io_errors(path):
            self._remember(path)
            yamlio.atomic_write(path, text, sync=sync)

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Write *data* to *path* atomically (a letter, a scan), remembering what was there."""
        with _io_errors(path):
            self._remember(path)
            yamlio.atomic_write_bytes(path, data)

    def delete(self, path: Path) -> None:
        """Remove *path*, remembering it."""
        with _io_errors(path):
            self._remember(path)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    @property
    def paths(self) -> Sequence[Path]:
        """Every path this transaction touched, in order."""
        return tuple(self._order)

    def rollback(self) -> None:
        """Put every touched file back as it was before the transaction."""
        _restore(self._saved)


@contextlib.contextmanager
def _io_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PoaError(
            f"cannot write: {reason}",
            path=path,
            hint="is the checkout read-only, or the disk full?",
        ) from None


def _write_journal(journal: Path, head: str | None, saved: Mapping[Path, bytes | None]) -> None:
    data = {
        "head": head,
        "paths": {
            str(p): base64.b64encode(old).decode("ascii") if old is not None else None
            for p, old in saved.items()
        },
    }
    yamlio.atomic_write(journal, json.dumps(data))


def _restore(saved: Mapping[Path, bytes | None]) -> None:
    for path, old in reversed(list(saved.items())):
        with contextlib.suppress(OSError):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                yamlio.atomic_write_bytes(path, old)


def _journal_path(root: Path) -> Path:
    from poa_cli.storage.vcs import git_dir_of

    gitdir = git_dir_of(root.resolve())
    if gitdir is not None:
        return gitdir / "poa-journal.json"
    import tempfile

    return Path(tempfile.gettempdir()) / f"poa-{document_key(root)}-journal.json"


def _recover(root: Path, journal: Path) -> None:
    """Undo what a poa process that died mid-transaction left behind (under the lock)."""
    from poa_cli.storage import vcs

    if not journal.exists():
        return
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        saved = {
            Path(p): base64.b64decode(v) if v is not None else None
            for p, v in data["paths"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        journal.unlink(missing_ok=True)
        return
    if vcs.head_sha(root) == data.get("head"):
        # The commit never happened: the files go back and out of the index.
        _restore(saved)
        vcs.unstage_paths(root, list(saved))
    journal.unlink(missing_ok=True)


def _sweep_temp_files(root: Path) -> None:
    """Remove temp files an interrupted atomic write left (no writer runs: we hold the lock)."""
    for folder in (root, root / CLAUSES, root / AMENDMENTS):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def transaction(root: Path, *, commit: bool = True) -> Iterator[Transaction]:
    """Run the body under the lock; commit what it wrote, or undo it all on failure.

    With *commit*, the git tree is checked first (see :func:`poa_cli.storage.vcs.preflight`)
    and nothing is written when it is not fit. The body sets ``tx.subject`` (and
    optionally ``body`` and ``trailers``) for the commit message. Raises whatever
    the body or git raised, after rolling back; Ctrl-C rolls back too.
    """
    from poa_cli.storage import vcs

    with lock(root):
        journal = _journal_path(root)
        # A git child of a killed poa may still be finishing its commit: let it
        # land before deciding whether the dead transaction committed.
        vcs.wait_for_index(root)
        with interrupts.deferred():
            _recover(root, journal)
            _sweep_temp_files(root)
        tx = Transaction(root=root, commit=commit, journal=journal, head=vcs.head_sha(root))
        try:
            if not commit:
                yield tx
            else:
                with vcs.open_repo(root) as repo:
                    others_staged = vcs.preflight(repo, root)
                    try:
                        yield tx
                        if tx.paths:
                            with interrupts.deferred():
                                tx.sha = vcs.commit(
                                    repo, tx.paths, tx.subject or "poa: update", tx.body,
                                    tx.trailers, others_staged=others_staged,
                                )  # fmt: skip
                                journal.unlink(missing_ok=True)
                    except BaseException:
                        if tx.sha is None:  # once committed, the change stands
                            with interrupts.deferred():
                                tx.rollback()
                                with contextlib.suppress(PoaError):
                                    vcs.unstage(repo, tx.paths)
                        raise
        except BaseException:
            if tx.sha is None:
                with interrupts.deferred():
                    tx.rollback()
            raise
        finally:
            journal.unlink(missing_ok=True)
