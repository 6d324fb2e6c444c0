"""The view models of ``poa render`` (poa_cli/render/views.py, inline.py), tested as data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from poa_cli.domain.model import Amendment
from poa_cli.domain.textdiff import Segment
from poa_cli.render import views
from poa_cli.render.inline import InlineText, plain_runs, refine, runs_of
from poa_cli.render.jsonview import render_json
from poa_cli.render.markdown import escape
from poa_cli.render.model import Mark, NoteRef, Paper, Paragraph, Proposal, Text
from poa_cli.render.people import People, un_date
from poa_cli.storage.store import load_document

from .conftest import DRAFTS

FOUNDING = DRAFTS / "poa-founding-document"
RECOMMENDATIONS = DRAFTS / "recommendations"


@pytest.fixture(scope="module")
def founding() -> tuple[object, People]:
    doc = load_document(FOUNDING)
    return doc, People.for_document(doc.meta)


def paragraphs(paper: Paper) -> Iterator[Paragraph]:
    for s in paper.sections:
        yield from s.paragraphs


def by_id(paper: Paper, clause_id: str) -> Paragraph:
    return next(p for p in paragraphs(paper) if p.id == clause_id)


def plain(runs: object) -> str:
    """The words of runs, with ins/del marked {+ +} and {- -}, for assertions."""
    out = []
    for r in runs:  # type: ignore[attr-defined]
        if isinstance(r, Text):
            out.append(r.text)
        elif isinstance(r, NoteRef):
            out.append(f"^{r.number}")
        elif isinstance(r, Mark):
            out.append(
                ("{+" if r.op == "ins" else "{-")
                + plain(r.runs)
                + ("+}" if r.op == "ins" else "-}")
            )
        elif isinstance(r, Proposal):
            out.append("[" + plain(r.base) + "]")
    return "".join(out)


def proposals(p: Paragraph) -> list[Proposal]:
    return [r for r in p.runs if isinstance(r, Proposal)]


# --------------------------------------------------------------------------- clean


def test_clean_numbers_every_paragraph_in_outcome_style(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    paper = views.clean(doc, people)
    numbers = [p.number for p in paragraphs(paper)]
    assert numbers == [str(n) for n in range(1, 40)]
    assert [s.label for s in paper.sections if s.heading] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    ]  # fmt: skip
    assert paper.masthead.symbol == "A/CONF.999/2026/L.1"
    assert paper.masthead.date == "20 April 2026"
    assert paper.created == "2026-04-20"


def test_clean_applies_the_accepted_amendments(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    p = by_id(views.clean(doc, people), "op-points-of-contact")
    assert "confirm their contact details at least once a year" in plain(p.runs)
    assert any(isinstance(r, NoteRef) for r in p.runs)  # EST-1's footnote
    assert p.runs[0] == Text("Encourage", em=True)


def test_resolution_style_leaves_preambular_paragraphs_unnumbered() -> None:
    doc = load_document(RECOMMENDATIONS)
    paper = views.clean(doc, People.for_document(doc.meta))
    kinds = [(p.kind, p.number) for p in paragraphs(paper)]
    assert all(n == "" for k, n in kinds if k == "preambular")
    assert [n for k, n in kinds if k == "operative"] == [str(i) for i in range(1, 12)]
    assert all(s.label == "" for s in paper.sections)
    rec = by_id(paper, "op-rec-incident-response")
    assert [it.label for it in rec.items] == ["(a)", "(b)", "(c)"]
    assert [it.label for it in rec.items[1].items] == ["(i)", "(ii)"]


def test_footnotes_are_numbered_across_the_document_in_reading_order(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    paper = views.clean(doc, people)
    calls = [r for p in paragraphs(paper) for r in p.runs if isinstance(r, NoteRef)]
    assert [c.number for c in calls] == list(range(1, len(paper.footnotes) + 1))
    assert all(c.first for c in calls)
    assert [f.number for f in paper.footnotes] == list(range(1, 6))


def test_clean_annex_lists_the_accepted_amendments(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    annex = views.clean(doc, people).annex
    assert annex is not None
    assert [e.id for part in annex.parts for e in part.entries] == ["EST-1", "SGP-1"]
    est = annex.parts[0].entries[0]
    assert est.proposed_by == "Estonia"
    assert est.supported_by == ("Finland", "Lithuania", "Latvia")
    assert est.target == "paragraph 26"
    assert est.status == "Accepted"


# --------------------------------------------------------------------------- compilation


def test_competing_proposals_are_alternatives(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    p = by_id(views.compilation(doc, people), "op-objective")
    (site,) = proposals(p)
    assert site.ids == ("CHN-1", "USA-1")
    alt1, alt2 = site.alternatives
    assert (alt1.label, alt1.source.by) == ("Alt 1", "China")
    assert (alt2.label, alt2.source.by) == ("Alt 2", "United States of America")
    assert alt1.source.supported_by == (
        "Pakistan",
        "Russian Federation",
        "Iran (Islamic Republic of)",
    )
    assert alt1.source.opposed_by == ("United States of America",)
    assert plain(alt2.runs) == (
        "open, free, {+interoperable, reliable,+} stable, secure, accessible and peaceful"
    )
    # The words outside the site are printed once, unbracketed.
    assert plain(p.runs).startswith("Decide further that the primary objective")


def test_proposals_are_bracketed_where_they_apply_and_attributed(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    p = by_id(views.compilation(doc, people), "op-stakeholder-cooperation")
    (site,) = proposals(p)
    (alt,) = site.alternatives
    assert alt.label == ""
    assert alt.source.by == "Denmark, Estonia, Netherlands (Kingdom of the), Canada"
    assert alt.source.opposed_by == ("Russian Federation", "Iran (Islamic Republic of)")
    assert plain(alt.runs).startswith("{+, and shall enable such stakeholders")
    # The sub-amendment is shown under its amendment.
    (sub,) = alt.subs
    assert sub.source.amendment == "RUS-2"
    assert sub.action == "sub-amendment to DNK-1"
    assert "{+upon the invitation of the chair" in plain(sub.runs)


def test_whole_paragraph_proposals_are_listed_under_the_paragraph(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    paper = views.compilation(doc, people)
    moved = by_id(paper, "op-evolving-framework")
    assert [n.what for n in moved.notes] == ["Move the paragraph to follow paragraph 17"]
    deleted = by_id(paper, "op-stakeholder-modalities")
    assert [(n.what, n.alternative.source.amendment) for n in deleted.notes] == [
        ("Delete the paragraph", "IRN-1")
    ]
    new = by_id(paper, "pp-sovereignty")
    assert (new.number, new.change) == ("1 bis", "proposed")
    assert new.source is not None
    assert new.source.by == "Egypt, on behalf of the Arab Group"
    assert by_id(paper, "op-gender-perspective").number == "30 bis"


def test_several_new_paragraphs_at_one_place_count_bis_ter_quater(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    egy = doc.amendments["EGY-1"]  # a new paragraph before pp-res-77-37 (paragraph 2): 1 bis
    assert egy.clause is not None

    def new_paragraph(n: int, position: str) -> Amendment:
        clause = replace(egy.clause, id=f"pp-new-{n}")
        return replace(egy, id=f"EGY-{n}", clause=clause, position=position)

    extra = {a.id: a for a in [new_paragraph(n, "before") for n in (12, 13, 14)]}
    extra["EGY-11"] = new_paragraph(11, "after")
    paper = views.compilation(replace(doc, amendments={**doc.amendments, **extra}), people)
    numbers = {p.id: p.number for p in paragraphs(paper)}
    assert numbers["pp-res-77-37"] == "2"
    assert [numbers[i] for i in ("pp-sovereignty", "pp-new-12", "pp-new-13", "pp-new-14")] == [
        "1 bis", "1 ter", "1 quater", "1 quinquies",
    ]  # fmt: skip
    assert numbers["pp-new-11"] == "2 bis"


def test_stakeholder_proposals_are_apart(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    paper = views.compilation(doc, people)
    ids = {r for p in paragraphs(paper) for it in p.items for s in proposals(p) for r in s.ids}
    assert "CSNET-1" not in ids
    (note,) = paper.stakeholders
    assert note.alternative.source.amendment == "CSNET-1"
    assert (
        note.alternative.source.by == "Civil Society Network for Peace and Security in Cyberspace"
    )
    assert note.where == "paragraph 34 (b)"
    annex = paper.annex
    assert annex is not None
    headings = [part.heading for part in annex.parts]
    assert "Pending proposals by accredited stakeholders" in headings


def test_listed_style_prints_proposals_under_each_paragraph(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    paper = views.compilation(doc, people, "listed")
    p = by_id(paper, "op-objective")
    (site,) = proposals(p)
    assert site.alternatives == ()
    assert plain(site.base) == "open, free, stable, secure, accessible and peaceful"
    assert [(n.alternative.label, n.alternative.source.amendment) for n in p.notes] == [
        ("Alt 1", "CHN-1"),
        ("Alt 2", "USA-1"),
    ]
    assert p.notes[0].what.startswith("Replace \u201copen, free")


def test_compilation_of_the_recommendations(founding) -> None:  # type: ignore[no-untyped-def]
    doc = load_document(RECOMMENDATIONS)
    paper = views.compilation(doc, People.for_document(doc.meta))
    assert paper.unplaced == ()
    new = by_id(paper, "op-rec-regional-organizations")
    assert new.change == "proposed"
    supply = by_id(paper, "op-rec-supply-chain")
    (site,) = proposals(supply.items[0])  # type: ignore[arg-type]
    assert site.alternatives[0].source.by == "China"


def test_a_stale_proposal_is_listed_not_applied(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    clause = doc.clauses["op-objective"]
    changed = replace(clause, text="*Decide further* that the objective shall be peace;")
    doc = replace(doc, clauses={**doc.clauses, "op-objective": changed})
    p = by_id(views.compilation(doc, people), "op-objective")
    assert proposals(p) == []
    assert {n.alternative.source.amendment for n in p.notes} == {"CHN-1", "USA-1"}
    assert all("could not be placed" in n.alternative.action for n in p.notes)


# --------------------------------------------------------------------------- changes


def test_changes_attribute_every_mark_to_its_amendment(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    paper = views.changes(doc, doc, people)
    p = by_id(paper, "op-points-of-contact")
    marks = [r for r in p.runs if isinstance(r, Mark)]
    assert {m.source.amendment for m in marks if m.source} == {"EST-1", "SGP-1"}
    footnote_mark = next(m for m in marks if any(isinstance(x, NoteRef) for x in m.runs))
    assert footnote_mark.op == "ins" and footnote_mark.source.amendment == "EST-1"  # type: ignore[union-attr]
    assert "directory,{+^4+} and to {-keep-}{+confirm+}" in plain(p.runs)
    # One superscript per run of marks from one amendment.
    assert [m.show_label for m in marks[1:3]] == [False, True]
    assert [(e.label, e.by) for e in paper.legend] == [("EST-1", "Estonia"), ("SGP-1", "Singapore")]
    assert paper.footnotes[3].change == "ins"


def test_changes_no_amendment_explains_are_the_chairs(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    after_clause = replace(
        doc.clauses["op-scope"],
        text=doc.clauses["op-scope"].text.replace("international security", "international peace"),
    )
    after = replace(doc, clauses={**doc.clauses, "op-scope": after_clause})
    paper = views.changes(doc, after, people)
    marks = [r for r in by_id(paper, "op-scope").runs if isinstance(r, Mark)]
    assert marks and all(m.source is not None and m.source.by == "Chair (editorial)" for m in marks)
    assert marks[-1].source.label == "Chair"  # type: ignore[union-attr]
    assert ("Chair", "Chair (editorial)") in [(e.label, e.by) for e in paper.legend]


def test_changes_show_deleted_and_inserted_paragraphs(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    clauses = dict(doc.clauses)
    del clauses["op-bureau"]
    meta = doc.meta
    sections = tuple(
        replace(s, clauses=tuple(c for c in s.clauses if c != "op-bureau")) for s in meta.sections
    )
    after = replace(doc, clauses=clauses, meta=replace(meta, sections=sections))
    paper = views.changes(doc, after, people)
    gone = by_id(paper, "op-bureau")
    assert (gone.change, gone.number) == ("del", "")
    assert gone.source is not None and gone.source.by == "Chair (editorial)"
    assert by_id(paper, "op-secretariat").number == "22"


# --------------------------------------------------------------------------- inline, writers


def test_emphasis_and_footnote_calls_survive_any_slice() -> None:
    a = InlineText.of("*Decide further* that[^x] 5 * 3")
    calls: list[str] = []

    def resolve(marker: str) -> NoteRef:
        calls.append(marker)
        return NoteRef(1, first=True)

    assert runs_of(a, 0, len(a.text), resolve) == [
        Text("Decide further", em=True),
        Text(" that"),
        NoteRef(1, first=True),
        Text(" 5 * 3"),
    ]
    assert runs_of(a, 8, 16, resolve) == [Text("further", em=True)]
    assert plain_runs("no markup") == [Text("no markup")]


def test_refine_keeps_shared_words_unchanged() -> None:
    segments = [Segment("delete", "York,", "A"), Segment("insert", "York and Geneva,", "A")]
    assert refine(segments) == [
        Segment("equal", "York"),
        Segment("insert", " and Geneva", "A"),
        Segment("equal", ","),
    ]
    footnote = [Segment("delete", "directory, ", "E"), Segment("insert", "directory,[^e] ", "E")]
    assert refine(footnote) == [
        Segment("equal", "directory,"),
        Segment("insert", "[^e]", "E"),
        Segment("equal", " "),
    ]


def test_markdown_escapes_markup_and_links() -> None:
    hostile = "![x](http://127.0.0.1/a) <script>alert(1)</script> *not em* [^1]"
    out = escape(hostile)
    assert "<" not in out and ">" not in out
    assert "![" not in out and "](" not in out
    assert r"\*not em\*" in out


def test_json_view_model_names_every_piece(founding) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    data = json.loads(render_json(views.compilation(doc, people)))
    assert data["schema"] == "poa/render/1"
    assert data["view"] == "compilation"
    kinds: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "kind" in node:
                kinds.add(node["kind"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    assert {"text", "mark", "proposal", "alternative", "note"} <= kinds


def test_un_dates() -> None:
    from datetime import date

    assert un_date(date(2026, 4, 1)) == "1 April 2026"
    assert un_date(None) == ""


def test_empty_document_is_refused(founding, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc, people = founding
    empty = replace(doc, clauses={})
    with pytest.raises(views.EmptyDocument, match="no clauses"):
        views.clean(empty, people)
