"""``poa translations …``: how far each language is, and XLIFF for translators."""

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import (
    DocArgument,
    DocOption,
    NoCommit,
    console,
    document,
    new_app,
    write_output,
)
from poa_cli.errors import UsageError

translations_app = new_app(
    "Translations into the other official languages: status, XLIFF out and in.\n\n"
    "Every unit (paragraph, sub-paragraph, footnote, heading) records the English it "
    "translates; when the English changes, the translation is stale until updated.\n\n"
    "Example: poa translations export --lang fr -o fr.xlf"
)


class Language(enum.StrEnum):
    """The official languages a translation can be in (English is the original)."""

    ar = "ar"
    zh = "zh"
    fr = "fr"
    ru = "ru"
    es = "es"


class StatusFormat(enum.StrEnum):
    """Output shapes of ``translations status``."""

    table = "table"
    json = "json"


def _root(doc_arg: Path | None, doc: Path | None) -> Path:
    if doc_arg is not None and doc is not None and doc_arg != doc:
        raise UsageError("give the document once: as DOC or with --doc")
    return document(doc_arg or doc)


@translations_app.command("status")
def status_command(
    doc_arg: DocArgument = None,
    doc: DocOption = None,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="table or json.")
    ] = StatusFormat.table,
) -> None:
    """Per language: how many units are translated, stale (the English changed since)
    and missing.

    Example: poa translations status drafts/poa-founding-document --format json
    """
    from poa_cli.actions.translation_status import status

    result = status(_root(doc_arg, doc))
    if fmt == StatusFormat.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    if not result.languages:
        sys.stdout.write(
            f"{result.document} is issued in English only ('languages' in document.yaml)\n"
        )
        return
    table = Table(title=f"{result.document}: {result.units} units", title_justify="left")
    for name in ("Language", "Translated", "Stale", "Missing"):
        table.add_column(name, justify="left" if name == "Language" else "right")
    for lang, c in result.languages.items():
        table.add_row(lang, str(c.translated), str(c.stale), str(c.missing))
    console().print(table)


@translations_app.command("export")
def export_command(
    lang: Annotated[Language, typer.Option("--lang", "-l", help="The language to translate into.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The XLIFF file to write ('-': standard output).")
    ],
    doc_arg: DocArgument = None,
    doc: DocOption = None,
) -> None:
    """Write XLIFF 2.0 of the units of LANG that are missing or stale: the current
    English as source, the stale translation (if any) as a starting target in state
    'initial'. Prints the path written.

    Example: poa translations export drafts/poa-founding-document --lang fr -o build/fr.xlf
    """
    from poa_cli.actions.translations import export

    result = export(_root(doc_arg, doc), lang.value)
    if not write_output(output, result.data):
        return
    sys.stdout.write(
        f"{output}: {result.missing} missing and {result.stale} stale {result.lang} units\n"
    )


@translations_app.command("import")
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="[DOC] FILE.xlf",
            help="The document folder (optional, as for the other commands), then the "
            "translated XLIFF 2.0 file.",
            show_default=False,
        ),
    ],
    doc: DocOption = None,
    no_commit: NoCommit = False,
) -> None:
    """Take the translated units of an XLIFF 2.0 file (from 'translations export')
    into the document and commit them. Refuses the whole file, writing nothing,
    when a unit's English changed since the export, a unit does not exist, or the
    file is not XLIFF. Units left empty or in state 'initial' are skipped.

    Example: poa translations import drafts/poa-founding-document build/fr.xlf
    """
    from poa_cli.actions.translations import import_xliff
    from poa_cli.cli.common import done

    if len(paths) > 2:
        raise UsageError("give at most a document folder and one XLIFF file")
    doc_arg = paths[0] if len(paths) == 2 else None
    done(import_xliff(_root(doc_arg, doc), paths[-1], commit=not no_commit))


def register(app: typer.Typer) -> None:
    """Add translations to the root app."""
    app.add_typer(translations_app, name="translations")
