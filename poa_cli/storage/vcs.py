"""The only module that talks to git: the git command line, run as a subprocess.

Every command that changes files ends in one commit whose message says what
happened and whose trailers (``Amendment: DNK-3``, ``Proposed-by: Denmark``) make
``git log`` the minutes of the negotiation. Everything goes through the git CLI:
it was measured 4-10x faster than GitPython's index API, and importing
GitPython alone cost a drafter's command more than its commit
(docs/decisions.md, 4 and 20).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from poa_cli.errors import GitError
from poa_cli.storage import memo


def git_dir_of(path: Path) -> Path | None:
    """Return the ``.git`` directory governing *path*, found without running git, or None."""
    found = memo.git_dir(path)
    return None if found is None else Path(found)


@dataclass(frozen=True)
class Repository:
    """The git repository a document lives in: its git directory and its work tree."""

    git_dir: Path
    work_tree: Path


def repository(path: Path) -> Repository:
    """Return the repository containing *path*.

    Raises GitError when *path* is not inside a git repository, or git cannot
    work in it (a bare repository).
    """
    gitdir = git_dir_of(path.resolve())
    if gitdir is None:
        raise GitError(
            "not inside a git repository",
            path=path,
            hint="run 'git init' there, or pass --no-commit",
        )
    if gitdir.name == ".git":  # the usual layout: no need to ask git
        top: str | None = str(gitdir.parent)
    else:  # a worktree or submodule
        top = (_query(path, "rev-parse", "--show-toplevel") or "").strip() or None
    if top is None:
        raise GitError(
            "git cannot work in this repository (is it a bare repository, or is git missing?)",
            path=path,
        )
    return Repository(git_dir=gitdir, work_tree=Path(top))


def init(path: Path) -> bool:
    """Run ``git init`` in *path* unless it is already inside a repository.

    Returns True when a new repository was created. Raises GitError when git fails.
    """
    if git_dir_of(path.resolve()) is not None:
        return False
    _run(path, ["init", "--quiet", "--initial-branch=main"])
    return True


def _run(cwd: Path, args: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """Run ``git *args`` in *cwd* and return stdout; raise GitError with git's reason."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False,
            env={**os.environ, **(env or {})}, timeout=300,
        )  # fmt: skip
    except FileNotFoundError:
        raise GitError("git is not installed (poa needs the git command)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish in 300 s") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()
        reason = next(
            (ln.strip().removeprefix("fatal: ").removeprefix("error: ") for ln in detail if ln),
            f"git {args[0]} failed",
        )
        raise GitError(f"git {args[0]} failed: {reason}")
    return proc.stdout


def _git(repo: Repository, *args: str) -> str:
    return _run(repo.work_tree, args)


def _no_identity() -> GitError:
    return GitError(
        "git does not know who you are, so poa cannot commit",
        hint="run: git config user.name 'Your Name' && git config user.email you@example.org"
        " (or pass --no-commit)",
    )


def preflight(repo: Repository, folder: Path, *, ours: Iterable[Path] = ()) -> bool:
    """Check that a command may write in *folder* and commit; raise GitError if not.

    Refuses: a detached HEAD; a merge, rebase, cherry-pick or revert in
    progress; a stale ``index.lock``; uncommitted changes in *folder* other than
    the paths in *ours* (the message lists them). Returns whether anything is
    staged anywhere in the repository (then :func:`commit` must name its paths).
    """
    gitdir = repo.git_dir
    for marker, what in (
        ("MERGE_HEAD", "a merge"),
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
    ):
        if (gitdir / marker).exists():
            raise GitError(
                f"{what} is in progress in this repository",
                path=folder,
                hint="finish it or abort it first, then run poa again",
            )
    if _head_ref(gitdir) is None:
        raise GitError(
            "HEAD is detached: a commit made here would belong to no branch",
            path=folder,
            hint="check out a branch first, e.g. 'git switch main'",
        )
    if _wait_gone(gitdir / "index.lock", seconds=5.0):
        raise GitError(
            "git's index.lock exists: another git process is running, or one crashed",
            path=gitdir / "index.lock",
            hint="if no git command is running, delete that file",
        )
    # (A missing author identity is found by the commit itself, which then fails
    # with the same message; the transaction puts every file back.)
    dirty, staged = changed_files(repo, folder)
    mine = {p.resolve() for p in ours}
    unrelated = [p for p in dirty if p.resolve() not in mine]
    if unrelated:
        root = repo.work_tree
        names = ", ".join(str(p.relative_to(root)) for p in unrelated[:5])
        more = f" and {len(unrelated) - 5} more" if len(unrelated) > 5 else ""
        raise GitError(
            f"uncommitted changes in the document: {names}{more}",
            path=unrelated[0],
            hint="commit or stash them first, or pass --no-commit",
        )
    return staged


def _wait_gone(path: Path, seconds: float) -> bool:
    """Return True if *path* still exists after waiting up to *seconds* for it to go.

    A git child of a poa process that was killed may still be finishing its
    commit; its index.lock disappears within moments.
    """
    import time

    deadline = time.monotonic() + seconds
    while path.exists():
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)
    return False


def changed_files(repo: Repository, folder: Path) -> tuple[list[Path], bool]:
    """Return the files under *folder* that differ from HEAD or are untracked, and
    whether anything at all is staged in the repository.

    One ``git status`` of the whole work tree answers both. Untracked folders
    outside the document are not walked (``--untracked-files=normal``).
    """
    out = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=normal")
    root = repo.work_tree
    top = folder.resolve()
    files: list[Path] = []
    staged = False
    entries = out.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        status, name = entry[:2], entry[3:]
        if status[0] in "RC":  # a rename carries its old name as the next entry
            i += 1
        if status[0] not in " ?!":
            staged = True
        path = root / name
        resolved = path.resolve()
        if resolved == top or top in resolved.parents:
            if status == "??" and not _document_file(resolved, top):
                continue  # a paper printed into the document (build/…): not the text
            files.append(path)
    return files, staged


# What an untracked path must be for poa to count it as part of the document:
# a YAML file, or one of the document's own folders. Papers printed into the
# document folder (build/L1.pdf, comp.html) never block a command.
_DOCUMENT_FOLDERS = ("clauses", "amendments", "translations")


def _document_file(path: Path, top: Path) -> bool:
    if path.suffix in (".yaml", ".yml"):
        return True
    rel = path.relative_to(top).parts if path != top else ()
    return bool(rel) and rel[0] in _DOCUMENT_FOLDERS


def commit(
    repo: Repository,
    paths: Sequence[Path],
    subject: str,
    body: str = "",
    trailers: Sequence[tuple[str, str]] = (),
    *,
    others_staged: bool = True,
    allow_empty: bool = False,
) -> str:
    """Stage *paths* (new, changed or deleted) and commit only them; return the commit sha.

    When nothing else was staged (*others_staged* False, as :func:`preflight`
    found), the index holds only these changes and a plain commit takes them:
    on a large tree that is twice as fast as ``git commit -- paths``, which
    rebuilds a temporary index from HEAD. With no *paths* and *allow_empty*, the
    commit is empty (a revision that changed no file: a zero draft cut from a
    committed text), and ``--only`` leaves anything else staged out of it.
    Raises GitError when git refuses (the message gives git's reason).
    """
    message = subject.strip()
    if body.strip():
        message += "\n\n" + body.strip()
    if trailers:
        message += "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers)
    names = [str(p) for p in paths]
    if names:
        _git(repo, "add", "--all", "--", *names)
        only = ["--", *names] if others_staged else []
    elif allow_empty:
        only = ["--only", "--allow-empty"]
    else:
        raise GitError("nothing to commit")
    try:
        _git(repo, "commit", "--quiet", "--no-verify", "-m", message, *only)
    except GitError as exc:
        if any(s in exc.message for s in ("tell me who you are", "ident", "email address")):
            raise _no_identity() from None
        raise
    sha = head_sha(repo.work_tree)
    if sha is None:
        raise GitError("git commit left no HEAD")
    return sha


def unstage(repo: Repository, paths: Sequence[Path]) -> None:
    """Take *paths* out of the index again (after a commit that failed)."""
    unstage_paths(repo.work_tree, paths)


def _query(cwd: Path, *args: str) -> str | None:
    """Run a read-only git query in *cwd*; return stdout, or None outside a repo or on failure."""
    out = _run_bytes(cwd, args)
    return out.decode("utf-8", errors="replace") if out is not None else None


def deleted_names(folder: Path, pattern: str) -> set[str]:
    """Return the base names of files matching *pattern* (relative to *folder*) that the
    history of HEAD once had and that were deleted since."""
    out = _query(folder, "log", "--diff-filter=D", "--name-only", "--format=", "--", pattern)
    return {Path(line).name for line in (out or "").splitlines() if line.strip()}


def latest_revision(folder: Path, document_id: str) -> str | None:
    """Return the newest ``rev-N`` tagged for *document_id* (``<id>/rev-N``), or None.

    See :func:`revision_tags` for where the tags are read.
    """
    best: tuple[int, str] | None = None
    for tag in revision_tags(folder, document_id):
        name = tag.rsplit("/", 1)[-1]
        number = name.removeprefix("rev-")
        if number.isdigit() and (best is None or int(number) > best[0]):
            best = (int(number), name)
    return best[1] if best else None


def revision_tags(folder: Path, document_id: str, *, ask_git: bool = False) -> list[str]:
    """Return the names of the tags under ``<document_id>/`` (``rev-2`` …), unsorted.

    In a plain repository whose refs are files, they are read where git keeps
    them (``refs/tags/<id>/`` and ``packed-refs``), which spares a drafter's
    command one git process. Anywhere else (a worktree, whose tags live in the
    main git directory; the reftable format of git 2.45+, where those files do
    not exist) and with *ask_git*, git is asked. A test keeps both answers equal.
    """
    gitdir = git_dir_of(folder.resolve())
    if gitdir is None:
        return []
    if ask_git or (gitdir / "commondir").exists() or not _refs_are_files(gitdir):
        out = _query(folder, "tag", "--list", f"{document_id}/rev-*")
        return [tag.rsplit("/", 1)[-1] for tag in (out or "").split()]
    tags = [p.name for p in (gitdir / "refs" / "tags" / document_id).glob("rev-*")]
    try:
        packed = (gitdir / "packed-refs").read_text(encoding="utf-8")
    except OSError:
        packed = ""
    prefix = f"refs/tags/{document_id}/rev-"
    for line in packed.splitlines():
        ref = line.split(" ", 1)[-1]
        if ref.startswith(prefix):
            tags.append(ref[len(prefix) - len("rev-") :])
    return tags


def _refs_are_files(gitdir: Path) -> bool:
    """True when the repository keeps its refs as files (git's "files" backend).

    A reftable repository (``git init --ref-format=reftable``) has a ``reftable/``
    folder and says ``refStorage = reftable`` in its config.
    """
    if (gitdir / "reftable").exists():
        return False
    try:
        config = (gitdir / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "refstorage" not in config.lower()


def _head_ref(gitdir: Path) -> str | None:
    """Return the branch HEAD is on (``refs/heads/main``), or None when it is detached.

    Read from ``HEAD`` itself, as git stores it: ``ref: refs/heads/main``.
    """
    try:
        head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return head[5:].strip() if head.startswith("ref:") else None


def head_sha(folder: Path) -> str | None:
    """Return the sha HEAD points at, or None (no repository, or no commit yet).

    The loose ref file is read directly when there is one (the usual case after
    a commit); anything else (packed refs, a detached HEAD) asks git.
    """
    gitdir = git_dir_of(folder.resolve())
    if gitdir is None:
        return None
    ref = _head_ref(gitdir)
    if (
        ref is not None
        and ref.startswith("refs/heads/")
        and not (gitdir / "commondir").exists()  # a worktree keeps its refs elsewhere
    ):
        try:
            sha = (gitdir / ref).read_text(encoding="ascii").strip()
            if len(sha) in (40, 64) and all(c in "0123456789abcdef" for c in sha):
                return sha
        except FileNotFoundError:
            # No loose ref, no packed refs, refs kept as files: the branch is unborn
            # (a repository without a commit yet), no need to ask git.
            if not (gitdir / "packed-refs").exists() and not (gitdir / "reftable").exists():
                return None
        except (OSError, UnicodeDecodeError):
            pass
    out = _query(folder, "rev-parse", "--verify", "--quiet", "HEAD")
    return out.strip() if out else None


def unstage_paths(folder: Path, paths: Sequence[Path]) -> None:
    """Take *paths* out of the index (after an interrupted command); ignore failures."""
    if not paths or git_dir_of(folder.resolve()) is None:
        return
    names = [str(p) for p in paths]
    if head_sha(folder) is None:
        _query(folder, "rm", "--cached", "--quiet", "--ignore-unmatch", "-r", "--", *names)
    else:
        _query(folder, "reset", "--quiet", "HEAD", "--", *names)


def wait_for_index(folder: Path, seconds: float = 5.0) -> None:
    """Wait (up to *seconds*) until no git process holds the index lock of *folder*'s repo."""
    gitdir = git_dir_of(folder.resolve())
    if gitdir is not None:
        _wait_gone(gitdir / "index.lock", seconds)


# --------------------------------------------------------------------------- revisions
#
# Reading the document as it was at a commit, the revision tags, and cutting a
# revision (commit, then annotated tag, undone together when the tag fails).
# Reads run the git CLI directly (as :func:`_query` does): a few processes for a
# whole document, whatever its size.


def _run_bytes(cwd: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes | None:
    """Run ``git *args`` in *cwd* feeding *stdin*; return stdout bytes, or None on failure."""

    if git_dir_of(cwd.resolve()) is None:
        return None
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def toplevel(folder: Path) -> Path | None:
    """Return the top of the work tree holding *folder*, or None outside git."""
    out = _query(folder, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out and out.strip() else None


def resolve_commit(folder: Path, rev: str) -> str | None:
    """Return the full sha of the commit *rev* names (sha, tag, branch, ``HEAD``…), or None.

    A *rev* starting with ``-`` is refused (None): it would be read as an option.
    """
    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n "):
        return None
    out = _query(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    return out.strip() if out and out.strip() else None


def tag_exists(folder: Path, tag: str) -> bool:
    """Return True when the tag *tag* exists."""
    return _query(folder, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}") is not None


@dataclass(frozen=True)
class TagInfo:
    """A tag as git reports it: name, the commit it points at, date (ISO), message."""

    name: str
    commit: str
    date: str
    message: str
    annotated: bool


def tags(folder: Path, pattern: str, *, merged: str | None = None) -> list[TagInfo]:
    """Return the tags matching the glob *pattern* (e.g. ``poa/rev-*``), in no set order.

    With *merged*, only the tags whose commit is *merged* or one of its ancestors.
    """
    sep = "%00"
    fields = sep.join(
        [
            "%(refname:strip=2)",
            "%(objecttype)",
            "%(objectname)",
            "%(*objectname)",
            "%(taggerdate:iso-strict)",
            "%(*committerdate:iso-strict)",
            "%(committerdate:iso-strict)",
            "%(contents)",
            "%(contents:signature)",
        ]
    )
    args = ["for-each-ref", f"--format={fields}%01"]
    if merged is not None:
        args.append(f"--merged={merged}")
    out = _run_bytes(folder, [*args, f"refs/tags/{pattern}"])
    found: list[TagInfo] = []
    for record in (out or b"").decode("utf-8", "replace").split("\x01"):
        parts = record.lstrip("\n").split("\0")
        if len(parts) < 9 or not parts[0]:
            continue
        name, kind, obj, peeled, tagger, peeled_date, own_date, message, signature = parts[:9]
        if signature and message.endswith(signature):  # a signed tag: the words, not the key
            message = message[: -len(signature)]
        annotated = kind == "tag"
        commit = peeled if annotated else obj
        when = (tagger or peeled_date) if annotated else own_date
        found.append(TagInfo(name, commit, when, message.strip() if annotated else "", annotated))
    return found


def list_files(folder: Path, commit: str, *paths: str) -> dict[str, str] | None:
    """Return {path: blob sha} of every file under *paths* (repository-relative) at *commit*.

    None when *commit* cannot be read; an empty dict when no such path existed there.
    """
    specs = [p.rstrip("/") for p in paths if p] or ["."]
    out = _run_bytes(folder, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs])
    if out is None:
        return None
    files: dict[str, str] = {}
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            files[name] = parts[2]
    return files


def read_objects(folder: Path, specs: Sequence[str]) -> dict[str, tuple[str, bytes] | None]:
    """Return (blob sha, content) of each object *spec* (a sha, or ``<commit>:<path>``).

    One ``git cat-file --batch`` for all of them; a missing object maps to None.
    """
    if not specs:
        return {}
    unique = list(dict.fromkeys(specs))
    if any("\n" in s for s in unique):
        raise GitError("an object name holds a line break")
    out = _run_bytes(folder, ["cat-file", "--batch"], ("\n".join(unique) + "\n").encode())
    result: dict[str, tuple[str, bytes] | None] = {}
    if out is None:
        return dict.fromkeys(unique)
    pos = 0
    for spec in unique:
        nl = out.find(b"\n", pos)
        if nl < 0:
            result[spec] = None
            continue
        header = out[pos:nl].split()
        pos = nl + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            result[spec] = (header[0].decode("ascii"), out[pos : pos + size])
            pos += size + 1  # the content is followed by a newline
        else:  # "<spec> missing" or "ambiguous"
            result[spec] = None
    return result


def changed_paths(folder: Path, commits: Sequence[str], path: str) -> dict[str, list[str]]:
    """Return, for each commit of *commits*, the files under *path* it changed vs its parent.

    *path* is relative to the top of the work tree, and so are the files returned.

    One ``git diff-tree --stdin`` for all commits; a root commit lists every file.
    """
    if not commits:
        return {}
    args = ["diff-tree", "--stdin", "-r", "-z", "--root", "--name-only", "--no-renames"]
    spec = f":(top){path}" if path else ":(top)"
    out = _run_bytes(folder, [*args, "--", spec], ("\n".join(commits) + "\n").encode())
    changed: dict[str, list[str]] = {c: [] for c in commits}
    current: str | None = None
    for entry in (out or b"").decode("utf-8", "surrogateescape").split("\0"):
        entry = entry.strip("\n")
        if not entry:
            continue
        if len(entry) == 40 and all(ch in "0123456789abcdef" for ch in entry):
            current = entry
            changed.setdefault(current, [])
        elif current is not None:
            changed[current].append(entry)
    return changed


def parents(folder: Path, commits: Sequence[str]) -> dict[str, str | None]:
    """Return the first parent of each of *commits* (None for a root commit), in one call."""
    if not commits:
        return {}
    out = _query(folder, "rev-list", "--no-walk=unsorted", "--parents", *commits) or ""
    found: dict[str, str | None] = dict.fromkeys(commits)
    for line in out.splitlines():
        shas = line.split()
        if shas:
            found[shas[0]] = shas[1] if len(shas) > 1 else None
    return found


def is_ancestor(folder: Path, ancestor: str, descendant: str) -> bool:
    """Return True when *ancestor* is *descendant* or one of its ancestors."""
    return _query(folder, "merge-base", "--is-ancestor", ancestor, descendant) is not None


def commit_message(folder: Path, commit: str) -> str:
    """Return the full message of *commit* (empty when it cannot be read)."""
    return _query(folder, "log", "-1", "--format=%B", commit) or ""


def create_tag(repo: Repository, name: str, commit: str, message: str) -> None:
    """Create the annotated tag *name* on *commit*, signed when git signs by default.

    Raises GitError if git refuses (the tag exists, the key cannot sign...).
    """
    # A revision tag is the Chair's word: signed whenever git is set up to sign
    # (docs/security.md), so `poa validate --signatures` can check who cut it.
    sign = "--sign" if signs_by_default(repo.work_tree) else "--no-sign"
    _git(repo, "tag", "--annotate", sign, "-m", message, name, commit)


def delete_tag(repo: Repository, name: str) -> None:
    """Delete the tag *name* (one this command made, taken back). Raises GitError."""
    _git(repo, "tag", "--delete", name)


def undo_commit(repo: Repository, commit: str, parent: str, paths: Sequence[Path]) -> None:
    """Take back *commit* (HEAD) to *parent* and unstage *paths*; the files are the caller's.

    ``update-ref`` compares before it swaps: if HEAD moved on since (another
    commit landed on top), nothing is undone and GitError says so.
    """
    _git(repo, "update-ref", "-m", "poa: undo a revision whose tag failed", "HEAD", parent, commit)
    if paths:
        unstage(repo, paths)


# --------------------------------------------------------------------------- merges


def merge_state(folder: Path) -> str | None:
    """Return "merge" or "rebase" when one is in progress in *folder*'s repository, else None."""
    gitdir = git_dir_of(folder.resolve())
    if gitdir is None:
        return None
    if (gitdir / "MERGE_HEAD").exists():
        return "merge"
    if (gitdir / "rebase-merge").exists() or (gitdir / "rebase-apply").exists():
        return "rebase"
    return None


def unmerged_stages(folder: Path, path: str) -> dict[int, str]:
    """Return {stage: blob sha} of the unmerged index entries of *path* (top-relative).

    Stage 1 is the common ancestor, 2 "ours" and 3 "theirs"; empty when *path* is
    not in conflict.
    """
    out = _run_bytes(folder, ["ls-files", "-u", "-z", "--", f":(top){path}"])
    stages: dict[int, str] = {}
    for entry in (out or b"").decode("utf-8", "surrogateescape").split("\0"):
        meta, _, _name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[2].isdigit():
            stages[int(parts[2])] = parts[1]
    return stages


def unmerged_paths(folder: Path) -> list[str]:
    """Return the top-relative paths still in conflict in the index."""
    out = _run_bytes(folder, ["diff", "--name-only", "-z", "--diff-filter=U"])
    return sorted({p for p in (out or b"").decode("utf-8", "surrogateescape").split("\0") if p})


def other_heads(folder: Path) -> list[str]:
    """Return the commits of every branch and remote-tracking branch (to see others' ids)."""
    out = _query(folder, "for-each-ref", "--format=%(objectname)", "refs/heads", "refs/remotes")
    return sorted(set((out or "").split()))


def added_between(folder: Path, base: str, tip: str, path: str) -> list[str]:
    """Return the top-relative files under *path* added from *base* to *tip*."""
    out = _run_bytes(
        folder,
        ["diff", "--name-only", "-z", "--diff-filter=A", base, tip, "--", f":(top){path}"],
    )
    return [p for p in (out or b"").decode("utf-8", "surrogateescape").split("\0") if p]


def merge_base(folder: Path, a: str, b: str) -> str | None:
    """Return the best common ancestor of *a* and *b*, or None."""
    out = _query(folder, "merge-base", a, b)
    return out.strip() if out and out.strip() else None


def stage(repo: Repository, paths: Sequence[Path]) -> None:
    """``git add`` *paths* (new, changed or deleted), marking conflicts on them resolved."""
    if paths:
        _git(repo, "add", "--all", "--", *[str(p) for p in paths])


def commit_staged(repo: Repository, message: str) -> str:
    """Commit the index as it stands (concluding a merge); return the new sha."""
    _git(repo, "commit", "--quiet", "--no-verify", "-m", message)
    return _git(repo, "rev-parse", "HEAD").strip()


def commit_messages(folder: Path, commits: Sequence[str]) -> dict[str, str]:
    """Return the full message of each of *commits*, in one ``git log --no-walk``."""
    if not commits:
        return {}
    out = _run_bytes(folder, ["log", "--no-walk=unsorted", "--format=%H%n%B%x00", *commits])
    found: dict[str, str] = {}
    for record in (out or b"").decode("utf-8", "replace").split("\0"):
        sha, _, body = record.strip("\n").partition("\n")
        if sha:
            found[sha.strip()] = body
    return found


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class CommitChanges:
    """A commit that touched a folder: its parents and the files it changed there."""

    sha: str
    parents: tuple[str, ...]
    #: (status letter(s), top-relative path): ``A``, ``M``, ``D``; a merge's combined
    #: diff lists only what differs from every parent (an "evil" merge).
    changes: tuple[tuple[str, str], ...]


def commits_touching(folder: Path, path: str) -> list[CommitChanges]:
    """Return every commit reachable from HEAD that changed files under *path*, oldest first.

    *path* is relative to the top of the work tree. One ``git log``; merges are listed
    with the files their combined diff shows (none when the merge only joined others' work).
    """
    spec = f":(top){path}" if path else ":(top)"
    out = _run_bytes(
        folder,
        [
            "-c", "core.quotePath=false", "log", "--reverse", "--no-renames", "--name-status",
            "--diff-merges=dense-combined", "--format=%x00%H %P", "--", spec,
        ],
    )  # fmt: skip
    found: list[CommitChanges] = []
    for record in (out or b"").decode("utf-8", "surrogateescape").split("\0"):
        lines = [ln for ln in record.splitlines() if ln.strip()]
        if not lines:
            continue
        shas = lines[0].split()
        changes: list[tuple[str, str]] = []
        for ln in lines[1:]:
            status, _, name = ln.partition("\t")
            if name:
                changes.append((status.strip(), name.split("\t")[-1]))
        found.append(CommitChanges(shas[0], tuple(shas[1:]), tuple(changes)))
    return found


@dataclass(frozen=True)
class SignatureCheck:
    """What git says of one signature: its status letter (``%G?``) and key fingerprint."""

    status: str
    fingerprint: str


def check_signatures(
    folder: Path, commits: Sequence[str], allowed_signers: Path
) -> dict[str, SignatureCheck]:
    """Return git's verdict on the signature of each of *commits*, against *allowed_signers*.

    git verifies (it runs ``ssh-keygen -Y verify`` or gpg itself); the status letters
    are ``git log``'s ``%G?``: G good, U good but the key is not trusted for any
    principal, N no signature, B bad, X/Y expired, R revoked, E cannot be checked.
    One ``git log --no-walk`` for all commits.
    """
    if not commits:
        return {}
    try:
        # No time limit: git runs ssh-keygen once per signature, which takes what it takes.
        proc = subprocess.run(
            [
                "git", "-c", f"gpg.ssh.allowedSignersFile={allowed_signers}",
                "log", "--no-walk=unsorted", "--stdin", "--format=%H %G? %GK",
            ],
            cwd=folder, input=("\n".join(commits) + "\n").encode(),
            capture_output=True, check=False,
        )  # fmt: skip
    except OSError as exc:
        raise GitError(f"git log failed: {exc.strerror}") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git could not check signatures: {reason[0] if reason else 'failed'}")
    found: dict[str, SignatureCheck] = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            found[parts[0]] = SignatureCheck(parts[1], parts[2] if len(parts) > 2 else "")
    return found


def check_tag_signature(folder: Path, tag: str, allowed_signers: Path) -> SignatureCheck:
    """Return git's verdict on the signature of the annotated tag *tag* (``git verify-tag``).

    Status ``G`` with the key's fingerprint when git says the signature is good,
    ``N`` when the tag carries none (or is a lightweight tag), ``B`` otherwise.
    """
    try:
        proc = subprocess.run(
            [
                "git", "-c", f"gpg.ssh.allowedSignersFile={allowed_signers}",
                "verify-tag", "--raw", f"refs/tags/{tag}",
            ],
            cwd=folder, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return SignatureCheck("E", "")
    said = (proc.stderr or "") + (proc.stdout or "")
    key = re.search(r"key (SHA256:[A-Za-z0-9+/=]+)", said)
    if proc.returncode == 0 and key:
        return SignatureCheck("G", key.group(1))
    if "no signature found" in said or "cannot verify a non-tag object" in said:
        return SignatureCheck("N", "")
    return SignatureCheck("B", key.group(1) if key else "")


def config_value(folder: Path, key: str) -> str | None:
    """Return git's configured value of *key* for the repository at *folder*, or None."""
    out = _query(folder, "config", "--get", key)
    return out.strip() if out and out.strip() else None


def signs_by_default(folder: Path) -> bool:
    """Return True when git is configured to sign this user's commits or tags."""
    for key in ("commit.gpgSign", "tag.gpgSign"):
        out = _query(folder, "config", "--type=bool", "--get", key)
        if out and out.strip() == "true":
            return True
    return False


def object_ids(folder: Path, specs: Sequence[str]) -> dict[str, str | None]:
    """Return the object id of each *spec* (``<commit>:<path>``), None where there is none.

    One ``git cat-file --batch-check``: no content is read.
    """
    if not specs:
        return {}
    unique = list(dict.fromkeys(specs))
    if any("\n" in s for s in unique):
        raise GitError("an object name holds a line break")
    out = _run_bytes(folder, ["cat-file", "--batch-check"], ("\n".join(unique) + "\n").encode())
    lines = (out or b"").decode("utf-8", "replace").splitlines()
    found: dict[str, str | None] = dict.fromkeys(unique)
    for spec, line in zip(unique, lines, strict=False):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            found[spec] = parts[0]
    return found


def commit_graph(folder: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Return every commit reachable from HEAD with its parents, oldest first (no diffs read)."""
    out = _query(folder, "rev-list", "--reverse", "--topo-order", "--parents", "HEAD")
    found: list[tuple[str, tuple[str, ...]]] = []
    for line in (out or "").splitlines():
        shas = line.split()
        if shas:
            found.append((shas[0], tuple(shas[1:])))
    return found


def changes_of(
    folder: Path, commits: Sequence[str], path: str
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Return, for each of *commits*, the files under *path* it changed: ``(status, path)``.

    One ``git diff-tree --stdin``; a root commit lists every file, a merge what its dense
    combined diff shows (what differs from every parent: nothing when it only joined
    others' work).
    """
    found: dict[str, tuple[tuple[str, str], ...]] = {c: () for c in commits}
    if not commits:
        return found
    spec = f":(top){path}" if path else ":(top)"
    out = _run_bytes(
        folder,
        ["-c", "core.quotePath=false", "diff-tree", "--stdin", "-r", "--root", "--no-renames",
         "--name-status", "--cc", "--", spec],
        ("\n".join(commits) + "\n").encode(),
    )  # fmt: skip
    if out is None:
        raise GitError("git diff-tree failed while reading the history")
    current: str | None = None
    collected: dict[str, list[tuple[str, str]]] = {}
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        if not line.strip():
            continue
        if "\t" not in line:
            sha = line.split()[0]
            if sha in found:
                current = sha
                collected.setdefault(sha, [])
            continue
        if current is not None:
            status, _, name = line.partition("\t")
            collected[current].append((status.strip(), name.split("\t")[-1]))
    for sha, changes in collected.items():
        found[sha] = tuple(changes)
    return found
