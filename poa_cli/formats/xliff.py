"""XLIFF 2.0 for translators, in and out (the only user of translate-toolkit).

poa writes one ``<unit>`` per unit to translate: ``name`` holds poa's unit id
(``op-scope``, ``op-scope-a``, ``pp-gge[^gge-2021]``, ``section:review``; ``id``
is a plain ``u1``, ``u2`` … since XLIFF ids are NMTOKENs), ``<source>`` the
current English, ``<target>`` the existing (stale) translation as a starting
point in state ``initial``, and ``<notes>`` where the unit is and why it is
asked for. Incoming files are untrusted XML: they go through
:mod:`poa_cli.formats.safexml` before translate-toolkit sees a byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from poa_cli.errors import PoaError
from poa_cli.formats.safexml import parse_bytes

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
MAX_BYTES = 50 * 1024 * 1024


class NotXliff(PoaError):
    """A file given to ``poa translations import`` that is not XLIFF 2.0 poa can read."""


@dataclass(frozen=True)
class OutUnit:
    """A unit to write: poa's unit id, the English source, a starting target, notes."""

    unit: str
    source: str
    target: str | None
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class InUnit:
    """A unit read back: poa's unit id, the source it was translated from, its target, state."""

    unit: str
    source: str
    target: str
    state: str | None


@dataclass(frozen=True)
class XliffFile:
    """What an XLIFF 2.0 file says: its languages, its original, its units."""

    src_lang: str
    trg_lang: str
    original: str
    units: tuple[InUnit, ...]


def write(units: Sequence[OutUnit], *, src_lang: str, trg_lang: str, original: str) -> bytes:
    """Return an XLIFF 2.0 document of *units* (UTF-8 bytes).

    *original* names the document in ``<file original=…>``. A unit with a target
    is marked ``state="initial"``: a starting point, not a translation.
    """
    from translate.storage.xliff2 import Xliff2File

    store = Xliff2File()
    store.setsourcelanguage(src_lang)
    store.settargetlanguage(trg_lang)
    store.body.set("original", original)
    for n, u in enumerate(units, start=1):
        xu = store.addsourceunit(u.source)  # type: ignore[no-untyped-call]
        xu.setid(f"u{n}")
        element = xu.getunitelement()
        element.set("name", u.unit)
        if u.target:
            xu.target = u.target
            xu.markfuzzy(True)
        if u.notes:
            # XLIFF 2.0 puts <notes> in the <unit>, before its <segment>.
            notes = element.makeelement(f"{{{NAMESPACE}}}notes", {})
            for category, text in u.notes:
                note = notes.makeelement(f"{{{NAMESPACE}}}note", {"category": category})
                note.text = text
                notes.append(note)
            element.insert(0, notes)
    return bytes(store)


def read(data: bytes, path: Path) -> XliffFile:
    """Return the XLIFF 2.0 file in *data* (read from *path*).

    Raises UntrustedXmlError (a DTD, entities, too large, not XML) or NotXliff
    (XML that is not XLIFF 2.0, or a unit without poa's name).
    """
    root = parse_bytes(data, path=path, max_bytes=MAX_BYTES)
    if root.tag != f"{{{NAMESPACE}}}xliff" or not str(root.get("version", "")).startswith("2."):
        raise NotXliff(
            f"not an XLIFF 2.0 file (root element <{root.tag}>)",
            path=path,
            hint="give the .xlf file 'poa translations export' wrote, once translated",
        )
    from translate.storage.xliff2 import Xliff2File

    try:
        store = Xliff2File.parsestring(data)  # type: ignore[no-untyped-call]
    except Exception as exc:  # translate-toolkit raises plain ValueErrors and lxml's
        raise NotXliff(f"not an XLIFF 2.0 file poa can read: {exc}", path=path) from None
    units = []
    original = ""
    for xu in store.getunits():
        element = xu.getunitelement()
        name = element.get("name")
        if not name:
            raise NotXliff(
                f"unit '{element.get('id')}' has no name: it did not come from poa",
                path=path,
                line=element.sourceline,
            )
        file_element = element.getparent()
        if file_element is not None and not original:
            original = str(file_element.get("original") or "")
        units.append(
            InUnit(
                unit=str(name),
                source=str(xu.source or ""),
                target=str(xu.target or ""),
                state=xu.xmlelement.get("state"),
            )
        )
    return XliffFile(
        src_lang=str(root.get("srcLang") or ""),
        trg_lang=str(root.get("trgLang") or ""),
        original=original,
        units=tuple(units),
    )
