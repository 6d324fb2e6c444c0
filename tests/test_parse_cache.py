"""The parse cache's parallel check gives exactly the serial answer (storage/cache.py).

``check_in_parallel`` forks children that send their results back as marshal
data; whatever a child cannot do, its share is checked in the parent. Held here
to :func:`schemas.check_file` run one file after another, on good files, broken
YAML, schema errors and files marshal cannot carry, and with children that fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from poa_cli.storage import cache, memo
from poa_cli.storage.schemas import FileCheck, check_file

from .conftest import MINIMAL


def _files(tmp_path: Path) -> list[tuple[Path, str]]:
    """Thirty-odd amendment and clause files: valid, broken in YAML, wrong for the schema."""
    good = (MINIMAL / "amendments" / "DNK-1.yaml").read_text(encoding="utf-8")
    clause = next((MINIMAL / "clauses").glob("*.yaml")).read_text(encoding="utf-8")
    texts = [
        (good, "amendment"),
        (clause, "clause"),
        (good.replace("status: proposed", "status: bogus"), "amendment"),  # schema error
        (good + "  : broken\n", "amendment"),  # YAML error, with its line
        (good.replace("status: proposed", "status: proposed\nstatus: again"), "amendment"),
        ("a: &x 1\nb: *x\n", "amendment"),  # an alias: refused
        ("", "amendment"),
        ("- a list\n", "clause"),
        ("text: {a: [1, 2]}\nn: 12345678901234567890\n", "clause"),
        ("text: 'é ∑ 中文 🇺🇳'\n", "clause"),
    ]
    out = []
    for i in range(33):
        text, kind = texts[i % len(texts)]
        path = tmp_path / f"f{i:02d}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append((path, kind))
    return out


def _plain(results: list[FileCheck]) -> list[Any]:
    return [(r.data, r.problems, r.keys) for r in results]


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_the_parallel_check_is_the_serial_check(tmp_path: Path, workers: int) -> None:
    todo = _files(tmp_path)
    serial = [check_file(path, kind) for path, kind in todo]
    assert any(r.problems for r in serial) and any(not r.problems for r in serial)
    assert _plain(cache.check_in_parallel(todo, workers)) == _plain(serial)


def test_a_failing_child_leaves_its_share_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    todo = _files(tmp_path)
    serial = _plain([check_file(path, kind) for path, kind in todo])
    here: list[Path] = []  # files checked in this process (a child's list is its own)

    def counted(path: Path, kind: str) -> FileCheck:
        here.append(path)
        return check_file(path, kind)

    monkeypatch.setattr(cache, "check_file", counted)
    assert _plain(cache.check_in_parallel(todo, 3)) == serial
    assert len(here) == 11  # the children checked two shares of 11

    def broken_send(fd: int, results: list[FileCheck]) -> None:
        raise RuntimeError("a child that fails")

    here.clear()
    monkeypatch.setattr(cache, "_send", broken_send)
    assert _plain(cache.check_in_parallel(todo, 3)) == serial
    assert sorted(here) == sorted(p for p, _ in todo)  # every share checked here
    here.clear()
    monkeypatch.undo()
    monkeypatch.setattr(cache, "check_file", counted)
    monkeypatch.setattr(cache, "_received", lambda payload: None)  # unreadable data
    assert _plain(cache.check_in_parallel(todo, 3)) == serial
    assert len(here) == len(todo)


def test_a_validate_over_the_parallel_threshold_gives_the_serial_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the parse cache, as validate reads a folder of many files."""
    todo = _files(tmp_path)
    monkeypatch.setattr(cache, "PARALLEL_FROM", 10)
    parallel = cache.ParseCache(tmp_path, enabled=False)
    parallel.prefetch(todo)
    monkeypatch.setattr(cache, "PARALLEL_FROM", 10**6)
    serial = cache.ParseCache(tmp_path, enabled=False)
    serial.prefetch(todo)
    assert _plain([parallel.check(p, k) for p, k in todo]) == _plain(
        [serial.check(p, k) for p, k in todo]
    )


def test_the_stamp_follows_the_code_that_reads_files() -> None:
    """A kept parse or answer is dropped when the block reader (or any reader) changes."""
    assert "blockyaml.py" in memo.READERS and "yamlio.py" in memo.READERS
    for name in memo.READERS:
        assert (Path(memo.__file__).parent / name).is_file(), name
