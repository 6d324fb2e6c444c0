"""Translation files on disk ⇄ :mod:`poa_cli.domain.translations` (the one codec for them).

Layout, in the document folder::

    translations/<lang>/<clause-id>.yaml   one clause in one language
    translations/<lang>/document.yaml      the title, headings and masthead words

Files are read through the parse cache (so ``poa translations status`` on
thousands of files answers from the cache) and checked against
``schemas/translation.schema.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_cli.domain.translations import (
    SCHEMA_TRANSLATION,
    TranslatedUnit,
    Translation,
)
from poa_cli.errors import SchemaError, YamlError
from poa_cli.storage import yamlio

if TYPE_CHECKING:
    from poa_cli.storage.cache import ParseCache

TRANSLATIONS = "translations"
DOCUMENT_STEM = "document"


def translations_folder(root: Path) -> Path:
    """Return the folder of every translation of the document at *root*."""
    return root / TRANSLATIONS


def translation_path(root: Path, lang: str, clause: str | None) -> Path:
    """Return the file of *clause* (None: the document's own words) in *lang*."""
    return root / TRANSLATIONS / lang / f"{clause or DOCUMENT_STEM}.yaml"


def language_folders(root: Path) -> list[tuple[str, Path]]:
    """Return (folder name, folder) for every folder under ``translations/``, sorted."""
    return [
        (e.name, Path(e.path))
        for e in yamlio.folder_entries(translations_folder(root))
        if e.is_dir() and not e.name.startswith(".")
    ]


def translation_from_data(data: Any, path: Path) -> Translation:
    """Return the Translation in *data* (already schema-checked) read from *path*."""
    units = tuple(
        TranslatedUnit(unit=str(u["unit"]), source=str(u["source"]), text=str(u["text"]))
        for u in data.get("units") or ()
    )
    clause = data.get("clause")
    return Translation(
        lang=str(data["lang"]),
        clause=str(clause) if clause is not None else None,
        units=units,
        path=path,
    )


def translation_to_data(translation: Translation) -> Any:
    """Return the round-trip mapping of a translation file (keys in the documented order)."""
    units = [
        yamlio.new_mapping([("unit", u.unit), ("source", u.source), ("text", u.text)])
        for u in translation.units
    ]
    return yamlio.new_mapping(
        [
            ("schema", SCHEMA_TRANSLATION),
            ("clause", translation.clause),
            ("lang", translation.lang),
            ("units", units),
        ]
    )


def render_translation(path: Path, translation: Translation) -> str:
    """Return the text of *translation*'s file at *path*, the schema modeline first."""
    from poa_cli.storage.store import render_file

    return render_file(path, translation_to_data(translation), "translation")


def translation_files(root: Path, languages: Iterable[str] | None = None) -> list[Path]:
    """Return every translation file of the document at *root* (of *languages*, if given)."""
    wanted = set(languages) if languages is not None else None
    out: list[Path] = []
    for name, folder in language_folders(root):
        if wanted is None or name in wanted:
            out.extend(yamlio.iter_yaml_files(folder))
    return out


def load_translations(
    root: Path, languages: Sequence[str] | None = None, cache: ParseCache | None = None
) -> list[Translation]:
    """Return the translation files of the document at *root* (of *languages*, if given).

    Read through the parse cache (*cache*, else the document's, saved after).
    Raises YamlError or SchemaError naming the first file that is not a
    translation file poa accepts.
    """
    from poa_cli.storage.cache import ParseCache

    paths = translation_files(root, languages)
    own = cache is None
    parse = ParseCache(root, enabled=True) if cache is None else cache
    parse.prefetch([(p, "translation") for p in paths])
    out = []
    try:
        for path in paths:
            result = parse.check(path, "translation")
            if result.problems:
                line, column, rule, message = result.problems[0]
                error = YamlError if rule == "yaml" else SchemaError
                raise error(message, path=path, line=line, column=column)
            out.append(translation_from_data(result.data, path))
    finally:
        if own:
            parse.save()
    return out
