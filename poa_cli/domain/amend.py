"""The amendment engine: find the words an amendment is about, and apply it.

Pure functions on the dataclasses of :mod:`poa_cli.domain.model`: no files, no YAML, no
git, no printing. The CLI, consolidation and the renderers call them.

Anchoring. An amendment names its span by the exact phrase plus up to four words
of context either side (an :class:`~poa_cli.domain.model.Anchor`). Finding it again:

1. Exactly (whitespace-normalised: a double space or a line break never breaks
   a match, and offsets are returned into the real text). Phrases match whole
   words: ``State`` is not found inside ``States``.
2. If the clause changed under the amendment, the span is *re-anchored*, at
   word level, only onto a verbatim occurrence of the phrase whose context still
   matches: at most 10 % of the words of ``before + phrase + after`` may differ
   (diff-match-patch's ``Match_Threshold=0.1``), or the whole context on one side
   must survive. If the context survives on both sides around *other* words,
   the phrase itself was changed there: that is reported, never worked around.
3. Anything else is :class:`AnchorStale`. A failed anchor is never applied
   approximately: fuzzy patching with default settings, tried when the engine
   was designed, silently overwrote other States' words in every overlapping
   case (docs/decisions.md, 19 and 28).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from poa_cli.domain.model import (
    AMENDMENT_ID_RE,
    FOOTNOTE_MARKER_RE,
    Amendment,
    Anchor,
    Clause,
    Item,
    footnote_target,
)
from poa_cli.domain.textdiff import Segment, diff_words, tokens, words
from poa_cli.errors import Conflict, NotFound, PoaError

# diff-match-patch's Match_Threshold, applied to word counts: the share of the
# words of before + phrase + after that may differ when re-anchoring.
FUZZY_THRESHOLD = 0.1
CONTEXT_WORDS = 4
# How many words longer than the phrase a changed span between two surviving
# context sides may be and still count as "the same place, other words".
_EDITED_SPAN_SLACK = 10

TEXT_ACTIONS = frozenset(
    {"replace-text", "insert-text", "delete-text", "append-text", "add-footnote"}
)
SUB_AMENDMENT_ACTIONS = frozenset({"replace-text", "insert-text", "delete-text", "append-text"})
# Actions whose proposed words may carry a footnote of their own (``footnote``).
FOOTNOTED_ACTIONS = frozenset({"replace-text", "insert-text", "append-text"})
CLAUSE_ACTIONS = frozenset({"replace-clause", "delete-clause", "insert-clause", "move-clause"})

# Punctuation that follows a word without a space in English, French and Spanish
# UN texts (the French non-breaking space before ';:' is the typesetter's job).
_CLOSING = (",", ".", ";", ":", "!", "?", ")", "]", "}", "…", "[^")


# --------------------------------------------------------------------------- errors


class AnchorError(Conflict):
    """The words an amendment is about cannot be placed in the text."""

    def __init__(
        self,
        message: str,
        *,
        phrase: str = "",
        count: int = 0,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line, column=column, hint=hint)
        self.phrase = phrase
        self.count = count


class AnchorAmbiguous(AnchorError):
    """The phrase occurs more than once and nothing says which occurrence is meant.

    ``count`` is the number of occurrences.
    """


class AnchorNotFound(AnchorError):
    """The phrase given on the command line does not occur in the text."""


class AnchorStale(AnchorError):
    """A stored anchor no longer fits the text: the clause changed under the amendment."""


class IdTaken(Conflict):
    """insert-clause would add a clause or sub-paragraph whose id is already used."""


class InvalidAmendment(Conflict):
    """The amendment cannot be applied as written: a missing field, a move after itself."""


# --------------------------------------------------------------------------- spans


class Span(NamedTuple):
    """Character offsets ``[start, end)`` of a phrase in a text."""

    start: int
    end: int


@dataclass(frozen=True)
class _Normalised:
    """A text with every whitespace run turned into one space, the way back, and its words."""

    text: str
    to_real: Sequence[int]  # normalised index -> real index
    to_norm: Sequence[int]  # real index -> normalised index (len(real) + 1 entries)
    starts: tuple[int, ...]  # where each word of the normalised text starts
    ends: tuple[int, ...]  # ... and ends
    keys: tuple[str, ...]  # ... and the word itself

    def real(self, span: Span) -> Span:
        return Span(self.to_real[span.start], self.to_real[span.end - 1] + 1)

    def words_before(self, pos: int, n: int) -> list[str]:
        """The last *n* words before *pos* (a word cut at *pos* counts as its part)."""
        i = bisect_right(self.ends, pos)
        out = list(self.keys[max(0, i - n) : i])
        if i < len(self.starts) and self.starts[i] < pos:
            out.append(self.text[self.starts[i] : pos])
        return out[-n:] if n else []

    def words_after(self, pos: int, n: int) -> list[str]:
        """The first *n* words after *pos* (a word cut at *pos* counts as its part)."""
        i = bisect_left(self.starts, pos)
        out = [self.text[pos : self.ends[i - 1]]] if i > 0 and self.ends[i - 1] > pos else []
        out.extend(self.keys[i : i + n])
        return out[:n]


_WS_RE = re.compile(r"\s+")
_UNNORMAL_WS_RE = re.compile(r"[^\S ]|  ")  # whitespace other than single spaces


@lru_cache(maxsize=1024)
def _normalise(text: str) -> _Normalised:
    if _UNNORMAL_WS_RE.search(text) is None:
        # Already normalised (the usual case): the maps are the identity.
        return _words_of(text, range(len(text)), range(len(text) + 1))
    parts: list[str] = []
    to_real: list[int] = []
    to_norm: list[int] = []
    size = pos = 0
    for m in _WS_RE.finditer(text):
        run = m.start() - pos
        parts.append(text[pos : m.start()])
        to_real.extend(range(pos, m.start()))
        to_norm.extend(range(size, size + run))
        size += run
        to_norm.extend([size] * (m.end() - m.start()))
        to_real.append(m.start())
        parts.append(" ")
        size += 1
        pos = m.end()
    parts.append(text[pos:])
    to_real.extend(range(pos, len(text)))
    to_norm.extend(range(size, size + len(text) - pos))
    to_norm.append(size + len(text) - pos)
    return _words_of("".join(parts), tuple(to_real), tuple(to_norm))


def _words_of(norm: str, to_real: Sequence[int], to_norm: Sequence[int]) -> _Normalised:
    starts: list[int] = []
    ends: list[int] = []
    keys: list[str] = []
    at = 0
    for tok in tokens(norm):
        word = tok.rstrip()
        if word:
            starts.append(at)
            ends.append(at + len(word))
            keys.append(word)
        at += len(tok)
    return _Normalised(norm, to_real, to_norm, tuple(starts), tuple(ends), tuple(keys))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _is_word_char(ch: str) -> bool:
    if unicodedata.category(ch)[0] not in "LNM":
        return False
    o = ord(ch)
    # An ideograph or kana is a word of its own (no spaces in Chinese or Japanese).
    return not (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF)


def _whole_words(text: str, start: int, end: int) -> bool:
    """True unless the span starts or ends in the middle of a word."""
    if start > 0 and _is_word_char(text[start]) and _is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]))


def _find_all(norm: str, phrase: str) -> list[Span]:
    """Every whole-word occurrence of *phrase* in the normalised text (overlaps included)."""
    found: list[Span] = []
    if not phrase:
        return found
    i = norm.find(phrase)
    while i >= 0:
        if _whole_words(norm, i, i + len(phrase)):
            found.append(Span(i, i + len(phrase)))
        i = norm.find(phrase, i + 1)
    return found


def _quote(phrase: str, width: int = 60) -> str:
    text = _squash(phrase)
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return f'"{text}"'


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


# --------------------------------------------------------------------------- context


def _prefix_distance(pattern: Sequence[str], seq: Sequence[str]) -> int:
    """Fewest word edits that turn *pattern* into some prefix of *seq*."""
    if not pattern:
        return 0
    prev = list(range(len(seq) + 1))
    for i, p in enumerate(pattern, 1):
        cur = [i] + [0] * len(seq)
        for j, s in enumerate(seq, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (p != s))
        prev = cur
    return min(prev)


def _side_errors(
    norm: _Normalised, span: Span, before: list[str], after: list[str]
) -> tuple[int, int]:
    """Word edits separating the anchor's context from the words around *span*."""
    eb = ea = 0
    if before:
        window = norm.words_before(span.start, 2 * len(before) + 2)
        if window[-len(before) :] != before:
            eb = _prefix_distance(before[::-1], window[::-1])
    if after:
        window = norm.words_after(span.end, 2 * len(after) + 2)
        if window[: len(after)] != after:
            ea = _prefix_distance(after, window)
    return eb, ea


def _side_exact(norm: _Normalised, span: Span, before: list[str], after: list[str]) -> bool:
    """True when the words around *span* are exactly the anchor's context
    (the same as ``_side_errors(...) == (0, 0)``, without edit distances)."""
    if before and norm.words_before(span.start, 2 * len(before) + 2)[-len(before) :] != before:
        return False
    return not after or norm.words_after(span.end, 2 * len(after) + 2)[: len(after)] == after


def _edited_place(norm: str, phrase: str, before: str, after: str) -> bool:
    """True when the anchor's context survives on both sides around other words.

    That is where the span was; its words were changed, so the amendment is
    stale even if the phrase still occurs elsewhere. An empty side stands for the
    start or the end of the text (where make_anchor leaves it empty).
    """
    if not before and not after:
        return False
    ends = [s.end for s in _find_all(norm, before)] if before else [0]
    starts = [s.start for s in _find_all(norm, after)] if after else [len(norm)]
    limit = len(words(phrase)) + _EDITED_SPAN_SLACK
    for i in ends:
        for j in starts:
            if j < i:
                continue
            middle = norm[i:j].strip()
            if middle == phrase or len(words(middle)) > limit:
                continue
            # The phrase still stands there with words added beside it (another
            # amendment's insertion or footnote): not an edit of the phrase.
            if _beside(middle, phrase):
                continue
            return True
    return False


def _beside(middle: str, phrase: str) -> bool:
    """True when *middle* is *phrase* with words or a footnote call added before or after."""
    if middle.startswith(phrase) and _whole_words(middle, 0, len(phrase)):
        return True
    start = len(middle) - len(phrase)
    return start > 0 and middle.endswith(phrase) and _whole_words(middle, start, len(middle))


def locate(text: str, anchor: Anchor, *, where: str = "the text") -> Span:
    """Return the span of *text* that *anchor* designates (offsets into *text*).

    Exact first: a single occurrence of the phrase with its context, or
    ``anchor.occurrence`` (1-based) when set. If the text changed under the
    anchor, re-anchor strictly (see the module docstring). *where* names the text
    in messages (``"op-scope"``).

    Raises AnchorAmbiguous when the phrase occurs several times and neither the
    occurrence nor the context tells which; AnchorStale when the anchor no longer
    fits (the phrase is gone, was changed where it stood, or its context changed
    too much); InvalidAmendment when the phrase is empty.
    """
    phrase = _squash(anchor.phrase)
    if not phrase:
        raise InvalidAmendment("the anchor's phrase is empty")
    norm = _normalise(text)
    occ = _find_all(norm.text, phrase)
    before, after = _squash(anchor.before), _squash(anchor.after)
    bw, aw = words(before), words(after)
    # Exact context first: it settles most anchors without any edit distance.
    exact = [i for i, s in enumerate(occ) if _side_exact(norm, s, bw, aw)]
    quoted = _quote(phrase)

    k = anchor.occurrence
    if k is not None:
        if 1 <= k <= len(occ) and k - 1 in exact:
            return norm.real(occ[k - 1])
        # The occurrence was needed because the phrase and its context repeat; once
        # the text changed, counting occurrences no longer says which one was meant.
        found = f"occurs {_times(len(occ))}" if occ else "no longer occurs"
        raise AnchorStale(
            f"occurrence {k} of {quoted} no longer fits {where} ({found}; "
            "the text changed since the amendment was written)",
            phrase=phrase,
            count=len(occ),
            hint=_REANCHOR,
        )

    if len(exact) == 1:
        return norm.real(occ[exact[0]])
    if len(exact) > 1:
        raise AnchorAmbiguous(
            f"{quoted} occurs {_times(len(occ))} in {where}",
            phrase=phrase,
            count=len(occ),
            hint="pass --occurrence N to say which",
        )
    if not occ:
        raise AnchorStale(
            f"{quoted} no longer occurs in {where} (the text changed since the amendment "
            "was written)",
            phrase=phrase,
            hint=_REANCHOR,
        )
    if _edited_place(norm.text, phrase, before, after):
        raise AnchorStale(
            f"the words {quoted} were changed in {where} since the amendment was written",
            phrase=phrase,
            count=len(occ),
            hint=_REANCHOR,
        )
    sides = [_side_errors(norm, s, bw, aw) for s in occ]
    errors = [eb + ea for eb, ea in sides]
    allowed = math.floor(FUZZY_THRESHOLD * (len(bw) + len(words(phrase)) + len(aw)) + 1e-9)
    acceptable = [
        i
        for i, (eb, ea) in enumerate(sides)
        if eb + ea <= allowed or (bw and eb == 0) or (aw and ea == 0)
    ]
    if acceptable:
        best = min(errors[i] for i in acceptable)
        winners = [i for i in acceptable if errors[i] == best]
        if len(winners) == 1:
            return norm.real(occ[winners[0]])
    raise AnchorStale(
        f"the words around {quoted} changed in {where} since the amendment was written "
        f"({'it occurs ' + _times(len(occ)) if len(occ) > 1 else 'its context is gone'})",
        phrase=phrase,
        count=len(occ),
        hint=_REANCHOR,
    )


def find_phrase(text: str, phrase: str, occurrence: int | None = None) -> Span:
    """Return the span of *phrase* in *text*, for ``--replace OLD`` and the like.

    Whitespace-normalised, whole words; *occurrence* (1-based) picks one of
    several. Raises AnchorNotFound when the phrase does not occur (or has fewer
    occurrences than asked), AnchorAmbiguous (with ``count``) when it occurs more
    than once and *occurrence* is None.
    """
    wanted = _squash(phrase)
    if not wanted:
        raise AnchorNotFound("the phrase to find is empty")
    norm = _normalise(text)
    occ = _find_all(norm.text, wanted)
    quoted = _quote(wanted)
    if not occ:
        raise AnchorNotFound(
            f"{quoted} does not occur in the text",
            phrase=wanted,
            hint="copy the words exactly, whole words, as they stand in the current text",
        )
    if occurrence is None:
        if len(occ) > 1:
            raise AnchorAmbiguous(
                f"{quoted} occurs {_times(len(occ))} in the text",
                phrase=wanted,
                count=len(occ),
                hint="pass --occurrence N to say which",
            )
        return norm.real(occ[0])
    if not 1 <= occurrence <= len(occ):
        raise AnchorNotFound(
            f"{quoted} occurs {_times(len(occ))}; there is no occurrence {occurrence}",
            phrase=wanted,
            count=len(occ),
        )
    return norm.real(occ[occurrence - 1])


def occurs(text: str, phrase: str) -> bool:
    """Return True when *phrase* occurs in *text* as :func:`find_phrase` finds it."""
    wanted = _squash(phrase)
    return bool(wanted) and bool(_find_all(_normalise(text).text, wanted))


def case_variant(text: str, phrase: str) -> str | None:
    """Return the words of *text* that match *phrase* but for letter case, or None.

    For the message when ``"Once a year"`` is asked and ``"once a year"`` stands.
    Raises nothing.
    """
    wanted = _squash(phrase)
    norm = _normalise(text).text
    if not wanted:
        return None
    for span in _find_all(norm.casefold(), wanted.casefold()):
        found = norm[span.start : span.end]
        if len(found) == len(wanted) and found != wanted:
            return found
    return None


def _context_text(norm: str, start: int, end: int, n: int, *, backwards: bool) -> str:
    """Up to *n* words before *start* (backwards) or after *end*, as normalised text."""
    if n <= 0:
        return ""
    if backwards:
        head = norm[:start]
        offsets = _word_offsets(head)
        return head[offsets[-n][0] :].strip() if len(offsets) >= n else head.strip()
    tail = norm[end:]
    offsets = _word_offsets(tail)
    return tail[: offsets[n - 1][1]].strip() if len(offsets) >= n else tail.strip()


def _word_offsets(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens(text):
        word = tok.strip()
        if word:
            out.append((pos, pos + len(tok.rstrip())))
        pos += len(tok)
    return out


def make_anchor(text: str, start: int, end: int, context_words: int = CONTEXT_WORDS) -> Anchor:
    """Return an Anchor for ``text[start:end]`` with up to *context_words* words either side.

    Whitespace at the span's edges is left out and whitespace inside it is
    normalised. ``occurrence`` is set only when the phrase with its context still
    occurs more than once. Raises ValueError when the span is empty, out of range,
    or starts or ends inside a word (phrases match whole words).
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside the text")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("cannot anchor an empty span")
    norm = _normalise(text)
    ns, ne = norm.to_norm[start], norm.to_norm[end - 1] + 1
    if not _whole_words(norm.text, ns, ne):
        raise ValueError("the span starts or ends inside a word")
    phrase = norm.text[ns:ne]
    before = _context_text(norm.text, ns, ne, context_words, backwards=True)
    after = _context_text(norm.text, ns, ne, context_words, backwards=False)
    occ = _find_all(norm.text, phrase)
    bw, aw = words(before), words(after)
    same = [s for s in occ if _side_errors(norm, s, bw, aw) == (0, 0)]
    occurrence = occ.index(Span(ns, ne)) + 1 if len(same) > 1 else None
    return Anchor(phrase=phrase, before=before, after=after, occurrence=occurrence)


# --------------------------------------------------------------------------- text actions


def _needs_text(amendment: Amendment) -> str:
    text = (amendment.text or "").strip()
    if not text:
        raise InvalidAmendment(
            f"{amendment.id}: {amendment.action} needs the proposed words ('text')",
            path=amendment.path,
        )
    return text


def _needs_anchor(amendment: Amendment) -> Anchor:
    if amendment.anchor is None:
        raise InvalidAmendment(
            f"{amendment.id}: {amendment.action} needs an anchor (the words it is about)",
            path=amendment.path,
        )
    return amendment.anchor


_REANCHOR = "re-anchor the amendment on the current text"


def _about(amendment: Amendment, exc: AnchorError) -> AnchorError:
    """The same refusal, prefixed with the amendment id and pointing at its file."""
    hint = exc.hint
    if hint == _REANCHOR:
        hint = f"re-anchor it on the current text: poa draft reanchor {amendment.id} --phrase '…'"
    return type(exc)(
        f"{amendment.id}: {exc.message}",
        phrase=exc.phrase,
        count=exc.count,
        path=amendment.path,
        hint=hint,
    )


def intended(amendment: Amendment) -> list[Segment]:
    """Return the change a text *amendment* was written to make, on the words it
    anchored (its context and phrase), whatever the text is now: what a stale
    proposal meant. Empty for an action without an anchor or words. Raises nothing.
    """
    anchor = amendment.anchor
    if anchor is None or amendment.action not in TEXT_ACTIONS:
        return []
    text = " ".join(x for x in (anchor.before, anchor.phrase, anchor.after) if x)
    try:
        return preview(text, replace(amendment, anchor=replace(anchor, occurrence=None)))
    except PoaError:
        return []


def _locate_for(text: str, amendment: Amendment, where: str) -> Span:
    anchor = _needs_anchor(amendment)  # its refusal already names the amendment
    try:
        return locate(text, anchor, where=where)
    except AnchorError as exc:
        raise _about(amendment, exc) from None
    except InvalidAmendment as exc:
        raise InvalidAmendment(f"{amendment.id}: {exc.message}", path=amendment.path) from None


def _joins_without_space(words_: str) -> bool:
    return words_.startswith(_CLOSING)


def skip_markers(text: str, pos: int) -> int:
    """Move *pos* past footnote markers that stick to the word before it."""
    while True:
        m = FOOTNOTE_MARKER_RE.match(text, pos)
        if m is None:
            return pos
        pos = m.end()


def _delete(text: str, start: int, end: int) -> str:
    """Remove ``text[start:end]`` and mend the spacing it leaves behind."""
    left, right = text[:start], text[end:]
    if not left.strip():
        return right.lstrip()
    if not right.strip():
        return left.rstrip()
    lead = right[: len(right) - len(right.lstrip())]
    trail = left[len(left.rstrip()) :]
    if lead and trail:
        # Keep one separator; a line break wins over a space.
        right = right.lstrip()
        if "\n" in lead and "\n" not in trail:
            left = left.rstrip() + lead
    if right.startswith(_CLOSING):
        left = left.rstrip()
    return _one_mark(left, right)


# How strongly a mark ends a phrase: where a deletion leaves two marks side by
# side ("and, , by" or "X, ;"), the stronger one stays, as a drafter would write it.
_MARK_STRENGTH = {",": 1, ";": 2, ":": 2, ".": 3}


def _one_mark(left: str, right: str) -> str:
    """Join *left* and *right*, keeping only the stronger of two marks that meet."""
    head, tail = left.rstrip(), right.lstrip()
    if head[-1:] in _MARK_STRENGTH and tail[:1] in _MARK_STRENGTH and not tail.startswith(".."):
        if _MARK_STRENGTH[head[-1]] >= _MARK_STRENGTH[tail[0]]:
            return left + right[len(right) - len(tail) + 1 :]
        return head[:-1] + right
    return left + right


def append_point(text: str) -> int:
    """Return where append-text puts its words in *text*: before the mark that ends it.

    UN paragraphs end with ";" or "." (or ":" before sub-paragraphs); words
    appended to a paragraph belong before that mark, not after it. Raises nothing.
    """
    body = text.rstrip()
    if body[-1:] in _MARK_STRENGTH and not body.endswith(".."):
        return len(body) - 1
    return len(body)


def _insert(text: str, pos: int, words_: str) -> str:
    """Insert *words_* at *pos* with one space on each side where words meet."""
    left, right = text[:pos], text[pos:]
    if left and not left[-1].isspace() and not _joins_without_space(words_):
        words_ = " " + words_
    if right and not right[0].isspace() and not _joins_without_space(right):
        words_ += " "
    elif left.endswith(" ") and right.startswith(" "):
        right = right.lstrip(" ")
    return left + words_ + right


def _append(text: str, words_: str) -> str:
    """Add *words_* at the end of *text*, before its closing mark ("…2027 and in Geneva;").

    Words that bring their own closing mark replace the text's; words that start
    with a mark (", by consensus.") join the last word directly.
    """
    body = text.rstrip()
    if not body:
        return words_
    if words_.startswith("[^"):  # a footnote call follows the mark, as UN texts print it
        return body + words_
    at = append_point(body)
    mark = body[at:]
    if words_.rstrip()[-1:] in _MARK_STRENGTH:
        mark = ""
    space = "" if _joins_without_space(words_) else " "
    return body[:at].rstrip() + space + words_ + mark


def apply_to_text(
    text: str, amendment: Amendment, *, marker: str | None = None, where: str | None = None
) -> str:
    """Return *text* with the text action of *amendment* applied.

    replace-text puts ``amendment.text`` in place of the anchored phrase;
    delete-text removes it and mends the spacing; insert-text puts the words
    ``position`` "before" or "after" it (default after) with one space between;
    append-text adds them at the end after one space; add-footnote puts
    ``[^marker]`` right after the phrase (after any marker already there; default
    marker: the amendment id lower-cased). *where* names the text in messages.

    Raises AnchorAmbiguous / AnchorStale when the anchor cannot be placed,
    InvalidAmendment when a field the action needs is missing, the action is not
    a text action, or the result would be empty (use delete-clause instead).
    """
    where = where or amendment.target
    action = amendment.action
    if action == "append-text":
        result = _append(text, _called(amendment, _needs_text(amendment), marker))
    elif action == "replace-text":
        words_ = _called(amendment, _needs_text(amendment), marker)
        span = _locate_for(text, amendment, where)
        result = text[: span.start] + words_ + text[span.end :]
    elif action == "delete-text":
        span = _locate_for(text, amendment, where)
        result = _delete(text, span.start, span.end)
    elif action == "insert-text":
        words_ = _called(amendment, _needs_text(amendment), marker)
        span = _locate_for(text, amendment, where)
        if amendment.position == "before":
            result = _insert(text, span.start, words_)
        elif amendment.position in (None, "after"):
            result = _insert(text, skip_markers(text, span.end), words_)
        else:
            raise InvalidAmendment(
                f"{amendment.id}: position must be 'before' or 'after', not '{amendment.position}'",
                path=amendment.path,
            )
    elif action == "add-footnote":
        _needs_text(amendment)
        span = _locate_for(text, amendment, where)
        pos = skip_markers(text, span.end)
        result = text[:pos] + f"[^{marker or amendment.id.lower()}]" + text[pos:]
    else:
        raise InvalidAmendment(
            f"{amendment.id}: {action} is not an action on the words of a text",
            path=amendment.path,
        )
    if not result.strip():
        raise InvalidAmendment(
            f"{amendment.id}: this would leave {where} without any text",
            path=amendment.path,
            hint="propose delete-clause instead",
        )
    return result


def _called(amendment: Amendment, words_: str, marker: str | None) -> str:
    """The proposed words with the call of the amendment's own footnote right after
    them (after any mark they end with, as UN texts print a footnote call)."""
    if amendment.footnote is None or amendment.action not in FOOTNOTED_ACTIONS:
        return words_
    return f"{words_}[^{marker or amendment.id.lower()}]"


def _markers_in(clause: Clause) -> set[str]:
    used = {m for m, _ in clause.footnotes}
    for text in (clause.text, *(it.text for it in clause.all_items())):
        used.update(m.group(1) for m in FOOTNOTE_MARKER_RE.finditer(text))
    return used


def footnote_marker(clause: Clause, amendment: Amendment) -> str:
    """Return a footnote marker for *amendment* not yet used in *clause*.

    The amendment id lower-cased (``dnk-3``), then ``dnk-3-2``, ``dnk-3-3`` … when
    taken. Raises nothing.
    """
    used = _markers_in(clause)
    base = amendment.id.lower()
    marker, n = base, 1
    while marker in used:
        n += 1
        marker = f"{base}-{n}"
    return marker


def add_footnote(clause: Clause, amendment: Amendment) -> Clause:
    """Return *clause* with the footnote of an add-footnote *amendment* (or of proposed
    words that carry a ``footnote``) added.

    The marker (see :func:`footnote_marker`) goes right after the anchored phrase
    in the clause text and the footnote text joins ``clause.footnotes``. Raises
    as :func:`apply_to_text`.
    """
    marker = footnote_marker(clause, amendment)
    text = apply_to_text(clause.text, amendment, marker=marker, where=clause.id)
    return replace(
        clause, text=text, footnotes=(*clause.footnotes, (marker, _footnote_text(amendment)))
    )


def _footnote_text(amendment: Amendment) -> str:
    """The footnote an add-footnote proposes, or the one proposed words carry."""
    if amendment.action == "add-footnote":
        return _needs_text(amendment)
    note = (amendment.footnote or "").strip()
    if not note:
        raise InvalidAmendment(f"{amendment.id}: the footnote is empty", path=amendment.path)
    return note


# --------------------------------------------------------------------------- clauses


def _edit_items(
    items: tuple[Item, ...], item_id: str, edit: Callable[[Item], tuple[Item, ...]]
) -> tuple[Item, ...] | None:
    """Return *items* with the item *item_id* (at any depth) replaced by ``edit(item)``.

    None when no such item exists.
    """
    out: list[Item] = []
    found = False
    for it in items:
        if found:
            out.append(it)
        elif it.id == item_id:
            out.extend(edit(it))
            found = True
        else:
            inner = _edit_items(it.items, item_id, edit)
            if inner is None:
                out.append(it)
            else:
                out.append(replace(it, items=inner))
                found = True
    return tuple(out) if found else None


def _owner(clauses: Mapping[str, Clause], item_id: str) -> Clause | None:
    for clause in clauses.values():
        if any(it.id == item_id for it in clause.all_items()):
            return clause
    return None


def _find_item(clause: Clause, item_id: str) -> Item:
    return next(it for it in clause.all_items() if it.id == item_id)


def _unknown(amendment: Amendment, what: str, value: str) -> NotFound:
    hint = None
    if AMENDMENT_ID_RE.match(value):
        hint = "a sub-amendment applies to its parent amendment (apply_to_amendment)"
    return NotFound(
        f"{amendment.id}: {what} '{value}' is neither a clause nor a sub-paragraph",
        path=amendment.path,
        hint=hint,
    )


def _apply_text_to_item(owner: Clause, item_id: str, amendment: Amendment) -> Clause:
    item = _find_item(owner, item_id)
    footnotes = owner.footnotes
    if amendment.action == "replace-clause":
        text = _needs_text(amendment)
    elif amendment.action == "add-footnote" or amendment.footnote is not None:
        marker = footnote_marker(owner, amendment)
        text = apply_to_text(item.text, amendment, marker=marker, where=item_id)
        footnotes = (*footnotes, (marker, _footnote_text(amendment)))
    else:
        text = apply_to_text(item.text, amendment, where=item_id)
    items = _edit_items(owner.items, item_id, lambda it: (replace(it, text=text),))
    assert items is not None
    return replace(owner, items=items, footnotes=footnotes)


def _ids_in_use(clauses: Mapping[str, Clause], order: Sequence[str]) -> set[str]:
    used = set(clauses) | set(order)
    for clause in clauses.values():
        used.update(it.id for it in clause.all_items())
    return used


def _insert_clause(
    clauses: dict[str, Clause], order: list[str], amendment: Amendment
) -> tuple[dict[str, Clause], list[str]]:
    new = amendment.clause
    if new is None:
        raise InvalidAmendment(
            f"{amendment.id}: insert-clause needs the new clause ('clause')", path=amendment.path
        )
    if amendment.position not in (None, "before", "after"):
        raise InvalidAmendment(
            f"{amendment.id}: position must be 'before' or 'after', not '{amendment.position}'",
            path=amendment.path,
        )
    if new.id in _ids_in_use(clauses, order):
        raise IdTaken(
            f"{amendment.id}: the id '{new.id}' of the new clause is already in use",
            path=amendment.path,
            hint="give the new clause another id",
        )
    after = amendment.position != "before"
    target = amendment.target
    if target in order:
        at = order.index(target) + (1 if after else 0)
        order.insert(at, new.id)
        clauses[new.id] = replace(new, path=None)
        return clauses, order
    owner = _owner(clauses, target)
    if owner is None:
        raise _unknown(amendment, "target", target)
    item = Item(id=new.id, text=new.text, items=new.items)
    items = _edit_items(owner.items, target, lambda it: (it, item) if after else (item, it))
    assert items is not None
    clauses[owner.id] = replace(owner, items=items)
    return clauses, order


def _descendants(item: Item) -> set[str]:
    found: set[str] = set()
    for it in item.items:
        found.add(it.id)
        found |= _descendants(it)
    return found


def _mixed_move(amendment: Amendment) -> InvalidAmendment:
    return InvalidAmendment(
        f"{amendment.id}: move-clause moves a clause after a clause, or a sub-paragraph "
        f"after a sub-paragraph; '{amendment.target}' and '{amendment.destination}' "
        "are not of the same kind",
        path=amendment.path,
    )


def _move(
    clauses: dict[str, Clause], order: list[str], amendment: Amendment
) -> tuple[dict[str, Clause], list[str]]:
    target, dest = amendment.target, amendment.destination
    if not dest:
        raise InvalidAmendment(
            f"{amendment.id}: move-clause needs a destination", path=amendment.path
        )
    if dest == target:
        raise InvalidAmendment(
            f"{amendment.id}: cannot move '{target}' after itself", path=amendment.path
        )
    if target in order:
        if dest not in order:
            if _owner(clauses, dest) is not None:
                raise _mixed_move(amendment)
            raise _unknown(amendment, "destination", dest)
        order.remove(target)
        order.insert(order.index(dest) + 1, target)
        return clauses, order
    owner = _owner(clauses, target)
    if owner is None:
        raise _unknown(amendment, "target", target)
    moved = _find_item(owner, target)
    if dest in _descendants(moved):
        raise InvalidAmendment(
            f"{amendment.id}: cannot move '{target}' after its own sub-paragraph '{dest}'",
            path=amendment.path,
        )
    dest_owner = _owner(clauses, dest)
    if dest_owner is None:
        if dest in order:
            raise _mixed_move(amendment)
        raise _unknown(amendment, "destination", dest)
    removed = _edit_items(owner.items, target, lambda it: ())
    assert removed is not None
    clauses[owner.id] = replace(owner, items=removed)
    dest_owner = clauses[dest_owner.id]
    placed = _edit_items(dest_owner.items, dest, lambda it: (it, moved))
    assert placed is not None
    clauses[dest_owner.id] = replace(dest_owner, items=placed)
    return clauses, order


def apply_amendment(
    doc_clauses: Mapping[str, Clause], order: Sequence[str], amendment: Amendment
) -> tuple[dict[str, Clause], list[str]]:
    """Return new clauses and the new reading order with *amendment* applied.

    Nothing passed in is changed. Text actions and replace-clause act on a clause,
    or on a sub-paragraph found in whichever clause holds it (replace-clause keeps
    the sub-paragraphs; add-footnote on a sub-paragraph files the footnote with its
    clause). delete-clause removes a clause (from *order* too) or a sub-paragraph.
    insert-clause adds ``amendment.clause`` ``position`` "before" or "after"
    (default after) the target, as a sibling sub-paragraph when the target is one.
    move-clause moves the target to just after ``amendment.destination``.

    Raises NotFound for an unknown target or destination (a sub-amendment's target
    is an amendment: use :func:`apply_to_amendment`); AnchorAmbiguous or
    AnchorStale when the anchor cannot be placed; IdTaken when insert-clause
    reuses an id; InvalidAmendment for a missing field, an unknown action, a move
    after itself, or a text left empty.
    """
    clauses = dict(doc_clauses)
    new_order = list(order)
    action = amendment.action
    if action in TEXT_ACTIONS or action == "replace-clause":
        clauses, new_order = _apply_text_action(clauses, new_order, amendment)
        tidy = {cid: drop_uncited(doc_clauses.get(cid), c) for cid, c in clauses.items()}
        return tidy, new_order
    return _apply_structural(clauses, new_order, amendment)


def drop_uncited(old: Clause | None, new: Clause) -> Clause:
    """Return *new* without the footnotes *old* cited and *new* no longer cites.

    An amendment that deletes a footnote call (``--delete-text "[^m]"``, or
    words that carried it) takes the footnote with it: a definition nobody cites
    would fail ``validate --strict``. Definitions *old* already left uncited are
    the Chair's business and stay. Raises nothing.
    """
    if old is None or old is new or not new.footnotes:
        return new
    before, after = _cited(old), _cited(new)
    gone = {m for m, _ in new.footnotes if m in before and m not in after}
    if not gone:
        return new
    return replace(new, footnotes=tuple((m, t) for m, t in new.footnotes if m not in gone))


def _cited(clause: Clause) -> set[str]:
    return {
        m.group(1)
        for text in (clause.text, *(it.text for it in clause.all_items()))
        for m in FOOTNOTE_MARKER_RE.finditer(text)
    }


def _apply_text_action(
    clauses: dict[str, Clause], new_order: list[str], amendment: Amendment
) -> tuple[dict[str, Clause], list[str]]:
    action, target = amendment.action, amendment.target
    note = footnote_target(target)
    if note is not None:
        clauses[note[0]] = _apply_to_footnote(clauses, note, amendment)
        return clauses, new_order
    if target in clauses:
        clause = clauses[target]
        if action == "add-footnote" or amendment.footnote is not None:
            clauses[target] = add_footnote(clause, amendment)
        elif action == "replace-clause":
            clauses[target] = replace(clause, text=_needs_text(amendment))
        else:
            clauses[target] = replace(
                clause, text=apply_to_text(clause.text, amendment, where=target)
            )
    else:
        owner = _owner(clauses, target)
        if owner is None:
            raise _unknown(amendment, "target", target)
        clauses[owner.id] = _apply_text_to_item(owner, target, amendment)
    return clauses, new_order


def footnote_text(clauses: Mapping[str, Clause], target: str) -> str | None:
    """Return the text of the footnote *target* (``<clause>[^<marker>]``) names, or None."""
    note = footnote_target(target)
    if note is None or note[0] not in clauses:
        return None
    return clauses[note[0]].footnote(note[1])


def _apply_to_footnote(
    clauses: Mapping[str, Clause], note: tuple[str, str], amendment: Amendment
) -> Clause:
    """Return the clause with its footnote's text changed by *amendment*.

    Text actions change the footnote's words; replace-clause replaces them all.
    Raises NotFound for an unknown clause or footnote, InvalidAmendment for
    another action or for words that carry a footnote of their own.
    """
    clause_id, marker = note
    clause = clauses.get(clause_id)
    text = clause.footnote(marker) if clause is not None else None
    if clause is None or text is None:
        raise NotFound(
            f"{amendment.id}: clause '{clause_id}' has no footnote [^{marker}]",
            path=amendment.path,
        )
    if amendment.action == "replace-clause":
        new = _needs_text(amendment)
    elif amendment.action in SUB_AMENDMENT_ACTIONS and amendment.footnote is None:
        new = apply_to_text(text, amendment, where=amendment.target)
    else:
        raise InvalidAmendment(
            f"{amendment.id}: a footnote's words are replaced, deleted, inserted into or "
            f"appended to (or replaced whole), not by {amendment.action}",
            path=amendment.path,
        )
    return replace(
        clause, footnotes=tuple((m, new if m == marker else t) for m, t in clause.footnotes)
    )


def _apply_structural(
    clauses: dict[str, Clause], new_order: list[str], amendment: Amendment
) -> tuple[dict[str, Clause], list[str]]:
    action, target = amendment.action, amendment.target
    if action == "delete-clause":
        if target in clauses or target in new_order:
            clauses.pop(target, None)
            return clauses, [c for c in new_order if c != target]
        owner = _owner(clauses, target)
        if owner is None:
            raise _unknown(amendment, "target", target)
        items = _edit_items(owner.items, target, lambda it: ())
        assert items is not None
        clauses[owner.id] = replace(owner, items=items)
        return clauses, new_order
    if action == "insert-clause":
        return _insert_clause(clauses, new_order, amendment)
    if action == "move-clause":
        return _move(clauses, new_order, amendment)
    raise InvalidAmendment(f"{amendment.id}: unknown action '{action}'", path=amendment.path)


# --------------------------------------------------------------------------- sub-amendments


def _proposed_words(parent: Amendment) -> str | None:
    if parent.action == "insert-clause" and parent.clause is not None:
        return parent.clause.text
    return parent.text


def apply_to_amendment(parent: Amendment, sub: Amendment) -> Amendment:
    """Return *parent* with the sub-amendment *sub* applied to its proposed words.

    The words are ``parent.text`` (or, for insert-clause, the new clause's text);
    *sub* is a replace-text, insert-text, delete-text or append-text whose target
    is ``parent.id``. Raises InvalidAmendment when *sub* does not target *parent*,
    is another action, or *parent* proposes no words; AnchorAmbiguous or
    AnchorStale when its anchor cannot be placed in them.
    """
    if sub.target != parent.id:
        raise InvalidAmendment(
            f"{sub.id}: targets '{sub.target}', not '{parent.id}'", path=sub.path
        )
    if sub.action not in SUB_AMENDMENT_ACTIONS:
        raise InvalidAmendment(
            f"{sub.id}: a sub-amendment changes the words of {parent.id} "
            f"(replace-text, insert-text, delete-text or append-text), not {sub.action}",
            path=sub.path,
        )
    words_ = _proposed_words(parent)
    if words_ is None:
        raise InvalidAmendment(
            f"{sub.id}: {parent.id} ({parent.action}) proposes no words to amend", path=sub.path
        )
    new = apply_to_text(words_, sub, where=parent.id)
    if parent.action == "insert-clause" and parent.clause is not None:
        return replace(parent, clause=replace(parent.clause, text=new))
    return replace(parent, text=new)


# --------------------------------------------------------------------------- preview


def preview(clause_text: str, amendment: Amendment) -> list[Segment]:
    """Return the word-level change *amendment* makes to *clause_text*, as segments.

    Changed segments carry the amendment id as ``source``. For insert-clause the
    segments insert the new clause's text (*clause_text* is the target's, and
    stays as it is); for move-clause the text is unchanged. Raises as
    :func:`apply_to_text` (an add-footnote shows the default marker).
    """
    action = amendment.action
    if action in TEXT_ACTIONS:
        after = apply_to_text(clause_text, amendment)
    elif action == "replace-clause":
        after = _needs_text(amendment)
    elif action == "delete-clause":
        after = ""
    elif action == "insert-clause":
        if amendment.clause is None:
            raise InvalidAmendment(
                f"{amendment.id}: insert-clause needs the new clause ('clause')",
                path=amendment.path,
            )
        return diff_words("", amendment.clause.text, source=amendment.id)
    elif action == "move-clause":
        after = clause_text
    else:
        raise InvalidAmendment(f"{amendment.id}: unknown action '{action}'", path=amendment.path)
    return diff_words(clause_text, after, source=amendment.id)


# --------------------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class Claim:
    """What a text amendment does to a text: words it changes, needs, or adds at a point.

    The one conflict rule (:meth:`competes`) is stated on claims; validate,
    ``amendments list``, the compilation view and ``consolidate`` all ask it.
    """

    changes: Span | None = None
    needs: Span | None = None
    point: int | None = None

    def competes(self, other: Claim) -> bool:
        """True when this and *other* cannot both apply: the engine's rule for alternatives.

        They compete when their replaced or deleted words overlap, when one
        replaces or deletes the words the other inserts beside or footnotes, or
        when both add words at the same point.
        """
        return (
            _overlap(self.changes, other.changes)
            or _overlap(self.changes, other.needs)
            or _overlap(self.needs, other.changes)
            or (self.point is not None and self.point == other.point)
        )


def _gap(text: str, pos: int) -> int:
    """The insertion point *pos*, moved past whitespace (so "after A" = "before B")."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def claim(text: str, amendment: Amendment, span: Span | None = None) -> Claim | None:
    """Return what *amendment* claims in *text*, or None (a whole-clause action, or an
    anchor that cannot be placed). *span* is where its anchor was already located.

    replace-text and delete-text change their words; insert-text needs the words it
    stands beside and adds at a point; append-text adds at the end (before the
    closing mark); add-footnote needs its words only (a footnote call takes no
    one's place). Raises nothing.
    """
    action = amendment.action
    if action == "append-text":
        return Claim(point=append_point(text))
    if action not in TEXT_ACTIONS or amendment.anchor is None:
        return None
    if span is None:
        try:
            span = locate(text, amendment.anchor)
        except PoaError:
            return None
    if action in ("replace-text", "delete-text"):
        return Claim(changes=span)
    if action == "insert-text":
        at = span.start if amendment.position == "before" else skip_markers(text, span.end)
        return Claim(needs=span, point=_gap(text, at))
    return Claim(needs=span)  # add-footnote: a marker does not compete with words


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def overlaps(
    text: str, amendments: Iterable[Amendment], spans: Mapping[int, Span] | None = None
) -> list[tuple[str, str]]:
    """Return the pairs of amendment ids that compete for the same words of *text*.

    *amendments* all act on *text* (one clause or sub-paragraph). Two compete
    when their replaced or deleted words overlap, when one replaces or deletes
    the words the other inserts beside or footnotes, or when both add words at
    the same point (insert-text, append-text): the compilation view shows them as
    alternatives. Amendments whose anchor cannot be placed, and actions on whole
    clauses, are left out (see :func:`check_pending`). Pairs keep the input order.
    *spans* may give, by ``id()`` of an amendment, where its anchor was already
    located in *text*. Raises nothing.
    """
    known = spans or {}
    claims = [(a.id, c) for a in amendments if (c := claim(text, a, known.get(id(a)))) is not None]
    return [
        (ida, idb)
        for i, (ida, ca) in enumerate(claims)
        for idb, cb in claims[i + 1 :]
        if ca.competes(cb)
    ]


FindingKind = Literal["stale", "conflict", "unknown-target"]


@dataclass(frozen=True)
class Finding:
    """A problem with a pending amendment: its anchor is stale, it competes, or its target is gone.

    ``other`` is the competing amendment's id for a conflict between two.
    """

    amendment_id: str
    kind: FindingKind
    message: str
    other: str | None = None


def _structural_pairs(
    pending: Sequence[Amendment], owner_of: Mapping[str, str]
) -> Iterator[tuple[Amendment, Amendment, str]]:
    """Pairs of pending amendments whose clause-level actions cannot both apply.

    Only amendments that share a clause, a target, a destination or a new id can
    collide, so candidates come from an index rather than from every pair.
    """

    def clause_of(target: str) -> str:
        return owner_of.get(target, target)

    index: dict[str, set[int]] = {}
    for i, a in enumerate(pending):
        keys = {a.target, clause_of(a.target)}
        if a.destination:
            keys.add(a.destination)
        if a.clause is not None:
            keys.add("new:" + a.clause.id)
        for key in keys:
            index.setdefault(key, set()).add(i)
    pairs: set[tuple[int, int]] = set()
    for i, a in enumerate(pending):
        if a.action not in CLAUSE_ACTIONS:
            continue
        near = index.get(a.target, set())
        if a.clause is not None:
            near = near | index.get("new:" + a.clause.id, set())
        pairs.update((min(i, j), max(i, j)) for j in near if j != i)
    for i, j in sorted(pairs):
        a, b = pending[i], pending[j]
        reason = _structural_reason(a, b, clause_of) or _structural_reason(b, a, clause_of)
        if reason:
            yield a, b, reason


def _structural_reason(x: Amendment, y: Amendment, clause_of: Callable[[str], str]) -> str:
    if (
        x.action == "delete-clause"
        and not (y.action == "delete-clause" and y.target == x.target)
        and (y.target == x.target or clause_of(y.target) == x.target or y.destination == x.target)
    ):
        return f"{x.id} deletes '{x.target}', which {y.id} needs"
    if (
        x.action == "replace-clause"
        and y.target == x.target
        and (y.action in TEXT_ACTIONS or y.action == "replace-clause")
    ):
        return f"{x.id} replaces the whole text of '{x.target}', which {y.id} also changes"
    if x.action == y.action == "move-clause" and x.target == y.target:
        return f"{x.id} and {y.id} move '{x.target}' to different places"
    if (
        x.action == y.action == "insert-clause"
        and x.clause is not None
        and y.clause is not None
        and x.clause.id == y.clause.id
    ):
        return f"{x.id} and {y.id} both insert a clause with the id '{x.clause.id}'"
    return ""


def check_pending(clauses: Mapping[str, Clause], amendments: Iterable[Amendment]) -> list[Finding]:
    """Return the problems of the pending (status "proposed") amendments.

    ``unknown-target``: the target (or a move's destination) is neither a clause,
    a sub-paragraph, nor (for a sub-amendment) a known amendment. ``stale``: the
    anchor cannot be placed in the current text (changed under it, or ambiguous),
    or a sub-amendment's parent is no longer pending. ``conflict``: two pending
    amendments compete for the same words or the same clause (one finding per
    pair, on the first, naming the other), or an insert-clause reuses an id.
    Findings follow the order of *amendments*. Raises nothing.
    """
    every = list(amendments)
    by_id = {a.id: a for a in every}
    pending = [a for a in every if a.status == "proposed"]
    rank = {a.id: i for i, a in enumerate(pending)}
    owner_of: dict[str, str] = {}
    item_text: dict[str, str] = {}
    for clause in clauses.values():
        for it in clause.all_items():
            owner_of.setdefault(it.id, clause.id)
            item_text.setdefault(it.id, it.text)
        for marker, _ in clause.footnotes:
            owner_of.setdefault(f"{clause.id}[^{marker}]", clause.id)
    used = set(clauses) | set(owner_of)
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    groups: dict[str, list[Amendment]] = {}
    spans: dict[int, Span] = {}  # id(amendment) -> its located anchor, for overlaps()

    for a in pending:
        text: str | None
        if a.target in clauses:
            text = clauses[a.target].text
        elif a.target in item_text:
            text = item_text[a.target]
        elif (note := footnote_text(clauses, a.target)) is not None:
            text = note
        elif a.target in by_id and a.target != a.id:
            parent = by_id[a.target]
            text = _proposed_words(parent)
            if parent.status != "proposed":
                findings.append(
                    Finding(a.id, "stale", f"{a.id} amends {parent.id}, which is {parent.status}")
                )
                continue
        else:
            findings.append(
                Finding(
                    a.id,
                    "unknown-target",
                    f"{a.id}: target '{a.target}' is neither a clause nor a sub-paragraph",
                )
            )
            continue
        if a.action == "move-clause" and a.destination and a.destination not in used:
            findings.append(
                Finding(
                    a.id,
                    "unknown-target",
                    f"{a.id}: destination '{a.destination}' is neither a clause nor a "
                    "sub-paragraph",
                )
            )
        if a.action == "insert-clause" and a.clause is not None and a.clause.id in used:
            findings.append(
                Finding(
                    a.id, "conflict", f"{a.id}: the id '{a.clause.id}' of the new clause is taken"
                )
            )
        if a.action in TEXT_ACTIONS and text is not None:
            if a.anchor is not None:
                try:
                    spans[id(a)] = locate(text, a.anchor, where=a.target)
                except PoaError as exc:
                    findings.append(Finding(a.id, "stale", f"{a.id}: {exc.message}"))
                    continue
            texts[a.target] = text
            groups.setdefault(a.target, []).append(a)

    seen: set[tuple[str, str]] = set()
    for target, group in groups.items():
        for x, y in overlaps(texts[target], group, spans):
            seen.add((x, y))
            findings.append(
                Finding(
                    x,
                    "conflict",
                    f"{x} and {y} change the same words of '{target}' (alternatives)",
                    other=y,
                )
            )
    for a, b, reason in _structural_pairs(pending, owner_of):
        if (a.id, b.id) not in seen:
            seen.add((a.id, b.id))
            findings.append(Finding(a.id, "conflict", reason, other=b.id))

    findings.sort(key=lambda f: rank.get(f.amendment_id, len(rank)))
    return findings
