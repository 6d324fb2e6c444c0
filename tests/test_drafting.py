"""The Chair's direct edits through the real command: files, order, commits, refusals."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from poa_cli.storage import yamlio

from .conftest import git, poa_process, tree_state


def trailers(repo: Path) -> str:
    return git(repo, "log", "-1", "--format=%s%n%(trailers)")


def test_init_creates_repo_document_and_commit(tmp_path: Path, poa) -> None:
    run = poa(tmp_path, "init", "neg", "--title", "Founding document", "--symbol", "A/CONF.1/L.1")
    assert run.exit_code == 0, run.stderr
    doc = tmp_path / "neg"
    assert (doc / ".git").is_dir()
    data = yamlio.load(doc / "document.yaml")
    assert data["id"] == "neg" and data["symbol"] == "A/CONF.1/L.1"
    assert (
        (doc / "document.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=schemas/document.schema.json\n")
    )
    assert (doc / "schemas" / "clause.schema.json").is_file()
    assert "Document: neg" in trailers(doc)
    assert git(doc, "status", "--porcelain") == ""
    assert poa(doc, "validate").exit_code == 0


def test_init_inside_an_existing_repo_does_not_nest_one(git_repo: Path, poa) -> None:
    run = poa(git_repo, "init", "docs/poa", "--title", "T", "--symbol", "A/1")
    assert run.exit_code == 0, run.stderr
    assert not (git_repo / "docs" / "poa" / ".git").exists()
    text = (git_repo / "docs" / "poa" / "clauses" / ".gitkeep").exists()
    assert text
    head = (git_repo / "docs" / "poa" / "document.yaml").read_text().splitlines()[0]
    assert head == "# yaml-language-server: $schema=../../schemas/document.schema.json"


def test_init_refuses_an_existing_document(minimal_doc: Path, poa) -> None:
    before = tree_state(minimal_doc.parent)
    run = poa(minimal_doc.parent, "init", "minimal", "--title", "T", "--symbol", "A/1")
    assert run.exit_code == 1
    assert "a document already exists here" in run.stderr
    assert tree_state(minimal_doc.parent) == before


def test_clause_add_edit_move_remove_commit_each_step(minimal_doc: Path, poa) -> None:
    repo = minimal_doc.parent
    run = poa(minimal_doc, "clause", "add", "op-review", "--kind", "operative",
              "--text", "*Decides* to review the mechanism after five years;",
              "--after", "op-establish")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    order = yamlio.load(minimal_doc / "document.yaml")["sections"][1]["clauses"]
    assert order == ["op-establish", "op-review", "op-meet"]
    assert "Clause: op-review" in trailers(repo)

    assert poa(minimal_doc, "clause", "edit", "op-review", "--status", "agreed-ad-ref",
               "--tag", "review").exit_code == 0  # fmt: skip
    data = yamlio.load(minimal_doc / "clauses" / "op-review.yaml")
    assert data["status"] == "agreed-ad-ref" and data["tags"] == ["review"]

    assert poa(minimal_doc, "clause", "move", "op-review", "--after", "op-meet").exit_code == 0
    order = yamlio.load(minimal_doc / "document.yaml")["sections"][1]["clauses"]
    assert order == ["op-establish", "op-meet", "op-review"]

    listing = poa(minimal_doc, "clause", "list", "--format", "json")
    numbers = {r["id"]: r["number"] for r in json.loads(listing.stdout)}
    assert numbers == {"pp-recall": "", "op-establish": "1", "op-meet": "2", "op-review": "3"}

    assert poa(minimal_doc, "clause", "remove", "op-review").exit_code == 0
    assert not (minimal_doc / "clauses" / "op-review.yaml").exists()
    log = git(repo, "log", "--format=%s").splitlines()
    assert log[:4] == [
        "Remove clause op-review",
        "Move clause op-review after op-meet",
        "Edit clause op-review: status → agreed-ad-ref, tags",
        "Add operative clause op-review to section operative",
    ]
    assert git(repo, "status", "--porcelain") == ""
    assert poa(minimal_doc, "validate").exit_code == 0


def test_edit_keeps_comments_and_layout(minimal_doc: Path, poa) -> None:
    path = minimal_doc / "clauses" / "op-establish.yaml"
    before = path.read_text()
    assert (
        poa(minimal_doc, "clause", "edit", "op-establish", "--status", "agreed-ad-ref").exit_code
        == 0
    )
    after = path.read_text()
    assert after == before.replace("kind: operative\n", "kind: operative\nstatus: agreed-ad-ref\n")


def test_section_add_and_outcome_numbering(minimal_doc: Path, poa) -> None:
    run = poa(minimal_doc, "section", "add", "review", "--heading", "Review")
    assert run.exit_code == 0, run.stderr
    run = poa(minimal_doc, "clause", "add", "op-review", "--kind", "operative",
              "--text", "*Decides* to review.", "--section", "review")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    listing = poa(minimal_doc, "section", "list").stdout
    assert "review" in listing and "Review" in listing
    shown = poa(minimal_doc, "clause", "show", "op-establish").stdout
    assert "(b) build capacity" in shown and "(i) technical working groups" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clause", "add", "op-meet", "--kind", "operative", "--text", "x"], "already exists"),
        (["clause", "add", "Op/../x", "--kind", "operative", "--text", "x"], "not a valid"),
        (["clause", "add", "con", "--kind", "operative", "--text", "x"], "not a valid clause id"),
        (["clause", "add", "op-x", "--kind", "operational", "--text", "x"], "kind must be one of"),
        (["clause", "add", "op-x", "--kind", "operative", "--text", "   "], "the text is empty"),
        (["clause", "add", "op-x", "--kind", "operative", "--text", "a\x07b"], "control char"),
        (["clause", "add", "op-x", "--kind", "operative", "--text", "x", "--after", "op-nope"],
         "no clause 'op-nope'"),
        (["clause", "add", "op-establish-a", "--kind", "operative", "--text", "x"],
         "already a sub-paragraph"),
        (["clause", "add", "op-x", "--kind", "operative", "--text", "x", "--section", "nope"],
         "no section 'nope'"),
        (["clause", "edit", "op-nope", "--text", "x"], "no clause 'op-nope'"),
        (["clause", "edit", "op-meet"], "nothing to change"),
        (["clause", "move", "op-meet", "--after", "op-meet"], "cannot move beside itself"),
        (["clause", "remove", "op-meet"], "pending amendments target clause 'op-meet': DNK-1"),
        (["section", "add", "operative", "--heading", "Again"], "already exists"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    minimal_doc: Path,
    poa,
    args: list[str],
    message: str,
) -> None:
    before = tree_state(minimal_doc.parent)
    run = poa(minimal_doc, *args)
    assert run.exit_code == 1, run.stdout
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr
    assert tree_state(minimal_doc.parent) == before


def test_dirty_document_is_refused_naming_the_files(minimal_doc: Path, poa) -> None:
    (minimal_doc / "clauses" / "op-meet.yaml").write_text(
        (minimal_doc / "clauses" / "op-meet.yaml").read_text() + "# local note\n"
    )
    before = tree_state(minimal_doc.parent)
    run = poa(minimal_doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x")
    assert run.exit_code == 1
    assert "uncommitted changes in the document: minimal/clauses/op-meet.yaml" in run.stderr
    assert tree_state(minimal_doc.parent) == before
    # --no-commit is the way out: it writes without committing.
    run = poa(minimal_doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x",
              "--no-commit")  # fmt: skip
    assert run.exit_code == 0 and "(not committed)" in run.stdout
    assert (minimal_doc / "clauses" / "op-x.yaml").exists()


def test_dirty_files_outside_the_document_are_fine(minimal_doc: Path, poa) -> None:
    (minimal_doc.parent / "README.md").write_text("edited elsewhere\n")
    run = poa(minimal_doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x")
    assert run.exit_code == 0, run.stderr
    assert git(minimal_doc.parent, "status", "--porcelain") == " M README.md\n"


def test_merge_in_progress_and_stale_index_lock_are_refused(minimal_doc: Path, poa) -> None:
    gitdir = minimal_doc.parent / ".git"
    (gitdir / "MERGE_HEAD").write_text(git(minimal_doc, "rev-parse", "HEAD"))
    run = poa(minimal_doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x")
    assert run.exit_code == 1 and "a merge is in progress" in run.stderr
    (gitdir / "MERGE_HEAD").unlink()
    (gitdir / "index.lock").write_text("")
    run = poa(minimal_doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x")
    assert run.exit_code == 1 and "index.lock exists" in run.stderr
    assert not (minimal_doc / "clauses" / "op-x.yaml").exists()


def test_missing_git_identity_is_explained_and_nothing_is_left(minimal_doc: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(minimal_doc.parent), GIT_CONFIG_NOSYSTEM="1", EMAIL="")
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    before = tree_state(minimal_doc.parent)
    proc = poa_process(minimal_doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x",
                       env=env)  # fmt: skip
    if proc.returncode == 0:
        pytest.skip("git on this machine invents an identity from the host name")
    assert proc.returncode == 1
    assert "git does not know who you are" in proc.stderr
    assert tree_state(minimal_doc.parent) == before


def test_not_a_git_repository_without_no_commit(tmp_path: Path, poa) -> None:
    import shutil

    from .conftest import MINIMAL

    doc = tmp_path / "minimal"
    shutil.copytree(MINIMAL, doc)
    run = poa(doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x")
    assert run.exit_code == 1 and "not inside a git repository" in run.stderr
    assert not (doc / "clauses" / "op-x.yaml").exists()
    run = poa(doc, "clause", "add", "op-x", "--kind", "operative", "--text", "x", "--no-commit")
    assert run.exit_code == 0


def test_real_executable_end_to_end(tmp_path: Path) -> None:
    proc = poa_process(tmp_path, "init", "poa", "--title", "T", "--symbol", "A/CONF.1/L.1")
    assert proc.returncode == 0, proc.stderr
    proc = poa_process(tmp_path / "poa", "clause", "add", "pp-a", "--kind", "preambular",
                       "--text", "*Recalling* resolution 77/37,")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = poa_process(tmp_path / "poa", "clause", "show", "pp-nope")
    assert proc.returncode == 1
    assert proc.stderr.startswith("poa: no clause 'pp-nope' in poa")
    assert poa_process(tmp_path / "poa", "clause", "list", "--format", "yaml").returncode == 2
