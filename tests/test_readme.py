"""The README's tour runs as written, top to bottom, in a scratch folder.

The ``sh`` blocks of README.md's "## A tour" section (to the next "## ") are read
from the README itself (so the two cannot drift) and run, in order, by one
bash with ``set -e``, as a newcomer would type them at the top of a fresh clone
after ``make demo``: a folder holding the project's ``drafts/`` and its
``.venv``, with HOME a scratch folder (the tour works in ``~/poa-tour``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, git

pytestmark = pytest.mark.slow


def tour_blocks(readme: str) -> list[str]:
    """Return the ``sh`` blocks of the tour, in order."""
    start = readme.index("## A tour")
    end = readme.index("\n## ", start + 1)  # the tour ends at the next top-level section
    tour = readme[start:end]
    return re.findall(r"```sh\n(.*?)```", tour, flags=re.DOTALL)


def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    blocks = tour_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(ROOT / "drafts", clone / "drafts")
    shutil.copytree(
        ROOT / "tests" / "data" / "six-languages", clone / "tests" / "data" / "six-languages"
    )
    (clone / ".venv").symlink_to(Path(sys.prefix))  # what `make demo` made
    script = "set -e\n" + "\n".join(blocks)
    env = {**os.environ, "HOME": os.environ["HOME"], "COLUMNS": "100"}
    project_head = git(ROOT, "rev-parse", "HEAD").strip()
    run = subprocess.run(
        ["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    home = Path(os.environ["HOME"])
    negotiation = home / "poa-tour" / "negotiation" / "poa-founding-document"
    assert (negotiation / "amendments" / "DNK-3.yaml").is_file()
    assert (negotiation / "build" / "comp.md").is_file()
    assert "poa-founding-document/rev-1" in git(negotiation, "tag")
    assert (home / "poa-tour" / "chair-draft" / ".git").is_dir()  # a repository of its own
    assert git(ROOT, "rev-parse", "HEAD").strip() == project_head  # the project untouched
    # What the README says of --strict on the sample is true.
    strict = subprocess.run(
        [str(Path(sys.prefix) / "bin" / "poa"), "validate", "--strict", "--format", "json"],
        cwd=clone / "drafts" / "poa-founding-document", capture_output=True, text=True,
    )  # fmt: skip
    assert strict.returncode == 1
    assert '"errors": 0' in strict.stdout and '"warnings": 0' not in strict.stdout
