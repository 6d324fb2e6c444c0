"""Paragraph numbers follow the UN's two conventions."""

from __future__ import annotations

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
    assert got[:4] == [
        ("pp-a", "1", ""),
        ("pp-b", "2", ""),
        ("op-a", "3", "I"),
        ("op-b", "4", "II"),
    ]


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
