"""poa validate: the valid examples pass, every invalid example fails precisely."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from poa_cli.actions.validate import RULES, validate
from poa_cli.domain.diagnostics import Diagnostic
from poa_cli.storage.layout import discover

from .conftest import DRAFTS, EXAMPLES, MINIMAL, git, poa_process, tree_state

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def overlay(case: Path, dest: Path) -> Path:
    """Lay the files of an invalid *case* over a copy of the minimal document."""
    doc = dest / "minimal"
    shutil.copytree(MINIMAL, doc)
    for src in case.rglob("*"):
        if src.is_file() and src.name != "expect.json":
            target = doc / src.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return doc


@pytest.mark.parametrize("doc", [MINIMAL, *sorted(DRAFTS.glob("*/"))], ids=lambda p: p.name)
def test_valid_documents_have_no_errors(doc: Path) -> None:
    result = validate([doc], use_cache=False)
    assert result.errors == [], [d.message for d in result.errors]


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_example_fails_with_its_message(case: Path, tmp_path: Path, poa) -> None:
    expect = json.loads((case / "expect.json").read_text())
    doc = overlay(case, tmp_path)
    before = sorted((p.relative_to(doc), p.read_bytes()) for p in doc.rglob("*") if p.is_file())
    start = time.perf_counter()
    run = poa(tmp_path, "validate", str(doc), "--format", "json", "--no-cache")
    elapsed = time.perf_counter() - start
    assert run.exit_code == 1, run.stdout + run.stderr
    report = json.loads(run.stdout)
    wanted = [
        d
        for d in report["diagnostics"]
        if d["rule"] == expect["rule"]
        and expect["message"] in d["message"]
        and d["path"].endswith(expect["file"])
    ]
    assert wanted, f"expected {expect} in {report['diagnostics']}"
    if "line" in expect:
        assert wanted[0]["line"] == expect["line"], wanted[0]
    after = sorted((p.relative_to(doc), p.read_bytes()) for p in doc.rglob("*") if p.is_file())
    assert after == before  # validate never writes into the document
    assert elapsed < 30  # a hang would show here; speed is measured in benchmarks/


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_render_and_draft_on_every_invalid_example(case: Path, tmp_path: Path, poa) -> None:
    """The same corpus through the other commands that read the document.

    render refuses every invalid document (a paper is never printed from one).
    draft amend reads only the files it needs (docs/decisions.md): it refuses
    when one of those is bad, and otherwise records the new amendment without
    touching anyone else's file — one delegation's broken file must not stop
    another delegation from proposing.
    """
    doc = overlay(case, tmp_path)
    before = {p.relative_to(doc): p.read_bytes() for p in doc.rglob("*") if p.is_file()}
    out = tmp_path / "paper.html"
    run = poa(tmp_path, "render", str(doc), "--view", "compilation", "-o", str(out))
    assert run.exit_code == 1, (run.stdout, run.stderr)
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert not out.exists()
    run = poa(tmp_path, "draft", "amend", "op-meet", "--doc", str(doc), "--by", "France",
              "--append", "x", "--no-commit")  # fmt: skip
    after = {p.relative_to(doc): p.read_bytes() for p in doc.rglob("*") if p.is_file()}
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    if run.exit_code == 1:
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert after == before
    else:
        assert run.exit_code == 0, run.stderr
        new = set(after) - set(before)
        assert [p.parent.name for p in new] == ["amendments"]
        assert {k: v for k, v in after.items() if k not in new} == before
        written = validate([doc], use_cache=False)
        assert not [d for d in written.errors if d.path.endswith(str(next(iter(new))))]
    bad_read = {"document.yaml", "clauses/op-meet.yaml"} & {
        str(p.relative_to(case)) for p in case.rglob("*.yaml")
    }
    expect = json.loads((case / "expect.json").read_text())
    if bad_read and expect["rule"] in ("yaml", "schema"):
        assert run.exit_code == 1  # a file draft amend reads is refused where it is read


def test_each_invalid_example_gives_one_line_per_problem_in_text(tmp_path: Path, poa) -> None:
    doc = overlay(EXAMPLES / "invalid" / "python-tag", tmp_path)
    run = poa(tmp_path, "validate", str(doc))
    assert run.exit_code == 1
    first = run.stdout.splitlines()[0]
    assert first.startswith("minimal/clauses/op-meet.yaml:5:")
    assert "error [yaml]" in first
    assert "Traceback" not in run.stdout + run.stderr
    assert not Path("/tmp/poa-pwned").exists()


def test_github_format_prints_annotations(tmp_path: Path, poa) -> None:
    doc = overlay(EXAMPLES / "invalid" / "missing-target", tmp_path)
    run = poa(tmp_path, "validate", str(doc), "--format", "github")
    assert run.exit_code == 1
    line = run.stdout.splitlines()[0]
    assert line.startswith("::error file=minimal/amendments/DNK-2.yaml,line=4,col=")
    assert "title=poa target-unknown::target 'op-nowhere'" in line


def test_all_problems_are_collected_before_reporting(tmp_path: Path, poa) -> None:
    doc = overlay(EXAMPLES / "invalid" / "unknown-state", tmp_path)
    (doc / "amendments" / "BRA-7.yaml").write_text("id: [BRA-7\n")
    for case in ("missing-target", "order-missing", "footnote-undefined"):
        for src in (EXAMPLES / "invalid" / case).rglob("*.yaml"):
            target = doc / src.relative_to(EXAMPLES / "invalid" / case)
            if target.exists() and case == "missing-target":
                target = target.with_name("DNK-3.yaml")
                target.write_text(src.read_text().replace("DNK-2", "DNK-3"))
            else:
                shutil.copyfile(src, target)
    report = json.loads(poa(tmp_path, "validate", str(doc), "-f", "json", "--no-cache").stdout)
    rules = {d["rule"] for d in report["diagnostics"]}
    assert {
        "proposer-unknown",
        "target-unknown",
        "order-missing",
        "yaml",
        "footnote-undefined",
    } <= rules


def test_amendment_id_collision_ignoring_case(tmp_path: Path) -> None:
    doc = tmp_path / "minimal"
    shutil.copytree(MINIMAL, doc)
    src = (doc / "amendments" / "DNK-1.yaml").read_text()
    (doc / "amendments" / "Dnk-1.yaml").write_text(src.replace("id: DNK-1", "id: Dnk-1"))
    result = validate([doc], use_cache=False)
    assert "amendment-id-collision" in {d.rule for d in result.errors}


def test_oversized_file_is_one_diagnostic(tmp_path: Path) -> None:
    doc = tmp_path / "minimal"
    shutil.copytree(MINIMAL, doc)
    big = doc / "clauses" / "op-meet.yaml"
    big.write_text("schema: poa/clause/1\ntext: '" + "x" * (2 * 1024 * 1024) + "'\n")
    result = validate([doc], use_cache=False)
    [diag] = [d for d in result.errors if d.path.endswith("op-meet.yaml")]
    assert diag.rule == "yaml" and "at most" in diag.message and diag.line == 1


def test_warnings_do_not_fail_unless_strict(tmp_path: Path, poa) -> None:
    doc = tmp_path / "minimal"
    shutil.copytree(MINIMAL, doc)
    (doc / "notes.txt").write_text("scratch")
    assert poa(tmp_path, "validate", str(doc)).exit_code == 0
    run = poa(tmp_path, "validate", str(doc), "--strict")
    assert run.exit_code == 1
    assert "unexpected-file" in run.stdout


def test_the_json_report_counts_errors_and_warnings(tmp_path: Path, poa) -> None:
    doc = overlay(EXAMPLES / "invalid" / "missing-target", tmp_path)
    (doc / "notes.txt").write_text("scratch")
    run = poa(tmp_path, "validate", str(doc), "--format", "json", "--no-cache")
    report = json.loads(run.stdout)
    assert {k: report[k] for k in ("ok", "documents", "errors", "warnings")} == {
        "ok": False,
        "documents": ["minimal"],
        "errors": 1,
        "warnings": 1,
    }
    files = 1 + len(list(doc.glob("clauses/*.yaml"))) + len(list(doc.glob("amendments/*.yaml")))
    assert report["files"] == files
    [error] = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert error == {
        "path": "minimal/amendments/DNK-2.yaml",
        "line": 4,
        "column": error["column"],
        "rule": "target-unknown",
        "message": error["message"],
        "severity": "error",
        "clause": None,
    }
    assert isinstance(error["column"], int)
    assert error["message"].startswith("target 'op-nowhere'")


def test_a_location_has_as_much_as_is_known() -> None:
    d = Diagnostic("minimal/clauses/op-meet.yaml", 5, 3, "yaml", "bad")
    assert d.location() == "minimal/clauses/op-meet.yaml:5:3"
    assert replace(d, column=None).location() == "minimal/clauses/op-meet.yaml:5"
    assert replace(d, line=None, column=None).location() == "minimal/clauses/op-meet.yaml"


def test_cache_gives_the_same_answer_and_notices_changes(minimal_doc: Path) -> None:
    first = validate([minimal_doc])
    cache_dir = minimal_doc.parent / ".git" / "poa-cache"
    assert any(cache_dir.iterdir())
    assert validate([minimal_doc]).diagnostics == first.diagnostics == []
    clause = minimal_doc / "clauses" / "op-meet.yaml"
    clause.write_text(clause.read_text().replace("kind: operative", "kind: operational"))
    again = validate([minimal_doc])
    assert [d.rule for d in again.errors] == ["schema"]
    assert tree_state(minimal_doc.parent)[1].strip() == "M minimal/clauses/op-meet.yaml"


def test_bare_validate_finds_every_document_below(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "docs" / "a")
    shutil.copytree(MINIMAL, tmp_path / "docs" / "b")
    for name in ("a", "b"):
        p = tmp_path / "docs" / name / "document.yaml"
        p.write_text(p.read_text().replace("id: minimal", f"id: {name}"))
    proc = poa_process(tmp_path, "validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 documents" in proc.stdout


def test_discover_finds_the_document_around_or_every_one_below(tmp_path: Path) -> None:
    for where in (
        "docs/a",
        "docs/b/deeper",
        "build/c",
        ".hidden/d",
        "venv/e",
        "node_modules/f",
        "nested/g",
        "dist/i",
        "__pycache__/j",
        "lib/site-packages/k",
    ):
        shutil.copytree(MINIMAL, tmp_path / where)
    (tmp_path / "nested" / ".git").mkdir()  # a repository of its own
    shutil.copytree(MINIMAL, tmp_path / "vendored")  # a document that is a repository's top
    (tmp_path / "vendored" / ".git").mkdir()
    (tmp_path / "docs" / "a" / "inner").mkdir()
    shutil.copytree(
        MINIMAL, tmp_path / "docs" / "a" / "inner" / "h"
    )  # inside a document: not sought
    assert discover(tmp_path) == [tmp_path / "docs" / "a", tmp_path / "docs" / "b" / "deeper"]
    assert discover(tmp_path / "docs" / "a" / "clauses") == [tmp_path / "docs" / "a"]
    assert discover(tmp_path / "docs" / "a") == [tmp_path / "docs" / "a"]
    assert discover(tmp_path / "build") == [tmp_path / "build" / "c"]  # asked for by name
    empty = tmp_path / "empty"
    empty.mkdir()
    assert discover(empty) == []


def test_every_rule_is_documented() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "format.md").read_text()
    missing = [rule for rule in RULES if f"`{rule}`" not in doc]
    assert missing == []


def test_validate_in_a_git_repo_writes_nothing_tracked(minimal_doc: Path) -> None:
    before = tree_state(minimal_doc.parent)
    proc = poa_process(minimal_doc, "validate")
    assert proc.returncode == 0, proc.stderr
    assert tree_state(minimal_doc.parent) == before
    assert git(minimal_doc.parent, "status", "--porcelain", "--ignored") == ""


def test_stale_and_competing_amendments_are_warnings(tmp_path: Path) -> None:
    doc = tmp_path / "minimal"
    shutil.copytree(MINIMAL, doc)
    src = (doc / "amendments" / "DNK-1.yaml").read_text()
    rival = src.replace("DNK-1", "USA-1").replace("[DNK, EST]", "[USA]")
    rival = rival.replace("text: twice a year", "text: as needed")
    (doc / "amendments" / "USA-1.yaml").write_text(rival)
    clause = doc / "clauses" / "op-meet.yaml"
    result = validate([doc], use_cache=False)
    assert result.errors == []
    assert {(d.rule, d.path.rsplit("/", 1)[-1]) for d in result.warnings} == {
        ("conflict", "DNK-1.yaml")
    }
    clause.write_text(clause.read_text().replace("once a year", "every year"))
    result = validate([doc], use_cache=False)
    stale = sorted(d.path.rsplit("/", 1)[-1] for d in result.warnings if d.rule == "stale")
    assert stale == ["DNK-1.yaml", "USA-1.yaml"]
    assert result.ok() and not result.ok(strict=True)


def test_a_warm_validate_prints_the_kept_report_until_a_file_changes(minimal_doc: Path) -> None:
    """The printed report is kept per format: an unchanged document gets the same bytes and
    exit code as a cold run; a changed file (even a hand edit) is validated again."""

    def run(*args: str) -> tuple[int, str]:
        proc = poa_process(minimal_doc, "validate", *args)
        return proc.returncode, proc.stdout

    for fmt in ("text", "json", "github"):
        cold = run("--format", fmt, "--no-cache")
        assert run("--format", fmt) == cold  # computed, then kept
        assert run("--format", fmt) == cold  # from the kept report
    assert list((minimal_doc.parent / ".git" / "poa-cache").glob("report-*.json"))
    path = minimal_doc / "amendments" / "DNK-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: proposed", "status: bogus"))
    code, out = run("--format", "json")
    assert code == 1 and json.loads(out)["errors"] >= 1
    assert run("--format", "json") == (code, out)  # the failure is kept too, exit code and all
    assert run("--format", "json", "--no-cache") == (code, out)


def test_a_warm_validate_loads_no_rules_parser_or_json(minimal_doc: Path) -> None:
    """The kept report is found with the standard library's os and a SHA-1
    (storage/memo.py): not the rules, the parse cache, YAML, JSON or dataclasses,
    whose imports would cost more than the lookup (docs/decisions.md 141)."""
    assert poa_process(minimal_doc, "validate").returncode == 0  # keeps the report
    heavy = [
        "poa_cli.actions.validate",
        "poa_cli.actions.remembered_results",
        "poa_cli.storage.cache",
        "poa_cli.storage.yamlio",
        "poa_cli.domain.diagnostics",
        "ruamel",
        "json",
        "dataclasses",
        "hashlib",
    ]
    probe = (
        "import sys; sys.argv = ['poa', 'validate']; from poa_cli.entry import main; "
        "code = main(); sys.stdout.flush(); "
        f"print('LOADED', sorted(m for m in {heavy!r} if m in sys.modules)); sys.exit(code)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=minimal_doc, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "LOADED []"
    # A changed file is still seen, and then the rules do load.
    path = minimal_doc / "amendments" / "DNK-1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=minimal_doc, capture_output=True, text=True
    )
    assert "poa_cli.actions.validate" in proc.stdout.splitlines()[-1]
