"""A delegation's proposals: drafting amendments and their life until a decision.

``draft`` turns what a drafter typed (``--replace OLD --with NEW`` …) into an
:class:`~poa_cli.domain.model.Amendment` anchored in the current text, checks with the
engine that it applies, gives it the next free id for its proposer, writes
``amendments/<ID>.yaml`` and commits. ``support``, ``oppose``, ``cosponsor`` and
``withdraw`` record the positions of other States. Each is one commit.

Only the target's clause (or, for a sub-paragraph, the clauses through the
parse cache) is read: a drafter's command must not load thousands of amendments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli.domain import amend, references
from poa_cli.domain.model import (
    AMENDMENT_ID_RE,
    Action,
    Amendment,
    Clause,
    clean_text,
    footnote_target,
    is_valid_id,
)
from poa_cli.domain.positions import Position, take_position
from poa_cli.domain.proposers import Proposer, Registry
from poa_cli.domain.textdiff import Segment
from poa_cli.errors import Conflict, NotFound, PoaError, UsageError
from poa_cli.storage import codec, layout, store, transaction, vcs, yamlio
from poa_cli.storage.cache import memo_file, read_memo, write_memo


@dataclass(frozen=True)
class DraftRequest:
    """What the drafter asked for, before it is anchored and numbered."""

    target: str
    by: tuple[str, ...]
    action: Action
    on_behalf_of: str | None = None
    old: str | None = None  # the phrase to replace, delete, or insert beside
    new: str | None = None  # the proposed words
    position: str | None = None
    occurrence: int | None = None
    destination: str | None = None
    new_clause_id: str | None = None
    rationale: str | None = None
    session: str | None = None
    explicit_id: str | None = None
    submitted: date | None = None  # default: today
    footnote: str | None = None  # a footnote on the proposed words


@dataclass(frozen=True)
class Drafted:
    """A recorded amendment: the amendment, the text it changes, its preview, the commit."""

    amendment: Amendment
    before: str
    preview: list[Segment]
    commit: str | None
    stakeholder: bool
    path: Path


_ONE_CHANGE = (
    "give exactly one change: --replace/--with, --delete-text, --insert, --append, "
    "--replace-clause, --delete-clause, --new-clause, --move-after or --add-footnote"
)


def request_from_options(
    target: str,
    by: tuple[str, ...],
    *,
    on_behalf_of: str | None = None,
    replace: str | None = None,
    with_: str | None = None,
    delete_text: str | None = None,
    insert: str | None = None,
    after_text: str | None = None,
    before_text: str | None = None,
    append: str | None = None,
    replace_clause: str | None = None,
    delete_clause: bool = False,
    new_clause: str | None = None,
    clause_id: str | None = None,
    before: bool = False,
    move_after: str | None = None,
    add_footnote: str | None = None,
    occurrence: int | None = None,
    rationale: str | None = None,
    session: str | None = None,
    amendment_id: str | None = None,
    from_file: Path | None = None,
    submitted: date | None = None,
) -> DraftRequest:
    """Return the DraftRequest that ``poa draft amend``'s options (or its prepared file) ask for.

    Raises UsageError (exit 2) unless exactly one change is asked for, with the
    options it needs; SchemaError for a prepared file that is not an amendment.
    """
    actions: list[tuple[Action, dict[str, Any]]] = []
    if replace is not None or with_ is not None:
        if replace is None or with_ is None:
            raise UsageError("--replace and --with go together")
        actions.append(("replace-text", {"old": replace, "new": with_}))
    if delete_text is not None:
        actions.append(("delete-text", {"old": delete_text}))
    if insert is not None:
        if (after_text is None) == (before_text is None):
            raise UsageError("--insert needs --after-text or --before-text (one of them)")
        position = "after" if after_text is not None else "before"
        actions.append(
            ("insert-text", {"new": insert, "old": after_text or before_text, "position": position})
        )
    if append is not None:
        actions.append(("append-text", {"new": append}))
    if replace_clause is not None:
        actions.append(("replace-clause", {"new": replace_clause}))
    if delete_clause:
        actions.append(("delete-clause", {}))
    if new_clause is not None:
        spec = {"new": new_clause, "new_clause_id": clause_id}
        spec["position"] = "before" if before else "after"
        actions.append(("insert-clause", spec))
    if move_after is not None:
        actions.append(("move-clause", {"destination": move_after}))
    footnote_on_words = (
        add_footnote is not None
        and bool(actions)
        and actions[-1][0] in ("replace-text", "insert-text", "append-text")
    )
    if footnote_on_words:
        # Words and their footnote in one proposal, as real revisions make them.
        actions[-1][1]["footnote"] = add_footnote
    elif add_footnote is not None:
        if after_text is None:
            raise UsageError(
                "--add-footnote needs --after-text (or goes with --insert, --append, --with)"
            )
        actions.append(("add-footnote", {"new": add_footnote, "old": after_text}))
    if from_file is not None:
        if actions:
            raise UsageError("--from-file replaces the action options; give one or the other")
        actions.append(codec.prepared_amendment(from_file, target))
    if len(actions) != 1:
        raise UsageError(_ONE_CHANGE)
    action, spec = actions[0]
    rationale = rationale or spec.pop("rationale", None)
    session = session or spec.pop("session", None)
    from_file_occurrence = spec.pop("occurrence", None)
    if occurrence is None and isinstance(from_file_occurrence, int):
        occurrence = from_file_occurrence
    return DraftRequest(
        target=target,
        by=by,
        action=action,
        on_behalf_of=on_behalf_of,
        occurrence=occurrence,
        rationale=rationale,
        session=session,
        explicit_id=amendment_id,
        submitted=submitted,
        **spec,
    )


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class _Target:
    kind: str  # "clause", "item" or "amendment"
    text: str
    clause: Clause | None
    parent: Amendment | None
    id: str = ""


def resolve_target_id(root: Path, target: str) -> str:
    """Return the id *target* names: itself when it is a clause, sub-paragraph or
    amendment id, else the paragraph a printed reference (``OP4``, ``PP2``,
    ``19 (a)``) designates in the current text.

    Raises NotFound, suggesting close ids, when it is neither.
    """

    if AMENDMENT_ID_RE.match(target) or footnote_target(target) is not None:
        return target
    if is_valid_id(target) and layout.clause_path(root, target).is_file():
        return target
    clauses = store.load_clauses(root)
    known = [*clauses, *(it.id for c in clauses.values() for it in c.all_items())]
    if target in known:
        return target
    if references.looks_like_reference(target):
        found = references.resolve(store.load_meta(root), clauses, target)
        if found is not None:
            return found
        raise NotFound(
            f"there is no paragraph {target} in the current text",
            path=root / layout.CLAUSES,
            hint="'poa clause list' shows the paragraphs with their numbers",
        )
    close = references.close_ids(known, target)
    raise NotFound(
        f"no clause or sub-paragraph '{target}'",
        path=root / layout.CLAUSES,
        hint=f"did you mean {' or '.join(close)}?"
        if close
        else "'poa clause list' shows the ids; OP4, PP2 or 3 (a) name a printed paragraph",
    )


def _resolve_target(root: Path, target: str) -> tuple[_Target, dict[str, Clause]]:
    """Return the target and the clauses needed to apply an amendment to it."""
    if AMENDMENT_ID_RE.match(target):
        parent = store.load_amendment(root, target)
        if parent.status != "proposed":
            raise Conflict(
                f"amendment {target} is {parent.status}; only a pending amendment can be amended",
                path=parent.path,
            )
        if AMENDMENT_ID_RE.match(parent.target):
            # UN practice knows amendments and amendments to amendments, no further.
            raise Conflict(
                f"{target} is itself a sub-amendment (to {parent.target}); "
                f"amend {parent.target} instead",
                path=parent.path,
            )
        words = parent.text if parent.text else parent.clause.text if parent.clause else None
        if not words:
            raise Conflict(f"amendment {target} proposes no words to amend", path=parent.path)
        return _Target("amendment", words, None, parent, target), {}
    note = footnote_target(target)
    if note is not None:
        clause_id, marker = note
        if not layout.clause_path(root, clause_id).is_file():
            raise NotFound(f"no clause '{clause_id}' for the footnote {target}")
        clause = store.load_clause(root, clause_id)
        text = clause.footnote(marker)
        if text is None:
            known = ", ".join(f"{clause_id}[^{m}]" for m, _ in clause.footnotes) or "none"
            raise NotFound(
                f"clause '{clause_id}' has no footnote [^{marker}] (its footnotes: {known})",
                path=clause.path,
            )
        return _Target("footnote", text, clause, None, target), {clause.id: clause}
    if not is_valid_id(target):
        raise NotFound(f"'{target}' is neither a clause, a sub-paragraph nor an amendment id")
    if layout.clause_path(root, target).is_file():
        clause = store.load_clause(root, target)
        return _Target("clause", clause.text, clause, None, target), {clause.id: clause}
    clauses = store.load_clauses(root)
    for clause in clauses.values():
        for item in clause.all_items():
            if item.id == target:
                return _Target("item", item.text, clause, None, target), clauses
    raise NotFound(
        f"no clause or sub-paragraph '{target}'",
        path=root / layout.CLAUSES,
        hint="'poa clause list' shows the ids",
    )


# --------------------------------------------------------------------------- ids


def used_numbers(root: Path, prefix: str, deleted: set[str] | None = None) -> set[int]:
    """Return every number ever used by ``<prefix>-<n>`` in this document.

    Files present (withdrawn ones included) and, in git, files that existed in
    the history and were deleted since (*deleted*, as :func:`deleted_amendments`
    gives them; looked up when None): a number is never given out twice.
    """
    pattern = re.compile(rf"^{re.escape(prefix)}-([1-9][0-9]*)\.yaml$", re.IGNORECASE)
    present = yamlio.folder_names(root / layout.AMENDMENTS)
    gone = deleted_amendments(root) if deleted is None else deleted
    return {int(m.group(1)) for name in (*present, *gone) if (m := pattern.match(name))}


def deleted_amendments(root: Path) -> set[str]:
    """Return the names of amendment files that HEAD's history deleted.

    The answer for a commit never changes, so it is kept per HEAD in the git
    directory: a drafter's next command, at the commit this one made, does not
    walk the history again (see :func:`remember_deleted`).
    """

    head = vcs.head_sha(root)
    known = _deleted_memo(root)
    if head in known:
        return set(known[head])
    names = vcs.deleted_names(root, f"{layout.AMENDMENTS}/*.yaml")
    _remember(root, known, head, names)
    return names


_DELETED_MEMO_SIZE = 16  # commits remembered (a branch switch or a reset comes back to one)


def _deleted_memo(root: Path) -> dict[str, list[str]]:
    known = read_memo(memo_file(root, "deleted"), "by-commit")
    return known if isinstance(known, dict) else {}


def _remember(root: Path, known: dict[str, list[str]], sha: str | None, names: set[str]) -> None:
    if sha is None:
        return
    known.pop(sha, None)
    known[sha] = sorted(names)
    while len(known) > _DELETED_MEMO_SIZE:
        del known[next(iter(known))]
    write_memo(memo_file(root, "deleted"), "by-commit", known)


def remember_deleted(root: Path, sha: str | None, names: set[str]) -> None:
    """Record *names* as the deleted amendments of *sha*, a commit that deleted
    none on top of a commit whose deleted amendments were *names*."""
    _remember(root, _deleted_memo(root), sha, names)


def next_id(root: Path, prefix: str, deleted: set[str] | None = None) -> str:
    """Return ``<prefix>-<n>`` with the smallest n above every number ever used."""
    return f"{prefix}-{max(used_numbers(root, prefix, deleted), default=0) + 1}"


def _check_explicit_id(
    root: Path, amendment_id: str, prefix_options: set[str], deleted: set[str]
) -> None:
    if not AMENDMENT_ID_RE.match(amendment_id):
        raise PoaError(
            f"'{amendment_id}' is not an amendment id", hint="use <CODE>-<n>, e.g. DNK-3"
        )
    code, _, number = amendment_id.rpartition("-")
    if code not in prefix_options:
        raise PoaError(
            f"amendment id '{amendment_id}' must start with a proposer's code "
            f"({', '.join(sorted(prefix_options))})"
        )
    if int(number) in used_numbers(root, code, deleted):
        raise Conflict(f"amendment id '{amendment_id}' is already used (or was used before)")


# --------------------------------------------------------------------------- drafting


def _proposers(registry: Registry, by: Sequence[str]) -> list[Proposer]:
    if not by:
        raise PoaError("say who proposes it: --by STATE")
    found: list[Proposer] = []
    for name in by:
        p = registry.resolve(name)
        if p in found:
            raise PoaError(f"{p.name} is named twice in --by")
        found.append(p)
    stakeholders = [p for p in found if p.is_stakeholder]
    if stakeholders and len(stakeholders) != len(found):
        raise PoaError(
            "States and stakeholders cannot propose together: only States propose formal amendments"
        )
    return found


def _build(
    request: DraftRequest, target: _Target, codes: list[str], group: str | None
) -> Amendment:
    """Return the amendment (id still blank) the request describes, anchored in the text."""
    action = request.action
    text = target.text
    fields: dict[str, Any] = {}
    if target.kind == "amendment" and action not in amend.SUB_AMENDMENT_ACTIONS:
        raise PoaError(
            "a sub-amendment changes the proposed words: use --replace, --delete-text, "
            "--insert or --append"
        )
    if target.kind == "footnote" and (
        action not in (*amend.SUB_AMENDMENT_ACTIONS, "replace-clause") or request.footnote
    ):
        raise PoaError(
            "a footnote's words are changed with --replace, --delete-text, --insert, "
            "--append, or replaced whole with --replace-clause"
        )
    if action in ("replace-text", "delete-text"):
        span = _find(target, request.old, "phrase to change", request.occurrence)
        fields["anchor"] = amend.make_anchor(text, span.start, span.end)
        if action == "replace-text":
            fields["text"] = clean_text(request.new, "replacement (to delete, use --delete-text)")
    elif action in ("insert-text", "add-footnote"):
        span = _find(target, request.old, "anchor phrase", request.occurrence)
        fields["anchor"] = amend.make_anchor(text, span.start, span.end)
        fields["text"] = clean_text(
            request.new, "text to insert" if action == "insert-text" else "footnote"
        )
        if action == "insert-text":
            fields["position"] = request.position or "after"
    elif action in ("append-text", "replace-clause"):
        fields["text"] = clean_text(request.new, "text")
    elif action == "insert-clause":
        assert target.clause is not None
        new_id = request.new_clause_id
        if new_id is None:
            raise PoaError("the new clause needs an id: --clause-id ID")
        if not is_valid_id(new_id):
            raise PoaError(f"'{new_id}' is not a valid clause id")
        kind = target.clause.kind if target.kind == "clause" else "operative"
        fields["clause"] = Clause(id=new_id, kind=kind, text=clean_text(request.new, "new clause"))
        fields["position"] = request.position or "after"
    elif action == "move-clause":
        if not request.destination:
            raise PoaError("say where to move it: --move-after ID")
        fields["destination"] = request.destination
    elif action != "delete-clause":
        raise PoaError(f"unknown action '{action}'")
    if request.footnote is not None:
        if action not in amend.FOOTNOTED_ACTIONS:
            raise PoaError(
                "a footnote goes with proposed words: --insert, --append or --replace/--with"
            )
        fields["footnote"] = clean_text(request.footnote, "footnote")
    return Amendment(
        id="",
        target=request.target,
        action=action,
        proposed_by=tuple(codes),
        on_behalf_of=group,
        submitted=request.submitted or date.today(),
        session=request.session,
        rationale=" ".join(request.rationale.split()) if request.rationale else None,
        **fields,
    )


def _find(target: _Target, phrase: str | None, what: str, occurrence: int | None) -> amend.Span:
    """Find *phrase* in the target's words; when it is not there, say where it is."""
    wanted = clean_text(phrase, what)
    try:
        return amend.find_phrase(target.text, wanted, occurrence)
    except amend.AnchorNotFound as exc:
        if exc.count:  # it occurs, only not that many times
            raise
        raise _not_here(target, wanted) from None


def _not_here(target: _Target, phrase: str) -> amend.AnchorNotFound:
    """The refusal for a phrase the target lacks, naming the paragraphs that have it."""
    quoted = '"' + " ".join(phrase.split()) + '"'
    message = f"{quoted} does not occur in {target.id}"
    variant = amend.case_variant(target.text, phrase)
    if variant is not None:
        return amend.AnchorNotFound(
            f'{message}; "{variant}" does (the capitals differ)',
            phrase=phrase,
            hint="copy the words exactly as they stand",
        )
    elsewhere: list[str] = []
    if target.clause is not None:
        parts = [(target.clause.id, target.clause.text)]
        parts += [(it.id, it.text) for it in target.clause.all_items()]
        elsewhere = [p for p, words in parts if p != target.id and amend.occurs(words, phrase)]
    if elsewhere:
        return amend.AnchorNotFound(
            f"{message}; it occurs in {', '.join(elsewhere)}",
            phrase=phrase,
            hint=f"amend {elsewhere[0]} instead: poa draft amend {elsewhere[0]} …",
        )
    return amend.AnchorNotFound(
        message,
        phrase=phrase,
        hint="copy the words exactly, whole words, as they stand in the current text",
    )


def _check_changes(target: _Target, amendment: Amendment) -> list[Segment]:
    """Return the preview of *amendment*; refuse one that changes nothing."""
    segments = amend.preview(target.text, amendment)
    if amendment.action in (*amend.TEXT_ACTIONS, "replace-clause") and all(
        s.op == "equal" for s in segments
    ):
        raise PoaError(
            f"this changes nothing in {target.id}: the proposed words are the words there",
            hint="check --with (or the text you gave)",
        )
    return segments


def _check_applies(
    root: Path, target: _Target, clauses: dict[str, Clause], amendment: Amendment
) -> None:
    """Apply *amendment* with the engine, raising exactly what the engine raises."""
    if target.kind == "amendment":
        assert target.parent is not None
        amend.apply_to_amendment(target.parent, amendment)
        return
    if amendment.action in ("insert-clause", "move-clause", "delete-clause"):
        clauses = store.load_clauses(root)
        if amendment.destination is not None and amendment.destination not in clauses:
            raise NotFound(f"no clause '{amendment.destination}' to move it after")
    amend.apply_amendment(clauses, store.load_meta(root).clause_order(), amendment)


def _base_revision(root: Path) -> str:
    return vcs.latest_revision(root, store.load_meta(root).id) or "zero-draft"


def draft(
    root: Path, request: DraftRequest, *, commit: bool = True, dry_run: bool = False
) -> Drafted:
    """Record a new amendment; return it with its preview and commit.

    Raises UnknownProposer (with a suggestion), NotFound for an unknown target,
    AnchorNotFound / AnchorAmbiguous when the phrase is missing or occurs more
    than once without an occurrence, Conflict for an id in use, PoaError for
    empty or contradictory input, a change that changes nothing or a submission
    date in the future. Nothing is written when anything is refused, nor with
    *dry_run* (every check is made; the result's commit is None).
    """
    return draft_many(root, [request], commit=commit, dry_run=dry_run)[0]


def draft_many(
    root: Path,
    requests: Sequence[DraftRequest],
    *,
    commit: bool = True,
    dry_run: bool = False,
    subject: str | None = None,
) -> list[Drafted]:
    """Record several amendments in one transaction and one commit; return them in order.

    Each is drafted exactly as :func:`draft` drafts one (anchored against the text
    as it stands, checked with the engine, numbered). *dry_run* checks and numbers
    them and writes nothing. *subject* replaces the commit subject when there are
    several. Raises as :func:`draft`; when one is refused, none is written.
    """
    if not requests:
        raise PoaError("nothing to propose")
    for request in requests:
        if request.submitted is not None and request.submitted > date.today():
            raise PoaError(
                f"the submission date {request.submitted.isoformat()} is in the future",
                hint="--submitted takes the date the proposal was made, YYYY-MM-DD",
            )
    registry = store.registry_for(root)
    out: list[Drafted] = []
    numbers: dict[str, int] = {}
    with transaction.transaction(root, commit=commit and not dry_run) as tx:
        gone = deleted_amendments(root)  # read under the lock, before the commit
        trailers: list[tuple[str, str]] = []
        for request in requests:
            drafted, names, group = _draft_one(root, registry, request, gone, numbers)
            a = drafted.amendment
            if not dry_run:
                tx.write(
                    drafted.path,
                    codec.render_file(drafted.path, codec.amendment_to_data(a), "amendment"),
                )
            kind = "stakeholder proposal" if drafted.stakeholder else "amendment"
            tx.subject = f"Propose {kind} {a.id} to {request.target} ({a.action})"
            tx.body = a.rationale or ""
            trailers.append(("Amendment", a.id))
            if ("Proposed-by", names) not in trailers:
                trailers.append(("Proposed-by", names))
            if group and ("On-behalf-of", group.name) not in trailers:
                trailers.append(("On-behalf-of", group.name))
            out.append(drafted)
        if len(requests) > 1 and subject:
            tx.subject = subject
        tx.trailers = trailers
    if not dry_run:
        remember_deleted(root, tx.sha, gone)
    return [replace(d, commit=None if dry_run else tx.sha) for d in out]


def _draft_one(
    root: Path, registry: Registry, request: DraftRequest, gone: set[str], numbers: dict[str, int]
) -> tuple[Drafted, str, Proposer | None]:
    """Draft one amendment under the caller's lock: anchored, checked, numbered, not written.

    *numbers* holds the last number given to each prefix in this batch (the files
    of a dry run are never written, so the folder alone cannot say).
    """
    proposers = _proposers(registry, request.by)
    group: Proposer | None = None
    if request.on_behalf_of:
        group = registry.resolve(request.on_behalf_of)
        if group.kind not in ("group", "organization"):
            raise PoaError(f"{group.name} is not a group: --on-behalf-of takes a group")
    codes = [p.code for p in proposers]
    stakeholder = proposers[0].is_stakeholder
    request = replace(request, target=resolve_target_id(root, request.target))
    target, clauses = _resolve_target(root, request.target)
    prefix = group.code if group else codes[0]
    if request.explicit_id:
        _check_explicit_id(root, request.explicit_id, {*codes, prefix}, gone)
        new_id = request.explicit_id
    else:
        n = max(max(used_numbers(root, prefix, gone), default=0), numbers.get(prefix, 0)) + 1
        new_id = f"{prefix}-{n}"
    code, _, number = new_id.rpartition("-")
    numbers[code] = max(numbers.get(code, 0), int(number))
    if request.action == "insert-clause" and not request.new_clause_id:
        # A new clause is named after the amendment that proposes it: op-dnk-3.
        kind = target.clause.kind if target.clause is not None else "operative"
        short = {"preambular": "pp", "operative": "op"}.get(kind, "an")
        request = replace(request, new_clause_id=f"{short}-{new_id.lower()}")
    amendment = _build(request, target, codes, group.code if group else None)
    amendment = replace(amendment, id=new_id, base=_base_revision(root))
    _check_applies(root, target, clauses, amendment)
    segments = _check_changes(target, amendment)
    path = layout.amendment_path(root, new_id)
    if path.exists():
        raise Conflict(f"amendment {new_id} already exists", path=path)
    names = ", ".join(registry.name(c) for c in codes)
    drafted = Drafted(amendment, target.text, segments, None, stakeholder, path)
    return drafted, names, group


# --------------------------------------------------------------------------- re-anchoring


def reanchor(
    root: Path,
    amendment_id: str,
    phrase: str | None = None,
    occurrence: int | None = None,
    *,
    commit: bool = True,
) -> Drafted:
    """Give pending amendment *amendment_id* a new anchor on the current text.

    *phrase* is the words it is now about (default: its old phrase, when the
    text moved around it); the proposed words, action and position stay. The
    file's ``anchor`` is rewritten (the rest of it as it was) and committed.
    Raises NotFound for an unknown amendment or target, Conflict when it is not
    pending or has no anchor (a whole-clause action), AnchorNotFound /
    AnchorAmbiguous for the phrase, PoaError when the change would change nothing.
    """
    with transaction.transaction(root, commit=commit) as tx:
        a = store.load_amendment(root, amendment_id)
        path = a.path or layout.amendment_path(root, a.id)
        if a.status != "proposed":
            raise Conflict(
                f"{a.id} is {a.status}; only a pending amendment is re-anchored", path=path
            )
        if a.anchor is None:
            raise Conflict(
                f"{a.id} ({a.action}) has no anchor: it acts on the whole of {a.target}",
                path=path,
            )
        target, clauses = _resolve_target(root, a.target)
        span = _find(target, phrase or a.anchor.phrase, "phrase", occurrence)
        anchored = replace(a, anchor=amend.make_anchor(target.text, span.start, span.end))
        _check_applies(root, target, clauses, anchored)
        segments = _check_changes(target, anchored)
        tree = yamlio.load_roundtrip(path)
        assert anchored.anchor is not None
        pairs: list[tuple[str, Any]] = []
        if anchored.anchor.before:
            pairs.append(("before", anchored.anchor.before))
        pairs.append(("phrase", anchored.anchor.phrase))
        if anchored.anchor.after:
            pairs.append(("after", anchored.anchor.after))
        if anchored.anchor.occurrence:
            pairs.append(("occurrence", anchored.anchor.occurrence))
        tree["anchor"] = yamlio.new_mapping(pairs)
        tx.write(path, yamlio.dump(tree))
        tx.subject = f"Re-anchor {a.id} on the current text of {a.target}"
        tx.trailers = [("Amendment", a.id)]
    lead = store.registry_for(root).get(a.lead)
    stakeholder = bool(lead and lead.is_stakeholder)
    return Drafted(anchored, target.text, segments, tx.sha, stakeholder, path)


# --------------------------------------------------------------------------- positions


_VERBS = {
    "support": "supports",
    "oppose": "opposes",
    "cosponsor": "co-sponsors",
    "withdraw": "withdraws",
}


@dataclass(frozen=True)
class Recorded:
    """A position recorded on an amendment."""

    summary: str
    commit: str | None


def record(
    root: Path, amendment_id: str, what: Position, by: str, *, commit: bool = True
) -> Recorded:
    """Record that *by* supports, opposes, co-sponsors or withdraws amendment *amendment_id*.

    Withdrawal by the lead proposer withdraws the amendment; by a co-sponsor it
    removes only that co-sponsor's name. Raises PoaError (exit 1, nothing
    written) when the position contradicts one already held, the amendment is no
    longer pending, or a stakeholder takes a position only States take.
    """
    if what not in _VERBS:
        raise PoaError(f"unknown position '{what}'")
    registry = store.registry_for(root)
    who = registry.resolve(by)
    with transaction.transaction(root, commit=commit) as tx:
        a = store.load_amendment(root, amendment_id)
        path = a.path or layout.amendment_path(root, amendment_id)
        if a.status != "proposed":
            raise Conflict(
                f"{a.id} is {a.status}; positions can only be taken on a pending amendment",
                path=path,
            )
        if who.is_stakeholder and what != "withdraw":
            raise PoaError(
                f"{who.name} is a stakeholder: only States support, oppose or co-sponsor"
            )
        changed, summary = take_position(a, what, who.code, who.name)
        tx.write(path, codec.updated_positions(path, a, changed))
        plain = f"{who.name} {_VERBS[what]} {a.id}"
        # A changed or withdrawn position says so in the minutes.
        tx.subject = summary if (" now " in summary or " its " in summary) else plain
        tx.trailers = [("Amendment", a.id), (_trailer(what), who.name)]
    return Recorded(summary, tx.sha)


def _trailer(what: str) -> str:
    return {
        "support": "Supported-by",
        "oppose": "Opposed-by",
        "cosponsor": "Co-sponsored-by",
        "withdraw": "Withdrawn-by",
    }[what]
