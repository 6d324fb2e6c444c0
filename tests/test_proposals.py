"""poa draft and poa amendments through the real command, on real repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poa_cli.storage import yamlio

from .conftest import git, tree_state


def amend(poa, doc: Path, *args: str):  # type: ignore[no-untyped-def]
    return poa(doc, "draft", "amend", *args)


def test_replace_writes_file_commits_and_previews(minimal_doc: Path, poa) -> None:
    run = amend(poa, minimal_doc, "op-meet", "--by", "denmark", "--by", "Estonia",
                "--replace", "by consensus", "--with", "by consensus of the States present",
                "--rationale", "Clarity.")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == "DNK-2"  # DNK-1 exists
    assert "by [-consensus;-]{+consensus of the States present;+}" in " ".join(run.stdout.split())
    data = yamlio.load(minimal_doc / "amendments" / "DNK-2.yaml")
    assert data["proposed_by"] == ["DNK", "EST"]
    assert data["anchor"]["phrase"] == "by consensus"
    assert data["status"] == "proposed" and data["base"] == "zero-draft"
    log = git(minimal_doc, "log", "-1", "--format=%B")
    assert "Amendment: DNK-2" in log and "Proposed-by: Denmark, Estonia" in log
    assert git(minimal_doc, "status", "--porcelain") == ""
    assert poa(minimal_doc, "validate").exit_code == 0


@pytest.mark.parametrize(
    ("args", "action", "check"),
    [
        (["--delete-text", "once a year and "], "delete-text", {"anchor": "once a year and"}),
        (["--insert", "at least", "--before-text", "once a year"], "insert-text", {"position": "before"}),
        (["--insert", "in New York", "--after-text", "once a year"], "insert-text", {"position": "after"}),
        (["--append", "and report on its work"], "append-text", {"text": "and report on its work"}),
        (["--replace-clause", "*Decides also* to meet as needed;"], "replace-clause", {}),
        (["--delete-clause"], "delete-clause", {}),
        (["--new-clause", "*Decides further* to review;"], "insert-clause", {"clause_id": "op-fra-1"}),
        (["--new-clause", "*Decides further* to review;", "--before", "--clause-id", "op-rev"],
         "insert-clause", {"position": "before", "clause_id": "op-rev"}),
        (["--move-after", "pp-recall"], "move-clause", {"destination": "pp-recall"}),
        (["--add-footnote", "See A/75/816.", "--after-text", "once a year"], "add-footnote", {}),
    ],
)  # fmt: skip
def test_every_action(minimal_doc: Path, poa, args: list[str], action: str, check: dict) -> None:  # type: ignore[type-arg]
    run = amend(poa, minimal_doc, "op-meet", "--by", "France", *args)
    assert run.exit_code == 0, run.stderr
    data = yamlio.load(minimal_doc / "amendments" / "FRA-1.yaml")
    assert data["action"] == action
    for key, value in check.items():
        if key == "anchor":
            assert data["anchor"]["phrase"] == value
        elif key == "clause_id":
            assert data["clause"]["id"] == value
        else:
            assert data[key] == value
    assert poa(minimal_doc, "validate").exit_code == 0, poa(minimal_doc, "validate").stdout


def test_sub_paragraph_target_and_group(minimal_doc: Path, poa) -> None:
    run = amend(poa, minimal_doc, "op-establish-b-ii", "--by", "Egypt", "--on-behalf-of",
                "Group of 77 and China", "--replace", "voluntary", "--with", "regular")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == "G77-1"
    data = yamlio.load(minimal_doc / "amendments" / "G77-1.yaml")
    assert data["on_behalf_of"] == "G77" and data["proposed_by"] == ["EGY"]
    assert "On-behalf-of: Group of 77 and China" in git(minimal_doc, "log", "-1", "--format=%B")


def test_sub_amendment_amends_the_proposed_words(minimal_doc: Path, poa) -> None:
    run = amend(
        poa, minimal_doc, "DNK-1", "--by", "Brazil", "--replace", "twice", "--with", "three times"
    )
    assert run.exit_code == 0, run.stderr
    data = yamlio.load(minimal_doc / "amendments" / "BRA-1.yaml")
    assert data["target"] == "DNK-1"
    shown = poa(minimal_doc, "amendments", "show", "DNK-1", "--format", "json")
    assert json.loads(shown.stdout)["sub_amendments"] == ["BRA-1"]


def test_stakeholder_proposal_is_listed_apart(minimal_doc: Path, poa) -> None:
    run = amend(poa, minimal_doc, "op-meet", "--by", "CSNET", "--append", "with stakeholders")
    assert run.exit_code == 0, run.stderr
    assert "stakeholder proposal CSNET-2" in run.stdout
    rows = json.loads(poa(minimal_doc, "amendments", "list", "--format", "json").stdout)
    assert {r["id"]: r["stakeholder"] for r in rows}["CSNET-2"] is True
    table = poa(minimal_doc, "amendments", "list").stdout
    assert table.index("Stakeholder proposals") < table.index("CSNET-2")
    mixed = amend(poa, minimal_doc, "op-meet", "--by", "CSNET", "--by", "DNK", "--append", "x")
    assert mixed.exit_code == 1 and "only States propose formal amendments" in mixed.stderr


def test_ids_are_never_reused(minimal_doc: Path, poa) -> None:
    assert amend(poa, minimal_doc, "op-meet", "--by", "EST", "--append", "one").exit_code == 0
    assert amend(poa, minimal_doc, "op-meet", "--by", "EST", "--append", "two").exit_code == 0
    git(minimal_doc, "rm", "-q", "amendments/EST-2.yaml")
    git(minimal_doc, "commit", "-q", "-m", "drop EST-2")
    assert poa(minimal_doc, "draft", "withdraw", "EST-1", "--by", "Estonia").exit_code == 0
    run = amend(poa, minimal_doc, "op-meet", "--by", "EST", "--append", "three")
    assert run.stdout.splitlines()[0] == "EST-3"
    taken = amend(poa, minimal_doc, "op-meet", "--by", "EST", "--id", "EST-2", "--append", "x")
    assert taken.exit_code == 1 and "already used" in taken.stderr


def test_deleted_ids_are_remembered_per_commit(minimal_doc: Path, poa) -> None:
    """The history walk for deleted ids is kept per HEAD; a new HEAD asks git again."""
    assert amend(poa, minimal_doc, "op-meet", "--by", "EST", "--append", "one").exit_code == 0
    memos = list((minimal_doc.parent / ".git" / "poa-cache").glob("deleted-*.json"))
    assert len(memos) == 1
    memo = json.loads(memos[0].read_text(encoding="utf-8"))
    head = git(minimal_doc, "rev-parse", "HEAD").strip()
    assert head in memo["value"]  # carried over to the commit the command made
    git(minimal_doc, "rm", "-q", "amendments/EST-1.yaml")
    git(minimal_doc, "commit", "-q", "-m", "drop EST-1 by hand")
    run = amend(poa, minimal_doc, "op-meet", "--by", "EST", "--append", "two")
    assert run.stdout.splitlines()[0] == "EST-2"  # not EST-1 again
    memo = json.loads(memos[0].read_text(encoding="utf-8"))
    head = git(minimal_doc, "rev-parse", "HEAD").strip()
    assert "EST-1.yaml" in memo["value"][head]


def test_positions_lifecycle(minimal_doc: Path, poa) -> None:
    assert poa(minimal_doc, "draft", "support", "DNK-1", "--by", "Brazil").exit_code == 0
    assert poa(minimal_doc, "draft", "cosponsor", "DNK-1", "--by", "Brazil").exit_code == 0
    data = yamlio.load(minimal_doc / "amendments" / "DNK-1.yaml")
    assert data["proposed_by"] == ["DNK", "EST", "BRA"] and data["supported_by"] == ["FRA"]
    assert poa(minimal_doc, "draft", "withdraw", "DNK-1", "--by", "Brazil").exit_code == 0
    assert yamlio.load(minimal_doc / "amendments" / "DNK-1.yaml")["proposed_by"] == ["DNK", "EST"]
    assert poa(minimal_doc, "draft", "withdraw", "DNK-1", "--by", "Denmark").exit_code == 0
    assert yamlio.load(minimal_doc / "amendments" / "DNK-1.yaml")["status"] == "withdrawn"
    again = poa(minimal_doc, "draft", "support", "DNK-1", "--by", "Chile")
    assert again.exit_code == 1 and "withdrawn" in again.stderr
    subjects = git(minimal_doc, "log", "--format=%s", "-4").splitlines()
    assert subjects == [
        "Denmark withdraws DNK-1",
        "Brazil withdraws DNK-1",
        "Brazil co-sponsors DNK-1",
        "Brazil supports DNK-1",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["op-meet", "--by", "Denmrk", "--append", "x"], "did you mean Denmark"),
        (["op-meet", "--by", "DNK", "--replace", "twice a decade", "--with", "x"], "does not occur"),
        (["op-establish", "--by", "DNK", "--replace", "to", "--with", "a"], "--occurrence"),
        (["op-nowhere", "--by", "DNK", "--append", "x"], "no clause or sub-paragraph 'op-nowhere'"),
        (["DNK-99", "--by", "DNK", "--append", "x"], "no amendment 'DNK-99'"),
        (["op-meet", "--by", "DNK", "--replace", "once a year", "--with", "  "], "replacement"),
        (["op-meet", "--by", "DNK", "--append", "x", "--on-behalf-of", "France"], "is not a group"),
        (["op-meet", "--by", "DNK", "--by", "dnk", "--append", "x"], "named twice"),
        (["op-meet", "--by", "DNK", "--move-after", "op-nowhere"], "op-nowhere"),
        (["op-meet", "--by", "DNK", "--new-clause", "x", "--clause-id", "op-establish"], "op-establish"),
        (["op-meet", "--by", "DNK", "--id", "dnk-7", "--append", "x"], "not an amendment id"),
        (["op-meet", "--by", "DNK", "--id", "FRA-7", "--append", "x"], "must start with"),
    ],
)  # fmt: skip
def test_bad_input_changes_nothing(minimal_doc: Path, poa, args: list[str], message: str) -> None:
    before = tree_state(minimal_doc.parent)
    run = amend(poa, minimal_doc, *args)
    assert run.exit_code == 1, run.stdout
    assert message in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert tree_state(minimal_doc.parent) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["support", "DNK-1", "--by", "DNK"], "already proposes"),
        (["oppose", "DNK-1", "--by", "RUS"], "already opposes"),
        (["support", "DNK-1", "--by", "FRA"], "already supports"),
        (["oppose", "DNK-1", "--by", "EST"], "cannot oppose it"),
        (["withdraw", "DNK-1", "--by", "CHL"], "no position"),
        (["support", "DNK-1", "--by", "CSNET"], "stakeholder"),
        (["support", "DNK-9", "--by", "FRA"], "no amendment 'DNK-9'"),
    ],
)  # fmt: skip
def test_contradictory_positions_are_refused(
    minimal_doc: Path, poa, args: list[str], message: str
) -> None:
    before = tree_state(minimal_doc.parent)
    run = poa(minimal_doc, "draft", *args)
    assert run.exit_code == 1
    assert message in run.stderr, run.stderr
    assert tree_state(minimal_doc.parent) == before


def test_usage_errors_exit_2(minimal_doc: Path, poa) -> None:
    assert amend(poa, minimal_doc, "op-meet", "--by", "DNK").exit_code == 2
    assert amend(poa, minimal_doc, "op-meet", "--by", "DNK", "--replace", "x").exit_code == 2
    assert amend(poa, minimal_doc, "op-meet", "--by", "DNK", "--insert", "x").exit_code == 2


def test_from_file(minimal_doc: Path, tmp_path: Path, poa) -> None:
    prepared = tmp_path / "prepared.yaml"
    prepared.write_text(
        "target: op-meet\naction: replace-text\nanchor:\n  phrase: once a year\n"
        "text: every six months\nrationale: Prepared in capital.\n"
    )
    run = amend(poa, minimal_doc, "op-meet", "--by", "Kenya", "--from-file", str(prepared))
    assert run.exit_code == 0, run.stderr
    data = yamlio.load(minimal_doc / "amendments" / "KEN-1.yaml")
    assert data["text"] == "every six months" and data["rationale"] == "Prepared in capital."


def test_amendments_list_filters_and_show(minimal_doc: Path, poa) -> None:
    assert amend(poa, minimal_doc, "op-meet", "--by", "USA", "--replace", "once a year",
                 "--with", "when needed").exit_code == 0  # fmt: skip
    rows = json.loads(
        poa(minimal_doc, "amendments", "list", "-f", "json", "--by", "denmark").stdout
    )
    assert [r["id"] for r in rows] == ["DNK-1"]
    rows = json.loads(
        poa(minimal_doc, "amendments", "list", "-f", "json", "--target", "op-meet").stdout
    )
    states = {r["id"]: r["state"] for r in rows}
    assert states["DNK-1"] == "competes with USA-1" and states["USA-1"] == "competes with DNK-1"
    shown = poa(minimal_doc, "amendments", "show", "DNK-1")
    assert "Proposed by: Denmark, Estonia" in shown.stdout
    assert "Opposed by: Russian Federation" in shown.stdout
    assert poa(minimal_doc, "amendments", "list", "--status", "undecided").exit_code == 1


def test_temp_files_of_an_interrupted_write_are_swept(minimal_doc: Path, poa) -> None:
    """What an atomic write killed half-way leaves (.NAME.XXXX.tmp) goes with the next write;
    other dot-files and .tmp files without the dot stay."""
    left = [
        minimal_doc / "amendments" / ".DNK-9.yaml.k3j2.tmp",
        minimal_doc / ".document.yaml.x.tmp",
    ]
    kept = [minimal_doc / "amendments" / ".keep", minimal_doc / "amendments" / "notes.tmp"]
    for path in kept:
        path.write_text("kept\n")
    git(minimal_doc, "add", "-f", *map(str, kept))
    git(minimal_doc, "commit", "-q", "-m", "files that are not temp files")
    for path in left:
        path.write_text("half\n")
    run = amend(poa, minimal_doc, "op-meet", "--by", "Denmark", "--append", "and report on it")
    assert run.exit_code == 0, run.stderr
    assert not any(p.exists() for p in left)
    assert all(p.exists() for p in kept)


def test_the_json_listing_is_remembered_until_a_file_changes(minimal_doc: Path, poa) -> None:
    """``amendments list --format json`` keeps its rows in the git directory: an unchanged
    document gets the same rows from there; a new proposal (or any changed file) is listed."""
    from .conftest import poa_process

    def listed(*args: str) -> list[dict]:  # type: ignore[type-arg]
        proc = poa_process(minimal_doc, "amendments", "list", "--format", "json", *args)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)  # type: ignore[no-any-return]

    first = listed()
    memo = list((minimal_doc.parent / ".git" / "poa-cache").glob("list-*.json"))
    assert len(memo) == 1
    assert listed() == first  # answered from the memo
    assert listed("--by", "Kenya") == []  # other filters, another answer
    assert (
        amend(poa, minimal_doc, "op-meet", "--by", "Kenya", "--append", "in Nairobi").exit_code == 0
    )
    again = listed()
    assert [r["id"] for r in again] == [*[r["id"] for r in first], "KEN-1"]
    assert [r["id"] for r in listed("--by", "Kenya")] == ["KEN-1"]
    # A hand edit is seen too: the key holds every file's size, time and inode.
    path = minimal_doc / "amendments" / "KEN-1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: proposed", "status: withdrawn")
    )
    assert {r["id"]: r["status"] for r in listed()}["KEN-1"] == "withdrawn"
