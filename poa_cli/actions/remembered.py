"""Answers for an unchanged document, found without loading the code that makes them.

The answer is kept in the git directory under a key made of every file's name,
size, modification time and inode (:func:`poa_cli.storage.cache.folder_signature`),
poa's own stamp and the code of the rules. Looking it up needs only the cache and
the diagnostics' types, so ``poa validate`` on an unchanged negotiation (what CI
and a pre-commit hook run most) costs little more than a stat of each file; the
rules (:mod:`poa_cli.actions.validate`) load only when something changed. The
listing of ``amendments list --format json`` is kept the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from poa_cli.domain.diagnostics import Diagnostic, Result, display
from poa_cli.storage import revisions
from poa_cli.storage.cache import (
    folder_signature,
    memo_file,
    read_memo,
    read_text_memo,
    write_memo,
    write_text_memo,
)
from poa_cli.storage.revisions import WORKING

#: The code whose answer is remembered (a change to it drops every answer).
RULES = Path(__file__).with_name("validate.py")
HISTORY = Path(__file__).with_name("history.py")
LISTING = (
    Path(__file__).with_name("listing.py"),
    Path(__file__).parent.parent / "data" / "proposers.json",  # the names in the rows
)


Slot = tuple[Path | None, str | None]


def slot(root: Path) -> Slot:
    """Return where the answer for the document at *root* is kept and its key, as the
    files are now (a changed file gives another key)."""
    memo = memo_file(root, "result")
    return memo, folder_signature(root, RULES) if memo is not None else None


def recall(root: Path, where: Slot | None = None) -> tuple[int, list[Diagnostic]] | None:
    """Return (files checked, diagnostics) as the last run found them, or None."""
    cached = read_memo(*(where or slot(root)))
    if cached is None:
        return None
    return int(cached["files"]), [Diagnostic(**d) for d in cached["diagnostics"]]


def remember(where: Slot, files: int, diagnostics: Sequence[Diagnostic]) -> None:
    """Keep the answer at *where* (from :func:`slot`, taken before the files were read)."""
    answer = {"files": files, "diagnostics": [dict(vars(d)) for d in diagnostics]}
    write_memo(*where, answer)


def collect(parts: Iterable[tuple[Path, int, Sequence[Diagnostic]]]) -> Result:
    """Return the result of a run over several documents, diagnostics in report order."""
    result = Result()
    for root, files, diagnostics in parts:
        result.documents.append(display(root))
        result.files += files
        result.diagnostics.extend(diagnostics)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.column or 0, d.rule))
    return result


def recall_all(roots: Sequence[Path]) -> Result | None:
    """Return the result of validating *roots* when every one is unchanged, else None."""
    parts = []
    for root in roots:
        answer = recall(root)
        if answer is None:
            return None
        parts.append((root, *answer))
    return collect(parts)


def listing_slot(root: Path, filters: Sequence[str | None]) -> Slot:
    """Where the JSON rows of ``amendments list`` with *filters* are kept, and their key."""
    memo = memo_file(root, "list")
    if memo is None:
        return None, None
    key = folder_signature(root, *LISTING)
    return memo, None if key is None else f"{key}|{filters!r}"


def recall_text(where: Slot) -> str | None:
    """Return the listing kept at *where* (the JSON text as printed), or None."""
    return read_text_memo(*where)


def remember_text(where: Slot, text: str) -> None:
    """Keep *text* at *where* (from :func:`listing_slot`, taken before the files were read)."""
    write_text_memo(*where, text)


def diff_slot(root: Path, old: str, new: str, clause: str | None) -> Slot:
    """Where ``poa diff OLD NEW --format json`` is kept, and its key; no key when either
    side is the working text (which changes without a commit).

    Between two commits the changes never change: the key holds both commits, the
    revision tags (their names label the changes), document.yaml (the names of the
    stakeholders) and the code that attributes them. Raises NotFound for an unknown
    revision, as ``diff`` does.
    """
    if WORKING in (old.strip().lower(), new.strip().lower()):
        return None, None
    memo = memo_file(root, "diff")
    if memo is None:
        return None, None
    issued = revisions.list_revisions(root)
    a, b = revisions.resolve(root, old, issued), revisions.resolve(root, new, issued)
    base = folder_signature(root, HISTORY, *LISTING[1:], parts=("",))
    if base is None or a.commit is None or b.commit is None:
        return None, None
    tags = ",".join(f"{r.name}={r.commit}" for r in issued)
    return memo, f"{base}|{a.commit}|{b.commit}|{old!r}|{new!r}|{clause!r}|{tags}"
