"""Paragraph numbers follow the UN's two conventions."""

from __future__ import annotations

from dataclasses import replace

from poa_cli.domain.model import Clause, DocumentMeta, Item, Section
from poa_cli.domain.numbering import item_labels, letter, number_clauses, roman, section_labels


def meta(numbering: str) -> DocumentMeta:
    return DocumentMeta(
        id="d", title="T", symbol="A/1", body="GA", distribution="Limited", date=None,
        original_language="English", languages=("en",), session=None, agenda_item=None,
        numbering=numbering, opening=None, note=None,
        sections=(
            Section("preamble", None, ("pp-a", "pp-b")),
            Section("one", "Commitments", ("op-a",)),
            Section("two", "Review", ("op-b", "an-a")),
        ),
    )  # fmt: skip


CLAUSES = {
    "pp-a": Clause("pp-a", "preambular", "*Recalling* x,"),
    "pp-b": Clause("pp-b", "preambular", "*Noting* y,"),
    "op-a": Clause("op-a", "operative", "*Decides* z;"),
    "op-b": Clause("op-b", "operative", "*Decides also* w."),
    "an-a": Clause("an-a", "annex", "Annex item."),
}


def test_resolution_style_numbers_operative_paragraphs_only() -> None:
    got = [(n.clause.id, n.number) for n in number_clauses(meta("resolution"), CLAUSES)]
    assert got == [("pp-a", ""), ("pp-b", ""), ("op-a", "1"), ("op-b", "2"), ("an-a", "")]
    assert section_labels(meta("resolution")) == {"preamble": "", "one": "", "two": ""}


def test_outcome_style_numbers_every_paragraph_and_headings_in_roman() -> None:
    got = [
        (n.clause.id, n.number, n.section_label) for n in number_clauses(meta("outcome"), CLAUSES)
    ]
    assert got == [
        ("pp-a", "1", ""),
        ("pp-b", "2", ""),
        ("op-a", "3", "I"),
        ("op-b", "4", "II"),
        ("an-a", "", "II"),  # annex paragraphs are never numbered
    ]
    assert section_labels(meta("outcome")) == {"preamble": "", "one": "I", "two": "II"}


def test_a_paragraph_after_an_annex_one_takes_the_next_number() -> None:
    clauses = {**CLAUSES, "op-c": Clause("op-c", "operative", "*Requests* v.")}
    sections = (*meta("outcome").sections[:2], Section("two", "Review", ("op-b", "an-a", "op-c")))
    for style, numbers in (
        ("outcome", ["1", "2", "3", "4", "", "5"]),
        ("resolution", ["", "", "1", "2", "", "3"]),
    ):
        m = replace(meta(style), sections=sections)
        assert [n.number for n in number_clauses(m, clauses)] == numbers, style


def test_clauses_missing_from_the_folder_are_skipped_without_a_number() -> None:
    for gone, numbers in (("pp-a", ["1", "2", "3", ""]), ("op-b", ["1", "2", "3", ""])):
        clauses = {k: v for k, v in CLAUSES.items() if k != gone}
        got = [(n.clause.id, n.number) for n in number_clauses(meta("outcome"), clauses)]
        assert got == list(zip([c for c in CLAUSES if c != gone], numbers, strict=True))


def test_sub_paragraph_labels() -> None:
    items = (
        Item("a", "x", (Item("a-i", "y"), Item("a-ii", "z", (Item("deep", "q"),)))),
        Item("b", "w"),
    )
    assert [(d, label) for d, label, _ in item_labels(items)] == [
        (0, "(a)"), (1, "(i)"), (1, "(ii)"), (2, "a."), (0, "(b)"),
    ]  # fmt: skip


def test_roman_and_letters() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1999)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIX"]
    assert [letter(n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
