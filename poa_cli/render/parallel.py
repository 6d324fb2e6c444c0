"""Cut a long paper's HTML into chunks, and join the chunks' PDFs into one.

(The forked processes that lay the chunks out are :mod:`poa_cli.render.pdf`'s,
the only module that imports WeasyPrint.)

The print HTML is cut into chunks of similar size at boundaries between
top-level blocks (two paragraphs, two annex entries: never after a heading);
each chunk is a complete HTML document with the original ``<head>`` and the
ancestors of the cut (``<main>``, ``<section class="part">``) reopened, and
footnotes numbered on from the chunks before it (``counter-reset: footnote``).

Each chunk is laid out in a forked child under the same URL fetcher and the
same limits as a serial render (:mod:`poa_cli.render.pdf`). Page numbers are
right across the join without laying anything out twice: the body of a page
does not depend on the number in its footer, so every child first lays out its
chunk (the expensive part, in parallel) and reports its page count; the parent
then tells each child its first page number and the total, and the child lays
out the *page furniture* alone — a document of blank pages with the same
``@page`` rules, the symbol's running string set on page 1 — and puts those
pages' margin boxes (running header, "n/N" footer, left/right as in the whole
paper) on its own pages before writing its PDF. The parent joins the PDFs with
pypdf, with the metadata, outline and identifier of a serial render.

What differs from the serial render: the last page of a chunk ends where the
chunk ends, so pages after a join break elsewhere (the text, in order, is the
same). Features that need the whole document in one layout — cross-references
(``target-counter``), running elements, running strings other than the
symbol's, internal links — are not split: such papers are laid out serially.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

#: Print HTML of this size (bytes) or more is laid out in parallel by default
#: (``jobs`` = auto): about 18 pages. Measured on 2 cores: 14 pages take 0.8 s
#: instead of 1.3 s, 25 pages 1.4 s instead of 2.2 s, 154 pages 11 s instead of
#: 19 s. Shorter papers (the sample's five pages) stay serial: a few tenths of a
#: second are not worth a short page at the join.
AUTO_MIN_BYTES = 100_000

#: The layout cost of a paper is estimated as its elements plus its characters over
#: this: WeasyPrint spends about as long on one element as on ~1,000 characters of
#: text (measured on the benchmark corpus: the annex, with many short elements,
#: costs 2.5 times more per byte than the body).
CHARS_PER_ELEMENT = 1000

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_RAW = ("style", "script", "title", "textarea")
_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)
#: Elements a cut may fall inside of (their start tags are reopened in the next chunk).
_CONTAINERS = frozenset(("main", "section"))
#: Elements a cut may fall before.
_BLOCKS = frozenset(("div", "article", "section"))
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
_FOOTNOTE = re.compile(r"""<[a-z]+\s[^>]*\bclass="fn\b""")
#: CSS that needs the whole document in one layout.
_WHOLE_DOCUMENT = re.compile(r"target-counter|target-counters|target-text|running\(|element\(")
_STRING_USE = re.compile(r"string\(\s*([a-zA-Z0-9_-]+)")


@dataclass(frozen=True)
class Chunk:
    """One part of the paper as a complete HTML document."""

    html: str
    footnotes_before: int


@dataclass(frozen=True)
class _Cut:
    position: int
    cost: float  # the estimated layout cost of the body before the cut
    ancestors: tuple[tuple[str, str], ...]  # (tag, start tag) of the open elements under <body>


def _signature(tag: str, attrs: str) -> str:
    found = _CLASS.search(attrs)
    return tag + "." + (found.group(1).split()[0] if found and found.group(1).split() else "")


def _scan(html: str) -> tuple[int, int, float, list[_Cut]] | None:
    """Return (end of <body>, start of </body>, the body's cost, the possible cuts), or None."""
    stack: list[tuple[str, str, str]] = []  # (tag, start tag, signature of the last child)
    body_open = body_close = -1
    cuts: list[_Cut] = []
    pos = elements = 0
    while True:
        m = _TAG.search(html, pos)
        if m is None:
            break
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if closing:
            if tag == "body":
                body_close = m.start()
                break
            while stack:
                top = stack.pop()[0]
                if top == tag:
                    break
            continue
        if tag in _RAW:
            end = html.lower().find(f"</{tag}", pos)
            if end < 0:
                return None
            pos = end
            continue
        if tag == "body":
            body_open = m.end()
            stack = [("body", m.group(0), "")]
            continue
        if body_open < 0 or tag in _VOID or m.group(3).rstrip().endswith("/"):
            continue
        elements += 1
        sig = _signature(tag, m.group(3))
        if stack:
            parent_tag, parent_start, last = stack[-1]
            inside = all(t == "body" or t in _CONTAINERS for t, _, _ in stack)
            if inside and tag in _BLOCKS and last == sig:
                cost = elements + (m.start() - body_open) / CHARS_PER_ELEMENT
                cuts.append(_Cut(m.start(), cost, tuple((t, s) for t, s, _ in stack[1:])))
            stack[-1] = (parent_tag, parent_start, sig)
        stack.append((tag, m.group(0), ""))
    if body_open < 0 or body_close < 0:
        return None
    total = elements + (body_close - body_open) / CHARS_PER_ELEMENT
    return body_open, body_close, total, cuts


def split_html(html: str, parts: int) -> list[Chunk]:
    """Cut *html* into up to *parts* chunks of similar size (one when it cannot be cut)."""
    scanned = _scan(html) if parts > 1 else None
    if scanned is None or not scanned[3]:
        return [Chunk(html, 0)]
    body_open, body_close, total, cuts = scanned
    chosen: list[_Cut] = []
    for k in range(1, parts):
        goal = total * k / parts
        best = min(cuts, key=lambda c: abs(c.cost - goal))
        if not chosen or best.position > chosen[-1].position:
            chosen.append(best)
    head = html[:body_open]
    tail = html[body_close:]
    chunks: list[Chunk] = []
    start, openers = body_open, ""
    for cut in [*chosen, None]:
        end = cut.position if cut is not None else body_close
        closers = "".join(f"</{t}>" for t, _ in reversed(cut.ancestors)) if cut else ""
        body = html[start:end]
        before = len(_FOOTNOTE.findall(html, body_open, start))
        chunks.append(Chunk(head + openers + body + closers + tail, before))
        if cut is not None:
            start, openers = cut.position, "".join(s for _, s in cut.ancestors)
    return chunks


def splittable(html: str, stylesheets: list[str]) -> bool:
    """Whether the paper may be laid out in parts (nothing needs the whole document)."""
    for css in [*stylesheets, html]:
        if _WHOLE_DOCUMENT.search(css):
            return False
        if any(name != "symbol" for name in _STRING_USE.findall(css)):
            return False
    return 'href="#' not in html


def furniture_html(html: str, pages: int) -> str:
    """Return a document of *pages* blank pages carrying the paper's running string.

    Its ``<head>`` (styles) and ``<body>`` start tag are the paper's; the first
    page holds the symbol, invisible, so ``string(symbol)`` is set as in the paper.
    """
    scanned = _scan(html)
    head = html[: scanned[0]] if scanned else "<html><head></head><body>"
    symbol = re.search(r"<div class=\"mh-symbol\">(.*?)</div>", html, re.S)
    text = symbol.group(1) if symbol else ""
    hidden = "height:0;overflow:hidden;visibility:hidden;margin:0;padding:0;border:0"
    blank = '<div style="break-before:page;height:0;margin:0;padding:0"></div>'
    return (
        head
        + f'<div style="{hidden}"><div class="mh-symbol">{text}</div></div>'
        + blank * (pages - 1)
        + "</body></html>"
    )


def furniture_styles(
    stylesheets: list[str], first: int, total: int
) -> tuple[list[str] | None, int]:
    """Stylesheets laying out only the furniture of pages *first* + 1 … and how many to skip.

    ``counter(pages)`` becomes the literal *total*, and the page counter starts
    so that the first page kept shows *first* + 1; one or two pages laid out and
    skipped first keep ``:first`` off it and its left/right side right. Returns
    (None, 0) when the styles use the page counters otherwise: then the whole
    furniture is laid out.
    """
    if any(re.search(r"counters?\(\s*pages\s*,", css) for css in stylesheets):
        return None, 0
    sheets = [re.sub(r"counter\(\s*pages\s*\)", f'"{total}"', css) for css in stylesheets]
    if first == 0:
        return sheets, 0
    # the page counter shows the reset value on the page it is reset on
    skip = 1 if first % 2 == 1 else 2  # the first page kept is a right page when first is even
    return [*sheets, f"@page :first {{ counter-reset: page {first + 1 - skip} }}"], skip


# --------------------------------------------------------------------------- joining


def join(pdfs: list[bytes], outline: list[Any] | None = None) -> bytes:
    """Join the chunk PDFs: pages, outline, and the metadata and identifier of the first.

    *outline*: the bookmark tree of the whole paper, ``(label, (page, x, y),
    children, state)`` each, as WeasyPrint nests it (built by the PDF writer).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit, NameObject

    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader, import_outline=False)

    def add(tree: list[Any], parent: Any) -> None:
        for label, (page, x, y), children, state in tree:
            item = writer.add_outline_item(
                title=label,
                page_number=page,
                parent=parent,
                fit=Fit.xyz(x, y, 0),
                is_open=state != "closed",
            )
            add(children, item)

    add(outline or [], None)
    first = readers[0]
    catalog: Any = first.trailer["/Root"]
    if "/Lang" in catalog:
        writer._root_object[NameObject("/Lang")] = catalog["/Lang"].clone(writer)
    if first.metadata is not None:
        writer.add_metadata(dict(first.metadata))
    identifier: Any = first.trailer.get("/ID")
    if identifier is not None:
        writer._ID = identifier.clone(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
