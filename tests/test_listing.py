"""actions/listing.py: what ``clause list`` shows, worked out before the CLI draws it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poa_cli.actions.listing import list_clauses
from poa_cli.errors import NotFound
from poa_cli.storage import store


def test_clauses_in_reading_order_with_numbers_sections_and_headings(sample_doc: Path) -> None:
    meta = store.load_meta(sample_doc)
    listing = list_clauses(sample_doc)
    assert (listing.symbol, listing.title) == (meta.symbol, meta.title)
    assert [c.clause.id for c in listing.clauses] == [
        cid for cid in meta.clause_order() if (sample_doc / "clauses" / f"{cid}.yaml").exists()
    ]
    # Each section with a heading announces it once, on its first clause listed.
    headed = [c for c in listing.clauses if c.heading]
    with_heading = [s for s in meta.sections if s.heading and s.clauses]
    assert [c.heading for c in headed] == [s.heading for s in with_heading]
    assert [c.clause.id for c in headed] == [s.clauses[0] for s in with_heading]
    for c in listing.clauses:
        assert c.clause.id in next(s.clauses for s in meta.sections if s.id == c.section)
    # An outcome document numbers every paragraph, preambular ones too, 1, 2, 3 …
    assert meta.numbering == "outcome"
    assert [c.number for c in listing.clauses[:12]] == [str(n) for n in range(1, 13)]
    assert "*" not in "".join(c.opening_words for c in listing.clauses)
    assert all(len(c.opening_words.split()) <= 16 for c in listing.clauses)


def test_one_section_and_an_unknown_one(sample_doc: Path) -> None:
    meta = store.load_meta(sample_doc)
    section = next(s for s in meta.sections if len(s.clauses) > 1)
    listing = list_clauses(sample_doc, section.id)
    assert [c.clause.id for c in listing.clauses] == list(section.clauses)
    assert {c.section for c in listing.clauses} == {section.id}
    with pytest.raises(NotFound, match="no section 'nowhere'"):
        list_clauses(sample_doc, "nowhere")


def test_the_command_prints_what_the_action_returns(sample_doc: Path, poa) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(poa(sample_doc, "clause", "list", "--format", "json").stdout)
    assert rows == [c.as_json() for c in list_clauses(sample_doc).clauses]
    assert set(rows[0]) == {"id", "number", "section", "kind", "status", "text"}
    run = poa(sample_doc, "clause", "list", "--section", "nowhere")
    assert run.exit_code == 1 and run.stderr == "poa: no section 'nowhere'\n"
    bad = poa(sample_doc, "section", "list", "--format", "yaml")
    assert bad.exit_code == 2 and "'yaml' is not one of" in bad.stderr


def test_one_clause_with_its_number_labels_and_pending_proposals(sample_doc: Path, poa) -> None:  # type: ignore[no-untyped-def]
    from poa_cli.actions.listing import show_clause

    listed = {c.clause.id: c for c in list_clauses(sample_doc).clauses}
    with_items = next(c for c in listed.values() if c.clause.items)
    shown = show_clause(sample_doc, with_items.clause.id)
    assert (shown.number, shown.section) == (with_items.number, with_items.section)
    assert [label for depth, label, _ in shown.items if depth == 0][:2] == ["(a)", "(b)"]
    assert [item.id for _, _, item in shown.items] == [i.id for i in shown.clause.all_items()]
    target = with_items.clause.id
    run = poa(sample_doc, "draft", "amend", target, "--by", "France", "--append", "in Geneva")
    assert run.exit_code == 0, run.stderr
    proposal = run.stdout.splitlines()[0]
    assert proposal in [row.id for row, _ in show_clause(sample_doc, target).pending]
    assert show_clause(sample_doc, target, with_pending=False).pending == ()
    printed = json.loads(poa(sample_doc, "clause", "show", target, "--format", "json").stdout)
    assert printed == json.loads(json.dumps(shown.as_json())) and printed["number"] == shown.number
    with pytest.raises(NotFound):
        show_clause(sample_doc, "op-nowhere")


def test_a_terminal_shows_emphasis_by_the_papers_rule() -> None:
    """``*Decides*`` is italic; a lone asterisk ("5 * 3 * 4") is text, as the papers print it."""
    from poa_cli.cli.chair import _emphasis

    text = _emphasis("*Decides* that 5 * 3 * 4 stays, and *so* does this")
    assert text.plain == "Decides that 5 * 3 * 4 stays, and so does this"
    italic = [text.plain[s.start : s.end] for s in text.spans if s.style == "italic"]
    assert italic == ["Decides", "so"]


def test_sections_with_their_labels(sample_doc: Path, poa) -> None:  # type: ignore[no-untyped-def]
    from poa_cli.actions.listing import list_sections

    meta = store.load_meta(sample_doc)
    sections = list_sections(sample_doc)
    assert [s.section.id for s in sections] == [s.id for s in meta.sections]
    printed = json.loads(poa(sample_doc, "section", "list", "--format", "json").stdout)
    assert printed == [s.as_json() for s in sections]
    table = poa(sample_doc, "section", "list").stdout.splitlines()
    assert len(table) == len(sections)
    for line, s in zip(table, sections, strict=True):
        assert line.split()[:3] == [s.section.id, str(len(s.section.clauses)), "clauses"]
        assert line.endswith(s.section.heading or "(no heading)")
