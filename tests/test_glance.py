"""The negotiation at a glance: ``poa render --view positions`` and ``poa status``.

The sample founding document (20 pending proposals by States, objections on 9)
in a real git repository, through the real command; figures checked against
the YAML files themselves.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from ruamel.yaml import YAML

from .conftest import git

DOC = "poa-founding-document"


def _yaml(folder: Path) -> list[dict[str, Any]]:
    y = YAML(typ="safe", pure=True)
    return [y.load(p.read_text()) for p in sorted(folder.glob("*.yaml"))]


def test_positions_matrix_as_json(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    r = poa(sample_doc.parent, "render", str(sample_doc), "--view", "positions", "-f", "json",
            "-o", "-")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    m = json.loads(r.stdout)
    assert m["schema"] == "poa/positions/1"
    amendments = {a["id"]: a for a in _yaml(sample_doc / "amendments")}
    pending = {i for i, a in amendments.items() if a["status"] == "proposed"}
    ids = [c["amendment"] for c in m["columns"]]
    assert set(ids) <= pending and len(ids) == 20  # stakeholders' proposals are not States'
    cells = {
        (row["code"], ids[j]): stance
        for g in m["groups"]
        for row in g["rows"]
        for j, stance in enumerate(row["cells"])
        if stance
    }
    for aid in ids:
        a = amendments[aid]
        assert cells[(a["proposed_by"][0], aid)] == "proposed"
        for code in a["proposed_by"][1:]:
            assert cells[(code, aid)] == "co-sponsored"
        for code in a.get("supported_by", []):
            assert cells[(code, aid)] in ("supported", "proposed", "co-sponsored")
        for code in a.get("opposed_by", []):
            assert cells[(code, aid)] == "objected"
        if a.get("on_behalf_of"):
            assert cells[(a["on_behalf_of"], aid)] == "proposed"
    headings = [g["heading"] for g in m["groups"]]
    assert headings[-1] == "Groups and organizations"
    assert "Western European and other States" in headings and "African Group" in headings
    # Totals: per row and per column they add up to the cells.
    for g in m["groups"]:
        for row in g["rows"]:
            assert sum(row["totals"].values()) == sum(1 for c in row["cells"] if c)
    assert sum(sum(t.values()) for t in m["column_totals"]) == len(cells)
    assert sum(b["pending"] for b in m["bars"]) == 20
    assert sum(b["contested"] for b in m["bars"]) == sum(
        1 for aid in ids if amendments[aid].get("opposed_by")
    )


def test_positions_html_svg_pdf(poa, sample_doc: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("html", "svg", "pdf"):
        out = tmp_path / f"positions.{fmt}"
        r = poa(sample_doc.parent, "render", str(sample_doc), "--view", "positions",
                "-o", str(out))  # fmt: skip
        assert r.exit_code == 0, r.stderr
    html = (tmp_path / "positions.html").read_text()
    assert "Content-Security-Policy" in html
    assert not re.search(r"(src|href)=\"(https?:|//|file:)", html)
    assert html.count('title="objected"') >= 9 and 'title="proposed"' in html
    assert "Pending proposals by paragraph" in html and 'fill="url(#hatch)"' in html
    svg = (tmp_path / "positions.svg").read_text()
    assert (
        svg.startswith("<svg")
        and 'href="#s-objected"' in svg
        and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "positions.pdf").read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Positions on pending proposals: A/CONF.999/2026/L.1" in text
    assert "Egypt" in text and "EGY-1" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as every paper
    r = poa(sample_doc.parent, "render", str(sample_doc), "--view", "positions", "-f", "md")
    assert r.exit_code == 1 and "positions prints html, pdf, svg, json" in r.stderr
    r = poa(sample_doc.parent, "render", str(sample_doc), "--view", "clean", "-f", "svg")
    assert r.exit_code == 1 and "svg is for --view positions" in r.stderr


def test_status_per_section_and_overall(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    r = poa(sample_doc.parent, "status", str(sample_doc), "--format", "json")
    assert r.exit_code == 0, r.stderr
    s = json.loads(r.stdout)
    clauses = _yaml(sample_doc / "clauses")
    statuses = [c.get("status", "bracketed") for c in clauses]
    o = s["overall"]
    assert o["paragraphs"] == len(clauses)
    assert o["adopted"] == statuses.count("adopted")
    assert o["agreed_ad_ref"] == statuses.count("agreed-ad-ref")
    assert o["bracketed"] == len(clauses) - o["adopted"] - o["agreed_ad_ref"]
    amendments = _yaml(sample_doc / "amendments")
    pending = [a for a in amendments if a["status"] == "proposed"]
    assert o["pending"] == len(pending)
    assert o["contested"] == sum(1 for a in pending if a.get("opposed_by"))
    assert o["objections"] == sum(len(a.get("opposed_by", [])) for a in pending)
    assert sum(t["pending"] for t in s["sections"]) == o["pending"]
    assert o["agreed_share"] == round((o["adopted"] + o["agreed_ad_ref"]) / o["paragraphs"], 4)
    table = poa(sample_doc.parent, "status", str(sample_doc))
    assert table.exit_code == 0
    assert re.search(r"Overall\s+39\s+6\s+12\s+21\s+46 %\s+21\s+9\s+22", table.stdout)
    assert poa(sample_doc.parent, "status", str(sample_doc), "-f", "html").exit_code == 2


def test_status_by_revision_rises(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    repo = sample_doc.parent
    git(repo, "tag", f"{DOC}/rev-1")
    clause = sample_doc / "clauses" / "op-scope.yaml"
    clause.write_text(clause.read_text().replace("status: bracketed", "status: agreed-ad-ref"))
    git(repo, "commit", "-qam", "op-scope agreed ad ref")
    r = poa(repo, "consolidate", "-d", str(sample_doc), "--accept", "DNK-2", "--as", "rev-2",
            "--date", "2026-06-01")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = poa(repo, "status", str(sample_doc), "--revisions", "-f", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["revision"] for x in rows] == ["Rev.1", "Rev.2", "working text"]
    shares = [x["overall"]["agreed_share"] for x in rows]
    assert shares[1] > shares[0]
    assert rows[1]["overall"]["pending"] == rows[0]["overall"]["pending"] - 1  # DNK-2 accepted
    # Per section too, at every revision: the sections add up to the overall figures,
    # and op-scope's section is the one whose agreed share rose.
    for row in rows:
        for key in ("paragraphs", "adopted", "agreed_ad_ref", "bracketed", "pending"):
            assert sum(t[key] for t in row["sections"]) == row["overall"][key], key
    rose = [
        a["name"]
        for a, b in zip(rows[0]["sections"], rows[1]["sections"], strict=True)
        if b["agreed_share"] > a["agreed_share"]
    ]
    assert rose == ["Establishment and purpose"]
    table = poa(repo, "status", str(sample_doc), "--revisions").stdout
    block = table.split("\nEstablishment and purpose\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"^  Rev.1 +5 +0 +2 +3 +40 %", block, re.M), block
    assert re.search(r"^  Rev.2 +5 +0 +3 +2 +60 %", block, re.M), block
    html = poa(repo, "status", str(sample_doc), "--revisions", "-f", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "Rev.2" in html
    assert "<h2>By section</h2>" in html and "<td>Establishment and purpose</td>" in html
    assert not re.search(r"(src|href)=\"https?:", html)


@pytest.mark.parametrize("args", [["--revisions", "--to", "rev-1"], ["-f", "yaml"]])
def test_status_usage_errors(poa, sample_doc: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert poa(sample_doc.parent, "status", str(sample_doc), *args).exit_code == 2


def test_a_wide_positions_matrix_runs_over_pages_in_print(tmp_path: Path) -> None:
    """70 proposals: three parts of at most 30 columns, each on pages of its own with
    every row and group heading; nothing cut off at the page's edge, nothing shrunk."""
    from poa_cli.render.pdf import PdfOptions, html_to_pdf
    from poa_cli.render.positions import (
        PRINT_COLUMNS,
        Column,
        Positions,
        Row,
        RowGroup,
        positions_print_html,
    )
    from poa_cli.resources import shipped

    n, stances = 70, ("proposed", "supported", "objected", "")
    columns = tuple(Column(f"DNK-{j + 1}", f"paragraph {j // 3 + 1}", "Denmark", j % 4 == 0)
                    for j in range(n))  # fmt: skip
    rows = tuple(
        Row(f"S{i}", f"State number {i}", tuple(stances[(i + j) % 4] for j in range(n)),
            {"proposed": 1, "co-sponsored": 0, "supported": 2, "objected": 3})
        for i in range(24)
    )  # fmt: skip
    totals = tuple({"proposed": 1, "co-sponsored": 0, "supported": 2, "objected": 1}
                   for _ in range(n))  # fmt: skip
    groups = (RowGroup("African Group", rows[:12]), RowGroup("Western European", rows[12:]))
    model = Positions("doc", "A/CONF.1/L.1", "Title", "", columns, groups, totals, ())
    html = positions_print_html(model)
    assert PRINT_COLUMNS == 30 and html.count('<section class="part">') == 3
    for part in html.split('<section class="part">')[1:]:
        assert part.count('<tr class="g">') == 2 and part.count("State number") == 24
        assert part.count('<th class="v"') <= 30
    pdf = html_to_pdf(html, shipped("templates"), [], options=PdfOptions(None, (), ""))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    for first, last in ((1, 30), (31, 60), (61, 70)):
        starts = [i for i, t in enumerate(pages) if f"Proposals {first}–{last} of 70" in t]
        assert len(starts) == 1, (first, pages)
        page = pages[starts[0]]
        # The part's last column and the row totals are on its page, not cut off.
        assert "Totals" in page and "Western European" in page and "State number 23" in page
        assert re.sub(r"\s", "", page).count(f"DNK-{last}") >= 1
        box = reader.pages[starts[0]].mediabox
        assert float(box.width) > float(box.height)  # A4 landscape
    # Every word starts on the page (one table of 70 columns starts words at x > 2600 pt).
    for page in reader.pages:
        xs: list[float] = []

        def seen(text: str, cm: Any, tm: Any, _font: Any, _size: Any, xs: list[float] = xs) -> None:
            if text.strip():
                xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

        page.extract_text(visitor_text=seen)
        assert xs and max(xs) < float(page.mediabox.width) - 20
