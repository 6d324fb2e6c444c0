"""``poa translations status``, and the original text every translation command reads.

Kept apart from export and import (:mod:`poa_cli.actions.translations`) so that
``status``, answered from its memo when nothing changed, loads neither the
validator, the XLIFF reader nor the transaction code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa_cli.domain import translations as tr
from poa_cli.domain.model import Clause, DocumentMeta
from poa_cli.domain.translations import Counts, Unit
from poa_cli.errors import PoaError
from poa_cli.storage.cache import (
    ParseCache,
    folder_signature,
    memo_file,
    read_folder,
    read_memo,
    write_memo,
)
from poa_cli.storage.codec import clause_from_data, meta_from_data
from poa_cli.storage.layout import CLAUSES, DOCUMENT_FILE
from poa_cli.storage.store import checked
from poa_cli.storage.translations import load_translations


@dataclass(frozen=True)
class Original:
    """The document's original text: its metadata, clauses and units by file."""

    meta: DocumentMeta
    clauses: Mapping[str, Clause]
    units: Mapping[str | None, Sequence[Unit]]

    def unit_index(self) -> dict[str, Unit]:
        """Return every unit by id."""
        return {u.id: u for units in self.units.values() for u in units}


def load_original(root: Path, cache: ParseCache | None = None) -> Original:
    """Return the original of the document at *root*, read through the parse cache
    (*cache*, else the document's, saved after).

    Raises YamlError or SchemaError for a file poa cannot read.
    """

    parse = ParseCache(root, enabled=True) if cache is None else cache
    meta_path = root / DOCUMENT_FILE
    check = parse.check(meta_path, "document")
    meta = meta_from_data(
        check.data if not check.problems else checked(meta_path, "document"), meta_path
    )
    files = read_folder(parse, root / CLAUSES, "clause")
    if cache is None:
        parse.save()
    clauses: dict[str, Clause] = {}
    for stem, (path, check) in files.items():
        data = check.data if not check.problems else checked(path, "clause")
        clauses[stem] = clause_from_data(data, path)
    return Original(meta, clauses, tr.all_units(meta, clauses))


def translated_languages(meta: DocumentMeta) -> list[str]:
    """Return the document's languages a translation can be in (all but the original)."""
    return [lang for lang in meta.languages if lang != tr.ORIGINAL]


def check_language(meta: DocumentMeta, lang: str, root: Path) -> None:
    """Raise PoaError unless *lang* is a language of the document other than the original."""
    if lang == tr.ORIGINAL:
        raise PoaError(
            f"'{lang}' is the original: there is nothing to translate into it",
            hint=f"pick one of {', '.join(translated_languages(meta)) or 'the six'}",
        )
    if lang not in meta.languages:
        raise PoaError(
            f"'{lang}' is not one of the languages of {meta.id} ({', '.join(meta.languages)})",
            path=root / "document.yaml",
            hint="add it to 'languages' in document.yaml",
        )


@dataclass(frozen=True)
class Status:
    """Per language: units translated, stale and missing; and how many units there are."""

    document: str
    units: int
    languages: dict[str, Counts]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Status:
        """Return the Status that :meth:`to_json` gave *data*."""
        return cls(
            str(data["document"]),
            int(data["units"]),
            {
                lang: Counts(int(c["translated"]), int(c["stale"]), int(c["missing"]))
                for lang, c in data["languages"].items()
            },
        )

    def to_json(self) -> dict[str, Any]:
        """Return the JSON shape documented in docs/commands.md."""
        return {
            "document": self.document,
            "units": self.units,
            "languages": {
                lang: {
                    "translated": c.translated,
                    "stale": c.stale,
                    "missing": c.missing,
                    "complete": c.translated == c.total,
                }
                for lang, c in self.languages.items()
            },
        }


def status(root: Path) -> Status:
    """Return the translation status of the document at *root*.

    Raises YamlError or SchemaError for a file poa cannot read.
    """

    # An unchanged folder (every file's name and stat) gives the last answer unread.
    memo = memo_file(root, "translations-status")
    parts = ("", "clauses", "translations")  # amendments do not change what is translated
    key = folder_signature(root, Path(__file__), parts=parts) if memo else None
    cached = read_memo(memo, key)
    if cached is not None:
        return Status.from_json(cached)
    cache = ParseCache(root, enabled=True)  # one cache file read for every file
    original = load_original(root, cache)
    langs = translated_languages(original.meta)
    translations = load_translations(root, langs, cache)
    cache.save()
    counts = tr.status(original.units, translations, langs)
    total = sum(len(u) for u in original.units.values())
    result = Status(original.meta.id, total, counts)
    write_memo(memo, key, result.to_json())
    return result
