"""Revision names and reading the document as it was at any revision (poa_cli.storage.revisions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from poa_cli.errors import NotFound, YamlError
from poa_cli.storage import revisions

from .conftest import git


def issue(poa, doc: Path, *args: str) -> None:  # type: ignore[no-untyped-def]
    run = poa(doc, "consolidate", *args)
    assert run.exit_code == 0, run.stderr


@pytest.fixture
def revised(minimal_doc: Path, poa) -> Path:  # type: ignore[no-untyped-def]
    """The minimal document with rev-0, then DNK-1 accepted over objection in rev-1."""
    issue(poa, minimal_doc)
    issue(poa, minimal_doc, "--over-objection", "DNK-1", "--note", "Broad support")
    return minimal_doc


def test_no_revisions_yet(minimal_doc: Path) -> None:
    assert revisions.list_revisions(minimal_doc) == []
    assert revisions.latest(minimal_doc) is None
    with pytest.raises(NotFound, match="none issued yet"):
        revisions.load_at(minimal_doc, "rev-0")


def test_list_and_latest(revised: Path) -> None:
    revs = revisions.list_revisions(revised)
    assert [r.name for r in revs] == ["rev-0", "rev-1"]
    assert [r.tag for r in revs] == ["minimal/rev-0", "minimal/rev-1"]
    assert revs[1].commit == git(revised, "rev-parse", "HEAD").strip()
    assert revs[0].date is not None and "rev-0" in revs[0].message
    assert revs[0].label == "zero draft" and revs[1].label == "Rev.1"
    assert revisions.latest(revised) == "rev-1"


@pytest.mark.parametrize(
    "rev", ["rev-0", "Rev.0", "REV-0", "zero-draft", "minimal/rev-0", "HEAD~1"]
)
def test_every_spelling_of_a_revision(revised: Path, rev: str) -> None:
    doc = revisions.load_at(revised, rev)
    assert "once a year" in doc.clauses["op-meet"].text
    assert doc.amendments["DNK-1"].status == "proposed"
    assert doc.meta.id == "minimal"


def test_commit_shas_full_and_short(revised: Path) -> None:
    sha = git(revised, "rev-parse", "HEAD").strip()
    for rev in (sha, sha[:8], "HEAD", "rev-1"):
        doc = revisions.load_at(revised, rev)
        assert "twice a year" in doc.clauses["op-meet"].text
        assert doc.amendments["DNK-1"].applied_in == "rev-1"


def test_working_is_the_files_on_disk(revised: Path) -> None:
    path = revised / "clauses" / "op-meet.yaml"
    path.write_text(path.read_text().replace("twice a year", "three times a year"))
    assert "three times" in revisions.load_at(revised, "working").clauses["op-meet"].text
    assert "three times" not in revisions.load_at(revised, "HEAD").clauses["op-meet"].text


def test_paths_point_into_the_work_tree(revised: Path) -> None:
    doc = revisions.load_at(revised, "rev-0")
    assert doc.root == revised
    assert doc.clauses["op-meet"].path == revised / "clauses" / "op-meet.yaml"


def test_unknown_revision_lists_the_revisions(revised: Path) -> None:
    for rev in ("rev-7", "nonsense", "--output=x", "minimal/rev-9"):
        with pytest.raises(NotFound) as exc:
            revisions.load_at(revised, rev)
        line = exc.value.one_line()
        assert "\n" not in line and "rev-0, rev-1" in line, line


def test_document_that_did_not_exist_yet(revised: Path) -> None:
    first = git(revised, "rev-list", "--max-parents=0", "HEAD").strip()
    with pytest.raises(NotFound, match="did not exist"):
        revisions.load_at(revised, first)


def test_a_bad_file_in_history_names_file_and_revision(revised: Path) -> None:
    bad = revised / "clauses" / "op-meet.yaml"
    bad.write_text("id: [unclosed\n")
    git(revised, "commit", "-qam", "break it")
    with pytest.raises(YamlError) as exc:
        revisions.load_at(revised, "HEAD")
    assert "op-meet.yaml" in exc.value.one_line() and "HEAD" in exc.value.one_line()


def test_blob_cache_gives_the_same_document(revised: Path) -> None:
    cold = revisions.load_at(revised, "rev-1")
    assert any((Path(git(revised, "rev-parse", "--git-dir").strip())).glob("poa-cache/blobs*"))
    warm = revisions.load_at(revised, "rev-1")
    assert cold.clauses == warm.clauses and cold.amendments == warm.amendments


def test_symbols_and_labels() -> None:
    assert revisions.revision_symbol("A/CONF.1/L.1", "rev-0") == "A/CONF.1/L.1"
    assert revisions.revision_symbol("A/CONF.1/L.1", "rev-2") == "A/CONF.1/L.1/Rev.2"
    assert revisions.revision_label("rev-0") == "zero draft"
    assert revisions.revision_label("rev-12") == "Rev.12"


def test_outside_git(tmp_path: Path) -> None:
    import shutil

    from .conftest import MINIMAL

    doc = tmp_path / "minimal"
    shutil.copytree(MINIMAL, doc)
    assert revisions.list_revisions(doc) == []
    assert revisions.load_at(doc, "working").meta.id == "minimal"
    with pytest.raises(NotFound):
        revisions.load_at(doc, "HEAD")


def test_revision_date_is_the_date_of_issue(minimal_doc: Path, poa) -> None:  # type: ignore[no-untyped-def]
    issue(poa, minimal_doc, "--date", "2026-03-02")
    git(minimal_doc, "tag", "minimal/rev-1")  # by hand, lightweight: the commit's date
    revs = revisions.list_revisions(minimal_doc)
    assert revs[0].date is not None and revs[0].date.isoformat() == "2026-03-02"
    assert revs[1].date is not None and revs[1].message == ""


def test_latest_revision_reads_loose_and_packed_tags(minimal_doc: Path) -> None:
    """Tags are read from the git directory: loose files, and packed after a gc."""
    from poa_cli.storage import vcs

    assert vcs.latest_revision(minimal_doc, "minimal") is None
    for n in (0, 1, 2, 10):
        git(minimal_doc, "tag", f"minimal/rev-{n}")
    git(minimal_doc, "tag", "other/rev-99")
    assert vcs.latest_revision(minimal_doc, "minimal") == "rev-10"
    git(minimal_doc, "pack-refs", "--all")
    assert not (minimal_doc.parent / ".git" / "refs" / "tags" / "minimal" / "rev-10").exists()
    assert vcs.latest_revision(minimal_doc, "minimal") == "rev-10"
    git(minimal_doc, "tag", "minimal/rev-11")  # loose beside packed
    assert vcs.latest_revision(minimal_doc, "minimal") == "rev-11"
    assert vcs.head_sha(minimal_doc) == git(minimal_doc, "rev-parse", "HEAD").strip()
