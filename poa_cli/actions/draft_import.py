"""``poa draft import``: a delegation's tracked changes in Word become its amendments.

A delegation edits a clean DOCX that poa exported (``poa render --format docx``),
with Track Changes on, in Word or LibreOffice. Every tracked insertion or deletion
inside the words of a clause or sub-paragraph (poa's export bookmarks each) becomes
one amendment of that delegation: replace-text, insert-text, delete-text, or a
whole new or deleted paragraph. The amendments are drafted by the same code as
``poa draft amend`` (:func:`poa_cli.actions.amendments.draft_many`: anchored, checked by the
engine, numbered) in one transaction and one commit. A change that cannot be placed
(outside the clauses, in a number, in a paragraph changed since the export) is listed
with its words, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from poa_cli.actions.amendments import Drafted, DraftRequest, draft_many
from poa_cli.domain import amend
from poa_cli.domain.consolidation import consolidate, part_texts
from poa_cli.domain.inline import InlineText
from poa_cli.domain.model import FOOTNOTE_MARKER_RE, Amendment, Clause
from poa_cli.domain.proposers import Proposer, fold
from poa_cli.errors import PoaError
from poa_cli.formats.docx import NOTE_CALL, Piece, WordParagraph, WordText, read_tracked
from poa_cli.storage import store


class Unplaceable(PoaError):
    """Tracked changes that cannot become amendments; nothing was written."""

    def __init__(self, problems: Sequence[Problem], path: Path) -> None:
        n = len(problems)
        super().__init__(
            f"{n} tracked change{'s' if n != 1 else ''} cannot be placed in the clauses; "
            "nothing was written",
            path=path,
        )
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Problem:
    """A tracked change that cannot be taken: where it is, its words, and why."""

    where: str
    text: str
    why: str


@dataclass(frozen=True)
class Imported:
    """What an import did (or, on a dry run, would do)."""

    drafted: tuple[Drafted, ...]
    others: tuple[tuple[str, int], ...]  # authors not taken, with their number of changes
    commit: str | None
    dry_run: bool


@dataclass
class _Plan:
    requests: list[DraftRequest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # part id -> its text in Word


# --------------------------------------------------------------------------- text maps


def plain_map(text: str) -> tuple[str, list[int]]:
    """Return *text* as Word shows it (no ``*``, footnote calls as one character) and,
    for each character of it, its offset in *text* (plus one entry for the end)."""
    a = InlineText.of(text)
    out: list[str] = []
    where: list[int] = []
    pos = 0
    while pos < len(text):
        note = a.notes.get(pos)
        if note is not None:
            out.append(NOTE_CALL)
            where.append(pos)
            pos = note[0]
            continue
        if pos not in a.hidden:
            out.append(text[pos])
            where.append(pos)
        pos += 1
    where.append(len(text))
    return "".join(out), where


def _squash(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _taken(pieces: Sequence[Piece], own: set[str]) -> list[Piece]:
    """The pieces with the changes of authors not taken rejected (as if never made)."""
    out: list[Piece] = []
    for p in pieces:
        if p.op == "equal" or p.author in own:
            out.append(p)
        elif p.op == "del":
            out.append(Piece("equal", p.text))
    return out


@dataclass(frozen=True)
class _Change:
    start: int  # in the base text (the words before the change)
    end: int
    new: str


def _changes(pieces: Sequence[Piece]) -> tuple[str, list[_Change]]:
    """The base text of *pieces* and each change on it; changes that touch are one."""
    base: list[str] = []
    changes: list[_Change] = []
    pos = 0
    open_: _Change | None = None
    gap = ""
    for p in pieces:
        if p.op == "equal":
            if open_ is not None and not p.text.strip() and gap == "":
                gap = p.text  # whitespace between two changes: they are one change
            elif open_ is not None:
                changes.append(open_)
                open_, gap = None, ""
            base.append(p.text)
            pos += len(p.text)
            continue
        if open_ is None:
            open_ = _Change(pos, pos, "")
        elif gap:
            open_ = _Change(open_.start, open_.end + len(gap), open_.new + gap)
            gap = ""
        if p.op == "del":
            base.append(p.text)
            pos += len(p.text)
            open_ = _Change(open_.start, open_.end + len(p.text), open_.new)
        else:
            open_ = _Change(open_.start, open_.end, open_.new + p.text)
    if open_ is not None:
        changes.append(open_)
    return "".join(base), changes


def _widen(base: str, c: _Change) -> _Change:
    """Widen a change that starts or ends inside a word to whole words (phrases are words)."""
    s, e, new = c.start, c.end, c.new
    while s < e and new and base[s] == new[0] and base[s].isspace():  # spacing both share
        s, new = s + 1, new[1:]
    while s < e and new and base[e - 1] == new[-1] and base[e - 1].isspace():
        e, new = e - 1, new[:-1]

    def inside(i: int) -> bool:
        return 0 < i < len(base) and not base[i - 1].isspace() and not base[i].isspace()

    if inside(s):
        k = s
        while k > 0 and not base[k - 1].isspace():
            k -= 1
        s, new = k, base[k:s] + new
    if inside(e):
        k = e
        while k < len(base) and not base[k].isspace():
            k += 1
        e, new = k, new + base[e:k]
    return _Change(s, e, new)


def _occurrence(text: str, start: int, end: int) -> tuple[str, int | None]:
    """The phrase ``text[start:end]`` as a drafter would type it, and which occurrence
    (None when it occurs once)."""
    phrase = text[start:end].strip()
    start += len(text[start:end]) - len(text[start:end].lstrip())
    try:
        amend.find_phrase(text, phrase, None)
        return phrase, None
    except amend.AnchorAmbiguous as exc:
        count = exc.count or 0
    for k in range(1, count + 1):
        if amend.find_phrase(text, phrase, k).start == start:
            return phrase, k
    return phrase, None


def _tokens(base: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for tok in base.split(" "):
        if tok.strip():
            out.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return out


# --------------------------------------------------------------------------- planning


def _describe(p: WordParagraph) -> str:
    return _squash("".join(x.text for x in (*p.label, *p.pieces)).replace(NOTE_CALL, ""))[:60]


def _text_requests(
    part: str,
    source: str,
    pieces: Sequence[Piece],
    by: tuple[str, ...],
    plan: _Plan,
) -> None:
    plain, where = plain_map(source)
    base, changes = _changes(pieces)
    if base != plain:
        text = "".join(p.text for p in pieces if p.op != "equal")
        plan.problems.append(
            Problem(
                part,
                text,
                "the paragraph's text differs from the clause as it stands "
                "(exported from another revision?): export it again",
            )
        )
        return

    def source_end(end: int) -> int:
        """Where the source text of ``plain[:end]`` ends (after a whole footnote marker)."""
        if plain[end - 1] == NOTE_CALL:
            m = FOOTNOTE_MARKER_RE.match(source, where[end - 1])
            assert m is not None  # plain_map put a call only where a marker is
            return m.end()
        return where[end - 1] + 1

    for c in changes:
        c = _widen(base, c)
        if NOTE_CALL in c.new and c.new.count(NOTE_CALL) != base[c.start : c.end].count(NOTE_CALL):
            plan.problems.append(Problem(part, c.new, "a footnote call cannot be moved or added"))
            continue
        new = c.new.replace(NOTE_CALL, "")
        old_plain = base[c.start : c.end]
        if not old_plain.strip() and not new.strip():
            continue
        if not old_plain.strip():
            toks = _tokens(base.replace("\t", " ").replace("\n", " "))
            before = [t for t in toks if t[1] <= c.start]
            after = [t for t in toks if t[0] >= c.end]
            if before:
                ts, te, position = before[-1][0], before[-1][1], "after"
            elif after:
                ts, te, position = after[0][0], after[0][1], "before"
            else:
                plan.problems.append(Problem(part, new, "no words to anchor the insertion to"))
                continue
            phrase, occ = _occurrence(source, where[ts], source_end(te))
            plan.requests.append(
                DraftRequest(
                    part,
                    by,
                    "insert-text",
                    old=phrase,
                    new=new.strip(),
                    position=position,
                    occurrence=occ,
                )
            )
            continue
        phrase, occ = _occurrence(source, where[c.start], source_end(c.end))
        if new.strip():
            plan.requests.append(
                DraftRequest(part, by, "replace-text", old=phrase, new=new.strip(), occurrence=occ)
            )
        else:
            plan.requests.append(DraftRequest(part, by, "delete-text", old=phrase, occurrence=occ))


def plan_import(
    word: WordText,
    texts: Mapping[str, str],
    by: tuple[str, ...],
    own: set[str],
) -> _Plan:
    """Turn the tracked changes of *word* into drafting requests and problems.

    *texts* maps each clause and sub-paragraph id to its text; *own* is the set of
    Word authors whose changes are taken.
    """
    plan = _Plan()
    last_part: str | None = None
    for p in word.paragraphs:
        label = [x for x in p.label if x.op != "equal" and x.author in own]
        if p.part is None:
            pieces = _taken(p.pieces, own)
            changed = [x for x in pieces if x.op != "equal"]
            if not changed:
                continue
            new_paragraph = all(x.op == "ins" for x in pieces if x.text.strip())
            text = _squash("".join(x.text for x in changed))
            if new_paragraph and last_part is not None and text:
                plan.requests.append(
                    DraftRequest(last_part, by, "insert-clause", new=text, position="after")
                )
                continue
            where = "after " + last_part if last_part else "before the first clause"
            plan.problems.append(Problem(where, text, "a change outside the clauses"))
            continue
        last_part = p.part
        if label:
            plan.problems.append(
                Problem(
                    p.part, "".join(x.text for x in label), "a change to the paragraph's number"
                )
            )
        pieces = _taken(p.pieces, own)
        words = [x for x in pieces if x.text.strip()]
        gone = bool(words) and all(x.op == "del" for x in words)
        if p.mark == "del" and p.mark_author in own and not gone:
            # Its paragraph mark deleted: the paragraph was joined with the next one.
            plan.problems.append(Problem(p.part, _describe(p), "paragraphs joined into one"))
            continue
        if not any(x.op != "equal" for x in pieces):
            continue
        if gone:
            plan.requests.append(DraftRequest(p.part, by, "delete-clause"))
            continue
        source = texts.get(p.part)
        if source is None:
            plan.problems.append(Problem(p.part, _describe(p), "no such clause any more"))
            continue
        plan.expected[p.part] = "".join(x.text for x in pieces if x.op != "del")
        _text_requests(p.part, source, pieces, by, plan)
    return plan


def _check_result(
    clauses: Mapping[str, Clause],
    order: Sequence[str],
    drafted: Sequence[Drafted],
    plan: _Plan,
) -> list[Problem]:
    """Apply every drafted text change with the engine: each part must read as in Word."""
    accepted: list[Amendment] = [
        replace(d.amendment, status="accepted")
        for d in drafted
        if d.amendment.action in amend.TEXT_ACTIONS
    ]
    if not accepted:
        return []
    try:
        result = consolidate(dict(clauses), order, accepted)
    except PoaError as exc:
        return [Problem("", "", f"the changes together cannot apply: {exc.message}")]
    texts = part_texts(result.clauses)
    problems = []
    for part, expected in plan.expected.items():
        got = plain_map(texts.get(part, ""))[0].replace(NOTE_CALL, "")
        if _squash(got) != _squash(expected.replace(NOTE_CALL, "")):
            problems.append(
                Problem(
                    part,
                    _squash(expected)[:80],
                    "the amendments would not give the text as edited in Word",
                )
            )
    return problems


def _own_authors(
    word: WordText, who: Proposer, resolve: Callable[[str], Proposer], all_authors: bool
) -> tuple[set[str], dict[str, int]]:
    """The Word authors taken (those who are *who*, or all with --all-authors) and the others."""
    counts: dict[str, int] = {}
    for p in word.paragraphs:
        previous: Piece | None = None
        for piece in (*p.label, *p.pieces):
            # A run of changed pieces by one author is one change (a replacement: del + ins).
            if piece.op != "equal" and (previous is None or previous.author != piece.author):
                counts[piece.author] = counts.get(piece.author, 0) + 1
            previous = piece if piece.op != "equal" else None
    own: set[str] = set()
    for author in counts:
        if all_authors or fold(author) in {fold(who.name), fold(who.code)}:
            own.add(author)
        else:
            try:
                if resolve(author) == who:
                    own.add(author)
            except PoaError:
                pass
    others = {a: n for a, n in counts.items() if a not in own}
    return own, others


def import_docx(
    root: Path,
    path: Path,
    by: Sequence[str],
    *,
    rationale: str | None = None,
    session: str | None = None,
    all_authors: bool = False,
    dry_run: bool = False,
    commit: bool = True,
) -> Imported:
    """Draft the tracked changes of the DOCX at *path* as amendments of *by*.

    Returns what was drafted (on a dry run, what would be) and the authors whose
    changes were left out. Raises NotWord for a file poa will not read, Unplaceable
    (listing every change) when any change cannot be placed, PoaError when there is
    no change to take, and whatever ``draft amend`` raises; nothing is written then.
    """
    if not by:
        raise PoaError("say who proposes the changes: --by STATE")
    registry = store.registry_for(root)
    who = registry.resolve(by[0])
    clauses = store.load_clauses(root)
    meta = store.load_meta(root)
    texts = part_texts(clauses)
    word = read_tracked(path, texts)
    if not any(p.part for p in word.paragraphs):
        raise PoaError(
            "this Word file was not exported by poa (no paragraph carries a clause's bookmark)",
            path=path,
            hint="export the clean text with 'poa render --format docx' and edit that",
        )
    own, others = _own_authors(word, who, registry.resolve, all_authors)
    plan = plan_import(word, texts, tuple(by), own)
    for piece in word.elsewhere:
        if piece.author in own:
            plan.problems.append(
                Problem("a footnote, header or footer", piece.text, "a change outside the clauses")
            )
    if plan.problems:
        raise Unplaceable(plan.problems, path)
    if not plan.requests:
        if others:
            names = ", ".join(f"{a or '(no author)'} ({n})" for a, n in sorted(others.items()))
            raise PoaError(
                f"no tracked change by {who.name}; changes by {names} were not taken",
                path=path,
                hint="pass --all-authors to take them as proposals of --by",
            )
        raise PoaError("no tracked change to import", path=path)
    requests = [replace(r, rationale=rationale, session=session) for r in plan.requests]
    subject = f"Import {len(plan.requests)} amendments by {who.name} from {path.name}"
    drafted = draft_many(root, requests, commit=commit, dry_run=True)
    problems = _check_result(clauses, meta.clause_order(), drafted, plan)
    if problems:
        raise Unplaceable(problems, path)
    if not dry_run:
        drafted = draft_many(root, requests, commit=commit, subject=subject)
    return Imported(
        tuple(drafted),
        tuple(sorted(others.items())),
        drafted[0].commit if drafted and not dry_run else None,
        dry_run,
    )
