"""Conference papers: ``poa render`` in three views and four formats.

The pipeline: load the document (at a revision) → build the view model
(:mod:`poa_cli.render.views`, pure) → write it (:mod:`.html`, :mod:`.pdf`,
:mod:`.markdown`, :mod:`.jsonview`). :func:`render` is the one entry point the
CLI calls; it returns bytes and never prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from poa_cli.domain.model import Document
from poa_cli.domain.translations import LANGUAGES, ORIGINAL, Localisation
from poa_cli.errors import NotFound, PoaError
from poa_cli.render.model import Paper

VIEWS: tuple[str, ...] = ("clean", "compilation", "changes")
FORMATS: tuple[str, ...] = ("html", "pdf", "md", "json", "akn")
STYLES: tuple[str, ...] = ("inline", "listed")
EXTENSIONS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".xml": "akn",
    ".akn": "akn",
}
WORKING = "working"

#: Called with the name of each stage as a render reaches it ("Laying out the PDF").
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    """What to render: the document folder, view, format, style, revisions, templates.

    ``from_rev`` applies to the changes view only (default: the document as it
    stands); ``to_rev`` is the revision every view shows (default: the files as
    they are, ``working``). ``templates`` replaces the shipped templates folder.
    ``lang`` asks for a language version of the clean view (None: the original).
    """

    root: Path
    view: str = "clean"
    fmt: str = "html"
    style: str = "inline"
    from_rev: str | None = None
    to_rev: str | None = None
    templates: Path | None = None
    lang: str | None = None


def templates_folder(request: Request) -> Path:
    """Return the templates folder to use (the shipped one unless the request names one)."""
    if request.templates is not None:
        return request.templates
    from poa_cli.resources import shipped

    try:
        return shipped("templates")
    except FileNotFoundError:
        raise PoaError(
            "poa is installed without its templates folder", hint="reinstall poa"
        ) from None


def load_revision(root: Path, rev: str | None) -> Document:
    """Return the document at *root* as it was at *rev* (None or "working": the files).

    Revisions come from :mod:`poa_cli.storage.revisions` (``load_at``, which also reads
    the working files through the parse cache); without that module only the
    working files can be read. Raises NotFound for a revision that does not exist.
    """
    from poa_cli.storage.store import load_document

    try:
        revisions: Any = importlib.import_module("poa_cli.storage.revisions")
    except ImportError:
        revisions = None
    if rev is None or rev == WORKING:
        # Never print a paper from a document that does not validate.
        from poa_cli.actions.validate import require_valid

        require_valid(root)
    if revisions is not None:
        # The working files too: load_at reads them through the parse cache.
        doc: Document = revisions.load_at(root, rev or WORKING)
        return doc
    if rev is None or rev == WORKING:
        return load_document(root)
    raise NotFound(
        f"unknown revision {rev!r}: this poa cannot read revisions yet",
        hint="render the working text (omit --from/--to, or pass 'working')",
    )


def _with_symbol(root: Path, doc: Document, rev: str | None) -> Document:
    """Return *doc* with the symbol of the revision it is (``…/L.1/Rev.2``).

    UN practice: a revised document keeps its symbol with ``/Rev.N`` appended.
    The working text carries the symbol of the last revision issued.
    """
    try:
        revisions: Any = importlib.import_module("poa_cli.storage.revisions")
    except ImportError:
        return doc
    if rev is None or rev.lower() == WORKING:
        name = revisions.latest(root)
    else:
        resolved = revisions.resolve(root, rev)
        name = resolved.revision.name if resolved.revision is not None else resolved.name
    if not name:
        return doc
    symbol: str = revisions.revision_symbol(doc.meta.symbol, name)
    return replace(doc, meta=replace(doc.meta, symbol=symbol))


def build(request: Request, progress: Progress | None = None) -> Paper:
    """Return the view model of *request*'s paper.

    Raises PoaError for an unknown view or style, a revision that does not
    exist, an empty document, or amendments that cannot be consolidated.
    """
    from poa_cli.render import views
    from poa_cli.render.people import People

    step = progress or (lambda _stage: None)
    if request.view not in VIEWS:
        raise PoaError(f"unknown view {request.view!r}: use {', '.join(VIEWS)}")
    if request.style not in STYLES:
        raise PoaError(f"unknown style {request.style!r}: use {', '.join(STYLES)}")
    if request.view != "changes" and request.from_rev is not None:
        raise PoaError("--from applies to --view changes only", hint="use --to to pick a revision")
    if request.lang not in (None, ORIGINAL) and request.view != "clean":
        raise PoaError(
            f"--lang applies to the clean view only: the {request.view} view stays in "
            "English, the language the negotiation runs in",
            hint="drop --lang, or use --view clean",
        )
    step("Reading the document")
    doc = _with_symbol(request.root, load_revision(request.root, request.to_rev), request.to_rev)
    people = People.for_document(doc.meta)
    to_name = request.to_rev or WORKING
    step("Preparing the view")
    if request.view == "clean":
        paper = views.clean(doc, people, to_name, _localisation(request, doc))
    elif request.view == "compilation":
        paper = views.compilation(doc, people, request.style, to_name)
    else:
        before = doc if request.from_rev in (None, request.to_rev) else None
        if before is None:
            step("Reading the earlier revision")
            before = load_revision(request.root, request.from_rev)
        paper = views.changes(before, doc, people, (request.from_rev or WORKING, to_name))
    return replace(paper, procedure=_procedure_line(request.root, request.to_rev))


def _procedure_line(root: Path, rev: str | None) -> str:
    """What the paper says of a silence procedure on the revision it prints (or "")."""
    from poa_cli.actions.silence import paper_line

    name: str | None = None
    if rev is not None and rev.lower() != WORKING:
        from poa_cli.storage.revisions import resolve

        resolved = resolve(root, rev).revision
        if resolved is None:
            return ""
        name = resolved.name
    return paper_line(root, name)


def _localisation(request: Request, doc: Document) -> Localisation | None:
    """The translations of *request*'s language (None for the original).

    Raises PoaError for a language the document is not issued in.
    """
    if request.lang in (None, ORIGINAL):
        return None
    lang = request.lang
    if lang not in LANGUAGES:
        raise PoaError(f"unknown language {lang!r}: use {', '.join(LANGUAGES)}")
    if lang not in doc.meta.languages:
        raise PoaError(
            f"{doc.meta.id} is not issued in '{lang}' (its languages: "
            f"{', '.join(doc.meta.languages)})",
            path=request.root / "document.yaml",
            hint="add the language to 'languages' in document.yaml",
        )
    from poa_cli.storage.translations import load_translations

    return Localisation.of(lang, load_translations(request.root, [lang]))


def write(
    paper: Paper, fmt: str, templates: Path | None = None, progress: Progress | None = None
) -> bytes:
    """Return *paper* written in *fmt* (html, pdf, md, json).

    *templates* is the templates folder (HTML and PDF only; default: poa's own).
    Raises PoaError (TemplateMissing for a missing template, RenderLimit for a
    PDF past its limits).
    """
    step = progress or (lambda _stage: None)
    if fmt == "json":
        from poa_cli.render.jsonview import render_json

        return render_json(paper).encode("utf-8")
    if fmt == "md":
        from poa_cli.render.markdown import render_markdown

        return render_markdown(paper).encode("utf-8")
    if fmt not in ("html", "pdf"):
        raise PoaError(f"unknown paper format {fmt!r}: use html, pdf, md or json")
    from poa_cli.render.html import read_template, render_html

    folder = templates if templates is not None else templates_folder(Request(Path(".")))
    step("Writing HTML")
    if fmt == "html":
        return render_html(paper, folder, "screen").encode("utf-8")
    html = render_html(paper, folder, "print")
    from poa_cli.render.pdf import html_to_pdf

    step("Laying out the PDF pages")
    return html_to_pdf(html, folder, [read_template(folder, "pdf.css")])


def render(request: Request, progress: Progress | None = None) -> bytes:
    """Return the bytes of the paper *request* asks for. Raises PoaError."""
    if request.fmt not in FORMATS:
        raise PoaError(f"unknown format {request.fmt!r}: use {', '.join(FORMATS)}")
    if request.fmt == "akn":
        from poa_cli.actions.akn_export import export_akn

        return export_akn(
            request.root, view=request.view, lang=request.lang, to_rev=request.to_rev
        ).data
    templates = None
    if request.fmt in ("html", "pdf"):
        from poa_cli.render.html import TemplateMissing

        templates = templates_folder(request)
        if not templates.is_dir():
            raise TemplateMissing(f"the templates folder {templates} does not exist")
    paper = build(request, progress)
    return write(paper, request.fmt, templates, progress)
