"""Translations kept per unit: hashing, status, XLIFF out and in, validation.

Real git repositories, the real poa command, real XLIFF written by
translate-toolkit and read back through the hardened XML parser.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from poa_cli.domain import translations as tr
from poa_cli.domain.model import Clause, Item

from .conftest import DRAFTS, git, tree_state

DOC = "poa-founding-document"


@pytest.fixture
def fr_doc(git_repo: Path) -> Path:
    """The sample founding document issued in English, French and Arabic, committed."""
    doc = git_repo / DOC
    shutil.copytree(DRAFTS / DOC, doc)
    meta = doc / "document.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "languages:\n  - en\n", "languages:\n  - en\n  - fr\n  - ar\n"
        ),
        encoding="utf-8",
    )
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add sample in three languages")
    return doc


def translate(xlf: Path, prefix: str = "FR ") -> None:
    """Translate every unit as a translator's tool would: target = prefix + source,
    the starting point (state initial) replaced and the segment marked translated."""

    def unit(m: re.Match[str]) -> str:
        body = re.sub(r"\s*<target>.*?</target>", "", m.group(2), flags=re.S)
        body = body.replace(' state="initial"', "")
        body = re.sub(
            r"<source>(.*?)</source>",
            lambda s: f"<source>{s.group(1)}</source><target>{prefix}{s.group(1)}</target>",
            body,
            flags=re.S,
        )
        return f"{m.group(1)}{body}</unit>"

    text = xlf.read_text(encoding="utf-8")
    xlf.write_text(re.sub(r"(<unit [^>]*>)(.*?)</unit>", unit, text, flags=re.S), encoding="utf-8")


# --------------------------------------------------------------------------- pure parts


def test_source_hash_normalises_unicode_and_whitespace() -> None:
    composed = "Décide"
    decomposed = "De\u0301cide"
    assert tr.source_hash(composed) == tr.source_hash(decomposed)
    assert tr.source_hash(" a \n\t b ") == tr.source_hash("a b")
    assert tr.source_hash("a b") != tr.source_hash("a  c")
    h = tr.source_hash("text")
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", h)
    # The contract's definition, written out: NFC, whitespace runs to one space, stripped.
    import hashlib

    assert h == "sha256:" + hashlib.sha256(b"text").hexdigest()


def test_units_of_a_clause_are_text_items_depth_first_and_footnotes() -> None:
    clause = Clause(
        "op-x", "operative", "*Decides*[^n1] that:",
        items=(Item("op-x-a", "first", (Item("op-x-a-i", "deep"),)), Item("op-x-b", "second")),
        footnotes=(("n1", "See A/78/404."),),
    )  # fmt: skip
    units = tr.clause_units(clause)
    assert [u.id for u in units] == ["op-x", "op-x-a", "op-x-a-i", "op-x-b", "op-x[^n1]"]
    assert {u.clause for u in units} == {"op-x"}
    assert tr.split_footnote_unit("op-x[^n1]") == ("op-x", "n1")
    assert tr.split_footnote_unit("op-x") is None


def test_state_is_translated_stale_or_missing() -> None:
    unit = tr.Unit("op-x", "op-x", "Decides to meet.")
    assert tr.state(unit, None) == tr.MISSING
    assert tr.state(unit, tr.TranslatedUnit("op-x", unit.hash, "Décide")) == tr.TRANSLATED
    old = tr.source_hash("Decides to meet annually.")
    assert tr.state(unit, tr.TranslatedUnit("op-x", old, "Décide")) == tr.STALE
    loc = tr.Localisation("fr", {"op-x": tr.TranslatedUnit("op-x", old, "Décide")})
    assert loc.text("op-x", "Decides to meet.") is None  # never the outdated translation
    assert loc.text("op-x", "Decides to meet annually.") == "Décide"


# --------------------------------------------------------------------------- commands


def status_json(poa: Any, doc: Path) -> dict[str, Any]:
    result = poa(doc.parent, "translations", "status", str(doc), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_export_translate_import_and_status(fr_doc: Path, poa: Any) -> None:
    before = status_json(poa, fr_doc)
    total = before["units"]
    assert before["languages"]["fr"] == {
        "translated": 0,
        "stale": 0,
        "missing": total,
        "complete": False,
    }
    assert set(before["languages"]) == {"fr", "ar"}

    xlf = fr_doc.parent.parent / "fr.xlf"
    out = poa(fr_doc.parent, "translations", "export", str(fr_doc), "--lang", "fr", "-o", str(xlf))
    assert out.exit_code == 0, out.stderr
    assert f"{total} missing and 0 stale" in out.stdout
    data = xlf.read_text(encoding="utf-8")
    assert 'xmlns="urn:oasis:names:tc:xliff:document:2.0"' in data
    assert 'srcLang="en"' in data and 'trgLang="fr"' in data
    assert data.count("<unit ") == total
    translate(xlf)
    head = git(fr_doc.parent, "rev-parse", "HEAD")
    done = poa(fr_doc.parent, "translations", "import", str(fr_doc), str(xlf))
    assert done.exit_code == 0, done.stderr
    assert f"imported {total} fr units" in done.stdout
    assert git(fr_doc.parent, "rev-parse", "HEAD") != head
    assert git(fr_doc.parent, "status", "--porcelain") == ""
    assert "Language: fr" in git(fr_doc.parent, "log", "-1", "--format=%B")
    after = status_json(poa, fr_doc)
    assert after["languages"]["fr"] == {
        "translated": total,
        "stale": 0,
        "missing": 0,
        "complete": True,
    }
    assert after["languages"]["ar"]["missing"] == total
    # One file per clause and language, in the agreed shape.
    path = fr_doc / "translations" / "fr" / "op-mechanism-functions.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/translation.schema.json\n"
    )
    assert (
        "clause: op-mechanism-functions\nlang: fr\nunits:\n  - unit: op-mechanism-functions\n"
        in text
    )
    assert (fr_doc / "translations" / "fr" / "document.yaml").read_text(encoding="utf-8").count(
        "clause: null"
    ) == 1
    assert poa(fr_doc.parent, "validate", str(fr_doc)).exit_code == 0

    # The original changes: that unit is stale, export offers it with the old target.
    poa(
        fr_doc.parent,
        "clause",
        "edit",
        "op-scope",
        "--text",
        "*Decides* that the scope is new.",
        "--doc",
        str(fr_doc),
    )
    stale = status_json(poa, fr_doc)["languages"]["fr"]
    assert stale == {"translated": total - 1, "stale": 1, "missing": 0, "complete": False}
    assert poa(fr_doc.parent, "validate", str(fr_doc)).exit_code == 0  # stale is no error
    again = fr_doc.parent.parent / "fr2.xlf"
    out = poa(
        fr_doc.parent, "translations", "export", str(fr_doc), "--lang", "fr", "-o", str(again)
    )
    assert "0 missing and 1 stale" in out.stdout
    data = again.read_text(encoding="utf-8")
    assert 'name="op-scope"' in data and "<source>*Decides* that the scope is new.</source>" in data
    assert 'state="initial"' in data and "<target>FR " in data
    # Imported untouched, the old target (state initial) is not taken for a translation.
    refused = poa(fr_doc.parent, "translations", "import", str(fr_doc), str(again))
    assert refused.exit_code == 1 and "nothing to import" in refused.stderr
    translate(again, prefix="NOUVEAU ")
    assert poa(fr_doc.parent, "translations", "import", str(fr_doc), str(again)).exit_code == 0
    assert status_json(poa, fr_doc)["languages"]["fr"]["stale"] == 0


def exported(fr_doc: Path, poa: Any) -> Path:
    xlf = fr_doc.parent.parent / "fr.xlf"
    assert (
        poa(
            fr_doc.parent, "translations", "export", str(fr_doc), "--lang", "fr", "-o", str(xlf)
        ).exit_code
        == 0
    )
    translate(xlf)
    return xlf


#: What a translated file is damaged with, and what the refusal says (ids below).
_DAMAGES: list[tuple[Any, str]] = [
    (
        lambda t: t.replace('name="op-scope"', 'name="op-no-such"'),
        "unit 'op-no-such' does not exist",
    ),
    (
        lambda t: re.sub(r'(name="op-scope">.*?<source>)', r"\1Changed ", t, count=1, flags=re.S),
        "the English of unit 'op-scope' changed since the export",
    ),
    (lambda t: t.replace('trgLang="fr"', 'trgLang="de"'), "'de' is not one of the languages"),
    (lambda t: t.replace('trgLang="fr"', 'trgLang="en"'), "'en' is the original"),
    (
        lambda t: t.replace("urn:oasis:names:tc:xliff:document:2.0", "urn:example:other"),
        "not an XLIFF 2.0 file",
    ),
    (lambda t: "<html><body>hello</body></html>", "not an XLIFF 2.0 file"),
    (lambda t: "\x00\x01 binary junk", "not well-formed XML"),
    (lambda t: "", "file is empty"),
    (
        lambda t: t.replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        ),
        "declares a DTD",
    ),
    (
        lambda t: t.replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd">',
        ),
        "declares a DTD|not well-formed XML",
    ),
    (
        lambda t: re.sub(
            r'(name="pp-cumulative-framework">.*?<target>)(.*?)\[\^[^\]]+\]',
            r"\1\2",
            t,
            count=1,
            flags=re.S,
        ),
        "does not cite the footnotes",
    ),
]
_DAMAGE_IDS: list[str] = [
    "unknown-unit",
    "stale-source",
    "language-not-issued",
    "original",
    "other-xml",
    "html",
    "junk",
    "empty",
    "billion-laughs",
    "external-dtd",
    "footnote-dropped",
]


def test_import_refuses_and_writes_nothing(fr_doc: Path, poa: Any) -> None:
    xlf = exported(fr_doc, poa)
    good = xlf.read_text(encoding="utf-8")
    before = tree_state(fr_doc.parent)
    for name, (damage, message) in zip(_DAMAGE_IDS, _DAMAGES, strict=True):
        xlf.write_text(damage(good), encoding="utf-8")
        result = poa(fr_doc.parent, "translations", "import", str(fr_doc), str(xlf))
        assert result.exit_code == 1, (name, result.stdout)
        assert re.search(message, result.stderr), (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, name
        assert "Traceback" not in result.stderr, name
        assert tree_state(fr_doc.parent) == before, name
        assert not (fr_doc / "translations").exists(), name


def test_footnote_text_is_a_unit(fr_doc: Path) -> None:
    from poa_cli.actions.translations import load_original

    original = load_original(fr_doc)
    ids = set(original.unit_index())
    assert any(tr.split_footnote_unit(u) for u in ids)
    assert "title" in ids and "section:review" in ids and "opening" in ids


def test_export_and_status_usage(fr_doc: Path, poa: Any) -> None:
    bad = poa(fr_doc.parent, "translations", "export", str(fr_doc), "--lang", "de", "-o", "x.xlf")
    assert bad.exit_code == 2
    not_issued = poa(
        fr_doc.parent, "translations", "export", str(fr_doc), "--lang", "zh", "-o", "x.xlf"
    )
    assert not_issued.exit_code == 1 and "not one of the languages" in not_issued.stderr
    table = poa(fr_doc.parent, "translations", "status", str(fr_doc))
    assert table.exit_code == 0 and "Missing" in table.stdout and "fr" in table.stdout
    assert poa(fr_doc.parent, "translations", "status", str(fr_doc), "-f", "xml").exit_code == 2


# --------------------------------------------------------------------------- validate


def write_translation(
    doc: Path, lang: str, clause: str | None, units: list[tuple[str, str, str]]
) -> Path:
    from poa_cli.storage.translations import render_translation, translation_path

    path = translation_path(doc, lang, clause)
    t = tr.Translation(lang, clause, tuple(tr.TranslatedUnit(*u) for u in units), path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_translation(path, t), encoding="utf-8")
    return path


def diagnostics(poa: Any, doc: Path) -> list[dict[str, Any]]:
    result = poa(doc.parent, "validate", str(doc), "--format", "json")
    found: list[dict[str, Any]] = json.loads(result.stdout)["diagnostics"]
    return found


def test_validate_checks_translation_files(fr_doc: Path, poa: Any) -> None:
    scope = "*Decides* that the Programme of Action"  # not the real text: a stale hash
    h = tr.source_hash(scope)
    write_translation(fr_doc, "fr", "op-scope", [("op-scope", h, "*Décide*")])
    assert [d for d in diagnostics(poa, fr_doc) if d["rule"].startswith("translation")] == []
    write_translation(fr_doc, "fr", "op-gone", [("op-gone", h, "texte")])
    write_translation(fr_doc, "fr", "op-bureau", [("op-bureau-zz", h, "texte")])
    write_translation(fr_doc, "zh", "op-bureau", [("op-bureau", h, "文本")])
    bad = fr_doc / "translations" / "ar" / "op-bureau.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "schema: poa/translation/1\nclause: op-bureau\nlang: ar\nunits:\n  - unit: op-bureau\n    source: md5:1\n    text: x\n"
    )
    found = {
        (Path(d["path"]).parent.name + "/" + Path(d["path"]).name, d["rule"]): d["message"]
        for d in diagnostics(poa, fr_doc)
    }
    assert "there is no clause 'op-gone'" in found[("fr/op-gone.yaml", "translation-unknown")]
    assert (
        "unit 'op-bureau-zz' is not in clause 'op-bureau'"
        in found[("fr/op-bureau.yaml", "translation-unknown")]
    )
    assert "not in the document's languages" in found[("translations/zh", "translation-language")]
    assert ("ar/op-bureau.yaml", "schema") in found
    result = poa(fr_doc.parent, "validate", str(fr_doc))
    assert result.exit_code == 1
    # status refuses the bad file in one line, naming it
    status = poa(fr_doc.parent, "translations", "status", str(fr_doc))
    assert status.exit_code == 1 and "op-bureau.yaml:" in status.stderr
