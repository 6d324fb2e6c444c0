"""Real six-language UN resolutions as poa documents, for the language tests.

A/RES/78/16 and 75/240 (tests/data/six-languages/, copied from the UN's Akoma
Ntoso) are rolled over with ``poa init --from-akn`` (every language version
becomes an aligned translation). The masthead words the rollover leaves to the
translators (the opening formula, the session, the agenda item) are then put in
the way translators would: ``poa translations export`` an XLIFF file per
language, fill in the words the UN printed in that language's version (read
from its cover page), ``poa translations import``.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from poa_cli.cli import app

DATA = Path(__file__).resolve().parent / "data" / "six-languages"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
#: Language code → the letter of the UN's file names.
LETTERS = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}
RESOLUTIONS = {
    "res-78-16": "A_RES_78_16-2324434{}.xml",
    "res-75-240": "75_240_{}.xml",
}


def akn_file(name: str, lang: str) -> Path:
    """Return the Akoma Ntoso file of resolution *name* in *lang*."""
    return DATA / RESOLUTIONS[name].format(LETTERS[lang])


def _words(path: Path) -> dict[str, str]:
    """The opening formula, session and agenda item as the UN printed them in *path*."""
    tree = etree.parse(str(path))
    formula = tree.find(f".//{AKN}preamble/{AKN}formula")
    cover = tree.find(f".//{AKN}coverPage")
    assert formula is not None and cover is not None
    lines = [" ".join("".join(p.itertext()).split()) for p in cover.iter(f"{AKN}p")]
    opening = " ".join("".join(formula.itertext()).split())
    # cover page: organisation, symbol, organ, Distr., date, session, item, subject …
    session, item, subject = lines[5], lines[6], lines[7]
    # How each language joins the item and its subject ("Agenda item 94: …").
    lang = next(code for code, letter in LETTERS.items() if path.stem.endswith(letter))
    sep = {"ar": "، ", "zh": "：", "fr": " : "}.get(lang, ": ")
    return {
        "opening": re.sub(r"\s+([،,])", r"\1", opening),
        "session": session,
        "agenda-item": f"{item}{sep}{subject}",
    }


def rolled_over(folder: Path, name: str) -> Path:
    """Roll resolution *name* over into *folder* (a git repository) in six languages.

    Returns the document folder. Asserts each command succeeds.
    """
    runner = CliRunner()
    doc = folder / name
    args = ["init", str(doc)]
    for lang in ("en", "ar", "zh", "fr", "ru", "es"):
        args += ["--from-akn", str(akn_file(name, lang))]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    for lang in ("ar", "zh", "fr", "ru", "es"):
        xlf = folder.parent / f"{folder.name}-{name}-{lang}.xlf"  # outside the repository
        result = runner.invoke(
            app, ["translations", "export", str(doc), "--lang", lang, "-o", str(xlf)]
        )
        assert result.exit_code == 0, result.output
        words = _words(akn_file(name, lang))
        text = xlf.read_text(encoding="utf-8")
        filled = 0
        for unit, value in words.items():
            text, n = re.subn(
                rf'(<unit id="u\d+" name="{unit}">.*?</source>)',
                lambda m, v=value: m.group(1) + f"<target>{v}</target>",
                text,
                flags=re.S,
            )
            filled += n
        if not filled:
            continue  # the rollover already brought every unit over: nothing to complete
        xlf.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["translations", "import", str(doc), str(xlf)])
        assert result.exit_code == 0, result.output
    return doc
