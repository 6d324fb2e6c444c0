"""Conference papers: ``poa render`` in three views and four formats.

The pipeline: load the document (at a revision) → build the view model
(:mod:`poa_cli.render.views`, pure) → write it (:mod:`.html`, :mod:`.pdf`,
:mod:`.markdown`, :mod:`.jsonview`). :func:`render` is the one entry point the
CLI calls; it returns bytes and never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from poa_cli.actions.silence import paper_line
from poa_cli.actions.validate import require_valid
from poa_cli.domain.model import Document, PaperFormat
from poa_cli.domain.translations import LANGUAGES, ORIGINAL, Localisation
from poa_cli.errors import PoaError

# The module, not its names: formats.docx prints render.model's Paper, so whichever
# of the two is imported first finds the other still loading; its names are only
# looked up when a paper is written.
from poa_cli.formats import docx
from poa_cli.render import positions, views
from poa_cli.render.html import TemplateMissing, read_template, render_html
from poa_cli.render.jsonview import render_json
from poa_cli.render.markdown import render_markdown
from poa_cli.render.model import Paper
from poa_cli.render.pdf import PdfOptions, html_to_pdf, pdf_options
from poa_cli.render.people import People
from poa_cli.resources import shipped
from poa_cli.storage import revisions
from poa_cli.storage.revisions import resolve
from poa_cli.storage.translations import load_translations
from poa_cli.storage.vcs import git_dir_of

VIEWS = views.VIEWS
FORMATS: tuple[str, ...] = tuple(PaperFormat)
#: The formats of the positions view (a matrix and bars: no Markdown; SVG too).
POSITIONS_FORMATS: tuple[str, ...] = ("html", "pdf", "svg", "json")
STYLES = views.STYLES
EXTENSIONS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".xml": "akn",
    ".akn": "akn",
    ".svg": "svg",
    ".docx": "docx",
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
    annex: bool | None = None
    subtitle: bool | None = None
    pdf_variant: str = "pdf/ua-1"

    def wants_annex(self) -> bool:
        """The amendments annex: asked for, else on for compilation and changes only.

        A revised draft as the UN issues it has no annex of the amendments it
        incorporated, so the clean view leaves it out unless asked.
        """
        return self.annex if self.annex is not None else self.view != "clean"

    def wants_subtitle(self) -> bool:
        """The view's subtitle ("Compilation of proposals"): off for clean unless asked."""
        return self.subtitle if self.subtitle is not None else self.view != "clean"


def templates_folder(request: Request) -> Path:
    """Return the templates folder to use (the shipped one unless the request names one)."""
    if request.templates is not None:
        return request.templates
    try:
        return shipped("templates")
    except FileNotFoundError:
        raise PoaError(
            "poa is installed without its templates folder", hint="reinstall poa"
        ) from None


def load_revision(root: Path, rev: str | None) -> Document:
    """Return the document at *root* as it was at *rev* (None or "working": the files).

    Revisions come from :func:`poa_cli.storage.revisions.load_at`, which also reads
    the working files through the parse cache. Raises NotFound for a revision
    that does not exist, PoaError when the working files do not validate.
    """
    if rev is None or rev == WORKING:
        # Never print a paper from a document that does not validate.
        require_valid(root)
    return revisions.load_at(root, rev or WORKING)


def _with_symbol(root: Path, doc: Document, rev: str | None) -> Document:
    """Return *doc* with the symbol of the revision it is (``…/L.1/Rev.2``).

    UN practice: a revised document keeps its symbol with ``/Rev.N`` appended.
    The working text carries the symbol of the last revision issued.
    """
    if rev is None or rev.lower() == WORKING:
        name = revisions.latest(root)
    else:
        resolved = revisions.resolve(root, rev)
        # A commit that is no revision (``HEAD~1``) keeps the document's own symbol.
        name = resolved.revision.name if resolved.revision is not None else None
    if not name:
        return doc
    symbol = revisions.revision_symbol(doc.meta.symbol, name)
    return replace(doc, meta=replace(doc.meta, symbol=symbol))


def build(request: Request, progress: Progress | None = None) -> Paper:
    """Return the view model of *request*'s paper.

    Raises PoaError for an unknown view or style, a revision that does not
    exist, an empty document, or amendments that cannot be consolidated.
    """
    return build_with_document(request, progress)[0]


def build_with_document(
    request: Request, progress: Progress | None = None
) -> tuple[Paper, Document]:
    """Return the view model of *request*'s paper and the document it shows. Raises as build."""

    step = progress or (lambda _stage: None)
    if request.view not in VIEWS:
        raise PoaError(f"unknown view {request.view!r}: use {', '.join(VIEWS)}")
    if request.view == "positions":
        raise PoaError("the positions view is a matrix, not a paper: use render()")
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
    doc = document_at(request.root, request.to_rev)
    before = None
    if request.view == "changes" and request.from_rev not in (None, request.to_rev):
        step("Reading the earlier revision")
        before = load_revision(request.root, request.from_rev)
    step("Preparing the view")
    return paper_of(request, doc, before), doc


def document_at(root: Path, rev: str | None) -> Document:
    """Return the document at *rev* (None: the working files) with the symbol of that
    revision (``…/L.1/Rev.2``). Raises as :func:`load_revision`."""
    return _with_symbol(root, load_revision(root, rev), rev)


def documents_at(root: Path, revs: list[str]) -> list[Document]:
    """Return the document at each of *revs* (revisions issued, not ``working``), each
    with its revision's symbol, read together (:func:`poa_cli.storage.revisions.load_all_at`).
    """
    return [
        _with_symbol(root, doc, rev)
        for rev, doc in zip(revs, revisions.load_all_at(root, revs), strict=True)
    ]


def paper_of(request: Request, doc: Document, before: Document | None = None) -> Paper:
    """Return the view model of *request*'s paper from documents already read.

    *doc* is the document at ``request.to_rev`` (from :func:`document_at`);
    *before* the earlier text of the changes view (None: *doc* itself). For
    callers that print many papers of one negotiation (``poa site``), so that
    each revision is read once. Raises as :func:`build`.
    """
    people = People.for_document(doc.meta)
    to_name = request.to_rev or WORKING
    if request.view == "clean":
        paper = views.clean(doc, people, to_name, _localisation(request, doc))
    elif request.view == "compilation":
        paper = views.compilation(doc, people, request.style, to_name)
    else:
        earlier = before if before is not None else doc
        paper = views.changes(earlier, doc, people, (request.from_rev or WORKING, to_name))
    if not request.wants_annex():
        paper = replace(paper, annex=None)
    if not request.wants_subtitle():
        paper = replace(paper, subtitle="")
    return replace(paper, procedure=_procedure_line(request.root, request.to_rev))


def _procedure_line(root: Path, rev: str | None) -> str:
    """What the paper says of a silence procedure on the revision it prints (or "")."""

    name: str | None = None
    if rev is not None and rev.lower() != WORKING:
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

    return Localisation.of(lang, load_translations(request.root, [lang]))


def provenance(paper: Paper, doc: Document | None) -> docx.Provenance:
    """Return what the Word writer needs beside the paper: each amendment's date and
    annex entry, and the revision's date (:class:`poa_cli.formats.docx.Provenance`)."""
    amendments = doc.amendments.values() if doc is not None else ()
    dates = {a.id: a.submitted.isoformat() for a in amendments if a.submitted}
    entries = {}
    if paper.annex is not None:
        entries = {e.id: e for part in paper.annex.parts for e in part.entries}
    return docx.Provenance(dates, entries, paper.created)


def write(
    paper: Paper,
    fmt: str,
    templates: Path | None = None,
    progress: Progress | None = None,
    pdf_variant: str = "pdf/ua-1",
    compiled: Path | None = None,
) -> bytes:
    """Return *paper* written in *fmt* (html, pdf, md, json, docx).

    *templates* is the templates folder (HTML and PDF only; default: poa's own).
    *pdf_variant*: "pdf/ua-1" (tagged, the default), "pdf/a-3b" (archival, tagged,
    the JSON view model attached as the paper's source) or "none". *compiled*:
    where the compiled templates are kept (:func:`compiled_templates`).
    Raises PoaError (TemplateMissing for a missing template, RenderLimit for a
    PDF past its limits).
    """
    step = progress or (lambda _stage: None)
    if fmt == "json":
        return render_json(paper).encode("utf-8")
    if fmt == "docx":  # without the document, the changes carry the paper's date
        return docx.write_paper(paper, provenance(paper, None))
    if fmt == "md":
        return render_markdown(paper).encode("utf-8")
    if fmt not in ("html", "pdf"):
        raise PoaError(f"unknown paper format {fmt!r}: use html, pdf, md, json or docx")

    folder = templates if templates is not None else templates_folder(Request(Path(".")))
    step("Writing HTML")
    if fmt == "html":
        return render_html(paper, folder, "screen", compiled).encode("utf-8")
    html = render_html(paper, folder, "print", compiled)

    step("Laying out the PDF pages")
    options = pdf_options(paper, pdf_variant)
    return html_to_pdf(html, folder, [read_template(folder, "pdf.css")], options=options)


def render(request: Request, progress: Progress | None = None) -> bytes:
    """Return the bytes of the paper *request* asks for. Raises PoaError."""
    if request.fmt not in FORMATS:
        raise PoaError(f"unknown format {request.fmt!r}: use {', '.join(FORMATS)}")
    if request.fmt == "akn":
        raise PoaError(
            "Akoma Ntoso is not a paper: poa_cli.actions.akn_export.export_akn writes it",
            hint="use 'poa render --format akn'",
        )
    templates = None
    if request.fmt in ("html", "pdf"):
        templates = templates_folder(request)
        if not templates.is_dir():
            raise TemplateMissing(f"the templates folder {templates} does not exist")
    if request.view == "positions":
        return render_positions(request, templates, progress)
    if request.fmt == "svg":
        raise PoaError("--format svg is for --view positions only")
    if request.fmt == "docx":
        if request.style != "inline":
            raise PoaError(
                "Word shows every proposal in place, as a tracked change: --style listed "
                "is for html, pdf and md"
            )

        paper, doc = build_with_document(request, progress)
        step = progress or (lambda _stage: None)
        step("Writing Word")
        return docx.write_paper(paper, provenance(paper, doc))
    paper = build(request, progress)
    compiled = compiled_templates(request.root)
    return write(paper, request.fmt, templates, progress, request.pdf_variant, compiled)


def compiled_templates(root: Path) -> Path | None:
    """Where the compiled templates are kept for the document at *root*: beside poa's
    other caches in its git directory (None outside git: compiled every time)."""
    gitdir = git_dir_of(root.resolve())
    return gitdir / "poa-cache" / "templates" if gitdir is not None else None


def render_positions(
    request: Request, templates: Path | None, progress: Progress | None = None
) -> bytes:
    """Return the positions matrix (``--view positions``) in *request*'s format."""

    step = progress or (lambda _stage: None)
    if request.fmt not in POSITIONS_FORMATS:
        raise PoaError(f"--view positions prints {', '.join(POSITIONS_FORMATS)}, not {request.fmt}")
    if request.from_rev is not None:
        raise PoaError("--from applies to --view changes only", hint="use --to to pick a revision")
    step("Reading the document")
    doc = _with_symbol(request.root, load_revision(request.root, request.to_rev), request.to_rev)
    step("Preparing the view")
    model = positions.build_positions(doc, People.for_document(doc.meta))
    if request.fmt == "json":
        return positions.positions_json(model).encode("utf-8")
    if request.fmt == "svg":
        return positions.positions_svg(model).encode("utf-8")
    if request.fmt == "html":
        return positions.positions_html(model).encode("utf-8")
    html = positions.positions_print_html(model)

    step("Laying out the PDF pages")
    variant = None if request.pdf_variant == "none" else request.pdf_variant
    folder = templates if templates is not None else templates_folder(request)
    created = doc.meta.date.isoformat() if doc.meta.date else ""
    return html_to_pdf(html, folder, [], options=PdfOptions(variant, (), created))
