"""``poa render``: the conference papers (clean, compilation, changes) as HTML, PDF,
Markdown or JSON."""

import enum
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import DocArgument, DocOption, document, write_output
from poa_cli.domain.model import PaperFormat, Style, View
from poa_cli.errors import UsageError


class Language(enum.StrEnum):
    """The six official languages of the United Nations."""

    ar = "ar"
    zh = "zh"
    en = "en"
    fr = "fr"
    ru = "ru"
    es = "es"


# A render shorter than this shows no progress bar: "more than a moment".
PROGRESS_DELAY = 0.4


def _format_of(fmt: PaperFormat | None, output: Path | None) -> str:
    from poa_cli.render import EXTENSIONS

    if fmt is not None:
        return fmt.value
    if output is not None and str(output) != "-":
        ext = output.suffix.lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
        if ext:
            raise UsageError(
                f"cannot tell the format from {output.name!r}: use .html, .pdf, .md, .json or "
                ".xml (Akoma Ntoso), .docx (Word), "
                "or pass --format"
            )
    return "html"


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], None]]:
    """Yield a stage reporter that shows a rich progress bar on stderr after a moment.

    Silent when stderr is not a terminal (pipes, CI): nothing is printed at all.
    """
    if not enabled:
        yield lambda _stage: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from poa_cli.cli.common import console

    stages = [
        "Reading the document",
        "Preparing the view",
        "Writing HTML",
        "Laying out the PDF pages",
    ]
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task("Rendering", total=len(stages))
    started = threading.Event()
    lock = threading.Lock()

    def show() -> None:
        with lock:
            if not started.is_set():
                started.set()
                bar.start()

    timer = threading.Timer(PROGRESS_DELAY, show)
    timer.daemon = True
    timer.start()

    def stage(name: str) -> None:
        done = stages.index(name) if name in stages else None
        bar.update(task, description=name, completed=done if done is not None else None)

    try:
        yield stage
    finally:
        timer.cancel()
        with lock:
            if started.is_set():
                bar.stop()
            started.set()


def render(
    doc_arg: DocArgument = None,
    doc: DocOption = None,
    view: Annotated[
        View,
        typer.Option("--view", "-v", help="clean, compilation, changes or positions (the matrix)."),
    ] = View.CLEAN,
    from_rev: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="changes view: the earlier text (rev-1, a tag, a commit, HEAD or working; "
            "default: the document as it stands).",
            show_default=False,
        ),
    ] = None,
    to_rev: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="The revision to print (default: working, the files as they are); "
            "its accepted amendments are applied.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        PaperFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html, pdf, md, json, akn (Akoma Ntoso 3.0 XML) or docx (Word; default: "
            "from -o's extension, else html).",
            show_default=False,
        ),
    ] = None,
    style: Annotated[
        Style,
        typer.Option(
            "--style",
            help="compilation view: inline (proposals in the text) or listed (under each "
            "paragraph).",
        ),
    ] = Style.INLINE,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write ('-' for standard output; default: "
            "build/<document>-<view>.<format> under the current folder).",
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of templates to use instead of poa's own (paper.html.j2, "
            "paper.css, pdf.css).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            "-l",
            help="Clean view only: the paper in ar, zh, en, fr, ru or es, with that "
            "language's masthead, numbering and script (right to left for ar); paragraphs "
            "whose translation is missing or stale are printed in English, marked as "
            "awaiting translation (Akoma Ntoso: the current translations). The "
            "compilation and changes views stay in English, the language the negotiation "
            "runs in: --lang is refused there.",
            show_default=False,
        ),
    ] = None,
    annex: Annotated[
        bool | None,
        typer.Option(
            "--annex/--no-annex",
            help="The annex listing the amendments (default: on for compilation and "
            "changes, off for clean, as revised drafts are issued).",
            show_default=False,
        ),
    ] = None,
    subtitle: Annotated[
        bool | None,
        typer.Option(
            "--subtitle/--no-subtitle",
            help="The line under the title naming the view ('Consolidated text'; "
            "default: off for clean, on otherwise).",
            show_default=False,
        ),
    ] = None,
    pdf_variant: Annotated[
        str,
        typer.Option(
            "--pdf-variant",
            help="PDF: pdf/ua-1 (tagged for screen readers), pdf/a-3b (archival, tagged, "
            "the paper's source attached) or none (untagged; long papers laid out in "
            "parallel).",
        ),
    ] = "pdf/ua-1",
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="PDF: processes laying out the pages in parallel (0: auto, one for a short "
            "paper, one per core for a long one; default: POA_RENDER_JOBS, else auto).",
            show_default=False,
        ),
    ] = None,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="PDF: reuse the pages of the parts of a long paper that have not changed "
            "since an earlier render (kept in .git/poa-cache/; the PDF is the same either way).",
        ),
    ] = True,
) -> None:
    """Print the conference paper in the UN's form: the clean text, the compilation of
    proposals, or the changes with every word attributed. Prints the path written.

    Example: poa render drafts/poa-founding-document --view compilation -o build/compilation.pdf

    Example: poa render drafts/poa-founding-document --lang fr -o build/clean-fr.pdf
    """
    from poa_cli.render import Request
    from poa_cli.render import render as run

    if doc_arg is not None and doc is not None and doc_arg != doc:
        raise UsageError("give the document once: as DOC or with --doc")
    if from_rev is not None and view != "changes":
        raise UsageError("--from applies to --view changes only")
    if lang is not None and lang != Language.en and view != "clean":
        raise UsageError(
            f"--lang applies to the clean view only: the {view} view stays in English, "
            "the language the negotiation runs in"
        )
    paper = _format_of(fmt, output)
    if paper == "akn" and view == "changes":
        raise UsageError("--format akn prints --view clean or compilation")
    root = document(doc_arg or doc)
    if paper == "akn":
        from poa_cli.actions.akn_export import export_akn

        export = export_akn(root, view=view, lang=lang.value if lang else None, to_rev=to_rev)
        for warning in export.warnings:
            sys.stderr.write(f"warning: {warning}\n")
        _write_paper(export.data, output, root, view, "xml", lang)
        return
    from poa_cli.render.pdf import PDF_VARIANTS

    if pdf_variant not in PDF_VARIANTS:
        raise UsageError(
            f"--pdf-variant must be one of {', '.join(PDF_VARIANTS)}, not {pdf_variant!r}"
        )
    request = Request(
        root, view, paper, style, from_rev, to_rev, templates,
        lang.value if lang else None,
        annex=annex, subtitle=subtitle, pdf_variant=pdf_variant,
    )  # fmt: skip
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    from poa_cli.render.pdf import render_jobs, unit_cache
    from poa_cli.storage.cache import blob_cache

    store = blob_cache(root, "pdf-units") if cache and paper == "pdf" else None
    with _progress(interactive) as stage, render_jobs(jobs), unit_cache(store):
        data = run(request, stage)
    _write_paper(data, output, root, view, paper, lang)


def _write_paper(
    data: bytes, output: Path | None, root: Path, view: str, ext: str, lang: Language | None
) -> None:
    """Write the paper to *output* ('-': standard output; None: build/…); print the path."""
    if output is None:
        from poa_cli.storage.store import load_meta

        suffix = f"-{lang.value}" if lang is not None and lang != Language.en else ""
        output = Path("build") / f"{load_meta(root).id}-{view}{suffix}.{ext}"
    if write_output(output, data):
        sys.stdout.write(f"{output}\n")


def register(app: typer.Typer) -> None:
    """Add render to the root app."""
    app.command("render")(render)
