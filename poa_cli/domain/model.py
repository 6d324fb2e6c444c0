"""The negotiation as plain, frozen dataclasses.

Nothing here knows about YAML, git or rendering: :mod:`poa_cli.storage.store` turns files
into these objects, and every other module works on them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeVar, get_args

from poa_cli.errors import PoaError

ClauseKind = Literal["preambular", "operative", "annex"]
ClauseStatus = Literal["bracketed", "agreed-ad-ref", "adopted"]
AmendmentStatus = Literal["proposed", "accepted", "rejected", "withdrawn", "superseded"]
Action = Literal[
    "replace-text",
    "insert-text",
    "delete-text",
    "append-text",
    "add-footnote",
    "replace-clause",
    "delete-clause",
    "insert-clause",
    "move-clause",
]
Numbering = Literal["resolution", "outcome"]
AnnexNumbering = Literal["none", "restart"]
StakeholderKind = Literal["civil-society", "private-sector", "academia", "technical-community"]

# The values of each, in the order the schemas and the documentation give them.
CLAUSE_KINDS: tuple[ClauseKind, ...] = get_args(ClauseKind)
CLAUSE_STATUSES: tuple[ClauseStatus, ...] = get_args(ClauseStatus)
AMENDMENT_STATUSES: tuple[AmendmentStatus, ...] = get_args(AmendmentStatus)
ACTIONS: tuple[Action, ...] = get_args(Action)
NUMBERINGS: tuple[Numbering, ...] = get_args(Numbering)
ANNEX_NUMBERINGS: tuple[AnnexNumbering, ...] = get_args(AnnexNumbering)
STAKEHOLDER_KINDS: tuple[StakeholderKind, ...] = get_args(StakeholderKind)

_Value = TypeVar("_Value", bound=str)


def one_of(value: object, allowed: tuple[_Value, ...]) -> _Value | None:
    """Return *value* as the one of *allowed* it equals (so typed), or None when none."""
    for option in allowed:
        if value == option:
            return option
    return None


# Ids are file names: lower-case slugs for clauses and sections, <CODE>-<n> for
# amendments. Both patterns keep '/', '..', NUL and reserved device names out.
ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
AMENDMENT_ID_RE = re.compile(r"^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$")
FOOTNOTE_MARKER_RE = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9-]*)\]")
# An amendment to a footnote's text targets "<clause id>[^<marker>]" (the unit name
# the diff, the translations and the papers already use for a footnote).
FOOTNOTE_TARGET_RE = re.compile(
    r"^(?P<clause>[a-z0-9][a-z0-9-]*)\[\^(?P<marker>[A-Za-z0-9][A-Za-z0-9-]*)\]$"
)


def footnote_target(target: str) -> tuple[str, str] | None:
    """Return (clause id, marker) when *target* names a footnote, else None."""
    m = FOOTNOTE_TARGET_RE.match(target)
    return (m.group("clause"), m.group("marker")) if m else None


# Windows refuses these as file names whatever the extension; a clone there must work.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


class View(StrEnum):
    """The three papers of a negotiation: the clean text, the compilation of
    proposals, the changes with every word attributed; and the positions matrix
    (who proposed, supported or objected to what), drawn rather than typeset."""

    CLEAN = "clean"
    COMPILATION = "compilation"
    CHANGES = "changes"
    POSITIONS = "positions"


class Style(StrEnum):
    """Where the compilation puts the proposals: in the text, or listed under each paragraph."""

    INLINE = "inline"
    LISTED = "listed"


class PaperFormat(StrEnum):
    """What ``poa render`` writes: a paper (HTML, PDF, Markdown, Word), the view model
    (JSON), the text in Akoma Ntoso, or the positions chart as SVG."""

    HTML = "html"
    PDF = "pdf"
    MD = "md"
    JSON = "json"
    AKN = "akn"
    SVG = "svg"
    DOCX = "docx"


SCHEMA_DOCUMENT = "poa/document/1"
SCHEMA_CLAUSE = "poa/clause/1"
SCHEMA_AMENDMENT = "poa/amendment/1"


def clean_text(text: str | None, what: str = "text", *, keep_lines: bool = False) -> str:
    """Return *text* as poa stores it: whitespace runs folded to one space.

    With *keep_lines*, a text that spans several lines keeps them (only its ends
    are stripped). Raises PoaError when the text is empty or holds control
    characters other than whitespace.
    """

    if text is None or not text.strip():
        raise PoaError(f"the {what} is empty")
    if any(ord(ch) < 32 and not ch.isspace() for ch in text):
        raise PoaError(f"the {what} contains control characters")
    if keep_lines and "\n" in text.strip():
        return text.strip()
    return " ".join(text.split())


def is_valid_id(value: str) -> bool:
    """Return True when *value* is a clause, item or section id poa accepts."""
    return bool(ID_RE.match(value)) and value not in RESERVED_NAMES


#: The date type, under a name that DocumentMeta's own "date" field does not hide.
Day = date


@dataclass(frozen=True)
class Item:
    """A sub-paragraph: (a), (b) … and, nested, (i), (ii) …; numbered at render time."""

    id: str
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Clause:
    """One preambular or operative paragraph (or annex item), stored in clauses/<id>.yaml."""

    id: str
    kind: ClauseKind
    text: str
    status: ClauseStatus = "bracketed"
    items: tuple[Item, ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def footnote(self, marker: str) -> str | None:
        """Return the text of footnote *marker*, or None."""
        return dict(self.footnotes).get(marker)

    def all_items(self) -> list[Item]:
        """Return every sub-paragraph, depth first."""
        return list(self._all_items)

    @functools.cached_property
    def _all_items(self) -> tuple[Item, ...]:
        """The sub-paragraphs, walked once per clause (the engine asks for them often)."""
        out: list[Item] = []

        def walk(items: tuple[Item, ...]) -> None:
            for it in items:
                out.append(it)
                walk(it.items)

        walk(self.items)
        return tuple(out)


@dataclass(frozen=True)
class Section:
    """A part of the document: an optional heading and the ordered ids of its clauses."""

    id: str
    heading: str | None
    clauses: tuple[str, ...]
    annex: str | None = None  # sections of one annex share its id ("annex-1")


@dataclass(frozen=True)
class Stakeholder:
    """An accredited organisation that may submit proposals (never formal amendments)."""

    id: str
    name: str
    kind: StakeholderKind


@dataclass(frozen=True)
class DocumentMeta:
    """What document.yaml says of the paper itself: masthead, numbering, order."""

    id: str
    title: str
    symbol: str
    body: str
    distribution: str
    date: date | None
    original_language: str
    languages: tuple[str, ...]
    session: str | None
    agenda_item: str | None
    numbering: Numbering
    opening: str | None
    note: str | None
    sections: tuple[Section, ...]
    stakeholders: tuple[Stakeholder, ...] = ()
    #: `poa validate` checks signatures by default (docs/security.md).
    require_signatures: bool = False
    # The masthead of a draft and of an adopted resolution (docs/format.md):
    # "Iraq:* draft resolution" with its footnote; "Resolution adopted by the
    # General Assembly on 4 December 2023 [on the report of …]"; the closing
    # "42nd plenary meeting / 4 December 2023".
    sponsors: str | None = None
    sponsors_note: str | None = None
    adopted: Day | None = None
    report: str | None = None
    meeting: str | None = None
    # "restart": annex paragraphs numbered 1, 2 … of their own; "none": unnumbered.
    annex_numbering: AnnexNumbering = "none"
    based_on: str | None = None  # the adopted text this draft was rolled over from

    def clause_order(self) -> list[str]:
        """Return every clause id in reading order."""
        return [cid for s in self.sections for cid in s.clauses]

    def section_of(self, clause_id: str) -> Section | None:
        """Return the section that lists *clause_id*, or None."""
        for s in self.sections:
            if clause_id in s.clauses:
                return s
        return None


@dataclass(frozen=True)
class Anchor:
    """A span of a clause found by its exact phrase plus a few words either side."""

    phrase: str
    before: str = ""
    after: str = ""
    occurrence: int | None = None


@dataclass(frozen=True)
class Amendment:
    """A proposal by one or more States (or a group, or a stakeholder) to change the text."""

    id: str
    target: str
    action: Action
    proposed_by: tuple[str, ...]
    status: AmendmentStatus = "proposed"
    on_behalf_of: str | None = None
    supported_by: tuple[str, ...] = ()
    opposed_by: tuple[str, ...] = ()
    submitted: date | None = None
    session: str | None = None
    rationale: str | None = None
    base: str | None = None
    applied_in: str | None = None
    anchor: Anchor | None = None
    text: str | None = None
    footnote: str | None = None  # a footnote on the proposed words (insert, append, replace)
    position: str | None = None
    clause: Clause | None = None
    destination: str | None = None
    path: Path | None = field(default=None, compare=False)

    @property
    def lead(self) -> str:
        """Return the proposer who leads (the first named)."""
        return self.proposed_by[0]


def id_order(amendment_id: str) -> tuple[str, int]:
    """Return the sort key of an amendment id: proposer code, then number
    (``DNK-2`` before ``DNK-10``)."""
    code, _, number = amendment_id.rpartition("-")
    return code, int(number) if number.isdigit() else 0


def submission_order(a: Amendment) -> tuple[date, str, int]:
    """Return the sort key of the order amendments are applied and printed in:
    submission date, then proposer code and number."""
    return (a.submitted or date.min, *id_order(a.id))


@dataclass(frozen=True)
class Document:
    """A whole document folder: its metadata, clauses by id, amendments by id."""

    root: Path
    meta: DocumentMeta
    clauses: dict[str, Clause]
    amendments: dict[str, Amendment]

    def ordered_clauses(self) -> list[Clause]:
        """Return the clauses in reading order (ids missing from the folder are skipped)."""
        return [self.clauses[c] for c in self.meta.clause_order() if c in self.clauses]

    def clause_of(self, target: str) -> str:
        """Return the clause an amendment's *target* concerns.

        A sub-paragraph's clause; for a sub-amendment, the clause of the amendment it
        amends (followed to the end, a cycle cut short). An unknown target is returned
        as it is.
        """
        seen: set[str] = set()
        while target in self.amendments and target not in seen:
            seen.add(target)
            target = self.amendments[target].target
        return self._item_owner.get(target, target)

    @functools.cached_property
    def _item_owner(self) -> dict[str, str]:
        """Every sub-paragraph id mapped to its clause's id (worked out once)."""
        return {it.id: c.id for c in self.clauses.values() for it in c.all_items()}


Ruling = Literal["accepted", "rejected"]


@dataclass(frozen=True)
class Decision:
    """The Chair's decision on one amendment, recorded in its file by ``poa consolidate``."""

    status: Ruling
    over_objection: bool = False
    note: str | None = None
