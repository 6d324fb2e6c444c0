"""The benchmarks' peak-RSS measurement reads the command, not the process that starts it.

Linux carries a process's high-water RSS across exec, so a runner that has grown
large would lend its size to every command it starts (session 5 found the scaling
table reading 124 MiB, the runner's size, for every row).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
MIB = 1024


def _run_module() -> ModuleType:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


def test_a_small_command_under_a_large_runner_reads_small(tmp_path: Path) -> None:
    run = _run_module()
    ballast = bytearray(200 * MIB * 1024)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1  # touched, so resident
    sample = run.run_once(["true"], tmp_path, for_memory=True)
    assert sample.returncode == 0
    assert 0 < sample.max_rss_kib < 40 * MIB, sample
    del ballast


def test_a_large_command_reads_its_own_size(tmp_path: Path) -> None:
    run = _run_module()
    grow = "b = bytearray(120 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1"
    sample = run.run_once([sys.executable, "-c", grow], tmp_path, for_memory=True)
    assert sample.returncode == 0
    assert 120 * MIB <= sample.max_rss_kib < 200 * MIB, sample


def test_the_exit_code_passes_through(tmp_path: Path) -> None:
    run = _run_module()
    assert run.run_once(["sh", "-c", "exit 3"], tmp_path, for_memory=True).returncode == 3
    assert run.run_once(["no-such-command-here"], tmp_path, for_memory=True).returncode == 127
