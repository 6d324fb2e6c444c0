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

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from poa_cli.domain.diagnostics import Diagnostic, Result, display
from poa_cli.storage.cache import (
    folder_signature,
    memo_file,
    read_memo,
    read_text_memo,
    write_memo,
    write_text_memo,
)

#: The code whose answer is remembered (a change to it drops every answer).
RULES = Path(__file__).with_name("validate.py")
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


def recall_all(roots: Sequence[Path], slots: Mapping[Path, Slot]) -> Result | None:
    """Return the result of validating *roots* when every one is unchanged, else None
    (*slots*: each root's :func:`slot`, taken once for the whole command)."""
    parts = []
    for root in roots:
        answer = recall(root, slots[root])
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


def report_slot(roots: Sequence[Path], fmt: str, slots: Mapping[Path, Slot]) -> Slot:
    """Where the printed report of validating *roots* in *fmt* is kept, and its key (the
    keys of every document's answer in *slots*, so any changed file changes it)."""
    keys = [slots[root][1] for root in roots]
    memo = memo_file(roots[0], "report") if roots else None
    if memo is None or any(k is None for k in keys):
        return None, None
    return memo, f"{fmt}|{'|'.join(k for k in keys if k)}|{[str(r) for r in roots]!r}"
