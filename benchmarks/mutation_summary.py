"""Summarise a `make mutate` run: mutants killed / total per module, and the survivors.

Reads the results mutmut 3 leaves in mutants/<module>.py.meta. Killed counts the
mutants a test failed on and those that timed out (a mutant that makes the code
loop is caught); "no tests" are mutants in code no fast test reaches, counted as
not killed. Mutants not yet checked are left out of the rate and listed apart.
Usage: python benchmarks/mutation_summary.py [--survivors]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

MUTANTS = Path("mutants")
KILLED = {1, 3, 36, -24, 24, 152, 255, 37}  # failed, pytest error, timeouts, type check
SURVIVED = {0}
NO_TESTS = {5, 33}


def main() -> int:
    metas = sorted(MUTANTS.rglob("*.py.meta"))
    if not metas:
        print("no mutants/: run `make mutate` first", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    survivors: list[str] = []
    print(f"{'module':<28} {'killed':>7} {'survived':>9} {'no tests':>9} {'checked':>8} {'rate':>7}  (not run)")
    for meta in metas:
        module = str(meta.relative_to(MUTANTS)).removesuffix(".py.meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        c: Counter[str] = Counter()
        for name, code in codes.items():
            if code is None:
                c["unchecked"] += 1
            elif code in KILLED:
                c["killed"] += 1
            elif code in NO_TESTS:
                c["no tests"] += 1
                survivors.append(f"no tests  {name}")
            else:
                c["survived"] += 1
                survivors.append(f"survived  {name}")
        checked = c["killed"] + c["survived"] + c["no tests"]
        rate = f"{100 * c['killed'] / checked:.1f}%" if checked else "-"
        print(f"{module:<28} {c['killed']:>7} {c['survived']:>9} {c['no tests']:>9} {checked:>8} {rate:>7}  ({c['unchecked']})")
        total.update(c)
    checked = total["killed"] + total["survived"] + total["no tests"]
    rate = f"{100 * total['killed'] / checked:.1f}%" if checked else "-"
    print(f"{'all':<28} {total['killed']:>7} {total['survived']:>9} {total['no tests']:>9} {checked:>8} {rate:>7}  ({total['unchecked']})")
    if "--survivors" in sys.argv:
        print("\n".join(survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
