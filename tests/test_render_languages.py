"""Papers in the six official languages: real UN resolutions rolled over, rendered.

A/RES/78/16 (tests/data/six-languages/, the UN's own Akoma Ntoso in six
languages) is rolled over with ``poa init --from-akn`` and printed in each
language. Golden HTML per language (regenerate with ``POA_REGEN_GOLDEN=1``
and review the diff), PDF text read back with pypdf for Arabic and Chinese,
and the conventions taken from the UN's texts checked one by one.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest

from poa_cli.domain import languages
from poa_cli.render import Request, render

from .conftest import git
from .six_languages import rolled_over

GOLDEN = Path(__file__).resolve().parent / "golden" / "languages"
REGEN = os.environ.get("POA_REGEN_GOLDEN") == "1"
LANGS = ("ar", "zh", "en", "fr", "ru", "es")


@pytest.fixture(scope="module")
def res_78_16(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A/RES/78/16 rolled over in six languages, in a git repository of its own."""
    repo = tmp_path_factory.mktemp("six")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    env = {
        "GIT_AUTHOR_NAME": "Test Drafter", "GIT_AUTHOR_EMAIL": "drafter@example.org",
        "GIT_COMMITTER_NAME": "Test Drafter", "GIT_COMMITTER_EMAIL": "drafter@example.org",
    }  # fmt: skip
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return rolled_over(repo, "res-78-16")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def html(doc: Path, lang: str) -> str:
    return render(Request(doc, fmt="html", lang=lang)).decode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_golden_html(res_78_16: Path, lang: str) -> None:
    out = html(res_78_16, lang)
    path = GOLDEN / f"res-78-16-clean-{lang}.html"
    if REGEN:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), (
        f"regenerate with POA_REGEN_GOLDEN=1 ({path.name})"
    )


# What the UN printed in each language's version of A/RES/78/16 (its cover page,
# operative paragraph 3 and its sub-paragraphs).
UN_WORDS = {
    "ar": ("الأمم المتحدة", "الجمعية العامة", "Distr.: General", "6 December 2023", "3 -", "(أ)", "(ج)"),
    "zh": ("联合国", "大会", "Distr.: General", "6 December 2023", "3.", "(a)", "(c)"),
    "en": ("United Nations", "General Assembly", "Distr.: General", "6 December 2023", "3.", "(a)", "(c)"),
    "fr": ("Nations Unies", "Assemblée générale", "Distr. générale", "6 décembre 2023", "3.", "a)", "c)"),
    "ru": ("Организация Объединенных Наций", "Генеральная Ассамблея", "Distr.: General", "6 December 2023", "3.", "a)", "c)"),
    "es": ("Naciones Unidas", "Asamblea General", "Distr. general", "6 de diciembre de 2023", "3.", "a)", "c)"),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_masthead_numbers_and_letters_as_the_un_prints_them(res_78_16: Path, lang: str) -> None:
    out = html(res_78_16, lang)
    org, body, distr, date, number, first, third = UN_WORDS[lang]
    assert f'<div class="mh-org">{org}</div>' in out
    assert f'<div class="mh-body">{body}</div>' in out
    assert f"<div>{distr}</div>" in out and f"<div>{date}</div>" in out
    assert f'<span class="num">{number}</span>' in out
    assert f'<span class="num">{first}</span>' in out and f'<span class="num">{third}</span>' in out
    assert "A/RES/78/16" in out
    direction = ' dir="rtl"' if lang == "ar" else ""
    assert f'<html lang="{lang}"{direction}>' in out
    assert "awaiting" not in out.split("<body", 1)[1]  # every unit is translated and current


def test_second_level_lettering_follows_the_un_texts() -> None:
    # A/RES/79/237, paragraph 2: (i) (ii) (iii) in each language version.
    assert [languages.item_label(1, n, "en") for n in (1, 2, 3)] == ["(i)", "(ii)", "(iii)"]
    assert [languages.item_label(1, n, "fr") for n in (1, 2, 3)] == ["i)", "ii)", "iii)"]
    assert [languages.item_label(1, n, "zh") for n in (1, 2, 3)] == ["㈠", "㈡", "㈢"]
    assert [languages.item_label(1, n, "ar") for n in (1, 2, 3)] == ["’1‘", "’2‘", "’3‘"]
    assert [languages.item_label(0, n, "ar") for n in (1, 2, 3, 4, 5)] == [
        "(أ)",
        "(ب)",
        "(ج)",
        "(د)",
        "(هـ)",
    ]
    assert languages.section_label(2, "zh") == "二" and languages.section_label(2, "ar") == "ثانيا"
    assert languages.un_date(__import__("datetime").date(2026, 5, 1), "fr") == "1er mai 2026"


def test_stale_paragraph_is_printed_in_english_and_marked(res_78_16: Path, tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from poa_cli.cli import app

    repo = tmp_path / "copy"
    shutil.copytree(res_78_16.parent, repo)
    doc = repo / res_78_16.name
    before = html(doc, "fr")
    clause = next(p for p in sorted((doc / "clauses").glob("op-*.yaml")))
    text = clause.read_text(encoding="utf-8")
    old_french = (doc / "translations" / "fr" / clause.name).read_text(encoding="utf-8")
    french_words = re.search(r"text: (.{20})", old_french)
    assert french_words is not None
    result = CliRunner().invoke(
        app,
        [
            "clause",
            "edit",
            clause.stem,
            "--doc",
            str(doc),
            "--text",
            "*Decides* to meet again in 2030;",
        ],
    )
    assert result.exit_code == 0, result.output
    assert text != clause.read_text(encoding="utf-8")
    after = html(doc, "fr")
    para = re.search(rf'<div class="para [^"]*" id="p-{clause.stem}">.*?</div>', after, re.S)
    assert para is not None
    assert "[En attente de traduction]" in para.group(0)
    assert (
        '<span class="awaiting" lang="en" dir="ltr"><em>Decides</em> to meet again in 2030;</span>'
        in para.group(0)
    )
    assert french_words.group(1).strip("'\"") not in para.group(0)  # never the outdated French
    assert "En attente de traduction" not in before
    assert after.count("En attente de traduction") == 1
    arabic = html(doc, "ar")
    assert "[في انتظار الترجمة]" in arabic
    assert git(repo, "status", "--porcelain") == ""


def test_lang_is_refused_outside_the_clean_view(res_78_16: Path, poa: Any) -> None:
    result = poa(
        res_78_16.parent,
        "render",
        str(res_78_16),
        "--view",
        "compilation",
        "--lang",
        "fr",
        "-o",
        "x.html",
    )
    assert result.exit_code == 2 and "stays in English" in result.stderr
    assert (
        poa(res_78_16.parent, "render", str(res_78_16), "--lang", "de", "-o", "x.html").exit_code
        == 2
    )
    help_text = poa(res_78_16.parent, "render", "--help").stdout
    assert "compilation and changes views stay in English" in " ".join(help_text.split())


def test_language_not_issued_is_refused(sample_doc: Path, poa: Any) -> None:
    result = poa(sample_doc.parent, "render", str(sample_doc), "--lang", "fr", "-o", "x.html")
    assert result.exit_code == 1
    assert "is not issued in 'fr'" in result.stderr


def test_markdown_and_json_in_a_language(res_78_16: Path) -> None:
    import json

    md = render(Request(res_78_16, fmt="md", lang="es")).decode("utf-8")
    assert md.startswith("**Naciones Unidas** — **A/RES/78/16**")
    assert "Distr. general · 6 de diciembre de 2023 · Español · Original: inglés" in md
    assert "\n- a\\) Ayudar" in md and "*La Asamblea General,*" in md
    data = json.loads(render(Request(res_78_16, fmt="json", lang="ar")))
    assert data["language"] == "ar" and data["locale"]["dir"] == "rtl"
    assert data["annex"] is None


def pdf_text(doc: Path, lang: str) -> str:
    pdf = render(Request(doc, fmt="pdf", lang=lang))
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.slow
def test_pdf_text_of_the_arabic_and_chinese_papers(res_78_16: Path) -> None:
    zh = pdf_text(res_78_16, "zh")
    squashed = re.sub(r"\s+", "", zh)
    assert "联合国" in squashed and "大会" in squashed and "A/RES/78/16" in squashed
    assert "推进从国际安全角度使用信息和通信技术的负责任国家行为的行动纲领" in squashed
    ar = pdf_text(res_78_16, "ar")
    assert "A/RES/78/16" in ar
    # The shaped Arabic comes back as the letters of the words (pypdf reads the
    # PDF's ToUnicode maps); their order on a line is visual.
    words = set(re.findall(r"[\u0600-\u06FF]+", ar))
    assert {"الجمعية", "العامة"} <= words or {"ةيعمجلا", "ةماعلا"} <= words, sorted(words)[:40]
    assert "\ufffd" not in ar and "\ufffd" not in zh
