"""Who proposed what, as the UN prints it: names, groups, dates, paragraph references."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from poa_cli.domain.model import AMENDMENT_ID_RE, Amendment, Clause, DocumentMeta
from poa_cli.domain.numbering import item_labels, number_clauses
from poa_cli.domain.proposers import Registry
from poa_cli.render.model import EDITORIAL, Attribution

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def un_date(d: date | None) -> str:
    """Return *d* as the UN prints dates: "20 April 2026" ("" for None)."""
    if d is None:
        return ""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def quote(text: str, width: int = 80) -> str:
    """Return *text* in curly quotes, shortened with an ellipsis past *width* characters."""
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return f"\u201c{text}\u201d"


@dataclass(frozen=True)
class People:
    """Turns proposer codes into names, and amendments into attributions."""

    registry: Registry

    @classmethod
    def for_document(cls, meta: DocumentMeta) -> People:
        """Return the names of the shipped proposers plus the document's stakeholders."""
        return cls(Registry.load((s.id, s.name, s.kind) for s in meta.stakeholders))

    def names(self, codes: Iterable[str]) -> tuple[str, ...]:
        """Return the display names of *codes*, in the order given."""
        return tuple(self.registry.name(c) for c in codes)

    def by(self, amendment: Amendment) -> str:
        """Return "Denmark, Estonia" or "Egypt, on behalf of the Arab Group"."""
        text = ", ".join(self.names(amendment.proposed_by))
        if amendment.on_behalf_of:
            text += f", on behalf of the {self.registry.name(amendment.on_behalf_of)}"
            text = text.replace("the the ", "the ")
        return text

    def of(self, amendment: Amendment) -> Attribution:
        """Return who proposed *amendment*, who supports it and who objects."""
        return Attribution(
            amendment.id,
            self.by(amendment),
            self.names(amendment.supported_by),
            self.names(amendment.opposed_by),
        )

    def is_stakeholder(self, amendment: Amendment) -> bool:
        """True when the lead proposer is an accredited stakeholder (not a State)."""
        p = self.registry.get(amendment.lead)
        return p is not None and p.is_stakeholder


EDITORIAL_SOURCE = Attribution(None, EDITORIAL)


def paragraph_refs(meta: DocumentMeta, clauses: Mapping[str, Clause]) -> dict[str, str]:
    """Return clause or sub-paragraph id → how a paper refers to it ("paragraph 12 (b)").

    Unnumbered preambular paragraphs are counted as the UN cites them
    ("preambular paragraph 3").
    """
    refs: dict[str, str] = {}
    preambular = 0
    for n in number_clauses(meta, dict(clauses)):
        c = n.clause
        if n.number:
            ref = f"paragraph {n.number}"
        elif c.kind == "preambular":
            preambular += 1
            ref = f"preambular paragraph {preambular}"
        else:
            ref = f"paragraph {c.id}"
        refs[c.id] = ref
        chain: list[str] = []
        for depth, label, item in item_labels(c.items):
            del chain[depth:]
            chain.append(label)
            refs[item.id] = f"{ref} {' '.join(chain)}"
    return refs


def target_ref(target: str, refs: Mapping[str, str]) -> str:
    """Return how to cite an amendment's target: a paragraph, or another amendment."""
    if target in refs:
        return refs[target]
    if AMENDMENT_ID_RE.match(target):
        return f"amendment {target}"
    return target


def describe(a: Amendment, refs: Mapping[str, str]) -> str:
    """Return what *a* proposes, in words ("Replace “in 2032” with “in 2031”")."""
    phrase = quote(a.anchor.phrase) if a.anchor is not None else ""
    words = quote(a.text or "", 400)
    where = target_ref(a.target, refs)
    action = a.action
    if action == "replace-text":
        return f"Replace {phrase} with {words}"
    if action == "insert-text":
        return f"Insert {words} {'before' if a.position == 'before' else 'after'} {phrase}"
    if action == "delete-text":
        return f"Delete {phrase}"
    if action == "append-text":
        return f"Add at the end: {words}"
    if action == "add-footnote":
        return f"Add a footnote after {phrase}: {words}"
    if action == "replace-clause":
        return f"Replace {where} with: {words}"
    if action == "delete-clause":
        return f"Delete {where}"
    if action == "insert-clause":
        text = quote(a.clause.text, 400) if a.clause is not None else ""
        side = "before" if a.position == "before" else "after"
        return f"Insert a new paragraph {side} {where}: {text}"
    if action == "move-clause":
        dest = target_ref(a.destination or "", refs)
        return f"Move {where} to follow {dest}"
    return action
