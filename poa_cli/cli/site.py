"""``poa site``: the negotiation as a static web site, for a secretariat to publish."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from poa_cli.cli.common import DocArgument, DocOption, document, fail
from poa_cli.errors import EXIT_USAGE


def site(
    doc_arg: DocArgument = None,
    doc: DocOption = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The folder to write (new, empty, or a site poa wrote before, which is "
            "replaced whole once the new one is ready).",
        ),
    ] = Path("build/site"),
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Processes laying out the papers (0: one per core; default: "
            "POA_RENDER_JOBS, else one per core).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a static web site of the negotiation: the compilation, every revision's
    clean text and changes, a page per paragraph (who wrote each word, its history,
    the proposals on it), the positions matrix, the status chart, and a search that
    works offline. Every link is relative and nothing is loaded from the network,
    so the folder can be published as it is (GitHub Pages, any web server) or
    opened from disk. Prints the folder and the number of files.

    Example: poa site drafts/poa-founding-document -o public
    """
    from poa_cli.actions.site import check_target, publish
    from poa_cli.render import templates_folder
    from poa_cli.render.site import build_site

    if doc_arg is not None and doc is not None and doc_arg != doc:
        fail("give the document once: as DOC or with --doc", EXIT_USAGE)
    root = document(doc_arg or doc)
    check_target(output, root)  # refuse before the work, not after it
    from poa_cli.cli.render import _progress
    from poa_cli.render import Request

    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    with _progress(interactive) as stage:
        files = build_site(root, templates_folder(Request(root)), stage, jobs)
    count = publish(output, files, root)
    sys.stdout.write(f"{output} ({count} files)\n")


def register(app: typer.Typer) -> None:
    """Add site to the root app."""
    app.command("site")(site)
