"""The PDF laid out in parallel processes and joined (``poa render --jobs N``).

The joined PDF is read back with pypdf and held against the serial render of the
same HTML. What is asserted, precisely:

- page furniture: every page *i* of *N* ends with "i/N" (in the outer corner:
  right on odd pages, left on even ones); every page but the first carries the
  symbol in the running header; the first carries the masthead;
- no blank pages: every page has text besides its furniture, and the joined PDF
  has at most one page more per join than the serial one (the short last page
  of a chunk);
- the pages before the first join are the serial render's pages, text for text
  (but for the total in "i/N");
- over the whole paper, the words (furniture left out) are the serial render's
  words, as a multiset; the paragraph numbers come in the same order; every
  footnote is printed once, numbered as in the serial render, in order;
- a footnote stands on the page that calls it, numbered on across the joins (a
  paper made for the purpose, its calls and notes carrying unique words), or on
  the next page when it does not fit — WeasyPrint's own rule, in one layout as in
  a chunk;
- the same HTML gives the same bytes; the outline nests as in the serial render;
- the URL fetcher and the limits are the serial render's: a hostile paper laid
  out in parallel fetches nothing and reads no secret.
"""

from __future__ import annotations

import collections
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from poa_cli.render import Request, build, render, templates_folder
from poa_cli.render.html import read_template, render_html
from poa_cli.render.model import Text
from poa_cli.render.parallel import Chunk, split_units
from poa_cli.render.pdf import html_to_pdf, jobs_for

from .conftest import DRAFTS
from .test_render_security import SECRET, Counter, hostile, server  # noqa: F401

pytestmark = pytest.mark.slow

SYMBOL = "A/CONF.999/2026/L.1"
FOLIO = re.compile(r"^(\d+)/(\d+)$")


@pytest.fixture(scope="module")
def paper() -> tuple[str, list[str], Path, Any]:
    """The print HTML of the sample's clean view, its PDF stylesheet, templates, model."""
    request = Request(DRAFTS / "poa-founding-document", fmt="pdf")
    templates = templates_folder(request)
    model = build(request)
    html = render_html(model, templates, "print")
    return html, [read_template(templates, "pdf.css")], templates, model


@pytest.fixture(scope="module")
def pdfs(paper: tuple[str, list[str], Path, Any]) -> dict[int, bytes]:
    html, css, templates, _ = paper
    return {jobs: html_to_pdf(html, templates, css, jobs=jobs) for jobs in (1, 2, 3)}


def units(html: str) -> list[Chunk]:
    """The units poa cuts the print HTML into."""
    return split_units(html)


def texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def body(page: str) -> list[str]:
    """The page's lines without its furniture (the symbol line, "i/N")."""
    return [ln for ln in page.splitlines() if ln.strip() != SYMBOL and not FOLIO.match(ln.strip())]


def words(pages: list[str]) -> collections.Counter[str]:
    text = "\n".join("\n".join(body(p)) for p in pages)
    return collections.Counter(re.sub(r"[\u2010-]\n", "", text).split())


def folio_x(page: pypdf.PageObject) -> float:
    """Where the "i/N" page number starts on *page* (PDF points from the left)."""
    found: list[float] = []

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if FOLIO.match(text.strip()):
            found.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    page.extract_text(visitor_text=visit)
    assert found, "no page number"
    return found[0]


def test_split_cuts_between_paragraphs_and_keeps_everything(
    paper: tuple[str, list[str], Path, Any],
) -> None:
    html = paper[0]
    chunks = units(html)
    assert len(chunks) >= 3
    assert 'class="masthead"' in chunks[0].html
    assert all('class="masthead"' not in c.html for c in chunks[1:])
    head = html[: html.index("<body")]
    assert chunks[0].html.startswith(head)
    # the others have the head without the PDF's metadata (the first unit's is the PDF's)
    bare = re.sub(r"<title>.*?</title>|<meta name=\"(generator|dcterms\.\w+)\"[^>]*>", "", head)
    assert "<title>" in head and "dcterms.created" in head
    for c in chunks:
        assert c.html.rstrip().endswith("</html>")
    for c in chunks[1:]:
        assert c.html.startswith(bare)
        # every chunk is balanced: as many <section>/<main> opened as closed
        for tag in ("section", "main", "div"):
            assert c.html.count(f"<{tag}") == c.html.count(f"</{tag}>"), tag
    paras = re.findall(r'<div class="para[^"]*" id="([^"]+)"', html)
    assert [
        p for c in chunks for p in re.findall(r'<div class="para[^"]*" id="([^"]+)"', c.html)
    ] == (paras)
    notes = [len(re.findall(r'class="fn"', c.html)) for c in chunks]
    assert [c.footnotes_before for c in chunks] == [sum(notes[:k]) for k in range(len(chunks))]
    # never cut between a heading and what follows it (a unit may start with a part, heading
    # included)
    for c in chunks[1:]:
        start = c.html.index("<body")
        before = c.html[start : c.html.index('<div class="para', start)]
        assert "</h2>" not in before or "<h2" in before


def test_unsplittable_html_is_one_chunk() -> None:
    assert len(split_units("<html><body><p>one</p></body></html>")) == 1
    assert len(split_units("no body at all")) == 1


def test_jobs_auto_is_serial_for_short_papers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POA_RENDER_JOBS", raising=False)
    assert jobs_for(50_000) == 1
    assert jobs_for(5_000_000) >= 1
    assert jobs_for(50_000, 3) == 3
    monkeypatch.setenv("POA_RENDER_JOBS", "2")
    assert jobs_for(50_000) == 2


@pytest.mark.parametrize("jobs", [2, 3])
def test_page_numbers_header_and_masthead_across_the_joins(
    pdfs: dict[int, bytes], paper: tuple[str, list[str], Path, Any], jobs: int
) -> None:
    serial = texts(pdfs[1])
    reader = pypdf.PdfReader(io.BytesIO(pdfs[jobs]))
    pages = [p.extract_text() for p in reader.pages]
    assert len(serial) <= len(pages) <= len(serial) + len(units(paper[0])) - 1
    n = len(pages)
    assert "United Nations" in pages[0] and "Distr.: Limited" in pages[0]
    width = float(reader.pages[0].mediabox.width)
    for i, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert lines[-1] == f"{i}/{n}", f"page {i}: {lines[-1]!r}"
        assert i == 1 or SYMBOL in lines, f"page {i} has no running header"
        assert len(body(text)) >= 2, f"page {i} is blank"
        assert (folio_x(page) > width / 2) == (i % 2 == 1), f"page {i}: number on the wrong side"


@pytest.mark.parametrize("jobs", [2, 3])
def test_content_equals_the_serial_render(
    pdfs: dict[int, bytes], paper: tuple[str, list[str], Path, Any], jobs: int
) -> None:
    serial, joined = texts(pdfs[1]), texts(pdfs[jobs])
    # The pages before the first join are the serial pages.
    first_chunk = units(paper[0])[0].html
    last_para = re.findall(r'<span class="num">(\d+)\.</span>', first_chunk)[-1]
    join_page = next(i for i, t in enumerate(joined) if re.search(rf"^{last_para}\.", t, re.M))
    assert join_page >= 1
    for i in range(join_page):
        assert body(joined[i]) == body(serial[i]), f"page {i + 1}"
    # The whole paper: the same words, the paragraph numbers in the same order.
    assert words(joined) == words(serial)

    def numbers(pages: list[str]) -> list[str]:
        return re.findall(r"^(\d{1,3})\.\s", "\n".join(pages), re.M)

    assert numbers(joined) == numbers(serial) == [str(k) for k in range(1, 40)]
    # Every footnote once, with its number, in order.
    model = paper[3]
    flat = re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", "\n".join(joined)))
    at = -1
    for fn in model.footnotes:
        note = f"{fn.number} " + "".join(r.text for r in fn.runs if isinstance(r, Text))[:50]
        assert flat.count(note) == 1, note
        assert flat.index(note) > at, f"footnote {fn.number} out of order"
        at = flat.index(note)


def test_joined_pdf_is_deterministic_with_the_serial_outline_and_metadata(
    pdfs: dict[int, bytes], paper: tuple[str, list[str], Path, Any]
) -> None:
    html, css, templates, _ = paper
    assert html_to_pdf(html, templates, css, jobs=2) == pdfs[2]

    def outline(pdf: bytes) -> list[tuple[int, str]]:
        reader = pypdf.PdfReader(io.BytesIO(pdf))

        def walk(items: list[Any], depth: int) -> list[tuple[int, str]]:
            out: list[tuple[int, str]] = []
            for item in items:
                out += walk(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]
            return out

        return walk(reader.outline, 0)

    assert outline(pdfs[2]) == outline(pdfs[1])
    serial = pypdf.PdfReader(io.BytesIO(pdfs[1]))
    joined = pypdf.PdfReader(io.BytesIO(pdfs[2]))
    assert joined.metadata == serial.metadata
    # every id is a named destination, as in the serial render (links into the PDF)
    assert set(joined.named_destinations) == set(serial.named_destinations)
    assert len(joined.named_destinations) > 20
    assert joined.trailer["/Root"]["/Lang"] == serial.trailer["/Root"]["/Lang"]
    assert joined.trailer["/ID"][0] == serial.trailer["/ID"][0]


def test_footnotes_stand_on_the_page_that_calls_them(
    paper: tuple[str, list[str], Path, Any],
) -> None:
    html, css, templates, _ = paper
    head = html[: html.index("<body")]
    filler = "the Programme of Action shall build on previous outcomes and avoid duplication "
    paras = "".join(
        f'<div class="para operative numbered" id="p-{i}"><p class="ptext">'
        f'<span class="num">{i}.</span>{filler * (i % 7)}Q{i}Z'
        f'<span class="fn">N{i}W note text {filler[: 20 * (i % 4)]}</span> {filler * (i % 5)}'
        "</p></div>\n"
        for i in range(1, 61)
    )
    made = (
        head + '<body class="view-clean medium-print"><main><section class="part" id="s-x">\n'
        f"{paras}</section></main></body></html>"
    )
    for jobs in (2, 3):
        pages = texts(html_to_pdf(made, templates, css, jobs=jobs))
        assert len(pages) >= 7
        same_page = 0
        for i in range(1, 61):
            call = [k for k, t in enumerate(pages) if f"Q{i}Z" in t]
            note = [k for k, t in enumerate(pages) if f"N{i}W" in t]
            assert len(call) == 1 and len(note) == 1, f"footnote {i} with {jobs} jobs"
            # WeasyPrint puts a note that does not fit under its call's line on the
            # next page, in one layout as in a chunk: never further, never before.
            assert note[0] - call[0] in (0, 1), f"footnote {i} with {jobs} jobs"
            same_page += note[0] == call[0]
            number = re.search(rf"^(\d+) N{i}W", pages[note[0]], re.M)
            assert number is not None and number.group(1) == str(i)
        assert same_page >= 54
        # The first note of every chunk is numbered on and stands on the chunk's first page.
        for chunk in units(made)[1:]:
            i = chunk.footnotes_before + 1
            start = next(k for k, t in enumerate(pages) if f"Q{i}Z" in t)
            assert f"{i} N{i}W" in pages[start]


def test_parallel_render_fetches_nothing_and_reads_no_secret(
    hostile: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POA_RENDER_JOBS", "3")
    Counter.hits.clear()
    pdf = render(Request(hostile, view="compilation", fmt="pdf"))
    assert Counter.hits == []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert SECRET not in text and SECRET.encode() not in pdf
    assert reader.attachments == {}
    assert "alert(1)" in text and "@import" in text


def test_the_cli_takes_jobs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from poa_cli.cli import app

    out = tmp_path / "p.pdf"
    doc = DRAFTS / "poa-founding-document"
    result = CliRunner().invoke(app, ["render", str(doc), "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = texts(out.read_bytes())
    assert pages[-1].strip().endswith(f"{len(pages)}/{len(pages)}")
    bad = CliRunner().invoke(app, ["render", str(doc), "--jobs", "-1", "-o", str(out)])
    assert bad.exit_code == 2
