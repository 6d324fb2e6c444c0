"""Who put each word there: attribution of changes across a sequence of versions.

Given the zero-draft text of a paragraph and the texts after each change (each
labelled with what caused it: an amendment id, a revision, "Chair"), this
returns the word-level difference between the first and the last version with
every inserted and deleted run attributed to the change that caused it, and
every surviving word with the change that brought it in. The ``changes`` view
and ``poa blame`` both stand on it.

A word inserted by one change and deleted by a later one never reaches the
result: it was neither in the base nor in the final text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from poa_cli.domain.textdiff import Segment, tokens


@dataclass
class _Cell:
    text: str  # as it stands now (for base words: with today's spacing)
    origin: str | None  # None: a word of the base text
    deleted_by: str | None = None
    base_text: str | None = None  # for base words: the token as the base had it


def _visible(cells: list[_Cell]) -> list[int]:
    return [i for i, c in enumerate(cells) if c.deleted_by is None]


def _step(cells: list[_Cell], new_text: str, source: str) -> list[_Cell]:
    """Return *cells* after the change to *new_text*, attributed to *source*."""
    vis = _visible(cells)
    old_tokens = [cells[i].text for i in vis]
    new_tokens = tokens(new_text)
    matcher = SequenceMatcher(
        None, [t.strip() for t in old_tokens], [t.strip() for t in new_tokens], autojunk=False
    )
    out: list[_Cell] = []
    pos = 0  # next index of *cells* not yet copied

    def copy_until(cell_index: int) -> None:
        nonlocal pos
        while pos < cell_index:
            out.append(cells[pos])
            pos += 1

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k, j in zip(range(i1, i2), range(j1, j2), strict=True):
                copy_until(vis[k])
                cell = cells[vis[k]]
                out.append(_Cell(new_tokens[j], cell.origin, base_text=cell.base_text))
                pos = vis[k] + 1
            continue
        # delete and replace: the old words go (struck if they were base words)
        for k in range(i1, i2):
            copy_until(vis[k])
            cell = cells[vis[k]]
            if cell.origin is None:
                out.append(_Cell(cell.text, None, deleted_by=source, base_text=cell.base_text))
            pos = vis[k] + 1
        if j2 > j1:  # insert and replace: the new words come after any struck ones
            if i2 == i1 and i1 < len(vis):
                copy_until(vis[i1])
            elif i2 == i1:
                copy_until(len(cells))
            out.extend(_Cell(new_tokens[j], source) for j in range(j1, j2))
    copy_until(len(cells))
    return out


def attribute(base: str, steps: Iterable[tuple[str, str]]) -> list[Segment]:
    """Return the change from *base* to the last text of *steps*, every run attributed.

    *steps* is ``(source, text after that change)`` in the order the changes were
    made. ``equal`` segments carry the source that inserted them (None for words
    of the base text); ``insert`` and ``delete`` segments carry the source that
    inserted or deleted them. Joining equal + delete gives *base*; joining equal
    + insert gives the final text, exactly. Raises nothing.
    """
    cells = [_Cell(t, None, base_text=t) for t in tokens(base)]
    for source, text in steps:
        cells = _step(cells, text, source)
    segments: list[Segment] = []

    def add(seg: Segment) -> None:
        if not seg.text:
            return
        if segments and segments[-1].op == seg.op and segments[-1].source == seg.source:
            segments[-1] = Segment(seg.op, segments[-1].text + seg.text, seg.source)
        else:
            segments.append(seg)

    for cell in cells:
        if cell.deleted_by is not None:
            add(Segment("delete", cell.base_text or cell.text, cell.deleted_by))
        elif cell.origin is None:
            old = cell.base_text or cell.text
            if old == cell.text:
                add(Segment("equal", cell.text, None))
            else:  # the same word, spaced differently: only the spacing changed
                word = old.rstrip()
                add(Segment("equal", word, None))
                add(Segment("delete", old[len(word) :], None))
                add(Segment("insert", cell.text[len(word) :], None))
        else:
            add(Segment("insert", cell.text, cell.origin))
    return segments


@dataclass(frozen=True)
class Word:
    """A word of the current text and the change that brought it in (None: the base)."""

    text: str
    source: str | None


def blame(base: str, steps: Sequence[tuple[str, str]]) -> list[Word]:
    """Return every word of the final text with the source that brought it in."""
    cells = [_Cell(t, None, base_text=t) for t in tokens(base)]
    for source, text in steps:
        cells = _step(cells, text, source)
    return [Word(c.text, c.origin) for c in cells if c.deleted_by is None]
