"""How poa's commands grow with the negotiation: the corpus at ×1, ×2 and ×4.

``make bench-scaling`` runs ``.venv/bin/python benchmarks/scaling_bench.py``. For
each factor F the corpus of ``generate.py`` is made with 420·F clauses and
4,200·F amendments (same seed, same 160 lead proposers) under
``build/scaling/xF/`` (kept; regenerated when ``generate.py`` changed), and
each command below is run a few times there. The table gives the median CPU
time (user + system of the command and the processes it waits for, which a
loaded machine disturbs less than wall time), the median wall time, the peak
RSS of the first size, and the growth from the smallest to the largest size:
the ratio t(×4)/t(×1) and the exponent log(t4/t1)/log 4 (0 is flat, 1 linear,
2 quadratic).

Goals (issue 18): ``draft amend``, ``clause show`` and ``amendments show`` flat
(≤ 1.2× from ×1 to ×4); warm ``validate`` and ``amendments list`` at most
linear; render linear. Like ``run.py`` this reports and never fails on a missed
goal (exit 1 only when a command itself fails).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generate  # benchmarks/generate.py (this script's folder is on sys.path)
import run  # benchmarks/run.py: the bytecode step and the corpus reset

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
POA = run.POA
OUT = REPO / "build" / "scaling"
BASE_CLAUSES, BASE_AMENDMENTS, PROPOSERS, SEED = 420, 4200, 160, 1
DRAFT_TAG = "bench-draft-base"


@dataclass(frozen=True)
class Command:
    """One command of the table, with the growth it should not exceed (exponent)."""

    name: str
    argv: list[str]
    goal: float  # the largest acceptable ratio t(×4)/t(×1) when 4 is the largest factor
    goal_text: str
    prime: bool = False  # run once, untimed, before the warm-up (a warm cache)
    reset: list[str] | None = None  # untimed before every run (undo a write)


@dataclass
class Cell:
    """One command at one size."""

    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    max_rss_mib: float = 0.0
    error: str = ""

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_ms) if self.cpu_ms else 0.0

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_ms) if self.wall_ms else 0.0


def ensure_corpus(factor: int) -> Path:
    """Return the corpus of size *factor*, generating it when missing or out of date."""
    root = OUT / f"x{factor}"
    summary: dict[str, Any] = {}
    try:
        summary = json.loads((root / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    fresh = (
        summary.get("generator_digest") == generate.source_digest()
        and summary.get("clauses") == BASE_CLAUSES * factor
        and summary.get("amendments") == BASE_AMENDMENTS * factor
        and (root / ".git").is_dir()
    )
    if fresh:
        run._back_to_generated(root)
        return root
    print(f"generating ×{factor} in {run._rel(root)} …", flush=True)
    args = [str(root), "--clauses", str(BASE_CLAUSES * factor)]
    args += ["--amendments", str(BASE_AMENDMENTS * factor), "--proposers", str(PROPOSERS)]
    args += ["--seed", str(SEED)] + (["--force"] if root.exists() else [])
    with open(os.devnull, "w") as quiet:
        saved, sys.stdout = sys.stdout, quiet
        try:
            code = generate.main(args)
        finally:
            sys.stdout = saved
    if code != 0:
        raise SystemExit(f"generate.py failed for ×{factor}")
    return root


PICK_PROPOSALS = 10  # the clause shown has about this many proposals at every size


def pick(root: Path, doc: str) -> tuple[str, str]:
    """Return (clause id, amendment id) to show: the operative clause whose number of
    proposals is nearest PICK_PROPOSALS (first by name), and the middle of its pending
    replace-text amendments. The same rule at every size gives items with the same
    work of their own, so the table measures what grows with the negotiation."""
    folder = root / doc / "amendments"
    counts: dict[str, int] = {}
    pending: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        target = text.split("\ntarget: ", 1)[1].split("\n", 1)[0].strip().strip('"')
        counts[target] = counts.get(target, 0) + 1
        if "\nstatus: proposed" in text and "\naction: replace-text" in text:
            pending.setdefault(target, []).append(path.stem)
    clauses = [
        c
        for c in sorted(pending)
        if c.startswith("op-") and (root / doc / "clauses" / f"{c}.yaml").is_file()
    ]
    clause = min(clauses, key=lambda c: abs(counts[c] - PICK_PROPOSALS))
    ids = pending[clause]
    return clause, ids[len(ids) // 2]


def commands(doc: str, clause: str, amendment: str, out: Path) -> list[Command]:
    """The commands of the table (``out``: where renders write)."""
    flat, linear = 1.2, 4.0
    return [
        Command(
            "draft amend (with commit)",
            [
                POA,
                "draft",
                "amend",
                clause,
                "--doc",
                doc,
                "--by",
                "Denmark",
                "--append",
                "and report on it annually",
            ],
            flat,
            "flat",
            reset=["git", "reset", "-q", "--hard", DRAFT_TAG],
        ),
        Command("clause show", [POA, "clause", "show", clause, "--doc", doc], flat, "flat"),
        Command(
            "amendments show", [POA, "amendments", "show", amendment, "--doc", doc], flat, "flat"
        ),
        Command("validate, warm", [POA, "validate", doc], linear, "linear", prime=True),
        Command(
            "amendments list --format json, warm",
            [POA, "amendments", "list", "--doc", doc, "--format", "json"],
            linear,
            "linear",
            prime=True,
        ),
        Command(
            "render compilation HTML",
            [POA, "render", doc, "--view", "compilation", "-o", str(out / "compilation.html")],
            linear,
            "linear",
        ),
        Command(
            "render clean HTML",
            [POA, "render", doc, "-o", str(out / "clean.html")],
            linear,
            "linear",
        ),
    ]


def run_once(
    argv: list[str], cwd: Path, *, for_memory: bool = False
) -> tuple[float, float, int, int, str]:
    """Run *argv*; return (cpu seconds, wall seconds, peak RSS KiB, exit code, output tail).

    CPU time is the rusage of the command and of every process it waited for
    (git). Peak RSS is only meaningful *for_memory*, where the command runs under
    run.PEAK_RSS (this runner holds the corpora's listings: started straight from
    it, a command would report this process's size); those runs are never timed.
    """
    sample = run.run_once(argv, cwd, for_memory=for_memory)
    tail = sample.output_tail[-1500:]
    return sample.cpu_seconds, sample.seconds, sample.max_rss_kib, sample.returncode, tail


def measure(c: Command, root: Path, runs: int, warmup: int) -> Cell:
    cell = Cell()
    if c.prime:
        run_once(c.argv, root)
    for i in range(max(warmup, 1) + runs):
        if c.reset is not None:
            run_once(c.reset, root)
        cpu, wall, rss, code, tail = run_once(c.argv, root, for_memory=i == 0)
        if code != 0:
            cell.error = f"exit {code}: {tail}"
            break
        if i == 0:
            cell.max_rss_mib = round(rss / 1024, 1)
        if i >= max(warmup, 1):
            cell.cpu_ms.append(round(cpu * 1000, 1))
            cell.wall_ms.append(round(wall * 1000, 1))
    if c.reset is not None:
        run_once(c.reset, root)
    return cell


def growth(t1: float, tn: float, factor: int) -> tuple[float, float]:
    """Return (ratio, exponent) from the smallest to the largest size."""
    if t1 <= 0 or tn <= 0:
        return 0.0, 0.0
    ratio = tn / t1
    return ratio, math.log(ratio) / math.log(factor)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4], help="sizes (1 2 4)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command and size (5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (1; measures RSS)")
    ap.add_argument("--only", action="append", default=[], help="commands whose name has this")
    ap.add_argument("--json", type=Path, default=REPO / "build" / "scaling.json")
    args = ap.parse_args(argv)
    factors = sorted(set(args.factors))
    if factors[0] < 1 or args.runs < 1:
        ap.error("--factors must be at least 1 and --runs at least 1")
    run.compile_bytecode()
    corpora = {f: ensure_corpus(f) for f in factors}
    doc = "drafts/poa-bench"
    table: dict[str, dict[int, Cell]] = {}
    goals: dict[str, Command] = {}
    for f, root in corpora.items():
        clause, amendment = pick(root, doc)
        subprocess.run(["git", "tag", "-f", DRAFT_TAG], cwd=root, check=True, capture_output=True)
        out = Path(tempfile.mkdtemp(prefix=f"poa-scaling-x{f}-"))
        print(f"×{f}: clause {clause}, amendment {amendment}", flush=True)
        for c in commands(doc, clause, amendment, out):
            if args.only and not any(o in c.name for o in args.only):
                continue
            print(f"  {c.name} …", end="", flush=True)
            cell = measure(c, root, args.runs, args.warmup)
            print(f" {cell.cpu:,.0f} ms CPU" if not cell.error else " ERROR", flush=True)
            table.setdefault(c.name, {})[f] = cell
            goals[c.name] = c
    print()
    print(render_table(table, goals, factors))
    failed = [
        (n, f, cell.error) for n, row in table.items() for f, cell in row.items() if cell.error
    ]
    for name, f, error in failed:
        print(f"ERROR: {name} at ×{f}: {error}")
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "poa_commit": run._git_head(),
        "load": os.getloadavg(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "factors": factors,
        "results": {
            n: {str(f): asdict(cell) for f, cell in row.items()} for n, row in table.items()
        },
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {run._rel(args.json)} (load average {os.getloadavg()[0]:.1f})")
    return 1 if failed else 0


def render_table(
    table: dict[str, dict[int, Cell]], goals: dict[str, Command], factors: list[int]
) -> str:
    """The medians as an aligned text table: CPU (wall) per size, RSS, growth, goal."""
    first, last = factors[0], factors[-1]
    head = ["command", *(f"×{f} CPU (wall) ms" for f in factors), f"RSS ×{first}"]
    head += [f"×{last}/×{first}", "exponent", "goal", "result"]
    rows = []
    for name, row in table.items():
        cells = [
            f"{row[f].cpu:,.0f} ({row[f].wall:,.0f})" if f in row and not row[f].error else "-"
            for f in factors
        ]
        ok = first in row and last in row and not row[first].error and not row[last].error
        ratio, exponent = growth(row[first].cpu, row[last].cpu, last // first) if ok else (0, 0)
        c = goals[name]
        # The goal scales with the span measured: flat 1.2x over ×4, linear = the factor.
        limit = c.goal if c.goal_text == "flat" else last / first
        result = "-" if not ok or last == first else "PASS" if ratio <= limit else "MISS"
        rss = f"{row[first].max_rss_mib:.0f} MiB" if first in row else "-"
        goal = f"≤ {limit:g}× ({c.goal_text})"
        rows.append([name, *cells, rss, f"{ratio:.2f}×", f"{exponent:.2f}", goal, result])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt(r: list[str]) -> str:
        cells = enumerate(zip(r, widths, strict=True))
        return "  ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in cells).rstrip()

    return "\n".join([fmt(head), "  ".join("-" * w for w in widths), *map(fmt, rows)])


if __name__ == "__main__":
    sys.exit(main())
