"""The only module that talks to git (through GitPython).

Every command that changes files ends in one commit whose message says what
happened and whose trailers (``Amendment: DNK-3``, ``Proposed-by: Denmark``) make
``git log`` the minutes of the negotiation. Commits go through the git CLI
(``repo.git.*``): ENGINEERING-NOTES measured it 4-10x faster than the index API.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from poa_cli.errors import GitError

if TYPE_CHECKING:
    from git import Repo


def git_dir_of(path: Path) -> Path | None:
    """Return the ``.git`` directory governing *path*, found without running git, or None."""
    for folder in (path, *path.parents):
        dotgit = folder / ".git"
        if dotgit.is_dir():
            return dotgit
        if dotgit.is_file():  # a worktree or submodule: "gitdir: <path>"
            try:
                ref = dotgit.read_text(encoding="utf-8").strip()
            except OSError:
                return None
            if ref.startswith("gitdir:"):
                target = Path(ref.split(":", 1)[1].strip())
                return target if target.is_absolute() else (folder / target).resolve()
    return None


@contextmanager
def open_repo(path: Path) -> Iterator[Repo]:
    """Yield the repository containing *path*; close its git children afterwards.

    Raises GitError when *path* is not inside a git repository.
    """
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(
            "not inside a git repository",
            path=path,
            hint="run 'git init' there, or pass --no-commit",
        ) from None
    try:
        yield repo
    finally:
        repo.close()


def init(path: Path) -> bool:
    """Run ``git init`` in *path* unless it is already inside a repository.

    Returns True when a new repository was created.
    """
    if git_dir_of(path.resolve()) is not None:
        return False
    import git

    git.Repo.init(path, initial_branch="main").close()
    return True


def _git(repo: Repo, *args: str) -> str:
    import git

    try:
        out: str = repo.git.execute(["git", *args])
    except git.GitCommandError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()
        reason = next(
            (ln.strip().removeprefix("fatal: ").removeprefix("error: ") for ln in detail if ln),
            f"git {args[0]} failed",
        )
        raise GitError(f"git {args[0]} failed: {reason}") from None
    return out


def preflight(repo: Repo, folder: Path, *, ours: Iterable[Path] = ()) -> None:
    """Check that a command may write in *folder* and commit; raise GitError if not.

    Refuses: a merge, rebase, cherry-pick or revert in progress; a missing
    author identity; a stale ``index.lock``; uncommitted changes in *folder*
    other than the paths in *ours* (the message lists them).
    """
    gitdir = Path(repo.git_dir)
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
    if _wait_gone(gitdir / "index.lock", seconds=5.0):
        raise GitError(
            "git's index.lock exists: another git process is running, or one crashed",
            path=gitdir / "index.lock",
            hint="if no git command is running, delete that file",
        )
    ident_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    import git

    try:
        repo.git.execute(["git", "var", "GIT_AUTHOR_IDENT"], env=ident_env)
    except git.GitCommandError:
        raise GitError(
            "git does not know who you are, so poa cannot commit",
            hint="run: git config user.name 'Your Name' && git config user.email you@example.org"
            " (or pass --no-commit)",
        ) from None
    dirty = changed_files(repo, folder)
    mine = {p.resolve() for p in ours}
    unrelated = [p for p in dirty if p.resolve() not in mine]
    if unrelated:
        root = Path(repo.working_tree_dir or ".")
        names = ", ".join(str(p.relative_to(root)) for p in unrelated[:5])
        more = f" and {len(unrelated) - 5} more" if len(unrelated) > 5 else ""
        raise GitError(
            f"uncommitted changes in the document: {names}{more}",
            path=unrelated[0],
            hint="commit or stash them first, or pass --no-commit",
        )


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


def changed_files(repo: Repo, folder: Path) -> list[Path]:
    """Return the files under *folder* that differ from HEAD or are untracked."""
    out = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", str(folder))
    root = Path(repo.working_tree_dir or ".")
    files: list[Path] = []
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
        files.append(root / name)
    return files


def commit(
    repo: Repo,
    paths: Sequence[Path],
    subject: str,
    body: str = "",
    trailers: Sequence[tuple[str, str]] = (),
) -> str:
    """Stage *paths* (new, changed or deleted) and commit only them; return the commit sha.

    Raises GitError when git refuses (the message gives git's reason).
    """
    message = subject.strip()
    if body.strip():
        message += "\n\n" + body.strip()
    if trailers:
        message += "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers)
    names = [str(p) for p in paths]
    _git(repo, "add", "--all", "--", *names)
    _git(repo, "commit", "--quiet", "--no-verify", "-m", message, "--", *names)
    return _git(repo, "rev-parse", "HEAD").strip()


def head_commit(repo: Repo) -> str | None:
    """Return the sha of HEAD, or None in a repository without commits."""
    try:
        return str(repo.head.commit.hexsha)
    except ValueError:
        return None


def unstage(repo: Repo, paths: Sequence[Path]) -> None:
    """Take *paths* out of the index again (after a commit that failed)."""
    names = [str(p) for p in paths]
    if head_commit(repo) is None:
        _git(repo, "rm", "--cached", "--quiet", "--ignore-unmatch", "-r", "--", *names)
    else:
        _git(repo, "reset", "--quiet", "HEAD", "--", *names)


def _query(cwd: Path, *args: str) -> str | None:
    """Run a read-only git query in *cwd*; return stdout, or None outside a repo or on failure.

    Plain subprocess, not GitPython: these run on every drafter's command and
    importing GitPython costs more than the query itself.
    """
    import subprocess

    if git_dir_of(cwd.resolve()) is None:
        return None
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def deleted_names(folder: Path, pattern: str) -> set[str]:
    """Return the base names of files matching *pattern* (relative to *folder*) that the
    history of HEAD once had and that were deleted since."""
    out = _query(folder, "log", "--diff-filter=D", "--name-only", "--format=", "--", pattern)
    return {Path(line).name for line in (out or "").splitlines() if line.strip()}


def latest_revision(folder: Path, document_id: str) -> str | None:
    """Return the newest ``rev-N`` tagged for *document_id* (``<id>/rev-N``), or None."""
    out = _query(folder, "tag", "--list", f"{document_id}/rev-*")
    best: tuple[int, str] | None = None
    for tag in (out or "").split():
        name = tag.rsplit("/", 1)[-1]
        number = name.removeprefix("rev-")
        if number.isdigit() and (best is None or int(number) > best[0]):
            best = (int(number), name)
    return best[1] if best else None


def head_sha(folder: Path) -> str | None:
    """Return the sha HEAD points at, or None (no repository, or no commit yet)."""
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
