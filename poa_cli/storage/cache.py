"""Parsed and schema-checked files, cached by file stat in the git directory.

Parsing and the JSON Schema check are per file, so their results are cached
(``.git/poa-cache/``) keyed by each file's size, mtime and inode. ``poa
validate`` and the read-only listings share the cache: re-reading an unchanged
negotiation of thousands of files costs one JSON load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from poa_cli.storage import yamlio
from poa_cli.storage.layout import AMENDMENTS, CLAUSES, document_key
from poa_cli.storage.memo import StrPath, memo_path
from poa_cli.storage.memo import folder_signature as folder_signature  # for its callers
from poa_cli.storage.memo import read_text_memo as read_text_memo
from poa_cli.storage.memo import stamp as stamp
from poa_cli.storage.schemas import FileCheck, check_file
from poa_cli.storage.vcs import git_dir_of

PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves


def check_in_parallel(todo: list[tuple[Path, str]], workers: int) -> list[FileCheck]:
    """Return :func:`check_file` of every item of *todo*, in order, on *workers* processes.

    This process checks the last share itself while ``workers - 1`` forked children
    check the others and send their results back through a pipe, as marshal data
    (a tenth of what pickling dataclasses cost, and no executor to import). A
    child that fails for any reason (an unexpected error, data marshal cannot
    carry) sends nothing, and its share is checked here: the answer, or the
    error, is then exactly the serial one.
    """
    size = -(-len(todo) // workers)
    shares = [todo[i : i + size] for i in range(0, len(todo), size)]
    children: list[tuple[int, int] | None] = []
    for share in shares[:-1]:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to be had: this share is checked here
            os.close(read)
            os.close(write)
            children.append(None)
            continue
        if pid == 0:  # the child: check its share, send it, leave without cleaning up
            code = 1
            try:
                os.close(read)
                _send(write, [check_file(path, kind) for path, kind in share])
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        children.append((pid, read))
    mine = [check_file(path, kind) for path, kind in shares[-1]]
    out: list[FileCheck] = []
    for child, share in zip(children, shares, strict=False):
        got = None
        if child is not None:
            pid, read = child
            with os.fdopen(read, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            got = _received(payload) if status == 0 else None
        out += (
            got
            if got is not None and len(got) == len(share)
            else [check_file(path, kind) for path, kind in share]
        )
    return out + mine


def _send(fd: int, results: list[FileCheck]) -> None:
    payload = marshal.dumps([(r.data, r.problems, r.keys) for r in results])
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(payload)


def _received(payload: bytes) -> list[FileCheck] | None:
    try:
        rows = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return [FileCheck(data=d, problems=[tuple(p) for p in ps], keys=k) for d, ps, k in rows]


class ParseCache:
    """Per-file results keyed by (size, mtime, inode), stored in the git directory.

    Disabled (``poa validate --no-cache``, or outside a git repository), it
    keeps nothing but hands on what :meth:`prefetch` computed, once each.
    """

    def __init__(self, root: Path, enabled: bool) -> None:
        self.file: Path | None = None
        self.entries: dict[str, Any] = {}
        self.fetched: dict[str, FileCheck] = {}  # computed by prefetch, not yet asked for
        self.seen: set[str] = set()  # keys of the files this run read
        self.sigs: dict[str, list[Any]] = {}  # stat signatures prefetch took, for check
        self.cwd = os.getcwd()
        self.dirty = False
        gitdir = git_dir_of(root.resolve()) if enabled else None
        if gitdir is None:
            return
        key = document_key(root)
        self.file = gitdir / "poa-cache" / f"parsed-{key}.json"
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            if raw.get("stamp") == stamp():
                self.entries = raw["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.entries = {}

    def key(self, path: Path) -> str:
        """The cache's name for *path*: absolute, so that commands run from other
        folders (or given the document another way) share one entry per file."""
        name = str(path)
        return name if os.path.isabs(name) else os.path.join(self.cwd, name)

    def check(self, path: Path, kind: str) -> FileCheck:
        """Return the check of *path*: from the cache when the file is unchanged."""
        if self.file is None:
            fetched = self.fetched.pop(self.key(path), None)
            return fetched if fetched is not None else check_file(path, kind)
        key = self.key(path)
        sig = self.sigs.pop(key, None)
        if sig is None or sig[-1] != kind:
            sig = self.signature(path, kind)
        if sig is None:
            return check_file(path, kind)
        self.seen.add(key)
        hit = self.entries.get(key)
        if hit is not None and hit[0] == sig:
            return FileCheck(data=hit[1], problems=[tuple(p) for p in hit[2]], keys=hit[3])
        result = check_file(path, kind)
        self.store(path, sig, result)
        return result

    def signature(self, path: Path, kind: str) -> list[Any] | None:
        """Return the cache key of *path*, or None when it cannot be read."""
        try:
            st = path.stat()
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ino, kind]

    def store(self, path: Path, sig: list[Any] | None, result: FileCheck) -> None:
        """Remember *result* for *path* (computed elsewhere, e.g. in a worker process)."""
        if sig is None or self.file is None:
            return
        self.entries[self.key(path)] = [sig, result.data, result.problems, result.keys]
        self.dirty = True

    def prefetch(self, items: list[tuple[Path, str]]) -> None:
        """Check every stale file of *items*, in parallel processes when there are many.

        Parsing is CPU-bound and per file; on a cold cache of thousands of files
        spreading it over the cores is the only way to go faster. Each file is
        stat'ed once here; :meth:`check` then hands the result on.
        """
        todo: list[tuple[Path, str, list[Any] | None]] = []
        for path, kind in items:
            sig = self.signature(path, kind) if self.file is not None else None
            key = self.key(path)
            hit = self.entries.get(key) if sig is not None else None
            if sig is not None:
                self.sigs[key] = sig
            if hit is None or hit[0] != sig:
                todo.append((path, kind, sig))
        workers = min(os.cpu_count() or 1, 8) if hasattr(os, "fork") else 1
        if len(todo) < PARALLEL_FROM or workers < 2:
            results: Iterable[FileCheck] = (check_file(path, kind) for path, kind, _ in todo)
        else:
            results = self._in_parallel([(p, k) for p, k, _ in todo], workers)
        for (path, _kind, sig), result in zip(todo, results, strict=True):
            if self.file is None:
                self.fetched[self.key(path)] = result
            else:
                self.store(path, sig, result)

    @staticmethod
    def _in_parallel(todo: list[tuple[Path, str]], workers: int) -> list[FileCheck]:
        return check_in_parallel(todo, workers)

    def save(self) -> None:
        """Write the cache back when it changed; drop entries of files that are gone."""
        if self.file is None:
            return
        # Entries this run did not read are kept unless their file is gone.
        stale = {name for name in set(self.entries) - self.seen if not os.path.exists(name)}
        if not self.dirty and not stale:
            return
        for name in stale:
            del self.entries[name]
        try:
            self.file.parent.mkdir(exist_ok=True)
            text = json.dumps({"stamp": stamp(), "files": self.entries}, ensure_ascii=False)
            yamlio.atomic_write(self.file, text)
        except OSError:
            pass  # a cache that cannot be written is only slower


def read_folder(cache: ParseCache, folder: Path, kind: str) -> dict[str, tuple[Path, FileCheck]]:
    """Return stem → (path, check) for every ``*.yaml`` file of *folder*, through *cache*."""
    paths = list(yamlio.iter_yaml_files(folder))
    cache.prefetch([(p, kind) for p in paths])
    return {path.stem: (path, cache.check(path, kind)) for path in paths}


def read_document_files(root: Path) -> dict[str, dict[str, tuple[Path, FileCheck]]]:
    """Return kind ("clause", "amendment") → stem → (path, check) for the document
    at *root*, through its parse cache, which is saved. Raises nothing for a bad
    file: its check holds the problems, and each caller decides what they mean."""
    cache = ParseCache(root, enabled=True)
    files = {
        kind: read_folder(cache, root / folder, kind)
        for folder, kind in ((CLAUSES, "clause"), (AMENDMENTS, "amendment"))
    }
    cache.save()
    return files


def memo_file(root: Path, name: str) -> Path | None:
    """Return where a whole-document answer called *name* is cached (None outside git)."""
    path = memo_path(root, name)
    return None if path is None else Path(path)


def read_memo(path: StrPath | None, key: str | None) -> Any:
    """Return the value cached at *path* under *key*, or None."""
    if path is None or key is None:
        return None
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw.get("value") if isinstance(raw, dict) and raw.get("key") == key else None


def write_text_memo(path: StrPath | None, key: str | None, text: str) -> None:
    """Cache *text* at *path* under *key*: the key on the first line, then the text as it is
    (a long text is read back without decoding JSON: :func:`memo.read_text_memo`)."""
    if path is None or key is None or "\n" in key:
        return
    try:
        path = Path(path)
        path.parent.mkdir(exist_ok=True)
        yamlio.atomic_write(path, f"{key}\n{text}")
    except OSError:
        pass


def write_memo(path: StrPath | None, key: str | None, value: Any) -> None:
    """Cache *value* at *path* under *key* (silently skipped when it cannot be written)."""
    if path is None or key is None:
        return
    try:
        path = Path(path)
        path.parent.mkdir(exist_ok=True)
        yamlio.atomic_write(path, json.dumps({"key": key, "value": value}, ensure_ascii=False))
    except OSError:
        pass


# --------------------------------------------------------------- laid-out PDF units

#: How much the PDF unit cache may hold (bytes) before its least recently used
#: entries are removed. ``POA_PDF_CACHE_MB`` overrides it; 0 turns the cache off.
BLOB_CACHE_BYTES = 256 * 1024 * 1024
_BLOB_MAGIC = b"poa-blob/1\n"


class BlobCache:
    """Bytes by name in one folder of ``.git/poa-cache/``, checked, bounded, written atomically.

    Each entry is one file: a magic line, the SHA-256 of the data, the data. An
    entry that is short, has another magic or does not match its checksum (a
    crash, a full disk, a hand edit) is removed and read as missing, so a
    corrupt entry costs a re-computation, never a wrong answer. Reading an entry
    marks it used (its mtime); :meth:`write` then removes the least recently
    used entries until the folder holds at most *limit* bytes. Writes go through
    a temporary file and a rename (:func:`yamlio.atomic_write_bytes`), unsynced:
    an entry lost in a power cut is only re-computed.
    """

    def __init__(self, folder: Path, limit: int = BLOB_CACHE_BYTES) -> None:
        self.folder = folder
        self.limit = limit

    def names(self) -> list[str]:
        """The names of the entries (none when the folder is missing)."""
        try:
            return [e.name for e in os.scandir(self.folder) if not e.name.startswith(".")]
        except OSError:
            return []

    def read(self, name: str) -> bytes | None:
        """The data stored under *name*, or None (missing or corrupt: then removed)."""
        path = self.folder / name
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head = len(_BLOB_MAGIC) + 32
        data = raw[head:]
        if raw[: len(_BLOB_MAGIC)] != _BLOB_MAGIC or raw[len(_BLOB_MAGIC) : head] != (
            hashlib.sha256(data).digest()
        ):
            self.drop(name)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return data

    def write(self, name: str, data: bytes) -> None:
        """Store *data* under *name* (skipped silently when it cannot be written)."""
        if self.limit <= 0 or "/" in name or name.startswith("."):
            return
        try:
            yamlio.atomic_write_bytes(
                self.folder / name, _BLOB_MAGIC + hashlib.sha256(data).digest() + data, sync=False
            )
        except OSError:
            return
        self.trim()

    def drop(self, name: str) -> None:
        """Remove the entry *name*, if any."""
        with contextlib.suppress(OSError):
            (self.folder / name).unlink()

    def trim(self) -> None:
        """Remove the least recently used entries until the folder is within its limit."""
        try:
            entries = [
                (e.stat().st_mtime_ns, e.stat().st_size, e.name) for e in os.scandir(self.folder)
            ]
        except OSError:
            return
        size = sum(s for _, s, _ in entries)
        for _, s, name in sorted(entries):
            if size <= self.limit:
                break
            self.drop(name)
            size -= s


def blob_cache(root: Path, name: str) -> BlobCache | None:
    """The blob cache *name* of the repository holding *root* (None outside git, or off)."""
    gitdir = git_dir_of(root.resolve())
    if gitdir is None:
        return None
    limit = BLOB_CACHE_BYTES
    with contextlib.suppress(ValueError):
        limit = int(os.environ.get("POA_PDF_CACHE_MB") or limit // 2**20) * 2**20
    if limit <= 0:
        return None
    return BlobCache(gitdir / "poa-cache" / name, limit)
