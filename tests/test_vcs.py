"""The git runner (poa_cli/storage/vcs.py): its fast paths agree with git's own answers."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from poa_cli.storage import vcs

from .conftest import git


def _git_version() -> tuple[int, int]:
    out = subprocess.run(["git", "--version"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"(\d+)\.(\d+)", out)
    assert m is not None, out
    return int(m.group(1)), int(m.group(2))


def _both(folder: Path, doc_id: str) -> tuple[list[str], list[str]]:
    """The tags read from disk (the fast path) and the tags git lists (the reference)."""
    fast = sorted(vcs.revision_tags(folder, doc_id))
    slow = sorted(vcs.revision_tags(folder, doc_id, ask_git=True))
    return fast, slow


def test_revision_tags_on_disk_equal_gits_answer(git_repo: Path) -> None:
    """Loose, packed, annotated (peeled in packed-refs) and other documents' tags."""
    assert _both(git_repo, "doc") == ([], [])
    git(git_repo, "tag", "doc/rev-0")
    git(git_repo, "tag", "-a", "doc/rev-1", "-m", "Rev.1")
    git(git_repo, "tag", "other/rev-7")
    git(git_repo, "tag", "doc-two/rev-9")  # a document whose id starts like this one's
    fast, slow = _both(git_repo, "doc")
    assert fast == slow == ["rev-0", "rev-1"]
    git(git_repo, "pack-refs", "--all")  # every tag packed, the annotated one peeled
    assert "^" in (git_repo / ".git" / "packed-refs").read_text()
    git(git_repo, "tag", "-a", "doc/rev-12", "-m", "Rev.12")  # loose beside packed
    fast, slow = _both(git_repo, "doc")
    assert fast == slow == ["rev-0", "rev-1", "rev-12"]
    assert vcs.latest_revision(git_repo, "doc") == "rev-12"  # by number, not by text


def test_a_worktree_asks_git_for_the_tags(git_repo: Path, tmp_path: Path) -> None:
    """A linked worktree's git dir holds no tags: the answer comes from git itself."""
    git(git_repo, "tag", "doc/rev-3")
    linked = tmp_path / "linked"
    git(git_repo, "worktree", "add", "-q", str(linked), "-b", "other")
    assert (linked / ".git").is_file()
    assert _both(linked, "doc") == (["rev-3"], ["rev-3"])
    assert vcs.latest_revision(linked, "doc") == "rev-3"


def test_outside_git_there_is_no_revision(tmp_path: Path) -> None:
    assert vcs.revision_tags(tmp_path, "doc") == []
    assert vcs.latest_revision(tmp_path, "doc") is None


@pytest.mark.skipif(
    _git_version() < (2, 45),
    reason=f"git {'.'.join(map(str, _git_version()))} here has no reftable "
    "(git init --ref-format=reftable needs git 2.45)",
)
def test_latest_revision_under_reftable_equals_gits_answer(tmp_path: Path) -> None:
    """Under reftable there are no refs/tags files: the fast path must not answer None."""
    repo = tmp_path / "reftable"
    repo.mkdir()
    git(repo, "init", "-q", "--ref-format=reftable", "-b", "main")
    (repo / "README.md").write_text("negotiation\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "initial")
    for n in (0, 1, 2):
        git(repo, "tag", f"doc/rev-{n}")
    assert _both(repo, "doc") == (["rev-0", "rev-1", "rev-2"], ["rev-0", "rev-1", "rev-2"])
    assert vcs.latest_revision(repo, "doc") == "rev-2"


def test_refs_that_are_not_files_send_the_question_to_git(git_repo: Path) -> None:
    """Seeing reftable's folder, the fast path steps aside and git answers."""
    git(git_repo, "tag", "doc/rev-4")
    gitdir = git_repo / ".git"
    # A file git does not take for a ref: the disk says rev-99, git says rev-4.
    (gitdir / "refs" / "tags" / "doc" / "rev-99").write_text("not a ref\n")
    assert vcs._refs_are_files(gitdir)
    assert vcs.latest_revision(git_repo, "doc") == "rev-99"
    (gitdir / "reftable").mkdir()
    assert not vcs._refs_are_files(gitdir)
    assert vcs.latest_revision(git_repo, "doc") == "rev-4"
