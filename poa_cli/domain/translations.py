"""Translations kept aligned with the original, unit by unit (pure: no files).

A *unit* is the smallest piece a translator translates and poa tracks: a
clause's own text (unit id = the clause id), a sub-paragraph (its item id), a
footnote (``<clause-id>[^<marker>]``), and on the document level the title
(``title``), each section heading (``section:<id>``) and the free masthead words
(``opening``, ``session``, ``agenda-item``, ``body``, ``note``).

Each translated unit records the hash of the normalised original it translates
(:func:`source_hash`). When the original changes, the hashes differ and the
translation is *stale*: it is never printed as if it were current.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from poa_cli.domain.languages import KNOWN_BODIES
from poa_cli.domain.model import FOOTNOTE_MARKER_RE, Clause, DocumentMeta, Item

SCHEMA_TRANSLATION = "poa/translation/1"
#: The six official languages of the United Nations, in the UN's order of listing.
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
#: The language negotiations run in and translations are made from.
ORIGINAL = "en"
#: The key of a document's own words (title, headings, masthead) among the files.
DOCUMENT = None

TRANSLATED = "translated"
STALE = "stale"
MISSING = "missing"

#: Document-level units besides ``title`` and ``section:<id>``: the meta field each translates.
DOCUMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("opening", "opening"),
    ("session", "session"),
    ("agenda-item", "agenda_item"),
    ("note", "note"),
)
_FOOTNOTE_UNIT = re.compile(r"^(?P<clause>[a-z0-9-]+)\[\^(?P<marker>[A-Za-z0-9][A-Za-z0-9-]*)\]$")


def normalise(text: str) -> str:
    """Return *text* as hashed: Unicode NFC, every run of whitespace one space, stripped.

    Whitespace is what ``str.isspace`` says it is (the same as regex ``\\s``).
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def source_hash(text: str) -> str:
    """Return ``sha256:<hex>`` of the normalised *text* (UTF-8): what a translation records."""
    return "sha256:" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def footnote_unit(clause_id: str, marker: str) -> str:
    """Return the unit id of footnote *marker* of clause *clause_id*."""
    return f"{clause_id}[^{marker}]"


def section_unit(section_id: str) -> str:
    """Return the unit id of the heading of section *section_id*."""
    return f"section:{section_id}"


def split_footnote_unit(unit: str) -> tuple[str, str] | None:
    """Return (clause id, marker) when *unit* names a footnote, else None."""
    m = _FOOTNOTE_UNIT.match(unit)
    return (m.group("clause"), m.group("marker")) if m else None


def markers(text: str) -> Counter[str]:
    """Return the footnote markers cited in *text*, with how often."""
    return Counter(FOOTNOTE_MARKER_RE.findall(text))


@dataclass(frozen=True)
class Unit:
    """A piece of the original to translate: its id, the file it belongs in, its text."""

    id: str
    clause: str | None
    source: str

    @cached_property
    def hash(self) -> str:
        """Return the hash a current translation of this unit records (computed once)."""
        return source_hash(self.source)


def clause_units(clause: Clause) -> list[Unit]:
    """Return the units of *clause*: its text, its sub-paragraphs depth first, its footnotes."""
    out = [Unit(clause.id, clause.id, clause.text)]

    def walk(items: tuple[Item, ...]) -> None:
        for it in items:
            out.append(Unit(it.id, clause.id, it.text))
            walk(it.items)

    walk(clause.items)
    out.extend(Unit(footnote_unit(clause.id, m), clause.id, t) for m, t in clause.footnotes)
    return out


def document_units(meta: DocumentMeta) -> list[Unit]:
    """Return the document-level units of *meta*: title, headings, masthead words it has."""
    out = [Unit("title", DOCUMENT, meta.title)]
    out.extend(Unit(section_unit(s.id), DOCUMENT, s.heading) for s in meta.sections if s.heading)
    for unit, attr in DOCUMENT_FIELDS:
        value = getattr(meta, attr)
        if value:
            out.append(Unit(unit, DOCUMENT, value))
    if meta.body and meta.body not in KNOWN_BODIES:
        out.append(Unit("body", DOCUMENT, meta.body))
    return out


def all_units(meta: DocumentMeta, clauses: Mapping[str, Clause]) -> dict[str | None, list[Unit]]:
    """Return the units of the whole document, by file (clause id, or None for the document)."""
    out: dict[str | None, list[Unit]] = {DOCUMENT: document_units(meta)}
    for cid in meta.clause_order():
        clause = clauses.get(cid)
        if clause is not None:
            out[cid] = clause_units(clause)
    return out


@dataclass(frozen=True)
class TranslatedUnit:
    """One unit in a language: the hash of the original it translates, and its text."""

    unit: str
    source: str
    text: str


@dataclass(frozen=True)
class Translation:
    """A translation file: one clause (or the document's own words) in one language."""

    lang: str
    clause: str | None
    units: tuple[TranslatedUnit, ...]
    path: Path | None = field(default=None, compare=False)

    def by_unit(self) -> dict[str, TranslatedUnit]:
        """Return the units by id."""
        return {u.unit: u for u in self.units}


def state(unit: Unit, translated: TranslatedUnit | None) -> str:
    """Return ``translated``, ``stale`` (the original changed since) or ``missing``."""
    if translated is None:
        return MISSING
    return TRANSLATED if translated.source == unit.hash else STALE


@dataclass
class Counts:
    """How many units of one language are translated, stale and missing."""

    translated: int = 0
    stale: int = 0
    missing: int = 0

    def add(self, what: str) -> None:
        """Count one unit in state *what*."""
        setattr(self, what, getattr(self, what) + 1)

    @property
    def total(self) -> int:
        """Return the number of units counted."""
        return self.translated + self.stale + self.missing


def status(
    units: Mapping[str | None, Sequence[Unit]],
    translations: Iterable[Translation],
    languages: Sequence[str],
) -> dict[str, Counts]:
    """Return, for each language of *languages* but the original, its counts.

    *units* are the original's units by file (:func:`all_units`); *translations*
    the translation files present. A translated unit that does not exist in the
    original is not counted (``poa validate`` reports it).
    """
    present: dict[tuple[str, str | None], dict[str, TranslatedUnit]] = {}
    for t in translations:
        present.setdefault((t.lang, t.clause), {}).update(t.by_unit())
    out: dict[str, Counts] = {}
    for lang in languages:
        if lang == ORIGINAL:
            continue
        counts = Counts()
        for key, file_units in units.items():
            done = present.get((lang, key), {})
            for unit in file_units:
                counts.add(state(unit, done.get(unit.id)))
        out[lang] = counts
    return out


@dataclass(frozen=True)
class Localisation:
    """The translations of one language, looked up by unit id while printing.

    :meth:`text` gives a unit's translation only when it translates the exact
    original being printed; otherwise None, and the original is printed,
    marked as awaiting translation.
    """

    lang: str
    units: Mapping[str, TranslatedUnit]

    @classmethod
    def of(cls, lang: str, translations: Iterable[Translation]) -> Localisation:
        """Return the localisation of *lang* from its translation files."""
        units: dict[str, TranslatedUnit] = {}
        for t in translations:
            if t.lang == lang:
                units.update(t.by_unit())
        return cls(lang, units)

    def text(self, unit: str, original: str | None) -> str | None:
        """Return the current translation of *unit* whose original is *original*, or None."""
        if original is None:
            return None
        found = self.units.get(unit)
        if found is None or found.source != source_hash(original):
            return None
        return found.text
