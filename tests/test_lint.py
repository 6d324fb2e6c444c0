"""``poa lint``: every seeded mistake found, the samples clean, validate's output shapes.

The seeded table puts one drafting mistake at a time into a clean copy of the
sample founding document (an outcome document: *Decide*, *Reaffirm*) by editing
the clause file's text, and expects exactly one finding: that rule, in that
clause (and sub-paragraph or footnote). The real adopted texts are the other bar
(tests/test_lint_real.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from poa_cli.actions.lint import lint
from poa_cli.domain import lint as rules
from poa_cli.domain.model import Clause, Item
from tests.conftest import DRAFTS, git

# (clause file, exact text in it, what replaces it, expected rule, part when not the clause)
SEEDED: list[tuple[str, str, str, str, str | None]] = [
    ("pp-charter", "*Guided by* the", "Guided by the", "preambular-lead", None),
    ("pp-threats", "all States,", "all States;", "preambular-ending", None),
    ("pp-capacity-divide", "between States,", "between States.", "preambular-ending", None),
    ("pp-national-views", "*Taking note* of", "*Takes note* of", "preambular-form", None),
    ("op-establish", "*Decide* to establish", "Decide to establish", "operative-lead", None),
    ("op-scope", "*Decide also* that", "*Deciding also* that", "operative-verb", None),
    ("op-objective", "*Decide further* that", "*Decides further* that", "document-form", None),
    ("op-bureau", "intersessional period;", "intersessional period.", "operative-ending", None),
    ("op-review-adapt", "technologies.", "technologies;", "operative-ending", None),
    ("op-annual-meetings", "in 2027;", "in 2027", "operative-ending", None),
    (
        "op-mechanism-functions",
        "priorities for implementation;",
        "priorities for implementation,",
        "subparagraph-ending",
        "op-mechanism-functions-a",
    ),
    (
        "op-capacity-matching",
        "relevant stakeholders;",
        "relevant stakeholders.",
        "subparagraph-ending",
        "op-capacity-matching-c",
    ),
    ("op-secretariat", "the Secretary-General to", "the Secretary General to", "spelling", None),
    ("op-capacity-funding", "*Invite* States", "*Invite* member states", "spelling", None),
    ("pp-stakeholder-responsibility", "*Recognizing*", "*Recognising*", "spelling", None),
    (
        "op-stakeholder-modalities",
        "non-governmental organizations",
        "nongovernmental organizations",
        "spelling",
        "op-stakeholder-modalities-a",
    ),
    ("op-stakeholder-cooperation", "seek cooperation", "seek co-operation", "spelling", None),
    ("pp-cumulative-framework", "State behaviour", "State behavior", "spelling", None),
    (
        "op-points-of-contact",
        "up to date;",
        "up to date, as the organisation requires;",
        "spelling",
        None,
    ),
    ("op-reporting-purpose", "good practices", "good practices and programs", "spelling", None),
    ("op-decisions-consensus", "by consensus", 'by \\"consensus”', "straight-quotes", None),
    (
        "op-evolving-framework",
        "the framework may",
        "the framework's text may",
        "straight-quotes",
        None,
    ),
    ("pp-oewg-2021-2025", "2021–2025", "2021-2025", "en-dash", None),
    (
        "op-voluntary-reporting",
        "on a voluntary basis",
        "on a  voluntary basis",
        "double-space",
        None,
    ),
    (
        "op-working-groups",
        "open to the participation",
        "(open to the participation",
        "brackets",
        None,
    ),
    ("op-guiding-principles", "transparency,", "transparency),", "brackets", None),
    (
        "pp-oewg-action-oriented",
        "results-based,[^oewg-74]",
        "results-based[^oewg-74],",
        "footnote-placement",
        None,
    ),
    (
        "pp-res-77-37",
        "resolution 77/37 of 7 December 2022",
        "resolution A/RES/77/37",
        "citation",
        None,
    ),
    (
        "pp-institutional-dialogue",
        "since 2003,",
        "since 2003 (see A/Res/58/32),",
        "symbol",
        None,
    ),
    (
        "op-preparatory-work",
        "in 2024 and 2025",
        "in 2024 and 2025 (A/RES 78/16)",
        "symbol",
        None,
    ),
    (
        "op-organizational-meeting",
        "in the first half of 2027",
        "pursuant to resolution 78/16 of December 4, 2023",
        "citation",
        None,
    ),
    (
        "op-recommendations-first",
        "as a matter of priority",
        "as a matter of priority and pursuant to Resolution 78/16",
        "citation",
        None,
    ),
    (
        "op-recommendations-nature",
        "are voluntary",
        "are, as res. 78/16 says, voluntary",
        "citation",
        None,
    ),
    ("op-review-conference", "in 2032,", "in 2032, on the 4th of December", "citation", None),
    (
        "op-conference-stakeholders",
        "*Express our appreciation*",
        "*Expresses its appreciation*",
        "document-form",
        None,
    ),
    (
        "op-recommendations-adopt",
        "and periodically review",
        "and periodically prioritise",
        "spelling",
        None,
    ),
]


@pytest.fixture(scope="module")
def clean_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = tmp_path_factory.mktemp("clean") / "poa-founding-document"
    shutil.copytree(DRAFTS / "poa-founding-document", doc)
    return doc


def _seed(clean: Path, tmp: Path, clause: str, old: str, new: str) -> Path:
    doc = tmp / "poa-founding-document"
    shutil.copytree(clean, doc)
    path = doc / "clauses" / f"{clause}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{clause}: the seed's text must occur once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return doc


def test_the_table_is_large_and_covers_every_rule() -> None:
    assert len(SEEDED) >= 30
    assert {rule for *_, rule, _part in SEEDED} == set(rules.RULES)


@pytest.mark.parametrize(
    ("clause", "old", "new", "rule", "part"), SEEDED, ids=[f"{s[3]}:{s[0]}" for s in SEEDED]
)
def test_every_seeded_mistake_is_found(
    clean_doc: Path, tmp_path: Path, clause: str, old: str, new: str, rule: str, part: str | None
) -> None:
    doc = _seed(clean_doc, tmp_path, clause, old, new)
    found = lint([doc], use_cache=False).diagnostics
    assert [(d.clause, d.rule) for d in found] == [(clause, rule)], found
    d = found[0]
    assert d.path.endswith(f"clauses/{clause}.yaml") and d.line is not None
    assert d.message
    if part is not None:  # the line is the sub-paragraph's or the footnote's, not the clause's
        text = (doc / "clauses" / f"{clause}.yaml").read_text(encoding="utf-8").split("\n")
        assert f"id: {part}" in text[d.line - 2], (part, d.line)


def test_the_samples_are_clean() -> None:
    result = lint([DRAFTS / "poa-founding-document", DRAFTS / "recommendations"], use_cache=False)
    assert result.diagnostics == []


def test_column_points_at_the_mistake(clean_doc: Path, tmp_path: Path) -> None:
    doc = _seed(clean_doc, tmp_path, "pp-oewg-2021-2025", "2021–2025", "2021-2025")
    (d,) = lint([doc], use_cache=False).diagnostics
    line = (doc / "clauses" / "pp-oewg-2021-2025.yaml").read_text(encoding="utf-8").split("\n")
    assert line[d.line - 1][d.column - 1 :].startswith("2021-2025")  # type: ignore[operator]


# --------------------------------------------------------------------------- pure rules


def _op(cid: str, text: str, items: tuple[Item, ...] = ()) -> Clause:
    return Clause(id=cid, kind="operative", text=text, items=items)


def test_form_follows_the_majority_then_the_declared_numbering() -> None:
    third = [_op("a", "*Decides* that;"), _op("b", "*Requests* the Secretary-General.")]
    assert rules.lint(third, numbering="outcome") == []
    one_each = [_op("a", "*Decides* that;"), _op("b", "*Decide* that.")]
    found = rules.lint(one_each, numbering="outcome")
    assert [(f.clause, f.rule) for f in found] == [("a", "document-form")]


def test_paragraphs_not_in_resolution_form_are_left_alone() -> None:
    # Budget paragraphs and declarations open without an italic verb, and rightly.
    texts = [
        _op("a", "Appropriations totalling 3,717,379,600 dollars are approved as follows:"),
        _op("b", "We reaffirm our commitment to the Charter."),
    ]
    assert [f.rule for f in rules.lint(texts)] == []


def test_subparagraphs_end_as_their_paragraph() -> None:
    items = (Item("x-a", "first;"), Item("x-b", "second;"))
    assert [f.part for f in rules.lint([_op("x", "*Decides*:", items)])] == ["x-b"]
    items = (Item("x-a", "first;"), Item("x-b", "second."))
    assert rules.lint([_op("x", "*Decides*:", items)]) == []


def test_names_keep_their_owners_spelling() -> None:
    text = (
        "*Welcomes* the work of the Organisation for the Prohibition of Chemical Weapons "
        "and of the member States of the European Union, and of the Secretary General of "
        "the Council of Europe, and computer programs."
    )
    assert rules.lint([_op("a", text)]) == []


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="no-such"):
        rules.lint([], rules=["no-such"])


# --------------------------------------------------------------------------- the command


def test_cli_text_json_github_and_exit_codes(poa: Any, clean_doc: Path, tmp_path: Path) -> None:
    doc = _seed(clean_doc, tmp_path, "op-scope", "*Decide also* that", "*Deciding also* that")
    run = poa(tmp_path, "lint", str(doc))
    assert run.exit_code == 1
    assert "clauses/op-scope.yaml:" in run.stdout and "error [operative-verb]" in run.stdout
    run = poa(tmp_path, "lint", str(doc), "--format", "json")
    report = json.loads(run.stdout)
    assert report["ok"] is False
    (d,) = report["diagnostics"]
    assert set(d) == {"path", "line", "column", "rule", "message", "severity", "clause"}
    assert d["clause"] == "op-scope" and d["rule"] == "operative-verb"
    # the same shape as validate's JSON
    valid = json.loads(poa(tmp_path, "validate", str(doc), "--format", "json").stdout)
    assert set(valid) == set(report)
    run = poa(tmp_path, "lint", str(doc), "--format", "github")
    assert run.stdout.startswith("::error file=") and "title=poa operative-verb" in run.stdout
    assert poa(tmp_path, "lint", str(doc), "--rule", "spelling").exit_code == 0
    assert poa(tmp_path, "lint", str(clean_doc)).exit_code == 0


def test_cli_usage_errors_exit_2(poa: Any, clean_doc: Path, tmp_path: Path) -> None:
    run = poa(tmp_path, "lint", str(clean_doc), "--rule", "no-such-rule")
    assert run.exit_code == 2 and "unknown rule no-such-rule" in run.stderr
    assert poa(tmp_path, "lint", str(clean_doc), "--format", "xml").exit_code == 2


def test_list_rules_names_every_rule(poa: Any, tmp_path: Path) -> None:
    run = poa(tmp_path, "lint", "--list-rules")
    assert run.exit_code == 0
    assert [ln.split()[0] for ln in run.stdout.splitlines()] == list(rules.RULES)


def test_files_passed_by_a_hook_lint_their_document(
    poa: Any, clean_doc: Path, tmp_path: Path
) -> None:
    doc = _seed(clean_doc, tmp_path, "pp-threats", "all States,", "all States;")
    changed = doc / "clauses" / "pp-threats.yaml"
    readme = tmp_path / "README.md"
    readme.write_text("not a poa file\n")
    run = poa(tmp_path, "lint", str(changed), str(readme))
    assert run.exit_code == 1 and "[preambular-ending]" in run.stdout


def test_warm_run_answers_from_the_memo(git_repo: Path, clean_doc: Path) -> None:
    doc = git_repo / "poa-founding-document"
    shutil.copytree(clean_doc, doc)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "sample")
    assert lint([doc]).diagnostics == []
    path = doc / "clauses" / "pp-threats.yaml"
    path.write_text(path.read_text().replace("all States,", "all States;"))
    # The memo is keyed on every file's stat: a changed file is linted again.
    assert [d.rule for d in lint([doc]).diagnostics] == ["preambular-ending"]


def test_hook_is_declared() -> None:
    from tests.conftest import ROOT

    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: poa-lint" in hooks and "entry: poa lint" in hooks
