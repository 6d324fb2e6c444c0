"""Where ``poa site`` writes: the output folder, checked first, replaced at once.

The pages are made by :mod:`poa_cli.render.site`; this module decides whether a
folder may take them and writes them so that a reader (or a web server) never
sees half a site: everything is written into a new folder beside the target,
which then takes the target's place in two renames. A folder is replaced only
when it is empty or holds a site poa wrote (its :data:`MARKER` file says so):
``poa site -o .`` in a repository, or a typo naming a folder of papers, changes
nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from poa_cli.errors import PoaError

#: The file that marks a folder as a site poa wrote.
MARKER = ".poa-site.json"
GENERATOR = "poa site"


def _is_site(folder: Path) -> bool:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == GENERATOR


def check_target(out: Path, document: Path) -> None:
    """Raise PoaError unless *out* may take the site of the document at *document*.

    *out* may be missing, an empty folder, or a site poa wrote before; never a
    file, a symbolic link, the document's folder or one that holds it, or any
    other folder.
    """
    if out.is_symlink():
        raise PoaError(f"{out} is a symbolic link: give the folder itself", path=out)
    if out.exists() and not out.is_dir():
        raise PoaError(f"{out} is a file, not a folder", path=out)
    resolved, doc = out.resolve(), document.resolve()
    if (resolved == doc or resolved in doc.parents) and out.exists():
        raise PoaError(
            f"{out} holds the document {document}: it cannot be replaced by a site", path=out
        )
    if out.is_dir() and any(out.iterdir()) and not _is_site(out):
        raise PoaError(
            f"{out} exists and is not a site poa wrote (no {MARKER}): nothing written",
            path=out,
            hint="give a new or empty folder, or remove this one",
        )


def publish(out: Path, files: Mapping[str, bytes], document: Path) -> int:
    """Write *files* (path relative to the site → bytes) as the folder *out*.

    Built in a new folder beside *out*, then swapped in; a previous site in
    *out* is removed only once the new one is in place. Returns the number of
    files written. Raises PoaError when *out* may not take a site (see
    :func:`check_target`) or cannot be written; then *out* is as it was.
    """
    check_target(out, document)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    except OSError as exc:
        raise PoaError(f"{out}: cannot write: {exc.strerror}", path=out) from None
    old: Path | None = None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(staging, 0o777 & ~mask)  # mkdtemp's 0700 would hide the site from a web server
        for rel, data in sorted(files.items()):
            path = staging / rel
            if ".." in Path(rel).parts or Path(rel).is_absolute():
                raise PoaError(f"refusing to write {rel!r} outside the site")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.rename(out, old / "site")
        try:
            os.rename(staging, out)
        except OSError:
            if old is not None:
                os.rename(old / "site", out)
            raise
    except OSError as exc:
        _clean(staging, old)
        raise PoaError(f"{out}: cannot write: {exc.strerror}", path=out) from None
    except BaseException:
        _clean(staging, old)
        raise
    if old is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
    return len(files)


def _clean(staging: Path, old: Path | None) -> None:
    """Remove what a failed publish left beside the target (never the target)."""
    shutil.rmtree(staging, ignore_errors=True)
    if old is not None and not (old / "site").exists():
        shutil.rmtree(old, ignore_errors=True)
