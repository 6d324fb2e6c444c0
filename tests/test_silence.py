"""``poa silence``: the silence procedure of decision 74/544, end to end in real repositories.

The clock is set with POA_NOW (documented as for tests only); everything else is
the real command on the sample document in a throwaway git repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from poa_cli.domain import silence
from poa_cli.errors import PoaError
from tests.conftest import git, tree_state

DOC = "poa-founding-document"
START = "2026-06-26T12:00:00-04:00"
UNTIL = "2026-06-29T18:00:00-04:00"  # 78 hours after START


@pytest.fixture
def issued(sample_doc: Path, poa: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample document with its zero draft issued (rev-0), the clock at START."""
    monkeypatch.setenv("POA_NOW", START)
    run = poa(sample_doc.parent, "consolidate", "--doc", DOC)
    assert run.exit_code == 0, run.stderr
    return sample_doc


def _at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("POA_NOW", when)


def _start(poa: Any, repo: Path, *extra: str) -> Any:
    return poa(repo, "silence", "start", "--until", UNTIL, "--doc", DOC, *extra)


# --------------------------------------------------------------------------- start


def test_start_records_and_commits_with_trailers(issued: Path, poa: Any) -> None:
    repo = issued.parent
    run = _start(poa, repo, "--note", "Final text of the founding document")
    assert run.exit_code == 0, run.stderr
    assert "under silence procedure until 2026-06-29T18:00:00-04:00" in run.stdout
    assert "warning" not in run.stderr  # 78 hours: no warning
    message = git(repo, "log", "-1", "--format=%B")
    assert "Silence: start" in message and "Revision: rev-0" in message
    assert f"Until: {UNTIL}" in message and f"Document: {DOC}" in message
    record = (issued / "silence.yaml").read_text()
    assert "status: under-silence" in record and "Final text" in record
    assert poa(repo, "validate", DOC).exit_code == 0


def test_start_refuses_a_bad_deadline_and_changes_nothing(issued: Path, poa: Any) -> None:
    before = tree_state(issued.parent)
    for until, why in (
        ("2026-06-26T11:00:00-04:00", "has passed"),
        ("2026-06-29T18:00:00", "has no time zone"),
        ("next Friday", "not an ISO 8601"),
    ):
        run = poa(issued.parent, "silence", "start", "--until", until, "--doc", DOC)
        assert run.exit_code == 1 and why in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
        assert tree_state(issued.parent) == before
        assert not (issued / "silence.yaml").exists()
    assert poa(issued.parent, "silence", "start", "--doc", DOC).exit_code == 2


def test_start_warns_under_72_hours(issued: Path, poa: Any) -> None:
    run = poa(issued.parent, "silence", "start", "--until", "2026-06-27T12:00Z", "--doc", DOC)
    assert run.exit_code == 0
    assert "less than the 72 hours" in run.stderr


def test_start_needs_the_latest_unchanged_revision(
    sample_doc: Path, poa: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = sample_doc.parent
    _at(monkeypatch, START)
    run = _start(poa, repo)
    assert run.exit_code == 1 and "no revision has been issued" in run.stderr
    assert poa(repo, "consolidate", "--doc", DOC).exit_code == 0
    edit = poa(repo, "clause", "edit", "op-scope", "--text", "*Decide* that the scope;",
               "--doc", DOC)  # fmt: skip
    assert edit.exit_code == 0, edit.stderr
    run = _start(poa, repo)
    assert run.exit_code == 1 and "the clauses changed since rev-0" in run.stderr
    assert poa(repo, "consolidate", "--doc", DOC).exit_code == 0  # rev-1
    run = _start(poa, repo, "rev-0")
    assert run.exit_code == 1 and "not the latest revision" in run.stderr
    assert _start(poa, repo, "rev-1").exit_code == 0


# --------------------------------------------------------------------------- the freeze


def test_the_text_is_frozen_for_every_writing_command(issued: Path, poa: Any) -> None:
    repo = issued.parent
    assert _start(poa, repo).exit_code == 0
    before = tree_state(repo)
    for args in (
        ("clause", "edit", "op-scope", "--text", "*Decide* that;"),
        ("draft", "amend", "op-scope", "--by", "FRA", "--append", " and more"),
        ("draft", "support", "CHN-1", "--by", "DNK"),
        ("consolidate",),
        ("section", "add", "new-part", "--heading", "New"),
    ):
        run = poa(repo, *args, "--doc", DOC)
        assert run.exit_code == 1, args
        assert "is under silence procedure until 2026-06-29T18:00:00-04:00" in run.stderr, args
        assert len(run.stderr.strip().splitlines()) == 1
        assert tree_state(repo) == before, args


# --------------------------------------------------------------------------- break


def test_only_a_member_state_breaks_silence(issued: Path, poa: Any) -> None:
    repo = issued.parent
    assert _start(poa, repo).exit_code == 0
    before = tree_state(repo)
    for who, why in (
        ("Holy See", "not a Member State"),  # an observer State
        ("EU", "not a Member State"),
        ("G77", "not a Member State"),
        ("CSNET", "not a Member State"),  # a stakeholder
        ("Atlantis", "unknown"),
    ):
        run = poa(repo, "silence", "break", "--by", who, "--doc", DOC)
        assert run.exit_code == 1 and why.lower() in run.stderr.lower(), who
        assert tree_state(repo) == before


def test_break_keeps_the_letter_and_close_opens_the_text(
    issued: Path, poa: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = issued.parent
    assert _start(poa, repo).exit_code == 0
    letter = tmp_path / "letter from France.pdf"
    letter.write_bytes(b"%PDF-1.4 the Permanent Mission of France presents its compliments")
    _at(monkeypatch, "2026-06-28T09:30:00+02:00")
    run = poa(repo, "silence", "break", "--by", "france", "--note", "Cannot join consensus on OP5",
              "--letter", str(letter), "--doc", DOC)  # fmt: skip
    assert run.exit_code == 0, run.stderr
    kept = issued / "letters" / "rev-0-FRA.pdf"
    assert kept.read_bytes() == letter.read_bytes()
    message = git(repo, "log", "-1", "--format=%B")
    assert "Broken-by: France" in message and "Letter: letters/rev-0-FRA.pdf" in message
    assert git(repo, "status", "--porcelain") == ""  # the letter is committed with the record
    again = poa(repo, "silence", "break", "--by", "FRA", "--doc", DOC)
    assert again.exit_code == 1 and "already broken" in again.stderr
    status = json.loads(poa(repo, "silence", "status", "--format", "json", "--doc", DOC).stdout)
    (brk,) = status["current"]["breaks"]
    assert brk["name"] == "France" and brk["letter"] == "letters/rev-0-FRA.pdf"
    assert status["frozen"] is True
    # A broken silence can be closed at once: nothing can be adopted any more.
    run = poa(repo, "silence", "close", "--doc", DOC)
    assert run.exit_code == 0 and "broken by France" in run.stdout
    assert "Silence: broken" in git(repo, "log", "-1", "--format=%B")
    assert git(repo, "tag", "-l", f"{DOC}/adopted") == ""
    table = poa(repo, "silence", "status", "--doc", DOC).stdout
    assert "silence broken by France on 2026-06-28T09:30:00+02:00; not adopted" in table
    edit = poa(repo, "clause", "edit", "op-scope", "--text", "*Decide* that;", "--doc", DOC)
    assert edit.exit_code == 0, edit.stderr  # the text is open again
    assert poa(repo, "validate", DOC).exit_code == 0


def test_break_after_the_deadline_is_refused(
    issued: Path, poa: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = issued.parent
    assert _start(poa, repo).exit_code == 0
    _at(monkeypatch, "2026-06-29T18:00:00-04:00")
    run = poa(repo, "silence", "break", "--by", "FRA", "--doc", DOC)
    assert run.exit_code == 1 and "can no longer be broken" in run.stderr


# --------------------------------------------------------------------------- close


def test_unbroken_silence_adopts_and_tags_the_revision(
    issued: Path, poa: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = issued.parent
    assert _start(poa, repo, "--note", "Final text").exit_code == 0
    revision = git(repo, "rev-parse", f"{DOC}/rev-0^{{commit}}").strip()
    early = poa(repo, "silence", "close", "--doc", DOC)
    assert early.exit_code == 1 and "cannot be closed before the deadline" in early.stderr
    # Under silence, the paper says until when.
    paper = poa(repo, "render", DOC, "--to", "rev-0", "--format", "md", "-o", "-").stdout
    assert "Under silence procedure until 29 June 2026, 18:00 \\(UTC-04:00\\)" in paper
    _at(monkeypatch, "2026-06-30T08:00:00Z")
    run = poa(repo, "silence", "close", "--doc", DOC)
    assert run.exit_code == 0, run.stderr
    assert f"tagged {DOC}/adopted" in run.stdout
    assert git(repo, "cat-file", "-t", f"{DOC}/adopted").strip() == "tag"  # annotated
    assert git(repo, "rev-parse", f"{DOC}/adopted^{{commit}}").strip() == revision
    tag = git(repo, "tag", "-l", "--format=%(contents)", f"{DOC}/adopted")
    assert "Adopted under silence procedure on 2026-06-29T18:00:00-04:00" in tag
    assert "Final text" in tag
    assert "Silence: adopted" in git(repo, "log", "-1", "--format=%B")
    paper = poa(repo, "render", DOC, "--format", "md", "-o", "-").stdout
    assert "Adopted under silence procedure on 29 June 2026, 18:00 \\(UTC-04:00\\)" in paper
    history = poa(repo, "history", "op-scope", "--doc", DOC).stdout
    assert "rev-0 adopted under silence procedure on 2026-06-29T18:00:00-04:00" in history
    # An adopted text is final.
    edit = poa(repo, "clause", "edit", "op-scope", "--text", "*Decide* that;", "--doc", DOC)
    assert edit.exit_code == 1 and "adopted under silence procedure" in edit.stderr
    assert _start(poa, repo).exit_code == 1


def test_a_failed_tag_takes_the_close_back(
    issued: Path, poa: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = issued.parent
    assert _start(poa, repo).exit_code == 0
    git(repo, "tag", f"{DOC}/adopted")  # someone made it by hand
    _at(monkeypatch, "2026-06-30T08:00:00Z")
    before = tree_state(repo)
    run = poa(repo, "silence", "close", "--doc", DOC)
    assert run.exit_code == 1 and "already exists" in run.stderr
    assert tree_state(repo) == before


def test_status_without_a_procedure(issued: Path, poa: Any) -> None:
    run = poa(issued.parent, "silence", "status", "--doc", DOC)
    assert run.exit_code == 0 and "no silence procedure" in run.stdout
    run = poa(issued.parent, "silence", "close", "--doc", DOC)
    assert run.exit_code == 1 and "no silence procedure is under way" in run.stderr


def test_a_broken_record_file_is_reported_by_validate_and_refuses_writes(
    issued: Path, poa: Any
) -> None:
    repo = issued.parent
    (issued / "silence.yaml").write_text("schema: poa/silence/1\nprocedures: [{revision: x}]\n")
    run = poa(repo, "validate", DOC)
    assert run.exit_code == 1 and "silence.yaml" in run.stdout and "[schema]" in run.stdout
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "a bad record")
    edit = poa(repo, "clause", "edit", "op-scope", "--text", "*Decide* that;", "--doc", DOC)
    assert edit.exit_code == 1 and "silence.yaml" in edit.stderr


# --------------------------------------------------------------------------- pure rules


def test_times_need_a_zone() -> None:
    assert silence.parse_time("2026-06-29T22:00Z").utcoffset() is not None
    with pytest.raises(PoaError, match="no time zone"):
        silence.parse_time("2026-06-29T22:00")
