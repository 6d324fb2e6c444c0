"""Writing Akoma Ntoso 3.0 (the UN's AKN4UN profile) from plain values.

:mod:`poa_cli.actions.akn_export` prepares the text (numbered, consolidated,
with the pending proposals) as the values below; this module turns them into
XML that validates against the OASIS schema shipped in ``formats/akn-schema/``:

* a draft is ``<statement name="draftResolution">`` with FRBR Work / Expression /
  Manifestation IRIs under ``/akn/un/statement/draftResolution/…``;
* every paragraph has an eId in the UN's style (``container_2``, ``para_5``,
  ``para_5__list_1__point_a``) and carries poa's own clause id as its ``wId``,
  which survives renumbering (and lets ``poa init --from-akn`` keep the ids);
* States, groups and stakeholders that proposed, supported or objected are
  ``<TLCOrganization>`` references; the compilation is a ``<documentCollection>``
  of the draft and one ``<amendment>`` per pending proposal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from poa_cli.errors import PoaError
from poa_cli.formats.akn_read import AKN_NS
from poa_cli.render.people import un_date

LANG3: dict[str, str] = {
    "en": "eng",
    "fr": "fra",
    "es": "spa",
    "ru": "rus",
    "ar": "ara",
    "zh": "zho",
}
_E = "{" + AKN_NS + "}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EMPHASIS_RE = re.compile(r"\*(?=\S)([^*\n]*?\S)\*|\*(\S)\*")
_NOTE_RE = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9-]*)\]")
_TOKEN_RE = re.compile(f"{_EMPHASIS_RE.pattern}|{_NOTE_RE.pattern}")


class AknInvalid(PoaError):
    """poa wrote Akoma Ntoso that does not validate: a bug in poa, reported as such."""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class SubItem:
    """A sub-paragraph: its poa id, printed label ('(a)') and text."""

    id: str
    label: str
    text: str
    items: tuple[SubItem, ...] = ()


@dataclass(frozen=True)
class Para:
    """A paragraph: poa clause id, kind, printed number ('' when none), text, items, notes."""

    id: str
    kind: str
    number: str
    text: str
    items: tuple[SubItem, ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()
    lang: str | None = None  # "original": printed in the original language (no translation)


@dataclass(frozen=True)
class Block:
    """A section: poa section id, heading, the annex it belongs to, its paragraphs."""

    id: str
    heading: str | None
    annex: str | None
    paragraphs: tuple[Para, ...]


@dataclass(frozen=True)
class Masthead:
    """What the cover page and the FRBR identification say."""

    symbol: str
    title: str
    body: str
    distribution: str
    date: date | None
    session: str | None
    agenda_item: str | None
    opening: str | None
    lang: str
    doc_id: str
    version: str  # "working", "rev-1" …: names the Expression
    original: str = "en"  # the original language, for paragraphs awaiting translation


@dataclass(frozen=True)
class Party:
    """A State, group or stakeholder named in the paper (a TLCOrganization)."""

    code: str
    name: str
    kind: str  # memberState, observerState, group, organization, stakeholder


@dataclass(frozen=True)
class Proposal:
    """A pending amendment: who, what (as text / ins / del / ref pieces) and why."""

    id: str
    target: str  # the poa id of the clause, sub-paragraph or amendment it changes
    proposers: tuple[str, ...]
    on_behalf_of: str | None
    supporters: tuple[str, ...]
    objectors: tuple[str, ...]
    submitted: date | None
    rationale: str | None
    what: tuple[tuple[str, str], ...]  # ("text" | "ins" | "del" | "ref", words)
    stakeholder: bool = False


@dataclass
class _State:
    """Counters while writing one document (eIds are unique across the whole file)."""

    notes: int = 0
    para: int = 0
    seen: set[str] = field(default_factory=set)
    eid_of: dict[str, str] = field(default_factory=dict)  # poa id (wId) → eId
    original: str = "en"

    def eid(self, base: str) -> str:
        eid, n = base, 1
        while eid in self.seen:
            n += 1
            eid = f"{base}_{n}"
        self.seen.add(eid)
        return eid


# --------------------------------------------------------------------------- helpers


def _sub(
    parent: Any, tag: str, attrs: dict[str, str] | None = None, text: str | None = None
) -> Any:
    el = etree.SubElement(parent, _E + tag, {k: v for k, v in (attrs or {}).items() if v})
    if text is not None:
        el.text = text
    return el


def _append_text(parent: Any, text: str) -> None:
    """Append *text* after the last child of *parent* (or as its text)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _eid_part(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "", value) or "x"


def _number_part(symbol: str) -> str:
    """'A/C.1/80/L.1' → 'A-C.1-80-L.1' (an IRI component has no '/')."""
    return re.sub(r"[^A-Za-z0-9.()-]+", "-", symbol).strip("-") or "draft"


def _body_code(body: str) -> str:
    return {
        "General Assembly": "unga",
        "Security Council": "unsc",
        "Economic and Social Council": "ecosoc",
        "Human Rights Council": "hrc",
    }.get(body, re.sub(r"[^a-z0-9]+", "", body.lower()) or "un")


class _Inline:
    """poa's inline syntax (``*emphasis*``, ``[^marker]``) → AKN inline markup."""

    def __init__(self, st: _State, notes: Callable[[str], str | None], note_eid: str = "") -> None:
        self.st = st
        self.notes = notes
        self.note_eid = note_eid

    def fill(self, el: Any, text: str) -> None:
        pos = 0
        for m in _TOKEN_RE.finditer(text):
            _append_text(el, text[pos : m.start()])
            pos = m.end()
            em = m.group(1) or m.group(2)
            if em is not None:
                _sub(el, "span", {"class": "italic"}, em)
                continue
            marker = m.group(3)
            note = self.notes(marker)
            if note is None:
                _append_text(el, m.group(0))
                continue
            self.st.notes += 1
            n = self.st.notes
            an = _sub(
                el,
                "authorialNote",
                {"marker": str(n), "placement": "bottom", "eId": self.st.eid(f"authorialNote_{n}")},
            )
            # A footnote's own text: emphasis yes, footnotes within footnotes no.
            p = _sub(an, "p")
            _Inline(self.st, lambda _m: None).fill(p, note)
        _append_text(el, text[pos:])

    def paragraphs(self, parent: Any, text: str) -> None:
        for line in text.split("\n") or [""]:
            self.fill(_sub(parent, "p"), line.strip())


# --------------------------------------------------------------------------- structure


def _notes_of(para: Para) -> Callable[[str], str | None]:
    notes = dict(para.footnotes)
    return notes.get


def _items(st: _State, parent: Any, base: str, items: Sequence[SubItem], ink: _Inline) -> None:
    for item in items:
        eid = st.eid(f"{base}__point_{_eid_part(item.label.strip('().') or item.id)}")
        point = _sub(parent, "point", {"eId": eid, "wId": item.id})
        st.eid_of[item.id] = eid
        if item.label:
            _sub(point, "num", None, item.label)
        if item.items:
            lst = _sub(point, "list", {"eId": st.eid(f"{eid}__list_1")})
            intro = _sub(lst, "intro", {"eId": st.eid(f"{eid}__list_1__intro")})
            ink.paragraphs(intro, item.text)
            _items(st, lst, f"{eid}__list_1", item.items, ink)
        else:
            content = _sub(point, "content", {"eId": st.eid(f"{eid}__content")})
            ink.paragraphs(content, item.text)


def _paragraph(st: _State, parent: Any, para: Para, annex: bool) -> None:
    st.para += 1
    ink = _Inline(st, _notes_of(para))
    eid = st.eid(f"para_{st.para}")
    attrs = {"eId": eid, "wId": para.id}
    if para.kind == "preambular":
        attrs["refersTo"] = "#preamble"
    _lang(st, attrs, para)
    p = _sub(parent, "paragraph", attrs)
    st.eid_of[para.id] = eid
    if para.number:
        _sub(p, "num", None, f"{para.number}.")
    if para.items:
        lst = _sub(p, "list", {"eId": st.eid(f"{eid}__list_1")})
        intro = _sub(lst, "intro", {"eId": st.eid(f"{eid}__list_1__intro")})
        ink.paragraphs(intro, para.text)
        _items(st, lst, f"{eid}__list_1", para.items, ink)
    else:
        content = _sub(p, "content", {"eId": st.eid(f"{eid}__content")})
        ink.paragraphs(content, para.text)


def _lang(st: _State, attrs: dict[str, str], para: Para) -> None:
    if para.lang == "original":
        attrs[_XML_LANG] = st.original
        attrs["class"] = "awaitingTranslation"


def _container(st: _State, parent: Any, para: Para) -> None:
    st.para += 1
    ink = _Inline(st, _notes_of(para))
    eid = st.eid(f"container_{st.para}")
    lead = re.match(r"\*([^*]+)\*", para.text)
    attrs = {"eId": eid, "wId": para.id, "name": lead.group(1) if lead else "recital"}
    _lang(st, attrs, para)
    c = _sub(parent, "container", attrs)
    st.eid_of[para.id] = eid
    if not para.items:
        ink.paragraphs(c, para.text)
        return
    bl = _sub(c, "blockList", {"eId": st.eid(f"{eid}__blockList_1")})
    intro = _sub(bl, "listIntroduction")
    ink.fill(intro, para.text.replace("\n", " "))

    def add(parent_: Any, items: Sequence[SubItem], base: str) -> None:
        for item in items:
            ieid = st.eid(f"{base}__item_{_eid_part(item.label.strip('().') or item.id)}")
            it = _sub(parent_, "item", {"eId": ieid, "wId": item.id})
            st.eid_of[item.id] = ieid
            if item.label:
                _sub(it, "num", None, item.label)
            ink.paragraphs(it, item.text)
            if item.items:
                inner = _sub(it, "blockList", {"eId": st.eid(f"{ieid}__blockList_1")})
                add(inner, item.items, f"{ieid}__blockList_1")

    add(bl, para.items, f"{eid}__blockList_1")


def _opening(parent: Any, opening: str) -> None:
    formula = _sub(parent, "formula", {"name": "enactingFormula", "eId": "formula_1"})
    p = _sub(formula, "p")
    core, tail = (opening[:-1], opening[-1]) if opening[-1:] in ",:;" else (opening, "")
    _sub(p, "span", {"class": "italic"}, core)
    _append_text(p, tail)


def _body(st: _State, parent: Any, blocks: Sequence[Block], annex: bool) -> None:
    """Write *blocks* into a mainBody: headed sections as <section>, the rest as paragraphs."""
    for block in blocks:
        target = parent
        if block.heading:
            target = _sub(
                parent, "section", {"eId": st.eid(f"sec_{_eid_part(block.id)}"), "wId": block.id}
            )
            _sub(target, "heading", None, block.heading)
        for para in block.paragraphs:
            _paragraph(st, target, para, annex)


def _identification(parent: Any, m: Masthead, *, kind: str, name: str, sub: str = "!main") -> None:
    d = (m.date or date.today()).isoformat()
    work = f"/akn/un/{kind}/{name}/{_body_code(m.body)}/{d}/{_number_part(m.symbol)}"
    lang = LANG3.get(m.lang, "eng")
    version = d if m.version in ("", "working") else f"{d};{_eid_part(m.version)}"
    expr = f"{work}/{lang}@{version}"
    ident = _sub(parent, "identification", {"source": "#poa"})
    w = _sub(ident, "FRBRWork")
    _sub(w, "FRBRthis", {"value": f"{work}/{sub}"})
    _sub(w, "FRBRuri", {"value": work})
    _sub(w, "FRBRdate", {"date": d, "name": "submission"})
    _sub(w, "FRBRauthor", {"href": "#author", "as": "#author"})
    _sub(w, "FRBRcountry", {"value": "un"})
    _sub(w, "FRBRname", {"value": m.symbol})
    e = _sub(ident, "FRBRExpression")
    _sub(e, "FRBRthis", {"value": f"{expr}/{sub}"})
    _sub(e, "FRBRuri", {"value": expr})
    _sub(e, "FRBRdate", {"date": d, "name": m.version or "working"})
    _sub(e, "FRBRauthor", {"href": "#author", "as": "#author"})
    _sub(e, "FRBRlanguage", {"language": lang})
    man = _sub(ident, "FRBRManifestation")
    _sub(man, "FRBRthis", {"value": f"{expr}/{sub}.xml"})
    _sub(man, "FRBRuri", {"value": f"{expr}.akn"})
    _sub(man, "FRBRdate", {"date": date.today().isoformat(), "name": "generation"})
    _sub(man, "FRBRauthor", {"href": "#poa", "as": "#editor"})


def _references(parent: Any, m: Masthead, parties: Sequence[Party]) -> None:
    refs = _sub(parent, "references", {"source": "#poa"})
    _sub(
        refs,
        "TLCOrganization",
        {
            "eId": "author",
            "href": f"/akn/ontology/organization/un/{_body_code(m.body)}",
            "showAs": m.body,
        },
    )
    _sub(
        refs,
        "TLCOrganization",
        {"eId": "poa", "href": "/akn/ontology/organization/un/poa", "showAs": "poa"},
    )
    for party in parties:
        _sub(
            refs,
            "TLCOrganization",
            {
                "eId": party_eid(party.code),
                "href": f"/akn/ontology/organization/un/{party.kind}/{_eid_part(party.code)}",
                "showAs": party.name,
            },
        )
    _sub(
        refs,
        "TLCRole",
        {"eId": "proposer", "href": "/akn/ontology/role/un/proposer", "showAs": "Proposer"},
    )
    _sub(
        refs,
        "TLCRole",
        {"eId": "supporter", "href": "/akn/ontology/role/un/supporter", "showAs": "Supporter"},
    )
    _sub(
        refs,
        "TLCRole",
        {"eId": "objector", "href": "/akn/ontology/role/un/objector", "showAs": "Objector"},
    )
    _sub(
        refs,
        "TLCConcept",
        {
            "eId": "preamble",
            "href": "/akn/ontology/concept/un/preamble",
            "showAs": "Preambular paragraph",
        },
    )


def party_eid(code: str) -> str:
    """Return the eId of a proposer's TLCOrganization ('DNK' → 'party_DNK')."""
    return f"party_{_eid_part(code)}"


def _cover(st: _State, parent: Any, m: Masthead) -> None:
    cover = _sub(parent, "coverPage", {"eId": st.eid("coverPage_1")})
    _sub(_sub(cover, "p"), "docAuthority", {"refersTo": "#publisher"}, "United Nations")
    _sub(_sub(cover, "p", {"class": "upperRight"}), "docNumber", {"refersTo": "#symbol"}, m.symbol)
    _sub(_sub(cover, "p"), "docAuthority", {"refersTo": "#issuingBody"}, m.body)
    _sub(_sub(cover, "p"), "docStatus", {"refersTo": "#distribution"}, f"Distr.: {m.distribution}")
    if m.date is not None:
        _sub(
            _sub(cover, "p"),
            "docDate",
            {"date": m.date.isoformat(), "refersTo": "#dateOfIssuance"},
            un_date(m.date),
        )
    if m.session:
        _sub(_sub(cover, "p"), "inline", {"name": "session"}, m.session)
    if m.agenda_item:
        _sub(_sub(cover, "p"), "inline", {"name": "agenda item"}, m.agenda_item)
    preface = _sub(parent, "preface")
    _sub(_sub(preface, "p"), "docTitle", {"refersTo": "#title"}, m.title)


def _statement(
    st: _State,
    parent: Any,
    m: Masthead,
    blocks: Sequence[Block],
    parties: Sequence[Party],
    *,
    refs: bool,
) -> Any:
    st.original = m.original
    stmt = _sub(parent, "statement", {"name": "draftResolution", "contains": "singleVersion"})
    meta = _sub(stmt, "meta")
    _identification(meta, m, kind="statement", name="draftResolution")
    if refs:
        _references(meta, m, parties)
    _cover(st, stmt, m)
    body_blocks = [b for b in blocks if not b.annex]
    # The preamble: preambular paragraphs before the first operative one.
    pre: list[Para] = []
    rest: list[Block] = []
    in_preamble = True
    for b in body_blocks:
        paras = list(b.paragraphs)
        if in_preamble and not b.heading:
            while paras and paras[0].kind == "preambular":
                pre.append(paras.pop(0))
            if paras:
                in_preamble = False
        elif in_preamble and b.heading and not b.paragraphs:
            pass
        else:
            in_preamble = False
        if paras or b.heading:
            rest.append(Block(b.id, b.heading, b.annex, tuple(paras)))
    if pre or m.opening:
        preamble = _sub(stmt, "preamble")
        if m.opening:
            _opening(preamble, m.opening)
        for para in pre:
            _container(st, preamble, para)
    main = _sub(stmt, "mainBody")
    _body(st, main, rest, annex=False)
    if not len(main):
        _sub(
            _sub(main, "paragraph", {"eId": st.eid("para_0")}),
            "content",
            {"eId": st.eid("para_0__content")},
        ).append(etree.Element(_E + "p"))
    annexes: dict[str, list[Block]] = {}
    for b in blocks:
        if b.annex:
            annexes.setdefault(b.annex, []).append(b)
    if annexes:
        atts = _sub(stmt, "attachments")
        for n, (annex, ablocks) in enumerate(annexes.items(), start=1):
            att = _sub(atts, "attachment", {"eId": st.eid(f"att_{n}"), "wId": annex})
            doc = _sub(att, "doc", {"name": "annex"})
            ameta = _sub(doc, "meta")
            _identification(
                ameta, m, kind="statement", name="draftResolution", sub=f"!main/annex_{n}"
            )
            amain = _sub(doc, "mainBody")
            _body(st, amain, ablocks, annex=True)
    return stmt


def _root() -> Any:
    return etree.Element(_E + "akomaNtoso", nsmap={None: AKN_NS})


def _serialise(root: Any) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


# --------------------------------------------------------------------------- entry points


def write_statement(m: Masthead, blocks: Sequence[Block], parties: Sequence[Party] = ()) -> bytes:
    """Return the draft (clean view) as an AKN ``<statement name="draftResolution">``."""
    root = _root()
    _statement(_State(), root, m, blocks, parties, refs=True)
    return _serialise(root)


def _amendment(st: _State, parent: Any, m: Masthead, p: Proposal, names: dict[str, str]) -> None:
    amd = _sub(
        parent,
        "amendment",
        {
            "name": "stakeholderProposal" if p.stakeholder else "amendment",
            "contains": "singleVersion",
        },
    )
    meta = _sub(amd, "meta")
    _identification(meta, m, kind="amendment", name="proposal", sub=f"!{_eid_part(p.id)}")
    wf = _sub(meta, "workflow", {"source": "#poa"})
    day = (p.submitted or m.date or date.today()).isoformat()
    for code in p.proposers:
        _sub(
            wf,
            "step",
            {"date": day, "by": f"#{party_eid(code)}", "as": "#proposer", "outcome": "proposed"},
        )
    for code in p.supporters:
        _sub(
            wf,
            "step",
            {"date": day, "by": f"#{party_eid(code)}", "as": "#supporter", "outcome": "supported"},
        )
    for code in p.objectors:
        _sub(
            wf,
            "step",
            {"date": day, "by": f"#{party_eid(code)}", "as": "#objector", "outcome": "objected"},
        )
    pre = _sub(amd, "preface")
    _sub(_sub(pre, "p"), "docNumber", None, p.id)
    body = _sub(amd, "amendmentBody")
    head = _sub(body, "amendmentHeading", {"eId": st.eid(f"amd_{_eid_part(p.id)}__heading")})

    def org(para: Any, code: str, role: str) -> None:
        ref = {"refersTo": f"#{party_eid(code)}", "class": role}
        _sub(para, "organization", ref, names.get(code, code))

    def line(label: str, codes: Sequence[str], role: str) -> Any:
        if not codes:
            return None
        para = _sub(head, "p", {"class": role})
        _append_text(para, label)
        for i, code in enumerate(codes):
            if i:
                _append_text(para, ", ")
            org(para, code, role)
        return para

    lead = line("Proposed by: ", p.proposers, "proposer")
    if p.on_behalf_of and lead is not None:
        group = names.get(p.on_behalf_of, p.on_behalf_of)
        _append_text(lead, ", on behalf of " if group.startswith("the ") else ", on behalf of the ")
        org(lead, p.on_behalf_of, "group")
    line("Supported by: ", p.supporters, "supporter")
    line("Objection by: ", p.objectors, "objector")
    content = _sub(body, "amendmentContent", {"eId": st.eid(f"amd_{_eid_part(p.id)}__content")})
    para = _sub(content, "p")
    for kind, words in p.what:
        if kind == "text":
            _append_text(para, words)
        elif kind in ("ins", "del"):
            _Inline(st, lambda _m: None).fill(_sub(para, kind), words)
        elif kind == "ref":
            eid = st.eid_of.get(p.target)
            _sub(para, "ref", {"href": f"#{eid}" if eid else f"#{_eid_part(p.target)}"}, words)
    if p.rationale:
        just = _sub(
            body, "amendmentJustification", {"eId": st.eid(f"amd_{_eid_part(p.id)}__justification")}
        )
        _sub(just, "p", None, p.rationale)


def write_compilation(
    m: Masthead, blocks: Sequence[Block], proposals: Sequence[Proposal], parties: Sequence[Party]
) -> bytes:
    """Return the compilation: a ``<documentCollection>`` of the draft and its pending proposals."""
    st = _State()
    root = _root()
    coll = _sub(root, "documentCollection", {"name": "compilation"})
    meta = _sub(coll, "meta")
    _identification(meta, m, kind="documentCollection", name="compilation")
    _references(meta, m, parties)
    _cover(st, coll, m)
    body = _sub(coll, "collectionBody")
    comp = _sub(body, "component", {"eId": "cmp_draft", "wId": m.doc_id})
    _statement(st, comp, m, blocks, parties, refs=False)
    names = {party.code: party.name for party in parties}
    for n, p in enumerate(proposals, start=1):
        c = _sub(body, "component", {"eId": f"cmp_{n}", "wId": p.id})
        _amendment(st, c, m, p, names)
    return _serialise(root)


# --------------------------------------------------------------------------- validation


def schema_folder() -> Path:
    """Return the folder of the shipped OASIS schema (akomantoso30.xsd and xml.xsd)."""
    return Path(__file__).with_name("akn-schema")


@cache
def _schema() -> Any:
    folder = schema_folder()
    xsd = folder / "akomantoso30.xsd"
    if not xsd.is_file():
        raise PoaError("poa is installed without its Akoma Ntoso schema", hint="reinstall poa")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(xsd), parser))


def schema_errors(data: bytes) -> list[str]:
    """Return the schema's complaints about *data* ('line N: message'), none when valid."""
    from poa_cli.formats.safexml import parse_bytes

    root = parse_bytes(data, path="<akn>", max_bytes=200 * 1024 * 1024)
    schema = _schema()
    if schema.validate(root.getroottree()):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def validate(data: bytes) -> None:
    """Raise AknInvalid when *data* does not validate against the AKN 3.0 schema."""
    errors = schema_errors(data)
    if errors:
        raise AknInvalid(
            f"poa produced Akoma Ntoso the schema refuses ({errors[0]}; {len(errors)} in all)",
            hint="this is a bug in poa: please report it with the document",
        )
