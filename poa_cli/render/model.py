"""The view model of a conference paper: what every writer (HTML, PDF, Markdown, JSON) prints.

Plain frozen dataclasses, prepared by :mod:`poa_cli.render.views` and laid out by
the templates. Nothing here is HTML: texts are plain strings that writers escape.
Every inline piece has a ``kind`` field so the JSON view model (``--format
json``, documented in ``docs/render.md``) says what each piece is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from poa_cli.domain.languages import Locale, locale

SCHEMA_RENDER = "poa/render/1"

#: The source of a change no amendment explains (the Chair's editorial work).
EDITORIAL = "Chair (editorial)"


@dataclass(frozen=True)
class Attribution:
    """Who a change or proposal comes from, as printed.

    ``amendment`` is the amendment id (None for the Chair's editorial changes);
    ``by`` the proposers as the UN writes their names ("Denmark, Estonia"), with
    "on behalf of …" when the lead speaks for a group.
    """

    amendment: str | None
    by: str
    supported_by: tuple[str, ...] = ()
    opposed_by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Return the short label printed as a superscript: the id, or "Chair"."""
        return self.amendment or "Chair"

    @property
    def title(self) -> str:
        """Return the tooltip text: ``"DNK-1: Denmark, Estonia"`` or the editorial label."""
        return f"{self.amendment}: {self.by}" if self.amendment else self.by


@dataclass(frozen=True)
class Text:
    """A run of words; ``em`` for the italic opening words (``*Decide*``)."""

    text: str
    em: bool = False
    kind: str = field(default="text", init=False)


@dataclass(frozen=True)
class NoteRef:
    """A footnote call: the footnote's number, counted across the whole paper.

    ``first`` is True at the first call of a footnote: the PDF places the
    footnote's text there (CSS ``float: footnote``); later calls print only the number.
    """

    number: int
    first: bool
    kind: str = field(default="note", init=False)


Run = Text | NoteRef


@dataclass(frozen=True)
class Mark:
    """Words inserted (``ins``) or deleted (``del``), and who caused it.

    ``show_label`` is True on the last mark of a run of marks from one source:
    that is where the superscript amendment id is printed. ``source`` is None
    inside a compilation proposal, which is attributed as a whole.
    """

    op: str  # "ins" | "del"
    runs: tuple[Run, ...]
    source: Attribution | None
    show_label: bool = True
    kind: str = field(default="mark", init=False)


@dataclass(frozen=True)
class Alternative:
    """One pending proposal at a place in the text (compilation view).

    ``runs`` show its words against the base words of the place (inserted and
    deleted words as marks with no source); ``label`` is "Alt 1", "Alt 2" … when
    proposals compete for the same words, else empty. ``action`` says in words
    what it does when the words alone do not ("add a footnote"). Sub-amendments
    to it follow in ``subs``.
    """

    label: str
    source: Attribution
    runs: tuple[Text | NoteRef | Mark, ...]
    action: str = ""
    subs: tuple[Alternative, ...] = ()
    kind: str = field(default="alternative", init=False)


@dataclass(frozen=True)
class Proposal:
    """A place in the text that pending proposals would change (compilation view).

    Inline style: ``alternatives`` holds the proposals (competing ones labelled
    Alt 1, Alt 2 …), each showing the words of the place it changes, and ``base``
    is empty. Listed style: ``base`` holds the words of the current text at that
    place (empty where words would only be inserted), printed in brackets, and
    the proposals are printed below the paragraph (its ``notes``). ``ids`` are
    the amendments' ids, printed as a superscript in listed style.
    """

    base: tuple[Run, ...]
    alternatives: tuple[Alternative, ...]
    ids: tuple[str, ...]
    kind: str = field(default="proposal", init=False)


Inline = Text | NoteRef | Mark | Proposal


@dataclass(frozen=True)
class Note:
    """A proposal printed below its paragraph (listed style, and whole-paragraph proposals).

    ``what`` says in words what it proposes ("Delete the paragraph", "Replace the
    paragraph with:"); ``runs`` the words, if any.
    """

    what: str
    alternative: Alternative
    where: str = ""
    kind: str = field(default="note", init=False)


@dataclass(frozen=True)
class SubParagraph:
    """A sub-paragraph: label (a), (i) …, its words, and its own sub-paragraphs.

    ``change`` is "ins" or "del" when the whole sub-paragraph was inserted or
    deleted (changes view), or "proposed" for a sub-paragraph a pending proposal
    would add (compilation view), with ``source`` saying by whom.
    """

    id: str
    label: str
    depth: int
    runs: tuple[Inline, ...]
    items: tuple[SubParagraph, ...] = ()
    change: str | None = None
    source: Attribution | None = None
    notes: tuple[Note, ...] = ()
    awaiting: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A preambular or operative paragraph as printed.

    ``number`` is the printed number ("" when unnumbered; "7 bis" for a proposed
    new paragraph). ``change``/``source`` as for :class:`SubParagraph`;
    ``moved`` a note that the paragraph was moved (or is proposed to move);
    ``notes`` the proposals printed below it; ``status`` the clause's
    negotiation status (bracketed, agreed-ad-ref, adopted); ``awaiting`` is True
    in a language version when the paragraph is printed in the original because
    its translation is missing or stale (likewise on sub-paragraphs and footnotes).
    """

    id: str
    kind: str
    number: str
    runs: tuple[Inline, ...]
    items: tuple[SubParagraph, ...] = ()
    change: str | None = None
    source: Attribution | None = None
    moved: str = ""
    notes: tuple[Note, ...] = ()
    status: str = ""
    awaiting: bool = False


@dataclass(frozen=True)
class Section:
    """A part of the paper: Roman label (outcome style), heading, paragraphs."""

    id: str
    label: str
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Footnote:
    """A footnote, numbered across the paper; ``change`` when the changes view marks it."""

    number: int
    runs: tuple[Run, ...]
    change: str | None = None
    source: Attribution | None = None
    awaiting: bool = False


@dataclass(frozen=True)
class Masthead:
    """The UN masthead: organ, symbol, distribution, date, original language, session lines."""

    organization: str
    body: str
    symbol: str
    distribution: str
    date: str
    original: str
    session: str
    agenda_item: str


@dataclass(frozen=True)
class AnnexEntry:
    """One amendment as listed in the annex."""

    id: str
    target: str
    action: str
    proposed_by: str
    supported_by: tuple[str, ...]
    opposed_by: tuple[str, ...]
    status: str
    submitted: str
    session: str
    rationale: str


@dataclass(frozen=True)
class AnnexPart:
    """A group of annex entries under a heading ("Pending proposals" …)."""

    heading: str
    entries: tuple[AnnexEntry, ...]


@dataclass(frozen=True)
class Annex:
    """The annex listing amendments."""

    title: str
    parts: tuple[AnnexPart, ...]


@dataclass(frozen=True)
class LegendEntry:
    """One source of changes in the changes view's legend."""

    label: str
    by: str
    action: str
    count: int


@dataclass(frozen=True)
class Paper:
    """A whole conference paper in one view.

    ``view`` is clean, compilation or changes; ``style`` inline or listed
    (compilation only). ``subtitle`` says which view and revisions it shows.
    ``stakeholders`` holds the stakeholder proposals (compilation view),
    ``unplaced`` pending proposals whose place in the text could not be found.
    ``created`` is the ISO date printed into the PDF's metadata (the document's
    date), so the same input always gives the same bytes. ``locale`` holds the
    fixed words and conventions of the paper's ``language`` (direction, "Distr.",
    number punctuation; see :mod:`poa_cli.domain.languages`).
    """

    document: str
    view: str
    style: str
    language: str
    masthead: Masthead
    title: str
    subtitle: str
    note: str
    opening: str
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    legend: tuple[LegendEntry, ...]
    stakeholders: tuple[Note, ...]
    unplaced: tuple[Note, ...]
    annex: Annex | None
    created: str
    revisions: tuple[str, str]
    locale: Locale = field(default_factory=lambda: locale("en"))
    schema: str = SCHEMA_RENDER
    # "Under silence procedure until …" / "Adopted under silence procedure on …"
    procedure: str = ""
