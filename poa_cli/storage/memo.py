"""Where poa keeps whole answers, and the keys that say whether one still holds.

An answer (a validation report, a listing) is kept in ``.git/poa-cache/`` under a
key made of every file's name, size, modification time and inode
(:func:`folder_signature`), poa's stamp (its version, its schemas and the code
that reads files: :func:`stamp`), the working directory and the code whose
answer it is. Every file is statted each time: an edit in place changes a
file's mtime but not its folder's, so nothing cheaper is safe.

This module is the lookup only, in the standard library's cheapest parts (os
and a SHA-1), because a warm ``poa validate`` is little more than this: its
imports are a large share of the command. Writing answers is in
:mod:`poa_cli.storage.cache`; paths are plain strings here.
"""

from __future__ import annotations

import os

from poa_cli import __version__

TYPE_CHECKING = False  # typing itself is not imported: see the module's docstring
if TYPE_CHECKING:
    from hashlib import sha1
else:
    try:  # CPython's own SHA-1: hashlib would first load OpenSSL, a few ms of a warm command
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1

StrPath = str | os.PathLike[str]

_STORAGE = os.path.dirname(os.path.abspath(__file__))
_PACKAGE = os.path.dirname(_STORAGE)
#: The code whose output the parse cache keeps: a change to any drops every answer.
READERS = ("cache.py", "schemas.py", "yamlio.py", "blockyaml.py", "memo.py")


def git_dir(path: StrPath) -> str | None:
    """Return the ``.git`` directory governing the absolute *path*, found without
    running git, or None."""
    folder = os.fspath(path)
    while True:
        dotgit = os.path.join(folder, ".git")
        if os.path.isdir(dotgit):
            return dotgit
        if os.path.isfile(dotgit):  # a worktree or submodule: "gitdir: <path>"
            try:
                with open(dotgit, encoding="utf-8") as f:
                    ref = f.read().strip()
            except OSError:
                return None
            if ref.startswith("gitdir:"):
                target = ref.split(":", 1)[1].strip()
                if os.path.isabs(target):
                    return os.path.normpath(target)
                return os.path.realpath(os.path.join(folder, target))
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def document_key(root: StrPath) -> str:
    """Return a short, stable name for the document at *root* (for its caches and lock)."""
    return sha1(os.path.realpath(root).encode()).hexdigest()[:16]


def memo_path(root: StrPath, name: str) -> str | None:
    """Return where a whole-document answer called *name* is kept (None outside git)."""
    gitdir = git_dir(os.path.realpath(root))
    if gitdir is None:
        return None
    return os.path.join(gitdir, "poa-cache", f"{name}-{document_key(root)}.json")


_stamp: str | None = None


def stamp() -> str:
    """Change whenever poa, its schemas or the code reading files change, so that kept
    parses and answers are dropped."""
    global _stamp
    if _stamp is None:
        parts = [__version__]
        schemas = _schemas_folder()
        for name in sorted(os.listdir(schemas)):
            if name.endswith(".schema.json"):
                st = os.stat(os.path.join(schemas, name))
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        for module in READERS:
            try:
                parts.append(str(os.stat(os.path.join(_STORAGE, module)).st_mtime_ns))
            except OSError:  # installed without sources: the version stands for them
                parts.append("-")
        _stamp = "|".join(parts)
    return _stamp


def _schemas_folder() -> str:
    # As poa_cli.resources.shipped("schemas"): inside the package in a wheel, at the
    # project's top level in a checkout.
    inside = os.path.join(_PACKAGE, "schemas")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(_PACKAGE), "schemas")


def folder_signature(
    root: StrPath,
    *depends_on: StrPath,
    parts: tuple[str, ...] = ("", "clauses", "amendments", "translations"),
) -> str | None:
    """Return a hash of every file's name and stat in the document folder *root*.

    Also hashed: poa's :func:`stamp`, the working directory (diagnostics name paths
    relative to it) and the modification times of *depends_on* (the code whose
    answer is being kept). *parts* are the folders looked at ("" is *root*
    itself; "translations" includes its language folders). None when the folder
    cannot be read.
    """
    root = os.fspath(root)
    extra = "|".join(str(os.stat(p).st_mtime_ns) for p in depends_on)
    h = sha1(f"{stamp()}|{os.getcwd()}|{extra}".encode())
    try:
        folders = [os.path.join(root, part) if part else root for part in parts]
        if "translations" in parts:
            languages = os.path.join(root, "translations")
            folders += [
                os.path.join(languages, name)
                for name in _names(languages)
                if os.path.isdir(os.path.join(languages, name))
            ]
        lines = []
        for folder in folders:
            label = os.path.basename(os.path.normpath(folder))
            names = _names(folder)
            if not names:
                continue
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                for name in names:
                    st = os.stat(name, dir_fd=fd)
                    lines.append(f"{label}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n")
            finally:
                os.close(fd)
        h.update("".join(lines).encode())
    except OSError:
        return None
    return h.hexdigest()


def _names(folder: str) -> list[str]:
    """The names in *folder*, sorted; none when it is missing or a file."""
    try:
        return sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []


def read_text_memo(path: StrPath | None, key: str | None) -> str | None:
    """Return the text kept at *path* under *key* (see
    :func:`poa_cli.storage.cache.write_text_memo`), or None."""
    if path is None or key is None or "\n" in key:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            stored = f.read()
    except (OSError, ValueError):
        return None
    first, newline, text = stored.partition("\n")
    return text if newline and first == key else None
