"""Issue 14: what a newcomer and a real revision tripped over, point by point.

Each test runs the real ``poa`` command (in-process through Typer's CliRunner,
or as a process where the terminal or signals matter) on real files in a real
git repository.
"""

from __future__ import annotations

import json
import os
import signal
import stat
from pathlib import Path

import pytest

from tests.conftest import git, poa_process, tree_state

AMENDMENTS = "amendments"


def _number_of(poa, doc: Path, clause_id: str) -> str:
    rows = json.loads(poa(doc, "clause", "list", "--format", "json").stdout)
    return next(r["number"] for r in rows if r["id"] == clause_id)


# --------------------------------------------------------------------------- 3


def test_3_a_phrase_only_in_a_sub_paragraph_names_it(sample_doc: Path, poa) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "draft", "amend", "op-mechanism-functions", "--by", "Denmark",
            "--replace", "the framework", "--with", "the agreed framework")  # fmt: skip
    assert r.exit_code == 1
    line = r.stderr.strip()
    assert "\n" not in line
    assert "op-mechanism-functions-a" in line and "op-mechanism-functions-d" in line
    assert tree_state(sample_doc.parent) == before


def test_3_a_phrase_in_other_capitals_names_the_words_that_stand(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "Once a year", "--with", "twice a year")  # fmt: skip
    assert r.exit_code == 1
    assert '"once a year" does' in r.stderr


# --------------------------------------------------------------------------- 4


def test_4_a_mistyped_clause_id_gets_a_suggestion(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-anual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    assert r.exit_code == 1
    assert "did you mean op-annual-meetings" in r.stderr


@pytest.mark.parametrize(
    ("reference", "expected"),
    [("PP2", "pp-res-77-37"), ("pp2", "pp-res-77-37"), ("OP{op}", "op-mechanism-functions"),
     ("{n}", "op-mechanism-functions"), ("paragraph {n}", "op-mechanism-functions"),
     ("{n} (a)", "op-mechanism-functions-a"), ("OP{op}(c)(ii)", "op-mechanism-functions-c-ii")],
)  # fmt: skip
def test_4_printed_paragraph_references_are_targets(
    sample_doc: Path, poa, reference: str, expected: str
) -> None:
    rows = json.loads(poa(sample_doc, "clause", "list", "--format", "json").stdout)
    n = next(r["number"] for r in rows if r["id"] == "op-mechanism-functions")
    op = [r["id"] for r in rows if r["kind"] == "operative"].index("op-mechanism-functions") + 1
    phrase = {
        "pp-res-77-37": "Recalling",
        "op-mechanism-functions": "the following functions",
        "op-mechanism-functions-a": "good practices",
        "op-mechanism-functions-c-ii": "existing capacity-building programmes",
    }[expected]
    r = poa(sample_doc, "draft", "amend", reference.format(n=n, op=op), "--by", "Denmark",
            "--insert", "new", "--before-text", phrase.split()[-1])  # fmt: skip
    if r.exit_code != 0 and "occur" in r.stderr:  # a phrase the paragraph lacks: use append
        r = poa(sample_doc, "draft", "amend", reference.format(n=n, op=op), "--by", "Denmark",
                "--append", "and more")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    new_id = r.stdout.split()[0]
    data = (sample_doc / AMENDMENTS / f"{new_id}.yaml").read_text()
    assert f"target: {expected}\n" in data


def test_4_a_reference_to_no_paragraph_is_refused(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "OP999", "--by", "Denmark", "--append", "x")
    assert r.exit_code == 1
    assert "no paragraph OP999" in r.stderr


# --------------------------------------------------------------------------- 5


def test_5_ctrl_c_while_committing_reports_the_commit(
    sample_doc: Path, poa, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C that arrives while git commits: the change stands, so say so (exit 0)."""
    from poa_cli import interrupts
    from poa_cli.storage import vcs

    real_commit = vcs.commit

    def commit_then_ctrl_c(*args, **kwargs):  # type: ignore[no-untyped-def]
        sha = real_commit(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # the drafter presses Ctrl-C now
        return sha

    monkeypatch.setattr(vcs, "commit", commit_then_ctrl_c)
    previous = signal.getsignal(signal.SIGINT)
    interrupts.install()
    try:
        r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
                "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("DNK-")
    assert "interrupted" not in r.stderr
    assert git(sample_doc, "status", "--porcelain") == ""


# --------------------------------------------------------------------------- 6


def test_6_a_change_that_changes_nothing_is_refused(sample_doc: Path, poa) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "once  a year")  # fmt: skip
    assert r.exit_code == 1
    assert "changes nothing" in r.stderr
    assert tree_state(sample_doc.parent) == before


# --------------------------------------------------------------------------- 8


def test_8_status_pending_lists_the_proposals_not_yet_decided(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "amendments", "list", "--status", "pending", "--format", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and {row["status"] for row in rows} == {"proposed"}


# --------------------------------------------------------------------------- 10


def test_10_files_follow_the_umask(sample_doc: Path, poa) -> None:
    old = os.umask(0o022)
    try:
        r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
                "--replace", "once a year", "--with", "twice a year")  # fmt: skip
        assert r.exit_code == 0, r.stderr
        path = sample_doc / AMENDMENTS / f"{r.stdout.split()[0]}.yaml"
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        os.umask(0o027)
        r = poa(sample_doc, "clause", "edit", "op-annual-meetings", "--status", "agreed-ad-ref")
        assert r.exit_code == 0, r.stderr
        mode = stat.S_IMODE((sample_doc / "clauses" / "op-annual-meetings.yaml").stat().st_mode)
        assert mode == 0o640
    finally:
        os.umask(old)


# --------------------------------------------------------------------------- 13


def test_13_two_documents_say_how_to_name_one(git_repo: Path, poa) -> None:
    for name in ("a", "b"):
        assert (
            poa(git_repo, "init", f"drafts/{name}", "--title", "T", "--symbol", "S").exit_code == 0
        )
    r = poa(git_repo, "clause", "list")
    assert r.exit_code == 1
    assert "-d/--doc" in r.stderr


# --------------------------------------------------------------------------- 15


def test_15_draft_amend_dry_run_previews_and_writes_nothing(sample_doc: Path, poa) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year", "--dry-run")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "[-once-]" in r.stdout and "{+twice+}" in r.stdout
    assert "dry run" in r.stdout
    assert tree_state(sample_doc.parent) == before


# --------------------------------------------------------------------------- 22


def test_22_the_submission_date_can_be_given(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year", "--submitted", "2023-10-12")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    new_id = r.stdout.split()[0]
    shown = json.loads(poa(sample_doc, "amendments", "show", new_id, "--format", "json").stdout)
    assert shown["submitted"] == "2023-10-12"


@pytest.mark.parametrize(("value", "code"), [("2999-01-01", 1), ("12/10/2023", 2)])
def test_22_a_bad_submission_date_is_refused(sample_doc: Path, poa, value: str, code: int) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year", "--submitted", value)  # fmt: skip
    assert r.exit_code == code
    assert len(r.stderr.strip().splitlines()) == 1
    assert tree_state(sample_doc.parent) == before


# --------------------------------------------------------------------------- 9


def test_9_a_state_changes_its_position_and_takes_it_back(minimal_doc: Path, poa) -> None:
    from poa_cli.storage import yamlio

    path = minimal_doc / AMENDMENTS / "DNK-1.yaml"
    r = poa(minimal_doc, "draft", "oppose", "DNK-1", "--by", "France")  # France supported it
    assert r.exit_code == 0, r.stderr
    assert "France now opposes DNK-1 (it supported it before)" in r.stdout
    data = yamlio.load(path)
    assert "FRA" in data["opposed_by"] and "FRA" not in data.get("supported_by", [])
    r = poa(minimal_doc, "draft", "withdraw", "DNK-1", "--by", "France")
    assert r.exit_code == 0, r.stderr
    assert "France withdraws its objection to DNK-1" in r.stdout
    data = yamlio.load(path)
    assert "FRA" not in data.get("opposed_by", []) and "FRA" not in data.get("supported_by", [])
    assert data["status"] == "proposed"
    subjects = git(minimal_doc, "log", "--format=%s", "-2").splitlines()
    assert subjects == [
        "France withdraws its objection to DNK-1",
        "France now opposes DNK-1 (it supported it before)",
    ]


# --------------------------------------------------------------------------- 11


def test_11_the_hint_and_the_readme_give_one_syntax(minimal_doc: Path, poa) -> None:
    r = poa(minimal_doc, "consolidate", "--accept", "DNK-1", "--note", "Second reading")
    assert r.exit_code == 1
    assert '--over-objection DNK-1="…"' in r.stderr
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert '--over-objection DNK-3="' in readme
    before = tree_state(minimal_doc.parent)
    # Following the hint with the README's --note as well: no note is silently lost.
    r = poa(minimal_doc, "consolidate", "--accept", "DNK-1", "--note", "Second reading",
            "--over-objection", "DNK-1", "--note", "Broad support")  # fmt: skip
    assert r.exit_code == 2
    assert "--note is given more than once" in r.stderr
    r = poa(minimal_doc, "consolidate", "--over-objection", "DNK-1=Broad support",
            "--over-objection", "DNK-1=Other words")  # fmt: skip
    assert r.exit_code == 1 and "two different notes" in r.stderr
    assert tree_state(minimal_doc.parent) == before
    r = poa(minimal_doc, "consolidate", "--accept", "DNK-1", "--note", "Second reading",
            "--over-objection", "DNK-1=Broad support")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    data = (minimal_doc / AMENDMENTS / "DNK-1.yaml").read_text()
    assert "Broad support" in data
    assert "Second reading" in git(minimal_doc, "log", "-1", "--format=%B")


# --------------------------------------------------------------------------- 21


def test_21_deleting_words_between_commas_leaves_one_comma(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-evolving-framework", "--by", "Denmark",
            "--delete-text", "as appropriate")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert ",," not in r.stdout
    r = poa(sample_doc, "consolidate", "--accept", r.stdout.split()[0], "--note", "x")
    assert r.exit_code == 0, r.stderr
    text = (sample_doc / "clauses" / "op-evolving-framework.yaml").read_text()
    assert "may be further developed, taking into account" in text


def test_21_deleting_the_last_words_keeps_the_closing_mark(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-mechanism-functions-e", "--by", "Denmark",
            "--delete-text", "as appropriate", "--dry-run")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1].endswith("{+stakeholders;+}")


def test_21_appended_words_go_before_the_closing_semicolon(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--append", "and in Geneva", "--dry-run")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1].endswith("{+2027 and in Geneva;+}")


# --------------------------------------------------------------------------- 19


def test_19_a_deleted_footnote_call_takes_its_definition_along(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "pp-oewg-action-oriented", "--by", "Denmark",
            "--delete-text", "[^oewg-74]")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    aid = r.stdout.split()[0]
    r = poa(sample_doc, "consolidate", "--accept", aid, "--note", "x")
    assert r.exit_code == 0, r.stderr
    text = (sample_doc / "clauses" / "pp-oewg-action-oriented.yaml").read_text()
    assert "oewg-74" not in text
    assert "tags:" in text  # the rest of the file as it was
    r = poa(sample_doc, "validate", "--strict", "--format", "json")
    rules = {d["rule"] for d in json.loads(r.stdout)["diagnostics"]}
    assert "footnote-unused" not in rules


# --------------------------------------------------------------------------- 15


def test_15_shell_completion_is_offered_and_completes(tmp_path: Path) -> None:
    # Typer finds the shell from the process tree (shellingham); under CI's `sh` that is
    # "sh", which it does not support. Its own test switch takes the shell named here.
    env = {**os.environ, "SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = poa_process(tmp_path, "--show-completion", "bash", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "_poa_completion" in shown.stdout
    env = {**os.environ, "_POA_COMPLETE": "complete_bash", "COMP_WORDS": "poa draft am",
           "COMP_CWORD": "2"}  # fmt: skip
    done = poa_process(tmp_path, env=env)
    assert done.stdout.split() == ["amend"]


@pytest.mark.parametrize(
    "command",
    [["draft", "amend"], ["clause", "add"], ["clause", "show"], ["consolidate"], ["render"],
     ["validate"], ["amendments", "list"], ["blame"], ["init"], ["document", "edit"]],
)  # fmt: skip
def test_15_help_placeholders_read_as_words(poa, tmp_path: Path, command: list[str]) -> None:
    r = poa(tmp_path, *command, "--help")
    assert r.exit_code == 0
    usage = r.stdout.split("\n\n")[0]
    options = r.stdout[r.stdout.find("Options:") :]
    for bad in ("<str>", "<int range>", "<path>", "--no-delete-clause", "--no-strict"):
        assert bad not in r.stdout
    assert "{" not in usage
    assert "[required]" not in options or "STATE" in options or "TEXT" in options


def test_15_clause_show_documents_its_id(poa, tmp_path: Path) -> None:
    r = poa(tmp_path, "clause", "show", "--help")
    assert "ID  Clause (paragraph) id" in r.stdout


def test_15_paragraph_is_clause(sample_doc: Path, poa) -> None:
    a = poa(sample_doc, "paragraph", "show", "op-annual-meetings")
    b = poa(sample_doc, "clause", "show", "op-annual-meetings")
    assert a.exit_code == 0 and a.stdout == b.stdout


def test_15_section_list_as_json(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "section", "list", "--format", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[1]["id"] == "commitment" and rows[1]["label"] == "I"
    assert "op-reaffirm-framework" in rows[1]["clauses"]


def test_15_blame_says_what_text_it_explains(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "blame", "op-annual-meetings")
    assert r.exit_code == 0, r.stderr
    assert "op-annual-meetings at working" not in r.stdout
    assert "as the text stands now" in r.stdout


# --------------------------------------------------------------------------- 16


def test_16_clause_add_a_sub_paragraph_nested_with_footnotes(sample_doc: Path, poa) -> None:
    from poa_cli.storage import store

    r = poa(sample_doc, "clause", "add", "op-mechanism-functions-f", "--parent",
            "op-mechanism-functions", "--text", "to report annually[^a-78-76];",
            "--footnote", "a-78-76=General Assembly resolution 78/76.")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = poa(sample_doc, "clause", "add", "op-mechanism-functions-c-iii", "--parent",
            "op-mechanism-functions-c", "--text", "pooling resources;",
            "--after", "op-mechanism-functions-c-i")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    clause = store.load_clause(sample_doc, "op-mechanism-functions")
    ids = [it.id for it in clause.items]
    assert ids[-1] == "op-mechanism-functions-f"
    c = next(it for it in clause.items if it.id == "op-mechanism-functions-c")
    assert [it.id for it in c.items] == [
        "op-mechanism-functions-c-i", "op-mechanism-functions-c-iii", "op-mechanism-functions-c-ii",
    ]  # fmt: skip
    assert clause.footnote("a-78-76") == "General Assembly resolution 78/76."
    assert "tags:" in (sample_doc / "clauses" / "op-mechanism-functions.yaml").read_text()
    assert poa(sample_doc, "validate", "--strict").exit_code in (0, 1)
    r = poa(sample_doc, "validate", "--format", "json")
    assert json.loads(r.stdout)["errors"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["op-new", "--kind", "operative", "--text", "x[^nowhere];"], "[^nowhere], which is not defined"),
        (["op-new", "--kind", "operative", "--text", "x;", "--footnote", "n=T"], "never calls it"),
        (["op-new", "--kind", "operative", "--text", "x[^b c];", "--footnote", "b c=T"], "not a footnote marker"),
        (["op-new", "--parent", "op-nowhere", "--text", "x;"], "no clause or sub-paragraph 'op-nowhere'"),
        (["op-new", "--parent", "op-mechanism-functions", "--kind", "operative", "--text", "x"], "drop --kind"),
        (["op-mechanism-functions-a", "--parent", "op-mechanism-functions", "--text", "x"], "already a sub-paragraph"),
        (["op-new", "--parent", "op-mechanism-functions", "--text", "x", "--after", "op-x"], "not a sub-paragraph of"),
        (["op-new", "--text", "x"], "--kind"),
    ],
)  # fmt: skip
def test_16_bad_clause_add_is_refused_and_writes_nothing(
    sample_doc: Path, poa, args: list[str], message: str
) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "clause", "add", *args)
    assert r.exit_code == 1, r.stdout
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert tree_state(sample_doc.parent) == before


# --------------------------------------------------------------------------- 17


def test_17_document_edit_sets_the_masthead(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "document", "edit", "--symbol", "A/CONF.999/2026/L.1/Rev.1",
            "--distribution", "general", "--date", "2026-06-20", "--agenda-item", "Item 9",
            "--numbering", "resolution")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    from poa_cli.storage import yamlio

    text = (sample_doc / "document.yaml").read_text()
    data = yamlio.load(sample_doc / "document.yaml")
    assert data["symbol"] == "A/CONF.999/2026/L.1/Rev.1" and data["distribution"] == "General"
    assert str(data["date"]) == "2026-06-20" and data["agenda_item"] == "Item 9"
    assert data["numbering"] == "resolution"
    assert text.startswith("# yaml-language-server")  # comments kept
    assert "ILLUSTRATIVE SAMPLE" in text
    assert git(sample_doc, "log", "-1", "--format=%s").startswith("Edit the masthead:")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [(["--distribution", "Secret"], 1, "distribution must be"),
     (["--title", ""], 1, "needs a title"),
     (["--numbering", "roman"], 1, "numbering must be"),
     (["--date", "20 June"], 2, "YYYY-MM-DD"),
     (["--session", "x" * 400], 1, "document.yaml"),
     ([], 1, "nothing to change")],
)  # fmt: skip
def test_17_bad_masthead_is_refused(
    sample_doc: Path, poa, args: list[str], code: int, message: str
) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "document", "edit", *args)
    assert r.exit_code == code
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert tree_state(sample_doc.parent) == before


def test_17_init_takes_the_masthead(git_repo: Path, poa) -> None:
    r = poa(git_repo, "init", "poa", "--title", "T", "--symbol", "A/2023/L.17",
            "--distribution", "General", "--date", "2023-10-12", "--session", "Seventy-eighth session",
            "--agenda-item", "Item 16", "--opening", "The General Assembly,",
            "--original-language", "Spanish")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    text = (git_repo / "poa" / "document.yaml").read_text()
    for line in ("distribution: General", "date: 2023-10-12", "session: Seventy-eighth session",
                 "agenda_item: Item 16", "opening: The General Assembly,",
                 "original_language: Spanish"):  # fmt: skip
        assert line in text
    assert poa(git_repo / "poa", "validate").exit_code == 0


# --------------------------------------------------------------------------- 20


def _two_proposals(poa, doc: Path, second: list[str]) -> None:
    r = poa(doc, "draft", "amend", "op-mechanism-functions-a", "--by", "Chile",
            "--insert", "challenges", "--after-text", "gaps,")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = poa(doc, "draft", "amend", "op-mechanism-functions-a", "--by", "Peru", *second)
    assert r.exit_code == 0, r.stderr


def _four_views(poa, doc: Path) -> tuple[bool, bool, bool, int]:
    """(validate warns of a conflict, list says competes, render prints Alt, consolidate rc)."""
    v = json.loads(poa(doc, "validate", "--format", "json").stdout)
    warned = any(d["rule"] == "conflict" and "CHL-1" in d["message"] for d in v["diagnostics"])
    rows = json.loads(poa(doc, "amendments", "list", "--by", "Chile", "--format", "json").stdout)
    competes = "PER-1" in (rows[0]["state"] or "")
    paper = poa(doc, "render", "--view", "compilation", "--format", "md", "-o", "-").stdout
    line = next(x for x in paper.splitlines() if "identifying gaps" in x)
    alt = "Alt 1" in line
    rc = poa(doc, "consolidate", "--accept", "CHL-1,PER-1", "--note", "x").exit_code
    return warned, competes, alt, rc


def test_20_a_footnote_beside_an_insertion_is_no_conflict_anywhere(sample_doc: Path, poa) -> None:
    _two_proposals(poa, sample_doc, ["--add-footnote", "See A/78/265.", "--after-text", "gaps,"])
    assert _four_views(poa, sample_doc) == (False, False, False, 0)
    from poa_cli.storage import store

    clause = store.load_clause(sample_doc, "op-mechanism-functions")
    assert "identifying gaps,[^per-1] challenges good practices" in clause.items[0].text
    assert clause.footnote("per-1") == "See A/78/265."


def test_20_two_insertions_at_one_point_are_a_conflict_everywhere(sample_doc: Path, poa) -> None:
    _two_proposals(poa, sample_doc, ["--insert", "needs", "--after-text", "gaps,"])
    warned, competes, alt, rc = _four_views(poa, sample_doc)
    assert (warned, competes, alt, rc) == (True, True, True, 1)


# --------------------------------------------------------------------------- 12


def test_12_a_paper_printed_into_the_document_never_blocks_a_command(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "render", "--view", "compilation", "--format", "md",
            "-o", "build/comp.md")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (sample_doc / "comp.html").write_text("<p>a paper</p>")
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    # A YAML file nobody committed still does.
    (sample_doc / "clauses" / "op-stray.yaml").write_text("id: op-stray\n")
    r = poa(sample_doc, "draft", "support", r.stdout.split()[0], "--by", "Brazil")
    assert r.exit_code == 1 and "op-stray.yaml" in r.stderr


# --------------------------------------------------------------------------- 1, 2


def in_terminal(cwd: Path, columns: int, *args: str) -> str:
    """Run the installed poa in a real pseudo-terminal *columns* wide; return what it shows."""
    import fcntl
    import pty
    import re
    import struct
    import subprocess
    import termios

    from tests.conftest import poa_command

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    proc = subprocess.Popen([*poa_command(), *args], cwd=cwd, stdout=follower, stderr=follower,
                            env=env)  # fmt: skip
    os.close(follower)
    data = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    proc.wait(timeout=60)
    os.close(leader)
    text = data.decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize("columns", [80, 120, 160])
def test_1_ids_and_proposers_stay_readable_in_a_terminal(sample_doc: Path, columns: int) -> None:
    shown = in_terminal(sample_doc, columns, "amendments", "list")
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= columns
    for aid in ("AUS-1", "KEN-1", "CSNET-1", "MEX-1"):
        assert any(line.startswith(f"│ {aid} ") for line in lines), aid
    assert "…" not in shown
    body = "\n".join(lines)
    assert "Switzerland" in body and "Australia" in body
    # "Proposed by" is never one word a line: "Mexico, Chile," fits on one.
    assert "Mexico, Chile," in body
    if columns < 130:
        assert "Objections" not in body  # dropped first, 'amendments show' has them


def test_1_piped_list_is_never_cut(sample_doc: Path) -> None:
    run = poa_process(sample_doc, "amendments", "list", env={**os.environ, "COLUMNS": "60"})
    assert "…" not in run.stdout
    assert "Kenya on behalf of African Group" in run.stdout
    assert "Objections" in run.stdout


def test_2_piped_clause_show_is_never_wrapped(sample_doc: Path) -> None:
    run = poa_process(sample_doc, "clause", "show", "op-annual-meetings",
                      env={**os.environ, "COLUMNS": "60"})  # fmt: skip
    line = next(x for x in run.stdout.splitlines() if "formal meetings once a year" in x)
    assert line.endswith("convened in 2027;")
    assert "pending proposals" in run.stdout
    assert "CHE-1  Switzerland:" in run.stdout


def test_2_clause_show_in_a_terminal_hangs_wraps_and_italicises(sample_doc: Path) -> None:
    shown = in_terminal(sample_doc, 80, "clause", "show", "op-mechanism-functions")
    assert "*Agree*" not in shown and "Agree that" in shown
    lines = shown.splitlines()
    for line in lines:
        assert line.strip() not in ("op-mechanism-functions-a", "op-mechanism-functions-b")
    a = next(i for i, x in enumerate(lines) if "(a)" in x)
    # The next line continues (a)'s words under them, not under "(a)".
    indent = len(lines[a]) - len(lines[a].lstrip()) + len("(a)")
    assert lines[a + 1][:indent].strip() == ""
    assert "op-mechanism-functions-a" in lines[a]


# --------------------------------------------------------------------------- 7


def test_7_a_stale_proposal_shows_its_intent_and_is_reanchored(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    aid = r.stdout.split()[0]
    new_text = (
        "*Decide* that the Programme of Action shall hold its formal meetings once every year "
        "in Geneva, each of up to five working days;"
    )
    assert (
        poa(sample_doc, "clause", "edit", "op-annual-meetings", "--text", new_text).exit_code == 0
    )
    shown = poa(sample_doc, "amendments", "show", aid)
    assert "stale" in shown.stdout
    assert "[-once-]" in shown.stdout and "{+twice+}" in shown.stdout  # what it meant
    refused = poa(sample_doc, "consolidate", "--accept", aid, "--note", "x")
    assert refused.exit_code == 1 and f"poa draft reanchor {aid}" in refused.stderr
    before = tree_state(sample_doc.parent)
    bad = poa(sample_doc, "draft", "reanchor", aid, "--phrase", "twice a decade")
    assert bad.exit_code == 1 and tree_state(sample_doc.parent) == before
    r = poa(sample_doc, "draft", "reanchor", aid, "--phrase", "once every year")
    assert r.exit_code == 0, r.stderr
    assert "[-once every year-]" in r.stdout or "[-once" in r.stdout
    assert git(sample_doc, "log", "-1", "--format=%s").startswith(f"Re-anchor {aid}")
    data = (sample_doc / AMENDMENTS / f"{aid}.yaml").read_text()
    assert "phrase: once every year" in data and "text: twice a year" in data
    r = poa(sample_doc, "consolidate", "--accept", aid, "--note", "x")
    assert r.exit_code == 0, r.stderr
    text = (sample_doc / "clauses" / "op-annual-meetings.yaml").read_text()
    assert "formal meetings twice a year in Geneva" in text


# --------------------------------------------------------------------------- 18


def test_18_an_insertion_with_its_footnote_in_one_amendment(sample_doc: Path, poa) -> None:
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Chile",
            "--insert", "and in Geneva", "--after-text", "in New York,",
            "--add-footnote", "See A/78/265, para. 4.")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    aid = r.stdout.split()[0]
    assert "(insert-text)" in r.stdout
    assert "{+and in Geneva[^chl-1]+}" in r.stdout
    paper = poa(sample_doc, "render", "--view", "compilation", "--format", "md", "-o", "-").stdout
    assert "with a footnote: <ins>See A/78/265, para. 4.</ins>" in paper
    assert "[^chl-1]" not in paper
    assert poa(sample_doc, "validate", "--format", "json").exit_code == 0
    r = poa(sample_doc, "consolidate", "--accept", aid, "--reject", "CHE-1", "--note", "x")
    assert r.exit_code == 0, r.stderr
    from poa_cli.storage import store

    clause = store.load_clause(sample_doc, "op-annual-meetings")
    assert "in New York, and in Geneva[^chl-1] each of" in clause.text
    assert clause.footnote("chl-1") == "See A/78/265, para. 4."
    r = poa(sample_doc, "validate", "--strict", "--format", "json")
    rules = {d["rule"] for d in json.loads(r.stdout)["diagnostics"]}
    assert not rules & {"footnote-unused", "footnote-undefined", "footnote-missing"}


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--insert", "x", "--after-text", "in New York,", "--add-footnote", "  "], 1),
     (["--delete-text", "once a year", "--add-footnote", "note"], 2)],
)  # fmt: skip
def test_18_a_bad_footnote_on_words_is_refused(
    sample_doc: Path, poa, args: list[str], code: int
) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Chile", *args)
    assert r.exit_code == code
    assert len(r.stderr.strip().splitlines()) == 1
    assert tree_state(sample_doc.parent) == before


def test_18_a_footnote_is_amended_like_a_paragraph(sample_doc: Path, poa) -> None:
    target = "pp-oewg-action-oriented[^oewg-74]"
    r = poa(sample_doc, "draft", "amend", target, "--by", "Peru",
            "--replace", "para. 74", "--with", "paras. 74 and 75")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    aid = r.stdout.split()[0]
    assert "[-para. 74.-]{+paras. 74 and 75.+}" in r.stdout
    assert f"target: {target}" in (sample_doc / AMENDMENTS / f"{aid}.yaml").read_text()
    assert json.loads(poa(sample_doc, "validate", "--format", "json").stdout)["errors"] == 0
    paper = poa(sample_doc, "render", "--view", "compilation", "--format", "md", "-o", "-").stdout
    line = next(x for x in paper.splitlines() if "*Footnote \\[^oewg-74\\]:*" in x)
    assert "**Peru**" in line and "<ins>" in line and "75" in line
    assert "could not be placed" not in paper
    r = poa(sample_doc, "consolidate", "--accept", aid, "--note", "x")
    assert r.exit_code == 0, r.stderr
    from poa_cli.storage import store

    clause = store.load_clause(sample_doc, "pp-oewg-action-oriented")
    assert clause.footnote("oewg-74") == (
        "Final report of the 2019–2021 open-ended working group (A/75/816), paras. 74 and 75."
    )


@pytest.mark.parametrize(
    ("target", "args", "message"),
    [("pp-oewg-action-oriented[^nope]", ["--append", "x"], "has no footnote [^nope]"),
     ("pp-oewg-action-oriented[^oewg-74]", ["--add-footnote", "x", "--after-text", "para."],
      "a footnote's words are changed"),
     ("pp-oewg-action-oriented[^oewg-74]", ["--delete-clause"], "a footnote's words are changed")],
)  # fmt: skip
def test_18_bad_footnote_amendments_are_refused(
    sample_doc: Path, poa, target: str, args: list[str], message: str
) -> None:
    before = tree_state(sample_doc.parent)
    r = poa(sample_doc, "draft", "amend", target, "--by", "Peru", *args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert tree_state(sample_doc.parent) == before
