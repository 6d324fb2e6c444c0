"""Renumbering an amendment: the way out when two clones chose the same id.

Amendment ids are ``<proposer code>-<n>`` so that delegations working in their own
clones rarely collide; two drafters of one delegation, each offline, can still
both create ``DNK-2``. Git then reports an add/add conflict on
``amendments/DNK-2.yaml`` when the second one pulls, and ``poa validate`` names the
file (its merge-conflict markers).

:func:`renumber` resolves it without losing either text: the version already
published (the one that came from the remote: "theirs" in a merge, "ours" in a
rebase) keeps the id, since other delegations may already cite it; the local
version moves to the next id free in this clone, in every branch and
remote-tracking branch, and in the history; sub-amendments drafted locally
against it follow it. In a merge with no other conflict left the merge is
committed; in a rebase the drafter continues it (``git rebase --continue``).

Outside a merge, ``renumber`` simply gives a pending amendment the next free id
(one commit), e.g. when ``validate`` reports two ids that differ only in case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from poa_cli.actions.amendments import used_numbers
from poa_cli.domain.model import AMENDMENT_ID_RE
from poa_cli.errors import Conflict, GitError, PoaError
from poa_cli.storage import codec, layout, store, transaction, vcs, yamlio
from poa_cli.storage.revisions import repo_path


@dataclass(frozen=True)
class Renumbered:
    """What ``poa draft renumber`` did."""

    old: str
    new: str
    mode: str  # "merge", "rebase" or "plain"
    commit: str | None
    retargeted: tuple[str, ...]
    summary: str
    next_step: str | None = None


def _numbers_elsewhere(root: Path, prefix: str, extra: list[str]) -> set[int]:
    """Numbers of ``<prefix>-<n>`` in every branch, remote-tracking branch and *extra* commit."""

    rel = repo_path(root)
    folder = f"{rel}/{layout.AMENDMENTS}" if rel else layout.AMENDMENTS
    pattern = re.compile(rf"^{re.escape(prefix)}-([1-9][0-9]*)\.yaml$", re.IGNORECASE)
    found: set[int] = set()
    for commit in {*vcs.other_heads(root), *extra}:
        for path in vcs.list_files(root, commit, folder) or {}:
            m = pattern.match(path.rsplit("/", 1)[-1])
            if m:
                found.add(int(m.group(1)))
    return found


def _next_free(root: Path, old: str, extra: list[str]) -> str:
    prefix, _, _ = old.rpartition("-")
    used = used_numbers(root, prefix) | _numbers_elsewhere(root, prefix, extra)
    n = max(used, default=0) + 1
    while layout.amendment_path(root, f"{prefix}-{n}").exists():
        n += 1
    return f"{prefix}-{n}"


def renumber(root: Path, amendment_id: str, *, commit: bool = True) -> Renumbered:
    """Give amendment *amendment_id* the next free id (see the module docstring).

    Raises NotFound for an unknown id, Conflict for an amendment already decided
    (outside a merge) or a merge conflict this cannot resolve, GitError when git
    refuses. Nothing is left half-done: on failure every file is put back.
    """
    if not AMENDMENT_ID_RE.match(amendment_id):
        raise PoaError(f"'{amendment_id}' is not an amendment id", hint="e.g. DNK-2")
    state = vcs.merge_state(root)
    if state is not None:
        with transaction.lock(root):
            return _in_conflict(root, amendment_id, state, commit)
    return _plain(root, amendment_id, commit)


def _plain(root: Path, old: str, commit: bool) -> Renumbered:
    with transaction.transaction(root, commit=commit) as tx:
        a = store.load_amendment(root, old)
        if a.status != "proposed":
            raise Conflict(
                f"{old} is {a.status}; only a pending amendment can be renumbered",
                path=a.path,
                hint="decided amendments are cited by revisions and must keep their id",
            )
        new = _next_free(root, old, [])
        old_path, new_path = layout.amendment_path(root, old), layout.amendment_path(root, new)
        tx.write(new_path, old_path.read_text(encoding="utf-8"))
        tx.write(new_path, codec.amendment_with(new_path, "id", new))
        tx.delete(old_path)
        retargeted = []
        for other in store.load_amendments(root).values():
            if other.target == old and other.id != new and other.path is not None:
                tx.write(other.path, codec.amendment_with(other.path, "target", new))
                retargeted.append(other.id)
        tx.subject = f"Renumber amendment {old} as {new}"
        tx.trailers = [("Amendment", new), ("Renumbered-from", old)]
    return Renumbered(old, new, "plain", tx.sha, tuple(retargeted), f"{old} is now {new}", None)


def _in_conflict(root: Path, old: str, state: str, commit: bool) -> Renumbered:
    rel = repo_path(root)
    old_path = layout.amendment_path(root, old)
    top_rel = f"{rel}/{layout.AMENDMENTS}/{old}.yaml" if rel else f"{layout.AMENDMENTS}/{old}.yaml"
    stages = vcs.unmerged_stages(root, top_rel)
    if 2 not in stages or 3 not in stages:
        if stages:
            raise Conflict(
                f"{old} is in conflict but not added on both sides (one side deleted it)",
                path=old_path,
                hint="resolve it with git (git checkout --ours/--theirs, git add)",
            )
        raise Conflict(
            f"{old} is not in conflict, and a {state} is in progress",
            path=old_path,
            hint=f"finish the {state} first, then run 'poa draft renumber' again",
        )
    # The published version keeps the id: the remote's ("theirs") in a merge; in a
    # rebase the upstream is replayed onto first, so it is stage 2 ("ours").
    keep_stage, move_stage = (3, 2) if state == "merge" else (2, 3)
    objects = vcs.read_objects(root, [stages[keep_stage], stages[move_stage]])
    kept, moved = objects.get(stages[keep_stage]), objects.get(stages[move_stage])
    if kept is None or moved is None:
        raise GitError(f"cannot read the two versions of {old} from the index", path=old_path)
    for raw in (kept[1], moved[1]):
        yamlio.parse(yamlio.decode(raw, old_path), old_path)  # both must be sound YAML
    extra = [c for c in (vcs.resolve_commit(root, "MERGE_HEAD"),) if c]
    new = _next_free(root, old, extra)
    new_path = layout.amendment_path(root, new)
    saved: dict[Path, bytes | None] = {}
    touched: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        transaction.check_not_frozen(root, [path])  # no new proposal lands under silence
        if path not in saved:
            saved[path] = path.read_bytes() if path.exists() else None
            touched.append(path)
        yamlio.atomic_write_bytes(path, data)

    retargeted: list[str] = []
    try:
        write(old_path, kept[1])
        write(new_path, moved[1])
        write(new_path, codec.amendment_with(new_path, "id", new).encode("utf-8"))
        for path in _ours_added(root, state, rel):
            if path.resolve() in (old_path.resolve(), new_path.resolve()) or not path.is_file():
                continue
            data = yamlio.load(path)
            if isinstance(data, dict) and data.get("target") == old:
                write(path, codec.amendment_with(path, "target", new).encode("utf-8"))
                retargeted.append(path.stem)
        repo = vcs.repository(root)
        vcs.stage(repo, touched)
        remaining = vcs.unmerged_paths(root)
        sha: str | None = None
        next_step: str | None = None
        if state == "rebase":
            next_step = "run 'git rebase --continue'"
        elif remaining:
            next_step = f"resolve {', '.join(remaining[:5])}, then 'git commit'"
        elif commit:
            message = (
                f"Merge, renumbering our amendment {old} as {new}\n\n"
                f"Both sides had created {old}; the published one keeps the id.\n\n"
                f"Amendment: {new}\nRenumbered-from: {old}"
            )
            sha = vcs.commit_staged(repo, message)
        else:
            next_step = "run 'git commit' to conclude the merge"
    except BaseException:
        for path, data in reversed(list(saved.items())):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                yamlio.atomic_write_bytes(path, data)
        raise
    summary = f"kept the published {old}; ours is now {new}"
    return Renumbered(old, new, state, sha, tuple(retargeted), summary, next_step)


def _ours_added(root: Path, state: str, rel: str) -> list[Path]:
    """Amendment files our side added since the common ancestor (merge only)."""
    if state != "merge":
        return []
    theirs = vcs.resolve_commit(root, "MERGE_HEAD")
    head = vcs.resolve_commit(root, "HEAD")
    if theirs is None or head is None:
        return []
    base = vcs.merge_base(root, head, theirs)
    if base is None:
        return []
    folder = f"{rel}/{layout.AMENDMENTS}" if rel else layout.AMENDMENTS
    top = vcs.toplevel(root)
    if top is None:
        return []
    return [top / p for p in vcs.added_between(root, base, head, folder)]


def describe(result: Renumbered) -> list[str]:
    """Lines for the terminal."""
    lines = [result.summary + (f" [{result.commit[:10]}]" if result.commit else "")]
    if result.retargeted:
        lines.append(f"sub-amendments now amending {result.new}: {', '.join(result.retargeted)}")
    if result.next_step:
        lines.append(f"next: {result.next_step}")
    return lines
