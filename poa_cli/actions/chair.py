"""The Chair's direct edits: new documents, sections and clauses, edits and moves.

Each function is one command's whole effect: it checks its input against the
files, writes inside a :func:`poa_cli.storage.store.transaction` (lock, atomic writes,
one commit, rollback on failure) and returns what it did. Round-trip YAML keeps
the comments and layout people gave document.yaml and the clause files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli.domain.model import CLAUSE_KINDS, CLAUSE_STATUSES, Clause, clean_text, is_valid_id
from poa_cli.errors import Conflict, NotFound, PoaError
from poa_cli.resources import shipped
from poa_cli.storage import store, yamlio


@dataclass(frozen=True)
class Outcome:
    """What a write command did: a sentence for the user and the commit, if any."""

    summary: str
    commit: str | None
    paths: tuple[Path, ...] = ()


def _check_id(value: str, what: str) -> None:
    if not is_valid_id(value):
        raise PoaError(
            f"'{value}' is not a valid {what} id",
            hint="use lower-case letters, digits and hyphens, e.g. op-scope",
        )


def _check_text(text: str, what: str = "text") -> str:
    return clean_text(text, what, keep_lines=True)


# --------------------------------------------------------------------------- init


def init_document(
    folder: Path,
    *,
    title: str,
    symbol: str,
    body: str = "General Assembly",
    numbering: str = "resolution",
    commit: bool = True,
) -> Outcome:
    """Create a new, empty document in *folder* (``git init`` first when needed).

    Raises Conflict when *folder* already holds a document, PoaError on a bad
    title or symbol.
    """
    folder = folder.resolve()
    doc_id = folder.name.lower()
    _check_id(doc_id, "document (the folder name)")
    if (folder / store.DOCUMENT_FILE).exists():
        raise Conflict("a document already exists here", path=folder / store.DOCUMENT_FILE)
    title = _check_text(title, "title")
    symbol = _check_text(symbol, "symbol")
    if numbering not in ("resolution", "outcome"):
        raise PoaError(f"numbering must be 'resolution' or 'outcome', not '{numbering}'")
    from poa_cli.storage import vcs

    folder.mkdir(parents=True, exist_ok=True)
    created_repo = vcs.init(folder) if commit else False
    tree = yamlio.new_mapping(
        [
            ("schema", "poa/document/1"),
            ("id", doc_id),
            ("title", title),
            ("symbol", symbol),
            ("body", body),
            ("distribution", "Limited"),
            ("date", date.today()),
            ("original_language", "English"),
            ("languages", ["en"]),
            ("numbering", numbering),
            (
                "sections",
                [
                    yamlio.new_mapping([("id", "preamble"), ("clauses", [])]),
                    yamlio.new_mapping([("id", "operative"), ("clauses", [])]),
                ],
            ),
        ]
    )
    with store.transaction(folder, commit=commit) as tx:
        doc_file = folder / store.DOCUMENT_FILE
        (folder / store.CLAUSES).mkdir(exist_ok=True)
        (folder / store.AMENDMENTS).mkdir(exist_ok=True)
        for sub in (store.CLAUSES, store.AMENDMENTS):
            tx.write(folder / sub / ".gitkeep", "")
        _install_schemas(folder, tx)
        tx.write(doc_file, store.render_file(doc_file, tree, "document"))
        tx.subject = f"Create document {doc_id}: {title}"
        tx.trailers = [("Document", doc_id), ("Symbol", symbol)]
    note = " (new git repository)" if created_repo else ""
    return Outcome(f"created {doc_id} in {folder}{note}", tx.sha, tuple(tx.paths))


def _install_schemas(folder: Path, tx: store.Transaction) -> None:
    """Copy the JSON Schemas to the top of the work tree, for editors' hover help."""
    from poa_cli.storage.vcs import git_dir_of

    gitdir = git_dir_of(folder)
    top = gitdir.parent if gitdir is not None and gitdir.name == ".git" else folder.parent
    for src in sorted(shipped("schemas").glob("*.schema.json")):
        dest = top / "schemas" / src.name
        if not dest.exists():
            tx.write(dest, src.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- sections


def _load_doc_tree(root: Path) -> tuple[Path, Any]:
    path = root / store.DOCUMENT_FILE
    store.load_meta(root)  # the same checks and messages as every read
    return path, yamlio.load_roundtrip(path)


def _section_index(tree: Any, section_id: str, path: Path) -> int:
    for i, s in enumerate(tree["sections"]):
        if s.get("id") == section_id:
            return i
    known = ", ".join(str(s.get("id")) for s in tree["sections"])
    raise NotFound(f"no section '{section_id}' (sections: {known})", path=path)


def add_section(
    root: Path,
    section_id: str,
    *,
    heading: str | None,
    after: str | None = None,
    before: str | None = None,
    commit: bool = True,
) -> Outcome:
    """Add an empty section (at the end, or after/before another). Raises Conflict on a dup."""
    _check_id(section_id, "section")
    if heading is not None:
        heading = _check_text(heading, "heading")
    with store.transaction(root, commit=commit) as tx:
        path, tree = _load_doc_tree(root)
        if any(s.get("id") == section_id for s in tree["sections"]):
            raise Conflict(f"section '{section_id}' already exists", path=path)
        index = len(tree["sections"])
        if after is not None:
            index = _section_index(tree, after, path) + 1
        elif before is not None:
            index = _section_index(tree, before, path)
        tree["sections"].insert(
            index,
            yamlio.new_mapping(
                [("id", section_id), *([("heading", heading)] if heading else []), ("clauses", [])]
            ),
        )
        tx.write(path, yamlio.dump(tree))
        tx.subject = f"Add section {section_id}" + (f": {heading}" if heading else "")
        tx.trailers = [("Section", section_id)]
    return Outcome(f"added section {section_id}", tx.sha, tuple(tx.paths))


# --------------------------------------------------------------------------- clauses


def _place(
    tree: Any,
    path: Path,
    clause_id: str,
    *,
    section: str | None,
    after: str | None,
    before: str | None,
    kind: str,
) -> str:
    """Insert *clause_id* into the order; return the section id it went into."""
    if after is not None or before is not None:
        anchor = after if after is not None else before
        for s in tree["sections"]:
            clauses = s["clauses"]
            if anchor in clauses:
                if section is not None and s["id"] != section:
                    raise Conflict(f"clause '{anchor}' is in section '{s['id']}', not '{section}'")
                i = list(clauses).index(anchor)
                clauses.insert(i + 1 if after is not None else i, clause_id)
                return str(s["id"])
        raise NotFound(f"no clause '{anchor}' in the order", path=path)
    if section is None:
        # A preambular paragraph goes to the first section, an operative one to the last.
        s = tree["sections"][0] if kind == "preambular" else tree["sections"][-1]
    else:
        s = tree["sections"][_section_index(tree, section, path)]
    s["clauses"].append(clause_id)
    return str(s["id"])


def add_clause(
    root: Path,
    clause_id: str,
    *,
    kind: str,
    text: str,
    section: str | None = None,
    after: str | None = None,
    before: str | None = None,
    status: str = "bracketed",
    commit: bool = True,
) -> Outcome:
    """Write clauses/<id>.yaml and list it in the order. Raises Conflict when it exists."""
    _check_id(clause_id, "clause")
    if kind not in CLAUSE_KINDS:
        raise PoaError(f"kind must be one of {', '.join(CLAUSE_KINDS)}, not '{kind}'")
    if status not in CLAUSE_STATUSES:
        raise PoaError(f"status must be one of {', '.join(CLAUSE_STATUSES)}, not '{status}'")
    if after is not None and before is not None:
        raise PoaError("give --after or --before, not both")
    text = _check_text(text)
    with store.transaction(root, commit=commit) as tx:
        path = store.clause_path(root, clause_id)
        if path.exists():
            raise Conflict(f"clause '{clause_id}' already exists", path=path)
        doc_path, tree = _load_doc_tree(root)
        if any(clause_id in s["clauses"] for s in tree["sections"]):
            raise Conflict(f"clause '{clause_id}' is already listed in the order", path=doc_path)
        _reject_item_id(root, clause_id)
        where = _place(
            tree, doc_path, clause_id, section=section, after=after, before=before, kind=kind
        )
        clause = Clause(id=clause_id, kind=kind, text=text, status=status)
        tx.write(path, store.render_file(path, store.clause_to_data(clause), "clause"))
        tx.write(doc_path, yamlio.dump(tree))
        tx.subject = f"Add {kind} clause {clause_id} to section {where}"
        tx.body = text
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"added clause {clause_id} to section {where}", tx.sha, tuple(tx.paths))


def _reject_item_id(root: Path, new_id: str) -> None:
    for clause in store.load_clauses(root).values():
        if any(it.id == new_id for it in clause.all_items()):
            raise Conflict(f"'{new_id}' is already a sub-paragraph of clause '{clause.id}'")


def edit_clause(
    root: Path,
    clause_id: str,
    *,
    text: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    add_tags: tuple[str, ...] = (),
    remove_tags: tuple[str, ...] = (),
    footnotes: tuple[tuple[str, str], ...] = (),
    commit: bool = True,
) -> Outcome:
    """Change a clause's text, kind, status, tags or footnotes, keeping its file's layout.

    Raises NotFound for an unknown clause and PoaError when nothing would change.
    """
    path = store.clause_path(root, clause_id)
    with store.transaction(root, commit=commit) as tx:
        old = store.load_clause(root, clause_id)
        tree = yamlio.load_roundtrip(path)
        changes: list[str] = []
        if text is not None:
            new_text = _check_text(text)
            if new_text != old.text:
                tree["text"] = new_text
                changes.append("text")
        if kind is not None and kind != old.kind:
            if kind not in CLAUSE_KINDS:
                raise PoaError(f"kind must be one of {', '.join(CLAUSE_KINDS)}, not '{kind}'")
            tree["kind"] = kind
            changes.append(f"kind → {kind}")
        if status is not None and status != old.status:
            if status not in CLAUSE_STATUSES:
                raise PoaError(
                    f"status must be one of {', '.join(CLAUSE_STATUSES)}, not '{status}'"
                )
            if "status" in tree:
                tree["status"] = status
            else:
                tree.insert(list(tree).index("kind") + 1, "status", status)
            changes.append(f"status → {status}")
        tags = list(old.tags)
        for tag in add_tags:
            _check_id(tag, "tag")
            if tag not in tags:
                tags.append(tag)
        tags = [t for t in tags if t not in remove_tags]
        if tags != list(old.tags):
            if tags:
                tree["tags"] = tags
            else:
                del tree["tags"]
            changes.append("tags")
        for marker, note in footnotes:
            if "footnotes" not in tree:
                tree["footnotes"] = yamlio.new_mapping([])
            tree["footnotes"][marker] = _check_text(note, "footnote")
            changes.append(f"footnote {marker}")
        if not changes:
            raise PoaError(f"nothing to change in clause '{clause_id}'", path=path)
        tx.write(path, yamlio.dump(tree))
        tx.subject = f"Edit clause {clause_id}: {', '.join(changes)}"
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"edited clause {clause_id} ({', '.join(changes)})", tx.sha, tuple(tx.paths))


def move_clause(
    root: Path,
    clause_id: str,
    *,
    after: str | None = None,
    before: str | None = None,
    section: str | None = None,
    commit: bool = True,
) -> Outcome:
    """Move a clause after/before another, or to the end of a section.

    Raises NotFound for unknown ids and PoaError for a move onto itself.
    """
    if sum(x is not None for x in (after, before)) != 1 and section is None:
        raise PoaError("say where to: --after ID, --before ID or --section S")
    if clause_id in (after, before):
        raise PoaError("a clause cannot move beside itself")
    with store.transaction(root, commit=commit) as tx:
        doc_path, tree = _load_doc_tree(root)
        kind = store.load_clause(root, clause_id).kind
        for s in tree["sections"]:
            if clause_id in s["clauses"]:
                s["clauses"].remove(clause_id)
                break
        else:
            raise NotFound(f"clause '{clause_id}' is not in the order", path=doc_path)
        where = _place(
            tree, doc_path, clause_id, section=section, after=after, before=before, kind=kind
        )
        tx.write(doc_path, yamlio.dump(tree))
        target = f"after {after}" if after else f"before {before}" if before else f"to {where}"
        tx.subject = f"Move clause {clause_id} {target}"
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"moved clause {clause_id} {target}", tx.sha, tuple(tx.paths))


def remove_clause(root: Path, clause_id: str, *, commit: bool = True) -> Outcome:
    """Delete a clause file and its place in the order.

    Raises Conflict while pending amendments target the clause.
    """
    with store.transaction(root, commit=commit) as tx:
        store.load_clause(root, clause_id)
        pending = sorted(
            a.id
            for a in store.load_amendments(root).values()
            if a.status == "proposed" and a.target == clause_id
        )
        if pending:
            raise Conflict(
                f"pending amendments target clause '{clause_id}': {', '.join(pending)}",
                hint="reject or withdraw them first",
            )
        doc_path, tree = _load_doc_tree(root)
        for s in tree["sections"]:
            if clause_id in s["clauses"]:
                s["clauses"].remove(clause_id)
        tx.write(doc_path, yamlio.dump(tree))
        tx.delete(store.clause_path(root, clause_id))
        tx.subject = f"Remove clause {clause_id}"
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"removed clause {clause_id}", tx.sha, tuple(tx.paths))
