"""Akoma Ntoso in and out: rolling over the 79th session, exporting the large corpus.

``run.py`` calls :func:`benchmarks`, which returns four ``Bench`` entries:

- ``akn: roll over 336 resolutions``: ``poa init DIR --from-akn FILE`` for each of
  the 336 English files of the 79th session (``tests/data/akn/``, unpacked into
  ``build/akn-79/``), one cold process per file, two at a time (the machine has
  two cores), each with its git repository and commit; peer: one process per file
  that starts Python, imports lxml and parses the file. Target ≤ 25 s in all.
- ``akn: roll over 336, --no-commit``: the same without git, to show what git costs.
- ``akn: render --format akn, corpus clean`` and ``… compilation``: the large corpus
  (benchmarks/generate.py) as Akoma Ntoso, the clean view and the compilation
  (4,200 amendments as ``<amendment>`` components); peer: ``poa render --format json``
  of the same view, another writer over the same document. Target ≤ 1.5 s (clean).

Standalone: ``.venv/bin/python benchmarks/akn_bench.py rollover OUT [--no-commit]``
rolls every file over into OUT and prints the time; ``... parse`` runs the peer.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from revisions_bench import ENV  # the benchmark chair's git identity

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FILES = REPO / "build" / "akn-79"
OUT = REPO / "build" / "akn-rollover"
ARCHIVE = REPO / "tests" / "data" / "akn" / "79session-english.tar.xz"
BIN = Path(sys.executable).parent
POA = str(BIN / "poa")
PARSE = "import sys, lxml.etree as e; e.parse(sys.argv[1], e.XMLParser(resolve_entities=False))"


def unpack() -> list[Path]:
    """Return the 336 files, unpacking them into build/akn-79/ the first time."""
    folder = FILES / "79session-english"
    if not folder.is_dir():
        FILES.mkdir(parents=True, exist_ok=True)
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(FILES, filter="data")
    return sorted(folder.glob("*.xml"))


def _each(files: Sequence[Path], argv: Callable[[int, Path], list[str]], cwd: Path) -> list[int]:
    """Run one process per file, two at a time; return the exit statuses."""

    def run(item: tuple[int, Path]) -> int:
        proc = subprocess.run(
            argv(*item), cwd=cwd, env=ENV, capture_output=True, stdin=subprocess.DEVNULL
        )
        return proc.returncode

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(run, enumerate(files)))


def rollover(out: Path, commit: bool, limit: int | None = None) -> int:
    """Roll every file over into out/<n>; exit 0 when each was rolled over or refused (1)."""
    files = unpack()[:limit]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    extra = [] if commit else ["--no-commit"]
    t0 = time.perf_counter()
    codes = _each(files, lambda n, f: [POA, "init", f"r{n}", "--from-akn", str(f), *extra], out)
    seconds = time.perf_counter() - t0
    done, refused = codes.count(0), codes.count(1)
    failed = len(codes) - done - refused
    print(f"{done} rolled over, {refused} refused, {failed} failed in {seconds:.1f} s")
    return 0 if done + refused == len(codes) else 1


def parse(limit: int | None = None) -> int:
    """The peer: one Python process per file that imports lxml and parses it."""
    files = unpack()[:limit]
    t0 = time.perf_counter()
    codes = _each(files, lambda _n, f: [sys.executable, "-c", PARSE, str(f)], REPO)
    print(f"{len(files)} files parsed in {time.perf_counter() - t0:.1f} s")
    return 0 if not any(codes) else 1


def benchmarks(c: Any, bench: Callable[..., Any], python_pass: Any) -> list[Any]:
    """The Akoma Ntoso benchmarks for run.py (see the module docstring)."""
    unpack()
    me = [sys.executable, str(Path(__file__).resolve())]
    peer_parse = [[*me, "parse"]]
    out = str(REPO / "build" / "bench-akn")
    return [
        bench(
            "akn: roll over 336 resolutions",
            [*me, "rollover", str(OUT)],
            "python + lxml parse, ×336",
            peer_parse,
            max_ms=25_000,
            runs=1,
            warmup=0,
        ),
        bench(
            "akn: roll over 336, --no-commit",
            [*me, "rollover", str(OUT), "--no-commit"],
            "python + lxml parse, ×336",
            peer_parse,
            runs=1,
            warmup=0,
        ),
        bench(
            "akn: render --format akn, corpus clean",
            [POA, "render", c.doc, "--format", "akn", "-o", f"{out}/clean.xml"],
            "same view as JSON",
            [[POA, "render", c.doc, "--format", "json", "-o", f"{out}/clean.json"]],
            max_ms=1500,
        ),
        bench(
            "akn: render --format akn, corpus compilation",
            [
                POA,
                "render",
                c.doc,
                "--format",
                "akn",
                "--view",
                "compilation",
                "-o",
                f"{out}/c.xml",
            ],
            "same view as JSON",
            [
                [
                    POA,
                    "render",
                    c.doc,
                    "--format",
                    "json",
                    "--view",
                    "compilation",
                    "-o",
                    f"{out}/c.json",
                ]
            ],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["rollover", "parse"])
    ap.add_argument("out", nargs="?", type=Path, default=OUT)
    ap.add_argument("--no-commit", action="store_true")
    ap.add_argument("--limit", type=int, help="only the first N files (a quick look)")
    args = ap.parse_args(argv)
    if args.what == "parse":
        return parse(args.limit)
    return rollover(args.out, commit=not args.no_commit, limit=args.limit)


if __name__ == "__main__":
    sys.exit(main())
