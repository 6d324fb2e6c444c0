"""Compiled templates kept in the git directory (render/html.py, jinja's bytecode cache).

The paper's template is compiled once per template text: a second render reads
the compiled code, and an edited template is compiled afresh, never served stale.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_compiled_template_is_kept_and_gives_the_same_paper(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    kept = sample_doc.parent / ".git" / "poa-cache" / "templates"
    first = poa(sample_doc, "render", "--view", "compilation", "-o", "a.html")
    assert first.exit_code == 0, first.stdout
    assert len(list(kept.iterdir())) == 1
    second = poa(sample_doc, "render", "--view", "compilation", "-o", "b.html")
    assert second.exit_code == 0, second.stdout
    assert (sample_doc / "a.html").read_bytes() == (sample_doc / "b.html").read_bytes()


def test_an_edited_template_is_compiled_afresh(poa, sample_doc: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    assert poa(sample_doc, "render", "--templates", str(templates), "-o", "a.html").exit_code == 0
    page = templates / "paper.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>edited</p></body>"))
    assert poa(sample_doc, "render", "--templates", str(templates), "-o", "b.html").exit_code == 0
    assert "<p>edited</p>" not in (sample_doc / "a.html").read_text(encoding="utf-8")
    assert "<p>edited</p>" in (sample_doc / "b.html").read_text(encoding="utf-8")
    kept = sample_doc.parent / ".git" / "poa-cache" / "templates"
    assert len(list(kept.iterdir())) == 1  # one file per template name, rewritten
