"""Render timings: ``poa render`` beside bare WeasyPrint on the same HTML.

Three modes, used by ``benchmarks/run.py`` (``make bench``) and by hand:

    python benchmarks/render_bench.py html DOC OUT.html
        write the print HTML and stylesheet poa would give WeasyPrint for the
        clean view of DOC (OUT.html and OUT.css), untimed: the peer's input.
    python benchmarks/render_bench.py bare IN.html OUT.pdf
        bare WeasyPrint: HTML(filename=IN).write_pdf(OUT, stylesheets=[IN.css]),
        with WeasyPrint's default fetcher and no limits: the peer.
    python benchmarks/render_bench.py report DOC [--view clean]
        time both in this process (poa's full pipeline: load, view, HTML, PDF in a
        forked, limited child; bare: WeasyPrint alone on that HTML) and print
        pages, seconds, pages per second and the ratio.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path


def write_html(doc: Path, out: Path, view: str = "clean") -> None:
    """Write the print HTML of *doc*'s *view* to *out* and its PDF stylesheet beside it."""
    from poa_cli.render import Request, build, templates_folder
    from poa_cli.render.html import read_template, render_html

    request = Request(doc, view=view, fmt="pdf")
    templates = templates_folder(request)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(build(request), templates, "print"), encoding="utf-8")
    out.with_suffix(".css").write_text(read_template(templates, "pdf.css"), encoding="utf-8")


def bare(html: Path, pdf: Path) -> None:
    """Lay out *html* with WeasyPrint alone."""
    from weasyprint import CSS, HTML

    HTML(filename=str(html)).write_pdf(
        str(pdf), stylesheets=[CSS(filename=str(html.with_suffix(".css")))]
    )


def report(doc: Path, view: str) -> None:
    import pypdf

    from poa_cli.render import Request, render

    tmp = Path("build")
    tmp.mkdir(exist_ok=True)
    html = tmp / f"render-bench-{view}.html"
    write_html(doc, html, view)
    import weasyprint  # noqa: F401  (both sides start with it imported)

    t0 = time.perf_counter()
    ours = render(Request(doc, view=view, fmt="pdf"))
    t1 = time.perf_counter()
    bare(html, tmp / "render-bench-bare.pdf")
    t2 = time.perf_counter()
    pages = len(pypdf.PdfReader(io.BytesIO(ours)).pages)
    poa_s, bare_s = t1 - t0, t2 - t1
    print(f"{doc.name} ({view}): {pages} pages")
    print(f"  poa render:      {poa_s:6.2f} s  {pages / poa_s:5.1f} pages/s")
    print(f"  bare WeasyPrint: {bare_s:6.2f} s  {pages / bare_s:5.1f} pages/s")
    print(f"  throughput poa/bare: {bare_s / poa_s:.2f}× (target ≥ 0.9×)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("html", "bare", "report"))
    ap.add_argument("source", type=Path)
    ap.add_argument("target", type=Path, nargs="?")
    ap.add_argument("--view", default="clean")
    args = ap.parse_args(argv)
    if args.mode == "html":
        write_html(args.source, args.target, args.view)
    elif args.mode == "bare":
        bare(args.source, args.target)
    else:
        report(args.source, args.view)
    return 0


if __name__ == "__main__":
    sys.exit(main())
