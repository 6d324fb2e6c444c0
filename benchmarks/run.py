"""Time poa's commands on a large synthetic negotiation, each beside a peer.

``make bench`` runs ``.venv/bin/python benchmarks/run.py``. The corpus is
generated into ``benchmarks/corpus/`` when missing (or made by an older
generator). Every benchmark runs its poa command and its peer alternately, after
warm-up runs, and reports medians; the table shows absolute milliseconds, the
ratio poa/peer, the target and PASS or MISS. Results are also written to
``build/bench.json``.

A missed target is reported, not failed: the exit status is 0 unless a command
itself failed (non-zero exit), which makes its timing meaningless.

To add a benchmark, add one ``Bench(...)`` line to :func:`benchmarks`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import akn_bench  # benchmarks/akn_bench.py: Akoma Ntoso rollover of 336 files, export
import generate  # benchmarks/generate.py (this script's folder is on sys.path)
import revisions_bench  # benchmarks/revisions_bench.py: consolidate, blame, diff on 21 revisions
import signatures_bench  # benchmarks/signatures_bench.py: validate --signatures, signed history

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent  # .venv/bin under `make bench`
PYTHON = str(Path(sys.executable))
POA = str(BIN / "poa")
CHECK_JSONSCHEMA = str(BIN / "check-jsonschema")
RENDER_BENCH = HERE / "render_bench.py"
RENDER_OUT = REPO / "build" / "bench-render"
LANGUAGES_BENCH = HERE / "languages_bench.py"
LANGUAGES_OUT = REPO / "build" / "bench-languages"
SAMPLE = REPO / "drafts" / "poa-founding-document"

Command = Sequence[str]
#: Issue 18: peak RSS of every command on the large corpus except PDF layout.
RSS_LIMIT_MIB = 150


@dataclass(frozen=True)
class Bench:
    """One benchmark: a poa command timed beside a peer measured in the same run.

    ``peer`` is one or more commands whose times are added up (e.g. one
    check-jsonschema call per schema). Targets: ``max_ms`` bounds the median of
    the poa command; ``min_speedup`` asks the peer's median to be at least that
    many times the poa median. ``prepare`` runs once before the warm-ups (e.g. to
    prime a cache); ``reset`` runs, untimed, before every poa run (e.g. to undo a
    command that changes the corpus). All commands run in the corpus folder.
    """

    name: str
    command: Command
    peer_name: str
    peer: Sequence[Command]
    max_ms: float | None = None
    min_speedup: float | None = None
    prepare: Command | None = None
    reset: Command | None = None
    runs: int | None = None  # fewer timed runs than --runs, for a long benchmark
    warmup: int | None = None

    def target(self) -> str:
        """The target as printed: "≤ 300 ms, ≥ 3× faster than peer"."""
        parts = []
        if self.max_ms is not None:
            parts.append(f"≤ {self.max_ms:g} ms")
        if self.min_speedup is not None:
            parts.append(f"≥ {self.min_speedup:g}× faster than peer")
        return ", ".join(parts) or "-"


@dataclass(frozen=True)
class Corpus:
    """Where the corpus is and what the benchmarks need of it."""

    root: Path
    doc: str  # the document folder, relative to root
    clause_files: list[str]
    amendment_files: list[str]
    summary: dict[str, Any]


def benchmarks(c: Corpus, only: Sequence[str] = ()) -> list[Bench]:
    """Every benchmark, in the order they are run and printed. Add new ones here.

    The rows of revisions_bench, signatures_bench and akn_bench build corpora of
    their own (minutes): they are built only when *only* (``--only``) asks for them.
    """

    def wanted(*names: str) -> bool:
        return not only or any(o in name for o in only for name in names)

    python_pass: list[Command] = [[PYTHON, "-c", "pass"]]
    check_jsonschema: list[Command] = [
        [CHECK_JSONSCHEMA, "--schemafile", "schemas/clause.schema.json", *c.clause_files],
        [CHECK_JSONSCHEMA, "--schemafile", "schemas/amendment.schema.json", *c.amendment_files],
        [
            CHECK_JSONSCHEMA,
            "--schemafile",
            "schemas/document.schema.json",
            f"{c.doc}/document.yaml",
        ],
    ]
    # The corpus's clean view as print HTML, and bare WeasyPrint laying it out (the PDF peer).
    big_html = [PYTHON, str(RENDER_BENCH), "html", c.doc, str(RENDER_OUT / "big.html")]
    bare_big: list[Command] = [
        [
            PYTHON,
            str(RENDER_BENCH),
            "bare",
            str(RENDER_OUT / "big.html"),
            str(RENDER_OUT / "bb.pdf"),
        ]
    ]
    return [
        # Issue 18: within 1.3x of a bare click app's --help, and 60 ms; a bare Typer app
        # (what poa is written with) beside it for reference.
        Bench(
            "poa --help",
            [POA, "--help"],
            "bare click app --help",
            [[PYTHON, str(HERE / "peers" / "bare_click.py"), "--help"]],
            max_ms=60,
            min_speedup=round(1 / 1.3, 3),
        ),
        Bench(
            "poa --help (vs a bare Typer app)",
            [POA, "--help"],
            "bare Typer app --help",
            [[PYTHON, str(HERE / "peers" / "bare_typer.py"), "--help"]],
        ),
        Bench(
            "validate, cold (--no-cache)",
            [POA, "validate", c.doc, "--no-cache"],
            "check-jsonschema ×3",
            check_jsonschema,
            max_ms=500,
        ),
        Bench(
            "validate, warm (cache primed)",
            [POA, "validate", c.doc],
            "check-jsonschema ×3",
            check_jsonschema,
            max_ms=80,
            min_speedup=3,
            prepare=[POA, "validate", c.doc],
        ),
        # poa lint exits 1 when it finds something (the synthetic corpus has footnote calls
        # before punctuation and hyphens in year ranges): sh turns that into success.
        Bench(
            "lint, cold (--no-cache)",
            _found_ok([POA, "lint", c.doc, "--no-cache"]),
            "python -c pass",
            python_pass,
            max_ms=3000,
        ),
        Bench(
            "lint, warm",
            _found_ok([POA, "lint", c.doc]),
            "validate, warm",
            [[POA, "validate", c.doc]],
            max_ms=300,
            prepare=_found_ok([POA, "lint", c.doc]),
        ),
        # A drafter's command must not load thousands of amendments: one clause,
        # the document, the next free id, one file, one commit (undone between runs).
        Bench(
            "draft amend (with commit)",
            [
                POA,
                "draft",
                "amend",
                "op-structure-162",
                "--doc",
                c.doc,
                "--by",
                "Denmark",
                "--append",
                "and report on it annually",
            ],
            "floor: python -c pass + git add + git commit (one new file)",
            [
                [PYTHON, "-c", "pass"],
                ["sh", "-c", f"f={c.doc}/amendments/ZZZ-$$.yaml; echo x > $f; git add -- $f"],
                ["git", "commit", "-q", "--no-verify", "-m", "floor"],
            ],
            max_ms=100,
            min_speedup=round(1 / 3, 3),
            prepare=["git", "tag", "-f", "bench-draft-base"],
            reset=["git", "reset", "-q", "--hard", "bench-draft-base"],
        ),
        Bench(
            "amendments list --format json, warm",
            [POA, "amendments", "list", "--doc", c.doc, "--format", "json"],
            "python -c pass",
            python_pass,
            max_ms=150,
            prepare=[POA, "amendments", "list", "--doc", c.doc, "--format", "json"],
        ),
        *(
            revisions_bench.benchmarks(c, Bench, python_pass)
            if wanted(
                "consolidate, 200 accepted",
                "blame, 20 revisions",
                "diff rev-19 rev-20",
                "site, 21 revisions",
            )
            else []
        ),
        *(
            signatures_bench.benchmarks(c, Bench, python_pass)
            if wanted("validate --signatures, warm", "validate --signatures, cold")
            else []
        ),
        # poa render (benchmarks/render_bench.py): the compilation view of the corpus as
        # HTML; and PDF throughput beside bare WeasyPrint laying out the same HTML.
        Bench(
            "render compilation HTML",
            [POA, "render", c.doc, "--view", "compilation", "-o", str(RENDER_OUT / "c.html")],
            "python -c pass",
            python_pass,
            max_ms=600,
        ),
        # The positions matrix of the corpus (4,200 pending proposals x ~150 States and
        # groups) as HTML, issue 15's target.
        Bench(
            "render positions HTML",
            [POA, "render", c.doc, "--view", "positions", "-o", str(RENDER_OUT / "p.html")],
            "python -c pass",
            python_pass,
            max_ms=2000,
        ),
        # Word (issue 13): the same compilation as a .docx, every proposal a tracked change
        # with its comment, at most 1.5x the time of the HTML of the same view.
        Bench(
            "render compilation DOCX",
            [POA, "render", c.doc, "--view", "compilation", "-o", str(RENDER_OUT / "c.docx")],
            "poa render, same view as HTML",
            [[POA, "render", c.doc, "--view", "compilation", "-o", str(RENDER_OUT / "c.html")]],
            min_speedup=1 / 1.5,
        ),
        Bench(
            "render PDF, sample compilation",
            # Untagged, as bare WeasyPrint lays it out (tags cost WeasyPrint time of its own).
            [
                POA,
                "render",
                str(SAMPLE),
                "--view",
                "compilation",
                "--pdf-variant",
                "none",
                "-o",
                str(RENDER_OUT / "c.pdf"),
            ],
            "bare WeasyPrint, same HTML",
            [
                [
                    PYTHON,
                    str(RENDER_BENCH),
                    "bare",
                    str(RENDER_OUT / "s.html"),
                    str(RENDER_OUT / "b.pdf"),
                ]
            ],
            min_speedup=0.9,
            prepare=[
                PYTHON,
                str(RENDER_BENCH),
                "html",
                str(SAMPLE),
                str(RENDER_OUT / "s.html"),
                "--view",
                "compilation",
            ],
        ),
        # The corpus's clean view as PDF (~150 pages) laid out in parallel (--jobs 0: one
        # process per core) beside bare WeasyPrint on the same HTML; `render_bench.py
        # report` adds the serial figure, all three in one run.
        Bench(
            "render PDF, corpus clean, parallel",
            # Untagged: a tagged PDF has one structure tree and is laid out in one process.
            [
                POA,
                "render",
                c.doc,
                "--jobs",
                "0",
                "--pdf-variant",
                "none",
                "-o",
                str(RENDER_OUT / "big.pdf"),
            ],
            "bare WeasyPrint, same HTML",
            bare_big,
            min_speedup=1.0,
            prepare=big_html,
        ),
        # Issue 18: poa's PDF writer and bare WeasyPrint on the same HTML file, each a fresh
        # process: the paper cut into units laid out by one process per core, and joined.
        Bench(
            "PDF parallel vs bare WeasyPrint (corpus clean, same HTML)",
            [
                PYTHON,
                str(RENDER_BENCH),
                "poa-pdf",
                str(RENDER_OUT / "big.html"),
                str(RENDER_OUT / "big-poa.pdf"),
                "--jobs",
                "0",
            ],
            "bare WeasyPrint, same HTML",
            bare_big,
            min_speedup=1.85,
            prepare=big_html,
            runs=3,
            warmup=1,
        ),
        # Issue 18: after one accepted amendment (`poa consolidate`, a new revision), the
        # clean PDF rendered again reusing the units cached before it, beside the same
        # render without the cache; in a clone of the corpus (render_bench.py
        # incremental-prepare checks once that both give the same bytes). Target: ≤ 30%.
        Bench(
            "PDF incremental after one accepted amendment / cold",
            [
                POA,
                "render",
                str(RENDER_OUT / "incremental" / c.doc),
                "--pdf-variant",
                "none",
                "-o",
                str(RENDER_OUT / "inc-warm.pdf"),
            ],
            "the same render, --no-cache",
            [
                [
                    POA,
                    "render",
                    str(RENDER_OUT / "incremental" / c.doc),
                    "--pdf-variant",
                    "none",
                    "--no-cache",
                    "-o",
                    str(RENDER_OUT / "inc-cold.pdf"),
                ]
            ],
            min_speedup=1 / 0.3,
            prepare=[
                PYTHON,
                str(RENDER_BENCH),
                "incremental-prepare",
                c.doc,
                str(RENDER_OUT / "incremental"),
            ],
            reset=[PYTHON, str(RENDER_BENCH), "incremental-reset", str(RENDER_OUT / "incremental")],
            runs=3,
            warmup=1,
        ),
        *(
            akn_bench.benchmarks(c, Bench, python_pass)
            if wanted(
                "akn: roll over 336 resolutions",
                "akn: roll over 336, --no-commit",
                "akn: render --format akn, corpus clean",
                "akn: render --format akn, corpus compilation",
            )
            else []
        ),
        # Six languages (benchmarks/languages_bench.py builds, untimed, the corpus's clauses
        # with a translation of every unit in five languages, and the sample in Arabic).
        Bench(
            "translations status, warm (corpus, 5 languages)",
            [POA, "translations", "status", str(LANGUAGES_OUT / "status" / Path(c.doc).name)],
            "python -c pass",
            python_pass,
            max_ms=500,
            prepare=[PYTHON, str(LANGUAGES_BENCH), "build", c.doc, str(LANGUAGES_OUT), "--prime"],
        ),
        # The same paper in Arabic (shaping, right to left, Amiri) beside English: ≤ 1.3×.
        Bench(
            "render --lang ar PDF, sample, vs English",
            [
                POA,
                "render",
                str(LANGUAGES_OUT / "sample-ar" / SAMPLE.name),
                "--lang",
                "ar",
                "-o",
                str(RENDER_OUT / "ar.pdf"),
            ],
            "the same paper in English",
            [
                [
                    POA,
                    "render",
                    str(LANGUAGES_OUT / "sample-ar" / SAMPLE.name),
                    "-o",
                    str(RENDER_OUT / "en.pdf"),
                ]
            ],
            min_speedup=round(1 / 1.3, 3),
            prepare=[PYTHON, str(LANGUAGES_BENCH), "build", c.doc, str(LANGUAGES_OUT)],
        ),
        # Later, one line each, e.g.:
        # Bench("amendment list", [POA, "amendment", "list", c.doc], "python -c pass",
        #       python_pass, max_ms=300),
    ]


def _found_ok(cmd: Command) -> Command:
    """*cmd* run by sh, exiting 0 when it exits 0 or 1 (lint's "found something")."""
    return ["sh", "-c", shlex.join(cmd) + ' >/dev/null; [ "$?" -le 1 ]']


# --------------------------------------------------------------------------- running


@dataclass
class Sample:
    """One run of one command."""

    seconds: float
    max_rss_kib: int
    returncode: int
    output_tail: str = ""
    #: user + sys of the command and of every process it waited for (git)
    cpu_seconds: float = 0.0


#: Runs its arguments as a child and writes the child's own peak RSS (KiB) to the
#: file named first. Linux carries a process's high-water RSS across exec: a
#: command started straight from this (large) process, or from a shell started
#: from it, reports at least this process's size (a ``sh -c`` wrapper reported
#: 313 MiB for ``true`` under a 300 MiB parent). A grandchild forked by a small
#: fresh interpreter starts from that interpreter's few MiB.
PEAK_RSS = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_rss_argv(cmd: Sequence[str], report: Path) -> list[str]:
    """*cmd* under :data:`PEAK_RSS`, which writes its peak RSS (KiB) to *report*."""
    return [sys.executable, "-S", "-c", PEAK_RSS, str(report), *cmd]


def run_once(cmd: Command, cwd: Path, *, for_memory: bool = False) -> Sample:
    """Run *cmd*; return wall time (perf_counter around spawn and wait) and its peak RSS.

    Peak RSS is only right *for_memory*, where the command runs under
    :data:`PEAK_RSS` (see there why); those runs are the warm-ups, never timed.
    Output goes to a temporary file, kept only to explain a failure.
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rss"
        argv = peak_rss_argv(cmd, report) if for_memory else list(cmd)
        with tempfile.TemporaryFile() as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
            )
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
            tail = ""
            if proc.returncode != 0:
                out.seek(0)
                tail = out.read().decode("utf-8", "replace")[-2000:]
        rss = int(report.read_text()) if for_memory and report.exists() else 0
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(elapsed, rss, proc.returncode, tail, cpu)


def run_all(cmds: Sequence[Command], cwd: Path, *, for_memory: bool = False) -> Sample:
    """Run *cmds* one after the other; return their summed time and the largest peak RSS."""
    samples = [run_once(cmd, cwd, for_memory=for_memory) for cmd in cmds]
    failed = [s for s in samples if s.returncode != 0]
    return Sample(
        sum(s.seconds for s in samples),
        max(s.max_rss_kib for s in samples),
        failed[0].returncode if failed else 0,
        failed[0].output_tail if failed else "",
        sum(s.cpu_seconds for s in samples),
    )


@dataclass
class Result:
    """What one benchmark measured, as printed and as written to bench.json."""

    name: str
    command: str
    peer_name: str
    peer: list[str]
    target: str
    runs: int
    poa_ms: list[float] = field(default_factory=list)
    peer_ms: list[float] = field(default_factory=list)
    poa_median_ms: float = 0.0
    peer_median_ms: float = 0.0
    ratio: float = 0.0  # poa / peer: below 1 means poa is faster
    poa_max_rss_mib: float = 0.0
    peer_max_rss_mib: float = 0.0
    status: str = "PASS"  # PASS, MISS or ERROR
    error: str = ""
    missed: list[str] = field(default_factory=list)  # which parts of the target failed
    peer_reused_from: str | None = None  # an earlier benchmark with the same peer


def _short_cmd(cmd: Command, root: Path) -> str:
    """The command as a shell line, with long file lists elided and paths shortened."""
    shown = [a.replace(str(BIN) + "/", "") for a in cmd[:6]]
    if len(cmd) > 6:
        shown.append(f"… ({len(cmd) - 6} more arguments)")
    return shlex.join(shown).replace(str(root) + "/", "")


#: Peer samples already measured in this run, by peer commands: (benchmark name, samples).
PeerCache = dict[tuple[tuple[str, ...], ...], tuple[str, list[Sample], list[Sample]]]


def measure(b: Bench, c: Corpus, runs: int, warmup: int, peers: PeerCache) -> Result:
    """Time *b*: prepare, warm up both sides, then *runs* alternating rounds.

    A peer already measured for an earlier benchmark of this run (same commands)
    is not measured again: its samples are reused and the result says so.
    """
    runs = min(runs, b.runs) if b.runs is not None else runs
    warmup = min(warmup, b.warmup) if b.warmup is not None else warmup
    r = Result(
        name=b.name,
        command=_short_cmd(b.command, c.root),
        peer_name=b.peer_name,
        peer=[_short_cmd(p, c.root) for p in b.peer],
        target=b.target(),
        runs=runs,
    )
    if b.prepare is not None:
        run_once(b.prepare, c.root)
    poa: list[Sample] = []
    peer: list[Sample] = []
    key = tuple(tuple(cmd) for cmd in b.peer)
    reused = peers.get(key)
    if reused is not None:
        r.peer_reused_from, peer = reused[0], list(reused[1])

    def poa_run(for_memory: bool = False) -> Sample:
        if b.reset is not None:
            run_once(b.reset, c.root)
        return run_once(b.command, c.root, for_memory=for_memory)

    poa_memory: list[Sample] = []
    peer_memory: list[Sample] = []
    for _ in range(max(warmup, 1)):  # at least one run measures memory
        poa_memory.append(poa_run(for_memory=True))
        if reused is None:
            peer_memory.append(run_all(b.peer, c.root, for_memory=True))
    for i in range(runs):
        # Alternate which side goes first, so drift in the machine's load hits both.
        if reused is not None:
            poa.append(poa_run())
        elif i % 2 == 0:
            poa.append(poa_run())
            peer.append(run_all(b.peer, c.root))
        else:
            peer.append(run_all(b.peer, c.root))
            poa.append(poa_run())
    if b.reset is not None:
        run_once(b.reset, c.root)  # leave the corpus as the benchmark found it
    if reused is None:
        peers[key] = (b.name, peer, peer_memory)
    else:
        peer_memory = list(reused[2])
    for side, samples in (("poa", poa), ("peer", peer)):
        failed = [s for s in samples if s.returncode != 0]
        if failed and not r.error:
            r.status = "ERROR"
            r.error = f"{side} command exited {failed[0].returncode}:\n{failed[0].output_tail}"
    r.poa_ms = [round(s.seconds * 1000, 2) for s in poa]
    r.peer_ms = [round(s.seconds * 1000, 2) for s in peer]
    r.poa_median_ms = round(statistics.median(r.poa_ms), 2)
    r.peer_median_ms = round(statistics.median(r.peer_ms), 2)
    r.ratio = round(r.poa_median_ms / r.peer_median_ms, 3) if r.peer_median_ms else 0.0
    r.poa_max_rss_mib = round(max(s.max_rss_kib for s in poa_memory) / 1024, 1)
    r.peer_max_rss_mib = round(max(s.max_rss_kib for s in peer_memory) / 1024, 1)
    if r.status != "ERROR":
        if b.max_ms is not None and r.poa_median_ms > b.max_ms:
            r.missed.append(f"median {_ms(r.poa_median_ms)} > {b.max_ms:g} ms")
        if "PDF" not in b.name and r.poa_max_rss_mib > RSS_LIMIT_MIB:
            r.missed.append(f"peak RSS {r.poa_max_rss_mib:g} MiB > {RSS_LIMIT_MIB} MiB")
        speedup = r.peer_median_ms / r.poa_median_ms if r.poa_median_ms else 0.0
        if b.min_speedup is not None and speedup < b.min_speedup:
            r.missed.append(f"speed-up over peer {speedup:.1f}× < {b.min_speedup:g}×")
        r.status = "MISS" if r.missed else "PASS"
    return r


# --------------------------------------------------------------------------- corpus


def ensure_corpus(root: Path, regenerate: bool) -> tuple[Corpus, float | None]:
    """Return the corpus at *root*, generating it first when missing or out of date.

    The second value is the generation time in seconds, or None when the corpus
    was reused.
    """
    meta = root / "corpus.json"
    summary: dict[str, Any] = {}
    if meta.is_file():
        try:
            summary = json.loads(meta.read_text(encoding="utf-8"))
        except ValueError:
            summary = {}
    seconds: float | None = None
    stale = (
        summary.get("generator_version") != generate.GENERATOR_VERSION
        or summary.get("generator_digest") != generate.source_digest()
        or not (root / ".git").is_dir()
    )
    if regenerate or stale:
        print(f"generating the corpus in {_rel(root)} …", flush=True)
        t0 = time.perf_counter()
        code = generate.main([str(root), "--force"] if root.exists() else [str(root)])
        seconds = time.perf_counter() - t0
        if code != 0:
            raise SystemExit(f"generate.py failed with exit status {code}")
        summary = json.loads(meta.read_text(encoding="utf-8"))
    else:
        _back_to_generated(root)
    doc = summary["document"]
    clauses = sorted(f"{doc}/clauses/{p.name}" for p in (root / doc / "clauses").glob("*.yaml"))
    amendments = sorted(
        f"{doc}/amendments/{p.name}" for p in (root / doc / "amendments").glob("*.yaml")
    )
    return Corpus(root, doc, clauses, amendments, summary), seconds


def _back_to_generated(root: Path) -> None:
    """Put a reused corpus back at its one generated commit (an interrupted run, or a
    command tried by hand, may have left commits or changes that would skew the figures)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, check=True, capture_output=True, text=True
        ).stdout.strip()

    first = git("rev-list", "--max-parents=0", "HEAD")
    if git("rev-parse", "HEAD") != first or git("status", "--porcelain"):
        print(f"resetting the corpus to its generated commit {first[:12]}", flush=True)
        git("reset", "-q", "--hard", first)
        git("clean", "-q", "-fdx", "--", ".")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- report


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _versus(ratio: float) -> str:
    if ratio <= 0:
        return "-"
    if ratio < 1:
        return f"{1 / ratio:.1f}× faster"
    return f"{ratio:.1f}× slower"


def table(results: list[Result], markdown: bool = False) -> str:
    """The results as an aligned text table (or a Markdown one)."""
    head = [
        "benchmark",
        "poa (median)",
        "peer",
        "peer (median)",
        "poa/peer",
        "poa vs peer",
        "poa peak RSS",
        "target",
        "result",
    ]
    rows = [
        [
            r.name,
            _ms(r.poa_median_ms),
            r.peer_name + (" *" if r.peer_reused_from else ""),
            _ms(r.peer_median_ms),
            f"{r.ratio:.2f}",
            _versus(r.ratio),
            f"{r.poa_max_rss_mib:.0f} MiB",
            r.target,
            r.status,
        ]
        for r in results
    ]
    legend = ""
    if any(r.peer_reused_from for r in results):
        legend = "* the same peer runs as the benchmark above (measured once per run)\n"
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n" + legend
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    right = {1, 3, 4, 6}

    def fmt(row: list[str]) -> str:
        return "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(head), rule, *(fmt(row) for row in rows)]) + "\n" + legend


def _corpus_line(c: Corpus, seconds: float | None) -> str:
    s = c.summary
    made = (
        f"generated in {seconds:.2f} s" if seconds is not None else "reused; --regenerate to time"
    )
    return (
        f"corpus {_rel(c.root)}/{c.doc}: {s['clauses']} clauses ({s['preambular']} preambular, "
        f"{s['sub_paragraphs']} sub-paragraphs, {s['footnotes']} footnotes) in "
        f"{s['sections']} sections; {s['amendments']} amendments from "
        f"{s['lead_proposers']} lead proposers ({s['proposers']} proposing codes); "
        f"{s['files']} files, {s['bytes'] / 1e6:.1f} MB; {made}"
    )


def _git_head() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def compile_bytecode() -> None:
    """Write poa's bytecode, as ``pip install`` does for an installed package.

    An editable install run with PYTHONDONTWRITEBYTECODE (set on some machines)
    would otherwise compile every module from source on every command: that
    would time Python's compiler, not poa.
    """
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(REPO / "poa_cli")], check=True, capture_output=True
    )
    print("bytecode of poa_cli written (as pip install does)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed warm-up runs (default 2)")
    ap.add_argument(
        "--only", action="append", default=[], help="run benchmarks whose name contains this"
    )
    ap.add_argument("--corpus", type=Path, default=generate.DEFAULT_OUT, help="corpus folder")
    ap.add_argument("--regenerate", action="store_true", help="regenerate the corpus first")
    ap.add_argument(
        "--json", type=Path, default=REPO / "build" / "bench.json", help="where to write results"
    )
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        ap.error("--runs must be at least 1 and --warmup at least 0")
    for tool in (POA, CHECK_JSONSCHEMA):
        if not Path(tool).exists():
            raise SystemExit(f"{tool} is missing: run `make dev` first")

    compile_bytecode()
    corpus, gen_seconds = ensure_corpus(args.corpus.resolve(), args.regenerate)
    print(_corpus_line(corpus, gen_seconds))
    print(f"{args.runs} timed runs per command after {args.warmup} warm-up(s); medians\n")
    selected = [
        b
        for b in benchmarks(corpus, args.only)
        if not args.only or any(o in b.name for o in args.only)
    ]
    results: list[Result] = []
    peers: PeerCache = {}
    for b in selected:
        print(f"  {b.name} …", end="", flush=True)
        r = measure(b, corpus, args.runs, args.warmup, peers)
        print(f" {_ms(r.poa_median_ms)} ({r.status})", flush=True)
        results.append(r)
    print()
    print(table(results, args.markdown), end="")
    for r in results:
        if r.status == "MISS":
            print(f"MISS: {r.name}: {'; '.join(r.missed)} (target {r.target})")
        elif r.status == "ERROR":
            print(f"ERROR: {r.name}: {r.error}")

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "poa_commit": _git_head(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "warmup": args.warmup,
        "corpus": {**corpus.summary, "generate_seconds": gen_seconds},
        "results": [asdict(r) for r in results],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {_rel(args.json)}")
    return 1 if any(r.status == "ERROR" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
