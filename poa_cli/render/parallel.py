"""Cut a long paper's HTML into units, and join the units' PDFs into one.

(The forked processes that lay the units out, and the cache of laid-out units,
are :mod:`poa_cli.render.pdf`'s, the only module that imports WeasyPrint.)

The print HTML is cut into units chosen by its content (:func:`split_units`:
before a part, or at content-defined points inside one) at boundaries between
top-level blocks (two paragraphs, two annex entries: never after a heading);
each unit is a complete HTML document with the original ``<head>`` (its
metadata only in the first) and the ancestors of the cut (``<main>``,
``<section class="part">``) reopened, and footnotes numbered on from the units
before it (``counter-reset: footnote``). The cuts do not depend on the number
of processes, so a paper has the same units, and the same bytes, however it is
laid out, and an amendment changes the unit that holds it.

Page numbers are right across the joins without laying anything out twice: the
body of a page does not depend on the number in its footer, so every unit is
laid out first and its page count reported; then each unit's *page furniture*
is laid out alone — a document of blank pages with the same ``@page`` rules,
the symbol's running string set on page 1 (:func:`furniture_html`,
:func:`furniture_styles`) — and those pages' margin boxes (running header,
"n/N" footer, left/right as in the whole paper) are put on the unit's pages
before its PDF is written. :func:`join` joins the PDFs with pypdf, with the
metadata, outline, named destinations and identifier of a serial render.

What differs from the serial render: the last page of a unit ends where the
unit ends, so pages after a join break elsewhere (the text, in order, is the
same). Features that need the whole document in one layout — cross-references
(``target-counter``), running elements, running strings other than the
symbol's, internal links — are not split: such papers are laid out serially.
"""

from __future__ import annotations

import io
import re
import zlib
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

#: Units (:func:`split_units`), in cost units (about 44 a printed page of the clean
#: view): a unit ends before a part once it holds a page or so; inside a part,
#: past about four pages, at one cut in :data:`UNIT_SPREAD` chosen by content;
#: and it never grows past about eleven pages.
UNIT_PART_COST = 40
UNIT_MIN_COST = 170
UNIT_MAX_COST = 480
UNIT_SPREAD = 6

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
#: The elements of the head WeasyPrint takes the PDF's metadata from (and nothing else).
_METADATA = re.compile(
    r"<title\b[^>]*>.*?</title\s*>|<meta\s+name=\"(?:author|description|keywords|generator|"
    r"dcterms\.[a-z]+)\"[^>]*>",
    re.S | re.I,
)
_STRING_USE = re.compile(r"string\(\s*([a-zA-Z0-9_-]+)")


@dataclass(frozen=True)
class Chunk:
    """One part of the paper as a complete HTML document, and its estimated layout cost."""

    html: str
    footnotes_before: int
    cost: float = 0.0


@dataclass(frozen=True)
class _Cut:
    position: int
    cost: float  # the estimated layout cost of the body before the cut
    ancestors: tuple[tuple[str, str], ...]  # (tag, start tag) of the open elements under <body>
    signature: str  # tag.first-class of the block the cut falls before


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
                cuts.append(_Cut(m.start(), cost, tuple((t, s) for t, s, _ in stack[1:]), sig))
            stack[-1] = (parent_tag, parent_start, sig)
        stack.append((tag, m.group(0), ""))
    if body_open < 0 or body_close < 0:
        return None
    total = elements + (body_close - body_open) / CHARS_PER_ELEMENT
    return body_open, body_close, total, cuts


def split_units(html: str) -> list[Chunk]:
    """Cut *html* into units chosen by its content alone (one when it cannot be cut).

    A unit ends before a part (``<section class="part">``) once it holds at least
    :data:`UNIT_PART_COST`, and inside a part at the first cut past
    :data:`UNIT_MIN_COST` whose next block's opening bytes hash to 0 modulo
    :data:`UNIT_SPREAD` (content-defined chunking), or at :data:`UNIT_MAX_COST`.
    Where a unit ends depends on the text around the cut, not on the number of
    processes nor on the rest of the paper: an amendment to one paragraph changes
    the unit holding it (and, at most, where that unit ends), so the other units'
    HTML, and their cached pages, stay the same.
    """
    scanned = _scan(html)
    if scanned is None or not scanned[3]:
        return [Chunk(html, 0, scanned[2] if scanned else 0.0)]
    body_open, body_close, total, cuts = scanned
    chosen: list[_Cut] = []
    last = 0.0
    for candidate in cuts:
        size = candidate.cost - last
        part = candidate.signature == "section.part"
        at = candidate.position
        content = zlib.crc32(html[at : at + 160].encode("utf-8"))
        if (
            (part and size >= UNIT_PART_COST)
            or (size >= UNIT_MIN_COST and content % UNIT_SPREAD == 0)
            or size >= UNIT_MAX_COST
        ) and total - candidate.cost >= UNIT_PART_COST:
            chosen.append(candidate)
            last = candidate.cost
    # The PDF's metadata is the first unit's: a new date changes no other unit.
    heads = (html[:body_open], _METADATA.sub("", html[:body_open]))
    tail = html[body_close:]
    chunks: list[Chunk] = []
    start, openers, before = body_open, "", 0.0
    for cut in [*chosen, None]:
        head = heads[1] if chunks else heads[0]
        end = cut.position if cut is not None else body_close
        closers = "".join(f"</{t}>" for t, _ in reversed(cut.ancestors)) if cut else ""
        body = html[start:end]
        notes = len(_FOOTNOTE.findall(html, body_open, start))
        cost = (cut.cost if cut is not None else total) - before
        chunks.append(Chunk(head + openers + body + closers + tail, notes, cost))
        if cut is not None:
            start, openers, before = cut.position, "".join(s for _, s in cut.ancestors), cut.cost
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
    *html* is the paper, or its :func:`furniture_start` (cut once, used for every unit).
    """
    blank = '<div style="break-before:page;height:0;margin:0;padding:0"></div>'
    start = html if html.endswith(_FURNITURE_END) else furniture_start(html)
    return start + blank * (pages - 1) + "</body></html>"


_FURNITURE_END = "<!-- poa: furniture -->"


def furniture_start(html: str) -> str:
    """The start of the paper's furniture document: its head, body tag and hidden symbol."""
    scanned = _scan(html)
    head = _METADATA.sub("", html[: scanned[0]]) if scanned else "<html><head></head><body>"
    symbol = re.search(r"<div class=\"mh-symbol\">(.*?)</div>", html, re.S)
    text = symbol.group(1) if symbol else ""
    hidden = "height:0;overflow:hidden;visibility:hidden;margin:0;padding:0;border:0"
    return (
        head + f'<div style="{hidden}"><div class="mh-symbol">{text}</div></div>' + _FURNITURE_END
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


def join(pdfs: list[bytes], outline: list[Any] | None = None, identifier: bytes = b"") -> bytes:
    """Join the unit PDFs: pages, named destinations, outline, metadata and identifier.

    *outline*: the bookmark tree of the whole paper, ``(label, (page, x, y),
    children, state)`` each, as WeasyPrint nests it (built by the PDF writer).
    The metadata and ``/Lang`` are the first unit's (every unit has the paper's
    ``<head>``); *identifier* is written as the file identifier, as WeasyPrint
    writes it. Pages are copied one by one and the named destinations (one per
    ``id``, which links into the PDF use) gathered into one sorted name tree:
    pypdf's ``append`` does the same through its outline and destination objects
    at several times the cost.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        Fit,
        NameObject,
        TextStringObject,
    )

    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    writer = PdfWriter()
    names: list[tuple[str, Any]] = []
    for reader in readers:
        moved = {}
        for page in reader.pages:
            copy = writer.add_page(page)
            if page.indirect_reference is not None:
                moved[page.indirect_reference.idnum] = copy.indirect_reference
        root: Any = reader.trailer["/Root"]
        tree = root.get("/Names", {}).get("/Dests") if "/Names" in root else None
        for name, dest in _name_tree(tree.get_object() if tree is not None else None):
            target = dest[0]
            if getattr(target, "idnum", None) in moved:
                names.append((name, ArrayObject([moved[target.idnum], *dest[1:]])))
    if names:
        flat = ArrayObject()
        for name, dest in sorted(names, key=lambda item: item[0]):
            flat += [TextStringObject(name), dest]
        dests = DictionaryObject({NameObject("/Names"): flat})
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/Dests"): writer._add_object(dests)}
        )

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
    if identifier:
        writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_tree(node: Any) -> list[tuple[str, Any]]:
    """The (name, destination array) pairs of a PDF name tree (``/Names`` or ``/Kids``)."""
    if node is None:
        return []
    found: list[tuple[str, Any]] = []
    flat = node.get("/Names")
    if flat is not None:
        flat = flat.get_object()
        for k in range(0, len(flat) - 1, 2):
            dest = flat[k + 1].get_object()
            if isinstance(dest, dict) and "/D" in dest:
                dest = dest["/D"].get_object()
            if isinstance(dest, list) and dest:
                found.append((str(flat[k]), dest))
    for kid in node.get("/Kids") or []:
        found += _name_tree(kid.get_object())
    return found
