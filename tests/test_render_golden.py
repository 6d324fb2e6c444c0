"""Golden files for every view of the sample documents, in HTML and Markdown.

A rendered paper must be byte-for-byte what ``tests/golden/`` holds: nothing is
normalised, since the output is deterministic. After an intended change,
regenerate the files and review them as a diff::

    POA_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from poa_cli.render import Request, render

from .conftest import DRAFTS

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("POA_REGEN_GOLDEN") == "1"

DOCUMENTS = ("poa-founding-document", "recommendations")
VARIANTS = (
    ("clean", "inline"),
    ("compilation", "inline"),
    ("compilation", "listed"),
    ("changes", "inline"),
)
CASES = [
    (doc, view, style, fmt)
    for doc in DOCUMENTS
    for view, style in VARIANTS
    for fmt in ("html", "md")
]


def golden_name(doc: str, view: str, style: str, fmt: str) -> str:
    listed = "-listed" if style == "listed" else ""
    return f"{doc}-{view}{listed}.{fmt}"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample documents copied outside any git repository (no revisions, no tags)."""
    root = tmp_path_factory.mktemp("samples")
    for doc in DOCUMENTS:
        shutil.copytree(DRAFTS / doc, root / doc)
    return root


@pytest.mark.parametrize(("doc", "view", "style", "fmt"), CASES, ids=lambda v: str(v))
def test_golden(samples: Path, doc: str, view: str, style: str, fmt: str) -> None:
    out = render(Request(samples / doc, view=view, fmt=fmt, style=style))
    path = GOLDEN / golden_name(doc, view, style, fmt)
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(out)
    assert path.is_file(), f"missing {path.name}: run POA_REGEN_GOLDEN=1 pytest {__file__}"
    assert out.decode("utf-8") == path.read_text(encoding="utf-8")


def test_every_golden_file_is_a_case() -> None:
    expected = {golden_name(*case) for case in CASES}
    assert {p.name for p in GOLDEN.iterdir() if p.suffix in (".html", ".md")} == expected


def test_rendering_twice_gives_the_same_bytes(samples: Path) -> None:
    request = Request(samples / "poa-founding-document", view="compilation", fmt="html")
    assert render(request) == render(request)
