"""The document lock and transactions: every change is atomic, serialised and committed.

Every write happens inside :func:`transaction`: it takes the lock, checks the git
tree, writes each file atomically, commits, makes the annotated tags asked for
(:meth:`Transaction.tag`), and on any failure puts every file back as it was (a
commit whose tag git refuses is taken back first), so a refused or interrupted
command changes nothing on disk. A command that computes its whole change first
hands it over as one :class:`Change` (:meth:`Transaction.apply`).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from poa_cli import interrupts
from poa_cli.domain import silence
from poa_cli.errors import Conflict, GitError, LockTimeout, PoaError
from poa_cli.storage import vcs, yamlio
from poa_cli.storage.layout import AMENDMENTS, CLAUSES, DOCUMENT_FILE, document_key
from poa_cli.storage.store import load_silence
from poa_cli.storage.vcs import git_dir_of

LOCK_TIMEOUT = 60.0


@contextlib.contextmanager
def lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the repository's poa lock (or the document's, outside git) while inside.

    The lock is an ``flock`` on ``.git/poa.lock``: the kernel drops it when the
    holder dies, even by SIGKILL, so a crash never leaves a lock that blocks the
    next command. Raises LockTimeout after *timeout* seconds of waiting.
    """
    gitdir = git_dir_of(root.resolve())
    if gitdir is not None:
        lock_file = gitdir / "poa.lock"
    else:  # outside git, nothing may appear in the document folder: the lock lives in /tmp
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


@dataclass(frozen=True)
class Tag:
    """An annotated tag made once the transaction's commit stands."""

    name: str
    message: str
    commit: str | None = None  # None: the transaction's own commit


@dataclass(frozen=True)
class Change:
    """Everything one command changes, computed before anything is written.

    The files to write (path, new text) and to delete, the commit message, the
    tags to make, and whether the commit is made even when no file changed (a
    revision is a commit, whatever it changed).
    """

    writes: tuple[tuple[Path, str], ...] = ()
    deletes: tuple[Path, ...] = ()
    subject: str = ""
    body: str = ""
    trailers: tuple[tuple[str, str], ...] = ()
    tags: tuple[Tag, ...] = ()
    allow_empty: bool = False


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
    tags: list[Tag] = field(default_factory=list)
    allow_empty: bool = False
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
        files flushes them all at once with :func:`poa_cli.storage.yamlio.sync_all`).
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

    def tag(self, name: str, message: str, commit: str | None = None) -> None:
        """Ask for the annotated tag *name* on *commit* (default: this transaction's commit).

        Tags are made right after the commit, the commit and its tags standing
        together or not at all: when git refuses a tag, the tags already made are
        deleted, the commit is taken back and the files put back as they were.
        """
        self.tags.append(Tag(name, message, commit))

    def apply(self, change: Change) -> None:
        """Write and delete the files of *change* and take its message and tags.

        The whole batch is journaled once, before the first write.
        """
        self.remember([p for p, _ in change.writes] + list(change.deletes))
        for path, text in change.writes:
            self.write(path, text)
        for path in change.deletes:
            self.delete(path)
        self.subject, self.body = change.subject, change.body
        self.trailers = list(change.trailers)
        self.tags.extend(change.tags)
        self.allow_empty = self.allow_empty or change.allow_empty

    @property
    def paths(self) -> Sequence[Path]:
        """Every path this transaction touched, in order."""
        return tuple(self._order)

    def rollback(self) -> None:
        """Put every touched file back as it was before the transaction."""
        _restore(self._saved)


def frozen_reason(root: Path) -> str | None:
    """Why the text of the document at *root* may not change now, or None when it may.

    Raises YamlError or SchemaError for a silence.yaml poa cannot read.
    """
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
    gitdir = git_dir_of(root.resolve())
    if gitdir is not None:
        return gitdir / "poa-journal.json"
    return Path(tempfile.gettempdir()) / f"poa-{document_key(root)}-journal.json"


def _recover(root: Path, journal: Path) -> None:
    """Undo what a poa process that died mid-transaction left behind (under the lock)."""
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
        # Names only, no pattern matching per entry: the amendments folder holds thousands.
        for name in yamlio.folder_names(folder):
            if name.startswith(".") and name.endswith(".tmp"):
                (folder / name).unlink(missing_ok=True)


@contextlib.contextmanager
def transaction(
    root: Path, *, commit: bool = True, new_repository: bool = False
) -> Iterator[Transaction]:
    """Run the body under the lock; commit what it wrote, or undo it all on failure.

    With *commit*, the git tree is checked first (see :func:`poa_cli.storage.vcs.preflight`)
    and nothing is written when it is not fit; *new_repository* says the command has
    just run ``git init`` there itself, so there is nothing to check (no commit, nothing
    staged, no operation under way) and git is not asked. The body sets ``tx.subject`` (and
    optionally ``body`` and ``trailers``) for the commit message, and may ask for
    tags (:meth:`Transaction.tag`). Nothing is committed when no file was touched,
    unless ``tx.allow_empty`` or a tag asks for a commit. Raises whatever the body
    or git raised, after rolling back; Ctrl-C rolls back too. Without *commit*,
    the files are written and nothing is committed or tagged.
    """
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
                if tx.tags:
                    raise ValueError("a transaction without a commit cannot tag")
            else:
                repo = vcs.repository(root)
                others_staged = False if new_repository else vcs.preflight(repo, root)
                try:
                    yield tx
                    if tx.paths or tx.allow_empty or tx.tags:
                        with interrupts.deferred():
                            tx.sha = vcs.commit(
                                repo, tx.paths, tx.subject or "poa: update", tx.body,
                                tx.trailers, others_staged=others_staged,
                                allow_empty=tx.allow_empty,
                            )  # fmt: skip
                            _make_tags(repo, tx)
                            journal.unlink(missing_ok=True)
                            interrupts.settle()
                except BaseException:
                    if tx.sha is None:  # once committed (and tagged), the change stands
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


def _make_tags(repo: vcs.Repository, tx: Transaction) -> None:
    """Make the tags *tx* asked for on its new commit; if git refuses one, take it all back.

    Taking back: HEAD returns to the commit before (``update-ref`` checks that
    nothing landed on top), the index too, and the tags already made are
    deleted; ``tx.sha`` becomes None so the caller puts the files back. When the
    commit cannot be taken back (it has no parent, or HEAD moved on), it stands,
    with the tags made so far, and GitError says which tag to make by hand.
    """
    assert tx.sha is not None
    made: list[str] = []
    for tag in tx.tags:
        target = tag.commit or tx.sha
        try:
            vcs.create_tag(repo, tag.name, target, tag.message)
        except BaseException as exc:
            if tx.head is None:
                raise GitError(
                    f"could not create the tag {tag.name}, and the commit {tx.sha[:10]} has "
                    "no parent to go back to",
                    hint=f"tag it yourself: git tag -a {tag.name} {target[:10]}",
                ) from exc
            try:
                vcs.undo_commit(repo, tx.sha, tx.head, tx.paths)
            except PoaError:
                raise GitError(
                    f"could not create the tag {tag.name}, and HEAD moved on so the "
                    f"commit {tx.sha[:10]} stays",
                    hint=f"tag it yourself: git tag -a {tag.name} {target[:10]}",
                ) from exc
            for name in reversed(made):
                with contextlib.suppress(PoaError):
                    vcs.delete_tag(repo, name)
            tx.sha = None
            raise
        made.append(tag.name)
