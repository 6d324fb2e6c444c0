"""The PDF writer: HTML → PDF with WeasyPrint, the only module that imports it.

Short and tagged papers are laid out in one forked child; long untagged ones
are cut into units by :mod:`poa_cli.render.parallel` (which knows HTML and PDF
files, not WeasyPrint), laid out by forked workers, reused from a cache of
laid-out units when unchanged (:func:`unit_cache`), and joined.

Rendering never fetches anything from the network nor reads a file outside the
templates folder. WeasyPrint would, by default: a document read local files and
made six kinds of HTTP request when this module was written (WeasyPrint 70);
tests/test_render_security.py checks that none is made now.
So one :class:`url fetcher <weasyprint.urls.URLFetcher>` that allows only
``data:`` URLs and files under the templates folder, with redirects off, is given
to ``HTML()``, to every ``CSS()`` and would be given to every attachment (poa
attaches none). Clause text reaches the HTML escaped, so it is printed as text.

Limits: the HTML given to WeasyPrint is capped (:data:`MAX_HTML_BYTES`), and the
layout runs in a forked child process with a wall-clock limit
(:data:`TIME_LIMIT`) and an address-space limit (:data:`MEMORY_LIMIT`); a
render past either is killed and reported as one line. The same HTML always
gives the same bytes: the PDF's dates come from the document (``dcterms``
meta elements in the HTML), its identifier is a hash of the HTML, and
WeasyPrint writes no timestamp of its own.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import hashlib
import json
import os
import select
import signal
import struct
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from poa_cli.errors import PoaError
from poa_cli.render.jsonview import render_json
from poa_cli.render.parallel import (
    AUTO_MIN_BYTES,
    Chunk,
    furniture_html,
    furniture_start,
    furniture_styles,
    join,
    split_units,
    splittable,
)

#: The largest HTML poa hands to WeasyPrint: about 2,000 printed pages. A paper
#: is built from YAML files capped at 1 MiB each; this stops a pathological
#: document from making a render that cannot end.
MAX_HTML_BYTES = 24 * 1024 * 1024
#: Wall-clock seconds a PDF render may take (WeasyPrint lays out ~13 pages/s;
#: 300 s is ~4,000 pages). ``POA_RENDER_TIMEOUT`` overrides it.
TIME_LIMIT = 300.0
#: Address space of the render process, in bytes (a 200-page paper peaks near
#: 300 MB of RSS; the libraries map far more virtual memory than they use).
#: ``POA_RENDER_MEMORY_MB`` overrides it; 0 turns it off.
MEMORY_LIMIT = 4096 * 1024 * 1024


class RenderLimit(PoaError):
    """A render went past a resource limit (size, time or memory)."""


#: The PDF variants ``--pdf-variant`` offers (WeasyPrint's names), "none" for a
#: plain untagged PDF. PDF/UA-1 (tagged: structure tree, /MarkInfo, /Lang, the
#: title shown) is the default; PDF/A-3b is the archival form, tagged too, with
#: the paper's source attached.
PDF_VARIANTS: tuple[str, ...] = ("pdf/ua-1", "pdf/a-3b", "none")


@dataclass(frozen=True)
class PdfOptions:
    """What kind of PDF to write: its variant, and files to attach.

    ``attachments`` are (file name, bytes, description); ``created`` the ISO
    date written as their creation and modification dates (WeasyPrint would
    write the time of the render: the same input must give the same bytes).
    """

    variant: str | None = None
    attachments: tuple[tuple[str, bytes, str], ...] = ()
    created: str = ""

    @property
    def tagged(self) -> bool:
        """True when the PDF carries a structure tree (every variant poa offers)."""
        return self.variant is not None

    def write_options(self, fetcher: Any) -> dict[str, Any]:
        """The options of WeasyPrint's ``render`` and ``write_pdf`` for this PDF."""
        if self.variant is None:
            return {}
        from datetime import datetime

        from weasyprint import Attachment

        try:
            when = datetime.fromisoformat(self.created[:10])
        except ValueError:
            when = datetime(2000, 1, 1)
        files = [
            Attachment(
                string=data,
                name=name,
                description=description,
                url_fetcher=fetcher,
                created=when,
                modified=when,
                relationship="Source",
            )
            for name, data, description in self.attachments
        ]
        return {"pdf_variant": self.variant, "pdf_tags": True, "attachments": files}


@dataclass(frozen=True)
class Limits:
    """The resource limits of one PDF render."""

    max_html_bytes: int = MAX_HTML_BYTES
    time_limit: float = TIME_LIMIT
    memory_limit: int = MEMORY_LIMIT

    @classmethod
    def from_environment(cls) -> Limits:
        """Return the default limits, overridden by POA_RENDER_TIMEOUT / POA_RENDER_MEMORY_MB."""
        time_limit, memory = TIME_LIMIT, MEMORY_LIMIT
        try:
            if os.environ.get("POA_RENDER_TIMEOUT"):
                time_limit = float(os.environ["POA_RENDER_TIMEOUT"])
            if os.environ.get("POA_RENDER_MEMORY_MB"):
                memory = int(os.environ["POA_RENDER_MEMORY_MB"]) * 1024 * 1024
        except ValueError:
            raise PoaError(
                "POA_RENDER_TIMEOUT must be seconds and POA_RENDER_MEMORY_MB megabytes"
            ) from None
        return cls(MAX_HTML_BYTES, time_limit, memory)


def pdf_options(paper: Any, variant: str) -> PdfOptions | None:
    """The PDF options of *paper* (a render.model.Paper) in *variant*; None for "none".

    PDF/A-3b carries the paper's source: its JSON view model (``--format
    json``), from which every writer prints, named ``<document>-<view>.json``.
    """
    if variant not in PDF_VARIANTS:
        raise PoaError(f"unknown PDF variant {variant!r}: use {', '.join(PDF_VARIANTS)}")
    if variant == "none":
        return None
    attachments: tuple[tuple[str, bytes, str], ...] = ()
    if variant.startswith("pdf/a"):
        name = f"{paper.document}-{paper.view}.json"
        source = render_json(paper).encode("utf-8")
        attachments = ((name, source, "The paper's source: poa's view model (poa/render/1)"),)
    return PdfOptions(variant, attachments, paper.created)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def make_url_fetcher(templates: Path) -> Any:
    """Return a WeasyPrint URL fetcher allowing only ``data:`` and files under *templates*.

    Every other URL (http, https, ftp, a file anywhere else, a symlink leading
    out of the folder) raises, and WeasyPrint prints nothing in its place.
    Redirects are not followed.
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    root = templates.resolve()

    class TemplatesOnly(URLFetcher):  # type: ignore[misc]
        """Fetches data: URLs and files under poa's templates folder; nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                if len(url) > MAX_HTML_BYTES:
                    raise ValueError("data: URL too large")
                return super().fetch(url, headers)
            if scheme == "file":
                parts = urlsplit(url)
                if parts.netloc not in ("", "localhost"):
                    raise ValueError(f"refused: {url}")
                path = Path(unquote(parts.path)).resolve()
                if _inside(path, root) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError(f"poa fetches nothing outside its templates: refused {url[:200]}")

    return TemplatesOnly(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)


#: The line of WeasyPrint 70's line-box layout that, to fit one more line of a
#: paragraph under its widows and orphans rules, moves footnotes already placed
#: on the page to the next one: a footnote then prints a page after its call
#: (docs/decisions.md, 61). poa never wants that trade.
_REPORT_LINE = "report = not context.in_column and can_break_now and not could_break_before"


def keep_footnotes_with_calls() -> bool:
    """Make WeasyPrint keep every footnote on the page of its call; True when done.

    WeasyPrint 70's ``_linebox_layout`` reports (moves) the page's footnotes to
    the next page when that lets one more line of a paragraph fit; the line is
    then pushed to the next page instead, as CSS GCPM asks ("a footnote body is
    placed on the page of its call"). The function is rebuilt from its own
    source with that one line changed; when the line is not found (another
    WeasyPrint), nothing is changed and False is returned (a test fails then).
    """
    import inspect
    import textwrap

    from weasyprint.layout import block

    if getattr(block, "_poa_footnotes_kept", False):
        return True
    source = textwrap.dedent(inspect.getsource(block._linebox_layout))
    if source.count(_REPORT_LINE) != 1:
        return False
    namespace = dict(vars(block))
    code = compile(source.replace(_REPORT_LINE, "report = False"), block.__file__, "exec")
    exec(code, namespace)
    block._linebox_layout = namespace["_linebox_layout"]
    block._poa_footnotes_kept = True
    return True


#: A ``<style>`` holding one of these is parsed for each document, as WeasyPrint does:
#: parsing it changes more than the stylesheet (fonts, counter styles, layers, imports).
_STATEFUL_CSS = ("@import", "@font-face", "@counter-style", "@layer", "@color-profile")


def parse_styles_once() -> None:
    """Make WeasyPrint parse each ``<style>`` text once per process, not once per document.

    A long paper is laid out as many small documents (units, page furniture), each
    with the paper's ``<head>``: parsing its stylesheet again for each took about a
    tenth of a second. WeasyPrint's ``find_stylesheets`` is wrapped so that a
    ``<style>`` whose text, base URL and media were parsed before yields the same
    parsed stylesheet (its ``@page`` rules travel with it); one that could change
    anything else when parsed (:data:`_STATEFUL_CSS`) is parsed every time.
    """
    from weasyprint import css

    if getattr(css, "_poa_styles_shared", False):
        return
    original = css.find_stylesheets
    parsed: dict[tuple[str, str, str], Any] = {}

    def find_stylesheets(wrapper: Any, media: str, fetcher: Any, base_url: str, *rest: Any) -> Any:
        for wrapped in wrapper.query_all("style", "link"):
            element = wrapped.etree_element
            if element.tag != "style" or element.get("media") or element.get("type"):
                break
            text = css.get_child_text(element)
            if any(word in text for word in _STATEFUL_CSS):
                break
        else:  # only plain <style> elements: parse each text once
            for wrapped in wrapper.query_all("style"):
                text = css.get_child_text(wrapped.etree_element)
                key = (text, str(base_url), str(media))
                if key not in parsed:
                    (parsed[key],) = original(_OneStyle(wrapped), media, fetcher, base_url, *rest)
                yield parsed[key]
            return
        yield from original(wrapper, media, fetcher, base_url, *rest)

    css.find_stylesheets = find_stylesheets
    css._poa_styles_shared = True


class _OneStyle:
    """A stand-in for a document holding one ``<style>`` element (for find_stylesheets)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def query_all(self, *_: str) -> list[Any]:
        return [self.wrapped]


def layout(
    html: str, stylesheets: list[str], templates: Path, options: PdfOptions | None = None
) -> Any:
    """Lay out *html* under poa's URL fetcher; return WeasyPrint's Document.

    Runs in a render process (see :func:`_forked` and :mod:`poa_cli.render.parallel`).
    A tagged PDF (*options*) is tagged from the layout on.
    """
    import logging

    keep_footnotes_with_calls()

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every refused URL; a refusal is the point, not news.
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    fetcher = make_url_fetcher(templates)
    base = templates.resolve().as_uri() + "/"
    fonts = FontConfiguration()
    sheets = [
        CSS(string=css, base_url=base, url_fetcher=fetcher, font_config=fonts)
        for css in stylesheets
    ]
    document = HTML(string=html, base_url=base, url_fetcher=fetcher)
    tags = {"pdf_tags": True} if options is not None and options.tagged else {}
    return document.render(stylesheets=sheets, font_config=fonts, **tags)


def _write(
    html: str, stylesheets: list[str], templates: Path, options: PdfOptions | None = None
) -> bytes:
    """Lay out *html* and return the PDF bytes (runs in the render process)."""
    options = options or PdfOptions()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    extra = {"attachments": [], **options.write_options(make_url_fetcher(templates))}
    pdf: bytes = layout(html, stylesheets, templates, options).write_pdf(
        pdf_identifier=identifier, uncompressed_pdf=False, **extra
    )
    return pdf


def _child(
    out: int,
    html: str,
    stylesheets: list[str],
    templates: Path,
    memory: int,
    options: PdfOptions | None = None,
) -> None:
    """Lay out the PDF in the forked render process; write status and bytes to *out*."""
    try:
        if memory > 0:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        message = b"O" + _write(html, stylesheets, templates, options)
    except MemoryError:
        message = b"M"
    except SystemError as exc:
        # Under the address-space limit a C library (cairo, harfbuzz, pango) that
        # cannot allocate may fail without a Python exception: out of memory too.
        if memory <= 0 or "without exception set" not in str(exc):
            message = b"E" + f"SystemError: {exc}".encode("utf-8", "replace")
        else:
            message = b"M"
    except BaseException as exc:  # reported to the parent, which raises PoaError
        message = b"E" + f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")
    view = memoryview(message)
    while view:
        view = view[os.write(out, view) :]


def _forked(
    html: str,
    stylesheets: list[str],
    templates: Path,
    limits: Limits,
    options: PdfOptions | None = None,
) -> bytes:
    """Run :func:`_write` in a forked child under the limits; return its status and bytes."""
    read, write = os.pipe()
    # Objects the child inherits are left out of its garbage collections, so it
    # does not touch (and copy) every page of the parent's heap.
    gc.freeze()
    try:
        pid = os.fork()
        if pid == 0:  # the render process: never returns
            code = 0
            try:
                os.close(read)
                _child(write, html, stylesheets, templates, limits.memory_limit, options)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
    finally:
        gc.unfreeze()
    os.close(write)
    chunks: list[bytes] = []
    deadline = time.monotonic() + limits.time_limit
    finished = False
    try:
        while not finished:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RenderLimit(
                    f"the PDF took longer than {limits.time_limit:g} s to lay out and was stopped",
                    hint="raise POA_RENDER_TIMEOUT to allow more",
                )
            ready, _, _ = select.select([read], [], [], remaining)
            if ready:
                chunk = os.read(read, 1 << 20)
                chunks.append(chunk)
                finished = not chunk
    finally:
        os.close(read)
        if not finished:  # stopped by the time limit, or interrupted (Ctrl-C)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    return b"".join(chunks)


#: How many processes lay out a PDF: 0 is auto (one for a short paper, one per
#: core for a long one, see :func:`jobs_for`). ``--jobs`` sets it for a command;
#: ``POA_RENDER_JOBS`` in the environment otherwise.
_JOBS: contextvars.ContextVar[int | None] = contextvars.ContextVar("poa_render_jobs", default=None)


@contextlib.contextmanager
def render_jobs(jobs: int | None) -> Iterator[None]:
    """Within the block, PDFs are laid out by *jobs* processes (0: auto; None: unchanged)."""
    token = _JOBS.set(jobs)
    try:
        yield
    finally:
        _JOBS.reset(token)


def jobs_for(html_bytes: int, jobs: int | None = None) -> int:
    """Return how many processes lay out a paper of *html_bytes* bytes of HTML.

    *jobs* (else ``--jobs``, else ``POA_RENDER_JOBS``) above 0 is taken as it is;
    0 or unset is auto: 1 below :data:`~poa_cli.render.parallel.AUTO_MIN_BYTES`,
    else the number of cores this process may use.
    """
    if jobs is None:
        jobs = _JOBS.get()
    if jobs is None:
        try:
            jobs = int(os.environ.get("POA_RENDER_JOBS") or 0)
        except ValueError:
            raise PoaError("POA_RENDER_JOBS must be a number of processes (0: auto)") from None
    if jobs > 0:
        return jobs
    if html_bytes < AUTO_MIN_BYTES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, cores or 1)


def failure(status: bytes, payload: bytes, limits: Limits) -> PoaError:
    """The error of a render process that answered *status* (not b"O") and *payload*."""
    if status == b"M" or not status:
        return RenderLimit(
            f"the PDF render ran out of memory (limit {limits.memory_limit // (1024 * 1024)} MB)",
            hint="raise POA_RENDER_MEMORY_MB to allow more",
        )
    return PoaError(f"WeasyPrint could not lay out the paper: {payload.decode('utf-8', 'replace')}")


def html_to_pdf(
    html: str,
    templates: Path,
    stylesheets: list[str],
    limits: Limits | None = None,
    jobs: int | None = None,
    options: PdfOptions | None = None,
) -> bytes:
    """Return the PDF of *html*, styled by *stylesheets* (CSS texts), within *limits*.

    *jobs*: how many processes lay it out (see :func:`jobs_for`). A long paper,
    or any paper when more than one process is asked, is cut into units chosen by
    its content (:mod:`poa_cli.render.parallel`), laid out by that many processes
    and joined, when it can be cut; units found in the cache (:func:`unit_cache`)
    are not laid out again. A tagged PDF (*options*: PDF/UA, PDF/A) has one
    structure tree for the whole paper, so it is laid out in one process.

    Raises RenderLimit when the HTML is too large, the render takes too long or
    runs out of memory; PoaError when WeasyPrint fails.
    """
    limits = limits or Limits.from_environment()
    size = len(html.encode("utf-8"))
    if size > limits.max_html_bytes:
        raise RenderLimit(
            f"the paper is too large to print ({size / 1e6:.1f} MB of HTML; the limit is "
            f"{limits.max_html_bytes / 1e6:.0f} MB)"
        )
    import weasyprint  # noqa: F401  (imported once here, so each forked render starts warm)

    # Patched here, before any fork, so no render process compiles it under its memory limit.
    keep_footnotes_with_calls()
    parse_styles_once()

    if not hasattr(os, "fork"):
        return _write(html, stylesheets, templates, options)  # no fork: no process limits
    # A tagged PDF has one structure tree, so it is laid out in one process. A long
    # untagged paper (or one asked to be laid out by several processes) is cut into
    # units chosen by its content, laid out by *processes* workers, reused from the
    # cache when unchanged: the same bytes for any number of processes, cached or not.
    tagged = options is not None and options.tagged
    processes = jobs_for(size, jobs)
    long = size >= AUTO_MIN_BYTES or processes > 1
    if not tagged and long and splittable(html, stylesheets):
        units = split_units(html)
        if len(units) > 1:
            return parallel_pdf(html, stylesheets, templates, limits, units, processes)
    message = _forked(html, stylesheets, templates, limits, options)
    status, payload = message[:1], message[1:]
    if status == b"O":
        return payload
    raise failure(status, payload, limits)


_PT = 0.75  # PDF points per CSS pixel


class UnitStore(Protocol):
    """Where laid-out units are kept between renders (storage.cache.BlobCache)."""

    def names(self) -> list[str]: ...
    def read(self, name: str) -> bytes | None: ...
    def write(self, name: str, data: bytes) -> None: ...
    def drop(self, name: str) -> None: ...


@dataclass
class PdfStats:
    """What the last unit render did: units in the paper, laid out, and reused from the cache."""

    units: int = 0
    laid_out: int = 0
    reused: int = 0


_STORE: contextvars.ContextVar[UnitStore | None] = contextvars.ContextVar(
    "poa_pdf_units", default=None
)
_STATS: contextvars.ContextVar[PdfStats | None] = contextvars.ContextVar(
    "poa_pdf_stats", default=None
)


@contextlib.contextmanager
def unit_cache(store: UnitStore | None) -> Iterator[PdfStats]:
    """Within the block, long PDFs reuse the units laid out before, kept in *store*.

    Yields the :class:`PdfStats` of the renders made in the block (the last one's).
    """
    stats = PdfStats()
    tokens = (_STORE.set(store), _STATS.set(stats))
    try:
        yield stats
    finally:
        _STATS.reset(tokens[1])
        _STORE.reset(tokens[0])


class _Typesetter:
    """WeasyPrint made ready once per render: URL fetcher, fonts, parsed stylesheets.

    Made in the parent before the workers fork, so each starts with the paper's
    stylesheets parsed; a stylesheet text is parsed once per process.
    """

    def __init__(self, templates: Path) -> None:
        import logging

        from weasyprint.text.fonts import FontConfiguration

        logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
        self.fetcher = make_url_fetcher(templates)
        self.base = templates.resolve().as_uri() + "/"
        self.fonts = FontConfiguration()
        self.parsed: dict[str, Any] = {}

    def css(self, texts: list[str]) -> list[Any]:
        from weasyprint import CSS

        for text in texts:
            if text not in self.parsed:
                self.parsed[text] = CSS(
                    string=text,
                    base_url=self.base,
                    url_fetcher=self.fetcher,
                    font_config=self.fonts,
                )
        return [self.parsed[text] for text in texts]

    def layout(self, html: str, stylesheets: list[str]) -> Any:
        from weasyprint import HTML

        document = HTML(string=html, base_url=self.base, url_fetcher=self.fetcher)
        return document.render(stylesheets=self.css(stylesheets), font_config=self.fonts)


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


@dataclass(frozen=True)
class _Job:
    """What every unit worker needs, inherited through fork."""

    units: list[Chunk]
    keys: list[str]
    sheets: list[str]  # the paper's stylesheets
    furniture: str  # the start of the page furniture's document (parallel.furniture_start)
    setter: _Typesetter
    memory: int


def _unit_sheets(job: _Job, i: int) -> list[str]:
    return [*job.sheets, f"html {{ counter-reset: footnote {job.units[i].footnotes_before} }}"]


def _finish(job: _Job, i: int, document: Any, first: int, total: int) -> bytes:
    """Put page furniture (first page *first* + 1 of *total*) on unit *i*; its entry bytes."""
    from weasyprint.formatting_structure.boxes import MarginBox

    count = len(document.pages)
    sheets, skip = furniture_styles(job.sheets, first, total)
    pages = count + skip if sheets is not None else total
    furniture = job.setter.layout(furniture_html(job.furniture, pages), sheets or job.sheets)
    blanks = furniture.pages[skip:] if sheets is not None else furniture.pages[first:]
    for page, blank in zip(document.pages, blanks[:count], strict=True):
        box = page._page_box
        box.children = [c for c in box.children if not isinstance(c, MarginBox)] + [
            c for c in blank._page_box.children if isinstance(c, MarginBox)
        ]
    pdf: bytes = document.write_pdf(
        attachments=[], pdf_identifier=job.keys[i][:32].encode("ascii"), uncompressed_pdf=False
    )
    # The outline is joined by the parent: levels nest across units.
    marks = [
        [n, level, label, x * _PT, (page.height - y) * _PT, state]
        for n, page in enumerate(document.pages)
        for level, label, (x, y), state in page.bookmarks
    ]
    header = json.dumps(marks, ensure_ascii=False).encode("utf-8")
    return struct.pack(">QQ", count, len(header)) + header + pdf


def _unpack(entry: bytes) -> tuple[int, list[Any], bytes]:
    """(page count, bookmarks, PDF) of a unit's entry; ValueError when it is not one."""
    try:
        count, size = struct.unpack(">QQ", entry[:16])
        marks = json.loads(entry[16 : 16 + size])
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise ValueError("not a unit entry") from exc
    pdf = entry[16 + size :]
    if not isinstance(marks, list) or not pdf.startswith(b"%PDF-") or count < 1:
        raise ValueError("not a unit entry")
    return count, marks, pdf


def _unit_worker(out: int, commands: int, job: _Job) -> None:
    """Lay out the units the parent asks for: ``L`` reports a page count, ``F`` an entry."""
    if job.memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (job.memory, job.memory))
    held: dict[int, Any] = {}
    while True:
        try:
            op, i, first, total = struct.unpack(">cQQQ", _read_exact(commands, 25))
        except EOFError:  # done, or the parent gave up
            return
        try:
            document = held.pop(i, None) or job.setter.layout(
                job.units[i].html, _unit_sheets(job, i)
            )
            if op == b"L":
                held[i] = document
                _send(out, b"P", struct.pack(">QQ", i, len(document.pages)))
            else:
                _send(out, b"O", struct.pack(">Q", i) + _finish(job, i, document, first, total))
        except MemoryError:
            _send(out, b"M")
            return
        except BaseException as exc:  # reported to the parent, which raises PoaError
            _send(out, b"E", f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
            return


class _Worker:
    def __init__(self, pid: int, results: int, commands: int) -> None:
        self.pid, self.results, self.commands = pid, results, commands
        self.buffer = b""
        self.closed = False
        self.busy = False

    def frame(self) -> tuple[bytes, bytes] | None:
        if len(self.buffer) < 9:
            return None
        (size,) = struct.unpack(">Q", self.buffer[1:9])
        if len(self.buffer) < 9 + size:
            return None
        status, payload = self.buffer[:1], self.buffer[9 : 9 + size]
        self.buffer = self.buffer[9 + size :]
        return status, payload


class _Pool:
    """Up to *jobs* forked unit workers, given one task at a time each as they finish."""

    def __init__(self, job: _Job, jobs: int, limits: Limits, deadline: float) -> None:
        self.job, self.jobs, self.limits, self.deadline = job, jobs, limits, deadline
        self.workers: list[_Worker] = []
        self.holder: dict[int, _Worker] = {}  # unit → the worker holding its layout

    def _fork(self) -> _Worker:
        results_r, results_w = os.pipe()
        commands_r, commands_w = os.pipe()
        # Objects the child inherits are left out of its garbage collections, so it
        # does not touch (and copy) every page of the parent's heap.
        gc.freeze()
        try:
            pid = os.fork()
            if pid == 0:  # the render process: never returns
                code = 0
                try:
                    os.close(results_r)
                    os.close(commands_w)
                    for other in self.workers:
                        os.close(other.results)
                        os.close(other.commands)
                    _unit_worker(results_w, commands_r, self.job)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
        finally:
            gc.unfreeze()
        os.close(results_w)
        os.close(commands_r)
        worker = _Worker(pid, results_r, commands_w)
        self.workers.append(worker)
        return worker

    def run(self, tasks: list[tuple[bytes, int, int, int]]) -> dict[int, bytes]:
        """Do *tasks* (op, unit, first, total); return each unit's reply payload.

        A unit laid out by a worker is finished by that worker; any other task
        goes to whichever worker is free first.
        """
        own: dict[int, list[tuple[bytes, int, int, int]]] = {}
        free: list[tuple[bytes, int, int, int]] = []
        for task in tasks:
            holder = self.holder.get(task[1])
            (own.setdefault(id(holder), []) if holder else free).append(task)
        want = min(self.jobs, len([w for w in self.workers if id(w) in own]) + len(free))
        while len(self.workers) < want:
            self._fork()
        replies: dict[int, bytes] = {}
        running: dict[int, tuple[_Worker, int]] = {}
        while len(replies) < len(tasks):
            for w in self.workers:
                queue = own.get(id(w)) or free
                if not w.busy and queue:
                    op, i, first, total = queue.pop(0)
                    os.write(w.commands, struct.pack(">cQQQ", op, i, first, total))
                    w.busy = True
                    running[w.results] = (w, i)
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise RenderLimit(
                    f"the PDF took longer than {self.limits.time_limit:g} s to lay out and was "
                    "stopped",
                    hint="raise POA_RENDER_TIMEOUT to allow more",
                )
            ready, _, _ = select.select(list(running), [], [], remaining)
            for fd in ready:
                w, i = running[fd]
                data = os.read(fd, 1 << 20)
                if not data:
                    raise failure(b"", b"", self.limits)
                w.buffer += data
                frame = w.frame()
                if frame is None:
                    continue
                status, payload = frame
                if status not in (b"P", b"O"):
                    raise failure(status, payload, self.limits)
                (unit,) = struct.unpack(">Q", payload[:8])
                replies[unit] = payload[8:]
                if status == b"P":
                    self.holder[unit] = w
                w.busy = False
                del running[fd]
        return replies

    def close(self) -> None:
        for w in self.workers:
            os.close(w.results)
            os.close(w.commands)
            with contextlib.suppress(ProcessLookupError):
                os.kill(w.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(w.pid, 0)


@functools.cache
def _fingerprint(templates: Path) -> str:
    """What a unit's layout depends on besides its HTML and stylesheets.

    WeasyPrint's and Pango's versions, this code (the writer and the cutter), the
    files under the templates folder (what the URL fetcher may read) and the
    system's font folders (a font installed or removed changes the pages).
    """
    import weasyprint
    from weasyprint.text.ffi import pango

    h = hashlib.sha256(f"{weasyprint.__version__}|{pango.pango_version()}".encode())
    for module in (__file__, sys.modules[split_units.__module__].__file__ or ""):
        h.update(Path(module).read_bytes())
    for path in sorted(templates.resolve().rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    fonts = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    fonts.append(Path.home() / ".local" / "share" / "fonts")
    for folder in fonts:
        with contextlib.suppress(OSError):
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                st = entry.stat()
                h.update(f"{entry.path}|{st.st_mtime_ns}|{st.st_size}\n".encode())
    return h.hexdigest()


def parallel_pdf(
    html: str,
    stylesheets: list[str],
    templates: Path,
    limits: Limits,
    units: list[Chunk],
    jobs: int,
) -> bytes:
    """Lay out *units* of *html* in up to *jobs* forked processes; return the joined PDF.

    Units found in the cache (:func:`unit_cache`) laid out with the same HTML,
    styles, footnote number, first page and page total are not laid out again.
    """
    deadline = time.monotonic() + limits.time_limit
    store, stats = _STORE.get(), _STATS.get() or PdfStats()
    sheets = list(stylesheets)
    base = _fingerprint(templates) + "\0" + "\0".join(sheets)
    keys = [
        hashlib.sha256(f"{base}\0{u.footnotes_before}\0{u.html}".encode()).hexdigest()[:40]
        for u in units
    ]
    start = furniture_start(html)
    furniture = hashlib.sha256(start.encode("utf-8")).hexdigest()[:16]
    counts: dict[int, int] = {}
    found: dict[tuple[int, int, int], tuple[str, bytes]] = {}  # (unit, first, total) → entry
    if store is not None:
        index = {k: i for i, k in enumerate(keys)}
        for name in store.names():
            fields = name.split(".")
            if len(fields) != 4 or fields[0] not in index or fields[3] != furniture:
                continue
            if not (fields[1].isdigit() and fields[2].isdigit()):
                continue
            entry = store.read(name)
            try:
                count = _unpack(entry or b"")[0]
            except ValueError:
                store.drop(name)
                continue
            i = index[fields[0]]
            counts[i] = count
            found[(i, int(fields[1]), int(fields[2]))] = (name, entry or b"")
    setter = _Typesetter(templates)
    setter.css([*sheets])  # parsed before the fork, once for every worker
    job = _Job(units, keys, sheets, start, setter, limits.memory_limit)
    pool = _Pool(job, jobs, limits, deadline)
    try:
        todo = sorted(
            (i for i in range(len(units)) if i not in counts), key=lambda i: -units[i].cost
        )
        for i, payload in pool.run([(b"L", i, 0, 0) for i in todo]).items():
            counts[i] = struct.unpack(">Q", payload)[0]
        total = sum(counts.values())
        firsts = [sum(counts[k] for k in range(i)) for i in range(len(units))]
        entries: dict[int, bytes] = {}
        tasks = []
        for i in range(len(units)):
            hit = found.get((i, firsts[i], total))
            if hit is not None:
                entries[i] = hit[1]
            else:
                tasks.append((b"F", i, firsts[i], total))
        tasks.sort(key=lambda t: -units[t[1]].cost)
        made = pool.run(tasks)
    finally:
        pool.close()
    for i, entry in made.items():
        entries[i] = entry
        if store is not None:
            store.write(f"{keys[i]}.{firsts[i]}.{total}.{furniture}", entry)
    stats.units, stats.laid_out, stats.reused = len(units), len(made), len(units) - len(made)
    pdfs: list[bytes] = []
    parts: list[tuple[int, list[Any]]] = []
    for i in range(len(units)):
        count, marks, pdf = _unpack(entries[i])
        pdfs.append(pdf)
        parts.append((count, marks))
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        return join(pdfs, _outline(parts), identifier)
    except Exception as exc:  # pypdf could not read what WeasyPrint wrote
        raise PoaError(f"could not join the parts of the PDF: {exc}") from None


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
