"""storage.transaction: one change written, committed and tagged together, or not at all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from poa_cli.errors import GitError
from poa_cli.storage import transaction

from .conftest import git, tree_state


def _lock_tag(repo: Path, name: str) -> Path:
    """Hold the ref of tag *name* as another git process would: git then refuses it."""
    gitdir = Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
    lock = gitdir / "refs" / "tags" / f"{name}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("")
    return lock


def _tags(repo: Path) -> list[str]:
    return git(repo, "tag", "--list").split()


def test_a_change_is_written_committed_and_tagged(git_repo: Path) -> None:
    (git_repo / "old.yaml").write_text("old: 1\n")
    git(git_repo, "add", "old.yaml")
    git(git_repo, "commit", "-q", "-m", "old")
    parent = git(git_repo, "rev-parse", "HEAD").strip()
    change = transaction.Change(
        writes=((git_repo / "new.yaml", "new: 1\n"),),
        deletes=(git_repo / "old.yaml",),
        subject="Issue Rev.1",
        body="1 amendment applied.",
        trailers=(("Revision", "rev-1"),),
        tags=(
            transaction.Tag("doc/rev-1", "Rev.1 of the document"),
            transaction.Tag("doc/before", "the text before", commit=parent),
        ),
    )
    with transaction.transaction(git_repo) as tx:
        tx.apply(change)
    head = git(git_repo, "rev-parse", "HEAD").strip()
    assert tx.sha == head and head != parent
    assert git(git_repo, "log", "-1", "--format=%B") == (
        "Issue Rev.1\n\n1 amendment applied.\n\nRevision: rev-1\n\n"
    )
    assert git(git_repo, "show", "--name-status", "--format=", "HEAD").split() == [
        "A", "new.yaml", "D", "old.yaml",
    ]  # fmt: skip
    assert git(git_repo, "rev-parse", "doc/rev-1^{commit}").strip() == head
    assert git(git_repo, "rev-parse", "doc/before^{commit}").strip() == parent
    assert git(git_repo, "cat-file", "-t", "doc/rev-1").strip() == "tag"  # annotated
    assert "Rev.1 of the document" in git(git_repo, "cat-file", "-p", "doc/rev-1")
    assert git(git_repo, "status", "--porcelain") == ""


def test_a_refused_tag_takes_back_the_commit_the_other_tags_and_the_files(
    git_repo: Path,
) -> None:
    (git_repo / "clause.yaml").write_text("text: before\n")
    git(git_repo, "add", "clause.yaml")
    git(git_repo, "commit", "-q", "-m", "clause")
    before = tree_state(git_repo)
    lock = _lock_tag(git_repo, "doc/second")
    with pytest.raises(GitError, match="tag"), transaction.transaction(git_repo) as tx:
        tx.write(git_repo / "clause.yaml", "text: after\n")
        tx.write(git_repo / "added.yaml", "new: 1\n")
        tx.subject = "a revision"
        tx.tag("doc/first", "made, then taken back")
        tx.tag("doc/second", "refused")
    assert tx.sha is None
    assert tree_state(git_repo) == before  # HEAD back, nothing staged or left on disk
    assert (git_repo / "clause.yaml").read_text() == "text: before\n"
    assert not (git_repo / "added.yaml").exists()
    assert _tags(git_repo) == []
    lock.unlink()
    with transaction.transaction(git_repo) as tx:  # and the next attempt is not blocked
        tx.write(git_repo / "clause.yaml", "text: after\n")
        tx.tag("doc/second", "made")
    assert _tags(git_repo) == ["doc/second"]


def test_an_empty_commit_when_asked_and_none_otherwise(git_repo: Path) -> None:
    head = git(git_repo, "rev-parse", "HEAD").strip()
    with transaction.transaction(git_repo):
        pass
    assert git(git_repo, "rev-parse", "HEAD").strip() == head  # nothing written, no commit
    with transaction.transaction(git_repo) as tx:
        tx.apply(transaction.Change(subject="Issue the zero draft", allow_empty=True,
                                    tags=(transaction.Tag("doc/rev-0", "zero draft"),)))  # fmt: skip
    assert tx.sha is not None and tx.sha != head
    assert git(git_repo, "rev-parse", "HEAD^").strip() == head
    assert git(git_repo, "show", "--name-only", "--format=", "HEAD").strip() == ""
    assert git(git_repo, "rev-parse", "doc/rev-0^{commit}").strip() == tx.sha


def test_a_tag_refused_on_a_first_commit_leaves_the_commit_and_its_files(
    tmp_path: Path,
) -> None:
    """A first commit has no parent to go back to: it stands, its files too, and the
    message says which tag to make by hand (the tree is never left reverting it)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _lock_tag(repo, "doc/rev-0")
    with pytest.raises(GitError, match="no parent") as info, transaction.transaction(repo) as tx:
        tx.write(repo / "document.yaml", "id: doc\n")
        tx.tag("doc/rev-0", "zero draft")
    assert tx.sha is not None and "git tag -a doc/rev-0" in (info.value.hint or "")
    assert git(repo, "rev-parse", "HEAD").strip() == tx.sha
    assert (repo / "document.yaml").read_text() == "id: doc\n"
    assert git(repo, "status", "--porcelain") == ""


def test_a_transaction_without_a_commit_cannot_tag(git_repo: Path) -> None:
    with pytest.raises(ValueError), transaction.transaction(git_repo, commit=False) as tx:
        tx.write(git_repo / "x.yaml", "x: 1\n")
        tx.tag("doc/x", "no commit to tag")
    assert not (git_repo / "x.yaml").exists()
    result = subprocess.run(["git", "tag"], cwd=git_repo, capture_output=True, text=True)
    assert result.stdout == ""
