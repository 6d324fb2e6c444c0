"""Render timings: ``poa render`` beside bare WeasyPrint on the same HTML.

Three modes, used by ``benchmarks/run.py`` (``make bench``) and by hand:

    python benchmarks/render_bench.py html DOC OUT.html
        write the print HTML and stylesheet poa would give WeasyPrint for the
        clean view of DOC (OUT.html and OUT.css), untimed: the peer's input.
    python benchmarks/render_bench.py bare IN.html OUT.pdf
        bare WeasyPrint: HTML(filename=IN).write_pdf(OUT, stylesheets=[IN.css]),
        with WeasyPrint's default fetcher and no limits: the peer.
    python benchmarks/render_bench.py poa-pdf IN.html OUT.pdf [--jobs 0]
        poa's PDF writer on the same HTML and stylesheet as ``bare``: the paper cut
        into units laid out by ``--jobs`` processes (0: one per core) and joined,
        untagged, no cache: the parallel side of the throughput row.
    python benchmarks/render_bench.py incremental-prepare DOC WORK
        clone the repository holding DOC into WORK (the corpus is left alone), render
        the clean PDF there (untagged) to fill its unit cache, keep a copy of that
        cache, then accept one amendment with ``poa consolidate`` (a new revision);
        check once that the render reusing the cache has the bytes of a cold one.
    python benchmarks/render_bench.py incremental-reset WORK
        put WORK's unit cache back as it was before the amendment (untimed, before
        every timed render).
    python benchmarks/render_bench.py report DOC [--view clean] [--runs 3] [--jobs 0]
        time, alternately and in this process, on the same print HTML: poa's PDF
        writer laying it out serially (one forked, limited child), poa's writer in
        parallel (``--jobs`` processes, 0 = one per core), and bare WeasyPrint; print
        pages, median seconds, pages per second and the ratios.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
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


def poa_pdf(html: Path, pdf: Path, jobs: int = 0) -> None:
    """Lay out *html* with poa's PDF writer (untagged, units in *jobs* processes, no cache)."""
    from poa_cli.render.pdf import html_to_pdf
    from poa_cli.resources import shipped

    text = html.read_text(encoding="utf-8")
    css = [html.with_suffix(".css").read_text(encoding="utf-8")]
    pdf.write_bytes(html_to_pdf(text, shipped("templates"), css, jobs=jobs))


def _poa(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    poa = str(Path(sys.executable).with_name("poa"))
    return subprocess.run([poa, *args], cwd=cwd, capture_output=True, text=True, check=False)


def _units(work: Path) -> Path:
    return work / ".git" / "poa-cache" / "pdf-units"


def incremental_prepare(doc: Path, work: Path) -> None:
    """Clone *doc*'s repository into *work*, fill its unit cache, accept one amendment."""
    root = Path(
        subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=doc, capture_output=True, text=True
        ).stdout.strip()
    )
    if work.exists():
        shutil.rmtree(work)
    subprocess.run(["git", "clone", "-q", str(root), str(work)], check=True)
    target = work / doc.resolve().relative_to(root.resolve())
    out = work.parent / f"{work.name}-before.pdf"
    r = _poa(work, "render", str(target), "--pdf-variant", "none", "-o", str(out))
    if r.returncode != 0:
        raise SystemExit(f"render failed: {r.stderr}")
    saved = work.parent / f"{work.name}-units"
    if saved.exists():
        shutil.rmtree(saved)
    shutil.copytree(_units(work), saved)
    for path in sorted((target / "amendments").glob("*.yaml")):
        r = _poa(work, "consolidate", "-d", str(target), "--accept", path.stem, "--date",
                 "2026-10-01")  # fmt: skip
        if r.returncode == 0:
            print(f"accepted {path.stem}: {r.stdout.strip().splitlines()[0]}")
            break
    else:
        raise SystemExit("no amendment could be accepted")
    warm, cold = work.parent / f"{work.name}-warm.pdf", work.parent / f"{work.name}-cold.pdf"
    _poa(work, "render", str(target), "--pdf-variant", "none", "-o", str(warm))
    _poa(work, "render", str(target), "--pdf-variant", "none", "--no-cache", "-o", str(cold))
    same = warm.read_bytes() == cold.read_bytes()
    print(f"incremental render == cold render: {same} ({warm}, {cold})")
    if not same:
        raise SystemExit("the incremental PDF differs from the cold one")
    incremental_reset(work)


def incremental_reset(work: Path) -> None:
    """Put *work*'s unit cache back as it was before the amendment."""
    units = _units(work)
    if units.exists():
        shutil.rmtree(units)
    shutil.copytree(work.parent / f"{work.name}-units", units)


def report(doc: Path, view: str, runs: int = 3, jobs: int = 0) -> None:
    import statistics

    import pypdf

    from poa_cli.render import Request, build, templates_folder
    from poa_cli.render.html import read_template, render_html
    from poa_cli.render.pdf import html_to_pdf, jobs_for

    tmp = Path("build")
    tmp.mkdir(exist_ok=True)
    request = Request(doc, view=view, fmt="pdf")
    templates = templates_folder(request)
    text = render_html(build(request), templates, "print")
    css = [read_template(templates, "pdf.css")]
    html = tmp / f"render-bench-{view}.html"
    write_html(doc, html, view)
    import weasyprint  # noqa: F401  (every side starts with it imported)

    processes = jobs or jobs_for(len(text.encode("utf-8")), 0) or 2
    processes = max(processes, 2)
    sides = {
        "serial": lambda: html_to_pdf(text, templates, css, jobs=1),
        "parallel": lambda: html_to_pdf(text, templates, css, jobs=processes),
        "bare": lambda: bare(html, tmp / "render-bench-bare.pdf"),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    pages: dict[str, int] = {}
    for i in range(runs):
        order = list(sides) if i % 2 == 0 else list(reversed(sides))
        for name in order:
            t0 = time.perf_counter()
            out = sides[name]()
            times[name].append(time.perf_counter() - t0)
            if isinstance(out, bytes):
                pages[name] = len(pypdf.PdfReader(io.BytesIO(out)).pages)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    pages["bare"] = len(pypdf.PdfReader(tmp / "render-bench-bare.pdf").pages)
    print(f"{doc.name} ({view}): {len(text) / 1e6:.2f} MB of HTML, {runs} runs each, medians")
    for name in sides:
        label = f"poa, {processes} processes" if name == "parallel" else name
        label = {"serial": "poa, serial", "bare": "bare WeasyPrint"}.get(name, label)
        runs_s = ", ".join(f"{t:.2f}" for t in times[name])
        print(
            f"  {label:22} {med[name]:6.2f} s  {pages[name]:4d} pages  "
            f"{pages[name] / med[name]:5.1f} pages/s  ({runs_s})"
        )
    print(f"  serial/bare:   {med['serial'] / med['bare']:.2f}  (time ratio; < 1 is faster)")
    print(f"  parallel/bare: {med['parallel'] / med['bare']:.2f}")
    print(f"  parallel/serial: {med['parallel'] / med['serial']:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "mode",
        choices=("html", "bare", "poa-pdf", "incremental-prepare", "incremental-reset", "report"),
    )
    ap.add_argument("source", type=Path)
    ap.add_argument("target", type=Path, nargs="?")
    ap.add_argument("--view", default="clean")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0)
    args = ap.parse_args(argv)
    if args.mode == "html":
        write_html(args.source, args.target, args.view)
    elif args.mode == "bare":
        bare(args.source, args.target)
    elif args.mode == "poa-pdf":
        poa_pdf(args.source, args.target, args.jobs)
    elif args.mode == "incremental-prepare":
        incremental_prepare(args.source, args.target)
    elif args.mode == "incremental-reset":
        incremental_reset(args.source)
    else:
        report(args.source, args.view, args.runs, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
