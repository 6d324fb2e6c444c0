"""Reading an adopted UN resolution in Akoma Ntoso (AKN4UN) into plain values.

The file comes from outside: it is parsed only through :mod:`poa_cli.formats.safexml`
(no DTD, no entity, no network, a size limit). What is read is format-neutral
(:class:`Resolution`, :class:`Part`, :class:`Paragraph`, :class:`SubParagraph`);
:mod:`poa_cli.actions.rollover` turns it into poa's clauses and sections.

Text is kept word for word: italic spans become ``*emphasis*`` (the lead words,
``*Recalling*``), an ``<authorialNote>`` becomes a ``[^marker]`` call where it is
cited with its text as the clause's footnote, links keep their text, quotes,
dashes and non-breaking spaces stay as they are; only runs of ASCII whitespace
(the tabs and line breaks of the markup) are folded to one space. Structure poa
cannot represent (a table, text after a list) is refused naming the element and
its eId: nothing is ever imported by halves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli.domain.model import ClauseKind
from poa_cli.errors import PoaError
from poa_cli.formats.safexml import parse_file

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_NS = "{" + AKN_NS + "}"
MAX_BYTES = 20 * 1024 * 1024

#: AKN (ISO 639-2/B-like, as the UN writes them) ⇄ poa's two-letter codes.
LANGUAGES: dict[str, str] = {
    "eng": "en",
    "fra": "fr",
    "spa": "es",
    "rus": "ru",
    "ara": "ar",
    "zho": "zh",
    "chi": "zh",
    "fre": "fr",
}
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
    "zh": "Chinese",
}

_WS = re.compile(r"[ \t\r\n]+")
# Hierarchical containers that only group paragraphs under a heading.
_GROUPS = frozenset(
    {"section", "part", "title", "chapter", "subsection", "division", "subdivision", "book"}
)
_INVISIBLE = frozenset({"img", "num", "authorialNote"})


class AknError(PoaError):
    """A file poa will not roll over: not Akoma Ntoso, not a resolution, or unrepresentable."""


@dataclass(frozen=True)
class SubParagraph:
    """A ``<point>`` (or blockList ``<item>``): its label as printed, text and sub-points."""

    eid: str
    label: str
    text: str
    items: tuple[SubParagraph, ...] = ()
    wid: str | None = None  # poa's id, when the file was written by poa


@dataclass(frozen=True)
class Paragraph:
    """A preambular ``<container>``, an operative ``<paragraph>`` or an annex paragraph."""

    eid: str
    kind: ClauseKind
    text: str
    lead: str  # the italic lead words, or the first words: used to name the clause
    items: tuple[SubParagraph, ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()  # (marker, text) in citing order
    footnote_eids: tuple[str, ...] = ()
    wid: str | None = None  # poa's clause id, when the file was written by poa


@dataclass
class Part:
    """A run of paragraphs under one heading (or none): poa's section."""

    key: str  # where it came from: "preamble", "body", an eId, "annex-1" ...
    heading: str | None
    annex: str | None = None  # "annex-1" … for the parts of an <attachment>
    paragraphs: list[Paragraph] = field(default_factory=list)
    wid: str | None = None  # poa's section id, when the file was written by poa


@dataclass
class Resolution:
    """An adopted resolution as read from one Akoma Ntoso file (one language)."""

    path: Path
    language: str  # two-letter code
    symbol: str
    title: str
    body: str
    distribution: str
    issued: date | None
    adopted: date | None
    session: str | None
    agenda_item: str | None
    opening: str | None
    work: str | None  # the FRBR Work IRI
    parts: list[Part]
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        """Return every paragraph in reading order."""
        return [p for part in self.parts for p in part.paragraphs]


# --------------------------------------------------------------------------- helpers


def local(el: Any) -> str:
    """Return the local name of element *el* ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def fold(text: str) -> str:
    """Fold runs of ASCII whitespace to one space and strip; other characters stay."""
    return _WS.sub(" ", text).strip()


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        d = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return d if d.year > 1 else None


def _children(el: Any) -> list[Any]:
    return [c for c in el if isinstance(c.tag, str)]


def _first(el: Any, path: str) -> Any:
    found = el.find(path.replace("akn:", _NS))
    return found


class _Inline:
    """Turns mixed content into poa's inline syntax, collecting the footnotes it cites."""

    def __init__(self, reader: _Reader, eid: str) -> None:
        self.reader = reader
        self.eid = eid
        self.tokens: list[tuple[str, str, bool]] = []  # (kind, text, italic)
        self.notes: list[tuple[str, str]] = []
        self.note_eids: list[str] = []

    def walk(self, el: Any, italic: bool) -> None:
        if el.text:
            self.tokens.append(("t", el.text, italic))
        for child in el:
            name = local(child)
            if name == "authorialNote":
                self.note(child)
            elif name in ("eol", "br", "eop"):
                self.tokens.append(("t", " ", italic))
            elif name in ("img",):
                pass
            elif name in _BLOCKS:
                self.reader.refuse(child, self.eid)
            elif name:
                cls = (child.get("class") or "").split()
                self.walk(child, italic or "italic" in cls or name == "i")
            if child.tail:
                self.tokens.append(("t", child.tail, italic))

    def note(self, el: Any) -> None:
        marker = (el.get("marker") or "").strip()
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", marker):
            marker = f"n{len(self.reader.note_markers) + 1}"
        while marker in self.reader.note_markers:
            marker += "-b"
        self.reader.note_markers.add(marker)
        inner = _Inline(self.reader, el.get("eId") or self.eid)
        parts = []
        for child in _children(el):
            if local(child) == "p":
                sub = _Inline(self.reader, inner.eid)
                sub.walk(child, False)
                parts.append(sub.result())
            else:
                self.reader.refuse(child, inner.eid)
        text = " ".join(p for p in parts if p) or fold("".join(el.itertext()))
        if not text:
            self.reader.warn(f"empty footnote {marker} in {self.eid} left out")
            return
        self.tokens.append(("n", marker, False))
        self.notes.append((marker, text))
        self.note_eids.append(el.get("eId") or "")

    def result(self) -> str:
        # Merge neighbours of one style; an italic run separated from the next only
        # by spaces joins it ("*Recalling also*").
        merged: list[tuple[str, str, bool]] = []
        for kind, text, em in self.tokens:
            if kind == "t" and merged and merged[-1][0] == "t":
                pk, pt, pe = merged[-1]
                if pe == em or not text.strip():
                    merged[-1] = (pk, pt + text, pe)
                    continue
            merged.append((kind, text, em))
        out: list[str] = []
        for kind, text, em in merged:
            if kind == "n":
                out.append(f"[^{text}]")
            elif em and text.strip() and "*" not in text:
                core = fold(text)
                lead = " " if text[:1].isspace() else ""
                trail = " " if text[-1:].isspace() else ""
                out.append(f"{lead}*{core}*{trail}")
            else:
                out.append(text)
        return fold("".join(out))


_BLOCKS = frozenset(
    {"table", "blockList", "list", "foreign", "embeddedStructure", "subFlow", "toc", "tblock"}
)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.note_markers: set[str] = set()

    def fail(self, message: str) -> AknError:
        return AknError(message, path=self.path)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def refuse(self, el: Any, where: str) -> None:
        eid = el.get("eId") or where
        what = {
            "table": "a table",
            "wrapUp": "text after a list of sub-paragraphs (<wrapUp>)",
        }.get(local(el), f"<{local(el)}>")
        line = getattr(el, "sourceline", None)
        raise AknError(
            f"{what} in {eid}: poa cannot represent it, so the file is not rolled over",
            path=self.path,
            line=line,
            hint="roll over a text without it, or add the part by hand after 'poa init'",
        )

    def inline(self, el: Any, eid: str) -> _Inline:
        ink = _Inline(self, eid)
        ink.walk(el, False)
        return ink


def _lead(text: str) -> str:
    m = re.match(r"\*([^*]+)\*", text)
    if m:
        return m.group(1)
    words = re.sub(r"\[\^[^\]]*\]", "", text).replace("*", "").split()
    return " ".join(words[:5])


# --------------------------------------------------------------------------- structure


class _Body:
    """Walks a preamble, mainBody or annex body into parts of paragraphs."""

    def __init__(self, reader: _Reader, parts: list[Part], annex: str | None) -> None:
        self.r = reader
        self.parts = parts
        self.annex = annex

    @property
    def current(self) -> Part:
        return self.parts[-1]

    def start(self, key: str, heading: str | None, wid: str | None = None) -> None:
        cur = self.parts[-1] if self.parts else None
        if cur is not None and not cur.paragraphs and cur.heading is None and heading:
            cur.heading = heading  # a heading right at the start of a headless part
            cur.key = key
            cur.wid = wid
            return
        self.parts.append(Part(key, heading, self.annex, wid=wid))

    def paragraph(
        self, el: Any, kind: ClauseKind, text: str, ink: _Inline, items: tuple[SubParagraph, ...]
    ) -> None:
        eid = el.get("eId") or f"{local(el)}-{el.sourceline}"
        if not text and not items:
            self.r.warn(f"empty paragraph {eid} left out")
            return
        if not text:
            raise AknError(
                f"the sub-paragraphs of {eid} have no introductory text",
                path=self.r.path,
                line=el.sourceline,
            )
        self.current.paragraphs.append(
            Paragraph(
                eid=eid, kind=kind, text=text, lead=_lead(text), items=items,
                footnotes=tuple(ink.notes), footnote_eids=tuple(ink.note_eids),
                wid=el.get("wId"),
            )
        )  # fmt: skip

    # ---- the pieces

    def heading_of(self, el: Any) -> str | None:
        bits = []
        for child in _children(el):
            name = local(child)
            if name in ("num", "heading", "subheading"):
                ink = self.r.inline(child, el.get("eId") or "")
                if ink.notes:
                    self.r.warn(f"footnote on the heading of {el.get('eId')} kept in its text")
                text = fold("".join(child.itertext())) if ink.notes else ink.result()
                text = text.replace("*", "")
                if text:
                    bits.append(text)
        if not bits:
            return None
        return " ".join(bits)

    def text_of(self, el: Any, eid: str) -> tuple[str, _Inline]:
        """The text of a block holding <p>s (content, intro, container …)."""
        ink = _Inline(self.r, eid)
        first = True
        for child in _children(el):
            name = local(child)
            if name == "p":
                if not first:
                    ink.tokens.append(("t", "\n", False))
                ink.walk(child, False)
                first = False
            else:
                self.r.refuse(child, eid)
        return ink.result(), ink

    def points(self, owner: str, els: list[Any], ink: _Inline) -> tuple[SubParagraph, ...]:
        out: list[SubParagraph] = []
        for el in els:
            name = local(el)
            if name in ("point", "item", "indent", "alinea"):
                out.append(self.point(el, ink))
            elif name == "sublist" and out:
                prev = out[-1]
                subs = self.points(owner, _children(el), ink)
                out[-1] = SubParagraph(prev.eid, prev.label, prev.text, prev.items + subs, prev.wid)
            elif name in ("num",):
                continue
            else:
                self.r.refuse(el, owner)
        return tuple(out)

    def point(self, el: Any, ink: _Inline) -> SubParagraph:
        eid = el.get("eId") or f"point-{el.sourceline}"
        label = ""
        text = ""
        items: tuple[SubParagraph, ...] = ()
        for child in _children(el):
            name = local(child)
            if name == "num":
                label = fold("".join(child.itertext()))
            elif name == "content":
                text = self._collect(child, eid, ink)
            elif name == "p":
                sub = _Inline(self.r, eid)
                sub.walk(child, False)
                text = (text + " " + self._merge(sub, ink)).strip()
            elif name == "list":
                text, items = self.list_(child, eid, ink)
            elif name in ("heading", "subheading"):
                self.r.refuse(child, eid)
            else:
                self.r.refuse(child, eid)
        if not text:
            raise AknError(f"sub-paragraph {eid} has no text", path=self.r.path, line=el.sourceline)
        return SubParagraph(eid, label, text, items, el.get("wId"))

    def _merge(self, sub: _Inline, ink: _Inline) -> str:
        ink.notes.extend(sub.notes)
        ink.note_eids.extend(sub.note_eids)
        return sub.result()

    def _collect(self, el: Any, eid: str, ink: _Inline) -> str:
        text, sub = self.text_of(el, eid)
        ink.notes.extend(sub.notes)
        ink.note_eids.extend(sub.note_eids)
        return text

    def list_(self, el: Any, eid: str, ink: _Inline) -> tuple[str, tuple[SubParagraph, ...]]:
        intro = ""
        rest = []
        for child in _children(el):
            name = local(child)
            if name in ("intro", "listIntroduction"):
                if name == "listIntroduction":
                    sub = _Inline(self.r, eid)
                    sub.walk(child, False)
                    intro = self._merge(sub, ink)
                else:
                    intro = self._collect(child, eid, ink)
            elif name in ("wrapUp", "listWrapUp"):
                self.r.refuse(child, eid)
            else:
                rest.append(child)
        return intro, self.points(eid, rest, ink)

    def container(self, el: Any, kind: ClauseKind) -> None:
        eid = el.get("eId") or f"container-{el.sourceline}"
        ink = _Inline(self.r, eid)
        kids = _children(el)
        if len(kids) == 1 and local(kids[0]) == "blockList":
            text, items = self.list_(kids[0], eid, ink)
            self.paragraph(el, kind, text, ink, items)
            return
        text = ""
        for child in kids:
            if local(child) == "p":
                sub = _Inline(self.r, eid)
                sub.walk(child, False)
                piece = self._merge(sub, ink)
                text = f"{text}\n{piece}" if text else piece
            else:
                self.r.refuse(child, eid)
        self.paragraph(el, kind, text, ink, ())

    def hier_paragraph(self, el: Any, kind: ClauseKind) -> None:
        eid = el.get("eId") or f"paragraph-{el.sourceline}"
        ink = _Inline(self.r, eid)
        heading_bits = []
        text = ""
        items: tuple[SubParagraph, ...] = ()
        has_body = False
        for child in _children(el):
            name = local(child)
            if name == "num":
                continue
            if name in ("heading", "subheading"):
                t = fold("".join(child.itertext()))
                if t:
                    heading_bits.append(t)
            elif name == "content":
                text = self._collect(child, eid, ink)
                has_body = True
            elif name == "list":
                text, items = self.list_(child, eid, ink)
                has_body = True
            elif name in ("intro",):
                text = self._collect(child, eid, ink)
                has_body = True
            elif name in ("point",):
                items = (*items, self.point(child, ink))
            else:
                self.r.refuse(child, eid)
        if heading_bits:
            self.start(eid, " ".join(heading_bits))
        if has_body or items:
            self.paragraph(el, kind, text, ink, items)

    def walk(self, el: Any, kind: ClauseKind) -> None:
        for child in _children(el):
            name = local(child)
            if name == "paragraph":
                own: ClauseKind = "preambular" if child.get("refersTo") == "#preamble" else kind
                self.hier_paragraph(child, own)
            elif name == "container":
                self.container(child, "preambular" if kind == "preambular" else kind)
            elif name == "crossHeading":
                eid = child.get("eId") or f"crossHeading-{child.sourceline}"
                if (child.get("refersTo") or "") == "#preamble":
                    ink = self.r.inline(child, eid)
                    self.paragraph(
                        child, "preambular" if self.annex is None else kind, ink.result(), ink, ()
                    )
                else:
                    self.start(eid, fold("".join(child.itertext())) or None)
            elif name in _GROUPS:
                eid = child.get("eId") or f"{name}-{child.sourceline}"
                self.start(eid, self.heading_of(child), child.get("wId"))
                self.walk(child, kind)
                self.start(f"{eid}-end", None)
            elif name in ("num", "heading", "subheading", "formula"):
                continue
            else:
                self.r.refuse(child, el.get("eId") or local(el))


def _drop_empty(parts: list[Part]) -> list[Part]:
    """Drop headless, empty parts (left where a group ended)."""
    return [p for p in parts if p.paragraphs or p.heading]


# --------------------------------------------------------------------------- reading


def read_resolution(path: Path, *, max_bytes: int = MAX_BYTES) -> Resolution:
    """Return the resolution in the Akoma Ntoso file at *path*.

    Raises AknError (one line naming the file) when the file is not XML poa
    accepts, not Akoma Ntoso, not one resolution (a ``documentCollection``), or
    holds structure poa cannot represent (naming the element and its eId).
    """

    root = parse_file(path, max_bytes=max_bytes)
    r = _Reader(path)
    if root.tag != f"{_NS}akomaNtoso":
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        if local(root) == "akomaNtoso":
            raise r.fail(f"Akoma Ntoso of another namespace ({ns}); poa reads AKN 3.0 ({AKN_NS})")
        raise r.fail(f"not an Akoma Ntoso file: its root element is <{local(root)}>")
    docs = _children(root)
    if not docs:
        raise r.fail("an empty Akoma Ntoso file: no document in it")
    doc = docs[0]
    kind = local(doc)
    if kind == "documentCollection":
        raise r.fail(
            "a <documentCollection> (several documents published together), not one resolution",
        )
    if kind not in ("statement", "resolution", "doc", "bill", "act"):
        raise r.fail(f"an Akoma Ntoso <{kind}>, not a resolution")
    body = _first(doc, "akn:mainBody")
    if body is None:
        body = _first(doc, "akn:body")
    if body is None:
        raise r.fail(f"no <mainBody> in this <{kind}>: there is no text to roll over")

    ident = _first(doc, "akn:meta/akn:identification")
    lang3 = ""
    work = None
    adopted = None
    if ident is not None:
        el = _first(ident, "akn:FRBRExpression/akn:FRBRlanguage")
        lang3 = (el.get("language") or "") if el is not None else ""
        el = _first(ident, "akn:FRBRWork/akn:FRBRthis")
        work = el.get("value") if el is not None else None
        el = _first(ident, "akn:FRBRWork/akn:FRBRdate")
        adopted = _date(el.get("date")) if el is not None else None
    language = LANGUAGES.get(lang3.lower(), "")
    if not language:
        raise r.fail(
            f"language {lang3!r} is not one of the six official languages"
            if lang3
            else "no <FRBRlanguage> in its <identification>: which language is it?"
        )

    cover = _first(doc, "akn:coverPage")
    preface = _first(doc, "akn:preface")

    def cover_text(path_: str, where: Any = cover) -> str | None:
        if where is None:
            return None
        found = where.find(path_.replace("akn:", _NS))
        if found is None:
            return None
        return fold("".join(found.itertext())) or None

    symbol = cover_text(".//akn:docNumber") or ""
    title = ""
    if preface is not None:
        found = preface.find(f".//{_NS}docTitle")
        if found is not None:
            title = fold("".join(found.itertext()))
    title = title or cover_text(".//akn:docTitle") or ""
    issuing = None
    distribution = "General"
    issued = None
    agenda = None
    agenda_name = None
    if cover is not None:
        for el in cover.iter(f"{_NS}docAuthority"):
            if (el.get("refersTo") or "") == "#issuingBody":
                issuing = fold("".join(el.itertext()))
        status = cover.find(f".//{_NS}docStatus")
        if status is not None:
            distribution = fold("".join(status.itertext())).split(":")[-1].strip() or "General"
        d = cover.find(f".//{_NS}docDate")
        issued = _date(d.get("date")) if d is not None else None
        for el in cover.iter(f"{_NS}inline"):
            if el.get("name") == "agenda item":
                agenda = fold("".join(el.itertext()))
            elif el.get("name") == "agenda item name":
                agenda_name = fold("".join(el.itertext()))
    session = cover_text(".//akn:session")
    if session is None and cover is not None:
        for el in cover.iter(f"{_NS}inline"):
            if el.get("name") == "session":
                session = fold("".join(el.itertext())) or None
    agenda_item = " ".join(x for x in (agenda, agenda_name) if x) or None
    if agenda and agenda_name:
        # How each language joins an item and its subject on a UN cover page
        # ("Agenda item 94: …", "Point 94 de l’ordre du jour : …", "البند 94 …، …").
        sep = {"ar": "، ", "zh": "：", "fr": " : "}.get(language, ": ")
        agenda_item = f"{agenda}{sep}{agenda_name}"
    if not symbol:
        raise r.fail("no document symbol (<docNumber>) on its cover page")

    parts: list[Part] = []
    opening = None
    preamble = _first(doc, "akn:preamble")
    if preamble is not None:
        formula = _first(preamble, "akn:formula")
        if formula is not None:
            opening = fold("".join(formula.itertext())) or None
        parts.append(Part("preamble", None))
        _Body(r, parts, None).walk(preamble, "preambular")
    parts.append(Part("operative", None))
    _Body(r, parts, None).walk(body, "operative")
    attachments = _first(doc, "akn:attachments")
    if attachments is not None:
        for n, att in enumerate(_children(attachments), start=1):
            annex = f"annex-{n}"
            inner = _children(att)
            if local(att) != "attachment" or not inner:
                r.refuse(att, "attachments")
            adoc = inner[0]
            abody = _first(adoc, "akn:mainBody")
            if abody is None:
                r.refuse(adoc, f"attachment {n}")
            parts.append(Part(annex, None, annex))
            _Body(r, parts, annex).walk(abody, "annex")
    parts = _drop_empty(parts)
    if not any(p.paragraphs for p in parts):
        raise r.fail("no paragraph in it: there is nothing to roll over")
    return Resolution(
        path=path,
        language=language,
        symbol=symbol,
        title=title or symbol,
        body=issuing or "General Assembly",
        distribution=distribution,
        issued=issued,
        adopted=adopted,
        session=session,
        agenda_item=agenda_item,
        opening=opening,
        work=work,
        parts=parts,
        warnings=r.warnings,
    )
