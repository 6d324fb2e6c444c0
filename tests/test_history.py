"""poa diff, history and blame: the whole negotiation loop through the real command.

zero draft → amendments → Rev.1 → a Chair's edit and more amendments → Rev.2, on
a real repository with the installed ``poa`` executable; then diff, history and
blame must tell the same story about every word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from poa_cli.storage import revisions

from .conftest import chair_identity, git, poa_process

MEET = "*Decides* that the mechanism shall meet once a year and adopt its decisions by consensus;"
SCOPE = "*Recognizes* that the mechanism shall be open to all States;"


def run(doc: Path, *args: str) -> str:
    proc = poa_process(doc, *args)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def amend(doc: Path, *args: str) -> str:
    return run(doc, "draft", "amend", *args).splitlines()[0]


def as_json(doc: Path, *args: str) -> Any:
    return json.loads(run(doc, *args, "--format", "json"))


@pytest.fixture(scope="module")
def negotiation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document taken through the zero draft, Rev.1 and Rev.2 with the real command."""
    mp = chair_identity(tmp_path_factory)
    mp.setenv("COLUMNS", "200")
    repo = tmp_path_factory.mktemp("negotiation")
    doc = repo / "drafts" / "poa"
    run(repo, "init", str(doc), "--title", "Founding document", "--symbol", "A/CONF.1/2026/L.1")
    run(doc, "clause", "add", "op-scope", "--kind", "operative", "--text", SCOPE)
    run(doc, "clause", "add", "op-meet", "--kind", "operative", "--text", MEET)
    run(doc, "consolidate", "--date", "2026-03-01")  # the zero draft, rev-0
    dnk = amend(doc, "op-meet", "--by", "Denmark", "--by", "Estonia",
                "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    run(doc, "draft", "oppose", dnk, "--by", "Russian Federation")
    bra = amend(doc, "op-meet", "--by", "Brazil", "--insert", "in New York",
                "--after-text", "adopt its decisions")  # fmt: skip
    chn = amend(doc, "op-meet", "--by", "China", "--replace", "by consensus",
                "--with", "by a two-thirds majority")  # fmt: skip
    g77 = amend(doc, "op-meet", "--by", "Egypt", "--on-behalf-of", "G77", "--new-clause",
                "*Decides also* to establish a voluntary fund for capacity-building;",
                "--clause-id", "op-fund")  # fmt: skip
    run(doc, "consolidate", "--accept", f"{bra},{g77}", "--reject", chn,
        "--over-objection", dnk, "--note", "Broad support in informals", "--date", "2026-05-01")  # fmt: skip
    # Between revisions: a Chair's direct edit, and a second round of amendments.
    run(
        doc,
        "clause",
        "edit",
        "op-scope",
        "--text",
        SCOPE.replace("all States", "all Member States"),
    )
    eu = amend(doc, "op-meet", "--by", "France", "--on-behalf-of", "EU", "--replace",
               "twice a year", "--with", "at least twice a year")  # fmt: skip
    mex = amend(doc, "op-fund", "--by", "Mexico", "--append", "and technical assistance")
    ken = amend(doc, "op-meet", "--by", "Kenya", "--delete-text", "in New York")
    move = amend(doc, "op-scope", "--by", "Mexico", "--move-after", "op-fund")
    run(doc, "consolidate", "--accept", f"{eu},{mex},{ken},{move}", "--date", "2026-07-01")
    mp.undo()
    return doc


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def spans(parts: list[dict[str, Any]]) -> list[tuple[int, int, str | None]]:
    """(start, end, cause key) of every run of the new text in a diff's segments."""
    out, pos = [], 0
    for part in parts:
        for seg in part["segments"]:
            if seg["op"] == "delete":
                continue
            cause = seg["cause"]
            key = f"{cause['revision']}|{cause['amendment']}" if seg["op"] == "insert" else None
            out.append((pos, pos + len(seg["text"]), key))
            pos += len(seg["text"])
    return out


def test_the_loop_left_two_tagged_revisions(negotiation: Path) -> None:
    assert git(negotiation, "tag").split() == ["poa/rev-0", "poa/rev-1", "poa/rev-2"]
    text = (negotiation / "clauses" / "op-meet.yaml").read_text()
    assert "meet at least twice a year and adopt its decisions by consensus;" in text
    assert git(negotiation, "status", "--porcelain") == ""
    report = json.loads(poa_process(negotiation, "validate", "--format", "json").stdout)
    # Only validate.py's known complaint about an *applied* insert-clause's id may remain
    # (see test_decisions.py::test_validate_accepts_applied_structural_amendments).
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert all(d["path"].endswith("amendments/G77-1.yaml") for d in errors), errors


def test_blame_names_every_word(negotiation: Path) -> None:
    blame = as_json(negotiation, "blame", "op-meet")
    part = blame["parts"][0]
    assert part["text"] == revisions.load_at(negotiation, "working").clauses["op-meet"].text
    by_word = {w["word"]: w for w in part["words"]}
    assert by_word["*Decides*"]["kind"] == "zero-draft"
    assert by_word["twice"]["amendment"] == "DNK-1"
    assert by_word["twice"]["revision"] == "rev-1"
    assert by_word["twice"]["proposers"] == ["Denmark", "Estonia"]
    assert by_word["least"]["amendment"] == "EU-1" and by_word["least"]["revision"] == "rev-2"
    assert by_word["least"]["on_behalf_of"] == "European Union"
    assert "New" not in by_word  # BRA-1's words, deleted again by KEN-1 in Rev.2
    scope = as_json(negotiation, "blame", "op-scope")["parts"][0]["words"]
    member = next(w for w in scope if w["word"] == "Member")
    assert member["kind"] == "editorial" and member["revision"] == "rev-2"
    fund = as_json(negotiation, "blame", "op-fund")["parts"][0]["words"]
    assert {w["amendment"] for w in fund} == {"G77-1", "MEX-1"}


def test_zero_draft_words_are_credited_to_the_zero_draft_not_a_later_revision(
    negotiation: Path,
) -> None:
    for clause in ("op-meet", "op-scope"):
        words = as_json(negotiation, "blame", clause)["parts"][0]["words"]
        zero = [w for w in words if w["kind"] == "zero-draft"]
        assert zero and {w["revision"] for w in zero} == {"rev-0"}, (clause, zero[:1])
    assert "zero draft" in run(negotiation, "blame", "op-meet")


def test_blame_text_output(negotiation: Path) -> None:
    out = run(negotiation, "blame", "op-meet")
    assert "DNK-1 (Denmark, Estonia), Rev.1" in out and "zero draft" in out


def test_blame_and_diff_agree_on_every_word(negotiation: Path) -> None:
    diff = as_json(negotiation, "diff", "rev-0")
    for clause in ("op-meet", "op-scope", "op-fund"):
        change = next(c for c in diff["changes"] if c["clause"] == clause)
        runs = spans([p for p in change["parts"] if p["id"] == clause])
        pos = 0
        for word in as_json(negotiation, "blame", clause)["parts"][0]["words"]:
            start = pos
            pos += len(word["text"])
            covering = [r for r in runs if r[0] <= start < r[1]]
            assert covering, (clause, word)
            want = (
                None if word["kind"] == "zero-draft" else f"{word['revision']}|{word['amendment']}"
            )
            assert covering[0][2] == want, (clause, word["word"], covering[0][2], want)


def test_history_lists_each_revision_and_agrees(negotiation: Path) -> None:
    hist = as_json(negotiation, "history", "op-meet")
    assert [e["revision"] for e in hist["entries"]] == ["rev-0", "rev-1", "rev-2"]
    for entry in hist["entries"]:
        at = revisions.load_at(negotiation, entry["revision"])
        assert entry["text"] == at.clauses["op-meet"].text
    rev1 = {c["amendment"] for c in hist["entries"][1]["changes"]}
    assert rev1 == {"DNK-1", "BRA-1"}  # CHN-1 was rejected
    rev2 = {c["amendment"] for c in hist["entries"][2]["changes"]}
    assert rev2 == {"EU-1", "KEN-1"}
    # Every cause diff gives between two revisions is in that revision's history entry.
    for old, new, index in (("rev-0", "rev-1", 1), ("rev-1", "rev-2", 2)):
        diff = as_json(negotiation, "diff", old, new, "--clause", "op-meet")
        causes = {c["amendment"] for ch in diff["changes"] for c in ch["causes"]}
        assert causes == {c["amendment"] for c in hist["entries"][index]["changes"]}
    out = run(negotiation, "history", "op-meet")
    assert "changed by DNK-1 (Denmark, Estonia), Rev.1" in out
    assert "[-once-]{+twice+}⟨DNK-1⟩" in out


def test_history_of_an_inserted_and_an_edited_clause(negotiation: Path) -> None:
    fund = as_json(negotiation, "history", "op-fund")["entries"]
    assert [e["revision"] for e in fund] == ["rev-1", "rev-2"]
    inserted = fund[0]["events"][0]
    assert inserted["kind"] == "inserted" and inserted["cause"]["amendment"] == "G77-1"
    assert inserted["cause"]["on_behalf_of"] == "Group of 77 and China"
    scope = as_json(negotiation, "history", "op-scope")["entries"]
    assert [e["revision"] for e in scope] == ["rev-0", "rev-2"]
    assert scope[1]["changes"][0]["kind"] == "editorial"
    moved = scope[1]["events"][0]
    assert moved["kind"] == "moved" and moved["detail"] == "after op-fund"
    assert moved["cause"]["amendment"] == "MEX-2"
    assert "moved after op-fund by MEX-2 (Mexico), Rev.2" in run(negotiation, "history", "op-scope")


def test_diff_text_labels_each_change(negotiation: Path) -> None:
    out = run(negotiation, "diff", "rev-1", "rev-2")
    assert "Changes from rev-1 to rev-2" in out
    assert "{+at least+}⟨EU-1⟩" in out
    assert "[-in New York-]⟨KEN-1⟩" in out
    assert "{+Member+}⟨Chair⟩" in out and "Chair (editorial), Rev.2" in out
    assert "EU-1 (France on behalf of European Union), Rev.2" in out


def test_diff_structure_and_whole_document(negotiation: Path) -> None:
    diff = as_json(negotiation, "diff", "rev-0", "rev-2")
    statuses = {c["clause"]: c["status"] for c in diff["changes"]}
    assert statuses == {"op-scope": "changed", "op-meet": "changed", "op-fund": "inserted"}
    fund = next(c for c in diff["changes"] if c["clause"] == "op-fund")
    assert fund["events"][0]["cause"]["amendment"] == "G77-1"
    assert as_json(negotiation, "diff", "rev-2", "HEAD")["changes"] == []
    assert "no differences" in run(negotiation, "diff", "rev-2")


def test_diff_backwards_is_unattributed(negotiation: Path) -> None:
    diff = as_json(negotiation, "diff", "rev-2", "rev-1", "--clause", "op-meet")
    assert diff["attributed"] is False
    kinds = {c["kind"] for ch in diff["changes"] for c in ch["causes"]}
    assert kinds == {"unattributed"}


def test_working_changes_are_the_chairs_not_yet_issued(negotiation: Path, tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "copy"
    shutil.copytree(negotiation.parent.parent, repo)
    doc = repo / "drafts" / "poa"
    path = doc / "clauses" / "op-scope.yaml"
    path.write_text(path.read_text().replace("open to all", "open to all interested"))
    diff = as_json(doc, "diff", "rev-2", "--clause", "op-scope")
    cause = diff["changes"][0]["causes"][0]
    assert cause["kind"] == "editorial" and cause["revision"] == "working"
    hist = as_json(doc, "history", "op-scope")["entries"]
    assert hist[-1]["revision"] == "working"
    word = next(
        w for w in as_json(doc, "blame", "op-scope")["parts"][0]["words"]
        if w["word"] == "interested"
    )  # fmt: skip
    assert word["revision"] == "working"


def test_blame_at_an_older_revision(negotiation: Path) -> None:
    blame = as_json(negotiation, "blame", "op-meet", "--rev", "rev-1")
    words = {w["word"]: w for w in blame["parts"][0]["words"]}
    assert words["New"]["amendment"] == "BRA-1" and "least" not in words


def test_unknown_clause_and_revision(negotiation: Path) -> None:
    proc = poa_process(negotiation, "blame", "op-nowhere")
    assert proc.returncode == 1 and "no clause 'op-nowhere'" in proc.stderr
    proc = poa_process(negotiation, "diff", "rev-9")
    assert proc.returncode == 1 and "rev-0, rev-1, rev-2" in proc.stderr
    assert proc.stderr.count("\n") == 1
    proc = poa_process(negotiation, "blame", "op-fund", "--rev", "rev-0")
    assert proc.returncode == 1 and "does not exist at rev-0" in proc.stderr
    proc = poa_process(negotiation, "history", "op-meet", "--format", "yaml")
    assert proc.returncode == 2


def test_history_and_blame_before_any_revision(minimal_doc: Path, poa) -> None:
    run_ = poa(minimal_doc, "blame", "op-meet", "--format", "json")
    assert run_.exit_code == 0, run_.stderr
    words = json.loads(run_.stdout)["parts"][0]["words"]
    assert {w["kind"] for w in words} == {"zero-draft"}
    hist = json.loads(poa(minimal_doc, "history", "op-meet", "--format", "json").stdout)
    assert [e["revision"] for e in hist["entries"]] == ["working"]


def test_marked_runs_one_cause_mark_after_each_change() -> None:
    """What ``poa diff`` prints, decided in actions/history.py: the CLI only styles it."""
    from poa_cli.actions.history import AttributedSegment, Cause, Mark, marked

    dnk = Cause("rev-1", "Rev.1", "amendment", amendment="DNK-3")
    chair = Cause("rev-1", "Rev.1", "editorial")
    segments = [
        AttributedSegment("equal", "hold meetings ", None),
        AttributedSegment("delete", "once ", dnk),
        AttributedSegment("insert", "twice ", dnk),
        AttributedSegment("equal", "a year ", None),
        AttributedSegment("delete", "in ", chair),
        AttributedSegment("insert", "at ", dnk),
        AttributedSegment("equal", "Geneva", None),
    ]
    assert marked(segments) == [
        Mark("text", "hold meetings "),
        Mark("delete", "once"),
        Mark("insert", "twice"),  # a replacement: one mark after both
        Mark("cause", "DNK-3"),
        Mark("text", " "),
        Mark("text", "a year "),
        Mark("delete", "in"),
        Mark("cause", "Chair"),  # another cause: its own mark, the spacing kept
        Mark("text", " "),
        Mark("insert", "at"),
        Mark("cause", "DNK-3"),
        Mark("text", " "),
        Mark("text", "Geneva"),
    ]
    assert Cause("rev-0", "zero draft", "zero-draft").short == "zero draft"


def test_a_diff_between_two_revisions_is_kept_and_follows_its_tags(
    negotiation: Path, tmp_path: Path
) -> None:
    """``diff A B --format json`` between two commits is kept in the git directory: the
    same answer again, the answer computed afresh; and a tag moved is a new question."""
    import shutil

    from poa_cli.actions.history import diff

    repo = tmp_path / "copy"
    shutil.copytree(negotiation.parent.parent, repo)
    doc = repo / "drafts" / "poa"
    first = as_json(doc, "diff", "rev-1", "rev-2")
    assert list((doc / ".git" / "poa-cache").glob("diff-*.json"))  # poa init made the repo
    assert as_json(doc, "diff", "rev-1", "rev-2") == first  # from the memo
    assert first == json.loads(json.dumps(diff(doc, "rev-1", "rev-2").as_json()))
    assert first["changes"]
    # The Chair re-tags Rev.2 on Rev.1's commit: no longer any change between them.
    rev1 = git(doc, "rev-list", "-n", "1", "poa/rev-1").strip()
    git(doc, "tag", "-f", "-a", "poa/rev-2", rev1, "-m", "Rev.2 (re-issued)")
    assert as_json(doc, "diff", "rev-1", "rev-2")["changes"] == []
    # The working text is never kept: it changes without a commit.
    path = doc / "clauses" / "op-scope.yaml"
    path.write_text(path.read_text().replace("open to all", "open to all interested"))
    assert as_json(doc, "diff", "rev-1", "--clause", "op-scope")["changes"]
