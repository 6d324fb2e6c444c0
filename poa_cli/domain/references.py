"""Paragraphs as delegates name them: "OP4", "PP2", "paragraph 19", "19 (a)".

Ids are what poa stores; in the room, delegations speak of printed paragraph
numbers. :func:`resolve` turns such a reference into the id of the clause or
sub-paragraph it designates in the current text (numbers are computed, never
stored, so a reference is only good for the text it was read from), and
:func:`close_ids` suggests ids near a mistyped one.

Conventions (UN practice in negotiation rooms): ``PPn`` is the n-th preambular
paragraph and ``OPn`` the n-th operative paragraph, whatever the printed
numbering; a bare number (``4``, ``paragraph 4``, ``para. 4``) is the paragraph
printed with that number. A sub-paragraph follows in brackets, lettered as
printed: ``OP3(a)``, ``19 (a) (ii)``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from poa_cli.domain.model import Clause, DocumentMeta
from poa_cli.domain.numbering import item_labels, number_clauses

_REFERENCE_RE = re.compile(
    r"^\s*(?:(?P<kind>op|pp)\s*|(?:paragraph|para\.?|§)\s*)?(?P<n>[1-9][0-9]{0,3})"
    r"(?P<subs>(?:\s*\([a-z]{1,4}\))*)\s*$",
    re.IGNORECASE,
)
_SUB_RE = re.compile(r"\(([a-z]{1,4})\)", re.IGNORECASE)


def looks_like_reference(text: str) -> bool:
    """Return True when *text* reads as a printed paragraph reference (``OP4``, ``19 (a)``)."""
    return _REFERENCE_RE.match(text) is not None


def resolve(meta: DocumentMeta, clauses: Mapping[str, Clause], reference: str) -> str | None:
    """Return the id of the clause or sub-paragraph *reference* designates, or None.

    None when *reference* is not a paragraph reference or designates nothing in
    the current text (no such paragraph, no such sub-paragraph). Raises nothing.
    """
    m = _REFERENCE_RE.match(reference)
    if m is None:
        return None
    n = int(m.group("n"))
    kind = (m.group("kind") or "").lower()
    numbered = number_clauses(meta, dict(clauses))
    clause: Clause | None = None
    if kind:
        wanted = "preambular" if kind == "pp" else "operative"
        of_kind = [x.clause for x in numbered if x.clause.kind == wanted]
        clause = of_kind[n - 1] if n <= len(of_kind) else None
    else:
        clause = next((x.clause for x in numbered if x.number == str(n)), None)
    if clause is None:
        return None
    labels = [x.lower() for x in _SUB_RE.findall(m.group("subs") or "")]
    if not labels:
        return clause.id
    items = clause.items
    found = None
    for depth, label in enumerate(labels):
        match = next(
            (it for d, lab, it in item_labels(items, depth) if d == depth and lab == f"({label})"),
            None,
        )
        if match is None:
            return None
        found, items = match, match.items
    return found.id if found is not None else None


def close_ids(known: Iterable[str], wrong: str, n: int = 3) -> list[str]:
    """Return up to *n* of *known* close to *wrong* (a typo, a missing prefix), best first."""
    pool = list(dict.fromkeys(known))
    found = difflib.get_close_matches(wrong.lower(), pool, n=n, cutoff=0.6)
    if len(found) < n:  # "annual-meetings" for "op-annual-meetings"
        found += [k for k in pool if wrong.lower() in k and k not in found][: n - len(found)]
    return found
