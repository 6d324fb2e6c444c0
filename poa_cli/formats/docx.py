"""Word (.docx): conference papers out, delegations' tracked changes in.

The only module that imports python-docx. Writing: :func:`write_paper` lays a
:class:`~poa_cli.render.model.Paper` out in the UN's form with named styles,
real footnotes, and every change as a real tracked change (``w:ins``/``w:del``)
attributed to its proposer, with a Word comment carrying the rationale and the
positions of States. Reading: :func:`read_tracked` opens a DOCX that comes from
outside (checked as a hostile zip first, every XML part parsed by
:mod:`poa_cli.formats.safexml`) and returns its paragraphs as pieces of equal,
inserted and deleted text with their authors, each paragraph tagged with the
clause or sub-paragraph id that poa's clean export bookmarked in it.

python-docx does not write tracked changes, footnotes or reproducible zips; they
are built here with python-docx's own element factory (``OxmlElement``) and lxml,
and the package is re-stored with fixed timestamps (decision 41).
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from poa_cli.errors import PoaError
from poa_cli.formats import safexml
from poa_cli.render.model import (
    Alternative,
    AnnexEntry,
    Attribution,
    Inline,
    Mark,
    Note,
    NoteRef,
    Paper,
    Paragraph,
    Proposal,
    Run,
    SubParagraph,
    Text,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
#: The character that stands for a footnote call in the plain text of a paragraph.
NOTE_CALL = "\ue000"
#: Bookmarks poa puts around the words of each clause and sub-paragraph.
BOOKMARK_PREFIX = "poa_"
#: The date every member of the zip carries (the zip format cannot say 1970).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Limits for a DOCX from outside: a delegation's paper is a few hundred kilobytes.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 30 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over a few kilobytes

CHAIR = "Chair"
_PRESERVE = {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}


class NotWord(PoaError):
    """A file that is not a Word document poa will read: not a zip, hostile, or not .docx."""


# --------------------------------------------------------------------------- names


def bookmark_name(part_id: str) -> str:
    """Return the bookmark name that marks the words of clause or sub-paragraph *part_id*.

    Word accepts letters, digits and underscores, 40 characters at most, starting
    with a letter: ``op-scope`` becomes ``poa_op_scope``; a longer id a hash of it.
    """
    name = BOOKMARK_PREFIX + part_id.replace("-", "_")
    if len(name) <= 40:
        return name
    return "poax_" + hashlib.sha256(part_id.encode()).hexdigest()[:24]


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class Provenance:
    """What the view model does not carry and Word wants: dates and annex entries.

    ``dates`` maps an amendment id to its ISO date (``w:date`` of its changes and
    comment); ``entries`` to its annex entry (rationale, supporters, objectors);
    ``created`` is the revision's date, for the document properties and the
    Chair's changes.
    """

    dates: Mapping[str, str]
    entries: Mapping[str, AnnexEntry]
    created: str


STYLE_SHEET: tuple[tuple[str, str, dict[str, Any]], ...] = (
    # (name, type, settings): paragraph ("p") and character ("c") styles a user can adjust.
    ("PoA Organization", "p", {"size": 14, "bold": True, "after": 6, "right_tab": 16}),
    ("PoA Masthead", "p", {"size": 11, "after": 0, "right_tab": 16}),
    ("PoA Session", "p", {"size": 10, "after": 0, "before": 6}),
    ("PoA Title", "p", {"size": 14, "bold": True, "before": 18, "after": 12}),
    ("PoA Subtitle", "p", {"size": 12, "italic": True, "after": 12}),
    ("PoA Opening", "p", {"size": 12, "after": 6, "first": 1.25}),
    ("PoA Heading", "p", {"size": 12, "bold": True, "before": 12, "after": 6, "keep": True}),
    ("PoA Preambular", "p", {"size": 12, "after": 6, "first": 1.25}),
    ("PoA Paragraph", "p", {"size": 12, "after": 6, "left": 1.25, "hanging": 1.25}),
    ("PoA Sub-paragraph", "p", {"size": 12, "after": 6, "left": 2.5, "hanging": 1.25}),
    ("PoA Sub-paragraph 2", "p", {"size": 12, "after": 6, "left": 3.75, "hanging": 1.25}),
    ("PoA Note", "p", {"size": 10, "after": 6, "left": 1.25, "italic": True}),
    ("PoA Annex Heading", "p", {"size": 12, "bold": True, "before": 12, "after": 6}),
    ("PoA Annex Entry", "p", {"size": 10, "after": 6, "left": 0.6, "hanging": 0.6}),
    ("PoA Footnote Text", "p", {"size": 10, "after": 0}),
    ("PoA Lead Words", "c", {"italic": True}),
    ("PoA Number", "c", {}),
    # Word's own built-in style (id "FootnoteReference"), which Word and LibreOffice use
    # for the number at the foot of the page as well as for the call in the text: under
    # a name of poa's own, LibreOffice printed the number at the foot full size.
    ("footnote reference", "c", {"superscript": True}),
)

#: The built-in styles of the sheet, by name: Word's own ids, not python-docx's.
_BUILT_IN = {"footnote reference": "FootnoteReference"}
FOOTNOTE_REFERENCE = "footnote reference"


_NAMES: dict[str, tuple[str, dict[str, str]]] = {}


def _qn(tag: str) -> str:
    """``w:p`` as lxml names it: ``{namespace}p`` (cached: a long paper asks thousands of times)."""
    found = _NAMES.get(tag)
    if found is None:
        from docx.oxml.ns import NamespacePrefixedTag

        nsp = NamespacePrefixedTag(tag)
        found = _NAMES[tag] = (nsp.clark_name, dict(nsp.nsmap))
    return found[0]


def _sub(parent: Any, tag: str, attrs: Mapping[str, str] | None = None) -> Any:
    """A new ``w:tag`` element, the last child of *parent* (made in place: an element made
    on its own is a document of its own, and moving it in costs as much again)."""
    attrib = {_qn(k): v for k, v in attrs.items()} if attrs else None
    return etree.SubElement(parent, _qn(tag), attrib)


def _styled(parent: Any, tag: str, prop: str, style: str) -> Any:
    """``<w:p><w:pPr><w:pStyle w:val=…/>`` (or a run with its rStyle) under *parent*."""
    el = _sub(parent, tag)
    _sub(_sub(el, prop), "w:pStyle" if prop == "w:pPr" else "w:rStyle", {"w:val": style})
    return el


def _el(tag: str, attrs: Mapping[str, str] | None = None) -> Any:
    """A new plain lxml element ``w:tag``: python-docx's element classes (its
    ``OxmlElement``) cost several times more to make, and a paper makes a hundred
    thousand; the writer uses lxml's own API on them."""
    clark = _qn(tag)
    attrib = {_qn(k): v for k, v in attrs.items()} if attrs else None
    return etree.Element(clark, attrib, nsmap=_NAMES[tag][1])


def style_id(name: str) -> str:
    """The id Word (and python-docx) give a style named *name*: its name without spaces
    (Word's own id for a built-in style, "FootnoteReference" for "footnote reference")."""
    return _BUILT_IN.get(name) or name.replace(" ", "")


def _iso(day: str) -> str:
    return f"{day}T00:00:00Z" if day else "2000-01-01T00:00:00Z"


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    for name, kind, s in STYLE_SHEET:
        style_type = WD_STYLE_TYPE.PARAGRAPH if kind == "p" else WD_STYLE_TYPE.CHARACTER
        style = document.styles.add_style(name, style_type)
        if name in _BUILT_IN:
            style.style_id = _BUILT_IN[name]
            style.element.attrib.pop(_qn("w:customStyle"), None)  # Word's own, not custom
        if kind == "p":
            style.base_style = normal
            pf = style.paragraph_format
            pf.space_before = Pt(s.get("before", 0))
            pf.space_after = Pt(s.get("after", 0))
            if "first" in s:
                pf.first_line_indent = Cm(s["first"])
            if "left" in s:
                pf.left_indent = Cm(s["left"])
            if "hanging" in s:
                pf.first_line_indent = -Cm(s["hanging"])
                pf.tab_stops.add_tab_stop(Cm(s["left"]))
            if "right_tab" in s:
                pf.tab_stops.add_tab_stop(Cm(s["right_tab"]), WD_TAB_ALIGNMENT.RIGHT)
            if s.get("keep"):
                pf.keep_with_next = True
        font = style.font
        if "size" in s:
            font.size = Pt(s["size"])
        if s.get("bold"):
            font.bold = True
        if s.get("italic"):
            font.italic = True
        if s.get("superscript"):
            font.superscript = True


@dataclass
class _Writer:
    """Lays one paper out into a python-docx Document (state shared by its helpers)."""

    document: Any
    paper: Paper
    prov: Provenance
    footnotes: Any  # the w:footnotes element
    comment_part: Any  # the w:comments element
    body: Any  # the w:body element
    next_id: int = 1
    note_ids: dict[int, int] = field(default_factory=dict)
    comments: int = 0

    # ------------------------------------------------------------------ basics

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def date_of(self, source: Attribution | None) -> str:
        if source is not None and source.amendment:
            return _iso(self.prov.dates.get(source.amendment, self.prov.created))
        return _iso(self.prov.created)

    @staticmethod
    def author_of(source: Attribution | None) -> str:
        if source is None or source.amendment is None:
            return CHAIR
        return source.by

    def paragraph(self, style: str, text: str = "") -> Any:
        """A new body paragraph in *style* (python-docx's add_paragraph looks the style up
        by name and scans the body each time: quadratic on a long paper)."""
        p = _styled(self.body, "w:p", "w:pPr", style_id(style))
        if text:
            self.text_run(p, text)
        return p

    def text_run(self, parent: Any, text: str, *, deleted: bool = False, style: str = "") -> Any:
        # The hottest path of the writer: plain lxml, names spelt out.
        r = etree.SubElement(parent, _W + "r")
        if style:
            rpr = etree.SubElement(r, _W + "rPr")
            etree.SubElement(rpr, _W + "rStyle", {_W + "val": style_id(style)})
        tag = _W + ("delText" if deleted else "t")
        for k, line in enumerate(text.split("\n") if "\n" in text else (text,)):
            if k:
                etree.SubElement(r, _W + "br")
            if line:
                t = etree.SubElement(r, tag, _PRESERVE)
                t.text = line
        return r

    def change(self, parent: Any, op: str, source: Attribution | None, author: str = "") -> Any:
        return _sub(
            parent,
            "w:ins" if op == "ins" else "w:del",
            {
                "w:id": self.new_id(),
                "w:author": author or self.author_of(source),
                "w:date": self.date_of(source),
            },
        )

    def mark_paragraph(self, p: Any, op: str, source: Attribution | None, author: str = "") -> None:
        """Mark the paragraph mark itself inserted or deleted (a whole new or gone paragraph)."""
        ppr = p.find(_qn("w:pPr"))
        if ppr is None:
            ppr = _el("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(_qn("w:rPr"))
        if rpr is None:
            rpr = _sub(ppr, "w:rPr")
        self.change(rpr, op, source, author)

    # ------------------------------------------------------------------ footnotes

    def note_call(self, parent: Any, ref: NoteRef, *, deleted: bool = False) -> None:
        if not ref.first or ref.number in self.note_ids:
            # Word cannot call one footnote twice: later calls print its number.
            self.text_run(parent, str(ref.number), deleted=deleted, style=FOOTNOTE_REFERENCE)
            return
        note_id = len(self.note_ids) + 1
        self.note_ids[ref.number] = note_id
        r = _styled(parent, "w:r", "w:rPr", _BUILT_IN[FOOTNOTE_REFERENCE])
        _sub(r, "w:footnoteReference", {"w:id": str(note_id)})

    def write_footnotes(self) -> None:
        for fn in self.paper.footnotes:
            note_id = self.note_ids.get(fn.number)
            if note_id is None:
                continue
            note = _sub(self.footnotes, "w:footnote", {"w:id": str(note_id)})
            p = _styled(note, "w:p", "w:pPr", "PoAFootnoteText")
            _sub(_styled(p, "w:r", "w:rPr", _BUILT_IN[FOOTNOTE_REFERENCE]), "w:footnoteRef")
            self.text_run(p, " ")
            if fn.change in ("ins", "del"):
                holder = self.change(p, fn.change, fn.source)
                self.runs(holder, fn.runs, deleted=fn.change == "del")
                self.mark_paragraph(p, fn.change, fn.source)
            else:
                self.runs(p, fn.runs)

    # ------------------------------------------------------------------ runs

    def runs(self, parent: Any, runs: Iterable[Run], *, deleted: bool = False) -> None:
        for run in runs:
            if isinstance(run, Text):
                self.text_run(
                    parent, run.text, deleted=deleted, style="PoA Lead Words" if run.em else ""
                )
            elif isinstance(run, NoteRef):
                self.note_call(parent, run, deleted=deleted)

    def formatted(self, parent: Any, items: Iterable[Inline | Mark]) -> None:
        """Words with their changes struck through and underlined, not tracked: proposals
        that are not a State's amendment to the text (stakeholders', unplaced ones)."""
        for item in items:
            if isinstance(item, Mark):
                for run in item.runs:
                    if isinstance(run, Text):
                        r = self.text_run(parent, run.text)
                        rpr = _el("w:rPr")
                        if item.op == "del":
                            _sub(rpr, "w:strike")
                        else:
                            _sub(rpr, "w:u", {"w:val": "single"})
                        r.insert(0, rpr)
            elif isinstance(item, Text):
                self.text_run(parent, item.text)

    def inline(
        self,
        parent: Any,
        items: Iterable[Inline | Mark],
        *,
        author: str = "",
        source: Attribution | None = None,
        skip_deleted: bool = False,
        anchors: list[tuple[Any, Any, Alternative | None]] | None = None,
    ) -> None:
        """Write *items* into *parent*; marks become tracked changes by their source.

        Inside a proposal, marks carry no source: *author*/*source* (the
        alternative's) are used. *skip_deleted* leaves out deleted words (a
        competing alternative shows only its own wording).
        """
        for item in items:
            if isinstance(item, Text | NoteRef):
                self.runs(parent, (item,))
            elif isinstance(item, Mark):
                if item.op == "del" and skip_deleted:
                    continue
                src = item.source or source
                holder = self.change(parent, item.op, src, author if item.source is None else "")
                self.runs(holder, item.runs, deleted=item.op == "del")
            elif isinstance(item, Proposal):
                self.proposal(parent, item, anchors)

    def proposal(
        self, parent: Any, prop: Proposal, anchors: list[tuple[Any, Any, Alternative | None]] | None
    ) -> None:
        """Competing proposals: the first in place, the others (and sub-amendments) each as
        its own wording inserted after it, by its proposers (Word cannot strike the same
        words twice, so Reject All still gives the text as it stands)."""
        for n, alt in enumerate(prop.alternatives):
            start = len(parent)
            if n:
                self.own_wording(parent, alt)
            elif alt.action.startswith("add a footnote"):
                self.proposed_footnote(parent, alt)
            else:
                self.inline(parent, alt.runs, author=alt.source.by, source=alt.source)
            if anchors is not None and len(parent) > start:
                anchors.append((parent[start], parent[len(parent) - 1], alt))
            for sub in alt.subs:
                holder = self.own_wording(parent, sub)
                if anchors is not None:
                    anchors.append((holder, holder, sub))

    def own_wording(self, parent: Any, alt: Alternative) -> Any:
        """An alternative's whole wording as one insertion by its proposers; returns it."""
        holder = self.change(parent, "ins", alt.source, alt.source.by)
        self.text_run(holder, " ")
        self.alternative_words(holder, alt)
        return holder

    def alternative_words(self, holder: Any, alt: Alternative) -> None:
        """The words an alternative proposes, all inside one insertion (*holder*)."""
        if alt.action.startswith("add a footnote"):
            self.text_run(holder, "[footnote: ")
            for item in alt.runs:
                if isinstance(item, Mark):
                    self.runs(holder, item.runs)
            self.text_run(holder, "]")
            return
        for item in alt.runs:
            if isinstance(item, Text | NoteRef):
                self.runs(holder, (item,))
            elif isinstance(item, Mark) and item.op == "ins":
                self.runs(holder, item.runs)

    def proposed_footnote(self, parent: Any, alt: Alternative) -> None:
        """An add-footnote proposal: a tracked footnote call and a tracked footnote."""
        holder = self.change(parent, "ins", alt.source, alt.source.by)
        note_id = 1000 + len(self.footnotes)
        r = _styled(holder, "w:r", "w:rPr", _BUILT_IN[FOOTNOTE_REFERENCE])
        _sub(r, "w:footnoteReference", {"w:id": str(note_id)})
        note = _sub(self.footnotes, "w:footnote", {"w:id": str(note_id)})
        p = _styled(note, "w:p", "w:pPr", "PoAFootnoteText")
        self.mark_paragraph(p, "ins", alt.source, alt.source.by)
        inner = self.change(p, "ins", alt.source, alt.source.by)
        _sub(_styled(inner, "w:r", "w:rPr", _BUILT_IN[FOOTNOTE_REFERENCE]), "w:footnoteRef")
        self.text_run(inner, " ")
        for item in alt.runs:
            if isinstance(item, Mark):
                self.runs(inner, item.runs)

    # ------------------------------------------------------------------ comments

    def comment(
        self, paragraph: Any, first: Any, last: Any, source: Attribution, lines: Sequence[str]
    ) -> None:
        """A Word comment by *source* around the elements *first* … *last* of *paragraph*.

        Written into the comments part python-docx made (its add_comment looks for a
        free id with an XPath over every comment: quadratic on a compilation).
        """
        self.comments += 1
        cid = str(self.comments)
        note = _sub(
            self.comment_part,
            "w:comment",
            {"w:id": cid, "w:author": source.by or CHAIR, "w:date": self.date_of(source),
             "w:initials": source.label[:8]},
        )  # fmt: skip
        for k, line in enumerate(lines):
            p = _styled(note, "w:p", "w:pPr", "CommentText")
            if k == 0:
                _sub(_styled(p, "w:r", "w:rPr", "CommentReference"), "w:annotationRef")
            self.text_run(p, line)
        # The range and the reference are made at the end of the paragraph, then placed.
        start = _sub(paragraph, "w:commentRangeStart", {"w:id": cid})
        end = _sub(paragraph, "w:commentRangeEnd", {"w:id": cid})
        ref = _styled(paragraph, "w:r", "w:rPr", "CommentReference")
        _sub(ref, "w:commentReference", {"w:id": cid})
        first.addprevious(start)
        last.addnext(end)
        end.addnext(ref)

    def about(self, alt: Alternative, label: str = "") -> list[str]:
        """The lines of the comment on a proposal: who, when, why, and the positions."""
        src = alt.source
        entry = self.prov.entries.get(src.amendment or "")
        head = f"{src.amendment}: {src.by}" if src.amendment else src.by
        if entry is not None and entry.submitted:
            head += f", {entry.submitted}"
        lines = [head]
        if label or alt.label:
            lines.append(label or alt.label)
        if alt.action:
            lines.append(alt.action.rstrip(":"))
        if entry is not None:
            lines.append(entry.action)
            if entry.rationale:
                lines.append(f"Rationale: {entry.rationale}")
        if src.supported_by:
            lines.append("Supported by: " + ", ".join(src.supported_by))
        if src.opposed_by:
            lines.append("Opposed by: " + ", ".join(src.opposed_by))
        for sub in alt.subs:
            lines.append(f"Sub-amendment {sub.source.title}: {_plain_change(sub.runs)}")
        return lines

    # ------------------------------------------------------------------ paragraphs

    def label_and_words(self, p: Any, label: str, part_id: str, bookmark: bool) -> Any:
        """The printed number, then a bookmark (clean view) where the clause's words begin."""
        if label:
            self.text_run(p, f"{label}\t", style="PoA Number")
        if bookmark:
            bid = self.new_id()
            _sub(p, "w:bookmarkStart", {"w:id": bid, "w:name": bookmark_name(part_id)})
            return bid
        return None

    def block(
        self,
        style: str,
        part_id: str,
        label: str,
        runs: Sequence[Inline],
        change: str | None,
        source: Attribution | None,
        notes: Sequence[Note],
    ) -> Any:
        p = self.paragraph(style)
        bid = self.label_and_words(p, label, part_id, self.paper.view == "clean")
        anchors: list[tuple[Any, Any, Alternative | None]] = []
        if change == "proposed" and source is not None:
            holder = self.change(p, "ins", source)
            self.inline(holder, runs, author=source.by, source=source)
            self.mark_paragraph(p, "ins", source)
            anchors.append((holder, holder, Alternative("", source, ())))
        elif change in ("ins", "del"):
            self.inline(p, runs)
            self.mark_paragraph(p, change, source)
        else:
            whole = self.whole_paragraph(notes)
            if whole is not None:
                self.deleted_plain(p, runs, whole, anchors)
            else:
                self.inline(p, runs, anchors=anchors)
        if bid is not None:
            _sub(p, "w:bookmarkEnd", {"w:id": bid})
        for first, last, anchored in anchors:
            if anchored is not None:
                self.comment(p, first, last, anchored.source, self.about(anchored))
        self.paragraph_notes(p, notes, whole_used=self.whole_paragraph(notes))
        return p

    @staticmethod
    def whole_paragraph(notes: Sequence[Note]) -> Note | None:
        """The first proposal to delete or replace the whole paragraph (shown as a deletion)."""
        for note in notes:
            if note.what.startswith(("Delete the", "Replace the")):
                return note
        return None

    def deleted_plain(
        self,
        p: Any,
        runs: Sequence[Inline],
        note: Note,
        anchors: list[tuple[Any, Any, Alternative | None]],
    ) -> None:
        """The paragraph's own words struck through by the proposal to delete or replace it."""
        src = note.alternative.source
        start = len(p)
        for item in runs:
            if isinstance(item, Text | NoteRef):
                holder = self.change(p, "del", src, src.by)
                self.runs(holder, (item,), deleted=True)
            else:
                self.inline(p, (item,), anchors=anchors)
        if len(p) > start:
            anchors.append((p[start], p[len(p) - 1], replace_label(note)))

    def paragraph_notes(self, p: Any, notes: Sequence[Note], whole_used: Note | None) -> None:
        for note in notes:
            alt = note.alternative
            if note.what.startswith("Replace the"):
                q = self.paragraph("PoA Paragraph")
                holder = self.change(q, "ins", alt.source, alt.source.by)
                self.alternative_words(holder, alt)
                self.mark_paragraph(q, "ins", alt.source, alt.source.by)
                if note is not whole_used:
                    self.comment(q, holder, holder, alt.source, self.about(alt, note.what))
                continue
            if note is whole_used:
                continue
            q = self.paragraph("PoA Note")
            first = self.text_run(q, f"{note.what}" + (": " if alt.runs else ""))
            self.inline(q, alt.runs, author=alt.source.by, source=alt.source)
            self.text_run(q, f" ({alt.source.title})")
            self.comment(q, first, q[len(q) - 1], alt.source, self.about(alt, note.what))

    def sub_paragraphs(self, items: Sequence[SubParagraph]) -> None:
        for sub in items:
            style = "PoA Sub-paragraph" if sub.depth == 0 else "PoA Sub-paragraph 2"
            self.block(style, sub.id, sub.label, sub.runs, sub.change, sub.source, sub.notes)
            self.sub_paragraphs(sub.items)

    def body_paragraph(self, para: Paragraph) -> None:
        if para.moved:
            self.paragraph("PoA Note", para.moved)
        style = (
            "PoA Preambular" if para.kind == "preambular" and not para.number else "PoA Paragraph"
        )
        label = f"{para.number}." if para.number else ""
        self.block(style, para.id, label, para.runs, para.change, para.source, para.notes)
        self.sub_paragraphs(para.items)


def replace_label(note: Note) -> Alternative:
    alt = note.alternative
    return Alternative(alt.label, alt.source, alt.runs, note.what.rstrip(":"), alt.subs)


def _plain_change(runs: Iterable[Inline | Mark]) -> str:
    """A proposal's words as one line: [-deleted-] {+inserted+}."""
    out: list[str] = []
    for r in runs:
        if isinstance(r, Text):
            out.append(r.text)
        elif isinstance(r, NoteRef):
            out.append(f"({r.number})")
        elif isinstance(r, Mark):
            inner = _plain_change(r.runs)
            out.append(f"[-{inner}-]" if r.op == "del" else f"{{+{inner}+}}")
    return "".join(out)


def _masthead(w: _Writer) -> None:
    """The UN masthead: organ and symbol on one line, distribution, date and original
    language flush right beneath (tab stops of the "PoA Masthead" style)."""
    m = w.paper.masthead
    w.paragraph("PoA Organization", f"{m.organization}\t{m.symbol}")
    w.paragraph(
        "PoA Masthead", f"{m.body}\t" + (f"Distr.: {m.distribution}" if m.distribution else "")
    )
    for line in (m.date, f"Original: {m.original}" if m.original else ""):
        if line:
            w.paragraph("PoA Masthead", f"\t{line}")
    for line in (m.session, m.agenda_item):
        if line:
            w.paragraph("PoA Session", line)
    w.paragraph("PoA Title", w.paper.title)
    if w.paper.subtitle:
        w.paragraph("PoA Subtitle", w.paper.subtitle)
    if w.paper.note:
        w.paragraph("PoA Note", w.paper.note)
    if w.paper.opening:
        w.paragraph("PoA Opening", w.paper.opening)


def _legend(w: _Writer) -> None:
    if not w.paper.legend:
        return
    w.paragraph("PoA Annex Heading", "Sources of the changes")
    for e in w.paper.legend:
        w.paragraph("PoA Annex Entry", f"{e.label}: {e.by}. {e.action} ({e.count})")


def _apart(w: _Writer, heading: str, notes: Sequence[Note]) -> None:
    if not notes:
        return
    w.paragraph("PoA Heading", heading)
    for note in notes:
        alt = note.alternative
        q = w.paragraph("PoA Note")
        where = f"{note.where}: " if note.where else ""
        what = f"{note.what} " if note.what else ""
        w.text_run(q, f"{where}{what}({alt.source.title}) {alt.action} ".replace("  ", " "))
        w.formatted(q, alt.runs)


def _annex(w: _Writer) -> None:
    annex = w.paper.annex
    if annex is None:
        return
    p = w.paragraph("PoA Title", annex.title)
    r = _sub(p, "w:r")
    _sub(r, "w:br", {"w:type": "page"})
    p.insert(1, r)  # before the words, after the paragraph's properties
    for part in annex.parts:
        w.paragraph("PoA Annex Heading", part.heading)
        for e in part.entries:
            bits = [f"{e.id}", e.target, e.action, f"Proposed by: {e.proposed_by}"]
            if e.supported_by:
                bits.append("Supported by: " + ", ".join(e.supported_by))
            if e.opposed_by:
                bits.append("Opposed by: " + ", ".join(e.opposed_by))
            bits.append(e.status + (f", {e.submitted}" if e.submitted else ""))
            if e.session:
                bits.append(e.session)
            if e.rationale:
                bits.append(f"Rationale: {e.rationale}")
            w.paragraph("PoA Annex Entry", ". ".join(b.rstrip(".") for b in bits if b) + ".")


def _page(document: Any, paper: Paper) -> None:
    """A4, UN margins, the symbol in the running header and the page number in the footer."""
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.header.paragraphs[0].text = paper.masthead.symbol
    footer = section.footer.paragraphs[0]._p
    _sub(footer, "w:fldSimple", {"w:instr": "PAGE"})


def _footnotes_part(document: Any) -> Any:
    """Add a footnotes part (separators 0 and -1, as Word writes them); return its root."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml

    xml = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    element = parse_xml(xml)
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        element,
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's template carries a picture of itself
            package.rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):  # Word 2010's copy of the styles
            document.part.rels.pop(rid)
    return element


def _core(document: Any, paper: Paper, created: str) -> None:
    props = document.core_properties
    when = (
        datetime.combine(date.fromisoformat(created), datetime.min.time(), UTC)
        if created
        else datetime(2000, 1, 1, tzinfo=UTC)
    )
    props.title = paper.title
    props.subject = paper.masthead.symbol
    props.author = "United Nations"
    props.last_modified_by = "poa"
    props.comments = paper.subtitle
    props.keywords = f"poa:{paper.document}:{paper.view}"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


class _FixedZip:
    """The zip python-docx's package writer writes into: every member with the same fixed
    timestamp and mode, so the same paper gives the same bytes (decision 41)."""

    def __init__(self, stream: io.BytesIO) -> None:
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        self.zip.writestr(info, blob)

    def close(self) -> None:
        self.zip.close()


def _save(document: Any) -> bytes:
    """The package's bytes, written by python-docx's own package writer into a fixed zip."""
    from docx.opc.pkgwriter import PackageWriter

    writer: Any = PackageWriter  # its helpers are untyped
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    stream = io.BytesIO()
    out = _FixedZip(stream)
    writer._write_content_types_stream(out, parts)
    writer._write_pkg_rels(out, package.rels)
    writer._write_parts(out, parts)
    out.close()
    return stream.getvalue()


def write_paper(paper: Paper, prov: Provenance) -> bytes:
    """Return *paper* as the bytes of a .docx (the same paper always gives the same bytes)."""
    import docx

    document = docx.Document()
    _styles(document)
    _page(document, paper)
    body = document.element.body
    for p in list(body.iterchildren(_qn("w:p"))):
        body.remove(p)
    comments = document.comments._comments_elm  # python-docx adds the part and its styles
    page = body.sectPr
    body.remove(page)  # paragraphs are appended, then the page settings close the body
    w = _Writer(document, paper, prov, _footnotes_part(document), comments, body)
    _masthead(w)
    for section in paper.sections:
        if section.heading or section.label:
            heading = f"{section.label}. {section.heading}" if section.label else section.heading
            w.paragraph("PoA Heading", heading)
        for para in section.paragraphs:
            w.body_paragraph(para)
    w.write_footnotes()
    _apart(w, "Proposals that could not be placed in the text", paper.unplaced)
    _apart(w, "Proposals by accredited stakeholders", paper.stakeholders)
    _legend(w)
    _annex(w)
    body.append(page)
    _core(document, paper, prov.created)
    return _save(document)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text: ``equal``, ``ins`` or ``del``, and its author."""

    op: str
    text: str
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class WordParagraph:
    """A paragraph of the body as Word holds it.

    ``part`` is the bookmark poa put on the words of a clause or sub-paragraph
    (None elsewhere); ``label`` the pieces before the bookmark (the printed
    number); ``pieces`` the words; ``mark`` "ins"/"del" when the paragraph mark
    itself is a tracked change, with ``mark_author``.
    """

    part: str | None
    label: tuple[Piece, ...]
    pieces: tuple[Piece, ...]
    mark: str | None = None
    mark_author: str = ""


@dataclass(frozen=True)
class WordText:
    """The paragraphs of a DOCX, and the tracked changes found outside the body's paragraphs."""

    paragraphs: tuple[WordParagraph, ...]
    elsewhere: tuple[Piece, ...]


# Tracked changes as Word and LibreOffice write them (a move is a deletion and an insertion).
_TRACKED = {_W + "ins": "ins", _W + "moveTo": "ins", _W + "del": "del", _W + "moveFrom": "del"}

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_\-./\[\]]+$")


def _check_members(zf: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise NotWord(f"has {len(infos):,} members, over the limit of {MAX_MEMBERS:,}", path=path)
    total = 0
    names: set[str] = set()
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name)
        if (
            not _SAFE_NAME.match(name)
            or name.startswith("/")
            or "\\" in name
            or ".." in pure.parts
            or ":" in name
            or stat.S_ISLNK(info.external_attr >> 16)
        ):
            raise NotWord(f"refused: member name {name!r} points outside the package", path=path)
        if name.lower() in names:
            raise NotWord(f"refused: member {name!r} appears twice", path=path)
        names.add(name.lower())
        if info.flag_bits & 0x1:
            raise NotWord("refused: the package is encrypted", path=path)
        if info.file_size > MAX_MEMBER_BYTES:
            raise NotWord(
                f"refused: member {name!r} would inflate to {info.file_size:,} bytes", path=path
            )
        if info.file_size > 64 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise NotWord(f"refused: member {name!r} is a zip bomb (compression ratio)", path=path)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise NotWord(f"refused: the package would inflate to {total:,} bytes", path=path)
    return infos


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """Read one member, never past its declared size (a lying header cannot inflate more)."""
    chunks: list[bytes] = []
    got = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(65536):
                got += len(chunk)
                if got > info.file_size or got > MAX_MEMBER_BYTES:
                    raise NotWord(
                        f"refused: member {info.filename!r} inflates past its declared size",
                        path=path,
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise NotWord(f"damaged member {info.filename!r}: {exc}", path=path) from None
    return b"".join(chunks)


def open_package(path: Path) -> dict[str, bytes]:
    """Return the members of the DOCX at *path*, checked as a hostile zip.

    Raises NotWord for a file that is not a zip, too large, with a member name that
    escapes the package, a zip bomb (declared sizes or ratio, and the actual bytes
    read), an encrypted member, or without a Word main document part; every XML part
    is parsed by :mod:`poa_cli.formats.safexml` (no DTD, no entity).
    """

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotWord(f"cannot read the file: {exc.strerror}", path=path) from None
    if size > MAX_FILE_BYTES:
        raise NotWord(f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}", path=path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotWord(
            "not a Word document (.docx is a zip package; this is not one)", path=path
        ) from None
    with zf:
        infos = _check_members(zf, path)
        members = {
            info.filename: _read_member(zf, info, path) for info in infos if not info.is_dir()
        }
    if "[Content_Types].xml" not in members or "word/document.xml" not in members:
        raise NotWord("not a Word document (no word/document.xml)", path=path)
    for name, data in members.items():
        if name.endswith((".xml", ".rels")):
            safexml.parse_bytes(data, path=f"{path}!{name}", max_bytes=MAX_MEMBER_BYTES)
    return members


def _piece_text(r: Any) -> str:
    out: list[str] = []
    for child in r:
        tag = child.tag
        if tag in (_W + "t", _W + "delText"):
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("\u2011")
        elif tag == _W + "footnoteReference":
            out.append(NOTE_CALL)
    return "".join(out)


def _walk(
    el: Any,
    op: str,
    author: str,
    date_: str,
    emit: Callable[[Piece], None],
    bookmark: Callable[[str], None],
) -> None:
    for child in el:
        tag = child.tag
        if tag == _W + "r":
            text = _piece_text(child)
            if text:
                emit(Piece(op, text, author, date_))
        elif tag in _TRACKED:
            when = child.get(_W + "date", "")
            _walk(child, _TRACKED[tag], child.get(_W + "author", ""), when, emit, bookmark)
        elif tag == _W + "bookmarkStart":
            bookmark(child.get(_W + "name", ""))
        elif tag in (
            _W + "hyperlink",
            _W + "smartTag",
            _W + "sdt",
            _W + "sdtContent",
            _W + "fldSimple",
            _W + "customXml",
        ):
            _walk(child, op, author, date_, emit, bookmark)


def _paragraph(p: Any, names: Mapping[str, str]) -> WordParagraph:
    label: list[Piece] = []
    words: list[Piece] = []
    part: list[str] = []

    def emit(piece: Piece) -> None:
        (words if part else label).append(piece)

    def bookmark(name: str) -> None:
        if not part and name in names:
            part.append(names[name])

    _walk(p, "equal", "", "", emit, bookmark)
    mark = None
    mark_author = ""
    rpr = p.find(f"{_W}pPr/{_W}rPr")
    if rpr is not None:
        for op, tag in (("ins", "ins"), ("del", "del")):
            found = rpr.find(_W + tag)
            if found is not None:
                mark, mark_author = op, found.get(_W + "author", "")
    if not part:
        return WordParagraph(None, (), tuple(label), mark, mark_author)
    return WordParagraph(part[0], tuple(label), tuple(words), mark, mark_author)


def read_tracked(path: Path, part_ids: Iterable[str]) -> WordText:
    """Return the paragraphs of the DOCX at *path* with their tracked changes.

    *part_ids* are the clause and sub-paragraph ids of the document: a paragraph
    whose bookmark names one of them is tagged with it. Raises NotWord (see
    :func:`open_package`).
    """
    import docx

    members = open_package(path)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    try:
        document = docx.Document(io.BytesIO(data.getvalue()))
    except Exception as exc:  # python-docx raises many kinds for a package that is not Word's
        raise NotWord(f"not a Word document ({type(exc).__name__})", path=path) from None
    names = {bookmark_name(pid): pid for pid in part_ids}
    body = document.element.body
    paragraphs = tuple(_paragraph(p, names) for p in body.iter(_qn("w:p")))
    elsewhere: list[Piece] = []
    parts: list[Any] = []
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in (
            "footnotes",
            "endnotes",
            "header",
            "footer",
        ):
            parts.append(rel.target_part)
    for part in parts:
        element = getattr(part, "element", None)
        if element is None:
            continue
        for change in element.iter(_W + "ins", _W + "del"):
            if change.getparent() is not None and change.getparent().tag == _W + "rPr":
                continue
            text = "".join(_piece_text(r) for r in change.iter(_W + "r"))
            elsewhere.append(
                Piece(change.tag.rsplit("}", 1)[-1], text, change.get(_W + "author", ""))
            )
    return WordText(paragraphs, tuple(elsewhere))
