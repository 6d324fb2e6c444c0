"""The PDF writer: HTML → PDF with WeasyPrint, the only module that imports it.

Rendering never fetches anything from the network nor reads a file outside the
templates folder. WeasyPrint would, by default: a document read local files and
made six kinds of HTTP request in our tests (ENGINEERING-NOTES, "WeasyPrint 70").
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
import gc
import hashlib
import os
import select
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa_cli.errors import PoaError

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
        from poa_cli.render.jsonview import render_json

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
    from poa_cli.render.parallel import AUTO_MIN_BYTES

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

    *jobs*: how many processes lay it out (see :func:`jobs_for`); above one, the
    paper is cut into that many chunks laid out in parallel and joined
    (:mod:`poa_cli.render.parallel`), when it can be cut. A tagged PDF
    (*options*: PDF/UA, PDF/A) has one structure tree for the whole paper, so
    it is laid out in one process.

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

    if not hasattr(os, "fork"):
        return _write(html, stylesheets, templates, options)  # no fork: no process limits
    processes = 1 if options is not None and options.tagged else jobs_for(size, jobs)
    if processes > 1:
        from poa_cli.render import parallel

        if parallel.splittable(html, stylesheets):
            chunks = parallel.split_html(html, processes)
            if len(chunks) > 1:
                return parallel.parallel_pdf(html, stylesheets, templates, limits, chunks)
    message = _forked(html, stylesheets, templates, limits, options)
    status, payload = message[:1], message[1:]
    if status == b"O":
        return payload
    raise failure(status, payload, limits)
