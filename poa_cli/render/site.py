"""``poa site``: the negotiation as a static web site, every page made by poa's writers.

The pages (see :data:`PAGES` for the fixed ones):

- ``index.html``: where the negotiation stands (status by section), the
  revisions issued, links to everything else;
- ``compilation.html``, ``clean.html``, ``changes.html``: the working text's
  papers (the changes since the last revision issued);
- ``revisions/<rev>/clean.html`` and ``…/changes.html``: each revision's clean
  text and its changes from the revision before it;
- ``paragraphs/index.html`` and ``paragraphs/<clause>.html``: a page per
  paragraph with its blame, its history and its pending proposals;
- ``positions.html`` (the positions matrix), ``status.html`` (the chart by
  revision), ``search.html`` (a search that works offline: the index is a JSON
  block in the page, read by a few lines of script allowed by hash in the
  page's Content-Security-Policy).

The papers come from the render pipeline (:func:`poa_cli.render.paper_of`,
:func:`~poa_cli.render.html.render_html` with a navigation bar), the positions
matrix from :mod:`.positions`, the history and blame of every clause from one
timeline (:func:`poa_cli.actions.history.record`), the chart from
:mod:`poa_cli.actions.status`. Each revision is read and laid out once. Every
link is relative, nothing is loaded from the network, every text is escaped
(Jinja autoescape, the writers' own escaping).
"""

from __future__ import annotations

import base64
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from poa_cli.actions import history as hist
from poa_cli.actions import status as st
from poa_cli.actions.site import GENERATOR, MARKER
from poa_cli.domain.model import Document, footnote_target
from poa_cli.errors import PoaError
from poa_cli.render import Request, document_at, documents_at, paper_of, positions, views
from poa_cli.render.html import TemplateMissing, jinja_env, read_template, render_html
from poa_cli.render.inline import InlineText, runs_of
from poa_cli.render.model import AnnexEntry, NoteRef, Paper, Text
from poa_cli.render.parallel import AUTO_MIN_BYTES
from poa_cli.render.pdf import jobs_for
from poa_cli.render.people import People, paragraph_refs, un_date
from poa_cli.storage.revisions import WORKING, list_revisions

SCHEMA_SITE = "poa/site/1"
SITE_TEMPLATES = "site"

#: Called with the name of each stage as the build reaches it.
Progress = Callable[[str], None]


# --------------------------------------------------------------------------- text pieces


@dataclass(frozen=True)
class Piece:
    """A run of a clause's text as a reader sees it: no asterisks, no ``[^marker]``.

    ``op`` is equal, insert or delete (a history's change marks); ``key`` the
    number of its cause in the page's legend (0: none); ``note`` a footnote call.
    """

    text: str
    em: bool = False
    note: str = ""
    op: str = "equal"
    key: int = 0
    title: str = ""


def pieces(chunks: Sequence[tuple[str, str, int, str]]) -> list[Piece]:
    """Return the reader's runs of *chunks* (text, op, key, title) that make one text.

    Emphasis and footnote calls are resolved over the whole text, then cut at
    the chunks' bounds, so a blamed run that starts inside ``*Decides*`` stays
    italic.
    """
    whole = "".join(c[0] for c in chunks)
    inline = InlineText.of(whole)
    markers: dict[str, int] = {}

    def note(marker: str) -> NoteRef:
        return NoteRef(markers.setdefault(marker, len(markers) + 1), False)

    out: list[Piece] = []
    pos = 0
    for text, op, key, title in chunks:
        end = pos + len(text)
        for run in runs_of(inline, pos, end, note):
            if isinstance(run, Text):
                out.append(Piece(run.text, run.em, "", op, key, title))
            else:
                out.append(Piece("", False, str(run.number), op, key, title))
        pos = end
    return out


# --------------------------------------------------------------------------- page models


@dataclass(frozen=True)
class Link:
    """A link: the page it goes to (relative to the site's root) and its words."""

    href: str
    text: str


@dataclass(frozen=True)
class PartView:
    """One text of a paragraph (its own, a sub-paragraph, a footnote), as pieces."""

    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class EntryView:
    """One revision in a paragraph's history."""

    label: str
    date: str
    revision_href: str
    lines: tuple[str, ...]
    parts: tuple[PartView, ...]
    exists: bool


@dataclass(frozen=True)
class ParagraphPage:
    """A page per paragraph: where it stands, who wrote each word, its history, proposals."""

    id: str
    ref: str
    status: str
    section: str
    current: bool
    printed: bool  # in the papers' text (an accepted amendment may delete it there)
    blame: tuple[PartView, ...]
    legend: tuple[tuple[int, str], ...]
    history: tuple[EntryView, ...]
    pending: tuple[AnnexEntry, ...]
    first_words: str
    procedures: tuple[str, ...] = ()


@dataclass(frozen=True)
class RevisionRow:
    """A revision issued: its label, date, symbol, and its pages."""

    name: str
    label: str
    date: str
    symbol: str
    clean: str
    changes: str
    applied: int


@dataclass
class Site:
    """Everything the pages show, prepared before any page is written."""

    doc: Document
    title: str
    symbol: str
    revisions: list[RevisionRow] = field(default_factory=list)
    paragraphs: list[ParagraphPage] = field(default_factory=list)
    status: st.Status | None = None
    by_revision: list[st.Status] = field(default_factory=list)


# --------------------------------------------------------------------------- building


def _part_label(part: str, clause: str, refs: Mapping[str, str], notes: list[str]) -> str:
    if part == clause:
        return ""
    fn = footnote_target(part)
    if fn is not None:
        notes.append(fn[1])
        return f"footnote {len(notes)}"
    return refs.get(part, part)


def _blame_view(b: hist.Blame, refs: Mapping[str, str]) -> tuple[tuple[PartView, ...], list[str]]:
    legend: list[str] = []
    parts = []
    notes: list[str] = []
    for part in b.parts:
        chunks: list[tuple[str, str, int, str]] = []
        carry = ""  # a run's trailing space goes with the next run: its mark ends on a word
        for run in part.runs():
            said = run.cause.describe()
            if said not in legend:
                legend.append(said)
            words = run.text.rstrip()
            chunks.append((carry + words, "equal", legend.index(said) + 1, said))
            carry = run.text[len(words) :]
        if carry and chunks:
            text, op, key, said = chunks[-1]
            chunks[-1] = (text + carry, op, key, said)
        parts.append(PartView(_part_label(part.id, b.clause, refs, notes), tuple(pieces(chunks))))
    return tuple(parts), legend


def _history_view(
    h: hist.History, refs: Mapping[str, str], changes: frozenset[str]
) -> tuple[EntryView, ...]:
    out = []
    for e in h.entries:
        notes: list[str] = []
        parts = []
        for p in e.parts:
            if not (p.changed or e.first):
                continue
            chunks = [
                (s.text, s.op, 0, s.cause.describe() if s.cause is not None else "")
                for s in p.segments
            ]
            parts.append(PartView(_part_label(p.id, h.clause, refs, notes), tuple(pieces(chunks))))
        if e.revision == WORKING:
            href = "changes.html" if "" in changes else ""
        else:
            page = "changes" if e.revision in changes else "clean"
            href = f"revisions/{e.revision}/{page}.html"
        out.append(
            EntryView(e.label, e.date or "", href, tuple(e.describe()), tuple(parts), e.exists)
        )
    return tuple(out)


def _pending_by_clause(doc: Document, compilation: Paper) -> dict[str, list[AnnexEntry]]:
    parts = compilation.annex.parts if compilation.annex else ()
    entries = {e.id: e for part in parts for e in part.entries}
    out: dict[str, list[AnnexEntry]] = {}
    for a in doc.amendments.values():
        if a.status != "proposed" or a.id not in entries:
            continue
        target = doc.clause_of(a.target)
        fn = footnote_target(target)
        clause = fn[0] if fn is not None else target
        if a.action == "insert-clause" and a.clause is not None and clause not in doc.clauses:
            clause = a.clause.id
        out.setdefault(clause, []).append(entries[a.id])
    return out


def _first_words(text: str, n: int = 14) -> str:
    plain = "".join(p.text for p in pieces([(text, "equal", 0, "")]))
    words = plain.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def paragraph_pages(
    doc: Document, record: hist.Record, compilation: Paper, changes: frozenset[str]
) -> list[ParagraphPage]:
    """Return a page model per clause that ever existed, the working text's first.

    *changes* names the revisions that have a changes page ("" for the working text).
    """
    # Numbered as the papers number them: with the accepted amendments applied.
    cons, printed, _numbers = views.printed_layout(doc)
    refs = paragraph_refs(printed, cons.clauses)
    section_of = {}
    for i, s in enumerate(printed.sections):
        for cid in s.clauses:
            section_of[cid] = s.heading or ("Preamble" if i == 0 else s.id)
    pending = _pending_by_clause(doc, compilation)
    out = []
    # The working text's paragraphs in its order, then those deleted on the way.
    ordered = sorted(record.clauses, key=lambda cid: cid not in doc.clauses)
    for cid in ordered:
        h = record.histories[cid]
        b = record.blames.get(cid)
        blame, legend = _blame_view(b, refs) if b is not None else ((), [])
        clause = doc.clauses.get(cid)
        last = next((e.text for e in reversed(h.entries) if e.exists), "")
        out.append(
            ParagraphPage(
                id=cid,
                ref=refs.get(cid, "deleted paragraph"),
                status=(clause.status if clause is not None else "deleted"),
                section=section_of.get(cid, ""),
                current=clause is not None,
                printed=cid in cons.clauses,
                blame=blame,
                legend=tuple(enumerate(legend, 1)),
                history=_history_view(h, refs, changes),
                pending=tuple(pending.get(cid, ())),
                first_words=_first_words(clause.text if clause is not None else last),
                procedures=h.procedures,
            )
        )
    return out


def search_index(site: Site) -> list[dict[str, str]]:
    """The offline search's index: one entry per paragraph and per pending proposal.

    Each entry: ``u`` the page (relative to the site's root), ``t`` its title,
    ``x`` the words a reader sees (no inline syntax). A deleted paragraph is
    found by the words it last had.
    """
    out: list[dict[str, str]] = []
    for p in site.paragraphs:
        parts = p.blame or (p.history[-1].parts if p.history else ())
        words = " ".join("".join(x.text for x in part.pieces) for part in parts)
        title = f"{p.ref} ({p.id})" if p.current else f"{p.id} (deleted)"
        out.append({"u": f"paragraphs/{p.id}.html", "t": title, "x": " ".join(words.split())})
        for e in p.pending:
            out.append(
                {
                    "u": f"paragraphs/{p.id}.html#a-{e.id}",
                    "t": f"{e.id} ({e.proposed_by}) on {e.target}",
                    "x": " ".join(e.action.split()),
                }
            )
    return out


def _json_block(data: Any) -> Markup:
    """*data* as JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def script_hash(script: str) -> str:
    """The CSP source that allows exactly *script* inline (``'sha256-…'``)."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# --------------------------------------------------------------------------- writing


NAV: tuple[tuple[str, str], ...] = (
    ("index.html", "Overview"),
    ("compilation.html", "Compilation"),
    ("clean.html", "Clean text"),
    ("index.html#revisions", "Revisions"),
    ("paragraphs/index.html", "Paragraphs"),
    ("positions.html", "Positions"),
    ("status.html", "Status"),
)


class _Writer:
    """The site's Jinja environment and the pages written so far (path → bytes)."""

    def __init__(self, templates: Path, site: Site) -> None:
        folder = templates / SITE_TEMPLATES
        self.templates = templates
        self.env = jinja_env(folder)
        self.paper_env = jinja_env(templates)
        self.css = read_template(folder, "site.css")
        self.script = read_template(folder, "search.js")
        self.site = site
        self.files: dict[str, bytes] = {}

    def base(self, path: str) -> str:
        return "../" * path.count("/")

    def nav(self, path: str) -> str:
        here = path
        return str(
            self.env.get_template("nav.html.j2").render(
                base=self.base(path), nav=NAV, here=here, symbol=self.site.symbol
            )
        )

    def page(self, path: str, template: str, title: str, **context: Any) -> None:
        import jinja2

        try:
            html = self.env.get_template(template).render(
                base=self.base(path), path=path, title=title, site=self.site,
                css=Markup(self.css), nav_html=Markup(self.nav(path)), **context,
            )  # fmt: skip
        except jinja2.TemplateNotFound as exc:
            raise TemplateMissing(
                f"template {exc.name} is missing from {self.templates / SITE_TEMPLATES}",
                hint="reinstall poa, or restore the file",
            ) from None
        self.files[path] = html.encode("utf-8")

    def paper_html(self, path: str, paper: Paper) -> bytes:
        """*paper* as the page *path*: the paper's HTML with the site's bar."""
        nav = self.nav(path)
        extra = "\n/* poa site */\n" + self.css_nav()
        html = render_html(
            paper, self.templates, "screen", nav=nav, extra_css=extra, env=self.paper_env
        )
        return html.encode("utf-8")

    def css_nav(self) -> str:
        start = self.css.find("/* nav */")
        end = self.css.find("/* end nav */")
        return self.css[start:end] if start >= 0 and end > start else ""


def write_pages(
    site: Site, papers: Mapping[str, bytes], templates: Path, extra: Mapping[str, Any]
) -> dict[str, bytes]:
    """Return every file of the site (path relative to its root → bytes), the papers
    (already written, *papers*) included."""
    w = _Writer(templates, site)
    w.files.update(papers)
    w.page("index.html", "index.html.j2", site.title, **extra)
    w.page("paragraphs/index.html", "paragraphs.html.j2", f"Paragraphs: {site.symbol}")
    for p in site.paragraphs:
        w.page(f"paragraphs/{p.id}.html", "paragraph.html.j2", f"{p.ref}: {site.symbol}", p=p)
    w.page(
        "positions.html", "positions.html.j2", f"Positions on pending proposals: {site.symbol}",
        matrix=Markup(extra["positions_body"]), matrix_css=Markup(positions.CSS),
    )  # fmt: skip
    w.page(
        "status.html", "status.html.j2", f"How far the negotiation is: {site.symbol}",
        chart=Markup(st.chart_svg(site.by_revision)) if site.by_revision else "",
        sections_table=Markup(st.sections_table_html(site.by_revision)),
    )  # fmt: skip
    index = _json_block(search_index(site))
    w.page(
        "search.html", "search.html.j2", f"Search: {site.symbol}",
        index=index, script=Markup(w.script), script_hash=script_hash(w.script),
    )  # fmt: skip
    marker = {"schema": SCHEMA_SITE, "generator": GENERATOR, "document": site.doc.meta.id,
              "pages": len(w.files)}  # fmt: skip
    w.files[MARKER] = (json.dumps(marker, indent=1) + "\n").encode("utf-8")
    w.files[".nojekyll"] = b""
    return w.files


# --------------------------------------------------------------------------- the papers


@dataclass(frozen=True)
class _Task:
    """One paper of the site: where it goes, what it shows, from which documents.

    ``doc`` and ``before`` index :attr:`_Shared.docs` (None for ``before``: no
    earlier text).
    """

    path: str
    request: Request
    doc: int
    before: int | None = None


@dataclass
class _Shared:
    """What every paper needs, set before the worker processes are forked (they
    inherit it, so no document is pickled)."""

    site: Site
    templates: Path
    docs: list[Document]
    writer: _Writer | None = None


_SHARED: _Shared | None = None


def _write_paper(task: _Task) -> tuple[str, bytes | str]:
    """Lay out one paper (in a worker, or in-process); (path, HTML) or (path, error)."""
    shared = _SHARED
    assert shared is not None
    if shared.writer is None:
        shared.writer = _Writer(shared.templates, shared.site)
    before = shared.docs[task.before] if task.before is not None else None
    try:
        paper = paper_of(task.request, shared.docs[task.doc], before)
        return task.path, shared.writer.paper_html(task.path, paper)
    except PoaError as exc:  # PoaError's keyword arguments do not survive pickling
        return task.path, str(exc)


def _papers_in_parallel(tasks: list[_Task], workers: int) -> Callable[[], dict[str, bytes]]:
    """Start laying out *tasks* in *workers* forked processes; return the function that
    waits for them and returns path → HTML (raising the first PoaError)."""
    if workers <= 1 or not hasattr(os, "fork") or len(tasks) < 2:
        done = dict(map(_write_paper, tasks))
        return lambda: _collect(done)
    context = multiprocessing.get_context("fork")
    pool = context.Pool(min(workers, len(tasks)))
    pending = pool.map_async(_write_paper, tasks, chunksize=1)

    def wait() -> dict[str, bytes]:
        try:
            return _collect(dict(pending.get()))
        finally:
            pool.terminate()
            pool.join()

    return wait


def _collect(done: dict[str, bytes | str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for path, result in done.items():
        if isinstance(result, str):
            raise PoaError(f"{path}: {result}")
        out[path] = result
    return out


# --------------------------------------------------------------------------- the whole site


def build_site(
    root: Path, templates: Path, progress: Progress | None = None, jobs: int | None = None
) -> dict[str, bytes]:
    """Return every file of the site of the document at *root* (relative path → bytes).

    Reads each revision once, lays out each paper once (in *jobs* processes: 0
    or None is one per core, as ``--jobs`` for PDFs), and computes the history and
    blame of every clause from one timeline while the papers are laid out.
    Raises PoaError when the working files do not validate or a revision cannot
    be read.
    """
    global _SHARED
    step = progress or (lambda _stage: None)
    step("Reading the revisions")
    doc = document_at(root, None)
    revs = list_revisions(root)
    docs = documents_at(root, [r.tag for r in revs])
    site = Site(doc, doc.meta.title, doc.meta.symbol)
    tasks: list[_Task] = []
    by_revision: list[st.Status] = []
    for i, (r, at) in enumerate(zip(revs, docs, strict=True)):
        clean = f"revisions/{r.name}/clean.html"
        tasks.append(_Task(clean, Request(root, "clean", to_rev=r.tag), i))
        changes = ""
        if i > 0:
            changes = f"revisions/{r.name}/changes.html"
            request = Request(root, "changes", from_rev=revs[i - 1].tag, to_rev=r.tag)
            tasks.append(_Task(changes, request, i, i - 1))
        applied = sum(1 for a in at.amendments.values() if a.applied_in == r.name)
        row = RevisionRow(r.name, r.label, un_date(r.date), at.meta.symbol, clean, changes, applied)
        site.revisions.append(row)
        by_revision.append(st.replace_name(st.status_of(at), r.label))
    working = len(docs)
    tasks.append(_Task("clean.html", Request(root, "clean"), working))
    if revs:
        request = Request(root, "changes", from_rev=revs[-1].tag, to_rev=None)
        tasks.append(_Task("changes.html", request, working, working - 1))
    step("Preparing the papers")
    compilation = paper_of(Request(root, "compilation"), doc)
    _SHARED = _Shared(site, templates, [*docs, doc])
    try:
        # The longest papers first, so that no worker is left with one at the end.
        tasks.sort(key=lambda t: t.request.view != "changes")
        wait = _papers_in_parallel(tasks, jobs_for(AUTO_MIN_BYTES, jobs))
        html = _Writer(templates, site).paper_html("compilation.html", compilation)
        step("Reading the history of every paragraph")
        record = hist.record(root)
        with_changes = frozenset(
            "" if t.path == "changes.html" else t.path.split("/")[1]
            for t in tasks
            if t.request.view == "changes"
        )
        site.paragraphs = paragraph_pages(doc, record, compilation, with_changes)
        site.status = st.status_of(doc)
        site.by_revision = [*by_revision, st.replace_name(site.status, "working text")]
        matrix = positions.build_positions(doc, People.for_document(doc.meta))
        step("Laying out the papers")
        laid_out = wait()
    finally:
        _SHARED = None
    extra = {
        "positions_body": positions.positions_body(matrix),
        "has_changes": "changes.html" in laid_out,
        "latest": site.revisions[-1] if site.revisions else None,
        "generated": un_date(doc.meta.date),
    }
    step("Writing the pages")
    return write_pages(site, {**laid_out, "compilation.html": html}, templates, extra)
