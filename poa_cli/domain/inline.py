"""The inline syntax of a clause's text, resolved: ``*emphasis*`` and footnote calls.

A clause's text carries a tiny inline syntax (docs/format.md): ``*Decide*`` for
the italic opening words and ``[^marker]`` for a footnote call. The papers
(:mod:`poa_cli.render.inline`) and the Word import
(:mod:`poa_cli.actions.draft_import`) read it through :class:`InlineText`, so
both agree on what a paragraph's words are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from poa_cli.domain.model import FOOTNOTE_MARKER_RE

# An emphasis is a pair of asterisks around text that neither starts nor ends
# with a space; a lone "*" (as in "5 * 3") is printed as it is.
_EMPHASIS_RE = re.compile(r"\*(?=\S)([^*\n]*?\S)\*|\*(\S)\*")


@dataclass(frozen=True)
class InlineText:
    """A text with its inline syntax resolved: which characters are italic or markup.

    ``em`` holds the ``[start, end)`` spans inside an emphasis; ``hidden`` the
    positions of the asterisks that delimit one; ``notes`` maps the start of each
    footnote call to ``(end, marker)``; ``cuts`` every position where one of
    these begins or ends, sorted, so a slice is cut into runs without walking
    it character by character.
    """

    text: str
    em: tuple[tuple[int, int], ...]
    hidden: frozenset[int]
    notes: dict[int, tuple[int, str]]
    cuts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> InlineText:
        """Return *text* annotated; raises nothing."""
        em: list[tuple[int, int]] = []
        hidden: set[int] = set()
        cuts: set[int] = set()
        if "*" in text:
            for m in _EMPHASIS_RE.finditer(text):
                hidden.update((m.start(), m.end() - 1))
                em.append((m.start() + 1, m.end() - 1))
                cuts.update((m.start(), m.start() + 1, m.end() - 1, m.end()))
        notes: dict[int, tuple[int, str]] = {}
        if "[^" in text:
            for m in FOOTNOTE_MARKER_RE.finditer(text):
                notes[m.start()] = (m.end(), m.group(1))
                cuts.update((m.start(), m.end()))
        return cls(text, tuple(em), frozenset(hidden), notes, tuple(sorted(cuts)))

    def is_em(self, pos: int) -> bool:
        """True when the character at *pos* is inside an emphasis."""
        i = bisect_right(self.em, (pos, len(self.text) + 1)) - 1
        return i >= 0 and self.em[i][0] <= pos < self.em[i][1]
