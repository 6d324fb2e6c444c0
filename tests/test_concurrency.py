"""Many drafters at once, and drafters killed mid-write: nothing lost, nothing blocked."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from poa_cli.storage import yamlio

from .conftest import git, poa_command, poa_process

PROPOSERS = ["DNK", "EST", "BRA", "KEN", "IND", "FRA", "MEX", "JPN"]


def drafter(doc: Path, code: str, count: int) -> list[str]:
    """One delegation proposing *count* amendments in a row, each its own process."""
    ids = []
    for i in range(count):
        proc = poa_process(doc, "draft", "amend", "op-meet", "--by", code,
                           "--append", f"and proposal {i} of {code}", timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        ids.append(proc.stdout.splitlines()[0])
    return ids


def test_eight_processes_six_amendments_each(minimal_doc: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda c: drafter(minimal_doc, c, 6), PROPOSERS))
    ids = [i for r in results for i in r]
    assert len(ids) == 48 and len(set(ids)) == 48
    # DNK-1 and EST-? already exist in the minimal document: numbering continues.
    assert sorted(results[0]) == sorted(f"DNK-{n}" for n in range(2, 8))
    files = {p.stem for p in (minimal_doc / "amendments").glob("*.yaml")}
    assert set(ids) <= files
    subjects = git(minimal_doc, "log", "--format=%s").splitlines()
    assert sum(s.startswith("Propose amendment") for s in subjects) == 48
    assert git(minimal_doc, "status", "--porcelain") == ""
    fsck = subprocess.run(
        ["git", "fsck", "--strict"], cwd=minimal_doc, capture_output=True, text=True
    )
    assert fsck.returncode == 0, fsck.stderr
    assert poa_process(minimal_doc, "validate").returncode == 0


def test_sigkill_at_random_moments_loses_nothing_and_blocks_nothing(minimal_doc: Path) -> None:
    rng = random.Random(20261129)
    # Kill moments are drawn within one command's run time here, measured first,
    # so that most rounds land mid-command however fast or slow the machine is.
    started = time.monotonic()
    first = poa_process(minimal_doc, "draft", "amend", "op-meet", "--by", "FRA",
                        "--append", "and a timed run")  # fmt: skip
    assert first.returncode == 0, first.stderr
    typical = time.monotonic() - started
    kills = 0
    for round_ in range(20):
        proc = subprocess.Popen(
            [*poa_command(), "draft", "amend", "op-meet", "--by", "FRA",
             "--append", f"and killed round {round_}"],
            cwd=minimal_doc, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.1, 1.0) * typical)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.communicate()
        # The next command must run, and leave a consistent tree.
        after = poa_process(minimal_doc, "draft", "amend", "op-meet", "--by", "EST",
                            "--append", f"and survivor {round_}")  # fmt: skip
        assert after.returncode == 0, after.stderr
        assert git(minimal_doc, "status", "--porcelain") == ""
        for path in (minimal_doc / "amendments").iterdir():
            assert not path.name.startswith("."), f"temp file left: {path.name}"
            yamlio.load(path)  # every file whole
    assert kills >= 5  # most rounds really were interrupted
    fsck = subprocess.run(["git", "fsck"], cwd=minimal_doc, capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr
    assert poa_process(minimal_doc, "validate").returncode == 0
    survivors = [p for p in (minimal_doc / "amendments").glob("EST-*.yaml")]
    assert len(survivors) == 20


def test_interrupted_transaction_is_rolled_back_by_the_next_command(minimal_doc: Path) -> None:
    """A journal left by a dead process is replayed: files restored, index clean."""
    from poa_cli.storage import store

    journal = store._journal_path(minimal_doc)
    target = minimal_doc / "clauses" / "op-meet.yaml"
    original = target.read_bytes()
    head = git(minimal_doc, "rev-parse", "HEAD").strip()
    tx = store.Transaction(root=minimal_doc, commit=True, journal=journal, head=head)
    tx.write(target, "half: done\n")
    tx.write(minimal_doc / "amendments" / "ZAF-1.yaml", "half: done\n")
    git(minimal_doc, "add", "-A")
    # The process "dies" here: no commit, no rollback, the journal stays.
    assert journal.exists()
    proc = poa_process(minimal_doc, "clause", "edit", "op-establish", "--status", "adopted")
    assert proc.returncode == 0, proc.stderr
    assert target.read_bytes() == original
    assert not (minimal_doc / "amendments" / "ZAF-1.yaml").exists()
    assert git(minimal_doc, "status", "--porcelain") == ""
    assert not journal.exists()
