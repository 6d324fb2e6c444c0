"""Lay out a long paper in parallel processes and join the PDFs.

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

import contextlib
import hashlib
import io
import json
import os
import re
import select
import signal
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_cli.errors import PoaError

if TYPE_CHECKING:
    from poa_cli.render.pdf import Limits

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
_PT = 0.75  # PDF points per CSS pixel
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


# --------------------------------------------------------------------------- the processes


def _send(fd: int, status: bytes, payload: bytes = b"") -> None:
    view = memoryview(status + struct.pack(">Q", len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _chunk_child(
    out: int,
    commands: int,
    chunk: Chunk,
    paper: str,
    stylesheets: list[str],
    templates: Path,
    memory: int,
    identifier: bytes,
) -> None:
    """Lay out one chunk; report its page count; await (first page, total); write its PDF."""
    try:
        if memory > 0:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        from weasyprint.formatting_structure.boxes import MarginBox

        from poa_cli.render.pdf import layout

        extra = [f"html {{ counter-reset: footnote {chunk.footnotes_before} }}"]
        document = layout(chunk.html, stylesheets + extra, templates)
        _send(out, b"P", struct.pack(">Q", len(document.pages)))
        first, total = struct.unpack(">QQ", _read_exact(commands, 16))
        count = len(document.pages)
        sheets, skip = furniture_styles(stylesheets, first, total)
        pages = count + skip if sheets is not None else total
        furniture = layout(furniture_html(paper, pages), sheets or stylesheets, templates)
        blanks = furniture.pages[skip:] if sheets is not None else furniture.pages[first:]
        for page, blank in zip(document.pages, blanks[:count], strict=True):
            box = page._page_box
            box.children = [c for c in box.children if not isinstance(c, MarginBox)] + [
                c for c in blank._page_box.children if isinstance(c, MarginBox)
            ]
        pdf: bytes = document.write_pdf(
            attachments=[], pdf_identifier=identifier, uncompressed_pdf=False
        )
        # The outline is joined by the parent: levels nest across chunks.
        marks = [
            [i, level, label, x * _PT, (page.height - y) * _PT, state]
            for i, page in enumerate(document.pages)
            for level, label, (x, y), state in page.bookmarks
        ]
        header = json.dumps(marks, ensure_ascii=False).encode("utf-8")
        _send(out, b"O", struct.pack(">Q", len(header)) + header + pdf)
    except MemoryError:
        _send(out, b"M")
    except EOFError:  # the parent gave up
        pass
    except BaseException as exc:  # reported to the parent, which raises PoaError
        _send(out, b"E", f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))


class _Worker:
    def __init__(self, pid: int, results: int, commands: int) -> None:
        self.pid, self.results, self.commands = pid, results, commands
        self.buffer = b""
        self.closed = False

    def frame(self) -> tuple[bytes, bytes] | None:
        if len(self.buffer) < 9:
            return None
        (size,) = struct.unpack(">Q", self.buffer[1:9])
        if len(self.buffer) < 9 + size:
            return None
        status, payload = self.buffer[:1], self.buffer[9 : 9 + size]
        self.buffer = self.buffer[9 + size :]
        return status, payload


def _fork(
    chunks: list[Chunk], html: str, stylesheets: list[str], templates: Path, limits: Limits
) -> list[_Worker]:
    import gc

    workers: list[_Worker] = []
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    gc.freeze()
    try:
        for chunk in chunks:
            results_r, results_w = os.pipe()
            commands_r, commands_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the render process: never returns
                code = 0
                try:
                    os.close(results_r)
                    os.close(commands_w)
                    for other in workers:
                        os.close(other.results)
                        os.close(other.commands)
                    _chunk_child(
                        results_w,
                        commands_r,
                        chunk,
                        html,
                        stylesheets,
                        templates,
                        limits.memory_limit,
                        identifier,
                    )
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            os.close(results_w)
            os.close(commands_r)
            workers.append(_Worker(pid, results_r, commands_w))
    finally:
        gc.unfreeze()
    return workers


def _wait(workers: list[_Worker], status: bytes, deadline: float, limits: Limits) -> list[bytes]:
    """Read one frame of every worker; raise unless each is *status*."""
    from poa_cli.render.pdf import RenderLimit, failure

    got: dict[int, bytes] = {}
    while len(got) < len(workers):
        for i, w in enumerate(workers):
            frame = w.frame()
            if frame is not None and i not in got:
                if frame[0] != status:
                    raise failure(frame[0], frame[1], limits)
                got[i] = frame[1]
        if len(got) == len(workers):
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RenderLimit(
                f"the PDF took longer than {limits.time_limit:g} s to lay out and was stopped",
                hint="raise POA_RENDER_TIMEOUT to allow more",
            )
        waiting = [w.results for i, w in enumerate(workers) if i not in got and not w.closed]
        if not waiting:
            raise failure(b"", b"", limits)
        ready, _, _ = select.select(waiting, [], [], remaining)
        for w in workers:
            if w.results in ready:
                data = os.read(w.results, 1 << 20)
                if data:
                    w.buffer += data
                else:
                    w.closed = True
    return [got[i] for i in range(len(workers))]


def _outline(parts: list[tuple[int, list[Any]]]) -> list[Any]:
    """The bookmark tree of the whole paper, as WeasyPrint makes it for one document.

    *parts*: (page count, bookmarks) of each chunk, a bookmark being
    ``[page in chunk, level, label, x, y, state]`` in PDF points.
    """
    from types import SimpleNamespace

    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    root: list[Any] = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous, first = 0, 0
    for count, marks in parts:
        for i in range(count):
            page = SimpleNamespace(
                bookmarks=[(m[1], m[2], (m[3], m[4]), m[5]) for m in marks if m[0] == i]
            )
            if page.bookmarks:
                previous = make_page_bookmark_tree(
                    page, skipped, last_by_depth, previous, first + i, Matrix()
                )
        first += count
    return root


def join(pdfs: list[bytes], bookmarks: list[list[Any]] | None = None) -> bytes:
    """Join the chunk PDFs: pages, outline, and the metadata and identifier of the first.

    *bookmarks*: each chunk's bookmarks (see :func:`_outline`); the outline is
    built from them as one layout would have nested it.
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

    marks = bookmarks or [[] for _ in readers]
    add(_outline([(len(r.pages), m) for r, m in zip(readers, marks, strict=True)]), None)
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


def parallel_pdf(
    html: str, stylesheets: list[str], templates: Path, limits: Limits, chunks: list[Chunk]
) -> bytes:
    """Lay out *chunks* of *html* in one forked process each; return the joined PDF."""
    deadline = time.monotonic() + limits.time_limit
    workers = _fork(chunks, html, stylesheets, templates, limits)
    try:
        counts = [struct.unpack(">Q", p)[0] for p in _wait(workers, b"P", deadline, limits)]
        total, first = sum(counts), 0
        for w, count in zip(workers, counts, strict=True):
            os.write(w.commands, struct.pack(">QQ", first, total))
            first += count
        pdfs, marks = [], []
        for payload in _wait(workers, b"O", deadline, limits):
            (size,) = struct.unpack(">Q", payload[:8])
            marks.append(json.loads(payload[8 : 8 + size]))
            pdfs.append(payload[8 + size :])
    finally:
        for w in workers:
            os.close(w.results)
            os.close(w.commands)
            with contextlib.suppress(ProcessLookupError):
                os.kill(w.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(w.pid, 0)
    try:
        return join(pdfs, marks)
    except Exception as exc:  # pypdf could not read what WeasyPrint wrote
        raise PoaError(f"could not join the parts of the PDF: {exc}") from None
