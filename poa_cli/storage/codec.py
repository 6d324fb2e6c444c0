"""The file format: YAML trees ⇄ the model. The one module that knows it.

Reading turns the data of a checked file (see :func:`poa_cli.storage.store.checked`)
into frozen dataclasses, naming the file on a bad shape. Writing turns a model
value into a round-trip YAML tree in the documented key order, or updates an
existing tree in place so that people's comments and layout stay.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from poa_cli.domain.model import (
    ACTIONS,
    AMENDMENT_STATUSES,
    ANNEX_NUMBERINGS,
    CLAUSE_KINDS,
    CLAUSE_STATUSES,
    NUMBERINGS,
    SCHEMA_AMENDMENT,
    SCHEMA_CLAUSE,
    SCHEMA_DOCUMENT,
    STAKEHOLDER_KINDS,
    Action,
    Amendment,
    Anchor,
    Clause,
    Decision,
    DocumentMeta,
    Item,
    Section,
    Stakeholder,
    one_of,
)
from poa_cli.domain.silence import Break, Procedure, Record, parse_time, stamp
from poa_cli.errors import PoaError, SchemaError
from poa_cli.storage import yamlio
from poa_cli.storage.layout import SILENCE_FILE, schema_ref

# --------------------------------------------------------------------------- reading

_Value = TypeVar("_Value", bound=str)


def _values(allowed: tuple[_Value, ...]) -> dict[str, _Value]:
    """*allowed* as a lookup: one dict probe a field, where a file has thousands."""
    return {v: v for v in allowed}


_ACTIONS = _values(ACTIONS)
_AMENDMENT_STATUSES = _values(AMENDMENT_STATUSES)
_ANNEX_NUMBERINGS = _values(ANNEX_NUMBERINGS)
_CLAUSE_KINDS = _values(CLAUSE_KINDS)
_CLAUSE_STATUSES = _values(CLAUSE_STATUSES)
_NUMBERINGS = _values(NUMBERINGS)
_STAKEHOLDER_KINDS = _values(STAKEHOLDER_KINDS)


class _Fields:
    """Pulls typed values out of loaded YAML data, naming the file on a bad shape."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str) -> SchemaError:
        return SchemaError(message, path=self.path, hint="run 'poa validate' for details")

    def mapping(self, data: Any, what: str) -> Mapping[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"{what} must be a mapping")
        return data

    def text(self, data: Mapping[str, Any], key: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def opt(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value.__class__ is str:
            return value
        if not isinstance(value, (int, float)):
            raise self.fail(f"'{key}' must be a string")
        return str(value)

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: Mapping[str, _Value],
        default: _Value | None = None,
    ) -> _Value:  # fmt: skip
        """The value of *key*, one of *allowed* (*default* when absent or empty)."""
        value = data.get(key)
        if not value and default is not None:
            return default
        found = allowed.get(value) if isinstance(value, str) else None
        if found is None:
            raise self.fail(f"'{key}' must be one of {', '.join(allowed)}")
        return found

    def strings(self, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of strings")
        return tuple(value)


def _items(r: _Fields, value: Any) -> tuple[Item, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise r.fail("'items' must be a list")
    out = []
    for raw in value:
        m = r.mapping(raw, "a sub-paragraph")
        out.append(
            Item(id=r.text(m, "id"), text=r.text(m, "text"), items=_items(r, m.get("items")))
        )
    return tuple(out)


def clause_from_data(data: Any, path: Path) -> Clause:
    """Return the Clause in *data* (loaded from *path*); raise SchemaError on a bad shape."""
    r = _Fields(path)
    m = r.mapping(data, "a clause file")
    notes = m.get("footnotes") or {}
    if not isinstance(notes, dict):
        raise r.fail("'footnotes' must be a mapping of marker to text")
    return Clause(
        id=r.text(m, "id"),
        kind=r.choice(m, "kind", _CLAUSE_KINDS),
        text=r.text(m, "text"),
        status=r.choice(m, "status", _CLAUSE_STATUSES, "bracketed"),
        items=_items(r, m.get("items")),
        footnotes=tuple((str(k), str(v)) for k, v in notes.items()),
        tags=r.strings(m, "tags"),
        path=path,
    )


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def meta_from_data(data: Any, path: Path) -> DocumentMeta:
    """Return the DocumentMeta in *data* (document.yaml); raise SchemaError on a bad shape."""
    r = _Fields(path)
    m = r.mapping(data, "document.yaml")
    raw_sections = m.get("sections")
    if not isinstance(raw_sections, list):
        raise r.fail("'sections' must be a list")
    sections = []
    for raw in raw_sections:
        s = r.mapping(raw, "a section")
        heading = s.get("heading")
        sections.append(
            Section(
                id=r.text(s, "id"),
                heading=str(heading) if heading is not None else None,
                clauses=r.strings(s, "clauses"),
                annex=r.opt(s, "annex"),
            )
        )
    stakeholders = []
    for raw in m.get("stakeholders") or []:
        s = r.mapping(raw, "a stakeholder")
        stakeholders.append(
            Stakeholder(
                id=r.text(s, "id"),
                name=r.text(s, "name"),
                kind=r.choice(s, "kind", _STAKEHOLDER_KINDS),
            )
        )
    return DocumentMeta(
        id=r.text(m, "id"),
        title=r.text(m, "title"),
        symbol=r.text(m, "symbol"),
        body=r.opt(m, "body") or "General Assembly",
        distribution=r.opt(m, "distribution") or "Limited",
        date=_date(r.opt(m, "date")),
        original_language=(
            ""
            if "original_language" in m and m["original_language"] is None
            else r.opt(m, "original_language") or "English"
        ),
        languages=r.strings(m, "languages") or ("en",),
        session=r.opt(m, "session"),
        agenda_item=r.opt(m, "agenda_item"),
        numbering=r.choice(m, "numbering", _NUMBERINGS, "resolution"),
        opening=r.opt(m, "opening"),
        note=r.opt(m, "note"),
        sections=tuple(sections),
        stakeholders=tuple(stakeholders),
        require_signatures=m.get("require_signatures") is True,
        sponsors=r.opt(m, "sponsors"),
        sponsors_note=r.opt(m, "sponsors_note"),
        adopted=_date(r.opt(m, "adopted")),
        report=r.opt(m, "report"),
        meeting=r.opt(m, "meeting"),
        annex_numbering=r.choice(m, "annex_numbering", _ANNEX_NUMBERINGS, "none"),
        based_on=r.opt(m, "based_on"),
    )


def amendment_from_data(data: Any, path: Path) -> Amendment:
    """Return the Amendment in *data*; raise SchemaError on a bad shape."""
    r = _Fields(path)
    m = r.mapping(data, "an amendment file")
    anchor = None
    if m.get("anchor") is not None:
        a = r.mapping(m["anchor"], "'anchor'")
        occ = a.get("occurrence")
        anchor = Anchor(
            phrase=r.text(a, "phrase"),
            before=r.text(a, "before", required=False),
            after=r.text(a, "after", required=False),
            occurrence=occ if isinstance(occ, int) and not isinstance(occ, bool) else None,
        )
    clause = None
    if m.get("clause") is not None:
        clause = clause_from_data(r.mapping(m["clause"], "'clause'"), path)
    proposed_by = r.strings(m, "proposed_by")
    if not proposed_by:
        raise r.fail("'proposed_by' must name at least one proposer")
    return Amendment(
        id=r.text(m, "id"),
        target=r.text(m, "target"),
        action=r.choice(m, "action", _ACTIONS),
        proposed_by=proposed_by,
        status=r.choice(m, "status", _AMENDMENT_STATUSES, "proposed"),
        on_behalf_of=r.opt(m, "on_behalf_of"),
        supported_by=r.strings(m, "supported_by"),
        opposed_by=r.strings(m, "opposed_by"),
        submitted=_date(r.opt(m, "submitted")),
        session=r.opt(m, "session"),
        rationale=r.opt(m, "rationale"),
        base=r.opt(m, "base"),
        applied_in=r.opt(m, "applied_in"),
        anchor=anchor,
        text=r.opt(m, "text"),
        footnote=r.opt(m, "footnote"),
        position=r.opt(m, "position"),
        clause=clause,
        destination=r.opt(m, "destination"),
        path=path,
    )


# --------------------------------------------------------------------------- new files


def section_to_data(section: Section) -> Any:
    """Return the round-trip mapping for one section of document.yaml."""
    heading = [("heading", section.heading)] if section.heading else []
    annex = [("annex", section.annex)] if section.annex else []
    return yamlio.new_mapping(
        [("id", section.id), *heading, *annex, ("clauses", list(section.clauses))]
    )


def meta_to_data(meta: DocumentMeta) -> Any:
    """Return the round-trip mapping for a new document.yaml (keys in the schema's order)."""
    pairs: list[tuple[str, Any]] = [
        ("schema", SCHEMA_DOCUMENT),
        ("id", meta.id),
        ("title", meta.title),
        ("symbol", meta.symbol),
        ("body", meta.body),
        ("distribution", meta.distribution),
    ]
    if meta.date is not None:
        pairs.append(("date", meta.date))
    pairs += [
        # "" is an adopted text's null: no "Original:" line (docs/format.md)
        ("original_language", meta.original_language or None),
        ("languages", list(meta.languages)),
    ]
    keys = ("session", "agenda_item", "sponsors", "sponsors_note", "adopted", "report", "meeting")
    for key in keys:
        if getattr(meta, key):
            pairs.append((key, getattr(meta, key)))
    if meta.annex_numbering != "none":
        pairs.append(("annex_numbering", meta.annex_numbering))
    pairs.append(("numbering", meta.numbering))
    for key in ("opening", "note"):
        if getattr(meta, key):
            pairs.append((key, getattr(meta, key)))
    if meta.require_signatures:
        pairs.append(("require_signatures", True))
    if meta.based_on:
        pairs.append(("based_on", meta.based_on))
    pairs.append(("sections", [section_to_data(s) for s in meta.sections]))
    if meta.stakeholders:
        pairs.append(
            (
                "stakeholders",
                [
                    yamlio.new_mapping([("id", s.id), ("name", s.name), ("kind", s.kind)])
                    for s in meta.stakeholders
                ],
            )
        )
    return yamlio.new_mapping(pairs)


def clause_to_data(clause: Clause) -> Any:
    """Return the round-trip mapping for a new clause file (keys in the documented order)."""
    pairs: list[tuple[str, Any]] = [
        ("schema", SCHEMA_CLAUSE),
        ("id", clause.id),
        ("kind", clause.kind),
        ("status", clause.status),
        ("text", clause.text),
    ]
    if clause.items:
        pairs.append(("items", [item_to_data(i) for i in clause.items]))
    if clause.footnotes:
        pairs.append(("footnotes", yamlio.new_mapping(clause.footnotes)))
    if clause.tags:
        pairs.append(("tags", list(clause.tags)))
    return yamlio.new_mapping(pairs)


def item_to_data(item: Item) -> Any:
    """Return the round-trip mapping for one sub-paragraph (and its own, nested)."""
    pairs: list[tuple[str, Any]] = [("id", item.id), ("text", item.text)]
    if item.items:
        pairs.append(("items", [item_to_data(i) for i in item.items]))
    return yamlio.new_mapping(pairs)


def amendment_to_data(a: Amendment) -> Any:
    """Return the round-trip mapping for a new amendment file, keys in documented order."""
    pairs: list[tuple[str, Any]] = [
        ("schema", SCHEMA_AMENDMENT),
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
    if a.footnote is not None:
        pairs.append(("footnote", a.footnote))
    if a.clause is not None:
        c = clause_to_data(a.clause)
        del c["schema"]
        if c.get("status") == "bracketed":
            del c["status"]
        pairs.append(("clause", c))
    if a.destination:
        pairs.append(("destination", a.destination))
    if a.rationale:
        pairs.append(("rationale", a.rationale))
    return yamlio.new_mapping(pairs)


def prepared_amendment(path: Path, target: str) -> tuple[Action, dict[str, Any]]:
    """Return (action, what the drafter's options would say) of the prepared amendment
    file at *path* (``poa draft amend --from-file``): a partial amendment, anchored
    like the options. Raises SchemaError when it is not one, or targets another text.
    """
    data = yamlio.load(path)
    if not isinstance(data, dict):
        raise SchemaError("a prepared amendment must be a mapping", path=path, line=1)
    if data.get("target") not in (None, target):
        raise SchemaError(
            f"the file targets '{data.get('target')}', the command '{target}'", path=path
        )
    action = data.get("action")
    raw_anchor = data.get("anchor")
    anchor: dict[str, Any] = raw_anchor if isinstance(raw_anchor, dict) else {}
    spec: dict[str, Any] = {}
    if anchor.get("phrase"):
        spec["old"] = anchor["phrase"]
        spec["occurrence"] = anchor.get("occurrence")
    if isinstance(data.get("text"), str):
        spec["new"] = data["text"]
    if isinstance(data.get("clause"), dict):
        spec["new"] = data["clause"].get("text")
        spec["new_clause_id"] = data["clause"].get("id")
    for key in ("position", "destination"):
        if data.get(key):
            spec[key] = data[key]
    for key in ("rationale", "session"):
        if data.get(key):
            spec[key] = data[key]
    if not isinstance(action, str):
        raise SchemaError("the prepared amendment has no 'action'", path=path)
    known = one_of(action, ACTIONS)
    if known is None:
        raise SchemaError(f"unknown action '{action}'", path=path)
    return known, spec


def silence_from_data(data: Any, path: Path) -> Record:
    """Return the silence Record in *data* (silence.yaml, schema-checked); raise SchemaError."""
    procedures: list[Procedure] = []
    try:
        for raw in data["procedures"]:
            breaks = tuple(
                Break(
                    by=b["by"],
                    at=parse_time(b["at"], "'at'"),
                    note=b.get("note"),
                    letter=b.get("letter"),
                    letter_sha256=b.get("letter_sha256"),
                )
                for b in raw.get("breaks") or []
            )
            closed = raw.get("closed")
            procedures.append(
                Procedure(
                    revision=raw["revision"],
                    commit=raw["commit"],
                    started=parse_time(raw["started"], "'started'"),
                    until=parse_time(raw["until"], "'until'"),
                    status=raw["status"],
                    note=raw.get("note"),
                    breaks=breaks,
                    closed=parse_time(closed, "'closed'") if closed else None,
                )
            )
    except PoaError as exc:
        raise SchemaError(exc.message, path=path) from None
    return Record(tuple(procedures))


def silence_text(root: Path, record: Record) -> str:
    """Return the text of silence.yaml for *record*."""

    def procedure(p: Procedure) -> Any:
        pairs: list[tuple[str, Any]] = [
            ("revision", p.revision),
            ("commit", p.commit),
            ("started", stamp(p.started)),
            ("until", stamp(p.until)),
            ("status", p.status),
        ]
        if p.note:
            pairs.append(("note", p.note))
        if p.breaks:
            pairs.append(("breaks", [brk(b) for b in p.breaks]))
        if p.closed is not None:
            pairs.append(("closed", stamp(p.closed)))
        return yamlio.new_mapping(pairs)

    def brk(b: Break) -> Any:
        pairs: list[tuple[str, Any]] = [("by", b.by), ("at", stamp(b.at))]
        for key in ("note", "letter", "letter_sha256"):
            if getattr(b, key):
                pairs.append((key, getattr(b, key)))
        return yamlio.new_mapping(pairs)

    tree = yamlio.new_mapping(
        [("schema", "poa/silence/1"), ("procedures", [procedure(p) for p in record.procedures])]
    )
    return render_file(root / SILENCE_FILE, tree, "silence")


def render_file(path: Path, tree: Any, kind: str, *, ref: str | None = None) -> str:
    """Return the text to write for *tree* at *path*, with the schema modeline first.

    *ref* is the modeline's path to the schema when the caller worked it out already
    (:func:`poa_cli.storage.layout.schema_ref`, the same for every file of a folder).
    """
    return yamlio.with_schema_comment(yamlio.dump(tree), ref or schema_ref(path, kind))


# --------------------------------------------------------------------------- updating files


def _restyle(old: Any, new: str) -> Any:
    """Return *new* in the scalar style *old* had (quoted, folded …) when it had one."""
    if isinstance(old, str) and type(old) is not str:
        try:
            return type(old)(new)
        except (TypeError, ValueError):
            return new
    return new


def _shape(items: Sequence[Item]) -> list[Any]:
    return [(it.id, _shape(it.items)) for it in items]


def _set_item_texts(seq: Any, items: Sequence[Item]) -> None:
    for node, item in zip(seq, items, strict=True):
        if node.get("text") != item.text:
            node["text"] = _restyle(node.get("text"), item.text)
        if item.items:
            _set_item_texts(node["items"], item.items)


def _set_seq(seq: Any, wanted: Sequence[str]) -> None:
    """Make the round-trip list *seq* equal *wanted* by the fewest inserts and deletes,
    so the entries that stay keep their comments."""
    matcher = difflib.SequenceMatcher(a=list(seq), b=list(wanted), autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        del seq[i1:i2]
        for k, value in enumerate(wanted[j1:j2]):
            seq.insert(i1 + k, value)


def _put_after(tree: Any, key: str, value: Any, after: Sequence[str]) -> None:
    """Set *key* in a round-trip mapping, placing a new key after the last of *after* present."""
    if key in tree:
        tree[key] = value
        return
    keys = list(tree)
    pos = len(keys)
    for k in after:
        if k in tree:
            pos = keys.index(k) + 1
    tree.insert(pos, key, value)


def update_clause_tree(tree: Any, old: Clause, new: Clause) -> None:
    """Change a clause file's round-trip tree from *old* to *new*, touching only what changed.

    A changed value keeps the scalar style it had; a new key goes where the
    documented key order puts it.
    """
    if new.kind != old.kind:
        tree["kind"] = new.kind
    if new.status != old.status:
        _put_after(tree, "status", new.status, ("kind",))
    if new.text != old.text:
        tree["text"] = _restyle(tree.get("text"), new.text)
    if new.items != old.items:
        if not new.items:
            tree.pop("items", None)
        elif "items" in tree and _shape(new.items) == _shape(old.items):
            _set_item_texts(tree["items"], new.items)
        else:
            _put_after(tree, "items", [item_to_data(i) for i in new.items], ("text",))
    if new.footnotes != old.footnotes:
        if not new.footnotes:
            tree.pop("footnotes", None)
        else:
            if "footnotes" not in tree or tree["footnotes"] is None:
                _put_after(tree, "footnotes", yamlio.new_mapping([]), ("text", "items"))
            notes = tree["footnotes"]
            wanted = dict(new.footnotes)
            for marker in [m for m in notes if m not in wanted]:
                del notes[marker]
            for marker, text in new.footnotes:
                if notes.get(marker) != text:
                    notes[marker] = _restyle(notes.get(marker), text)
    if new.tags != old.tags:
        if new.tags:
            _put_after(tree, "tags", list(new.tags), ("text", "items", "footnotes"))
        else:
            tree.pop("tags", None)


def _amendment_tree(path: Path, decision: Decision | None, applied_in: str | None,
                    on: date) -> Any:  # fmt: skip
    tree = yamlio.load_roundtrip(path)
    if decision is not None:
        tree["status"] = decision.status
    if applied_in is not None:
        _put_after(tree, "applied_in", applied_in, ("status",))
    if decision is not None:
        pairs: list[tuple[str, Any]] = [("date", on)]
        if decision.over_objection:
            pairs.append(("over_objection", True))
        if decision.note:
            pairs.append(("note", decision.note))
        _put_after(tree, "decision", yamlio.new_mapping(pairs), ("status", "applied_in"))
    return tree


# --------------------------------------------------------------------------- fast edits
#
# Round-trip YAML costs ~4 ms a file; a revision rewrites hundreds. The common
# edits (a status, two new keys, a one-line text) are made on the text itself,
# then checked by parsing the result: it must give exactly the data intended, or
# the round-trip writer does the edit instead. Comments and layout are kept
# either way.

_SCALAR_LINE = re.compile(r"^(?P<key>[a-z_]+):[ ]+(?P<value>.*?)[ ]*$")


def _one_line_value(line: str) -> bool:
    """True when *line*'s value is a complete one-line scalar with no comment after it."""
    m = _SCALAR_LINE.match(line)
    if not m:
        return False
    v = m.group("value")
    if not v:
        return False
    if v[0] == '"':
        return len(v) > 1 and v.endswith('"') and not v.endswith('\\"')
    if v[0] == "'":
        return len(v) > 1 and v.endswith("'")
    return v[0] not in ">|[]{}&*!#%@`" and " #" not in v


def _scalar(value: str) -> str:
    """*value* as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _continued(lines: list[str], at: int) -> bool:
    """True when the line after *at* is indented: a plain scalar continued, or a block."""
    return at + 1 < len(lines) and lines[at + 1][:1] in (" ", "\t")


def _styled(old: str, value: str) -> str:
    """*value* as a YAML scalar in the style of *old* (plain, single- or double-quoted)."""
    if old.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if not old.startswith('"') and value == value.strip() and "\n" not in value:
        try:
            if yamlio.parse(f"k: {value}\n") == {"k": value}:
                return value
        except PoaError:
            pass
    return _scalar(value)


def _top_line(lines: list[str], key: str) -> int | None:
    """The index of the one top-level ``key:`` line, or None (absent or ambiguous)."""
    found = [i for i, ln in enumerate(lines) if ln.startswith(f"{key}:")]
    return found[0] if len(found) == 1 else None


def _expected(data: Any, changes: Mapping[str, Any]) -> Any:
    out = dict(data)
    out.update(changes)
    return out


def _edit_amendment_text(
    path: Path, data: Any, decision: Decision | None, applied_in: str | None, on: date
) -> str | None:
    """The amendment file with its decision recorded by a text edit, or None to round-trip.

    *data* is the file's parsed content when the caller has it (else it is parsed).
    """
    text = yamlio.read_text(path)
    if data is None:
        data = yamlio.parse(text, path)
    if not isinstance(data, dict) or "applied_in" in data or "decision" in data:
        return None
    lines = text.split("\n")
    at = _top_line(lines, "status")
    if at is None or not _one_line_value(lines[at]) or _continued(lines, at):
        return None
    changes: dict[str, Any] = {}
    new_lines = [lines[at]]
    if decision is not None:
        new_lines = [f"status: {decision.status}"]
        changes["status"] = decision.status
    if applied_in is not None:
        new_lines.append(f"applied_in: {_styled('', applied_in)}")
        changes["applied_in"] = applied_in
    if decision is not None:
        new_lines += ["decision:", f"  date: {on.isoformat()}"]
        record: dict[str, Any] = {"date": on.isoformat()}
        if decision.over_objection:
            new_lines.append("  over_objection: true")
            record["over_objection"] = True
        if decision.note:
            new_lines.append(f"  note: {_scalar(decision.note)}")
            record["note"] = decision.note
        changes["decision"] = record
    out = "\n".join([*lines[:at], *new_lines, *lines[at + 1 :]])
    try:
        ok = yamlio.parse(out, path) == _expected(data, changes)
    except PoaError:
        ok = False
    return out if ok else None


def _edit_clause_text(path: Path, data: Any, old: Clause, new: Clause) -> str | None:
    """The clause file with only its one-line ``text`` replaced, or None to round-trip."""
    if (old.items, old.footnotes, old.kind, old.status) != (
        new.items, new.footnotes, new.kind, new.status,
    ):  # fmt: skip
        return None
    text = yamlio.read_text(path)
    if data is None:
        data = yamlio.parse(text, path)
    lines = text.split("\n")
    at = _top_line(lines, "text")
    if not isinstance(data, dict) or at is None or not _one_line_value(lines[at]):
        return None
    if _continued(lines, at):
        return None
    lines[at] = f"text: {_styled(lines[at].split(':', 1)[1].strip(), new.text)}"
    out = "\n".join(lines)
    try:
        ok = yamlio.parse(out, path) == _expected(data, {"text": new.text})
    except PoaError:
        ok = False
    return out if ok else None


# ------------------------------------------------------------- the updates commands ask for


def updated_clause(path: Path, data: Any, old: Clause, new: Clause) -> str:
    """Return the text of clause file *path* changed from *old* to *new*.

    A one-line text change is made on the text itself (*data*, the file's parsed
    content, spares a parse when the caller has it); anything else goes through
    the round-trip writer. Either way people's comments and layout stay.
    """
    text = _edit_clause_text(path, data, old, new)
    if text is None:
        tree = yamlio.load_roundtrip(path)
        update_clause_tree(tree, old, new)
        text = yamlio.dump(tree)
    return text


def recorded_decision(
    path: Path, data: Any, decision: Decision | None, applied_in: str | None, on: date
) -> str:
    """Return the text of amendment file *path* recording *decision* (dated *on*) and
    ``applied_in`` (either may be None), by a text edit when that is exact, else
    round-trip."""
    text = _edit_amendment_text(path, data, decision, applied_in, on)
    if text is None:
        text = yamlio.dump(_amendment_tree(path, decision, applied_in, on))
    return text


def over_objection_recorded(data: Any) -> bool:
    """True when an amendment file's *data* already records an acceptance over objection."""
    decision = data.get("decision") if isinstance(data, dict) else None
    return isinstance(decision, dict) and decision.get("over_objection") is True


def amendment_with(path: Path, key: str, value: str) -> str:
    """Return the text of the amendment file at *path* with *key* set to *value*, round-trip.

    Raises PoaError when the file is not a mapping.
    """
    tree = yamlio.load_roundtrip(path)
    if not isinstance(tree, dict):
        raise PoaError("not an amendment file", path=path)
    tree[key] = value
    return yamlio.dump(tree)


def updated_clause_file(path: Path, old: Clause, new: Clause) -> str:
    """Return the text of clause file *path* changed from *old* to *new*, round-trip."""
    tree = yamlio.load_roundtrip(path)
    update_clause_tree(tree, old, new)
    return yamlio.dump(tree)


def updated_order(path: Path, new: DocumentMeta) -> str:
    """Return the text of document.yaml at *path* with its sections as in *new*.

    A section already in the file keeps its node (and comments); only a clause
    list that changed is rewritten in place. A new section is inserted at its
    place. Sections are never removed here.
    """
    tree = yamlio.load_roundtrip(path)
    nodes = tree["sections"]
    for index, section in enumerate(new.sections):
        node = next((n for n in nodes if n.get("id") == section.id), None)
        if node is None:
            nodes.insert(index, section_to_data(section))
            continue
        if list(node.get("clauses") or []) != list(section.clauses):
            _set_seq(node["clauses"], section.clauses)
    return yamlio.dump(tree)


def updated_document(path: Path, sections: Mapping[str, list[str]], on: date) -> str | None:
    """Return the text of document.yaml at *path* with each section's clause list set
    from *sections* and the date set to *on*, or None when nothing changed."""
    tree = yamlio.load_roundtrip(path)
    changed = False
    for node in tree["sections"]:
        wanted = sections.get(str(node.get("id")))
        if wanted is not None and list(node.get("clauses") or []) != wanted:
            _set_seq(node["clauses"], wanted)
            changed = True
    if str(tree.get("date")) != on.isoformat():
        _put_after(tree, "date", on, ("distribution", "body", "symbol"))
        changed = True
    return yamlio.dump(tree) if changed else None


def updated_positions(path: Path, old: Amendment, new: Amendment) -> str:
    """Return the text of amendment file *path* with the positions (status, proposers,
    supporters, opponents) changed from *old* to *new*, round-trip.

    A list keeps its place and comments: names leave it and join it at its end; a
    list that becomes empty goes; a new list is placed after the keys it follows
    in the documented order.
    """
    tree = yamlio.load_roundtrip(path)
    if new.status != old.status:
        tree["status"] = new.status
    for key, after in (
        ("proposed_by", ()),
        ("supported_by", ("proposed_by", "on_behalf_of")),
        ("opposed_by", ("proposed_by", "on_behalf_of", "supported_by")),
    ):
        before, wanted = getattr(old, key), getattr(new, key)
        if before == wanted:
            continue
        if not wanted:
            tree.pop(key, None)
            continue
        if key not in tree or tree[key] is None:
            _put_after(tree, key, [], after)
        seq = tree[key]
        for name in [n for n in seq if n not in wanted]:
            seq.remove(name)
        seq.extend(n for n in wanted if n not in seq)
    return yamlio.dump(tree)
