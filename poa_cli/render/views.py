"""The three views of a document, prepared as a :class:`~poa_cli.render.model.Paper`.

Pure functions: documents in, view model out. No files, no templates, no output.

* :func:`clean` — the consolidated text: the document plus its accepted amendments.
* :func:`compilation` — that text with every pending proposal where it applies,
  bracketed and attributed; competing proposals as Alt 1, Alt 2 …; sub-amendments
  under their amendment; stakeholder proposals apart (only States propose formal
  amendments).
* :func:`changes` — the word-level changes from one text to another, every
  inserted and deleted run attributed to the amendment (and States) that caused
  it, or to the Chair (editorial) when no amendment explains it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from poa_cli.domain import amend, languages
from poa_cli.domain.consolidation import Consolidation, consolidate, part_texts
from poa_cli.domain.model import (
    AMENDMENT_ID_RE,
    FOOTNOTE_MARKER_RE,
    Amendment,
    Clause,
    Document,
    DocumentMeta,
    Item,
    Style,
    View,
    submission_order,
)
from poa_cli.domain.numbering import item_label, number_clauses, section_labels
from poa_cli.domain.provenance import attribute
from poa_cli.domain.textdiff import Segment, diff_words
from poa_cli.domain.translations import Localisation, footnote_unit, section_unit
from poa_cli.errors import PoaError
from poa_cli.render.inline import (
    InlineText,
    NoteBook,
    NoteResolver,
    marked_runs,
    plain_runs,
    refine,
    runs_of,
)
from poa_cli.render.model import (
    Alternative,
    Annex,
    AnnexEntry,
    AnnexPart,
    Attribution,
    Inline,
    LegendEntry,
    Mark,
    Masthead,
    Note,
    NoteRef,
    Paper,
    Paragraph,
    Proposal,
    Section,
    SubParagraph,
    Text,
)
from poa_cli.render.people import (
    EDITORIAL_SOURCE,
    People,
    describe,
    paragraph_refs,
    quote,
    target_ref,
    un_date,
)

VIEWS: tuple[str, ...] = tuple(View)
STYLES: tuple[str, ...] = tuple(Style)

#: The source name the changes view gives to changes no amendment explains.
CHAIR = "CHAIR"

_STATUS_LABELS = {
    "proposed": "Pending",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "superseded": "Superseded",
}
# UN numbering of paragraphs proposed between two others: 7 bis, 7 ter …
_LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies")


class EmptyDocument(PoaError):
    """The document has no clause to print."""


# --------------------------------------------------------------------------- shared


def is_adopted_symbol(symbol: str) -> bool:
    """True for the symbol of an adopted text (A/RES/78/16, S/RES/2686 (2023))."""
    return "/RES/" in symbol.upper()


def masthead(meta: DocumentMeta) -> Masthead:
    """Return the UN masthead for *meta*.

    An adopted resolution (A/RES/…) has no "Original:" line; one with an
    adoption date says by whom and when it was adopted, and closes with the
    meeting and date.
    """
    adoption = ""
    if meta.adopted is not None:
        kind = "Resolution" if meta.numbering == "resolution" else "Text"
        adoption = f"{kind} adopted by the {meta.body} on {un_date(meta.adopted)}"
    closing: tuple[str, ...] = ()
    if meta.meeting:
        closing = (meta.meeting, un_date(meta.adopted)) if meta.adopted else (meta.meeting,)
    return Masthead(
        organization="United Nations",
        body=meta.body,
        symbol=meta.symbol,
        distribution=meta.distribution,
        date=un_date(meta.date),
        original="" if is_adopted_symbol(meta.symbol) else meta.original_language,
        session=meta.session or "",
        agenda_item=meta.agenda_item or "",
        sponsors=meta.sponsors or "",
        draft_kind="draft resolution" if meta.numbering == "resolution" else "draft",
        sponsors_note=meta.sponsors_note or "",
        adoption=adoption,
        report=f"[{meta.report}]" if meta.report else "",
        closing=closing,
    )


def _check_not_empty(doc: Document) -> None:
    if not doc.ordered_clauses():
        raise EmptyDocument(
            f"{doc.meta.id} has no clauses: there is nothing to print",
            path=doc.root / "document.yaml",
            hint="add one with 'poa clause add'",
        )


# The last documents consolidated, and their consolidations: the clean view of a
# revision and its changes view (``poa site`` prints both) consolidate it once.
_RECENT: list[tuple[Document, Consolidation]] = []


def _consolidated(doc: Document) -> Consolidation:
    for seen, cons in _RECENT:
        if seen is doc:
            return cons
    cons = consolidate(doc.clauses, doc.meta.clause_order(), doc.amendments.values())
    _RECENT[:] = [(doc, cons), *_RECENT[:1]]
    return cons


def _placed_near(cons: Consolidation, amendments: Mapping[str, Amendment]) -> dict[str, str]:
    """Clauses the consolidation inserted or moved → the clause they now stand by."""
    near: dict[str, str] = {}
    for cid, aid in cons.inserted.items():
        a = amendments.get(aid)
        if a is not None and cid in cons.order:
            near[cid] = a.target
    for cid, aid in cons.moved.items():
        a = amendments.get(aid)
        if a is not None and a.destination:
            near[cid] = a.destination
    return near


@dataclass(frozen=True)
class _Layout:
    meta: DocumentMeta  # sections as printed
    numbers: dict[str, str]
    labels: dict[str, str]
    refs: dict[str, str]


def _layout(
    meta: DocumentMeta,
    clauses: Mapping[str, Clause],
    order: Sequence[str],
    near: Mapping[str, str],
) -> _Layout:
    """Put the clauses of *order* into the sections of *meta*, and number them.

    A clause that was inserted or moved joins the section of the clause it stands
    by (*near*); any other clause stays in its section.
    """
    section_of = {cid: s.id for s in meta.sections for cid in s.clauses}
    placed: dict[str, list[str]] = {s.id: [] for s in meta.sections}
    last = meta.sections[0].id if meta.sections else ""
    for cid in order:
        sid = None
        anchor, hops = cid, 0
        while anchor in near and hops < 50:
            anchor, hops = near[anchor], hops + 1
            sid = section_of.get(anchor)
            if sid is not None:
                break
        sid = sid or section_of.get(cid) or last
        placed.setdefault(sid, []).append(cid)
        last = sid
    sections = tuple(replace(s, clauses=tuple(placed[s.id])) for s in meta.sections)
    printed = replace(meta, sections=sections)
    numbers = {n.clause.id: n.number for n in number_clauses(printed, dict(clauses))}
    return _Layout(printed, numbers, section_labels(printed), paragraph_refs(printed, clauses))


def printed_layout(doc: Document) -> tuple[Consolidation, DocumentMeta, dict[str, str]]:
    """Return *doc* consolidated, its sections as printed, and the paragraph numbers.

    What every clean paper shows: the accepted amendments applied, inserted and
    moved clauses in the section of the clause they stand by.
    """
    cons = _consolidated(doc)
    lay = _layout(doc.meta, cons.clauses, cons.order, _placed_near(cons, doc.amendments))
    return cons, lay.meta, lay.numbers


def _sections(lay: _Layout, paragraphs: Mapping[str, list[Paragraph]]) -> tuple[Section, ...]:
    """The printed sections; *paragraphs* maps a section id to its paragraphs.

    A heading with no paragraph under it is printed too: a rolled-over text heads
    its annex "Annex I", then "Global Digital Compact", then the paragraphs.
    """
    out = []
    for s in lay.meta.sections:
        paras = paragraphs.get(s.id, [])
        if paras or s.heading:
            out.append(Section(s.id, lay.labels.get(s.id, ""), s.heading or "", tuple(paras)))
    return tuple(out)


#: Says a unit in the paper's language: (text, awaiting) from (unit id, original text).
Say = Callable[[str, str], tuple[str, bool]]


def _as_is(_unit: str, original: str) -> tuple[str, bool]:
    return original, False


def _plain_items(
    items: Sequence[Item],
    notes: NoteResolver,
    depth: int = 0,
    say: Say = _as_is,
    lang: str = "en",
) -> tuple[SubParagraph, ...]:
    out = []
    for i, it in enumerate(items, start=1):
        text, awaiting = say(it.id, it.text)
        out.append(
            SubParagraph(
                it.id,
                item_label(depth, i) if lang == "en" else languages.item_label(depth, i, lang),
                depth,
                tuple(plain_runs(text, notes)),
                _plain_items(it.items, notes, depth + 1, say, lang),
                awaiting=awaiting,
            )
        )
    return tuple(out)


def _entry(a: Amendment, people: People, refs: Mapping[str, str]) -> AnnexEntry:
    return AnnexEntry(
        id=a.id,
        target=target_ref(a.target, refs),
        action=describe(a, refs),
        proposed_by=people.by(a),
        supported_by=people.names(a.supported_by),
        opposed_by=people.names(a.opposed_by),
        status=_STATUS_LABELS.get(a.status, a.status),
        submitted=un_date(a.submitted),
        session=a.session or "",
        rationale=" ".join((a.rationale or "").split()),
    )


def _annex(
    title: str,
    parts: Iterable[tuple[str, Iterable[Amendment]]],
    people: People,
    refs: Mapping[str, str],
) -> Annex | None:
    built = []
    for heading, amendments in parts:
        entries = tuple(_entry(a, people, refs) for a in sorted(amendments, key=submission_order))
        if entries:
            built.append(AnnexPart(heading, entries))
    return Annex(title, tuple(built)) if built else None


def _paper(
    doc: Document,
    view: str,
    style: str,
    subtitle: str,
    sections: tuple[Section, ...],
    book: NoteBook,
    *,
    legend: tuple[LegendEntry, ...] = (),
    stakeholders: tuple[Note, ...] = (),
    unplaced: tuple[Note, ...] = (),
    annex: Annex | None = None,
    revisions: tuple[str, str] = ("working", "working"),
) -> Paper:
    meta = doc.meta
    return Paper(
        document=meta.id,
        view=view,
        style=style,
        language=(meta.languages or ("en",))[0],
        masthead=masthead(meta),
        title=meta.title,
        subtitle=subtitle,
        note=meta.note or "",
        opening=meta.opening or "",
        sections=sections,
        footnotes=tuple(book.entries),
        legend=legend,
        stakeholders=stakeholders,
        unplaced=unplaced,
        annex=annex,
        created=meta.date.isoformat() if meta.date else "",
        revisions=revisions,
    )


def _revision_name(rev: str) -> str:
    """How a paper names a revision: "Rev.2", "the zero draft", "the current text"."""
    if rev == "working":
        return "the current text"
    name = rev.rpartition("/")[2] if rev.count("/") == 1 else rev
    m = re.match(r"^rev[-.]?(\d{1,6})$", name, re.IGNORECASE)
    if m is None:
        return name
    return "the zero draft" if int(m.group(1)) == 0 else f"Rev.{int(m.group(1))}"


# --------------------------------------------------------------------------- clean


def clean(
    doc: Document,
    people: People,
    revision: str = "working",
    localisation: Localisation | None = None,
) -> Paper:
    """Return the clean view: *doc*'s text with its accepted amendments applied.

    With *localisation*, the paper is that language's version: each unit in its
    current translation, or in the original marked ``awaiting`` when the
    translation is missing or stale (never the outdated translation); the
    masthead, numbering and lettering as that language's UN texts print them;
    no annex (the amendments it lists quote the negotiating text, in English).
    Raises EmptyDocument when there is no clause, and the consolidation's
    Conflict when two accepted amendments cannot both apply.
    """
    _check_not_empty(doc)
    cons = _consolidated(doc)
    lay = _layout(doc.meta, cons.clauses, cons.order, _placed_near(cons, doc.amendments))
    lang = localisation.lang if localisation is not None else "en"
    say = _sayer(localisation)
    book = NoteBook()
    paragraphs: dict[str, list[Paragraph]] = {}
    for s in lay.meta.sections:
        for cid in s.clauses:
            c = cons.clauses[cid]
            notes = book.resolver(cid, *_footnotes(c, say))
            text, awaiting = say(cid, c.text)
            paragraphs.setdefault(s.id, []).append(
                Paragraph(
                    c.id,
                    c.kind,
                    lay.numbers.get(cid, ""),
                    tuple(plain_runs(text, notes)),
                    _plain_items(c.items, notes, 0, say, lang),
                    status=c.status,
                    awaiting=awaiting,
                )
            )
    name = _revision_name(revision)
    if localisation is not None:
        sections = _localised_sections(lay, paragraphs, say, lang)
        words = languages.locale(lang)
        subtitle = words.consolidated + ("" if revision == "working" else f" ({name})")
        paper = _paper(doc, "clean", "", subtitle, sections, book, revisions=(revision, revision))
        return _localised(paper, doc.meta, say, lang)
    accepted = [a for a in doc.amendments.values() if a.status == "accepted"]
    annex = _annex(
        "Amendments incorporated in this text",
        [("Accepted amendments", accepted)],
        people,
        lay.refs,
    )
    subtitle = "Consolidated text" + ("" if revision == "working" else f" ({name})")
    return _paper(
        doc, "clean", "", subtitle, _sections(lay, paragraphs), book, annex=annex,
        revisions=(revision, revision),
    )  # fmt: skip


def _sayer(localisation: Localisation | None) -> Say:
    if localisation is None:
        return _as_is

    def say(unit: str, original: str) -> tuple[str, bool]:
        text = localisation.text(unit, original)
        return (original, True) if text is None else (text, False)

    return say


def _footnotes(
    c: Clause, say: Say
) -> tuple[Callable[[str], str | None], None, Callable[[str], bool] | None]:
    """The footnote texts of *c* in the paper's language, and which are awaiting translation."""
    if say is _as_is:
        return c.footnote, None, None

    def text(marker: str) -> str | None:
        original = c.footnote(marker)
        return None if original is None else say(footnote_unit(c.id, marker), original)[0]

    def awaiting(marker: str) -> bool:
        original = c.footnote(marker)
        return original is not None and say(footnote_unit(c.id, marker), original)[1]

    return text, None, awaiting


def _localised_sections(
    lay: _Layout, paragraphs: Mapping[str, list[Paragraph]], say: Say, lang: str
) -> tuple[Section, ...]:
    """The printed sections with headings in the paper's language and its section numbers."""
    out = []
    headed = 0
    for s in lay.meta.sections:
        if s.heading:
            headed += 1
        paras = paragraphs.get(s.id, [])
        if not paras:
            continue
        label = ""
        if lay.labels.get(s.id):
            label = languages.section_label(headed, lang)
        heading = say(section_unit(s.id), s.heading)[0] if s.heading else ""
        out.append(Section(s.id, label, heading, tuple(paras)))
    return tuple(out)


def _localised(paper: Paper, meta: DocumentMeta, say: Say, lang: str) -> Paper:
    """*paper* with its masthead, title and front matter in *lang* (see domain/languages)."""
    original = languages.language_code(meta.original_language) or "en"

    def word(unit: str, value: str | None) -> str:
        return say(unit, value)[0] if value else ""

    head = paper.masthead
    masthead = Masthead(
        organization=languages.organization(lang),
        body=languages.body(meta.body, lang) or word("body", meta.body),
        symbol=head.symbol,
        distribution=languages.distribution(meta.distribution, lang),
        date=languages.un_date(meta.date, lang),
        original=languages.original_name(original, lang),
        session=word("session", meta.session),
        agenda_item=word("agenda-item", meta.agenda_item),
    )
    return replace(
        paper,
        language=lang,
        locale=languages.locale(lang, original),
        masthead=masthead,
        title=word("title", meta.title),
        note=word("note", meta.note),
        opening=word("opening", meta.opening),
    )


# --------------------------------------------------------------------------- compilation


@dataclass(frozen=True)
class _Placed:
    """A text proposal placed in a text: where it goes, the text it would give, and
    what it claims of the text (the engine's :class:`~poa_cli.domain.amend.Claim`,
    whose rule decides which proposals compete)."""

    amendment: Amendment
    start: int
    end: int
    result: str
    claim: amend.Claim

    def competes(self, other: _Placed) -> bool:
        """True when both cannot apply (asked of the engine)."""
        return self.claim.competes(other.claim)


def _place(text: str, a: Amendment, where: str) -> _Placed:
    """Return where *a* applies in *text*; raises the engine's PoaError when it cannot."""
    # A footnote the proposed words carry is printed beside them (see alternative()).
    shown = replace(a, footnote=None) if a.footnote is not None else a
    result = amend.apply_to_text(text, shown, where=where)
    span = None
    if a.action == "append-text":
        start = end = amend.append_point(text)
    else:
        assert a.anchor is not None  # apply_to_text refused anchor-less text actions
        span = amend.locate(text, a.anchor, where=where)
        if a.action in ("replace-text", "delete-text"):
            start, end = span.start, span.end
        elif a.action == "insert-text" and a.position == "before":
            start = end = span.start
        else:  # insert after, add-footnote: after the markers that stick to the word
            start = end = amend.skip_markers(text, span.end)
    claim = amend.claim(text, a, span)
    assert claim is not None  # a text action whose anchor was just located
    return _Placed(a, start, end, result, claim)


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # bisect on slices: compared at C speed
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, max(0, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass(frozen=True)
class _Site:
    """A place in a text that one or more proposals change: ``text[start:end]``."""

    start: int
    end: int
    placed: tuple[_Placed, ...]

    @property
    def alternatives(self) -> bool:
        """True when proposals here compete (Alt 1, Alt 2 …); else they stand side by side."""
        return any(p.competes(q) for i, p in enumerate(self.placed) for q in self.placed[i + 1 :])

    def alt_bounds(self, text: str, p: _Placed) -> tuple[int, int]:
        """Where this site's words are in *p*'s result."""
        return self.start, len(p.result) - (len(text) - self.end)


def _region(text: str, group: Sequence[_Placed]) -> tuple[int, int]:
    """The span of *text* that holds every change of the proposals of *group*.

    At least the spans they claim; wider only where a result differs from the
    text outside them (never narrower, so each result's words at the site can be
    cut out by the text's unchanged head and tail).
    """
    start = min(p.start for p in group)
    end = max(p.end for p in group)
    for p in group:
        cp = min(_common_prefix(text, p.result), start)
        cs = _common_suffix(text, p.result, min(len(text), len(p.result)) - cp)
        start = min(start, cp)
        end = max(end, len(text) - cs)
    return start, end


def _sites(text: str, placed: Sequence[_Placed]) -> list[_Site]:
    """Group the proposals placed in *text* into sites: competing ones share one."""
    if not placed:
        return []
    parent = list(range(len(placed)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    for i, p in enumerate(placed):
        for j in range(i + 1, len(placed)):
            if p.competes(placed[j]):
                union(i, j)
    while True:
        groups: dict[int, list[_Placed]] = {}
        for i, p in enumerate(placed):
            groups.setdefault(find(i), []).append(p)
        regions = sorted(
            ((*_region(text, g), k) for k, g in groups.items()), key=lambda r: (r[0], r[1])
        )
        merged = False
        for (s1, e1, k1), (s2, e2, k2) in pairwise(regions):
            if s2 < e1 or (s1 == e1 == s2 == e2):
                union(k1, k2)
                merged = True
        if not merged:
            return [_Site(s, e, tuple(groups[k])) for s, e, k in regions]


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class _Compiler:
    """Builds the compilation view of one document (state shared by its helpers)."""

    doc: Document
    people: People
    style: str
    book: NoteBook
    refs: dict[str, str]
    subs: dict[str, list[Amendment]]

    def attribution(self, a: Amendment) -> Attribution:
        return self.people.of(a)

    def alternative(
        self,
        text: str,
        ann: InlineText,
        site: _Site,
        p: _Placed,
        label: str,
        notes: NoteResolver,
    ) -> Alternative:
        a = p.amendment
        subs = self.sub_alternatives(a, notes)
        if a.action == "add-footnote":
            runs: tuple[Text | NoteRef | Mark, ...] = (
                Mark("ins", tuple(plain_runs(a.text or "")), None),
            )
            return Alternative(label, self.attribution(a), runs, "add a footnote:", subs)
        lo, hi = _strip_bounds(text, site.start, site.end)
        alo, ahi = site.alt_bounds(text, p)
        alo, ahi = _strip_bounds(p.result, alo, ahi)
        segments = refine(diff_words(text[lo:hi], p.result[alo:ahi]))
        new = InlineText.of(p.result)
        runs = tuple(
            marked_runs(
                segments, ann, new, notes, notes, lambda _s: None, old_offset=lo, new_offset=alo
            )
        )
        if a.footnote is not None:
            runs += (
                Text(" with a footnote: "),
                Mark("ins", tuple(plain_runs(a.footnote)), None),
            )
        return Alternative(label, self.attribution(a), runs, "", subs)

    def sub_alternatives(self, parent: Amendment, notes: NoteResolver) -> tuple[Alternative, ...]:
        subs = self.subs.get(parent.id, [])
        if not subs:
            return ()
        words = parent.clause.text if parent.clause is not None else parent.text
        out: list[Alternative] = []
        placed: list[_Placed] = []
        for sub in subs:
            try:
                if words is None:
                    raise PoaError("proposes no words")
                placed.append(_place(words, sub, parent.id))
            except PoaError as exc:
                out.append(self.unplaced_alternative(sub, exc))
        if words is not None:
            ann = InlineText.of(words)
            for site in _sites(words, placed):
                for n, p in enumerate(site.placed, start=1):
                    label = f"Alt {n}" if site.alternatives else ""
                    alt = self.alternative(words, ann, site, p, label, notes)
                    out.append(replace(alt, action=f"sub-amendment to {parent.id}" + (
                        f", {alt.action}" if alt.action else ""
                    )))  # fmt: skip
        return tuple(out)

    def unplaced_alternative(self, a: Amendment, exc: PoaError | None) -> Alternative:
        why = f" ({exc.message})" if exc is not None else ""
        return Alternative(
            "",
            self.attribution(a),
            (Text(describe(a, self.refs)),),
            f"could not be placed in the current text{why}:",
            self.sub_alternatives(a, lambda _m: None),
        )

    def text_with_proposals(
        self, owner: str, text: str, proposals: Sequence[Amendment], notes: NoteResolver, kind: str
    ) -> tuple[tuple[Inline, ...], list[Callable[[], Note]]]:
        """The runs of *text* with *proposals* at their places, and the notes below it.

        The notes come as functions, called once the text above them is built, so
        that footnotes are numbered in the order they are printed.
        """
        placed: list[_Placed] = []
        below: list[Callable[[], Note]] = []
        for a in proposals:
            try:
                placed.append(_place(text, a, owner))
            except PoaError as exc:
                below.append(lambda a=a, exc=exc: Note(a.id, self.unplaced_alternative(a, exc)))  # type: ignore[misc]
        ann = InlineText.of(text)
        runs: list[Inline] = []
        listed: list[Callable[[], Note]] = []
        pos = 0
        for site in _sites(text, placed):
            lo, hi = _strip_bounds(text, site.start, site.end)
            pieces = [text[site.start : site.end]] + [
                p.result[slice(*site.alt_bounds(text, p))] for p in site.placed
            ]
            runs.extend(runs_of(ann, pos, site.start, notes))
            # Spacing at the edges of a site is printed outside its brackets; an
            # inline proposal always stands apart from the word before it
            # ("capacity-building [Denmark: …]", never "capacity-building[Denmark").
            spaced = self.style == "inline" or any(x[:1].isspace() for x in pieces)
            if spaced and site.start > 0 and not text[site.start - 1].isspace():
                runs.append(Text(" "))
            ids = tuple(p.amendment.id for p in site.placed)
            labels = [f"Alt {n}" if site.alternatives else "" for n in range(1, len(ids) + 1)]
            if self.style == "listed":
                base = tuple(runs_of(ann, lo, hi, notes)) if lo < hi else ()
                runs.append(Proposal(base, (), ids))
                for p, label in zip(site.placed, labels, strict=True):
                    listed.append(
                        lambda p=p, label=label, site=site: Note(  # type: ignore[misc]
                            _listed_what(p.amendment, kind),
                            self.alternative(text, ann, site, p, label, notes),
                        )
                    )
            else:
                # Competing proposals: the words as they stand come first (Alt 0).
                competing = len(site.placed) > 1 and lo < hi
                base = tuple(runs_of(ann, lo, hi, notes)) if competing else ()
                alts = tuple(
                    self.alternative(text, ann, site, p, label, notes)
                    for p, label in zip(site.placed, labels, strict=True)
                )
                runs.append(Proposal(base, alts, ids))
            spaced = any(x[-1:].isspace() for x in pieces) or (
                self.style == "inline" and text[site.end : site.end + 1].isalnum()
            )
            if spaced and site.end < len(text) and not text[site.end].isspace():
                runs.append(Text(" "))
            pos = site.end
        runs.extend(runs_of(ann, pos, len(text), notes))
        return tuple(_merge_text(runs)), listed + below

    def clause_notes(self, proposals: Sequence[Amendment], what_kind: str) -> list[Note]:
        """Whole-paragraph proposals (replace, delete, move) as notes below it."""
        out = []
        for a in proposals:
            src = self.attribution(a)
            subs = self.sub_alternatives(a, lambda _m: None)
            if a.action == "replace-clause":
                runs: tuple[Text | NoteRef | Mark, ...] = (
                    Mark("ins", tuple(plain_runs(a.text or "")), None),
                )
                out.append(
                    Note(f"Replace the {what_kind} with:", Alternative("", src, runs, "", subs))
                )
            elif a.action == "delete-clause":
                out.append(Note(f"Delete the {what_kind}", Alternative("", src, (), "", subs)))
            elif a.action == "move-clause":
                dest = target_ref(a.destination or "", self.refs)
                out.append(
                    Note(
                        f"Move the {what_kind} to follow {dest}", Alternative("", src, (), "", subs)
                    )
                )
        return out


def _listed_what(a: Amendment, kind: str) -> str:
    phrase = quote(a.anchor.phrase, 60) if a.anchor is not None else ""
    if a.action == "replace-text":
        return f"Replace {phrase}"
    if a.action == "delete-text":
        return f"Delete {phrase}"
    if a.action == "insert-text":
        return f"Insert {'before' if a.position == 'before' else 'after'} {phrase}"
    if a.action == "append-text":
        return f"Add at the end of the {kind}"
    if a.action == "add-footnote":
        return f"Add a footnote after {phrase}"
    return a.action


def _merge_text(runs: Iterable[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for r in runs:
        if isinstance(r, Text) and not r.text:
            continue
        if isinstance(r, Text) and out and isinstance(out[-1], Text) and out[-1].em == r.em:
            out[-1] = Text(out[-1].text + r.text, r.em)
        else:
            out.append(r)
    return out


def _next_latin(used: dict[str, int], number: str) -> str:
    n = used.get(number, 0)
    used[number] = n + 1
    word = _LATIN[n] if n < len(_LATIN) else f"({n + 1})"
    return f"{number} {word}".strip()


def compilation(
    doc: Document, people: People, style: str = "inline", revision: str = "working"
) -> Paper:
    """Return the compilation view: the text with every pending proposal where it applies.

    The text is the document with its accepted amendments applied (what the Chair
    would circulate next); pending proposals by States are shown at their places
    (*style* "inline") or under each paragraph ("listed"); stakeholders' proposals
    in a part of their own. Raises EmptyDocument when there is no clause.
    """
    _check_not_empty(doc)
    if style not in STYLES:
        raise PoaError(f"unknown style {style!r}: use inline or listed")
    cons = _consolidated(doc)
    clauses = cons.clauses
    lay = _layout(doc.meta, clauses, cons.order, _placed_near(cons, doc.amendments))
    pending = sorted(
        (a for a in doc.amendments.values() if a.status == "proposed"), key=submission_order
    )
    subs: dict[str, list[Amendment]] = {}
    top: list[Amendment] = []
    for a in pending:
        if AMENDMENT_ID_RE.match(a.target) and a.target in doc.amendments and a.target != a.id:
            subs.setdefault(a.target, []).append(a)
        else:
            top.append(a)
    c = _Compiler(doc, people, style, NoteBook(), lay.refs, subs)
    # Sub-amendments whose parent is no longer pending cannot be shown under it.
    orphans = [
        s
        for parent, group in subs.items()
        if doc.amendments[parent].status != "proposed"
        for s in group
    ]
    states = [a for a in top if not people.is_stakeholder(a)]
    stakeholder = [a for a in top if people.is_stakeholder(a)]
    owner_of: dict[str, str] = {}
    for clause in clauses.values():
        for it in clause.all_items():
            owner_of[it.id] = clause.id
    by_target: dict[str, list[Amendment]] = {}
    unplaced_list: list[Amendment] = list(orphans)
    for a in states:
        if (
            a.target in clauses
            or a.target in owner_of
            or amend.footnote_text(clauses, a.target) is not None
        ):
            by_target.setdefault(a.target, []).append(a)
        else:
            unplaced_list.append(a)

    paragraphs: dict[str, list[Paragraph]] = {}
    latin: dict[str, int] = {}
    for s in lay.meta.sections:
        out = paragraphs.setdefault(s.id, [])
        for cid in s.clauses:
            clause = clauses[cid]
            mine = by_target.get(cid, [])
            before = [a for a in mine if a.action == "insert-clause" and a.position == "before"]
            after = [a for a in mine if a.action == "insert-clause" and a.position != "before"]
            number = lay.numbers.get(cid, "")
            for a in before:
                prev = str(int(number) - 1) if number.isdigit() and int(number) > 1 else ""
                out.append(_proposed_paragraph(c, a, _next_latin(latin, prev) if number else ""))
            out.append(_compiled_paragraph(c, clause, number, by_target, lay))
            for a in after:
                out.append(_proposed_paragraph(c, a, _next_latin(latin, number) if number else ""))

    stakeholder_notes = []
    for a in stakeholder:
        where = target_ref(a.target, lay.refs)
        text = clauses[a.target].text if a.target in clauses else None
        if text is None and a.target in owner_of:
            text = next(
                it.text for it in clauses[owner_of[a.target]].all_items() if it.id == a.target
            )
        owner = owner_of.get(a.target, a.target)
        notes = (
            c.book.resolver(owner, clauses[owner].footnote)
            if owner in clauses
            else (lambda _m: None)
        )
        alt: Alternative
        if text is not None and a.action in amend.TEXT_ACTIONS:
            try:
                p = _place(text, a, a.target)
                site = _Site(*_region(text, [p]), (p,))
                alt = c.alternative(text, InlineText.of(text), site, p, "", notes)
            except PoaError as exc:
                alt = c.unplaced_alternative(a, exc)
        else:
            alt = Alternative(
                "",
                c.attribution(a),
                (Text(describe(a, lay.refs)),),
                "",
                c.sub_alternatives(a, notes),
            )
        stakeholder_notes.append(Note(_listed_what(a, "paragraph") if a.anchor else "", alt, where))

    unplaced = tuple(
        Note(target_ref(a.target, lay.refs), c.unplaced_alternative(a, None)) for a in unplaced_list
    )
    every = list(doc.amendments.values())
    pending_all = [a for a in every if a.status == "proposed"]
    by_stakeholders = [a for a in pending_all if people.is_stakeholder(a)]
    by_states = [a for a in pending_all if not people.is_stakeholder(a)]
    decided = ("rejected", "withdrawn", "superseded")
    annex = _annex(
        "Proposals received",
        [
            ("Pending proposals by States", by_states),
            ("Pending proposals by accredited stakeholders", by_stakeholders),
            ("Accepted", [a for a in every if a.status == "accepted"]),
            ("Rejected, withdrawn or superseded", [a for a in every if a.status in decided]),
        ],
        people,
        lay.refs,
    )
    name = _revision_name(revision)
    subtitle = "Compilation of proposals" + ("" if revision == "working" else f" on {name}")
    return _paper(
        doc,
        "compilation",
        style,
        subtitle,
        _sections(lay, paragraphs),
        c.book,
        stakeholders=tuple(stakeholder_notes),
        unplaced=unplaced,
        annex=annex,
        revisions=(revision, revision),
    )


def _compiled_items(
    c: _Compiler,
    items: Sequence[Item],
    by_target: Mapping[str, list[Amendment]],
    notes: NoteResolver,
    depth: int = 0,
) -> tuple[SubParagraph, ...]:
    out: list[SubParagraph] = []
    for i, it in enumerate(items, start=1):
        mine = by_target.get(it.id, [])
        text_props = [a for a in mine if a.action in amend.TEXT_ACTIONS]
        runs, later = c.text_with_proposals(it.id, it.text, text_props, notes, "sub-paragraph")
        below = [f() for f in later] + c.clause_notes(mine, "sub-paragraph")
        inserts = [a for a in mine if a.action == "insert-clause"]
        sub = SubParagraph(
            it.id,
            item_label(depth, i),
            depth,
            runs,
            _compiled_items(c, it.items, by_target, notes, depth + 1),
            notes=tuple(below),
        )
        for a in inserts:
            new = SubParagraph(
                a.clause.id if a.clause is not None else a.id,
                "",
                depth,
                tuple(plain_runs(a.clause.text if a.clause is not None else "")),
                change="proposed",
                source=c.attribution(a),
                notes=tuple(Note("", alt) for alt in c.sub_alternatives(a, notes)),
            )
            if a.position == "before":
                out.append(new)
                out.append(sub)
            else:
                out.extend([sub, new])
        if not inserts:
            out.append(sub)
    return tuple(out)


def _compiled_paragraph(
    c: _Compiler,
    clause: Clause,
    number: str,
    by_target: Mapping[str, list[Amendment]],
    lay: _Layout,
) -> Paragraph:
    mine = by_target.get(clause.id, [])
    notes = c.book.resolver(clause.id, clause.footnote)
    text_props = [a for a in mine if a.action in amend.TEXT_ACTIONS]
    runs, later = c.text_with_proposals(clause.id, clause.text, text_props, notes, "paragraph")
    items = _compiled_items(c, clause.items, by_target, notes)
    below = [f() for f in later] + c.clause_notes(mine, "paragraph")
    below += _footnote_notes(c, clause, by_target, notes)
    return Paragraph(
        clause.id, clause.kind, number, runs, items, notes=tuple(below), status=clause.status
    )


def _footnote_notes(
    c: _Compiler,
    clause: Clause,
    by_target: Mapping[str, list[Amendment]],
    notes: NoteResolver,
) -> list[Note]:
    """Proposals on the clause's footnotes, below it: the footnote's words as proposed."""
    out: list[Note] = []
    for marker, text in clause.footnotes:
        target = f"{clause.id}[^{marker}]"
        for a in by_target.get(target, []):
            what = f"Footnote [^{marker}]:"
            alt: Alternative
            if a.action == "replace-clause":
                runs: tuple[Text | NoteRef | Mark, ...] = (
                    Mark("del", tuple(plain_runs(text)), None),
                    Text(" "),
                    Mark("ins", tuple(plain_runs(a.text or "")), None),
                )
                alt = Alternative("", c.attribution(a), runs, "", c.sub_alternatives(a, notes))
            else:
                try:
                    p = _place(text, a, target)
                    site = _Site(*_region(text, [p]), (p,))
                    alt = c.alternative(text, InlineText.of(text), site, p, "", notes)
                except PoaError as exc:
                    alt = c.unplaced_alternative(a, exc)
            out.append(Note(what, alt))
    return out


def _proposed_paragraph(c: _Compiler, a: Amendment, number: str) -> Paragraph:
    new = a.clause
    text = new.text if new is not None else ""
    notes = c.book.resolver(a.id, new.footnote if new is not None else (lambda _m: None))
    return Paragraph(
        new.id if new is not None else a.id,
        new.kind if new is not None else "operative",
        number,
        tuple(plain_runs(text, notes)),
        _plain_items(new.items, notes) if new is not None else (),
        change="proposed",
        source=c.attribution(a),
        notes=tuple(Note("", alt) for alt in c.sub_alternatives(a, notes)),
    )


# --------------------------------------------------------------------------- changes


def _replay(base: Document, candidates: Sequence[Amendment]) -> Consolidation:
    """Apply *candidates* to *base*; leave out, one by one, those that cannot apply."""
    order = base.meta.clause_order()
    try:
        return consolidate(base.clauses, order, candidates)
    except PoaError:
        kept: list[Amendment] = []
        for a in sorted(candidates, key=submission_order):
            try:
                consolidate(base.clauses, order, [*kept, a])
            except PoaError:
                continue
            kept.append(a)
        return consolidate(base.clauses, order, kept)


@dataclass
class _Changes:
    """Builds the changes view (state shared by its helpers)."""

    amendments: Mapping[str, Amendment]
    people: People
    book: NoteBook
    counts: dict[str | None, int]

    def source(self, name: str | None) -> Attribution:
        if name is None or name == CHAIR or name not in self.amendments:
            return EDITORIAL_SOURCE
        return self.people.of(self.amendments[name])

    def count(self, attribution: Attribution | None, n: int = 1) -> None:
        key = attribution.amendment if attribution is not None else None
        self.counts[key] = self.counts.get(key, 0) + n

    def diff(
        self,
        owner: str,
        old_text: str,
        new_text: str,
        steps: Sequence[tuple[str, str]],
        old_notes: Callable[[str], str | None],
        new_notes: Callable[[str], str | None],
    ) -> tuple[Inline, ...]:
        segments = refine(attribute(old_text, steps)) if steps else [Segment("equal", new_text)]
        marker_change: dict[str, tuple[str | None, Attribution | None]] = {}
        for seg in segments:
            if seg.op != "equal":
                for m in FOOTNOTE_MARKER_RE.finditer(seg.text):
                    op = "ins" if seg.op == "insert" else "del"
                    marker_change[m.group(1)] = (op, self.source(seg.source))

        def footnote(marker: str) -> str | None:
            return new_notes(marker) or old_notes(marker)

        def change(marker: str) -> tuple[str | None, Attribution | None]:
            return marker_change.get(marker, (None, None))

        notes = self.book.resolver(owner, footnote, change)
        runs = marked_runs(
            segments, InlineText.of(old_text), InlineText.of(new_text), notes, notes, self.source
        )
        for r in runs:
            if isinstance(r, Mark) and r.show_label:
                self.count(r.source)
        return tuple(runs)

    def whole(
        self,
        op: str,
        owner: str,
        text: str,
        footnotes: Callable[[str], str | None],
        src: Attribution,
    ) -> tuple[Inline, ...]:
        """A text inserted or deleted as a whole, as one mark."""
        notes = self.book.resolver(owner, footnotes, lambda _m: (op, src))
        return (Mark(op, tuple(plain_runs(text, notes)), src),)


def _deleted_items(items: Sequence[Item], depth: int) -> tuple[SubParagraph, ...]:
    """Sub-paragraphs of a deleted paragraph or sub-paragraph: struck through as a whole."""
    return tuple(
        SubParagraph(
            it.id,
            item_label(depth, i),
            depth,
            (Mark("del", tuple(plain_runs(it.text)), None),),
            _deleted_items(it.items, depth + 1),
            change="del",
        )
        for i, it in enumerate(items, start=1)
    )


def _with_deleted(
    shown: dict[str, list[str]], before: DocumentMeta, kept: Mapping[str, Clause]
) -> dict[str, list[str]]:
    """Put every clause of *before* missing from *kept* back where it stood (after its
    predecessor), so the changes view prints it struck through."""
    old_order = before.clause_order()
    old_section = {cid: s.id for s in before.sections for cid in s.clauses}
    for i, cid in enumerate(old_order):
        if cid in kept:
            continue
        prev = next(
            (p for p in reversed(old_order[:i]) if any(p in v for v in shown.values())), None
        )
        target = next((ids for ids in shown.values() if prev is not None and prev in ids), None)
        if target is not None and prev is not None:
            target.insert(target.index(prev) + 1, cid)
        else:
            shown.setdefault(old_section.get(cid, next(iter(shown), "")), []).insert(0, cid)
    return shown


def _legend(
    ch: _Changes, amendments: Mapping[str, Amendment], people: People, refs: Mapping[str, str]
) -> tuple[LegendEntry, ...]:
    def order(item: tuple[str | None, int]) -> tuple[bool, tuple[date, str, int]]:
        key = item[0]
        if key is None or key not in amendments:
            return (True, (date.min, "", 0))
        return (False, submission_order(amendments[key]))

    legend = []
    for key, n in sorted(ch.counts.items(), key=order):
        if key is None or key not in amendments:
            legend.append(
                LegendEntry("Chair", EDITORIAL_SOURCE.by, "Changes no amendment explains", n)
            )
        else:
            a = amendments[key]
            legend.append(LegendEntry(key, people.by(a), describe(a, refs), n))
    return tuple(legend)


def changes(
    before: Document,
    after: Document,
    people: People,
    revisions: tuple[str, str] = ("working", "working"),
) -> Paper:
    """Return the changes view: from *before*'s text to *after*'s consolidated text.

    Every inserted or deleted run is attributed to the amendment that caused it:
    the accepted amendments of *after* that *before* had not yet applied are
    replayed on *before*'s text; what they do not explain is the Chair's
    (editorial). Deleted paragraphs are printed struck through where they stood.
    Raises EmptyDocument when *after* has no clause.
    """
    _check_not_empty(after)
    target = _consolidated(after)
    applied_before = {a.id for a in before.amendments.values() if a.applied_in}
    candidates = [
        replace(a, applied_in=None)
        for a in after.amendments.values()
        if a.status == "accepted" and a.id not in applied_before
    ]
    replay = _replay(before, candidates)
    old_texts = part_texts(before.clauses)
    new_texts = part_texts(target.clauses)
    replay_texts = part_texts(replay.clauses)
    old_owner = {it.id for c in before.clauses.values() for it in c.all_items()}
    item_deleted_by = {
        a.target: a.id
        for a in replay.applied
        if a.action == "delete-clause" and a.target in old_owner
    }
    lay = _layout(after.meta, target.clauses, target.order, _placed_near(target, after.amendments))
    ch = _Changes(after.amendments, people, NoteBook(), {})

    def steps_for(part: str) -> list[tuple[str, str]]:
        steps = list(replay.steps.get(part, [])) if part in replay_texts else []
        if replay_texts.get(part, old_texts[part]) != new_texts[part]:
            steps.append((CHAIR, new_texts[part]))
        return steps

    def inserted_by(part: str) -> Attribution:
        return ch.source(replay.inserted.get(part) if part in replay_texts else None)

    def items_view(
        new_items: Sequence[Item],
        old_items: Sequence[Item],
        owner: Clause,
        old: Clause | None,
        depth: int,
    ) -> tuple[SubParagraph, ...]:
        new_ids = {it.id for it in owner.all_items()}
        old_notes = old.footnote if old is not None else (lambda _m: None)
        rows: list[tuple[Item, str | None, str]] = [
            (it, None, item_label(depth, i)) for i, it in enumerate(new_items, start=1)
        ]
        for i, gone in enumerate(old_items, start=1):
            if gone.id not in new_ids:
                prev = old_items[i - 2].id if i > 1 else None
                at = next((k + 1 for k, r in enumerate(rows) if r[0].id == prev), 0)
                rows.insert(at, (gone, "del", item_label(depth, i)))
        out: list[SubParagraph] = []
        for it, state, label in rows:
            if state == "del":
                src = ch.source(item_deleted_by.get(it.id))
                ch.count(src)
                runs = ch.whole("del", owner.id, it.text, old_notes, src)
                sub_items = _deleted_items(it.items, depth + 1)
                out.append(SubParagraph(it.id, label, depth, runs, sub_items, "del", src))
                continue
            olds = next((o.items for o in old_items if o.id == it.id), ())
            sub_items = items_view(it.items, olds, owner, old, depth + 1)
            if it.id not in old_texts:
                src = inserted_by(it.id)
                ch.count(src)
                runs = ch.whole("ins", owner.id, it.text, owner.footnote, src)
                out.append(SubParagraph(it.id, label, depth, runs, sub_items, "ins", src))
                continue
            runs = ch.diff(
                owner.id, old_texts[it.id], it.text, steps_for(it.id), old_notes, owner.footnote
            )
            out.append(SubParagraph(it.id, label, depth, runs, sub_items))
        return tuple(out)

    shown = _with_deleted(
        {s.id: list(s.clauses) for s in lay.meta.sections}, before.meta, target.clauses
    )
    moved_note = {}
    for cid, aid in target.moved.items():
        if aid in after.amendments:
            moved_note[cid] = f"Moved by {aid} ({people.by(after.amendments[aid])})"
    paragraphs: dict[str, list[Paragraph]] = {}
    for s in lay.meta.sections:
        for cid in shown.get(s.id, []):
            out = paragraphs.setdefault(s.id, [])
            if cid not in target.clauses:
                gone = before.clauses[cid]
                by = replay.deleted.get(cid)
                src = ch.source(by[1] if by is not None else None)
                ch.count(src)
                runs = ch.whole("del", cid, gone.text, gone.footnote, src)
                items = _deleted_items(gone.items, 0)
                out.append(
                    Paragraph(cid, gone.kind, "", runs, items, "del", src, status=gone.status)
                )
                continue
            new = target.clauses[cid]
            old = before.clauses.get(cid)
            number = lay.numbers.get(cid, "")
            if old is None:
                src = inserted_by(cid)
                ch.count(src)
                runs = ch.whole("ins", cid, new.text, new.footnote, src)
                items = items_view(new.items, (), new, None, 0)
                out.append(
                    Paragraph(cid, new.kind, number, runs, items, "ins", src, status=new.status)
                )
                continue
            runs = ch.diff(cid, old.text, new.text, steps_for(cid), old.footnote, new.footnote)
            items = items_view(new.items, old.items, new, old, 0)
            moved = moved_note.get(cid, "")
            if moved:
                ch.count(ch.source(target.moved[cid]))
            out.append(
                Paragraph(cid, new.kind, number, runs, items, moved=moved, status=new.status)
            )

    legend = _legend(ch, after.amendments, people, lay.refs)
    annex = _annex(
        "Amendments shown in this paper",
        [("Amendments applied", [after.amendments[e.label] for e in legend if e.label != "Chair"])],
        people,
        lay.refs,
    )
    start, end = revisions
    to = "the consolidated text" if end == "working" else _revision_name(end)
    return _paper(
        after,
        "changes",
        "",
        f"Changes from {_revision_name(start)} to {to}",
        _sections(lay, paragraphs),
        ch.book,
        legend=legend,
        annex=annex,
        revisions=revisions,
    )
