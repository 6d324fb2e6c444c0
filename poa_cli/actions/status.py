"""``poa status``: how far the negotiation is.

Per section and overall: paragraphs adopted, agreed ad referendum and still
bracketed (each clause's ``status``), pending proposals, how many of them are
contested, and the objections recorded. With ``revisions``, the same overall
figures for every revision issued (zero draft, Rev.1, …) and the working text,
so the agreed share can be watched rising. Plain functions over the document;
the CLI (``poa_cli/cli/status.py``) only prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any

from poa_cli.domain.model import Amendment, Document
from poa_cli.render import load_revision
from poa_cli.render.positions import HATCH
from poa_cli.storage.revisions import list_revisions, load_at, revision_label

#: The negotiation statuses of a paragraph, from settled to open.
STATUSES: tuple[str, ...] = ("adopted", "agreed-ad-ref", "bracketed")


@dataclass(frozen=True)
class Tally:
    """Paragraph counts by status, and the proposals pending on them."""

    name: str
    paragraphs: int
    adopted: int
    agreed_ad_ref: int
    bracketed: int
    pending: int
    contested: int
    objections: int

    @property
    def agreed_share(self) -> float:
        """Share of paragraphs adopted or agreed ad ref (0 when there are none)."""
        return (self.adopted + self.agreed_ad_ref) / self.paragraphs if self.paragraphs else 0.0


@dataclass(frozen=True)
class Status:
    """The status of one text: per section, overall; the revision it is."""

    document: str
    revision: str
    sections: tuple[Tally, ...]
    overall: Tally


def status_of(doc: Document, revision: str = "working") -> Status:
    """Return how far *doc* is: its sections' and its own tallies."""
    section_of = {cid: i for i, s in enumerate(doc.meta.sections) for cid in s.clauses}
    pending = [a for a in doc.amendments.values() if a.status == "proposed"]
    by_section: dict[int | None, list[Amendment]] = {}
    for a in pending:
        by_section.setdefault(section_of.get(doc.clause_of(a.target)), []).append(a)

    tallies = []
    for i, s in enumerate(doc.meta.sections):
        ids = [cid for cid in s.clauses if cid in doc.clauses]
        statuses = [doc.clauses[cid].status for cid in ids]
        mine = by_section.get(i, [])
        tallies.append(
            Tally(
                s.heading or ("Preamble" if s is doc.meta.sections[0] else s.id),
                len(ids),
                statuses.count("adopted"),
                statuses.count("agreed-ad-ref"),
                len(ids) - statuses.count("adopted") - statuses.count("agreed-ad-ref"),
                len(mine),
                sum(1 for a in mine if a.opposed_by),
                sum(len(a.opposed_by) for a in mine),
            )
        )
    overall = Tally(
        "Overall",
        sum(t.paragraphs for t in tallies),
        sum(t.adopted for t in tallies),
        sum(t.agreed_ad_ref for t in tallies),
        sum(t.bracketed for t in tallies),
        len(pending),
        sum(1 for a in pending if a.opposed_by),
        sum(len(a.opposed_by) for a in pending),
    )
    return Status(doc.meta.id, revision, tuple(tallies), overall)


def document_status(root: Path, rev: str | None = None) -> Status:
    """Return the status of the document at *root* as it is at *rev* (default: working)."""

    return status_of(load_revision(root, rev), rev or "working")


def revisions_status(root: Path) -> list[Status]:
    """Return the status at every revision issued, then of the working text."""

    out = []
    for r in list_revisions(root):
        out.append(replace_name(status_of(load_at(root, r.tag)), revision_label(r.name)))
    out.append(replace_name(document_status(root), "working text"))
    return out


def replace_name(s: Status, revision: str) -> Status:
    """*s* named after the revision it is."""
    return Status(s.document, revision, s.sections, s.overall)


def as_json(data: Status | list[Status]) -> Any:
    """The JSON form: dataclasses as dictionaries, each tally with its agreed share."""

    def one(s: Status) -> dict[str, Any]:
        d = asdict(s)
        for t, raw in zip((*s.sections, s.overall), (*d["sections"], d["overall"]), strict=True):
            raw["agreed_share"] = round(t.agreed_share, 4)
        return d

    return [one(s) for s in data] if isinstance(data, list) else one(data)


def chart_html(statuses: list[Status]) -> str:
    """A self-contained HTML page: a stacked bar per revision (adopted, agreed, bracketed)."""
    svg = chart_svg(statuses)
    table = "".join(
        f"<tr><td>{escape(s.revision)}</td><td>{s.overall.paragraphs}</td>"
        f"<td>{s.overall.adopted}</td><td>{s.overall.agreed_ad_ref}</td>"
        f"<td>{s.overall.bracketed}</td><td>{s.overall.pending}</td>"
        f"<td>{s.overall.contested}</td></tr>"
        for s in statuses
    )
    name = statuses[0].document if statuses else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>Status of {escape(name)} by revision</title><style>"
        "body{font-family:'Liberation Sans','DejaVu Sans',sans-serif;margin:1em}"
        "svg{max-width:100%;height:auto}table{border-collapse:collapse}"
        "td,th{border:0.5pt solid #999;padding:2px 6px;text-align:right}"
        "td:first-child{text-align:left}h2{font-size:1.1em;margin-top:1.5em}</style></head><body>"
        f"<h1>How far the negotiation is: {escape(name)}</h1>{svg}"
        "<table><thead><tr><th>Revision</th><th>Paragraphs</th><th>Adopted</th>"
        "<th>Agreed ad ref</th><th>Bracketed</th><th>Pending proposals</th><th>Contested</th>"
        f"</tr></thead><tbody>{table}</tbody></table>"
        f"<h2>By section</h2>{sections_table_html(statuses)}</body></html>\n"
    )


def by_section(statuses: list[Status]) -> list[tuple[str, list[Tally | None]]]:
    """Each section (by name, in the order they first appear) with its tally at each
    of *statuses* (None where the section did not exist yet)."""
    names: list[str] = []
    for s in statuses:
        names.extend(t.name for t in s.sections if t.name not in names)
    return [
        (name, [next((t for t in s.sections if t.name == name), None) for s in statuses])
        for name in names
    ]


def sections_table_html(statuses: list[Status]) -> str:
    """An HTML table: a row per section, a column per revision, the agreed share and
    the pending proposals in each cell (escaped)."""
    head = "".join(f'<th class="n">{escape(s.revision)}</th>' for s in statuses)
    rows = []
    for name, tallies in by_section(statuses):
        cells = "".join(
            '<td class="n">–</td>'
            if t is None
            else f'<td class="n">{round(100 * t.agreed_share)} %'
            f"<br><small>{t.pending} pending</small></td>"
            for t in tallies
        )
        rows.append(f"<tr><td>{escape(name)}</td>{cells}</tr>")
    return (
        '<table class="list sections"><thead><tr><th>Section: agreed share</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def chart_svg(statuses: list[Status]) -> str:
    """The chart as SVG: a stacked bar per revision (black: adopted; hatched: agreed ad
    ref; white: bracketed), shapes that survive black-and-white print."""
    width, bar_h, label_w = 640, 22, 110
    height = bar_h * len(statuses) + 40
    fills = {"adopted": "#000", "agreed ad ref": "url(#hatch)", "bracketed": "#fff"}
    rows = []
    for i, s in enumerate(statuses):
        t, y, x = s.overall, 10 + i * bar_h, float(label_w)
        rows.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(s.revision)}</text>'
        )
        for key, n in (
            ("adopted", t.adopted),
            ("agreed ad ref", t.agreed_ad_ref),
            ("bracketed", t.bracketed),
        ):
            w = (width - label_w - 200) * (n / t.paragraphs if t.paragraphs else 0)
            if w:
                rows.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="16" fill="{fills[key]}" '
                    f'stroke="#000" stroke-width="0.8"><title>{key}: {n}</title></rect>'
                )
            x += w
        rows.append(
            f'<text x="{x + 6:.1f}" y="{y + 14}">{round(100 * t.agreed_share)} % agreed, '
            f"{t.pending} pending</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="Agreed share by revision">'
        + HATCH
        + '<g font-family="Liberation Sans, DejaVu Sans, sans-serif" font-size="12">'
        + "".join(rows)
        + f'<text x="{label_w}" y="{height - 6}" fill="#444">Black: adopted; hatched: agreed ad '
        "ref; white: bracketed.</text></g></svg>"
    )
