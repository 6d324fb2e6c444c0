"""The bar that matters: ``poa lint`` raises no false alarm on texts the UN adopted.

All the English resolutions of the General Assembly's seventy-ninth session
(the copy tests share with the Akoma Ntoso rollover's tests) are rolled over
through the importer ``poa init --from-akn`` uses, and linted. Where an adopted
text breaks a rule, the rule is wrong, not the UN: the findings must stay at or
under one per hundred paragraphs (what remains are the UN's own slips, such as
"Secretary General" without its hyphen, and markup that lost its italics). The
figure and the findings by rule are printed.
"""

from __future__ import annotations

import shutil
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from poa_cli.actions.rollover import map_resolution
from poa_cli.domain.lint import lint
from poa_cli.errors import PoaError
from poa_cli.formats.akn_read import read_resolution

# The copy the Akoma Ntoso tests share (tests/test_akn.py), packed to keep the repository small.
ARCHIVE = Path(__file__).resolve().parent / "data" / "akn" / "79session-english.tar.xz"


@pytest.fixture(scope="module")
def session79(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 336 English resolutions of the 79th session, unpacked once."""
    folder = tmp_path_factory.mktemp("un-resolutions")
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(folder, filter="data")
    return folder / "79session-english"


@pytest.mark.slow
def test_no_more_than_one_finding_per_hundred_paragraphs(
    session79: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(session79.glob("A_RES_79_*.xml"))
    assert len(files) == 336
    paragraphs = 0
    refused: list[str] = []
    by_rule: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for path in files:
        try:
            resolution = read_resolution(path)
        except PoaError as exc:  # a table, a collection: the rollover refuses it, and says why
            refused.append(f"{path.name}: {exc.message}")
            continue
        clauses = map_resolution(resolution).clauses
        paragraphs += len(clauses)
        for f in lint(clauses):
            by_rule[f.rule] += 1
            examples.setdefault(f.rule, []).append(f"{path.name} {f.part}: {f.message}")
    findings = sum(by_rule.values())
    rate = 100 * findings / paragraphs
    with capsys.disabled():
        print(
            f"\npoa lint on {len(files) - len(refused)} adopted resolutions of the 79th session "
            f"({len(refused)} not rolled over): {findings} findings in {paragraphs} paragraphs, "
            f"{rate:.2f} per 100"
        )
        for rule, n in by_rule.most_common():
            print(f"  {rule:<20} {n:>3}   e.g. {examples[rule][0]}")
    assert len(refused) <= 10, refused
    assert paragraphs > 15000
    assert findings * 100 <= paragraphs, by_rule


def test_a_rolled_over_resolution_lints_clean_end_to_end(
    session79: Path, tmp_path: Path, poa: Any
) -> None:
    for name in ("A_RES_79_10-2421660E.xml", "A_RES_79_237-2424615E.xml"):
        source = tmp_path / name
        shutil.copy(session79 / name, source)
        target = tmp_path / name.split("-")[0].lower().replace("_", "-")
        run = poa(tmp_path, "init", str(target), "--from-akn", str(source), "--no-commit")
        assert run.exit_code == 0, run.stderr
        run = poa(tmp_path, "lint", str(target), "--no-cache")
        assert run.exit_code == 0, run.stdout
        assert run.stdout.endswith(": no findings\n")
