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

from poa_cli.domain import amend
from poa_cli.domain.model import AMENDMENT_ID_RE, Amendment, Clause, clean_text, is_valid_id
from poa_cli.domain.proposers import Proposer, Registry
from poa_cli.domain.textdiff import Segment
from poa_cli.errors import Conflict, NotFound, PoaError
from poa_cli.storage import store, yamlio


@dataclass(frozen=True)
class Request:
    """What the drafter asked for, before it is anchored and numbered."""

    target: str
    by: tuple[str, ...]
    action: str
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


@dataclass(frozen=True)
class Drafted:
    """A recorded amendment: the amendment, the text it changes, its preview, the commit."""

    amendment: Amendment
    before: str
    preview: list[Segment]
    commit: str | None
    stakeholder: bool
    path: Path


def registry_for(root: Path) -> Registry:
    """Return the proposers registry with this document's accredited stakeholders."""
    meta = store.load_meta(root)
    return Registry.load((s.id, s.name, s.kind) for s in meta.stakeholders)


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class _Target:
    kind: str  # "clause", "item" or "amendment"
    text: str
    clause: Clause | None
    parent: Amendment | None


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
        return _Target("amendment", words, None, parent), {}
    if not is_valid_id(target):
        raise NotFound(f"'{target}' is neither a clause, a sub-paragraph nor an amendment id")
    if store.clause_path(root, target).is_file():
        clause = store.load_clause(root, target)
        return _Target("clause", clause.text, clause, None), {clause.id: clause}
    clauses = store.load_clauses(root)
    for clause in clauses.values():
        for item in clause.all_items():
            if item.id == target:
                return _Target("item", item.text, clause, None), clauses
    raise NotFound(
        f"no clause or sub-paragraph '{target}'",
        path=root / store.CLAUSES,
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
    present = (entry.name for entry in yamlio.folder_entries(root / store.AMENDMENTS))
    gone = deleted_amendments(root) if deleted is None else deleted
    return {int(m.group(1)) for name in (*present, *gone) if (m := pattern.match(name))}


def deleted_amendments(root: Path) -> set[str]:
    """Return the names of amendment files that HEAD's history deleted.

    The answer for a commit never changes, so it is kept per HEAD in the git
    directory: a drafter's next command, at the commit this one made, does not
    walk the history again (see :func:`remember_deleted`).
    """
    from poa_cli.storage import vcs

    head = vcs.head_sha(root)
    known = _deleted_memo(root)
    if head in known:
        return set(known[head])
    names = vcs.deleted_names(root, f"{store.AMENDMENTS}/*.yaml")
    _remember(root, known, head, names)
    return names


_DELETED_MEMO_SIZE = 16  # commits remembered (a branch switch or a reset comes back to one)


def _deleted_memo(root: Path) -> dict[str, list[str]]:
    from poa_cli.storage.cache import memo_file, read_memo

    known = read_memo(memo_file(root, "deleted"), "by-commit")
    return known if isinstance(known, dict) else {}


def _remember(root: Path, known: dict[str, list[str]], sha: str | None, names: set[str]) -> None:
    from poa_cli.storage.cache import memo_file, write_memo

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


def _build(request: Request, target: _Target, codes: list[str], group: str | None) -> Amendment:
    """Return the amendment (id still blank) the request describes, anchored in the text."""
    action = request.action
    text = target.text
    fields: dict[str, Any] = {}
    if target.kind == "amendment" and action not in amend.SUB_AMENDMENT_ACTIONS:
        raise PoaError(
            "a sub-amendment changes the proposed words: use --replace, --delete-text, "
            "--insert or --append"
        )
    if action in ("replace-text", "delete-text"):
        span = amend.find_phrase(
            text, clean_text(request.old, "phrase to change"), request.occurrence
        )
        fields["anchor"] = amend.make_anchor(text, span.start, span.end)
        if action == "replace-text":
            fields["text"] = clean_text(request.new, "replacement (to delete, use --delete-text)")
    elif action in ("insert-text", "add-footnote"):
        span = amend.find_phrase(text, clean_text(request.old, "anchor phrase"), request.occurrence)
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
    return Amendment(
        id="",
        target=request.target,
        action=action,
        proposed_by=tuple(codes),
        on_behalf_of=group,
        submitted=date.today(),
        session=request.session,
        rationale=" ".join(request.rationale.split()) if request.rationale else None,
        **fields,
    )


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


def amendment_to_data(a: Amendment) -> Any:
    """Return the round-trip mapping for a new amendment file, keys in documented order."""
    pairs: list[tuple[str, Any]] = [
        ("schema", "poa/amendment/1"),
        ("id", a.id),
        ("target", a.target),
        ("action", a.action),
        ("proposed_by", list(a.proposed_by)),
    ]
    if a.on_behalf_of:
        pairs.append(("on_behalf_of", a.on_behalf_of))
    if a.supported_by:
        pairs.append(("supported_by", list(a.supported_by)))
    if a.opposed_by:
        pairs.append(("opposed_by", list(a.opposed_by)))
    if a.submitted:
        pairs.append(("submitted", a.submitted))
    if a.session:
        pairs.append(("session", a.session))
    pairs.append(("status", a.status))
    if a.base:
        pairs.append(("base", a.base))
    if a.anchor is not None:
        anchor: list[tuple[str, Any]] = []
        if a.anchor.before:
            anchor.append(("before", a.anchor.before))
        anchor.append(("phrase", a.anchor.phrase))
        if a.anchor.after:
            anchor.append(("after", a.anchor.after))
        if a.anchor.occurrence:
            anchor.append(("occurrence", a.anchor.occurrence))
        pairs.append(("anchor", yamlio.new_mapping(anchor)))
    if a.position:
        pairs.append(("position", a.position))
    if a.text is not None:
        pairs.append(("text", a.text))
    if a.clause is not None:
        c = store.clause_to_data(a.clause)
        del c["schema"]
        if c.get("status") == "bracketed":
            del c["status"]
        pairs.append(("clause", c))
    if a.destination:
        pairs.append(("destination", a.destination))
    if a.rationale:
        pairs.append(("rationale", a.rationale))
    return yamlio.new_mapping(pairs)


def _base_revision(root: Path) -> str:
    from poa_cli.storage import vcs

    return vcs.latest_revision(root, store.load_meta(root).id) or "zero-draft"


def draft(root: Path, request: Request, *, commit: bool = True) -> Drafted:
    """Record a new amendment; return it with its preview and commit.

    Raises UnknownProposer (with a suggestion), NotFound for an unknown target,
    AnchorNotFound / AnchorAmbiguous when the phrase is missing or occurs more
    than once without an occurrence, Conflict for an id in use, PoaError for
    empty or contradictory input. Nothing is written when anything is refused.
    """
    registry = registry_for(root)
    proposers = _proposers(registry, request.by)
    group: Proposer | None = None
    if request.on_behalf_of:
        group = registry.resolve(request.on_behalf_of)
        if group.kind not in ("group", "organization"):
            raise PoaError(f"{group.name} is not a group: --on-behalf-of takes a group")
    codes = [p.code for p in proposers]
    stakeholder = proposers[0].is_stakeholder
    with store.transaction(root, commit=commit) as tx:
        gone = deleted_amendments(root)  # read under the lock, before the commit
        target, clauses = _resolve_target(root, request.target)
        prefix = group.code if group else codes[0]
        if request.explicit_id:
            _check_explicit_id(root, request.explicit_id, {*codes, prefix}, gone)
            new_id = request.explicit_id
        else:
            new_id = next_id(root, prefix, gone)
        if request.action == "insert-clause" and not request.new_clause_id:
            # A new clause is named after the amendment that proposes it: op-dnk-3.
            kind = target.clause.kind if target.clause is not None else "operative"
            short = {"preambular": "pp", "operative": "op"}.get(kind, "an")
            request = replace(request, new_clause_id=f"{short}-{new_id.lower()}")
        amendment = _build(request, target, codes, group.code if group else None)
        amendment = replace(amendment, id=new_id, base=_base_revision(root))
        _check_applies(root, target, clauses, amendment)
        path = store.amendment_path(root, new_id)
        if path.exists():
            raise Conflict(f"amendment {new_id} already exists", path=path)
        tx.write(path, store.render_file(path, amendment_to_data(amendment), "amendment"))
        names = ", ".join(registry.name(c) for c in codes)
        kind = "stakeholder proposal" if stakeholder else "amendment"
        tx.subject = f"Propose {kind} {new_id} to {request.target} ({amendment.action})"
        tx.body = amendment.rationale or ""
        tx.trailers = [("Amendment", new_id), ("Proposed-by", names)]
        if group:
            tx.trailers.append(("On-behalf-of", group.name))
    remember_deleted(root, tx.sha, gone)
    segments = amend.preview(target.text, amendment)
    return Drafted(amendment, target.text, segments, tx.sha, stakeholder, path)


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


def record(root: Path, amendment_id: str, what: str, by: str, *, commit: bool = True) -> Recorded:
    """Record that *by* supports, opposes, co-sponsors or withdraws amendment *amendment_id*.

    Withdrawal by the lead proposer withdraws the amendment; by a co-sponsor it
    removes only that co-sponsor's name. Raises PoaError (exit 1, nothing
    written) when the position contradicts one already held, the amendment is no
    longer pending, or a stakeholder takes a position only States take.
    """
    if what not in _VERBS:
        raise PoaError(f"unknown position '{what}'")
    registry = registry_for(root)
    who = registry.resolve(by)
    with store.transaction(root, commit=commit) as tx:
        a = store.load_amendment(root, amendment_id)
        path = a.path or store.amendment_path(root, amendment_id)
        if a.status != "proposed":
            raise Conflict(
                f"{a.id} is {a.status}; positions can only be taken on a pending amendment",
                path=path,
            )
        if who.is_stakeholder and what != "withdraw":
            raise PoaError(
                f"{who.name} is a stakeholder: only States support, oppose or co-sponsor"
            )
        tree = yamlio.load_roundtrip(path)
        code = who.code
        summary = _apply_position(tree, a, what, code, who.name)
        tx.write(path, yamlio.dump(tree))
        tx.subject = f"{who.name} {_VERBS[what]} {a.id}"
        tx.trailers = [("Amendment", a.id), (_trailer(what), who.name)]
    return Recorded(summary, tx.sha)


def _trailer(what: str) -> str:
    return {
        "support": "Supported-by",
        "oppose": "Opposed-by",
        "cosponsor": "Co-sponsored-by",
        "withdraw": "Withdrawn-by",
    }[what]


def _list(tree: Any, key: str, after: Sequence[str]) -> Any:
    """Return the list at *key*, creating it after the first of *after* present."""
    if key not in tree or tree[key] is None:
        keys = list(tree)
        pos = len(keys)
        for k in after:
            if k in tree:
                pos = keys.index(k) + 1
        tree.insert(pos, key, [])
    return tree[key]


def _apply_position(tree: Any, a: Amendment, what: str, code: str, name: str) -> str:
    proposing = code in a.proposed_by or code == a.on_behalf_of
    if what == "withdraw":
        if code == a.lead or code == a.on_behalf_of:
            tree["status"] = "withdrawn"
            return f"{a.id} withdrawn by {name}"
        if code in a.proposed_by:
            tree["proposed_by"].remove(code)
            return f"{name} no longer co-sponsors {a.id}"
        raise PoaError(f"{name} does not propose {a.id}, so cannot withdraw it")
    if what == "oppose":
        if proposing:
            raise PoaError(f"{name} proposes {a.id} and cannot oppose it (withdraw first)")
        if code in a.supported_by:
            raise PoaError(f"{name} supports {a.id}; a State cannot both support and oppose it")
        if code in a.opposed_by:
            raise PoaError(f"{name} already opposes {a.id}")
        _list(tree, "opposed_by", ("proposed_by", "on_behalf_of", "supported_by")).append(code)
        return f"{name} opposes {a.id}"
    if code in a.opposed_by:
        raise PoaError(f"{name} opposes {a.id}; a State cannot both oppose and support it")
    if what == "support":
        if proposing:
            raise PoaError(f"{name} already proposes {a.id}")
        if code in a.supported_by:
            raise PoaError(f"{name} already supports {a.id}")
        _list(tree, "supported_by", ("proposed_by", "on_behalf_of")).append(code)
        return f"{name} supports {a.id}"
    # cosponsor
    if code in a.proposed_by:
        raise PoaError(f"{name} already co-sponsors {a.id}")
    tree["proposed_by"].append(code)
    if code in a.supported_by:
        tree["supported_by"].remove(code)
        if not tree["supported_by"]:
            del tree["supported_by"]
    return f"{name} co-sponsors {a.id}"
