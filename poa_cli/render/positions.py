"""The negotiation at a glance: who stands where on each pending proposal.

``poa render --view positions``: a matrix of States and groups (rows, grouped
by the UN regional group, the negotiating groups and organisations apart)
against the pending proposals (columns, in the order of the paragraphs they
concern): proposed, co-sponsored, supported, objected, in shapes that survive
black-and-white print (a filled disc, a filled square, a ring, a cross), with
totals; and a bar per paragraph of how many proposals are pending and how many
of them are contested (someone objects).

The view model (:class:`Positions`) asks the engine and the registry; the
writers (HTML, SVG, JSON; PDF through the HTML) only place it. Everything is
escaped; nothing is fetched.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from html import escape

from poa_cli.domain.model import Amendment, Document, submission_order
from poa_cli.render.people import People, paragraph_refs, target_ref, un_date

SCHEMA_POSITIONS = "poa/positions/1"

#: The stances a cell shows, strongest first (a State that proposes and also
#: supports is shown as proposing).
STANCES: tuple[str, ...] = ("proposed", "co-sponsored", "supported", "objected")
#: The UN regional groups, the rows' first grouping.
REGIONAL_GROUPS: tuple[str, ...] = ("AFRICAN", "APG", "EEG", "GRULAC", "WEOG")


@dataclass(frozen=True)
class Column:
    """A pending proposal: its id, the paragraph it concerns, who leads it."""

    amendment: str
    paragraph: str
    by: str
    contested: bool


@dataclass(frozen=True)
class Row:
    """A State or group: its stance on each column ("" where it has none), and totals."""

    code: str
    name: str
    cells: tuple[str, ...]
    totals: dict[str, int]


@dataclass(frozen=True)
class RowGroup:
    """Rows under a heading: a regional group, or "Groups and organizations"."""

    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Bar:
    """A paragraph: how many proposals are pending on it, and how many contested."""

    paragraph: str
    pending: int
    contested: int


@dataclass(frozen=True)
class Positions:
    """The whole matrix, its totals per column and the bars per paragraph."""

    document: str
    symbol: str
    title: str
    date: str
    columns: tuple[Column, ...]
    groups: tuple[RowGroup, ...]
    column_totals: tuple[dict[str, int], ...]
    bars: tuple[Bar, ...]
    schema: str = field(default=SCHEMA_POSITIONS)


def _stances(a: Amendment) -> dict[str, str]:
    """Code → stance on *a*; proposing outranks supporting, which outranks objecting."""
    out: dict[str, str] = {}

    def put(code: str, stance: str) -> None:
        if code not in out or STANCES.index(stance) < STANCES.index(out[code]):
            out[code] = stance

    for i, code in enumerate(a.proposed_by):
        put(code, "proposed" if i == 0 else "co-sponsored")
    if a.on_behalf_of:
        put(a.on_behalf_of, "proposed")
    for code in a.supported_by:
        put(code, "supported")
    for code in a.opposed_by:
        put(code, "objected")
    return out


def build_positions(doc: Document, people: People) -> Positions:
    """Return the positions matrix of *doc*'s pending proposals by States and groups."""

    refs = paragraph_refs(doc.meta, doc.clauses)
    order = {cid: i for i, cid in enumerate(doc.meta.clause_order())}
    pending = [
        a
        for a in doc.amendments.values()
        if a.status == "proposed" and not people.is_stakeholder(a)
    ]

    def place(a: Amendment) -> int:  # a sub-amendment: its amendment's place
        return order.get(doc.clause_of(a.target), len(order))

    pending.sort(key=lambda a: (place(a), submission_order(a)))
    stances = [_stances(a) for a in pending]
    columns = tuple(
        Column(a.id, target_ref(a.target, refs), people.by(a), bool(a.opposed_by)) for a in pending
    )
    codes = list(dict.fromkeys(code for s in stances for code in s))
    # Each State's row, filled from the stances (not a look-up per row and column).
    by_code = {code: [""] * len(stances) for code in codes}
    counted: dict[str, Counter[str]] = {code: Counter() for code in codes}
    for j, s in enumerate(stances):
        for code, stance in s.items():
            by_code[code][j] = stance
            counted[code][stance] += 1
    registry = people.registry
    region_of: dict[str, str] = {}
    for g in REGIONAL_GROUPS:
        p = registry.get(g)
        for member in p.members if p is not None else ():
            region_of.setdefault(member, g)
    buckets: dict[str, list[str]] = {g: [] for g in (*REGIONAL_GROUPS, "", "groups")}
    for code in codes:
        p = registry.get(code)
        if p is not None and p.is_group:
            buckets["groups"].append(code)
        else:
            buckets[region_of.get(code, "")].append(code)
    groups = []
    for key, members in buckets.items():
        if not members:
            continue
        if key == "groups":
            heading = "Groups and organizations"
        elif key:
            heading = registry.name(key)
        else:
            heading = "Other States"
        rows = []
        for code in sorted(members, key=registry.name):
            cells = tuple(by_code[code])
            counts = counted[code]
            rows.append(Row(code, registry.name(code), cells, {k: counts[k] for k in STANCES}))
        groups.append(RowGroup(heading, tuple(rows)))
    totals = tuple({k: list(s.values()).count(k) for k in STANCES} for s in stances)
    bars: dict[str, list[int]] = {}
    for c in columns:
        paragraph = (
            c.paragraph.split(" (", 1)[0] if c.paragraph.startswith("paragraph") else c.paragraph
        )
        bar = bars.setdefault(paragraph, [0, 0])
        bar[0] += 1
        bar[1] += c.contested
    return Positions(
        document=doc.meta.id,
        symbol=doc.meta.symbol,
        title=doc.meta.title,
        date=un_date(doc.meta.date),
        columns=columns,
        groups=tuple(groups),
        column_totals=totals,
        bars=tuple(Bar(p, n, k) for p, (n, k) in bars.items()),
    )


# --------------------------------------------------------------------------- writers

#: A black-and-white hatching (SVG pattern "hatch") for the contested part of a bar.
HATCH = (
    '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="2" height="4" fill="#000"/></pattern></defs>'
)

#: One shape per stance, drawn in SVG (no font needed; black and white safe).
_SHAPES = {
    "proposed": '<circle cx="6" cy="6" r="4.5" fill="#000"/>',
    "co-sponsored": '<rect x="2" y="2" width="8" height="8" fill="#000"/>',
    "supported": '<circle cx="6" cy="6" r="4" fill="none" stroke="#000" stroke-width="1.4"/>',
    "objected": '<path d="M2.5 2.5L9.5 9.5M9.5 2.5L2.5 9.5" stroke="#000" stroke-width="1.8"/>',
}


def _symbol_defs() -> str:
    return "".join(
        f'<symbol id="s-{k}" viewBox="0 0 12 12">{shape}</symbol>' for k, shape in _SHAPES.items()
    )


def _icon(stance: str) -> str:
    return f'<svg class="i" viewBox="0 0 12 12" aria-hidden="true">{_SHAPES[stance]}</svg>'


def bars_svg(bars: Sequence[Bar], width: int = 640) -> str:
    """A horizontal bar per paragraph: pending proposals, the contested part hatched."""
    if not bars:
        return ""
    row, label_w = 18, 150
    most = max(b.pending for b in bars) or 1
    scale = (width - label_w - 130) / most
    height = row * len(bars) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-label="Pending proposals by paragraph">',
        HATCH,
        '<g font-family="Liberation Sans, DejaVu Sans, sans-serif" font-size="11">',
    ]
    for i, b in enumerate(bars):
        y = i * row + 4
        whole = max(b.pending * scale, 1)
        hatched = b.contested * scale
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end">{escape(b.paragraph)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{whole:.1f}" height="13" fill="#fff" '
            f'stroke="#000" stroke-width="0.8"/>'
        )
        if hatched:
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{hatched:.1f}" height="13" fill="url(#hatch)" '
                f'stroke="#000" stroke-width="0.8"/>'
            )
        parts.append(
            f'<text x="{label_w + whole + 4:.1f}" y="{y + 11}">{b.pending}'
            f"{f' ({b.contested} contested)' if b.contested else ''}</text>"
        )
    parts.append(
        f'<text x="{label_w}" y="{height - 4}" fill="#444">White: pending; hatched: contested '
        "(someone objects).</text></g></svg>"
    )
    return "".join(parts)


#: The matrix's stylesheet (its page, and ``poa site``'s positions page).
CSS = """
body { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; margin: 1em; color: #000; }
h1 { font-size: 1.2em; margin: 0 0 0.2em; } .sub { margin: 0 0 1em; color: #444; }
.legend span { margin-right: 1.2em; white-space: nowrap; }
svg.i { width: 0.9em; height: 0.9em; vertical-align: -0.1em; }
.wrap { overflow: auto; max-width: 100%; }
table.m { border-collapse: collapse; font-size: 11px; }
table.m th, table.m td { border: 0.5pt solid #999; padding: 1px 3px; text-align: center; }
table.m th.s, table.m td.s { text-align: left; white-space: nowrap; position: sticky; left: 0;
  background: #fff; }
table.m thead th { position: sticky; top: 0; background: #fff; }
table.m th.v { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; }
table.m tr.g th { text-align: left; background: #eee; }
table.m td.t, table.m th.t { font-weight: bold; }
td.c { color: #fff; } td.c svg { color: #000; }
@media (max-width: 36em) { body { margin: 0.5em; } }
@page { size: A4 landscape; margin: 1.2cm; }
"""


#: How many proposals a printed table shows: an A4 landscape page takes the names,
#: this many columns and the four totals at a readable size (``positions_print_html``).
PRINT_COLUMNS = 30

#: The printed matrix: each part of the columns starts a page; its header rows
#: repeat on every page it runs over; cells are not shrunk.
PRINT_CSS = """
.wrap { overflow: visible; }
table.m { page-break-inside: auto; }
table.m thead { display: table-header-group; }
table.m tr { break-inside: avoid; }
table.m th.s, table.m td.s, table.m thead th { position: static; }
section.part + section.part { break-before: page; }
/* WeasyPrint has no vertical writing: narrow columns, the ids set small and
   broken across lines instead, so that a part's columns fit the page's width. */
table.m { font-size: 9px; }
table.m th.v { writing-mode: horizontal-tb; transform: none; font-size: 7px; line-height: 1.1;
  width: 20px; max-width: 20px; word-break: break-all; vertical-align: bottom; padding: 1px; }
table.m th.v.t { word-break: normal; width: auto; max-width: none; }
table.m td { padding: 1px; }
section.part h3 { font-size: 1em; margin: 0 0 0.4em; }
"""


def positions_html(p: Positions, columns: int | None = None) -> str:
    """A self-contained HTML page: legend, bars per paragraph, the matrix with totals.

    *columns*: at most that many proposals per table, each part on a page of
    its own with every row and group heading repeated (for print: see
    :func:`positions_print_html`); None: one table, scrolled on a screen.
    """
    title = f"Positions on pending proposals: {p.symbol}"
    css = CSS + (PRINT_CSS if columns else "")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        f"<h1>{escape(title)}</h1>{positions_body(p, columns)}</body></html>\n"
    )


def positions_print_html(p: Positions) -> str:
    """The page the PDF is laid out from: the matrix in parts of :data:`PRINT_COLUMNS`
    proposals, so that a wide matrix runs over pages instead of being cut or shrunk."""
    return positions_html(p, PRINT_COLUMNS)


def positions_body(p: Positions, columns: int | None = None) -> str:
    """The page's content under its title (escaped HTML): summary, legend, bars, matrix
    (in parts of at most *columns* proposals when given)."""
    icons = {k: _icon(k) for k in STANCES}
    n = len(p.columns)
    legend = "".join(f"<span>{icons[k]} {k}</span>" for k in STANCES)
    size = columns if columns else max(n, 1)
    spans = [(lo, min(lo + size, n)) for lo in range(0, n, size)] or [(0, 0)]
    if len(spans) == 1:
        matrix = f'<div class="wrap">{_matrix(p, 0, n, icons)}</div>'
    else:
        matrix = "".join(
            f'<section class="part"><h3>Proposals {lo + 1}–{hi} of {n}: '
            f"{escape(p.columns[lo].paragraph)} to {escape(p.columns[hi - 1].paragraph)}</h3>"
            f'<div class="wrap">{_matrix(p, lo, hi, icons)}</div></section>'
            for lo, hi in spans
        )
    return (
        f'<p class="sub">{escape(p.title)}'
        f"{' — ' + escape(p.date) if p.date else ''}: {n} pending proposals, "
        f"{sum(c.contested for c in p.columns)} contested.</p>"
        f'<p class="legend">{legend}</p>'
        f"<h2>Pending proposals by paragraph</h2>{bars_svg(p.bars)}"
        f"<h2>States and groups</h2>{matrix}"
    )


def _matrix(p: Positions, lo: int, hi: int, icons: dict[str, str]) -> str:
    """The table of columns *lo* to *hi*: every row under its group heading, the totals
    of each row over all proposals, the totals of each column."""
    cells = {"": "<td></td>", **{k: f'<td title="{k}">{icons[k]}</td>' for k in STANCES}}
    shown = p.columns[lo:hi]
    head = "".join(
        f'<th class="v" title="{escape(c.paragraph)}: {escape(c.by)}">{escape(c.amendment)}'
        f"{' ✕' if c.contested else ''}</th>"
        for c in shown
    )
    paragraphs: list[tuple[str, int]] = []
    for c in shown:
        if paragraphs and paragraphs[-1][0] == c.paragraph:
            paragraphs[-1] = (c.paragraph, paragraphs[-1][1] + 1)
        else:
            paragraphs.append((c.paragraph, 1))
    para_head = "".join(f'<th colspan="{k}">{escape(t)}</th>' for t, k in paragraphs)
    body: list[str] = []
    for g in p.groups:
        body.append(
            f'<tr class="g"><th class="s" colspan="{len(shown) + 5}">{escape(g.heading)}</th></tr>'
        )
        for r in g.rows:
            totals = "".join(f'<td class="t">{r.totals[k] or ""}</td>' for k in STANCES)
            body.append(
                f'<tr><td class="s">{escape(r.name)}</td>'
                + "".join(map(cells.__getitem__, r.cells[lo:hi]))
                + totals
                + "</tr>"
            )
    foot = [
        f'<tr><th class="s t">{icons[k]} {k.capitalize()}</th>'
        + "".join(f"<td>{t[k] or ''}</td>" for t in p.column_totals[lo:hi])
        + '<td colspan="4"></td></tr>'
        for k in STANCES
    ]
    return (
        '<table class="m"><thead>'
        f'<tr><th class="s"></th>{para_head}<th colspan="4">Totals</th></tr>'
        f'<tr><th class="s">State or group</th>{head}'
        + "".join(f'<th class="v t">{k}</th>' for k in STANCES)
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody><tfoot>"
        + "".join(foot)
        + "</tfoot></table>"
    )


def positions_svg(p: Positions) -> str:
    """The matrix and the bars as one standalone SVG picture."""
    cell, name_w, top = 14, 190, 70
    lines: list[tuple[str, Row | None]] = []
    for g in p.groups:
        lines.append((g.heading, None))
        lines.extend((r.name, r) for r in g.rows)
    width = name_w + cell * max(len(p.columns), 1) + 20
    matrix_h = top + cell * len(lines) + 10
    bars = bars_svg(p.bars, max(width, 480))
    bars_h = 18 * len(p.bars) + 24 if p.bars else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {max(width, 480)} '
        f'{matrix_h + bars_h + 30}" width="{max(width, 480)}" height="{matrix_h + bars_h + 30}">',
        f"<title>Positions on pending proposals: {escape(p.symbol)}</title>",
        f"<defs>{_symbol_defs()}</defs>",
        '<g font-family="Liberation Sans, DejaVu Sans, sans-serif" font-size="10">',
    ]
    for j, c in enumerate(p.columns):
        x = name_w + j * cell + cell / 2
        parts.append(
            f'<text transform="translate({x + 3:.1f},{top - 4}) rotate(-90)">'
            f"{escape(c.amendment)}</text>"
        )
    for i, (name, r) in enumerate(lines):
        y = top + i * cell
        weight = ' font-weight="bold"' if r is None else ""
        parts.append(f'<text x="2" y="{y + 10}"{weight}>{escape(name)}</text>')
        if r is None:
            continue
        for j, stance in enumerate(r.cells):
            if stance:
                parts.append(
                    f'<use href="#s-{stance}" x="{name_w + j * cell + 1}" y="{y + 1}" '
                    f'width="{cell - 2}" height="{cell - 2}"/>'
                )
    parts.append("</g>")
    if bars:
        parts.append(f'<g transform="translate(0,{matrix_h + 10})">{bars}</g>')
    parts.append("</svg>\n")
    return "".join(parts)


def positions_json(p: Positions) -> str:
    """The view model as JSON (keys in declaration order)."""
    return json.dumps(asdict(p), ensure_ascii=False, indent=1) + "\n"


def rows_of(p: Positions) -> Iterable[Row]:
    """Every row, group by group."""
    for g in p.groups:
        yield from g.rows
