"""Every schema and cross-file check of a document, collected before reporting.

The per-file work (parse, schema) is cached by file stat in the git directory,
so re-validating an unchanged negotiation of thousands of files only re-runs the
cross-file rules. A diagnostic always names file, line and column, a rule code
and a message; the reporters in :mod:`poa_cli.report` print them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from poa_cli import __version__, yamlio
from poa_cli.errors import PoaError
from poa_cli.model import (
    AMENDMENT_ID_RE,
    FOOTNOTE_MARKER_RE,
    RESERVED_NAMES,
)
from poa_cli.resources import schema_path
from poa_cli.store import AMENDMENTS, CLAUSES, DOCUMENT_FILE

ERROR = "error"
WARNING = "warning"

#: Every rule poa checks, with the sentence docs/format.md and --help show.
RULES: dict[str, str] = {
    "yaml": "the file is YAML poa accepts (syntax, size, depth; no aliases, tags, duplicate keys)",
    "schema": "the file follows its JSON Schema",
    "id-mismatch": "a file's name is its id",
    "duplicate-id": "clause, sub-paragraph and section ids are unique in the document",
    "amendment-id-collision": "no two amendments share an id (ignoring case)",
    "amendment-id-prefix": "an amendment id starts with the code of a proposer or their group",
    "order-missing": "every clause file is listed in exactly one section",
    "order-unknown": "every clause listed in a section has a file",
    "order-duplicate": "no clause is listed twice",
    "footnote-undefined": "every [^marker] in a text has a footnote",
    "footnote-unused": "every footnote is cited in the text",
    "target-unknown": "an amendment's target is a clause, sub-paragraph or amendment",
    "destination-unknown": "a moved clause goes after a clause that exists",
    "proposer-unknown": "proposers, groups, supporters and objectors are known",
    "support-and-oppose": "no State both supports (or proposes) and opposes one amendment",
    "status-inconsistent": "applied_in is set only on an accepted amendment",
    "stale": "a pending amendment's anchor can still be found in its target",
    "conflict": "pending amendments on the same words (shown as alternatives)",
    "unexpected-file": "the document folder holds only poa files",
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, which rule, what to say."""

    path: str
    line: int | None
    column: int | None
    rule: str
    message: str
    severity: str = ERROR

    def location(self) -> str:
        """Return ``path:line:col`` with as much as is known."""
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc


@dataclass
class Result:
    """The diagnostics of one validation run and what was checked."""

    documents: list[str] = field(default_factory=list)
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        """Return the diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Return the diagnostics of severity warning."""
        return [d for d in self.diagnostics if d.severity == WARNING]

    def ok(self, strict: bool = False) -> bool:
        """Return True when there are no errors (and, if *strict*, no warnings)."""
        return not self.errors and not (strict and self.warnings)


# --------------------------------------------------------------------------- schemas


@cache
def _validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dotted(path: Iterable[Any]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _schema_message(error: Any) -> tuple[list[Any], str]:
    """Return (path to point at, readable message) for a jsonschema error."""
    path = list(error.absolute_path)
    where = _dotted(path)
    v = error.validator
    inst = error.instance
    if v == "additionalProperties":
        extra = sorted(set(inst) - set(error.schema.get("properties", {})))
        if extra:
            return [*path, extra[0]], f"unknown key '{extra[0]}'" + (
                f" in {where}" if where else ""
            )
    if v == "required":
        return path, error.message.replace(" is a required property", "") + " is required" + (
            f" in {where}" if where else ""
        )
    if v == "pattern":
        if error.schema.get("pattern", "").startswith("^[a-z0-9]"):
            hint = "lower-case letters, digits and hyphens"
        elif error.schema.get("pattern", "").startswith("^[A-Z]"):
            hint = "a code in capitals such as DNK or EU (amendments: DNK-3)"
        elif error.schema.get("pattern") == "\\S":
            return path, f"{where} is blank"
        else:
            hint = f"expected {error.schema.get('pattern')}"
        return path, f"{where} {_short(inst)} is not valid: {hint}"
    if v == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return path, f"{where} {_short(inst)} is not one of: {options}"
    if v == "const":
        return path, f"{where} must be {error.validator_value!r}, not {_short(inst)}"
    if v == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return path, f"{where or 'the file'} must be {_article(expected)}, not {_kind(inst)}"
    if v == "minLength" and error.validator_value == 1:
        return path, f"{where} is empty"
    if v in ("maxLength", "minItems", "maxItems", "uniqueItems", "minimum"):
        return path, f"{where}: {error.message.replace(repr(inst), _short(inst))}"
    return path, f"{where}: {error.message}" if where else error.message


def _article(name: str) -> str:
    return f"an {name}" if name[:1] in "aeiou" else f"a {name}"


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------- per file


@dataclass
class _FileCheck:
    """What the cacheable stage learned of one file."""

    data: Any = None
    problems: list[tuple[int | None, int | None, str, str]] = field(default_factory=list)


def _check_file(path: Path, kind: str) -> _FileCheck:
    out = _FileCheck()
    try:
        out.data = yamlio.load(path)
    except PoaError as exc:
        out.problems.append((exc.line, exc.column, "yaml", exc.message))
        return out
    errors = sorted(_validator(kind).iter_errors(out.data), key=lambda e: list(e.absolute_path))
    if not errors:
        return out
    tree = _rt_tree(path)
    for err in errors[:20]:
        at, message = _schema_message(err)
        pos = yamlio.line_of(tree, at) if tree is not None else None
        out.problems.append((pos[0] if pos else 1, pos[1] if pos else None, "schema", message))
    return out


def _rt_tree(path: Path) -> Any:
    try:
        return yamlio.roundtrip_text(path)[1]
    except PoaError:
        return None


class _Cache:
    """Per-file results keyed by (size, mtime, inode), stored in the git directory."""

    def __init__(self, root: Path, enabled: bool) -> None:
        from poa_cli.vcs import git_dir_of

        self.file: Path | None = None
        self.entries: dict[str, Any] = {}
        self.dirty = False
        gitdir = git_dir_of(root.resolve()) if enabled else None
        if gitdir is None:
            return
        key = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]
        self.file = gitdir / "poa-cache" / f"validate-{key}.json"
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            if raw.get("stamp") == _stamp():
                self.entries = raw["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.entries = {}

    def check(self, path: Path, kind: str) -> _FileCheck:
        try:
            st = path.stat()
        except OSError:
            return _check_file(path, kind)
        sig = [st.st_size, st.st_mtime_ns, st.st_ino, kind]
        name = str(path)
        hit = self.entries.get(name)
        if hit is not None and hit[0] == sig:
            return _FileCheck(data=hit[1], problems=[tuple(p) for p in hit[2]])
        result = _check_file(path, kind)
        self.entries[name] = [sig, result.data, result.problems]
        self.dirty = True
        return result

    def save(self, seen: set[str]) -> None:
        if self.file is None:
            return
        stale = set(self.entries) - seen
        if not self.dirty and not stale:
            return
        for name in stale:
            del self.entries[name]
        try:
            self.file.parent.mkdir(exist_ok=True)
            text = json.dumps({"stamp": _stamp(), "files": self.entries}, ensure_ascii=False)
            yamlio.atomic_write(self.file, text)
        except OSError:
            pass  # a cache that cannot be written is only slower


@cache
def _stamp() -> str:
    """Change whenever poa or its schemas change, so old cache entries are dropped."""
    parts = [__version__]
    for kind in ("document", "clause", "amendment"):
        st = schema_path(kind).stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    parts.append(str(Path(__file__).stat().st_mtime_ns))
    return "|".join(parts)


# --------------------------------------------------------------------------- document


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self._trees: dict[Path, Any] = {}

    def add(
        self,
        path: Path,
        rule: str,
        message: str,
        *,
        at: list[Any] | None = None,
        line: int | None = None,
        column: int | None = None,
        severity: str = ERROR,
    ) -> None:
        if at is not None and line is None:
            pos = self._locate(path, at)
            if pos is not None:
                line, column = pos
        self.diagnostics.append(Diagnostic(_display(path), line, column, rule, message, severity))

    def _locate(self, path: Path, at: list[Any]) -> tuple[int, int] | None:
        if path not in self._trees:
            self._trees[path] = _rt_tree(path)
        tree = self._trees[path]
        return yamlio.line_of(tree, at) if tree is not None else None


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def validate_document(root: Path, *, use_cache: bool = True) -> tuple[int, list[Diagnostic]]:
    """Check the document folder *root*; return (files checked, diagnostics)."""
    c = _Collector(root)
    cache_ = _Cache(root, use_cache)
    seen: set[str] = set()

    def check(path: Path, kind: str) -> Any:
        seen.add(str(path))
        result = cache_.check(path, kind)
        for line, col, rule, message in result.problems:
            c.add(path, rule, message, line=line, column=col)
        return result.data if isinstance(result.data, dict) else None

    doc_path = root / DOCUMENT_FILE
    doc = check(doc_path, "document")
    files = 1
    clauses: dict[str, tuple[Path, dict[str, Any]]] = {}
    amendments: dict[str, tuple[Path, dict[str, Any]]] = {}
    # Files that exist but could not be read: report them once, without cascading errors.
    broken: set[str] = set()
    broken_amendments: set[str] = set()
    for folder, kind, bucket in (
        (CLAUSES, "clause", clauses),
        (AMENDMENTS, "amendment", amendments),
    ):
        for path in _folder_files(root / folder, c):
            files += 1
            data = check(path, kind)
            if data is not None:
                bucket[path.stem] = (path, data)
            elif kind == "clause":
                broken.add(path.stem)
            else:
                broken_amendments.add(path.stem)
    _unexpected(root, c)
    cache_.save(seen)
    if doc is not None and doc.get("id") not in (None, root.name):
        c.add(
            doc_path,
            "id-mismatch",
            f"id '{doc.get('id')}' must be the folder name '{root.name}'",
            at=["id"],
        )
    item_owner = _clause_rules(clauses, c)
    _order_rules(doc, doc_path, clauses, broken, c)
    stakeholders = _stakeholders(doc)
    _amendment_rules(amendments, clauses, item_owner, stakeholders, broken, broken_amendments, c)
    return files, c.diagnostics


def _folder_files(folder: Path, c: _Collector) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        if p.suffix == ".yaml" and p.is_file():
            yield p
        else:
            c.add(
                p,
                "unexpected-file",
                f"'{p.name}' is not a .yaml file; poa ignores it",
                severity=WARNING,
            )


def _unexpected(root: Path, c: _Collector) -> None:
    for p in sorted(root.iterdir()):
        # schemas/ is the editors' copy 'poa init' makes when the document is the repo's top.
        if p.name.startswith(".") or p.name in (DOCUMENT_FILE, CLAUSES, AMENDMENTS, "schemas"):
            continue
        if p.name.lower() in ("readme.md", "readme", "readme.txt"):
            continue
        c.add(
            p,
            "unexpected-file",
            f"'{p.name}' is not part of a poa document; poa ignores it",
            severity=WARNING,
        )


def _walk_items(items: Any, path: list[Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    if not isinstance(items, list):
        return
    for i, it in enumerate(items):
        if isinstance(it, dict):
            yield [*path, i], it
            yield from _walk_items(it.get("items"), [*path, i, "items"])


def _clause_rules(clauses: dict[str, tuple[Path, dict[str, Any]]], c: _Collector) -> dict[str, str]:
    """Check ids, item ids and footnotes; return item id → owning clause id."""
    owner: dict[str, str] = {}
    for stem, (path, data) in clauses.items():
        if data.get("id") != stem:
            c.add(
                path,
                "id-mismatch",
                f"id '{data.get('id')}' must be the file name '{stem}'",
                at=["id"],
            )
        if stem.lower() in RESERVED_NAMES:
            c.add(path, "id-mismatch", f"'{stem}' is a reserved file name on Windows", at=["id"])
        texts: list[tuple[list[Any], str]] = []
        if isinstance(data.get("text"), str):
            texts.append((["text"], data["text"]))
        for at, item in _walk_items(data.get("items"), ["items"]):
            iid = item.get("id")
            if isinstance(iid, str):
                if iid in clauses or iid in owner:
                    where = owner.get(iid, iid)
                    c.add(
                        path,
                        "duplicate-id",
                        f"sub-paragraph id '{iid}' is already used by clause '{where}'",
                        at=[*at, "id"],
                    )
                else:
                    owner[iid] = stem
            if isinstance(item.get("text"), str):
                texts.append(([*at, "text"], item["text"]))
        raw_notes = data.get("footnotes")
        notes: dict[str, Any] = raw_notes if isinstance(raw_notes, dict) else {}
        cited: set[str] = set()
        for at, text in texts:
            for m in FOOTNOTE_MARKER_RE.finditer(text):
                cited.add(m.group(1))
                if m.group(1) not in notes:
                    c.add(
                        path,
                        "footnote-undefined",
                        f"footnote [^{m.group(1)}] is cited but not defined under 'footnotes'",
                        at=at,
                    )
        for marker in notes:
            if marker not in cited:
                c.add(
                    path,
                    "footnote-unused",
                    f"footnote '{marker}' is never cited in the text",
                    at=["footnotes", marker],
                    severity=WARNING,
                )
    return owner


def _order_rules(
    doc: dict[str, Any] | None,
    doc_path: Path,
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    broken: set[str],
    c: _Collector,
) -> None:
    if doc is None or not isinstance(doc.get("sections"), list):
        return
    listed: dict[str, list[Any]] = {}
    section_ids: Counter[str] = Counter()
    for si, section in enumerate(doc["sections"]):
        if not isinstance(section, dict):
            continue
        if isinstance(section.get("id"), str):
            section_ids[section["id"]] += 1
            if section_ids[section["id"]] == 2:
                c.add(
                    doc_path,
                    "duplicate-id",
                    f"section id '{section['id']}' is used twice",
                    at=["sections", si, "id"],
                )
            if section["id"] in clauses:
                c.add(
                    doc_path,
                    "duplicate-id",
                    f"section id '{section['id']}' is also a clause id",
                    at=["sections", si, "id"],
                )
        for ci, cid in enumerate(section.get("clauses") or []):
            if not isinstance(cid, str):
                continue
            at = ["sections", si, "clauses", ci]
            if cid in listed:
                c.add(doc_path, "order-duplicate", f"clause '{cid}' is listed twice", at=at)
                continue
            listed[cid] = at
            if cid not in clauses and cid not in broken:
                c.add(
                    doc_path,
                    "order-unknown",
                    f"clause '{cid}' is listed but clauses/{cid}.yaml does not exist",
                    at=at,
                )
    for stem, (path, _data) in clauses.items():
        if stem not in listed:
            c.add(
                path,
                "order-missing",
                f"clause '{stem}' is not listed in any section of {DOCUMENT_FILE}",
                line=1,
                column=1,
            )


def _stakeholders(doc: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    out = []
    for s in (doc or {}).get("stakeholders") or []:
        if isinstance(s, dict) and all(isinstance(s.get(k), str) for k in ("id", "name", "kind")):
            out.append((s["id"], s["name"], s["kind"]))
    return out


def _amendment_rules(
    amendments: dict[str, tuple[Path, dict[str, Any]]],
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    item_owner: dict[str, str],
    stakeholders: list[tuple[str, str, str]],
    broken: set[str],
    broken_amendments: set[str],
    c: _Collector,
) -> None:
    from poa_cli.proposers import Registry

    registry = Registry.load(stakeholders)
    folded: dict[str, str] = {}
    for stem, (path, data) in amendments.items():
        aid = data.get("id")
        if aid != stem:
            c.add(path, "id-mismatch", f"id '{aid}' must be the file name '{stem}'", at=["id"])
        key = stem.upper()
        if key in folded:
            c.add(
                path,
                "amendment-id-collision",
                f"amendment id '{stem}' collides with '{folded[key]}' (ids ignore case)",
                at=["id"],
            )
        folded[key] = stem
        target = data.get("target")
        if isinstance(target, str):
            if AMENDMENT_ID_RE.match(target):
                if target == stem:
                    c.add(path, "target-unknown", "an amendment cannot amend itself", at=["target"])
                elif target not in amendments and target not in broken_amendments:
                    c.add(
                        path,
                        "target-unknown",
                        f"target amendment '{target}' does not exist",
                        at=["target"],
                    )
            elif target not in clauses and target not in item_owner and not broken:
                # (with an unreadable clause file the item may be in it: say nothing more)
                c.add(
                    path,
                    "target-unknown",
                    f"target '{target}' is neither a clause nor a sub-paragraph",
                    at=["target"],
                )
        dest = data.get("destination")
        if isinstance(dest, str) and dest not in clauses and dest not in broken:
            c.add(
                path,
                "destination-unknown",
                f"destination clause '{dest}' does not exist",
                at=["destination"],
            )
        new = data.get("clause")
        if isinstance(new, dict) and isinstance(new.get("id"), str):
            nid = new["id"]
            if nid in clauses or nid in item_owner:
                c.add(
                    path,
                    "duplicate-id",
                    f"the new clause's id '{nid}' is already in use",
                    at=["clause", "id"],
                )
        _proposer_rules(path, data, registry, c)
        if data.get("applied_in") and data.get("status") != "accepted":
            c.add(
                path,
                "status-inconsistent",
                f"applied_in is set but the status is '{data.get('status')}'",
                at=["applied_in"],
            )


def _proposer_rules(path: Path, data: dict[str, Any], registry: Any, c: _Collector) -> None:
    roles: dict[str, set[str]] = {"for": set(), "against": set()}
    for key in ("proposed_by", "supported_by", "opposed_by", "on_behalf_of"):
        value = data.get(key)
        codes = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for i, code in enumerate(codes):
            if not isinstance(code, str):
                continue
            at = [key] if isinstance(value, str) else [key, i]
            if registry.get(code) is None:
                try:
                    found = registry.resolve(code)
                    hint = f" (write its code: {found.code})"
                except PoaError as exc:
                    hint = f" ({exc.hint})" if exc.hint else ""
                c.add(path, "proposer-unknown", f"unknown proposer '{code}' in {key}{hint}", at=at)
            if key == "opposed_by":
                roles["against"].add(code)
            elif key != "on_behalf_of":
                roles["for"].add(code)
    for code in sorted(roles["for"] & roles["against"]):
        c.add(
            path,
            "support-and-oppose",
            f"'{code}' both proposes or supports and opposes this amendment",
            at=["opposed_by"],
        )
    aid = data.get("id")
    if isinstance(aid, str) and AMENDMENT_ID_RE.match(aid):
        prefix = aid.rsplit("-", 1)[0]
        allowed = set(data.get("proposed_by") or []) | {data.get("on_behalf_of")}
        if prefix not in allowed:
            c.add(
                path,
                "amendment-id-prefix",
                f"id '{aid}' should start with the code of a proposer "
                f"({', '.join(sorted(str(a) for a in allowed if a))})",
                at=["id"],
                severity=WARNING,
            )


# --------------------------------------------------------------------------- entry


def discover(cwd: Path) -> list[Path]:
    """Return the documents a bare ``poa validate`` checks from *cwd*.

    The document containing *cwd* if there is one, else every document below
    *cwd* (skipping dot-folders, virtualenvs and build output).
    """
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / DOCUMENT_FILE).is_file():
            return [folder]
    found: list[Path] = []
    skip = {"node_modules", "build", "dist", "__pycache__", "site-packages", "venv"}
    for dirpath, dirnames, filenames in os.walk(here):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in skip)
        if DOCUMENT_FILE in filenames:
            found.append(Path(dirpath))
            dirnames[:] = []
    return found


def validate(roots: Iterable[Path], *, use_cache: bool = True) -> Result:
    """Validate each document folder in *roots*; return every diagnostic found."""
    result = Result()
    for root in roots:
        result.documents.append(_display(root))
        files, diags = validate_document(root, use_cache=use_cache)
        result.files += files
        result.diagnostics.extend(diags)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.column or 0, d.rule))
    return result


def to_json(result: Result) -> dict[str, Any]:
    """Return the JSON report of *result* (documented in docs/commands.md)."""
    return {
        "ok": result.ok(),
        "documents": result.documents,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "diagnostics": [asdict(d) for d in result.diagnostics],
    }
