"""Six-language benchmarks: ``translations status`` on the large corpus, ``render --lang ar``.

``python benchmarks/languages_bench.py build CORPUS_DOC OUT`` writes, untimed:

* ``OUT/status/`` — a git repository holding the corpus document's clauses and
  ``document.yaml`` (issued in all six languages) with a translation of every
  unit of every clause in five languages (ar, zh, fr, ru, es): one file per
  clause and language, as poa keeps them. Most units are current, a few stale
  (hash of other words), a few missing, as in a live negotiation.
* ``OUT/sample-ar/`` — the sample founding document issued in English and
  Arabic, every unit translated with real Arabic of the same length, taken from
  the UN's Arabic A/RES/78/16 and 75/240 (tests/data/six-languages/), so the
  PDF shapes as much Arabic as the English version sets Latin.

Used by ``benchmarks/run.py`` (``make bench``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLE = REPO / "drafts" / "poa-founding-document"
ARABIC = [
    REPO / "tests" / "data" / "six-languages" / "A_RES_78_16-2324434A.xml",
    REPO / "tests" / "data" / "six-languages" / "75_240_A.xml",
]
LANGS = ("ar", "zh", "fr", "ru", "es")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip


def _with_languages(text: str, languages: str) -> str:
    import re

    return re.sub(
        r"languages:\s*(\[[^\]]*\]|(?:\n\s+- [a-z]{2})+)", f"languages: {languages}", text
    )


def _arabic_words() -> list[str]:
    from lxml import etree

    words: list[str] = []
    for path in ARABIC:
        tree = etree.parse(str(path))
        for p in tree.iter("{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}p"):
            words.extend("".join(p.itertext()).split())
    return [w for w in words if w]


def _write_translations(doc: Path, langs: tuple[str, ...], say: object) -> int:
    """Write a translation of every unit of *doc* in *langs*; return the files written."""
    from poa_cli.actions.translations import load_original
    from poa_cli.domain.translations import TranslatedUnit, Translation, markers, source_hash
    from poa_cli.storage.translations import render_translation, translation_path

    original = load_original(doc)
    n = 0
    for lang in langs:
        for key, units in original.units.items():
            done = []
            for i, u in enumerate(units):
                text = say(lang, u.source)  # type: ignore[operator]
                calls = "".join(f"[^{m}]" for m in markers(u.source))
                stale = lang != "ar" and i % 17 == 5
                if lang != "ar" and i % 23 == 7:
                    continue  # missing
                h = source_hash(u.source + " (earlier)") if stale else source_hash(u.source)
                done.append(TranslatedUnit(u.id, h, f"{text}{calls}"))
            path = translation_path(doc, lang, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_translation(path, Translation(lang, key, tuple(done), path)))
            n += 1
    return n


def _stamp(corpus_doc: Path) -> str:
    files = (corpus_doc / "document.yaml", Path(__file__), SAMPLE / "document.yaml")
    return "|".join(f"{f}:{f.stat().st_mtime_ns}" for f in files)


def build(corpus_doc: Path, out: Path) -> None:
    """Write OUT/status and OUT/sample-ar (see the module docstring), unless they are
    there already for this corpus and this script."""
    import re

    stamp = out / "stamp.txt"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == _stamp(corpus_doc):
        return
    if out.exists():
        shutil.rmtree(out)
    status = out / "status" / corpus_doc.name
    status.mkdir(parents=True)
    shutil.copytree(corpus_doc / "clauses", status / "clauses")
    meta = (corpus_doc / "document.yaml").read_text(encoding="utf-8")
    (status / "document.yaml").write_text(
        _with_languages(meta, "[en, ar, zh, fr, ru, es]"), encoding="utf-8"
    )
    strip = re.compile(r"\[\^[A-Za-z0-9-]+\]")
    files = _write_translations(
        status, LANGS, lambda lang, src: f"{lang.upper()} {strip.sub('', src)}"
    )
    _git(out / "status", "init", "-q")
    _git(out / "status", "add", "-A")
    _git(out / "status", "commit", "-q", "-m", "corpus in six languages")

    sample = out / "sample-ar" / SAMPLE.name
    shutil.copytree(SAMPLE, sample)
    meta = (sample / "document.yaml").read_text(encoding="utf-8")
    (sample / "document.yaml").write_text(_with_languages(meta, "[en, ar]"), encoding="utf-8")
    words = _arabic_words()
    pos = 0

    def arabic(_lang: str, src: str) -> str:
        nonlocal pos
        n = max(1, len(strip.sub("", src).split()))
        chunk = [words[(pos + k) % len(words)] for k in range(n)]
        pos += n
        return " ".join(chunk)

    _write_translations(sample, ("ar",), arabic)
    _git(out / "sample-ar", "init", "-q")
    _git(out / "sample-ar", "add", "-A")
    _git(out / "sample-ar", "commit", "-q", "-m", "sample in Arabic")
    stamp.write_text(_stamp(corpus_doc), encoding="utf-8")
    print(f"{files} translation files in {status}; Arabic sample in {sample}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("build")
    b.add_argument("corpus_doc", type=Path)
    b.add_argument("out", type=Path)
    b.add_argument("--prime", action="store_true", help="run translations status once after")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    build(args.corpus_doc.resolve(), out)
    if args.prime:
        poa = Path(sys.executable).with_name("poa")
        subprocess.run(
            [str(poa), "translations", "status", str(out / "status" / args.corpus_doc.name)],
            check=True, capture_output=True,
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
