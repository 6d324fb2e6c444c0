"""``poa render --format akn``: the draft (or the compilation) as Akoma Ntoso 3.0.

The clean view is the text with its accepted amendments applied, numbered as
printed, as one ``<statement name="draftResolution">``; with ``--lang`` its
words come from the current translations (a paragraph whose translation is
missing or stale stays in the original language, marked ``xml:lang``, never an
outdated translation). The compilation is a ``<documentCollection>`` of that
draft and one ``<amendment>`` per pending proposal, naming proposers,
supporters and objectors. The writing itself is :mod:`poa_cli.formats.akn_write`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from poa_cli.actions.rollover import TRANSLATIONS, source_hash
from poa_cli.domain.model import Amendment, Clause, Document, DocumentMeta, Item
from poa_cli.domain.numbering import item_label
from poa_cli.errors import PoaError
from poa_cli.formats import akn_write as w
from poa_cli.storage import yamlio

_KINDS = {
    "member-state": "memberState",
    "observer-state": "observerState",
    "group": "group",
    "organization": "organization",
    "stakeholder": "stakeholder",
}


@dataclass
class Export:
    """The bytes written and what the reader should know (untranslated paragraphs)."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- translations


class _Words:
    """The current translation of each unit into one language (stale ones left out)."""

    def __init__(self, root: Path, lang: str | None, original: str) -> None:
        self.units: dict[str, tuple[str, str]] = {}
        self.lang = lang
        self.active = lang is not None and lang != original
        self.untranslated: list[str] = []
        if not self.active:
            return
        folder = root / TRANSLATIONS / str(lang)
        if not folder.is_dir():
            return
        for path in yamlio.iter_yaml_files(folder):
            data = yamlio.load(path)
            units = data.get("units") if isinstance(data, dict) else None
            for unit in units if isinstance(units, list) else []:
                if isinstance(unit, dict):
                    uid, src, text = unit.get("unit"), unit.get("source"), unit.get("text")
                    if isinstance(uid, str) and isinstance(src, str) and isinstance(text, str):
                        self.units[uid] = (src, text)

    def get(self, unit: str, original: str) -> tuple[str, bool]:
        """Return (text, translated): the translation when current, else the original."""
        if not self.active:
            return original, True
        hit = self.units.get(unit)
        if hit is not None and hit[0] == source_hash(original):
            return hit[1], True
        self.untranslated.append(unit)
        return original, False


# --------------------------------------------------------------------------- the draft


def _items(items: Sequence[Item], words: _Words, depth: int = 0) -> tuple[w.SubItem, ...]:
    out = []
    for n, item in enumerate(items, start=1):
        text, _ok = words.get(item.id, item.text)
        out.append(
            w.SubItem(item.id, item_label(depth, n), text, _items(item.items, words, depth + 1))
        )
    return tuple(out)


def _para(c: Clause, number: str, words: _Words) -> w.Para:
    text, ok = words.get(c.id, c.text)
    notes = []
    for marker, note in c.footnotes:
        note_text, _ = words.get(f"{c.id}[^{marker}]", note)
        notes.append((marker, note_text))
    return w.Para(
        c.id, c.kind, number, text, _items(c.items, words), tuple(notes),
        lang=None if ok or words.lang is None else "original",
    )  # fmt: skip


def blocks_of(
    meta: DocumentMeta, clauses: Mapping[str, Clause], numbers: Mapping[str, str], words: _Words
) -> list[w.Block]:
    """Return the printed sections of the document as writer blocks."""
    out = []
    for s in meta.sections:
        heading = s.heading
        if heading:
            heading, _ = words.get(f"section:{s.id}", heading)
        paras = tuple(
            _para(clauses[cid], numbers.get(cid, ""), words) for cid in s.clauses if cid in clauses
        )
        out.append(w.Block(s.id, heading, s.annex, paras))
    return out


def _masthead(doc: Document, lang: str, version: str, words: _Words) -> w.Masthead:
    m = doc.meta
    title, _ = words.get("title", m.title)
    return w.Masthead(
        symbol=m.symbol, title=title, body=m.body, distribution=m.distribution, date=m.date,
        session=m.session, agenda_item=m.agenda_item, opening=m.opening, lang=lang,
        doc_id=m.id, version=version, original=_original_code(m),
    )  # fmt: skip


# --------------------------------------------------------------------------- proposals


def _what(a: Amendment, where: str) -> tuple[tuple[str, str], ...]:
    phrase = a.anchor.phrase if a.anchor is not None else ""
    words = a.text or ""
    at: list[tuple[str, str]] = [("text", "In "), ("ref", where), ("text", ", ")]
    action = a.action
    if action == "replace-text":
        return (
            *at,
            ("text", "replace “"),
            ("del", phrase),
            ("text", "” with “"),
            ("ins", words),
            ("text", "”"),
        )
    if action == "insert-text":
        side = "before" if a.position == "before" else "after"
        return (*at, ("text", "insert “"), ("ins", words), ("text", f"” {side} “{phrase}”"))
    if action == "delete-text":
        return (*at, ("text", "delete “"), ("del", phrase), ("text", "”"))
    if action == "append-text":
        return (*at, ("text", "add at the end: “"), ("ins", words), ("text", "”"))
    if action == "add-footnote":
        return (*at, ("text", f"add after “{phrase}” a footnote: “"), ("ins", words), ("text", "”"))
    if action == "replace-clause":
        return (
            ("text", "Replace "),
            ("ref", where),
            ("text", " with: “"),
            ("ins", words),
            ("text", "”"),
        )
    if action == "delete-clause":
        return (("text", "Delete "), ("ref", where))
    if action == "insert-clause":
        side = "before" if a.position == "before" else "after"
        text = a.clause.text if a.clause is not None else ""
        return (
            ("text", f"Insert a new paragraph {side} "),
            ("ref", where),
            ("text", ": “"),
            ("ins", text),
            ("text", "”"),
        )
    if action == "move-clause":
        return (("text", "Move "), ("ref", where), ("text", f" to follow {a.destination or ''}"))
    return (("text", f"{action} "), ("ref", where))


def _proposals(
    doc: Document, meta: DocumentMeta, clauses: Mapping[str, Clause]
) -> tuple[list[w.Proposal], list[w.Party]]:
    from poa_cli.render.people import People, paragraph_refs, target_ref
    from poa_cli.render.views import sort_key

    people = People.for_document(doc.meta)
    refs = paragraph_refs(meta, clauses)
    pending = sorted((a for a in doc.amendments.values() if a.status == "proposed"), key=sort_key)
    proposals = []
    codes: dict[str, None] = {}
    for a in pending:
        for code in (
            *a.proposed_by,
            *([a.on_behalf_of] if a.on_behalf_of else []),
            *a.supported_by,
            *a.opposed_by,
        ):
            codes[code] = None
        proposals.append(
            w.Proposal(
                id=a.id, target=a.target, proposers=a.proposed_by, on_behalf_of=a.on_behalf_of,
                supporters=a.supported_by, objectors=a.opposed_by, submitted=a.submitted,
                rationale=a.rationale, what=_what(a, target_ref(a.target, refs)),
                stakeholder=people.is_stakeholder(a),
            )
        )  # fmt: skip
    parties = []
    for code in codes:
        p = people.registry.get(code)
        kind = _KINDS.get(p.kind, "organization") if p is not None else "organization"
        parties.append(w.Party(code, people.registry.name(code), kind))
    return proposals, parties


# --------------------------------------------------------------------------- entry point


def export_akn(
    root: Path, *, view: str = "clean", lang: str | None = None, to_rev: str | None = None
) -> Export:
    """Return the document at *root* as Akoma Ntoso (clean view or compilation).

    Raises PoaError for an unknown view or language, a compilation asked in
    another language, an empty document or a revision that does not exist.
    """
    from poa_cli.render import WORKING, _with_symbol, load_revision
    from poa_cli.render.views import EmptyDocument

    if view not in ("clean", "compilation"):
        raise PoaError(f"--format akn prints the clean view or the compilation, not {view!r}")
    doc = _with_symbol(root, load_revision(root, to_rev), to_rev)
    original = _original_code(doc.meta)
    if lang is not None and lang not in doc.meta.languages and lang != original:
        raise PoaError(
            f"{doc.meta.id} is not issued in {lang!r} "
            f"(its languages: {', '.join(doc.meta.languages)})"
        )
    if view == "compilation" and lang not in (None, original):
        raise PoaError(
            "the compilation is printed in the original language only (negotiations run in it)",
            hint="drop --lang, or print the clean view",
        )
    if not doc.ordered_clauses():
        raise EmptyDocument(
            f"{doc.meta.id} has no clauses: there is nothing to print",
            path=root / "document.yaml",
        )
    return export_document(doc, view=view, lang=lang, version=to_rev or WORKING)


def export_document(
    doc: Document, *, view: str = "clean", lang: str | None = None, version: str = "working"
) -> Export:
    """Return *doc* (as loaded) as Akoma Ntoso; translations are read from its folder."""
    from poa_cli.render.views import printed_layout

    original = _original_code(doc.meta)
    cons, printed, numbers = printed_layout(doc)
    words = _Words(doc.root, lang, original)
    blocks = blocks_of(printed, cons.clauses, numbers, words)
    m = _masthead(doc, lang or original, version, words)
    warnings = []
    if words.untranslated:
        warnings.append(
            f"{len(words.untranslated)} units have no current {lang} translation and are "
            f"printed in the original language (marked xml:lang)"
        )
    if view == "clean":
        return Export(w.write_statement(m, blocks), warnings)
    proposals, parties = _proposals(doc, printed, cons.clauses)
    return Export(w.write_compilation(m, blocks, proposals, parties), warnings)


def _original_code(meta: DocumentMeta) -> str:
    from poa_cli.formats.akn_read import LANGUAGE_NAMES

    for code, name in LANGUAGE_NAMES.items():
        if name.lower() == meta.original_language.lower() or code == meta.original_language.lower():
            return code
    return meta.languages[0] if meta.languages else "en"
