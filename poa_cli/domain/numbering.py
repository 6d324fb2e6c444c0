"""Paragraph numbers, computed at print time and never stored.

Two UN conventions (UN Editorial Manual, resolutions and outcome documents):

* ``resolution``: preambular paragraphs are not numbered; operative paragraphs are
  numbered 1, 2, 3 … across the whole text.
* ``outcome``: every paragraph is numbered consecutively and section headings
  carry Roman numerals (I, II, III …), as in the outcome documents of conferences.

Sub-paragraphs are lettered (a), (b) …, then (i), (ii) …, then a., b. … — the
English practice (French and Spanish print a), i)).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from poa_cli.domain.model import Clause, DocumentMeta, Item

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(n: int) -> str:
    """Return *n* (≥ 1) in upper-case Roman numerals."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int) -> str:
    """Return the n-th (1-based) letter label: a … z, then aa, bb … as UN texts do."""
    q, r = divmod(n - 1, 26)
    return chr(ord("a") + r) * (q + 1)


def item_label(depth: int, n: int) -> str:
    """Return the label of the *n*-th sub-paragraph at nesting *depth* (0 = first level)."""
    if depth == 0:
        return f"({letter(n)})"
    if depth == 1:
        return f"({roman(n).lower()})"
    return f"{letter(n)}."


@dataclass(frozen=True)
class Numbered:
    """A clause with its printed number ('' when unnumbered) and its section's label."""

    clause: Clause
    number: str
    section_label: str


def number_clauses(meta: DocumentMeta, clauses: dict[str, Clause]) -> list[Numbered]:
    """Return the document's clauses in reading order with their printed numbers."""
    kinds = {cid: c.kind for cid, c in clauses.items()}
    return [Numbered(clauses[cid], number, label) for cid, number, label in _numbered(meta, kinds)]


def paragraph_numbers(meta: DocumentMeta, kinds: Mapping[str, str]) -> dict[str, str]:
    """Return clause id → printed number ('' when unnumbered), knowing only each
    clause's kind (by id, the clauses that exist): what :func:`number_clauses` prints."""
    return {cid: number for cid, number, _ in _numbered(meta, kinds)}


def _numbered(meta: DocumentMeta, kinds: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """(clause id, number, section label) in reading order, for the clauses in *kinds*."""
    n = annex = 0
    labels = section_labels(meta)
    for section in meta.sections:
        label = labels[section.id]
        for cid in section.clauses:
            kind = kinds.get(cid)
            if kind is None:
                continue
            if kind == "annex":
                # An annex numbers its paragraphs 1, 2 … of its own, when the document says so.
                if meta.annex_numbering == "restart":
                    annex += 1
                    yield cid, str(annex), label
                else:
                    yield cid, "", label
            elif meta.numbering == "outcome" or kind == "operative":
                n += 1
                yield cid, str(n), label
            else:
                yield cid, "", label


def item_labels(items: tuple[Item, ...], depth: int = 0) -> list[tuple[int, str, Item]]:
    """Return (depth, label, item) for every sub-paragraph, depth first."""
    out: list[tuple[int, str, Item]] = []
    for i, item in enumerate(items, start=1):
        out.append((depth, item_label(depth, i), item))
        out.extend(item_labels(item.items, depth + 1))
    return out


# A heading that carries its own number ("I. Global context", "A. Norms", "Annex",
# "Annex II"), as headings taken from an adopted text do: printed as it is, not counted.
_OWN_NUMBER_RE = re.compile(r"^\s*(?:[IVXLCDM]+|[A-Z]|\d+)\.\s|^\s*Annex\b", re.IGNORECASE)


def numbers_itself(heading: str) -> bool:
    """True when *heading* carries its own number or is an annex's heading."""
    return _OWN_NUMBER_RE.match(heading) is not None


def section_labels(meta: DocumentMeta) -> dict[str, str]:
    """Return section id → printed label ('I', 'II' … in outcome style, else '').

    Headings that number themselves ("I. Global context") or head an annex are
    neither labelled nor counted, so "II. I. Global context" cannot happen.
    """
    out: dict[str, str] = {}
    headed = 0
    for section in meta.sections:
        if section.heading and numbers_itself(section.heading):
            out[section.id] = ""
        elif section.heading:
            headed += 1
            out[section.id] = roman(headed) if meta.numbering == "outcome" else ""
        else:
            out[section.id] = ""
    return out
