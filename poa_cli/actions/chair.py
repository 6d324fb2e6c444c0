"""The Chair's direct edits: new documents, sections and clauses, edits and moves.

Each function is one command's whole effect: it checks its input against the
files, writes inside a :func:`poa_cli.storage.transaction.transaction` (lock, atomic writes,
one commit, rollback on failure) and returns what it did. Round-trip YAML keeps
the comments and layout people gave document.yaml and the clause files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from poa_cli.domain.model import (
    CLAUSE_KINDS,
    CLAUSE_STATUSES,
    FOOTNOTE_MARKER_RE,
    NUMBERINGS,
    Clause,
    DocumentMeta,
    Section,
    clean_text,
    is_valid_id,
    one_of,
)
from poa_cli.domain.signers import SIGNERS_FILE
from poa_cli.domain.signers import TEMPLATE as SIGNERS_TEMPLATE
from poa_cli.errors import Conflict, NotFound, PoaError
from poa_cli.resources import shipped
from poa_cli.storage import codec, layout, store, transaction, vcs, yamlio


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
    masthead: dict[str, str | date | None] | None = None,
    commit: bool = True,
) -> Outcome:
    """Create a new, empty document in *folder* (``git init`` first when needed).

    *masthead* may set the other fields of :data:`MASTHEAD` (distribution,
    date, session …); by default the paper is Limited, dated today, in English.
    Raises Conflict when *folder* already holds a document, PoaError on a bad
    title, symbol or masthead field.
    """
    extra = {k: v for k, v in (masthead or {}).items() if v is not None}
    fields: dict[str, Any] = {
        "distribution": "Limited",
        "date": date.today(),
        "original_language": "English",
    }
    for key, value in extra.items():
        if key not in dict(MASTHEAD) or key in ("title", "symbol", "body", "numbering"):
            raise PoaError(f"'{key}' is not a masthead field init takes")
        if isinstance(value, str) and not value.strip():
            fields.pop(key, None)
            continue
        fields[key] = _masthead_value(key, value)
    folder = folder.resolve()
    doc_id = folder.name.lower()
    _check_id(doc_id, "document (the folder name)")
    if (folder / layout.DOCUMENT_FILE).exists():
        raise Conflict("a document already exists here", path=folder / layout.DOCUMENT_FILE)
    title = _check_text(title, "title")
    symbol = _check_text(symbol, "symbol")
    numbered_as = one_of(numbering, NUMBERINGS)
    if numbered_as is None:
        raise PoaError(f"numbering must be 'resolution' or 'outcome', not '{numbering}'")
    folder.mkdir(parents=True, exist_ok=True)
    created_repo = vcs.init(folder) if commit else False

    def text(key: str) -> str | None:
        value = fields.get(key)
        return None if value is None else str(value)

    issued = fields.get("date")
    meta = DocumentMeta(
        id=doc_id,
        title=title,
        symbol=symbol,
        body=body,
        # A field given empty is left out: the file's default ("Limited", "English") holds.
        distribution=text("distribution") or "Limited",
        date=issued if isinstance(issued, date) else None,
        original_language=text("original_language") or "English",
        languages=("en",),
        session=text("session"),
        agenda_item=text("agenda_item"),
        numbering=numbered_as,
        opening=text("opening"),
        note=text("note"),
        sections=(Section("preamble", None, ()), Section("operative", None, ())),
    )
    with transaction.transaction(folder, commit=commit) as tx:
        doc_file = folder / layout.DOCUMENT_FILE
        (folder / layout.CLAUSES).mkdir(exist_ok=True)
        (folder / layout.AMENDMENTS).mkdir(exist_ok=True)
        for sub in (layout.CLAUSES, layout.AMENDMENTS):
            tx.write(folder / sub / ".gitkeep", "")
        _install_schemas(folder, tx)
        tx.write(doc_file, codec.render_file(doc_file, codec.meta_to_data(meta), "document"))
        # Empty, with a comment saying how to add a key (docs/security.md).
        tx.write(folder / SIGNERS_FILE, SIGNERS_TEMPLATE)
        tx.subject = f"Create document {doc_id}: {title}"
        tx.trailers = [("Document", doc_id), ("Symbol", symbol)]
    note = " (new git repository)" if created_repo else ""
    return Outcome(f"created {doc_id} in {folder}{note}", tx.sha, tuple(tx.paths))


# The masthead as document.yaml orders it: key, what it is called in messages.
MASTHEAD: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("symbol", "symbol"),
    ("body", "issuing body"),
    ("distribution", "distribution"),
    ("date", "date"),
    ("original_language", "original language"),
    ("session", "session"),
    ("agenda_item", "agenda item"),
    ("numbering", "numbering"),
    ("opening", "opening"),
    ("note", "note"),
    ("require_signatures", "signature requirement"),
)
DISTRIBUTIONS = ("General", "Limited", "Restricted")


def _masthead_value(key: str, value: str | date) -> str | date | bool:
    """Return *value* checked for masthead field *key*; raise PoaError when it cannot be."""
    if isinstance(value, date):
        return value
    if key == "require_signatures":  # docs/security.md
        if value not in ("true", "false"):
            raise PoaError(f"require_signatures is true or false, not '{value}'")
        return value == "true"
    if key == "distribution":
        matches = [d for d in DISTRIBUTIONS if d.lower() == value.strip().lower()]
        if not matches:
            raise PoaError(f"distribution must be {', '.join(DISTRIBUTIONS)}, not '{value}'")
        return matches[0]
    if key == "numbering":
        if value not in ("resolution", "outcome"):
            raise PoaError(f"numbering must be 'resolution' or 'outcome', not '{value}'")
        return value
    return _check_text(value, dict(MASTHEAD)[key])


def _load_doc_tree(root: Path) -> tuple[Path, Any]:
    path = root / layout.DOCUMENT_FILE
    store.load_meta(root)  # the same checks and messages as every read
    return path, yamlio.load_roundtrip(path)


def edit_document(
    root: Path, changes: dict[str, str | date | None], *, commit: bool = True
) -> Outcome:
    """Set the masthead fields in *changes* (keys from :data:`MASTHEAD`) in document.yaml.

    Comments and layout stay; a field given as the empty string is removed
    (title and symbol cannot be). Raises PoaError for an unknown field, a value
    the schema refuses (naming document.yaml and the line), or nothing to change.
    Nothing is written when anything is refused.
    """
    known = dict(MASTHEAD)
    wanted = {k: v for k, v in changes.items() if v is not None}
    for key in wanted:
        if key not in known:
            raise PoaError(f"'{key}' is not a masthead field ({', '.join(known)})")
    with transaction.transaction(root, commit=commit) as tx:
        path, tree = _load_doc_tree(root)
        done: list[str] = []
        order = [k for k, _ in MASTHEAD]
        for key, raw in wanted.items():
            assert raw is not None
            if isinstance(raw, str) and not raw.strip():
                if key in ("title", "symbol"):
                    raise PoaError(f"the document needs a {known[key]}; it cannot be removed")
                if key in tree:
                    del tree[key]
                    done.append(f"{known[key]} removed")
                continue
            value = _masthead_value(key, raw)
            if str(tree.get(key)) == str(value):
                continue
            if key in tree:
                tree[key] = value
            else:
                _after_key(tree, key, value, ("id", *order[: order.index(key)]))
            done.append(known[key])
        if not done:
            raise PoaError("nothing to change in the masthead", path=path)
        tx.write(path, yamlio.dump(tree))
        store.load_meta(root)  # the schema's verdict on the new file, before the commit
        tx.subject = f"Edit the masthead: {', '.join(done)}"
        tx.trailers = [("Document", str(tree.get("id"))), ("Editor", "Chair")]
    return Outcome(f"edited the masthead ({', '.join(done)})", tx.sha, tuple(tx.paths))


def _install_schemas(folder: Path, tx: transaction.Transaction) -> None:
    """Copy the JSON Schemas to the top of the work tree, for editors' hover help."""
    gitdir = vcs.git_dir_of(folder)
    top = gitdir.parent if gitdir is not None and gitdir.name == ".git" else folder.parent
    for src in sorted(shipped("schemas").glob("*.schema.json")):
        dest = top / "schemas" / src.name
        if not dest.exists():
            tx.write(dest, src.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- sections


def _section_index(meta: DocumentMeta, section_id: str, path: Path) -> int:
    for i, s in enumerate(meta.sections):
        if s.id == section_id:
            return i
    known = ", ".join(s.id for s in meta.sections)
    raise NotFound(f"no section '{section_id}' (sections: {known})", path=path)


def _with_clauses(meta: DocumentMeta, index: int, clauses: list[str]) -> DocumentMeta:
    """*meta* with section number *index* listing *clauses*."""
    sections = list(meta.sections)
    sections[index] = replace(sections[index], clauses=tuple(clauses))
    return replace(meta, sections=tuple(sections))


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
    with transaction.transaction(root, commit=commit) as tx:
        path, meta = root / layout.DOCUMENT_FILE, store.load_meta(root)
        if any(s.id == section_id for s in meta.sections):
            raise Conflict(f"section '{section_id}' already exists", path=path)
        index = len(meta.sections)
        if after is not None:
            index = _section_index(meta, after, path) + 1
        elif before is not None:
            index = _section_index(meta, before, path)
        sections = list(meta.sections)
        sections.insert(index, Section(section_id, heading or None, ()))
        tx.write(path, codec.updated_order(path, replace(meta, sections=tuple(sections))))
        tx.subject = f"Add section {section_id}" + (f": {heading}" if heading else "")
        tx.trailers = [("Section", section_id)]
    return Outcome(f"added section {section_id}", tx.sha, tuple(tx.paths))


# --------------------------------------------------------------------------- clauses


def _place(
    meta: DocumentMeta,
    path: Path,
    clause_id: str,
    *,
    section: str | None,
    after: str | None,
    before: str | None,
    kind: str,
) -> tuple[DocumentMeta, str]:
    """Return *meta* with *clause_id* put into the order, and the section it went into."""
    if after is not None or before is not None:
        anchor = after if after is not None else before
        for index, s in enumerate(meta.sections):
            if anchor in s.clauses:
                if section is not None and s.id != section:
                    raise Conflict(f"clause '{anchor}' is in section '{s.id}', not '{section}'")
                clauses = list(s.clauses)
                i = clauses.index(anchor)
                clauses.insert(i + 1 if after is not None else i, clause_id)
                return _with_clauses(meta, index, clauses), s.id
        raise NotFound(f"no clause '{anchor}' in the order", path=path)
    if section is None:
        # A preambular paragraph goes to the first section, an operative one to the last.
        index = 0 if kind == "preambular" else len(meta.sections) - 1
    else:
        index = _section_index(meta, section, path)
    s = meta.sections[index]
    return _with_clauses(meta, index, [*s.clauses, clause_id]), s.id


def _without(meta: DocumentMeta, clause_id: str) -> DocumentMeta:
    """Return *meta* with *clause_id* taken out of the order."""
    sections = tuple(
        replace(s, clauses=tuple(c for c in s.clauses if c != clause_id)) for s in meta.sections
    )
    return replace(meta, sections=sections)


_MARKER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def check_footnotes(
    texts: Sequence[str],
    defined: Sequence[tuple[str, str]],
    given: Sequence[tuple[str, str]],
    where: str,
) -> tuple[tuple[str, str], ...]:
    """Return the footnotes *given* (``--footnote MARK=TEXT``), cleaned, after checking
    them against the *texts* that will cite them and the footnotes already *defined*.

    Raises PoaError for a marker that is not a valid name, a footnote called in
    the text and defined nowhere (it would print a dangling call), a footnote
    given twice, or one given and never called (it would fail ``validate --strict``).
    """
    cleaned: list[tuple[str, str]] = []
    for marker, note in given:
        if not _MARKER_RE.match(marker):
            raise PoaError(
                f"'{marker}' is not a footnote marker",
                hint="letters, digits and hyphens, e.g. --footnote a-78-76=TEXT",
            )
        if any(m == marker for m, _ in cleaned):
            raise PoaError(f"footnote {marker} is given twice")
        cleaned.append((marker, _check_text(note, f"footnote {marker}")))
    cited = [m.group(1) for t in texts for m in FOOTNOTE_MARKER_RE.finditer(t)]
    known = {m for m, _ in defined} | {m for m, _ in cleaned}
    missing = [m for m in dict.fromkeys(cited) if m not in known]
    if missing:
        raise PoaError(
            f"the text of {where} calls footnote [^{missing[0]}], which is not defined",
            hint=f"give it: --footnote {missing[0]}=TEXT",
        )
    unused = [m for m, _ in cleaned if m not in cited]
    if unused:
        raise PoaError(
            f"footnote {unused[0]} is given but the text of {where} never calls it",
            hint=f"put [^{unused[0]}] in the text where the footnote belongs",
        )
    return tuple(cleaned)


def add_clause(
    root: Path,
    clause_id: str,
    *,
    kind: str | None,
    text: str,
    section: str | None = None,
    after: str | None = None,
    before: str | None = None,
    status: str = "bracketed",
    parent: str | None = None,
    footnotes: tuple[tuple[str, str], ...] = (),
    commit: bool = True,
) -> Outcome:
    """Write clauses/<id>.yaml and list it in the order, or (with *parent*) add a
    sub-paragraph to the clause or sub-paragraph *parent*.

    *footnotes* are ``(marker, text)`` pairs the text calls (filed with the
    clause, also for a sub-paragraph). Raises Conflict when the id is taken,
    NotFound for an unknown parent or neighbour, PoaError for a bad id, kind,
    status or footnote (see :func:`check_footnotes`). Nothing is written when
    anything is refused.
    """
    if parent is not None:
        if kind is not None or section is not None:
            raise PoaError("a sub-paragraph takes its kind and section from its clause: "
                           "drop --kind/--section with --parent")  # fmt: skip
        return _add_item(
            root, clause_id, parent=parent, text=text, after=after, before=before,
            footnotes=footnotes, commit=commit,
        )  # fmt: skip
    _check_id(clause_id, "clause")
    if kind is None:
        raise PoaError("say what kind of paragraph it is: --kind preambular|operative|annex")
    if kind not in CLAUSE_KINDS:
        raise PoaError(f"kind must be one of {', '.join(CLAUSE_KINDS)}, not '{kind}'")
    if status not in CLAUSE_STATUSES:
        raise PoaError(f"status must be one of {', '.join(CLAUSE_STATUSES)}, not '{status}'")
    if after is not None and before is not None:
        raise PoaError("give --after or --before, not both")
    text = _check_text(text)
    notes = check_footnotes([text], (), footnotes, f"clause '{clause_id}'")
    with transaction.transaction(root, commit=commit) as tx:
        path = layout.clause_path(root, clause_id)
        if path.exists():
            raise Conflict(f"clause '{clause_id}' already exists", path=path)
        doc_path, meta = root / layout.DOCUMENT_FILE, store.load_meta(root)
        if clause_id in meta.clause_order():
            raise Conflict(f"clause '{clause_id}' is already listed in the order", path=doc_path)
        _reject_item_id(root, clause_id)
        new_meta, where = _place(
            meta, doc_path, clause_id, section=section, after=after, before=before, kind=kind
        )
        clause = Clause(id=clause_id, kind=kind, text=text, status=status, footnotes=notes)
        tx.write(path, codec.render_file(path, codec.clause_to_data(clause), "clause"))
        tx.write(doc_path, codec.updated_order(doc_path, new_meta))
        tx.subject = f"Add {kind} clause {clause_id} to section {where}"
        tx.body = text
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"added clause {clause_id} to section {where}", tx.sha, tuple(tx.paths))


def _item_node(items: Any, item_id: str) -> tuple[Any, int] | None:
    """Return (the list holding sub-paragraph *item_id*, its index) in a clause file's tree."""
    for i, node in enumerate(items or []):
        if node.get("id") == item_id:
            return items, i
        found = _item_node(node.get("items"), item_id)
        if found is not None:
            return found
    return None


def _add_item(
    root: Path,
    item_id: str,
    *,
    parent: str,
    text: str,
    after: str | None,
    before: str | None,
    footnotes: tuple[tuple[str, str], ...],
    commit: bool,
) -> Outcome:
    """Add sub-paragraph *item_id* under *parent* (a clause or a sub-paragraph)."""
    _check_id(item_id, "sub-paragraph")
    if after is not None and before is not None:
        raise PoaError("give --after or --before, not both")
    text = _check_text(text)
    with transaction.transaction(root, commit=commit) as tx:
        clauses = store.load_clauses(root)
        owner = clauses.get(parent) or next(
            (c for c in clauses.values() if any(it.id == parent for it in c.all_items())), None
        )
        if owner is None or owner.path is None:
            raise NotFound(
                f"no clause or sub-paragraph '{parent}' to add a sub-paragraph to",
                path=root / layout.CLAUSES,
                hint="'poa clause list' shows the ids",
            )
        if item_id in clauses or layout.clause_path(root, item_id).exists():
            raise Conflict(f"'{item_id}' is already a clause")
        _reject_item_id(root, item_id)
        notes = check_footnotes([text], owner.footnotes, footnotes, f"'{item_id}'")
        taken = [m for m, _ in notes if owner.footnote(m) is not None]
        if taken:
            raise Conflict(f"clause '{owner.id}' already has a footnote {taken[0]}")
        tree = yamlio.load_roundtrip(owner.path)
        if parent == owner.id:
            if "items" not in tree or tree["items"] is None:
                _after_key(tree, "items", [], ("text",))
            siblings = tree["items"]
        else:
            found = _item_node(tree.get("items"), parent)
            assert found is not None  # load_clauses saw it
            holder, at = found
            if "items" not in holder[at] or holder[at]["items"] is None:
                holder[at]["items"] = []
            siblings = holder[at]["items"]
        index = len(siblings)
        neighbour = after if after is not None else before
        if neighbour is not None:
            ids = [str(node.get("id")) for node in siblings]
            if neighbour not in ids:
                raise NotFound(
                    f"'{neighbour}' is not a sub-paragraph of '{parent}' "
                    f"(its sub-paragraphs: {', '.join(ids) or 'none'})",
                    path=owner.path,
                )
            index = ids.index(neighbour) + (1 if after is not None else 0)
        siblings.insert(index, yamlio.new_mapping([("id", item_id), ("text", text)]))
        if notes:
            if "footnotes" not in tree or tree["footnotes"] is None:
                _after_key(tree, "footnotes", yamlio.new_mapping([]), ("text", "items"))
            for marker, note in notes:
                tree["footnotes"][marker] = note
        tx.write(owner.path, yamlio.dump(tree))
        tx.subject = f"Add sub-paragraph {item_id} to {parent}"
        tx.body = text
        tx.trailers = [("Clause", owner.id), ("Editor", "Chair")]
    return Outcome(f"added sub-paragraph {item_id} to {parent}", tx.sha, tuple(tx.paths))


def _after_key(tree: Any, key: str, value: Any, after: Sequence[str]) -> None:
    """Insert *key* just after the last of *after* present in *tree*."""
    keys = list(tree)
    pos = max((keys.index(k) + 1 for k in after if k in tree), default=len(keys))
    tree.insert(pos, key, value)


def _reject_item_id(root: Path, new_id: str) -> None:
    for clause in store.load_clauses(root).values():
        if any(it.id == new_id for it in clause.all_items()):
            raise Conflict(f"'{new_id}' is already a sub-paragraph of clause '{clause.id}'")


def _edited(
    old: Clause,
    *,
    text: str | None,
    kind: str | None,
    status: str | None,
    add_tags: tuple[str, ...],
    remove_tags: tuple[str, ...],
    footnotes: tuple[tuple[str, str], ...],
) -> tuple[Clause, list[str]]:
    """Return the clause after the Chair's edit, and the changes in words."""
    new, changes = old, []
    if text is not None:
        new_text = _check_text(text)
        if new_text != old.text:
            new = replace(new, text=new_text)
            changes.append("text")
    if kind is not None and kind != old.kind:
        if kind not in CLAUSE_KINDS:
            raise PoaError(f"kind must be one of {', '.join(CLAUSE_KINDS)}, not '{kind}'")
        new = replace(new, kind=kind)
        changes.append(f"kind → {kind}")
    if status is not None and status != old.status:
        if status not in CLAUSE_STATUSES:
            raise PoaError(f"status must be one of {', '.join(CLAUSE_STATUSES)}, not '{status}'")
        new = replace(new, status=status)
        changes.append(f"status → {status}")
    tags = list(old.tags)
    for tag in add_tags:
        _check_id(tag, "tag")
        if tag not in tags:
            tags.append(tag)
    tags = [t for t in tags if t not in remove_tags]
    if tags != list(old.tags):
        new = replace(new, tags=tuple(tags))
        changes.append("tags")
    notes = dict(old.footnotes)
    for marker, note in footnotes:
        notes[marker] = _check_text(note, "footnote")
        changes.append(f"footnote {marker}")
    return replace(new, footnotes=tuple(notes.items())), changes


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
    path = layout.clause_path(root, clause_id)
    with transaction.transaction(root, commit=commit) as tx:
        old = store.load_clause(root, clause_id)
        new, changes = _edited(
            old, text=text, kind=kind, status=status, add_tags=add_tags,
            remove_tags=remove_tags, footnotes=footnotes,
        )  # fmt: skip
        if text is not None:
            # A new text may not call a footnote defined nowhere (it would fail validate).
            check_footnotes(
                [new.text, *(it.text for it in old.all_items())],
                [*old.footnotes, *((m, "") for m, _ in footnotes)],
                (),
                f"clause '{clause_id}'",
            )
        if not changes:
            raise PoaError(f"nothing to change in clause '{clause_id}'", path=path)
        tx.write(path, codec.updated_clause_file(path, old, new))
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
    with transaction.transaction(root, commit=commit) as tx:
        doc_path, meta = root / layout.DOCUMENT_FILE, store.load_meta(root)
        kind = store.load_clause(root, clause_id).kind
        if clause_id not in meta.clause_order():
            raise NotFound(f"clause '{clause_id}' is not in the order", path=doc_path)
        new_meta, where = _place(
            _without(meta, clause_id), doc_path, clause_id,
            section=section, after=after, before=before, kind=kind,
        )  # fmt: skip
        tx.write(doc_path, codec.updated_order(doc_path, new_meta))
        target = f"after {after}" if after else f"before {before}" if before else f"to {where}"
        tx.subject = f"Move clause {clause_id} {target}"
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"moved clause {clause_id} {target}", tx.sha, tuple(tx.paths))


def remove_clause(root: Path, clause_id: str, *, commit: bool = True) -> Outcome:
    """Delete a clause file and its place in the order.

    Raises Conflict while pending amendments target the clause.
    """
    with transaction.transaction(root, commit=commit) as tx:
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
        doc_path, meta = root / layout.DOCUMENT_FILE, store.load_meta(root)
        tx.write(doc_path, codec.updated_order(doc_path, _without(meta, clause_id)))
        tx.delete(layout.clause_path(root, clause_id))
        tx.subject = f"Remove clause {clause_id}"
        tx.trailers = [("Clause", clause_id), ("Editor", "Chair")]
    return Outcome(f"removed clause {clause_id}", tx.sha, tuple(tx.paths))
