"""Summarise a `make mutate` run: mutants killed / checked per module, and the survivors.

Reads the results `make mutate` keeps in mutation-results/<module>.py.meta
(mutmut 3's own result files, one per module) and prints a
Markdown table (docs/mutation.md keeps the last one). "Killed" counts the
mutants a test failed on and those that timed out (a mutant that makes the
code loop forever is caught); "no tests" are mutants in code no fast test
reaches, counted as not killed. Mutants not checked (a run stopped early) are
left out of the rate and counted apart.

Usage: python benchmarks/mutation_summary.py [--survivors]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

RESULTS = Path("mutation-results")
# mutmut's exit codes: 1/3 a failing test or pytest error, 36/24/-24/152/255 a
# timeout, 37 the type checker; 0 survived; 5/33 no test covers the mutant.
KILLED = {1, 3, 24, -24, 36, 37, 152, 255}
NO_TESTS = {5, 33}
COLUMNS = ("killed", "survived", "no tests")


def tally(codes: dict[str, int | None], survivors: list[str]) -> Counter[str]:
    c: Counter[str] = Counter()
    for name, code in sorted(codes.items()):
        if code is None:
            c["not checked"] += 1
        elif code in KILLED:
            c["killed"] += 1
        else:
            kind = "no tests" if code in NO_TESTS else "survived"
            c[kind] += 1
            survivors.append(f"{kind:<9} {name}")
    return c


def row(name: str, c: Counter[str]) -> str:
    checked = sum(c[k] for k in COLUMNS)
    rate = f"{100 * c['killed'] / checked:.1f}%" if checked else "-"
    cells = [name, *(str(c[k]) for k in COLUMNS), str(checked), rate, str(c["not checked"])]
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    metas = sorted(RESULTS.rglob("*.py.meta"))
    if not metas:
        print(f"nothing in {RESULTS}/: run `make mutate` first", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    survivors: list[str] = []
    print("| module | killed | survived | no tests | checked | killed % | not checked |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for meta in metas:
        module = meta.relative_to(RESULTS).as_posix().removesuffix(".py.meta")
        c = tally(json.loads(meta.read_text())["exit_code_by_key"], survivors)
        print(row(module, c))
        total.update(c)
    print(row("**all**", total))
    if "--survivors" in sys.argv:
        print("\n" + "\n".join(survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
