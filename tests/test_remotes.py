"""Git as the distributed engine: two delegations, two clones, one bare remote.

Each delegation drafts in its own clone with the real ``poa`` executable and
pushes and pulls; one file per amendment means their work merges without
conflicts. When two clones both create the same id, git reports an add/add
conflict, ``poa validate`` names the file, and ``poa draft renumber`` is the way
out.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from poa_cli.storage import yamlio

from .conftest import git, poa_process

MEET = "*Decides* that the mechanism shall meet once a year and adopt its decisions by consensus;"
SCOPE = "*Recognizes* that the mechanism shall be open to all States;"


def poa(cwd: Path, *args: str) -> str:
    proc = poa_process(cwd, *args)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def amend(doc: Path, *args: str) -> str:
    return poa(doc, "draft", "amend", *args).splitlines()[0]


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote holding a document with its zero draft, and two clones of it."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    chair = tmp_path / "chair"
    git(tmp_path, "clone", "-q", str(remote), str(chair))
    doc = chair / "drafts" / "poa"
    poa(chair, "init", str(doc), "--title", "Founding document", "--symbol", "A/CONF.1/L.1")
    poa(doc, "clause", "add", "op-scope", "--kind", "operative", "--text", SCOPE)
    poa(doc, "clause", "add", "op-meet", "--kind", "operative", "--text", MEET)
    poa(doc, "consolidate")
    git(chair, "push", "-q", "--follow-tags", "origin", "main")
    out = []
    for name, who in (("denmark", "Denmark delegation"), ("brazil", "Brazil delegation")):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        git(clone, "config", "user.name", who)
        out.append(clone / "drafts" / "poa")
    return remote, out[0], out[1]


def sync(doc: Path, *, rebase: bool = False) -> subprocess.CompletedProcess[str]:
    """``git pull`` with an explicit strategy (git refuses to guess on divergent branches)."""
    return subprocess.run(
        ["git", "pull", "-q", "--rebase" if rebase else "--no-rebase", "origin", "main"],
        cwd=doc, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_two_delegations_merge_without_conflict(clones: tuple[Path, Path, Path]) -> None:
    _, dnk, bra = clones
    d1 = amend(dnk, "op-meet", "--by", "Denmark", "--replace", "once a year", "--with",
               "twice a year")  # fmt: skip
    b1 = amend(bra, "op-scope", "--by", "Brazil", "--insert", "interested", "--before-text",
               "States")  # fmt: skip
    b2 = amend(bra, "op-meet", "--by", "Brazil", "--append", "and report to the General Assembly")
    git(dnk, "push", "-q", "origin", "main")
    assert sync(bra).returncode == 0  # a real merge: both sides have new commits
    poa(bra, "draft", "support", d1, "--by", "Brazil")
    git(bra, "push", "-q", "origin", "main")
    assert sync(dnk).returncode == 0
    for doc in (dnk, bra):
        assert sorted(p.stem for p in (doc / "amendments").glob("*.yaml")) == sorted([d1, b1, b2])
        assert poa_process(doc, "validate").returncode == 0
        assert git(doc, "status", "--porcelain") == ""
    assert yamlio.load(dnk / "amendments" / f"{d1}.yaml")["supported_by"] == ["BRA"]
    rows = json.loads(poa(dnk, "amendments", "list", "--format", "json"))
    assert {r["id"] for r in rows} == {d1, b1, b2}
    # The Chair consolidates from a third clone and both delegations see Rev.1.
    assert sync(dnk).returncode == 0
    poa(dnk, "consolidate", "--accept", f"{d1},{b1}")
    git(dnk, "push", "-q", "--follow-tags", "origin", "main")
    assert sync(bra).returncode == 0
    git(bra, "fetch", "-q", "--tags")
    blame = json.loads(poa(bra, "blame", "op-meet", "--format", "json"))
    twice = next(w for w in blame["parts"][0]["words"] if w["word"] == "twice")
    assert twice["amendment"] == d1 and twice["revision"] == "rev-1"


@pytest.mark.parametrize("rebase", [False, True], ids=["merge", "rebase"])
def test_id_collision_is_reported_and_renumbered(
    clones: tuple[Path, Path, Path], rebase: bool
) -> None:
    _, one, two = clones
    # Two drafters of one delegation, each offline in their own clone, both make DNK-1.
    git(two, "config", "user.name", "Denmark delegation (capital)")
    first = amend(one, "op-meet", "--by", "Denmark", "--replace", "once a year", "--with",
                  "twice a year")  # fmt: skip
    second = amend(two, "op-scope", "--by", "Denmark", "--append", "and observers")
    sub = amend(two, second, "--by", "Estonia", "--replace", "observers", "--with",
                "observer States")  # fmt: skip
    assert first == second == "DNK-1"
    git(one, "push", "-q", "origin", "main")
    pulled = sync(two, rebase=rebase)
    assert pulled.returncode != 0 and "DNK-1.yaml" in pulled.stdout + pulled.stderr
    check = poa_process(two, "validate")
    assert check.returncode == 1
    assert "DNK-1.yaml" in check.stdout and "merge-conflict" in check.stdout
    out = poa(two, "draft", "renumber", "DNK-1")
    assert out.splitlines()[0] == "DNK-2"
    if rebase:
        assert "git rebase --continue" in out
        subprocess.run(["git", "rebase", "--continue"], cwd=two, check=True,
                       capture_output=True, env={**os.environ, "GIT_EDITOR": "true"})  # fmt: skip
    # The published DNK-1 (Denmark's first) kept its id; the local one moved to DNK-2.
    kept = yamlio.load(two / "amendments" / "DNK-1.yaml")
    moved = yamlio.load(two / "amendments" / "DNK-2.yaml")
    assert kept["target"] == "op-meet" and kept["text"] == "twice a year"
    assert moved["id"] == "DNK-2" and moved["target"] == "op-scope"
    if not rebase:  # the sub-amendment drafted against the local DNK-1 follows it
        assert yamlio.load(two / "amendments" / f"{sub}.yaml")["target"] == "DNK-2"
        assert "Renumbered-from: DNK-1" in git(two, "log", "-1", "--format=%B")
    assert git(two, "status", "--porcelain") == ""
    assert not (Path(git(two, "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").exists()
    if not rebase:
        assert poa_process(two, "validate").returncode == 0
    git(two, "push", "-q", "origin", "main")
    assert sync(one).returncode == 0
    assert (one / "amendments" / "DNK-2.yaml").is_file()


def test_renumber_outside_a_merge(minimal_doc: Path, poa) -> None:  # type: ignore[no-untyped-def]
    run = poa(minimal_doc, "draft", "amend", "DNK-1", "--by", "Brazil", "--replace", "twice",
              "--with", "three times")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    run = poa(minimal_doc, "draft", "renumber", "DNK-1")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == "DNK-2"
    assert not (minimal_doc / "amendments" / "DNK-1.yaml").exists()
    assert yamlio.load(minimal_doc / "amendments" / "DNK-2.yaml")["id"] == "DNK-2"
    assert yamlio.load(minimal_doc / "amendments" / "BRA-1.yaml")["target"] == "DNK-2"
    assert "Renumbered-from: DNK-1" in git(minimal_doc, "log", "-1", "--format=%B")
    assert poa(minimal_doc, "validate").exit_code == 0
    # Numbers are never reused: DNK-1 was used, so the next Danish amendment is DNK-3.
    run = poa(minimal_doc, "draft", "amend", "op-meet", "--by", "Denmark", "--append", "x")
    assert run.stdout.splitlines()[0] == "DNK-3"


def test_renumber_refuses_a_decided_or_unknown_amendment(minimal_doc: Path, poa) -> None:  # type: ignore[no-untyped-def]
    assert (
        poa(minimal_doc, "consolidate", "--over-objection", "DNK-1", "--note", "x").exit_code == 0
    )
    run = poa(minimal_doc, "draft", "renumber", "DNK-1")
    assert run.exit_code == 1 and "accepted" in run.stderr
    run = poa(minimal_doc, "draft", "renumber", "XYZ-4")
    assert run.exit_code == 1 and "no amendment" in run.stderr
