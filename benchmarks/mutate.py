"""Mutation-test one domain module with the fast tests that cover it (`make mutate`).

mutmut 3 reads one test selection for a whole run (`[tool.mutmut]` in
pyproject.toml); this runs it for one module at a time with the test files
listed for that module in `[tool.poa.mutate]`, so that the run that records
which tests cover which function, and each mutant's run, stay short. One
worker process only: the machine is shared.

Each module's results are kept in `mutation-results/` (mutmut's own `mutants/`
folder is started afresh for every module, since a different test selection
invalidates every earlier result); `benchmarks/mutation_summary.py` reads
them. A run stopped half-way (Ctrl-C) keeps what it checked, and running the
same module again carries on where it stopped.

Usage: python benchmarks/mutate.py MODULE [MUTANT_GLOB ...]
  MODULE       e.g. domain.proposers, actions.validate
  MUTANT_GLOB  only these mutants, e.g. 'poa_cli.domain.amend.x__overlap*'
               (a sample, or the survivors again after new tests: the
               results update the module's earlier ones in mutation-results/;
               delete that file after changing the module's code)
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import tomllib
from pathlib import Path

MUTANTS = Path("mutants")
RESULTS = Path("mutation-results")
STAMP = MUTANTS / ".poa-module"


def main(argv: list[str]) -> int:
    table = tomllib.loads(Path("pyproject.toml").read_text("utf-8"))["tool"]["poa"]["mutate"]
    if not argv or argv[0] not in table:
        print(f"usage: mutate.py MODULE [MUTANT_GLOB ...]; MODULE one of {', '.join(table)}")
        return 2
    module, names = argv[0], argv[1:]
    source = "poa_cli/" + module.replace(".", "/") + ".py"
    # Results of another module (or another test selection) cannot be reused.
    if not STAMP.is_file() or STAMP.read_text() != module:
        shutil.rmtree(MUTANTS, ignore_errors=True)
    MUTANTS.mkdir(exist_ok=True)
    STAMP.write_text(module)

    import mutmut.__main__ as mutmut_main  # sets multiprocessing to fork
    from mutmut import configuration

    wanted = dataclasses.replace(
        configuration.config(),
        only_mutate=[source],
        pytest_add_cli_args_test_selection=list(table[module]),
    )
    configuration._config = wanted
    if configuration.config() is not wanted:  # mutmut changed how it keeps its configuration
        print("mutate.py: this mutmut ignores the per-module configuration; not run")
        return 1
    try:
        mutmut_main._run(names, max_children=1)
    finally:
        keep(MUTANTS / (source + ".meta"), RESULTS / (source + ".meta"), sample=bool(names))
    return 0


def keep(meta: Path, kept: Path, *, sample: bool) -> None:
    """Copy mutmut's results to *kept*; a sample's results update the earlier ones."""
    if not meta.is_file():
        return
    data = json.loads(meta.read_text("utf-8"))
    if sample and kept.is_file():
        codes = json.loads(kept.read_text("utf-8"))["exit_code_by_key"]
        codes.update({k: v for k, v in data["exit_code_by_key"].items() if v is not None})
        data["exit_code_by_key"] = codes
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(data, indent=1), "utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
