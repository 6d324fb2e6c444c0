"""The UN's drafting rules for a resolution or an outcome document, as pure functions.

Each rule has an id, a one-line message that says how to fix what it finds, and
its reasoning from the United Nations Editorial Manual in ``docs/lint.md``. The
rules were tuned on the 336 resolutions the General Assembly adopted at its
seventy-ninth session: where an adopted text breaks a rule, the rule is wrong,
not the UN, so a rule that cannot tell a mistake from a real usage (an
organization's own spelling, "member States" of another body) says nothing.

:func:`lint` takes the clauses in reading order and returns :class:`Finding`
values (clause, which text in it, the offset in that text, rule, message). It
never reads a file and never prints: the caller places findings on lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from poa_cli.domain.model import FOOTNOTE_MARKER_RE, Clause, Item

#: Every drafting rule, with the one-line message that says how to fix it.
RULES: dict[str, str] = {
    "preambular-lead": "open a preambular paragraph with its lead words in italics "
    "(*Recalling*, *Deeply concerned*, *Bearing in mind*)",
    "preambular-form": "a preambular paragraph opens with a participle or an adjective "
    "(*Recalling*, *Aware*), not a verb in the present tense (*Recalls*)",
    "preambular-ending": "end a preambular paragraph with a comma",
    "operative-lead": "open an operative paragraph with its verb in italics "
    "(*Decides*, *Also requests*)",
    "operative-verb": "an operative paragraph opens with a verb in the present tense "
    "(*Decides*), not a participle (*Deciding*) or the past (*Decided*)",
    "operative-ending": "end an operative paragraph with a semicolon, and the last one with a "
    "full stop",
    "subparagraph-ending": "end each sub-paragraph with a semicolon, and the last one as its "
    "paragraph ends",
    "document-form": "keep one form: in a resolution the verbs are in the third person "
    "(*Decides*), in an outcome document in the first person plural (*Decide*)",
    "spelling": "use UN spelling (Oxford -ize, programme, Member States, Secretary-General, "
    "non-governmental)",
    "straight-quotes": "use curly quotation marks and apostrophes (“ ” ‘ ’)",
    "en-dash": "join the ends of a range with an en dash (2021–2025), not a hyphen",
    "double-space": "use one space between words and after punctuation",
    "brackets": "close every bracket you open, and open every one you close",
    "footnote-placement": "put the footnote call after the punctuation it follows "
    "(“2022,[^1]”, not “2022[^1],”)",
    "symbol": "write document symbols as the UN does, in capitals with slashes (A/RES/78/16)",
    "citation": "cite a resolution as the UN does: “resolution 77/37 of 7 December 2022”",
}


@dataclass(frozen=True)
class Finding:
    """One departure from a drafting rule.

    *part* is the clause id or the sub-paragraph id whose text it concerns;
    *at* the keys that lead to that text in the clause file (``["text"]``,
    ``["items", 0, "text"]``); *offset* the character in that text where it is.
    """

    clause: str
    part: str
    at: tuple[str | int, ...]
    offset: int
    rule: str
    message: str


# --------------------------------------------------------------------------- words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Invisible characters real texts carry (left-to-right marks, zero-width spaces):
# they are neither words nor punctuation.
_INVISIBLE = "\u200e\u200f\u200b\u200c\u200d\ufeff\u2060"
_LEAD_RE = re.compile(r"\*([^*]+)\*")
# Words that modify the lead verb or participle rather than being it.
_ADVERBS = _words(
    """
    also further again once ever hereby therefore moreover furthermore likewise equally
    additionally still yet
    """
)
# Adjectives and participles that open real preambular paragraphs and end in -s.
_PREAMBULAR_S = frozenset({"desirous", "conscious", "anxious", "serious", "zealous"})
# The verbs that open operative paragraphs of adopted resolutions (third person) and
# of outcome documents (first person plural): the base form of each.
_OPERATIVE_BASES = _words(
    """
    accept acknowledge adopt affirm agree anticipate appeal applaud appreciate approve
    appropriate authorize bring call commend commit condemn confirm congratulate consider
    continue declare decide demand deplore determine draw emphasize encourage endorse
    establish express extend highlight invite look maintain note pay pledge proclaim
    propose raise reaffirm realize recall recognize recommend recommit reconfirm refer
    regret reiterate reject remain remind renew request require resolve respect stress
    support take underline underscore understand urge value welcome re-emphasize
    """
)


def _third_person(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    return base + "s"


_OPERATIVE_THIRD = frozenset(_third_person(b) for b in _OPERATIVE_BASES)


_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


def _strip_invisible(text: str) -> str:
    return _INVISIBLE_RE.sub("", text) if _INVISIBLE_RE.search(text) else text


def _lead(text: str) -> tuple[str | None, str]:
    """Return (the italic lead words, or None, and the first plain word) of *text*."""
    t = _strip_invisible(text).lstrip(" \u00a0")
    m = _LEAD_RE.match(t)
    if m:
        return m.group(1).strip(), ""
    first = t.split(" ", 1)[0] if t else ""
    return None, first.strip(",;:")


def _head_word(lead: str) -> str:
    """The lead words' main word: the verb or participle after any adverb."""
    words = [w.strip(",;:") for w in lead.split()]
    for w in words:
        low = w.lower()
        if low in _ADVERBS or (low.endswith("ly") and len(low) > 4):
            continue
        return w
    return words[-1] if words else ""


def _person(verb: str) -> str | None:
    """ "third" (Decides), "plural" (Decide) or None when the word is no known verb form."""
    low = verb.lower()
    if low in _OPERATIVE_THIRD:
        return "third"
    if low in _OPERATIVE_BASES:
        return "plural"
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return "third"
    return None


def ending(text: str) -> tuple[str, int]:
    """Return the last punctuation mark or letter of *text* and its offset.

    Footnote calls, closing emphasis markers, closing quotation marks after the
    mark and invisible characters are looked through: ``…2022,[^1]`` ends with a
    comma.
    """
    end = len(text)
    while True:
        stripped = text[:end].rstrip(" \u00a0\t" + _INVISIBLE + "*")
        m = re.search(r"(\[\^[A-Za-z0-9][A-Za-z0-9-]*\])+$", stripped)
        if m:
            end = m.start()
            continue
        end = len(stripped)
        break
    if end == 0:
        return "", 0
    return text[end - 1], end - 1


# --------------------------------------------------------------------------- structure


def _paragraph_rules(clauses: Sequence[Clause], numbering: str) -> Iterator[Finding]:
    operative = [c for c in clauses if c.kind == "operative"]
    persons: Counter[str] = Counter()
    leads: dict[str, str] = {}
    for c in operative:
        lead, _plain = _lead(c.text)
        if lead is not None:
            word = _head_word(lead)
            leads[c.id] = word
            p = _person(word)
            if p is not None and not word.lower().endswith(("ing", "ed")):
                persons[p] += 1
    # The document's form is what most of its operative paragraphs say; a tie (or
    # none) falls back to the form document.yaml declares.
    declared = "plural" if numbering == "outcome" else "third"
    form = declared
    if persons:
        (top, n), *rest = persons.most_common()
        if not rest or rest[0][1] < n:
            form = top
    last_operative = operative[-1].id if operative else None
    for c in clauses:
        if c.kind == "preambular":
            yield from _preambular(c)
        elif c.kind == "operative":
            yield from _operative(c, leads.get(c.id), form, c.id == last_operative)


def _preambular(c: Clause) -> Iterator[Finding]:
    lead, plain = _lead(c.text)
    if lead is None:
        yield _f(c, c.id, ("text",), 0, "preambular-lead", f"'{plain}' is not in italics")
    else:
        word = _head_word(lead)
        low = word.lower()
        if low in _OPERATIVE_BASES or (
            _person(word) == "third" and low not in _PREAMBULAR_S and not low.endswith("ous")
        ):
            yield _f(
                c, c.id, ("text",), 0, "preambular-form", f"*{lead}* reads as an operative verb"
            )
    expected = ","
    if c.items:
        yield from _items(c, c.items, ("items",), expected)
    else:
        mark, at = ending(c.text)
        if mark != expected:
            yield _f(c, c.id, ("text",), at, "preambular-ending", _ends(mark, "a comma"))


def _operative(c: Clause, lead_word: str | None, form: str, last: bool) -> Iterator[Finding]:
    lead, plain = _lead(c.text)
    if lead is None:
        # Only a paragraph that opens with an operative verb is one that lost its
        # italics: budget paragraphs ("Appropriations totalling …") and declarations
        # ("We reaffirm …") open otherwise, and rightly.
        if plain.lower() in _OPERATIVE_THIRD or plain.lower() in _OPERATIVE_BASES:
            yield _f(c, c.id, ("text",), 0, "operative-lead", f"'{plain}' is not in italics")
        else:
            return
    elif lead_word is not None:
        low = lead_word.lower()
        if low.endswith("ing") or (low.endswith("ed") and not low.endswith("eed")):
            yield _f(
                c, c.id, ("text",), 0, "operative-verb", f"*{lead}* is not a present-tense verb"
            )
        else:
            p = _person(lead_word)
            if p is not None and p != form:
                want = "the third person" if form == "third" else "the first person plural"
                yield _f(
                    c, c.id, ("text",), 0, "document-form",
                    f"*{lead}* breaks the document's form ({want}, as its other paragraphs)",
                )  # fmt: skip
    expected = "." if last else ";"
    if c.items:
        yield from _items(c, c.items, ("items",), expected)
    else:
        mark, at = ending(c.text)
        if mark != expected and mark != ":":
            what = "a full stop (it is the last operative paragraph)" if last else "a semicolon"
            yield _f(c, c.id, ("text",), at, "operative-ending", _ends(mark, what))


def _items(
    c: Clause, items: Sequence[Item], at: tuple[str | int, ...], parent_end: str
) -> Iterator[Finding]:
    """Sub-paragraphs end alike, with a semicolon (or, in a preambular paragraph, a
    comma, as the General Assembly's own do); the last one as its paragraph ends."""
    between = ";"
    if parent_end == "," and len(items) > 1:
        first, _off = ending(items[0].text)
        between = "," if first == "," else ";"
    for i, item in enumerate(items):
        last = i == len(items) - 1
        expected = parent_end if last else between
        here = (*at, i)
        if item.items:
            yield from _items(c, item.items, (*here, "items"), expected)
            continue
        mark, off = ending(item.text)
        if mark == expected or (mark == ":" and not last):
            continue
        want = {";": "a semicolon", ".": "a full stop", ",": "a comma"}[expected]
        yield _f(c, item.id, (*here, "text"), off, "subparagraph-ending", _ends(mark, want))


def _ends(mark: str, want: str) -> str:
    shown = f"'{mark}'" if mark else "nothing"
    return f"ends with {shown}, not {want}"


def _f(c: Clause, part: str, at: tuple[str | int, ...], off: int, rule: str, msg: str) -> Finding:
    return Finding(c.id, part, at, off, rule, msg)


# --------------------------------------------------------------------------- words and marks

# Oxford spelling: -ize, -ization (the UN's), for the stems that take it; "analyse",
# "advise", "exercise", "comprise" and the like keep their s.
_ISE_STEMS = _words(
    """
    organ recogn emphas priorit real mobil util critic minim maxim summar harmon stabil
    final standard character author operational institutional categor legal modern normal
    special civil democrat digital global international sensit familiar capital central
    decentral criminal decriminal penal neutral jeopard symbol synthes optim revital urban
    immun privat commercial scrutin apolog visual public rational regular conceptual
    contextual formal local monet strateg incentiv memorial mainstream industrial marginal
    sanit stigmat subsid vandal victim
    """
)
_ISE_SUFFIX = re.compile(r"is(?:e[sdr]?|ers|ing|ations?)\b")
_BRITISH = {"behavior": "behaviour", "favor": "favour", "labor": "labour", "defense": "defence"}

# (a substring without which the pattern cannot match, the pattern, the message)
_Rule = tuple[str | tuple[str, ...], re.Pattern[str], str]
_SPELLING: list[_Rule] = [
    ("program", re.compile(r"\bprograms?\b"), "'{m}' is 'programme' (a computer program only)"),
    (
        ("tates", "ember-"),
        re.compile(r"\b(?:member states|Member states|[Mm]ember-[Ss]tates)\b"),
        "'{m}' is 'Member States'",
    ),
    (
        ("ecretary General", "ecretary-general"),
        re.compile(r"\bSecretary General\b(?! of (?!the United Nations))|\b[Ss]ecretary-general\b"),
        "'{m}' is 'Secretary-General'",
    ),
    (
        ("governmental", "Governmental"),
        re.compile(r"\bnon ?governmental\b|\bNon-Governmental(?= organizations\b)"),
        "'{m}' is 'non-governmental'",
    ),
    ("co-", re.compile(r"\bco-(?:operat|ordinat)\w*"), "'{m}' is written without the hyphen"),
    (
        ("behavior", "favor", "labor", "defense"),
        re.compile(r"\b(?:behavior|favor|labor|defense)(?:s|al)?\b"),
        "'{m}' is spelled the British way",
    ),
]
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_CITATIONS: list[_Rule] = [
    (
        ", ",
        re.compile(rf"\b(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}\b"),
        "'{m}': the UN writes the day first, without a comma ('7 December 2022')",
    ),
    (
        ("st ", "nd ", "rd ", "th "),
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th) (?:of )?(?:{_MONTHS})\b"),
        "'{m}': the UN writes the day as a plain number ('7 December')",
    ),
    (
        "A/RES/",
        re.compile(r"\b[Rr]esolutions? A/RES/\d+/\d+"),
        "'{m}': in the text a resolution is cited by its number ('resolution 77/37'); "
        "the symbol A/RES/77/37 belongs in references",
    ),
    (
        "Resolution",
        re.compile(r"\bResolutions? \d{2,3}/\d+"),
        "'{m}': 'resolution' takes a small r in running text",
    ),
    ("es.", re.compile(r"\b[Rr]es\. ?\d+/\d+"), "'{m}': write 'resolution' in full"),
]
_SYMBOL_BAD = re.compile(
    r"\bA\s*/\s*(?:Res|res)/[^\s,;.)]*"
    r"|\bA/RES/\d+\s*-\s*\d+\b|\bA/RES\s+\d+/\d+\b|\bA\s+/\s*RES/\d+/\d+\b|\bA/\s+RES/"
)
_YEAR_RANGE = re.compile(r"(?<![\w/‑-])((?:1[89]|20)\d\d)-((?:1[89]|20)?\d\d)(?![\w/‑-])")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_FOOTNOTE_BEFORE_PUNCT = re.compile(r"\[\^[A-Za-z0-9][A-Za-z0-9-]*\](?=[,;:.])")
_STRAIGHT = re.compile(r"[\"']")


def _has(text: str, guard: str | tuple[str, ...]) -> bool:
    return guard in text if isinstance(guard, str) else any(g in text for g in guard)


def _oxford(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, word, the word with -iz-) for each -is- spelling of an -ize stem."""
    for m in _ISE_SUFFIX.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        stem = text[start : m.start()]
        if stem.lower() not in _ISE_STEMS:
            continue
        word = text[start : m.end()]
        if word[0].isupper() and text[:start].strip(" *"):
            continue  # a name in its owner's spelling: the Organisation for the Prohibition …
        yield start, word, stem + "iz" + m.group(0)[2:]


def _spelling_fix(word: str) -> str:
    low = word.lower()
    if low.startswith("program"):
        return word.replace("program", "programme")
    if low.startswith("co-"):
        return word.replace("-", "", 1)
    for us, uk in _BRITISH.items():
        if low.startswith(us):
            return uk + word[len(us) :]
    return ""


def _text_rules(c: Clause, part: str, at: tuple[str | int, ...], text: str) -> Iterator[Finding]:
    # Offsets are into the text without invisible characters: rare enough that the
    # caller's column is only approximate when they occur.
    plain = _strip_invisible(text)
    for off, word, fixed in _oxford(plain):
        yield _f(c, part, at, off, "spelling", f"Oxford spelling: '{word}' is '{fixed}'")
    for guard, pattern, message in _SPELLING:
        if _has(plain, guard):
            if guard == "program" and "computer" in plain:
                continue  # a computer program is a program
            for m in pattern.finditer(plain):
                fix = _spelling_fix(m.group(0))
                msg = message.format(m=m.group(0)) + (f" ('{fix}')" if fix else "")
                yield _f(c, part, at, m.start(), "spelling", msg)
    if '"' in plain or "'" in plain:
        for m in _STRAIGHT.finditer(plain):
            what = "apostrophe" if m.group(0) == "'" else "quotation mark"
            yield _f(c, part, at, m.start(), "straight-quotes", f"a straight {what}")
    if "-" in plain:
        for m in _YEAR_RANGE.finditer(plain):
            fixed = f"{m.group(1)}–{m.group(2)}"
            yield _f(c, part, at, m.start(), "en-dash", f"'{m.group(0)}' is written '{fixed}'")
    if "  " in plain:
        for m in _DOUBLE_SPACE.finditer(plain):
            yield _f(c, part, at, m.start(), "double-space", f"{len(m.group(0))} spaces in a row")
    if "(" in plain or ")" in plain or "[" in plain or "]" in plain:
        yield from _bracket_rules(c, part, at, plain)
    if "[^" in plain:
        for m in _FOOTNOTE_BEFORE_PUNCT.finditer(plain):
            mark = plain[m.end()]
            yield _f(
                c, part, at, m.start(), "footnote-placement",
                f"{m.group(0)} comes before '{mark}'; write '{mark}{m.group(0)}'",
            )  # fmt: skip
    if "/" in plain:
        for m in _SYMBOL_BAD.finditer(plain):
            shown = m.group(0).strip()
            yield _f(c, part, at, m.start(), "symbol", f"'{shown}' is not a UN symbol form")
    for guard, pattern, message in _CITATIONS:
        if _has(plain, guard):
            for m in pattern.finditer(plain):
                if message.startswith("'{m}': 'resolution' takes") and _sentence_start(plain, m):
                    continue
                yield _f(c, part, at, m.start(), "citation", message.format(m=m.group(0)))


def _sentence_start(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start()].rstrip(" *“(")
    return not before or before[-1] in ".:;"


_PAIRS = {")": "(", "]": "["}
_BRACKET = re.compile(r"[()\[\]]")


def _bracket_rules(c: Clause, part: str, at: tuple[str | int, ...], text: str) -> Iterator[Finding]:
    masked = FOOTNOTE_MARKER_RE.sub(lambda m: " " * len(m.group(0)), text)
    stack: list[tuple[str, int]] = []
    for m in _BRACKET.finditer(masked):
        ch, i = m.group(0), m.start()
        if ch in "([":
            stack.append((ch, i))
        else:
            if stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            else:
                yield _f(c, part, at, i, "brackets", f"'{ch}' closes a bracket that was not opened")
                return
    for ch, i in stack:
        closing = ")" if ch == "(" else "]"
        yield _f(c, part, at, i, "brackets", f"'{ch}' is never closed with '{closing}'")


def _texts(c: Clause) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    yield c.id, ("text",), c.text

    def walk(
        items: Sequence[Item], at: tuple[str | int, ...]
    ) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
        for i, item in enumerate(items):
            yield item.id, (*at, i, "text"), item.text
            yield from walk(item.items, (*at, i, "items"))

    yield from walk(c.items, ("items",))
    for marker, note in c.footnotes:
        yield c.id, ("footnotes", marker), note


# --------------------------------------------------------------------------- entry


def lint(
    clauses: Iterable[Clause], *, numbering: str = "resolution", rules: Iterable[str] = ()
) -> list[Finding]:
    """Return every departure from the drafting rules in *clauses* (in reading order).

    *numbering* is document.yaml's (``resolution`` or ``outcome``): the form
    assumed when the paragraphs themselves do not show one. *rules*, when
    given, keeps only those rule ids. Raises ValueError for an unknown rule id.
    """
    wanted = set(rules)
    unknown = wanted - set(RULES)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    ordered = list(clauses)
    found = list(_paragraph_rules(ordered, numbering))
    for c in ordered:
        for part, at, text in _texts(c):
            found.extend(_text_rules(c, part, at, text))
    if wanted:
        found = [f for f in found if f.rule in wanted]
    return found
