"""Write a large, deterministic, synthetic negotiation in poa's file format.

The corpus is a git repository (one commit) laid out like a real negotiation::

    <out>/corpus.json                    what was generated (sizes, seed, generator version)
    <out>/schemas/*.schema.json          the editors' copy of the JSON Schemas
    <out>/drafts/poa-bench/document.yaml
    <out>/drafts/poa-bench/clauses/*.yaml
    <out>/drafts/poa-bench/amendments/*.yaml

Every file follows the JSON Schemas and the cross-file rules of ``poa validate``:
ids equal file names, every clause is listed once, every ``[^marker]`` has its
footnote, every proposer is a real code (ISO-3 States, the EU, groups, the
document's stakeholders), and every anchor's phrase, with its context, occurs in
the target's current text (``occurrence`` is set only when phrase and context
repeat, as ``poa`` itself writes anchors).

Files are written as text: strings are quoted with ``json.dumps`` (a JSON string
is a valid YAML double-quoted scalar), which is fast and needs no YAML library.

Usage::

    python benchmarks/generate.py [OUT] [--clauses 420] [--amendments 4200]
                                  [--proposers 160] [--seed 1] [--force] [--verify]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Bump when the output changes, so run.py regenerates an old corpus (it also
#: compares source_digest(), so any edit to this file regenerates it).
GENERATOR_VERSION = 2

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_OUT = HERE / "corpus"
SCHEMAS = REPO / "schemas"
PROPOSERS_FILE = REPO / "poa_cli" / "data" / "proposers.yaml"
DOC_ID = "poa-bench"

# --------------------------------------------------------------------------- vocabulary

SUBJECTS = [
    "States",
    "Member States",
    "all States",
    "the Programme of Action",
    "the annual meeting",
    "the review conference",
    "the technical working groups",
    "the Chair",
    "the Bureau",
    "the Secretariat",
    "the Office for Disarmament Affairs",
    "developing countries",
    "relevant stakeholders",
    "regional and subregional organizations",
    "national points of contact",
    "computer emergency response teams",
    "the United Nations Institute for Disarmament Research",
    "interested States in a position to do so",
    "the international community",
    "the plenary",
]

VERBS = [
    ("support", "supporting"),
    ("promote", "promoting"),
    ("facilitate", "facilitating"),
    ("strengthen", "strengthening"),
    ("consider", "considering"),
    ("review", "reviewing"),
    ("enhance", "enhancing"),
    ("develop", "developing"),
    ("implement", "implementing"),
    ("coordinate", "coordinating"),
    ("take into account", "taking into account"),
    ("build upon", "building upon"),
    ("report on", "reporting on"),
    ("contribute to", "contributing to"),
    ("advance", "advancing"),
    ("encourage", "encouraging"),
    ("identify", "identifying"),
    ("address", "addressing"),
    ("assess", "assessing"),
    ("share information on", "sharing information on"),
    ("raise awareness of", "raising awareness of"),
    ("give due consideration to", "giving due consideration to"),
    ("operationalize", "operationalizing"),
    ("mainstream", "mainstreaming"),
]

OBJECTS = [
    "the implementation of the framework for responsible State behaviour",
    "voluntary and non-binding norms of responsible State behaviour",
    "confidence-building measures",
    "capacity-building programmes and initiatives",
    "the protection of critical infrastructure and critical information infrastructure",
    "the security of and in the use of information and communications technologies",
    "the applicability of international law to the use of information and communications "
    "technologies by States",
    "the exchange of information and good practices",
    "national incident response capacities",
    "the global intergovernmental points of contact directory",
    "the digital divide between and within States",
    "an open, secure, stable, accessible and peaceful ICT environment",
    "cooperation at the regional and subregional levels",
    "the integrity of the supply chain",
    "the general availability and integrity of the public core of the Internet",
    "the needs of developing countries, in particular the least developed countries",
    "the full, equal and meaningful participation of women",
    "the prevention of conflict arising from the use of information and communications "
    "technologies",
    "transparency and predictability in the conduct of States",
    "the responsible reporting of vulnerabilities",
    "the work of the open-ended working group",
    "national surveys of implementation",
    "the recommendations adopted by consensus",
    "existing and potential threats in the sphere of information security",
    "the resilience of the humanitarian sector",
    "a common understanding of the technical terms",
    "public-private partnerships",
    "the mobilization of resources for capacity-building",
    "the universality of the Programme of Action",
    "the voluntary national reports submitted by States",
    "the protection of personal data and privacy",
    "the peaceful settlement of disputes",
    "the role of the United Nations in the field of information security",
    "regular institutional dialogue under the auspices of the United Nations",
    "the sovereign equality of States",
    "the views and assessments of Member States",
]

QUALIFIERS = [
    "as appropriate",
    "on a voluntary basis",
    "in accordance with national legislation",
    "in line with the Charter of the United Nations",
    "within existing resources",
    "taking into account national circumstances and priorities",
    "in a manner consistent with international law",
    "by consensus",
    "without prejudice to the positions of States",
    "with due regard to gender perspectives",
    "at the request of the States concerned",
    "in an open, transparent and inclusive manner",
    "in a demand-driven and nationally owned manner",
    "in a timely manner",
    "on the basis of mutual respect",
    "avoiding duplication with existing mechanisms",
    "in full respect of human rights and fundamental freedoms",
    "at the national, regional and global levels",
    "in the context of international security",
    "with the support of the Secretariat",
    "where relevant and feasible",
    "in cooperation with relevant stakeholders",
]

REFERENCES = [
    ("General Assembly resolution 77/37 of 7 December 2022", "res-77-37"),
    ("General Assembly resolution 79/237", "res-79-237"),
    ("the final report of the open-ended working group (A/75/816)", "oewg-2021"),
    ("the report of the Group of Governmental Experts (A/76/135)", "gge-2021"),
    ("the report of the Group of Governmental Experts (A/70/174)", "gge-2015"),
    ("the first annual progress report of the open-ended working group (A/77/275)", "apr-2022"),
    ("the second annual progress report of the open-ended working group (A/78/265)", "apr-2023"),
    ("the third annual progress report of the open-ended working group (A/79/214)", "apr-2024"),
    ("the final report of the open-ended working group 2021-2025", "oewg-2025"),
    ("the Charter of the United Nations", "charter"),
    ("the 2030 Agenda for Sustainable Development", "agenda-2030"),
]

PREAMBULAR_OPENINGS = [
    ("Recalling", "noun"),
    ("Reaffirming", "that"),
    ("Recognizing", "that"),
    ("Noting", "noun"),
    ("Noting with concern", "that"),
    ("Emphasizing", "that"),
    ("Stressing", "the importance of"),
    ("Welcoming", "noun"),
    ("Acknowledging", "that"),
    ("Bearing in mind", "that"),
    ("Mindful", "that"),
    ("Convinced", "that"),
    ("Concerned", "that"),
    ("Underlining", "the importance of"),
    ("Taking note of", "noun"),
    ("Conscious of", "the importance of"),
    ("Determined", "to"),
    ("Highlighting", "the importance of"),
    ("Affirming", "that"),
]

OPERATIVE_OPENINGS = [
    ("Decide", "to"),
    ("Decide also", "that"),
    ("Agree", "that"),
    ("Request", "subject-to"),
    ("Encourage", "subject-to"),
    ("Invite", "subject-to"),
    ("Call upon", "subject-to"),
    ("Urge", "subject-to"),
    ("Reaffirm", "that"),
    ("Stress", "the importance of"),
    ("Underline", "that"),
    ("Recognize", "that"),
    ("Affirm", "that"),
    ("Welcome", "noun"),
    ("Emphasize", "that"),
    ("Recommend", "that"),
    ("Commit", "to"),
]

MODALS = [
    "should",
    "shall",
    "may",
    "should continue to",
    "shall, as appropriate,",
    "could",
    "should, on a voluntary basis,",
]

SECTIONS = [
    ("preamble", None),
    ("commitment", "Commitment to the framework"),
    ("establishment", "Establishment and purpose"),
    ("structure", "Structure and meetings"),
    ("working-groups", "Technical working groups"),
    ("implementation", "National implementation and voluntary reporting"),
    ("recommendations", "Recommendations"),
    ("capacity-building", "Capacity-building"),
    ("confidence-building", "Confidence-building measures"),
    ("stakeholders", "Stakeholder participation"),
    ("secretariat", "Secretariat and budgetary matters"),
    ("review", "Review"),
]

PREAMBLE_TOPICS = [
    "charter",
    "framework",
    "threats",
    "international-law",
    "capacity",
    "gender",
    "stakeholders",
    "development",
    "dialogue",
    "oewg",
]

# (session, the revision amendments in it were written against, its month in 2026)
SESSIONS = [
    ("Informal consultations on the zero draft, New York, May 2026", "zero-draft", 5),
    ("First reading, New York, June 2026", "zero-draft", 6),
    ("Second reading, Geneva, July 2026", "rev-1", 7),
    ("Informal informals on the revised draft, New York, September 2026", "rev-2", 9),
]

STAKEHOLDERS = [
    ("CSNET", "Civil Society Network for Peace and Security in Cyberspace", "civil-society"),
    ("GCIA", "Global Cybersecurity Industry Association", "private-sector"),
    ("ACADI", "Academic Institute for Digital Security and International Law", "academia"),
    ("TCORG", "Technical Community Organization for Internet Resilience", "technical-community"),
    ("HUMDIG", "Humanitarian Digital Protection Alliance", "civil-society"),
    ("NETOPS", "Network Operators Forum", "technical-community"),
]

# Share of each action among amendments (sub-amendments are drawn apart).
ACTION_WEIGHTS = {
    "replace-text": 30,
    "insert-text": 22,
    "delete-text": 11,
    "append-text": 8,
    "add-footnote": 6,
    "replace-clause": 6,
    "delete-clause": 5,
    "insert-clause": 7,
    "move-clause": 5,
}
SUB_AMENDMENT_SHARE = 0.03
ITEM_TARGET_SHARE = 0.25  # of text amendments on a clause that has sub-paragraphs
STATUS_WEIGHTS = {
    "proposed": 80,
    "accepted": 5,
    "rejected": 5,
    "withdrawn": 6,
    "superseded": 4,
}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi"]
LETTERS = "abcdefghij"
_YAML_PLAIN_SAFE = re.compile(r"^[A-Z][A-Z0-9]*$")
_YAML_SPECIAL = {"NULL", "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "Y", "N"}


def source_digest() -> str:
    """A digest of this file: a corpus made by other code is regenerated by run.py."""
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]


# --------------------------------------------------------------------------- proposers


@dataclass
class Proposers:
    """The codes of data/proposers.yaml, by kind, with the groups' listed members."""

    states: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)


def load_proposers(path: Path = PROPOSERS_FILE) -> Proposers:
    """Read the codes from proposers.yaml with a line scanner (plain YAML, fixed layout)."""
    out = Proposers()
    code: str | None = None
    in_members = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("- code:"):
            code = line.split(":", 1)[1].strip().strip('"')
            in_members = False
        elif code and line.startswith("kind:"):
            kind = line.split(":", 1)[1].strip()
            if kind in ("member-state", "observer-state"):
                out.states.append(code)
            elif kind in ("group", "organization"):
                out.groups.append(code)
        elif code and line.startswith("members:"):
            in_members = True
            out.members[code] = []
        elif in_members and line.startswith("- "):
            out.members[code or ""].append(line[2:].strip().strip('"'))
        elif line.endswith(":"):
            in_members = False
    if len(out.states) < 150:
        raise SystemExit(f"{path}: found only {len(out.states)} States; has its layout changed?")
    return out


# --------------------------------------------------------------------------- text


class Prose:
    """UN-style sentences from the vocabulary above, driven by one seeded Random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _verb(self) -> tuple[str, str]:
        return self.rng.choice(VERBS)

    def obj(self) -> str:
        return self.rng.choice(OBJECTS)

    def qualifier(self) -> str:
        return self.rng.choice(QUALIFIERS)

    def _core(self, mode: str) -> str:
        r = self.rng
        verb, gerund = self._verb()
        if mode == "that":
            return f"that {r.choice(SUBJECTS)} {r.choice(MODALS)} {verb} {self.obj()}"
        if mode == "to":
            return f"to {verb} {self.obj()}"
        if mode == "subject-to":
            return f"{r.choice(SUBJECTS)} to {verb} {self.obj()}"
        if mode == "the importance of":
            return f"the importance of {gerund} {self.obj()}"
        if mode == "gerund":
            return f"{gerund} {self.obj()}"
        return self.obj() if r.random() < 0.6 else r.choice(REFERENCES)[0]

    def _extension(self, mode: str) -> tuple[str, str | None]:
        """Return (words to add, footnote key or None when a reference was cited)."""
        r = self.rng
        verb, gerund = self._verb()
        k = r.randrange(10)
        if k == 0:
            return f", including by {gerund} {self.obj()}", None
        if k == 1:
            return f", {self.qualifier()}", None
        if k == 2:
            if mode in ("noun", "the importance of", "gerund"):
                return f" and {self.obj()}", None
            joiner = "and to" if mode in ("to", "subject-to") and r.random() < 0.5 else "and"
            return f" {joiner} {verb} {self.obj()}", None
        if k == 3:
            return f", in particular {self.obj()}", None
        if k == 4:
            return f" in order to {verb} {self.obj()}", None
        if k == 5:
            return f", with a view to {gerund} {self.obj()}", None
        if k == 6:
            ref, key = r.choice(REFERENCES)
            return f", as set out in {ref}", key
        if k == 7:
            return f", bearing in mind {self.obj()}", None
        if k == 8:
            return f", taking into account {self.obj()}", None
        return f" {self.qualifier()}", None

    def sentence(
        self, opening: tuple[str, str] | None, low: int, high: int, end: str
    ) -> tuple[str, list[str]]:
        """Return (text, footnote keys cited in it) of about low..high words.

        With *opening*, the text starts with the emphasised opening word(s) as in
        UN resolutions ("*Recalling* …"). Footnote markers are left as
        ``[^{key}]`` placeholders for the caller to number.
        """
        r = self.rng
        target = int(r.triangular(low, high, low + (high - low) * 0.25))
        mode = opening[1] if opening else r.choice(["to", "noun", "gerund"])
        core = self._core(mode)
        text = f"*{opening[0]}* {core}" if opening else core
        keys: list[str] = []
        count = len(text.split())
        while count < target:
            ext, key = self._extension(mode)
            n = len(ext.split())
            if count + n > high - 1 and count >= low:
                break
            if key is not None and r.random() < 0.5 and key not in keys:
                keys.append(key)
                ext += f"[^{key}]"
            text += ext
            count += n
        return text + end, keys

    def short(self, low: int, high: int) -> str:
        """A phrase of low..high words for an insertion or replacement (no punctuation)."""
        r = self.rng
        pieces: list[str] = []
        count = 0
        while count < low:
            _, gerund = self._verb()
            piece = r.choice(
                [
                    self.qualifier(),
                    f"and {self.obj()}",
                    f"including by {gerund} {self.obj()}",
                    f"in particular {self.obj()}",
                    f"with a view to {gerund} {self.obj()}",
                ]
            )
            if pieces and count + len(piece.split()) > high:
                break
            pieces.append(piece)
            count += len(piece.split())
        return ", ".join(pieces)

    def rationale(self) -> str:
        r = self.rng
        out = []
        for _ in range(r.randint(1, 3)):
            subject = r.choice(
                [
                    "The delegation considers",
                    "The co-sponsors believe",
                    "The proposal recalls",
                    "The amendment seeks to ensure",
                    "Experience in earlier processes shows",
                    "The group stresses",
                ]
            )
            verb, gerund = self._verb()
            out.append(
                f"{subject} that the founding document should {verb} {self.obj()}, "
                f"{self.qualifier()}, with a view to {gerund} {self.obj()}."
            )
        return " ".join(out)

    def footnote(self, key: str) -> str:
        for ref, k in REFERENCES:
            if k == key:
                ref = ref[0].upper() + ref[1:]
                return f"{ref}, para. {self.rng.randint(2, 60)}."
        n = self.rng.randint(70, 80)
        return f"See A/{n}/{self.rng.randint(100, 999)}, para. {self.rng.randint(2, 60)}."


# --------------------------------------------------------------------------- anchors


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _find_all(text: str, phrase: str) -> list[int]:
    """Start offsets of every whole-word occurrence of *phrase* (as poa finds them)."""
    found: list[int] = []
    i = text.find(phrase)
    while i >= 0:
        end = i + len(phrase)
        left_ok = i == 0 or not (_is_word_char(text[i]) and _is_word_char(text[i - 1]))
        right_ok = end == len(text) or not (
            _is_word_char(text[end - 1]) and _is_word_char(text[end])
        )
        if left_ok and right_ok:
            found.append(i)
        i = text.find(phrase, i + 1)
    return found


def make_anchor(rng: random.Random, text: str, *, allow_start: bool = False) -> dict[str, Any]:
    """An anchor on a random span of 1–6 words of *text*, with 3–4 words of context.

    *text* is single-spaced. Spans never touch the emphasised opening words or a
    footnote marker. ``occurrence`` is set only when the phrase occurs more than
    once with the same context, as poa's own make_anchor does.
    """
    tokens = text.split(" ")
    ok = [("*" not in t and "[^" not in t) for t in tokens]
    for _ in range(50):
        length = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
        first = 0 if allow_start else 1
        if len(tokens) - length < first:
            length = max(1, len(tokens) - first)
        s = rng.randint(first, len(tokens) - length)
        if all(ok[s : s + length]):
            break
    else:
        raise ValueError(f"no anchorable span in {text!r}")
    n = rng.choice([3, 3, 4, 4, 4, 5])
    before_w = tokens[max(0, s - n) : s]
    after_w = tokens[s + length : s + length + n]
    phrase = " ".join(tokens[s : s + length])
    start = len(" ".join(tokens[:s])) + (1 if s else 0)
    assert text[start : start + len(phrase)] == phrase
    occ = _find_all(text, phrase)
    same = [
        o
        for o in occ
        if (text[:o].split()[-len(before_w) :] if before_w else []) == before_w
        and text[o + len(phrase) :].split()[: len(after_w)] == after_w
    ]
    anchor: dict[str, Any] = {}
    if before_w:
        anchor["before"] = " ".join(before_w)
    anchor["phrase"] = phrase
    if after_w:
        anchor["after"] = " ".join(after_w)
    if len(same) > 1:
        anchor["occurrence"] = occ.index(start) + 1
    return anchor


# --------------------------------------------------------------------------- model


@dataclass
class Item:
    id: str
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Clause:
    id: str
    kind: str
    status: str
    text: str
    items: list[Item] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)

    def all_items(self) -> list[Item]:
        out: list[Item] = []
        stack = list(reversed(self.items))
        while stack:
            it = stack.pop()
            out.append(it)
            stack.extend(reversed(it.items))
        return out


# --------------------------------------------------------------------------- YAML text


def q(value: str) -> str:
    """Quote *value* as a YAML double-quoted scalar (a JSON string)."""
    return json.dumps(value, ensure_ascii=False)


def code(value: str) -> str:
    """A proposer code, plain like the samples unless YAML could misread it."""
    if _YAML_PLAIN_SAFE.match(value) and value.upper() not in _YAML_SPECIAL:
        return value
    return q(value)


def modeline(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


def _items_yaml(items: list[Item], indent: str) -> list[str]:
    out: list[str] = []
    for it in items:
        out.append(f"{indent}- id: {it.id}")
        out.append(f"{indent}  text: {q(it.text)}")
        if it.items:
            out.append(f"{indent}  items:")
            out.extend(_items_yaml(it.items, indent + "    "))
    return out


def clause_yaml(c: Clause) -> str:
    lines = [
        modeline("clause", 3) + "schema: poa/clause/1",
        f"id: {c.id}",
        f"kind: {c.kind}",
        f"status: {c.status}",
        f"text: {q(c.text)}",
    ]
    if c.items:
        lines.append("items:")
        lines.extend(_items_yaml(c.items, "  "))
    if c.footnotes:
        lines.append("footnotes:")
        lines.extend(f"  {k}: {q(v)}" for k, v in c.footnotes.items())
    if c.tags:
        lines.append("tags:")
        lines.extend(f"  - {t}" for t in c.tags)
    return "\n".join(lines) + "\n"


def amendment_yaml(a: dict[str, Any]) -> str:
    lines = [modeline("amendment", 3) + "schema: poa/amendment/1"]
    for key, value in a.items():
        if key.startswith("_"):
            continue
        if key in ("proposed_by", "supported_by", "opposed_by"):
            lines.append(f"{key}:")
            lines.extend(f"  - {code(v)}" for v in value)
        elif key == "on_behalf_of":
            lines.append(f"{key}: {code(value)}")
        elif key in ("id", "target", "action", "status", "position", "destination", "submitted"):
            lines.append(f"{key}: {value}")
        elif key == "anchor":
            lines.append("anchor:")
            for k, v in value.items():
                if k.startswith("_"):
                    continue
                lines.append(f"  {k}: {v}" if k == "occurrence" else f"  {k}: {q(v)}")
        elif key == "decision":
            lines.append("decision:")
            for k, v in value.items():
                if isinstance(v, bool):
                    lines.append(f"  {k}: {'true' if v else 'false'}")
                elif k == "date":
                    lines.append(f"  {k}: {v}")
                else:
                    lines.append(f"  {k}: {q(v)}")
        elif key == "clause":
            lines.append("clause:")
            lines.append(f"  id: {value['id']}")
            lines.append(f"  kind: {value['kind']}")
            lines.append(f"  text: {q(value['text'])}")
            if value.get("tags"):
                lines.append("  tags:")
                lines.extend(f"    - {t}" for t in value["tags"])
        else:
            lines.append(f"{key}: {q(value)}")
    return "\n".join(lines) + "\n"


def document_yaml(sections: list[tuple[str, str | None, list[str]]]) -> str:
    lines = [
        modeline("document", 2)
        + "# SYNTHETIC BENCHMARK CORPUS - generated by benchmarks/generate.py;",
        "# not an official United Nations document. All positions are invented.",
        "schema: poa/document/1",
        f"id: {DOC_ID}",
        "title: " + q("Founding document of the Programme of Action (synthetic benchmark draft)"),
        "symbol: A/CONF.999/2026/L.99",
        "body: " + q("United Nations Conference on the Programme of Action on ICTs"),
        "distribution: Limited",
        "date: 2026-09-01",
        "original_language: English",
        "languages:",
        "  - en",
        "session: " + q("New York, 2026"),
        "agenda_item: " + q("Item 8 of the provisional agenda"),
        "numbering: outcome",
        "opening: " + q("We, the States participating in the Conference,"),
        "note: " + q("Synthetic text generated for benchmarking poa; not a real negotiation."),
        "sections:",
    ]
    for sid, heading, ids in sections:
        lines.append(f"  - id: {sid}")
        lines.append(f"    heading: {q(heading) if heading else 'null'}")
        lines.append("    clauses:" if ids else "    clauses: []")
        lines.extend(f"      - {cid}" for cid in ids)
    lines.append("stakeholders:")
    for sid, name, kind in STAKEHOLDERS:
        lines += [f"  - id: {sid}", f"    name: {q(name)}", f"    kind: {kind}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- generation


@dataclass
class Corpus:
    sections: list[tuple[str, str | None, list[str]]]
    clauses: dict[str, Clause]
    amendments: list[dict[str, Any]]


def make_clauses(rng: random.Random, prose: Prose, n: int) -> Corpus:
    n_pre = max(1, min(round(n * 0.22), n - (len(SECTIONS) - 1)))
    counts = [n_pre]
    rest = n - n_pre
    ops = len(SECTIONS) - 1
    weights = [rng.uniform(0.6, 1.4) for _ in range(ops)]
    total = sum(weights)
    # One clause per section at least, the rest in proportion to the weights.
    shares = [1 + int((rest - ops) * w / total) for w in weights]
    for k in range(rest - sum(shares)):
        shares[k % ops] += 1
    counts += shares
    sections: list[tuple[str, str | None, list[str]]] = []
    clauses: dict[str, Clause] = {}
    serial = 0
    for (sid, heading), count in zip(SECTIONS, counts, strict=True):
        ids: list[str] = []
        for _ in range(count):
            serial += 1
            kind = "preambular" if sid == "preamble" else "operative"
            if kind == "preambular":
                cid = f"pp-{rng.choice(PREAMBLE_TOPICS)}-{serial}"
                opening = rng.choice(PREAMBULAR_OPENINGS)
                end = ","
            else:
                cid = f"op-{sid}-{serial}"
                opening = rng.choice(OPERATIVE_OPENINGS)
                end = ";"
            has_items = rng.random() < (0.15 if kind == "preambular" else 0.4)
            footnotes: dict[str, str] = {}
            text, keys = prose.sentence(opening, 40, 200, ":" if has_items else end)
            for key in keys:
                footnotes.setdefault(key, prose.footnote(key))
            items: list[Item] = []
            if has_items:
                for li in range(rng.randint(2, 6)):
                    iid = f"{cid}-{LETTERS[li]}"
                    nested = rng.random() < 0.2
                    itext, ikeys = prose.sentence(None, 8, 45, ", including by:" if nested else ";")
                    for key in ikeys:
                        footnotes.setdefault(key, prose.footnote(key))
                    sub: list[Item] = []
                    if nested:
                        for ri in range(rng.randint(2, 4)):
                            _, gerund = rng.choice(VERBS)
                            stext = f"{gerund} {prose.obj()}, {prose.qualifier()};"
                            sub.append(Item(f"{iid}-{ROMAN[ri]}", stext))
                    items.append(Item(iid, itext, sub))
            status = rng.choices(["bracketed", "agreed-ad-ref", "adopted"], [6, 3, 1])[0]
            tags = sorted(set(rng.sample(PREAMBLE_TOPICS, rng.randint(0, 2))))
            clauses[cid] = Clause(cid, kind, status, text, items, footnotes, tags)
            ids.append(cid)
        sections.append((sid, heading, ids))
    return Corpus(sections, clauses, [])


def _pick_others(rng: random.Random, pool: list[str], k: int, taken: list[str]) -> list[str]:
    out: list[str] = []
    while len(out) < k:
        c = rng.choice(pool)
        if c not in taken and c not in out:
            out.append(c)
    return out


def make_amendments(
    rng: random.Random,
    prose: Prose,
    corpus: Corpus,
    proposers: Proposers,
    n_amendments: int,
    n_proposers: int,
) -> None:
    clause_ids = [cid for _, _, ids in corpus.sections for cid in ids]
    # Some paragraphs draw much more fire than others: with the defaults the most
    # contested one gets ~60 amendments, the median one a handful.
    heat = [rng.lognormvariate(0, 0.8) for _ in clause_ids]
    states = proposers.states
    state_set = set(states)
    groups = [g for g in proposers.groups if g != "EU"]
    stakeholders = [s[0] for s in STAKEHOLDERS]
    stakeholder_set = set(stakeholders)
    # The groups a State belongs to where membership is listed; G77 and NAM otherwise.
    groups_of: dict[str, list[str]] = {}
    for g in groups:
        for m in proposers.members.get(g, []):
            groups_of.setdefault(m, []).append(g)
    # Leads: the EU, some groups, all stakeholders, then States up to n_proposers.
    leads = ["EU", *groups[:4], *stakeholders]
    leads += [s for s in rng.sample(states, len(states)) if s not in leads]
    leads = leads[: max(1, n_proposers)]
    lead_weight = [1.0 / (i + 3) ** 0.7 for i in range(len(leads))]
    rng.shuffle(lead_weight)
    counters: dict[str, int] = {}
    actions = list(ACTION_WEIGHTS)
    action_w = list(ACTION_WEIGHTS.values())
    statuses = list(STATUS_WEIGHTS)
    status_w = list(STATUS_WEIGHTS.values())
    new_ids: dict[str, None] = {}
    pending_with_text: list[dict[str, Any]] = []

    for i in range(n_amendments):
        lead = leads[i] if i < len(leads) else rng.choices(leads, lead_weight)[0]
        proposed_by = [lead]
        on_behalf_of: str | None = None
        if lead in state_set:
            if rng.random() < 0.25:
                proposed_by += _pick_others(rng, states, rng.randint(1, 4), proposed_by)
            elif rng.random() < 0.08:
                on_behalf_of = rng.choice(groups_of.get(lead) or ["G77", "NONALIGNED"])
        counters[lead] = counters.get(lead, 0) + 1
        aid = f"{lead}-{counters[lead]}"

        session, base, month = rng.choice(SESSIONS)
        status = rng.choices(statuses, status_w)[0]
        a: dict[str, Any] = {"id": aid}

        sub_parent = None
        if pending_with_text and rng.random() < SUB_AMENDMENT_SHARE:
            sub_parent = rng.choice(pending_with_text)
        if sub_parent is not None:
            action = rng.choice(["replace-text", "insert-text", "delete-text", "append-text"])
            a["target"] = sub_parent["id"]
            target_text = sub_parent["text"]
            target_clause = None
        else:
            action = rng.choices(actions, action_w)[0]
            if lead in stakeholder_set and action in ("delete-clause", "move-clause"):
                action = "replace-text"
            cid = rng.choices(clause_ids, heat)[0]
            target_clause = corpus.clauses[cid]
            a["target"] = cid
            target_text = target_clause.text
            if (
                action
                in ("replace-text", "insert-text", "delete-text", "append-text", "add-footnote")
                and target_clause.items
                and rng.random() < ITEM_TARGET_SHARE
            ):
                item = rng.choice(target_clause.all_items())
                a["target"] = item.id
                target_text = item.text
        a["action"] = action
        a["proposed_by"] = proposed_by
        if on_behalf_of:
            a["on_behalf_of"] = on_behalf_of
        if lead not in stakeholder_set:
            taken = list(proposed_by)
            if rng.random() < 0.6:
                a["supported_by"] = _pick_others(rng, states, rng.randint(1, 8), taken)
                taken += a["supported_by"]
            if rng.random() < 0.35:
                a["opposed_by"] = _pick_others(rng, states, rng.randint(1, 5), taken)
                if rng.random() < 0.05 and "EU" not in taken:
                    a["opposed_by"].append("EU")
        a["submitted"] = f"2026-{month:02d}-{rng.randint(1, 28):02d}"
        a["session"] = session
        a["base"] = base
        a["status"] = status
        if status == "accepted":
            a["applied_in"] = rng.choice(["rev-1", "rev-2"])
            over = bool(a.get("opposed_by"))
            a["decision"] = {"date": "2026-10-01", "over_objection": over}
            if over:
                a["decision"]["note"] = (
                    "Accepted by the Chair over the objection recorded, "
                    "after informal consultations."
                )
        sub = sub_parent is not None
        if action in ("replace-text", "delete-text", "insert-text", "add-footnote"):
            a["anchor"] = make_anchor(
                rng,
                target_text,
                allow_start=target_clause is None or a["target"] != target_clause.id,
            )
        if action == "insert-text":
            a["position"] = rng.choice(["before", "after", "after"])
            a["text"] = prose.short(2, 14)
        elif action == "replace-text":
            phrase = a["anchor"]["phrase"]
            tail = phrase[-1] if phrase[-1] in ",;:" else ""
            a["text"] = prose.short(1, 12) + tail
        elif action == "append-text":
            a["text"] = f", {prose.short(3, 16)}"
        elif action == "add-footnote":
            a["text"] = prose.footnote(rng.choice(REFERENCES)[1])
        elif action == "replace-clause":
            assert target_clause is not None
            opening = rng.choice(
                PREAMBULAR_OPENINGS if target_clause.kind == "preambular" else OPERATIVE_OPENINGS
            )
            end = "," if target_clause.kind == "preambular" else ";"
            a["text"], _ = prose.sentence(opening, 40, 160, end)
            a["text"] = re.sub(r"\[\^[^\]]+\]", "", a["text"])
        elif action == "insert-clause":
            assert target_clause is not None
            kind = target_clause.kind
            prefix = "pp" if kind == "preambular" else "op"
            new_id = f"{prefix}-new-{aid.lower()}"
            while new_id in corpus.clauses or new_id in new_ids:
                new_id += "-x"
            new_ids[new_id] = None
            opening = rng.choice(
                PREAMBULAR_OPENINGS if kind == "preambular" else OPERATIVE_OPENINGS
            )
            text, _ = prose.sentence(opening, 40, 140, "," if kind == "preambular" else ";")
            new: dict[str, Any] = {
                "id": new_id,
                "kind": kind,
                "text": re.sub(r"\[\^[^\]]+\]", "", text),
            }
            if rng.random() < 0.4:
                new["tags"] = [rng.choice(PREAMBLE_TOPICS)]
            a["position"] = rng.choice(["before", "after"])
            a["clause"] = new
        elif action == "move-clause":
            dest = a["target"]
            while dest == a["target"]:
                dest = rng.choice(clause_ids)
            a["destination"] = dest
        if rng.random() < 0.7:
            a["rationale"] = prose.rationale()
        if (
            status == "proposed"
            and not sub
            and action in ("replace-text", "insert-text")
            and len(a["text"].split()) >= 6
        ):
            pending_with_text.append(a)
        corpus.amendments.append(a)


def generate(
    out: Path, n_clauses: int, n_amendments: int, n_proposers: int, seed: int
) -> dict[str, Any]:
    """Write the corpus into *out* (which must not exist or be empty); return its summary."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    prose = Prose(rng)
    proposers = load_proposers()
    corpus = make_clauses(rng, prose, n_clauses)
    make_amendments(rng, prose, corpus, proposers, n_amendments, n_proposers)

    doc = f"drafts/{DOC_ID}"
    files: dict[str, bytes] = {}
    for src in sorted(SCHEMAS.glob("*.schema.json")):
        files[f"schemas/{src.name}"] = src.read_bytes()
    files[f"{doc}/document.yaml"] = document_yaml(corpus.sections).encode()
    for c in corpus.clauses.values():
        files[f"{doc}/clauses/{c.id}.yaml"] = clause_yaml(c).encode()
    for a in corpus.amendments:
        files[f"{doc}/amendments/{a['id']}.yaml"] = amendment_yaml(a).encode()

    items = sum(len(c.all_items()) for c in corpus.clauses.values())
    summary: dict[str, Any] = {
        "generator_version": GENERATOR_VERSION,
        "generator_digest": source_digest(),
        "seed": seed,
        "document": f"drafts/{DOC_ID}",
        "clauses": len(corpus.clauses),
        "preambular": sum(c.kind == "preambular" for c in corpus.clauses.values()),
        "sections": len(corpus.sections),
        "sub_paragraphs": items,
        "footnotes": sum(len(c.footnotes) for c in corpus.clauses.values()),
        "amendments": len(corpus.amendments),
        "proposers": len({p for a in corpus.amendments for p in a["proposed_by"]}),
        "lead_proposers": len({a["proposed_by"][0] for a in corpus.amendments}),
        "codes_named": len(
            {
                p
                for a in corpus.amendments
                for key in ("proposed_by", "supported_by", "opposed_by")
                for p in a.get(key, [])
            }
        ),
        "actions": {
            act: sum(a["action"] == act for a in corpus.amendments) for act in ACTION_WEIGHTS
        },
        "sub_amendments": sum(
            "-" in a["target"] and a["target"][0].isupper() for a in corpus.amendments
        ),
        "on_sub_paragraphs": sum(
            a["target"] not in corpus.clauses and not a["target"][0].isupper()
            for a in corpus.amendments
        ),
        "statuses": {s: sum(a["status"] == s for a in corpus.amendments) for s in STATUS_WEIGHTS},
        "words": sum(len(c.text.split()) for c in corpus.clauses.values()),
        "files": 1 + len(corpus.clauses) + len(corpus.amendments),
        "bytes": sum(len(v) for k, v in files.items() if k.startswith(doc)),
    }
    files["corpus.json"] = (json.dumps(summary, indent=2) + "\n").encode()
    for folder in (f"{doc}/clauses", f"{doc}/amendments", "schemas"):
        (out / folder).mkdir(parents=True)
    for rel, data in files.items():
        (out / rel).write_bytes(data)
    _git_commit(out, files)
    summary["generate_seconds"] = round(time.perf_counter() - t0, 3)
    return summary


def _git_commit(out: Path, files: dict[str, bytes]) -> None:
    """git init and one commit of *files* (already written to *out*), through the git CLI.

    ``git fast-import`` writes every blob into one pack: ``git add`` of ~4,600
    files writes as many loose objects, which took 3.3 s on the benchmark
    machine against ~0.2 s this way. ``git reset`` then fills the index from the
    commit. Fixed identity and date: the same corpus gives the same commit id.
    """
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    git = [
        "git",
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.org",
        "-c",
        "core.hooksPath=/dev/null",
        "-c",
        "init.defaultBranch=main",
    ]
    who = "bench <bench@example.org> 1788264000 +0000"  # 2026-09-01T12:00:00Z
    message = b"Synthetic benchmark corpus\n"
    stream = bytearray()
    paths = sorted(files)
    for mark, rel in enumerate(paths, 1):
        data = files[rel]
        stream += b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data)
    stream += b"commit refs/heads/main\n"
    stream += f"author {who}\ncommitter {who}\n".encode()
    stream += b"data %d\n%s\n" % (len(message), message)
    for mark, rel in enumerate(paths, 1):
        stream += f"M 100644 :{mark} {rel}\n".encode()
    stream += b"done\n"

    def run(*args: str, stdin: bytes | None = None) -> None:
        subprocess.run(
            [*git, *args], cwd=out, env=env, input=stdin, check=True, stdout=subprocess.DEVNULL
        )

    run("init", "-q")
    run("fast-import", "--quiet", "--done", stdin=bytes(stream))
    run("reset", "-q")


def verify(out: Path) -> int:
    """Check every pending anchor with poa's own locate(); return the number of failures."""
    from poa_cli.domain.amend import locate  # the engine the real commands use
    from poa_cli.domain.model import Anchor

    doc = out / "drafts" / DOC_ID
    texts: dict[str, str] = {}
    from poa_cli.storage import yamlio

    for p in sorted((doc / "clauses").glob("*.yaml")):
        data = yamlio.load(p)
        texts[data["id"]] = data["text"]
        stack = list(data.get("items") or [])
        while stack:
            it = stack.pop()
            texts[it["id"]] = it["text"]
            stack.extend(it.get("items") or [])
    amendments = {p.stem: yamlio.load(p) for p in sorted((doc / "amendments").glob("*.yaml"))}
    for aid, data in amendments.items():
        if "text" in data:
            texts.setdefault(aid, data["text"])
    bad = 0
    for aid, data in amendments.items():
        anchor = data.get("anchor")
        if not anchor or data["status"] != "proposed":
            continue
        text = texts[data["target"]]
        try:
            span = locate(
                text,
                Anchor(
                    phrase=anchor["phrase"],
                    before=anchor.get("before", ""),
                    after=anchor.get("after", ""),
                    occurrence=anchor.get("occurrence"),
                ),
                where=data["target"],
            )
            if text[span.start : span.end] != anchor["phrase"]:
                raise ValueError(f"found {text[span.start : span.end]!r}")
        except Exception as exc:
            bad += 1
            if bad <= 10:
                print(f"{aid}: {exc}", file=sys.stderr)
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--clauses", type=int, default=420, help="number of clauses (default 420)")
    ap.add_argument("--amendments", type=int, default=4200, help="number of amendments (4200)")
    ap.add_argument("--proposers", type=int, default=160, help="distinct lead proposers (160)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    ap.add_argument("--verify", action="store_true", help="check every anchor with poa's engine")
    args = ap.parse_args(argv)
    out: Path = args.out
    if len(SECTIONS) > args.clauses:
        ap.error(f"--clauses must be at least {len(SECTIONS)}")
    if out.exists() and any(out.iterdir()):
        if not args.force:
            ap.error(f"{out} exists; pass --force to replace it")
        if not (out / "corpus.json").is_file():
            ap.error(
                f"{out} is not a corpus made by this script (no corpus.json); not replacing it"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = generate(out, args.clauses, args.amendments, args.proposers, args.seed)
    print(json.dumps(summary, indent=2))
    if args.verify:
        bad = verify(out)
        print(f"anchors that poa cannot locate: {bad}")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
