"""Clause text → printed runs: ``*emphasis*``, footnote calls, and change marks.

A clause's text carries a tiny inline syntax (docs/format.md): ``*Decide*`` for
the italic opening words and ``[^marker]`` for a footnote call. Diffs cut texts
into pieces that may start or end inside an emphasis, so the syntax is resolved
once on the whole text (:class:`InlineText`) and any slice of it can then be
turned into runs. Footnotes are numbered across the whole paper, in reading
order, by a :class:`NoteBook` (the UN numbers footnotes consecutively through a
document).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from poa_cli.domain.inline import InlineText as InlineText  # re-exported for the writers
from poa_cli.domain.textdiff import Segment
from poa_cli.render.model import Attribution, Footnote, Mark, NoteRef, Run, Text

#: Resolves a footnote marker met in a text to a printed footnote call (or None
#: when the marker has no footnote: the call is then printed as it stands).
NoteResolver = Callable[[str], NoteRef | None]


def runs_of(a: InlineText, start: int, end: int, notes: NoteResolver) -> list[Run]:
    """Return the runs for ``a.text[start:end]``: italic and plain text, footnote calls."""
    out: list[Run] = []

    def add(text: str, em: bool) -> None:
        if out and isinstance(out[-1], Text) and out[-1].em == em:
            out[-1] = Text(out[-1].text + text, em)
        else:
            out.append(Text(text, em))

    if not a.cuts:
        if start < end:
            add(a.text[start:end], False)
        return out
    pos = start
    k = bisect_right(a.cuts, pos)
    while pos < end:
        note = a.notes.get(pos)
        if note is not None and note[0] <= end:
            ref = notes(note[1])
            if ref is not None:
                out.append(ref)
                pos = note[0]
                k = bisect_right(a.cuts, pos)
                continue
        if pos in a.hidden:
            pos += 1
            k = bisect_right(a.cuts, pos)
            continue
        while k < len(a.cuts) and a.cuts[k] <= pos:
            k += 1
        nxt = min(a.cuts[k] if k < len(a.cuts) else end, end)
        add(a.text[pos:nxt], a.is_em(pos))
        pos = nxt
    return out


def plain_runs(text: str, notes: NoteResolver | None = None) -> list[Run]:
    """Return the runs of a whole text (emphasis and, with *notes*, footnote calls)."""
    a = InlineText.of(text)
    return runs_of(a, 0, len(text), notes or (lambda _marker: None))


def plain_text(text: str) -> str:
    """Return *text* as a reader sees it: no emphasis asterisks, no footnote markers.

    For the places a paper quotes a clause in running words (the annex's
    "Proposal" line, the changes view's legend): the inline syntax never reaches
    the page.
    """
    if "*" not in text and "[^" not in text:
        return text
    return "".join(r.text for r in plain_runs(text, lambda _marker: _DROP) if isinstance(r, Text))


# A footnote call that prints nothing (plain_text drops the calls).
_DROP = NoteRef(0, False)


@dataclass
class NoteBook:
    """Numbers footnotes across a paper in the order their calls are printed.

    A footnote is keyed by ``(owner, marker)``: markers are unique within a clause
    only. :meth:`resolver` gives the function that turns a marker of one clause
    into a :class:`NoteRef`, registering the footnote at its first call.
    """

    entries: list[Footnote] = field(default_factory=list)
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def call(
        self,
        owner: str,
        marker: str,
        text: str | None,
        change: str | None = None,
        source: Attribution | None = None,
        awaiting: bool = False,
    ) -> NoteRef | None:
        """Return the call for footnote *marker* of *owner*; None when it has no *text*.

        *awaiting* marks a footnote printed in the original in a language version.
        """
        key = (owner, marker)
        number = self._numbers.get(key)
        if number is not None:
            return NoteRef(number, first=False)
        if text is None:
            return None
        number = len(self.entries) + 1
        self._numbers[key] = number
        self.entries.append(Footnote(number, tuple(plain_runs(text)), change, source, awaiting))
        return NoteRef(number, first=True)

    def resolver(
        self,
        owner: str,
        footnotes: Callable[[str], str | None],
        change: Callable[[str], tuple[str | None, Attribution | None]] | None = None,
        awaiting: Callable[[str], bool] | None = None,
    ) -> NoteResolver:
        """Return a resolver for the markers of *owner*, whose texts *footnotes* looks up.

        *change* says, for a marker, whether its footnote was inserted or deleted
        and by whom (changes view); *awaiting* whether it is printed in the
        original for want of a current translation (a language version).
        """

        def resolve(marker: str) -> NoteRef | None:
            how, by = change(marker) if change is not None else (None, None)
            late = awaiting(marker) if awaiting is not None else False
            return self.call(owner, marker, footnotes(marker), how, by, late)

        return resolve


# --------------------------------------------------------------------------- diffs


def refine(segments: Sequence[Segment]) -> list[Segment]:
    """Return *segments* made easier to read; joining them still gives the same texts.

    A deletion followed by an insertion keeps as unchanged the whole words they
    share at either end: ``directory,`` → ``directory,[^1]`` becomes the word kept
    and the footnote call inserted; ``York,`` → ``York and Geneva,`` inserts
    " and Geneva". (Changes of spacing alone are left to :func:`marked_runs`,
    which does not print them.)
    """
    out: list[Segment] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        pair = (
            nxt is not None
            and {seg.op, nxt.op} == {"delete", "insert"}
            and seg.source == nxt.source
        )
        if pair and nxt is not None:
            dele, ins = (seg, nxt) if seg.op == "delete" else (nxt, seg)
            out.extend(_trim_pair(dele, ins))
            i += 2
            continue
        out.append(seg)
        i += 1
    return _merge(out)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "-'’^"


def _cut_ok(x: str, p: int) -> bool:
    """True when cutting *x* at *p* does not split a word."""
    return p in (0, len(x)) or not (_is_word(x[p - 1]) and _is_word(x[p]))


def _trim_pair(dele: Segment, ins: Segment) -> list[Segment]:
    """Keep as unchanged the whole words a deletion and the insertion after it share.

    Word tokens carry their punctuation, so ``York,`` → ``York and Geneva,`` is a
    replaced token; printed, the reader should see only " and Geneva" inserted.
    """
    d, n = dele.text, ins.text
    p = 0
    limit = min(len(d), len(n))
    while p < limit and d[p] == n[p]:
        p += 1
    while p > 0 and not (_cut_ok(d, p) and _cut_ok(n, p)):
        p -= 1
    s = 0
    while s < limit - p and d[-1 - s] == n[-1 - s]:
        s += 1
    while s > 0 and not (_cut_ok(d, len(d) - s) and _cut_ok(n, len(n) - s)):
        s -= 1
    out = [
        Segment("equal", d[:p]),
        Segment("delete", d[p : len(d) - s], dele.source),
        Segment("insert", n[p : len(n) - s], ins.source),
        Segment("equal", d[len(d) - s :]),
    ]
    return [x for x in out if x.text]


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if not s.text:
            continue
        if out and out[-1].op == s.op and out[-1].source == s.source:
            out[-1] = Segment(s.op, out[-1].text + s.text, s.source)
        else:
            out.append(s)
    return out


def marked_runs(
    segments: Sequence[Segment],
    old: InlineText,
    new: InlineText,
    old_notes: NoteResolver,
    new_notes: NoteResolver,
    attribution: Callable[[str | None], Attribution | None],
    *,
    old_offset: int = 0,
    new_offset: int = 0,
) -> list[Text | NoteRef | Mark]:
    """Return the runs of a diff: equal words as text, the rest as ins/del marks.

    The segments' texts are slices of ``old.text`` (equal and delete, from
    *old_offset*) and ``new.text`` (equal and insert, from *new_offset*), so the
    emphasis and footnote calls of each side are resolved on the whole text they
    come from. *attribution* turns a segment's source into who caused it; when it
    returns None the mark carries no source label (the compilation view, where
    the proposal as a whole is attributed).
    """
    out: list[Text | NoteRef | Mark] = []
    po, pn = old_offset, new_offset
    for seg in segments:
        n = len(seg.text)
        if seg.op == "equal":
            out.extend(runs_of(new, pn, pn + n, new_notes))
            po += n
            pn += n
            continue
        if not seg.text.strip():
            # A change of spacing alone is no change of words: print the new spacing.
            if seg.op == "insert":
                out.extend(runs_of(new, pn, pn + n, new_notes))
                pn += n
            else:
                po += n
            continue
        # Spacing at the edges of a change is printed outside its mark: the
        # underline or strike covers words, not the gaps between them.
        lead = len(seg.text) - len(seg.text.lstrip())
        body = len(seg.text.rstrip()) - lead
        side, resolver, at = (old, old_notes, po) if seg.op == "delete" else (new, new_notes, pn)
        out.extend(runs_of(side, at, at + lead, resolver))
        runs = runs_of(side, at + lead, at + lead + body, resolver)
        out.append(
            Mark("del" if seg.op == "delete" else "ins", tuple(runs), attribution(seg.source))
        )
        out.extend(runs_of(side, at + lead + body, at + n, resolver))
        if seg.op == "delete":
            po += n
        else:
            pn += n
    return label_runs(_join_text(out))


def _join_text(items: Sequence[Text | NoteRef | Mark]) -> list[Text | NoteRef | Mark]:
    out: list[Text | NoteRef | Mark] = []
    for r in items:
        if isinstance(r, Text) and out and isinstance(out[-1], Text) and out[-1].em == r.em:
            out[-1] = Text(out[-1].text + r.text, r.em)
        else:
            out.append(r)
    return out


def label_runs(items: Sequence[Text | NoteRef | Mark]) -> list[Text | NoteRef | Mark]:
    """Return *items* with ``show_label`` set only on the last mark of each source's run.

    A deletion followed by an insertion from the same amendment gets one
    superscript id, after the insertion; whitespace between marks does not
    break the run.
    """
    out = list(items)
    for i, item in enumerate(out):
        if not isinstance(item, Mark):
            continue
        j = i + 1
        while j < len(out) and isinstance(out[j], Text) and not out[j].text.strip():  # type: ignore[union-attr]
            j += 1
        following = out[j] if j < len(out) else None
        same = isinstance(following, Mark) and following.source == item.source
        if item.show_label == same:
            out[i] = Mark(item.op, item.runs, item.source, show_label=not same)
    return out
