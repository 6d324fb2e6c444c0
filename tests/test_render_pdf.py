"""PDF and screen output: WeasyPrint's PDF read back with pypdf, pages turned into
PNGs with pdftoppm, and the HTML screenshotted in headless Chromium.

``make sysdeps`` installs chromium and poppler-utils; the tests that need them
skip, saying so, only when the binary truly is absent.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pypdf
import pytest

from poa_cli.render import Request, build, render
from poa_cli.render.model import Text

from .conftest import DRAFTS

pytestmark = pytest.mark.slow

SYMBOL = "A/CONF.999/2026/L.1"
VIEWS = ("clean", "compilation", "changes")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pdf")
    shutil.copytree(DRAFTS / "poa-founding-document", root / "poa-founding-document")
    shutil.copytree(DRAFTS / "recommendations", root / "recommendations")
    return root


@pytest.fixture(scope="module")
def pdfs(sample: Path) -> dict[str, bytes]:
    """The sample founding document in every view, as PDF (rendered once)."""
    doc = sample / "poa-founding-document"
    return {v: render(Request(doc, view=v, fmt="pdf")) for v in VIEWS}


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without line breaks or the hyphens the layout added at them."""
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", text))


@pytest.mark.parametrize("view", VIEWS)
def test_symbol_and_page_number_on_every_page(pdfs: dict[str, bytes], view: str) -> None:
    pages = page_texts(pdfs[view])
    assert len(pages) >= 4
    for n, text in enumerate(pages, start=1):
        assert SYMBOL in text, f"page {n} of the {view} paper has no symbol"
        assert f"{n}/{len(pages)}" in text, f"page {n} of the {view} paper has no page number"


def test_masthead_title_and_paragraph_numbers(pdfs: dict[str, bytes]) -> None:
    pages = page_texts(pdfs["clean"])
    first = pages[0]
    for words in ("United Nations", "Distr.: Limited", "20 April 2026", "Original: English"):
        assert words in first
    assert "Founding document of the Programme of Action" in flat(first)
    text = "\n".join(pages)
    numbers = [int(m) for m in re.findall(r"^(\d{1,2})\.\s", text, re.M)]
    assert numbers == list(range(1, 40))
    for label in ("I.", "II.", "V.", "IX."):
        assert re.search(rf"^{re.escape(label)}\s", text, re.M), label


def test_footnotes_are_printed_with_their_text(pdfs: dict[str, bytes], sample: Path) -> None:
    paper = build(Request(sample / "poa-founding-document"))
    texts = [flat(t) for t in page_texts(pdfs["clean"])]
    everything = " ".join(texts)
    for fn in paper.footnotes:
        words = "".join(r.text for r in fn.runs if isinstance(r, Text))[:50]
        assert f"{fn.number} {words}" in everything, words
    # The first footnote stands at the foot of the page that calls it.
    page = next(i for i, t in enumerate(texts) if "results-based," in t)
    assert (
        "1 Final report of the 2019–2021 open-ended working group (A/75/816), para. 74"
        in texts[page]
    )


def test_changes_and_compilation_are_in_the_pdf(pdfs: dict[str, bytes]) -> None:
    changes = flat(" ".join(page_texts(pdfs["changes"])))
    assert "EST-1" in changes and "SGP-1" in changes and "Legend" in changes
    compilation = flat(" ".join(page_texts(pdfs["compilation"])))
    assert "Alt 1" in compilation.replace("ALT", "Alt") or "ALT 1" in compilation
    assert "Civil Society Network for Peace and Security in Cyberspace" in compilation
    assert "Proposals by accredited stakeholders" in compilation


def test_pdf_is_deterministic_with_dates_from_the_document(
    sample: Path, pdfs: dict[str, bytes]
) -> None:
    again = render(Request(sample / "poa-founding-document", view="clean", fmt="pdf"))
    assert again == pdfs["clean"]
    meta = pypdf.PdfReader(io.BytesIO(again)).metadata
    assert meta is not None
    assert meta.creation_date is not None and meta.creation_date.date() == date(2026, 4, 20)
    assert SYMBOL in (meta.title or "")


def test_resolution_style_paper(sample: Path) -> None:
    pdf = render(Request(sample / "recommendations", view="clean", fmt="pdf"))
    text = "\n".join(page_texts(pdf))
    assert "A/CONF.999/AM/2027/L.1" in text
    assert "The annual meeting of the Programme of Action," in flat(text)
    assert [int(m) for m in re.findall(r"^(\d{1,2})\.\s", text, re.M)] == list(range(1, 12))


# --------------------------------------------------------------------------- pixels


def png_is_not_blank(path: Path) -> tuple[int, int]:
    """Return the PNG's (width, height) after checking it holds more than one colour."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    idat = b""
    pos = 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    assert len(set(raw)) > 16, f"{path.name} is blank"
    return width, height


def test_pdftoppm_turns_every_page_into_a_png(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm is not installed (make sysdeps installs poppler-utils)")
    pdf = tmp_path / "compilation.pdf"
    pdf.write_bytes(pdfs["compilation"])
    subprocess.run(
        [exe, "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(page_texts(pdfs["compilation"]))
    for png in pngs:
        width, height = png_is_not_blank(png)
        assert height > width  # A4, portrait


def test_chromium_screenshot_of_the_html(sample: Path, tmp_path: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (make sysdeps installs it)")
    html = tmp_path / "compilation.html"
    html.write_bytes(render(Request(sample / "poa-founding-document", view="compilation")))
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
            "--window-size=1200,1600", html.as_uri(),
        ],
        check=True, capture_output=True, timeout=90,
    )  # fmt: skip
    assert png_is_not_blank(shot) == (1200, 1600)
