"""Answers for an unchanged document, found without loading the code that makes them.

The answer is kept in the git directory under a key made of every file's name,
size, modification time and inode (:func:`poa_cli.storage.memo.folder_signature`),
poa's own stamp and the code of the rules. Looking it up needs only
:mod:`poa_cli.storage.memo` (the standard library's os and a SHA-1), so ``poa
validate`` on an unchanged negotiation (what CI and a pre-commit hook run most)
costs little more than a stat of each file; the rules
(:mod:`poa_cli.actions.validate`) load only when something changed, and the
kept diagnostics (:mod:`poa_cli.actions.remembered_results`) only when the
report asked for is not kept. The listing of ``amendments list --format json``
is kept the same way. Answers are written by :func:`poa_cli.storage.cache.write_text_memo`.
"""

from __future__ import annotations

import os

from poa_cli.storage.memo import StrPath, folder_signature, memo_path, read_text_memo

TYPE_CHECKING = False  # typing itself is not imported: a warm validate needs nothing of it
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

_HERE = os.path.dirname(os.path.abspath(__file__))
#: The code whose answer is remembered (a change to it drops every answer).
RULES = os.path.join(_HERE, "validate.py")
LISTING = (
    os.path.join(_HERE, "listing.py"),
    os.path.join(os.path.dirname(_HERE), "data", "proposers.json"),  # the names in the rows
)


Slot = tuple[str | None, str | None]


def slot(root: StrPath) -> Slot:
    """Return where the answer for the document at *root* is kept and its key, as the
    files are now (a changed file gives another key)."""
    memo = memo_path(root, "result")
    return memo, folder_signature(root, RULES) if memo is not None else None


def listing_slot(root: StrPath, filters: tuple[str | None, ...]) -> Slot:
    """Where the JSON rows of ``amendments list`` with *filters* are kept, and their key."""
    memo = memo_path(root, "list")
    if memo is None:
        return None, None
    key = folder_signature(root, *LISTING)
    return memo, None if key is None else f"{key}|{filters!r}"


def recall_text(where: Slot) -> str | None:
    """Return the text kept at *where* (a report or listing as printed), or None."""
    return read_text_memo(*where)


def report_slot(roots: Sequence[Path], fmt: str, slots: Mapping[Path, Slot]) -> Slot:
    """Where the printed report of validating *roots* in *fmt* is kept, and its key (the
    keys of every document's answer in *slots*, so any changed file changes it)."""
    keys = [slots[root][1] for root in roots]
    memo = memo_path(roots[0], "report") if roots else None
    if memo is None or any(k is None for k in keys):
        return None, None
    return memo, f"{fmt}|{'|'.join(k for k in keys if k)}|{[str(r) for r in roots]!r}"
