"""``poa translations``: export to XLIFF, import from XLIFF (status: translation_status).

The original is the clause files as they stand (English); a translation is
current when the hash it records is the hash of today's English, stale when
the English changed since, missing when there is none. Export hands translators
the stale and missing units; import takes back what they translated, refusing
the whole file when any unit no longer matches the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from poa_cli.actions.translation_status import Original, check_language, load_original
from poa_cli.actions.validate import require_valid
from poa_cli.domain import translations as tr
from poa_cli.domain.translations import Counts, TranslatedUnit, Translation, Unit
from poa_cli.errors import NotFound, PoaError
from poa_cli.formats import xliff
from poa_cli.storage import transaction
from poa_cli.storage.translations import load_translations, render_translation, translation_path


class TranslationRefused(PoaError):
    """An XLIFF file poa will not take: stale sources, unknown units, a wrong language."""


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class Export:
    """An XLIFF file's bytes and what went into it."""

    data: bytes
    lang: str
    missing: int
    stale: int


def _where(unit: Unit, original: Original) -> str:
    if unit.clause is None:
        return "document: " + unit.id
    split = tr.split_footnote_unit(unit.id)
    if split is not None:
        return f"clause {split[0]}, footnote [^{split[1]}]"
    if unit.id == unit.clause:
        return f"clause {unit.clause}"
    return f"clause {unit.clause}, sub-paragraph {unit.id}"


def export(root: Path, lang: str) -> Export:
    """Return the XLIFF 2.0 file of the units of *lang* that are missing or stale.

    Raises PoaError when *lang* is not a translated language of the document,
    and the loaders' errors for a file poa cannot read.
    """

    require_valid(root)
    original = load_original(root)
    check_language(original.meta, lang, root)
    present: dict[str, TranslatedUnit] = {}
    for t in load_translations(root, [lang]):
        present.update(t.by_unit())
    out: list[xliff.OutUnit] = []
    counts = Counts()
    for units in original.units.values():
        for unit in units:
            done = present.get(unit.id)
            what = tr.state(unit, done)
            if what == tr.TRANSLATED:
                continue
            counts.add(what)
            notes = [("poa:where", _where(unit, original)), ("poa:status", what)]
            if tr.markers(unit.source):
                notes.append(
                    ("poa:footnotes", "keep the footnote calls [^…] as they are, where they fit")
                )
            out.append(
                xliff.OutUnit(unit.id, unit.source, done.text if done else None, tuple(notes))
            )
    data = xliff.write(out, src_lang=tr.ORIGINAL, trg_lang=lang, original=original.meta.id)
    return Export(data, lang, counts.missing, counts.stale)


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Imported:
    """What an import did."""

    summary: str
    commit: str | None
    units: int
    skipped: int
    paths: tuple[Path, ...] = field(default=())


def _refuse(message: str, path: Path, hint: str | None = None) -> TranslationRefused:
    return TranslationRefused(message, path=path, hint=hint)


def import_xliff(root: Path, path: Path, *, commit: bool = True) -> Imported:
    """Take the translated units of the XLIFF file *path* into the document at *root*.

    Units left empty or in state ``initial`` (the starting point export gave)
    are skipped. Refuses the whole file, writing nothing, when it is not XLIFF
    2.0, is in a language the document does not have, names a unit that does
    not exist, translates an English source that changed since the export, or
    drops or adds a footnote call. Raises PoaError (TranslationRefused, NotXliff,
    UntrustedXmlError) for those.
    """

    try:
        size = path.stat().st_size
        if size > xliff.MAX_BYTES:
            raise _refuse(f"file is {size:,} bytes, over the limit of {xliff.MAX_BYTES:,}", path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {path}") from None
    except OSError as exc:
        raise PoaError(f"cannot read the file: {exc.strerror}", path=path) from None
    incoming = xliff.read(data, path)
    require_valid(root)
    original = load_original(root)
    meta = original.meta
    if incoming.src_lang and incoming.src_lang != tr.ORIGINAL:
        raise _refuse(f"the source language is '{incoming.src_lang}', not '{tr.ORIGINAL}'", path)
    lang = incoming.trg_lang
    if not lang:
        raise _refuse("the file names no target language (trgLang)", path)
    check_language(meta, lang, root)
    if incoming.original and incoming.original != meta.id:
        raise _refuse(
            f"the file was exported from '{incoming.original}', not '{meta.id}'",
            path,
            hint="import it into the document it came from",
        )
    index = original.unit_index()
    taken: dict[str, TranslatedUnit] = {}
    skipped = 0
    for u in incoming.units:
        unit = index.get(u.unit)
        if unit is None:
            raise _refuse(
                f"unit '{u.unit}' does not exist in {meta.id}",
                path,
                hint="it was deleted or renamed since the export; export again",
            )
        if tr.normalise(u.source) != tr.normalise(unit.source):
            raise _refuse(
                f"the English of unit '{u.unit}' changed since the export",
                path,
                hint="export again and carry the translations over; nothing was imported",
            )
        target = tr.normalise(u.target)
        if not target or u.state == "initial":
            skipped += 1
            continue
        if tr.markers(target) != tr.markers(unit.source):
            raise _refuse(
                f"unit '{u.unit}' does not cite the footnotes its English cites "
                f"({', '.join(sorted(tr.markers(unit.source))) or 'none'})",
                path,
            )
        if u.unit in taken:
            raise _refuse(f"unit '{u.unit}' appears twice", path)
        taken[u.unit] = TranslatedUnit(u.unit, unit.hash, target)
    if not taken:
        raise _refuse(
            "nothing to import: no unit has a translation",
            path,
            hint="units left empty or in state 'initial' are not imported",
        )
    existing = {t.clause: t for t in load_translations(root, [lang])}
    files: list[tuple[Path, Translation]] = []
    for key, units in original.units.items():
        mine = [taken[u.id] for u in units if u.id in taken]
        if not mine:
            continue
        before = existing.get(key)
        kept = before.by_unit() if before is not None else {}
        kept.update({t.unit: t for t in mine})
        order = [u.id for u in units]
        ordered = sorted(
            kept.values(), key=lambda t: order.index(t.unit) if t.unit in order else len(order)
        )
        target_path = translation_path(root, lang, key)
        files.append((target_path, Translation(lang, key, tuple(ordered), target_path)))
    with transaction.transaction(root, commit=commit) as tx:
        tx.remember([p for p, _ in files])
        for target_path, translation in files:
            tx.write(target_path, render_translation(target_path, translation))
        n = len(taken)
        tx.subject = f"Translations ({lang}): {n} unit{'s' if n != 1 else ''} from {path.name}"
        tx.trailers = [("Language", lang)]
    summary = f"imported {len(taken)} {lang} unit{'s' if len(taken) != 1 else ''}"
    if skipped:
        summary += f" ({skipped} left untranslated)"
    return Imported(summary, tx.sha, len(taken), skipped, tuple(tx.paths))
