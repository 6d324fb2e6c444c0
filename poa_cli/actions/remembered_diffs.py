"""A diff between two revisions, kept: the answer never changes (decision 99).

Apart from :mod:`poa_cli.actions.remembered` because finding the two commits
needs the revision tags (:mod:`poa_cli.storage.revisions`), which a warm
``validate`` has no use for.
"""

from __future__ import annotations

from pathlib import Path

from poa_cli.actions.remembered import LISTING, Slot
from poa_cli.storage import revisions
from poa_cli.storage.memo import folder_signature, memo_path
from poa_cli.storage.revisions import WORKING

#: The code that attributes the changes (a change to it drops every kept diff).
HISTORY = Path(__file__).with_name("history.py")


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
    memo = memo_path(root, "diff")
    if memo is None:
        return None, None
    issued = revisions.list_revisions(root)
    a, b = revisions.resolve(root, old, issued), revisions.resolve(root, new, issued)
    base = folder_signature(root, HISTORY, *LISTING[1:], parts=("",))
    if base is None or a.commit is None or b.commit is None:
        return None, None
    tags = ",".join(f"{r.name}={r.commit}" for r in issued)
    return memo, f"{base}|{a.commit}|{b.commit}|{old!r}|{new!r}|{clause!r}|{tags}"
