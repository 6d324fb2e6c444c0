"""Parsed and schema-checked files, cached by file stat in the git directory.

Parsing and the JSON Schema check are per file, so their results are cached
(``.git/poa-cache/``) keyed by each file's size, mtime and inode. ``poa
validate`` and the read-only listings share the cache: re-reading an unchanged
negotiation of thousands of files costs one JSON load.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from poa_cli import __version__
from poa_cli.errors import PoaError
from poa_cli.resources import schema_path
from poa_cli.storage import yamlio
from poa_cli.storage.store import document_key

Problem = tuple[int | None, int | None, str, str]  # line, column, rule, message


# --------------------------------------------------------------------------- schemas

#: Every kind of file poa reads, each with its schema (schemas/<kind>.schema.json).
KINDS: tuple[str, ...] = ("document", "clause", "amendment", "translation")


@cache
def validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(_schema_text(kind))
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
class FileCheck:
    """What the cacheable stage learned of one file.

    ``keys`` maps each top-level key to its line, so a diagnostic about a
    top-level key (most cross-file rules) needs no second parse of the file.
    """

    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)


_TOP_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:", re.MULTILINE)


def _top_level_keys(text: str) -> dict[str, int]:
    keys: dict[str, int] = {}
    line = 1
    last = 0
    for m in _TOP_KEY_RE.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        keys.setdefault(m.group(1), line)
    return keys


@cache
def fast_validator(kind: str) -> Any:
    """Return a function telling whether data is valid against the *kind* schema.

    fastjsonschema's compiled code decides, about 8x faster than jsonschema; it
    only says valid or not, and :func:`validator` (jsonschema, the reference
    implementation of Draft 2020-12) explains what is wrong. A test keeps the
    two in agreement. The schema is compiled as :func:`for_compiling` rewrites
    it, and the conditions it takes out are checked here, in Python.
    """
    import fastjsonschema

    compiled = _compiled(kind)
    _schema, key, conditions = for_compiling(json.loads(_schema_text(kind)))
    every = tuple(dict.fromkeys(r for reqs in conditions.values() for r in reqs))

    def valid(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        if key is None or not isinstance(data, dict):
            return True
        if key not in data:  # "if" on a missing property holds: every "then" applies
            return all(r in data for r in every)
        try:
            required = conditions.get(data[key], ())
        except TypeError:  # a list or a mapping equals no const
            required = ()
        return all(r in data for r in required)

    return valid


@cache
def _schema_text(kind: str) -> str:
    """The text of the *kind* schema, read once per process."""
    return schema_path(kind).read_text(encoding="utf-8")


@cache
def _compiled(kind: str) -> Any:
    """The compiled check: shipped pre-generated in ``poa_cli/validators/``
    (compiling costs ~25 ms a command), or compiled afresh when a schema no longer
    matches its generated module."""
    text = _schema_text(kind)
    try:
        module = importlib.import_module(f"poa_cli.validators.{kind}")
        if getattr(module, "SCHEMA_SHA256", None) == hashlib.sha256(text.encode()).hexdigest():
            return getattr(module, _entry_point(kind))
    except ImportError:
        pass
    import fastjsonschema

    return fastjsonschema.compile(for_compiling(json.loads(text))[0])


def for_compiling(
    schema: dict[str, Any],
) -> tuple[dict[str, Any], str | None, dict[Any, tuple[str, ...]]]:
    """Return *schema* as fastjsonschema compiles it, with what it takes out.

    The same constraints, arranged for speed: non-recursive references written
    out (:func:`inline_refs`), and ``allOf`` entries of the form "if property K
    is the constant V then R are required" taken out, to be checked in Python
    (fastjsonschema tests each ``if`` by raising and catching an exception: eight
    of them a file were a third of an amendment's check). Returns the schema,
    K (None when there are no such entries) and V -> R.
    """
    out = inline_refs(schema)
    key: str | None = None
    conditions: dict[Any, tuple[str, ...]] = {}
    kept = []
    for entry in out.get("allOf", []):
        shape = _const_requires(entry)
        if shape is None or (key is not None and shape[0] != key):
            kept.append(entry)
            continue
        key, value, required = shape
        conditions[value] = conditions.get(value, ()) + required
    if key is not None:
        if kept:
            out["allOf"] = kept
        else:
            del out["allOf"]
    return out, key, conditions


def _const_requires(entry: Any) -> tuple[str, Any, tuple[str, ...]] | None:
    """(K, V, R) when *entry* is exactly: if {properties: {K: {const: V}}} then {required: R}."""
    if not isinstance(entry, dict) or set(entry) != {"if", "then"}:
        return None
    cond, then = entry["if"], entry["then"]
    if not (isinstance(cond, dict) and set(cond) == {"properties"}):
        return None
    props = cond["properties"]
    if not (isinstance(props, dict) and len(props) == 1):
        return None
    ((key, test),) = props.items()
    if not (isinstance(test, dict) and set(test) == {"const"} and isinstance(test["const"], str)):
        return None
    if not (isinstance(then, dict) and set(then) == {"required"}):
        return None
    required = then["required"]
    if not (isinstance(required, list) and all(isinstance(r, str) for r in required)):
        return None
    return key, test["const"], tuple(required)


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Return *schema* with each non-recursive ``#/$defs/`` reference written out in place.

    The same schema, for fastjsonschema only: it compiles a reference into a
    function call whose argument (the value's name, e.g. ``proposed_by[2]``) is
    formatted from ``locals()`` for every array item, even when the value is
    valid. Written out in place, a valid amendment checks twice as fast.
    A reference with sibling keywords other than ``description`` stays as it is.
    """
    defs: dict[str, Any] = schema.get("$defs", {})

    def refs_in(node: Any) -> set[str]:
        if isinstance(node, dict):
            found = (
                {node["$ref"][len("#/$defs/") :]}
                if str(node.get("$ref", "")).startswith("#/$defs/")
                else set()
            )
            return found.union(*(refs_in(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(refs_in(v) for v in node))
        return set()

    def reaches(name: str, goal: str, seen: set[str]) -> bool:
        for ref in refs_in(defs.get(name)):
            if ref == goal or (ref not in seen and reaches(ref, goal, seen | {ref})):
                return True
        return False

    recursive = {name for name in defs if reaches(name, name, {name})}

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(v) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref[len("#/$defs/") :]
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if name in defs and name not in recursive and set(siblings) <= {"description"}:
                return {**walk(defs[name]), **siblings}
        return {k: (v if k == "$defs" else walk(v)) for k, v in node.items()}

    out: dict[str, Any] = walk(schema)
    out["$defs"] = {name: walk(d) for name, d in defs.items()}
    return out


def _entry_point(kind: str) -> str:
    return f"validate_https___poa_invalid_schemas_{kind}_schema_json"


def generated_validator(kind: str) -> str:
    """Return the source of ``poa_cli/validators/<kind>.py`` for the current schema."""
    import fastjsonschema

    text = _schema_text(kind)
    code = fastjsonschema.compile_to_code(for_compiling(json.loads(text))[0])
    header = (
        f'"""Generated from schemas/{kind}.schema.json by fastjsonschema: do not edit.\n\n'
        "Regenerate with: python -m poa_cli.storage.cache\n"
        '"""\n\n'
        f'SCHEMA_SHA256 = "{hashlib.sha256(text.encode()).hexdigest()}"\n'
    )
    return header + code


def write_validators() -> list[Path]:
    """Regenerate ``poa_cli/validators/*.py`` from the schemas; return the files written."""
    folder = Path(__file__).parent.parent / "validators"
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.py"
        path.write_text(generated_validator(kind), encoding="utf-8")
        written.append(path)
    return written


def _valid_fast(kind: str, data: Any) -> bool:
    return bool(fast_validator(kind)(data))


def check_file(path: Path, kind: str) -> FileCheck:
    """Parse *path* and check it against the *kind* schema; collect what is wrong."""
    out = FileCheck()
    try:
        text = yamlio.read_text(path)
        out.data, keys = yamlio.parse_with_keys(text, path)
    except PoaError as exc:
        out.problems.append((exc.line, exc.column, "yaml", exc.message))
        return out
    out.keys = keys if keys is not None else _top_level_keys(text)
    if _valid_fast(kind, out.data):
        return out
    errors = sorted(validator(kind).iter_errors(out.data), key=lambda e: list(e.absolute_path))
    if not errors:
        return out
    tree = rt_tree(path)
    for err in errors[:20]:
        at, message = _schema_message(err)
        pos = yamlio.line_of(tree, at) if tree is not None else None
        out.problems.append((pos[0] if pos else 1, pos[1] if pos else None, "schema", message))
    return out


def rt_tree(path: Path) -> Any:
    try:
        return yamlio.roundtrip_text(path)[1]
    except PoaError:
        return None


PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves


def _check_batch(batch: list[tuple[Path, str]]) -> list[FileCheck]:
    return [check_file(path, kind) for path, kind in batch]


class ParseCache:
    """Per-file results keyed by (size, mtime, inode), stored in the git directory.

    Disabled (``poa validate --no-cache``, or outside a git repository), it
    keeps nothing but hands on what :meth:`prefetch` computed, once each.
    """

    def __init__(self, root: Path, enabled: bool) -> None:
        from poa_cli.storage.vcs import git_dir_of

        self.file: Path | None = None
        self.entries: dict[str, Any] = {}
        self.fetched: dict[str, FileCheck] = {}  # computed by prefetch, not yet asked for
        self.seen: set[str] = set()  # keys of the files this run read
        self.sigs: dict[str, list[Any]] = {}  # stat signatures prefetch took, for check
        self.cwd = os.getcwd()
        self.dirty = False
        gitdir = git_dir_of(root.resolve()) if enabled else None
        if gitdir is None:
            return
        key = document_key(root)
        self.file = gitdir / "poa-cache" / f"parsed-{key}.json"
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            if raw.get("stamp") == stamp():
                self.entries = raw["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.entries = {}

    def key(self, path: Path) -> str:
        """The cache's name for *path*: absolute, so that commands run from other
        folders (or given the document another way) share one entry per file."""
        name = str(path)
        return name if os.path.isabs(name) else os.path.join(self.cwd, name)

    def check(self, path: Path, kind: str) -> FileCheck:
        """Return the check of *path*: from the cache when the file is unchanged."""
        if self.file is None:
            fetched = self.fetched.pop(self.key(path), None)
            return fetched if fetched is not None else check_file(path, kind)
        key = self.key(path)
        sig = self.sigs.pop(key, None)
        if sig is None or sig[-1] != kind:
            sig = self.signature(path, kind)
        if sig is None:
            return check_file(path, kind)
        self.seen.add(key)
        hit = self.entries.get(key)
        if hit is not None and hit[0] == sig:
            return FileCheck(data=hit[1], problems=[tuple(p) for p in hit[2]], keys=hit[3])
        result = check_file(path, kind)
        self.store(path, sig, result)
        return result

    def signature(self, path: Path, kind: str) -> list[Any] | None:
        """Return the cache key of *path*, or None when it cannot be read."""
        try:
            st = path.stat()
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ino, kind]

    def store(self, path: Path, sig: list[Any] | None, result: FileCheck) -> None:
        """Remember *result* for *path* (computed elsewhere, e.g. in a worker process)."""
        if sig is None or self.file is None:
            return
        self.entries[self.key(path)] = [sig, result.data, result.problems, result.keys]
        self.dirty = True

    def prefetch(self, items: list[tuple[Path, str]]) -> None:
        """Check every stale file of *items*, in parallel processes when there are many.

        Parsing is CPU-bound and per file; on a cold cache of thousands of files
        spreading it over the cores is the only way to go faster. Each file is
        stat'ed once here; :meth:`check` then hands the result on.
        """
        todo: list[tuple[Path, str, list[Any] | None]] = []
        for path, kind in items:
            sig = self.signature(path, kind) if self.file is not None else None
            key = self.key(path)
            hit = self.entries.get(key) if sig is not None else None
            if sig is not None:
                self.sigs[key] = sig
            if hit is None or hit[0] != sig:
                todo.append((path, kind, sig))
        workers = min(os.cpu_count() or 1, 8)
        if len(todo) < PARALLEL_FROM or workers < 2:
            results: Iterable[FileCheck] = (check_file(path, kind) for path, kind, _ in todo)
        else:
            results = self._in_parallel([(p, k) for p, k, _ in todo], workers)
        for (path, _kind, sig), result in zip(todo, results, strict=True):
            if self.file is None:
                self.fetched[self.key(path)] = result
            else:
                self.store(path, sig, result)

    @staticmethod
    def _in_parallel(todo: list[tuple[Path, str]], workers: int) -> list[FileCheck]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(64, len(todo) // (workers * 4))
        batches = [todo[i : i + chunk] for i in range(0, len(todo), chunk)]
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            return [result for results in pool.map(_check_batch, batches) for result in results]

    def save(self) -> None:
        """Write the cache back when it changed; drop entries of files that are gone."""
        if self.file is None:
            return
        # Entries this run did not read are kept unless their file is gone.
        stale = {name for name in set(self.entries) - self.seen if not os.path.exists(name)}
        if not self.dirty and not stale:
            return
        for name in stale:
            del self.entries[name]
        try:
            self.file.parent.mkdir(exist_ok=True)
            text = json.dumps({"stamp": stamp(), "files": self.entries}, ensure_ascii=False)
            yamlio.atomic_write(self.file, text)
        except OSError:
            pass  # a cache that cannot be written is only slower


@cache
def stamp() -> str:
    """Change whenever poa or its schemas change, so old cache entries are dropped."""
    parts = [__version__]
    for kind in KINDS:
        st = schema_path(kind).stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    for module in (__file__, yamlio.__file__):
        parts.append(str(Path(module).stat().st_mtime_ns))
    return "|".join(parts)


def read_folder(cache: ParseCache, folder: Path, kind: str) -> dict[str, tuple[Path, FileCheck]]:
    """Return stem → (path, check) for every ``*.yaml`` file of *folder*, through *cache*."""
    paths = list(yamlio.iter_yaml_files(folder))
    cache.prefetch([(p, kind) for p in paths])
    return {path.stem: (path, cache.check(path, kind)) for path in paths}


def read_document_files(root: Path) -> dict[str, dict[str, tuple[Path, FileCheck]]]:
    """Return kind ("clause", "amendment") → stem → (path, check) for the document
    at *root*, through its parse cache, which is saved. Raises nothing for a bad
    file: its check holds the problems, and each caller decides what they mean."""
    from poa_cli.storage.store import AMENDMENTS, CLAUSES

    cache = ParseCache(root, enabled=True)
    files = {
        kind: read_folder(cache, root / folder, kind)
        for folder, kind in ((CLAUSES, "clause"), (AMENDMENTS, "amendment"))
    }
    cache.save()
    return files


def folder_signature(
    root: Path,
    *depends_on: Path,
    parts: tuple[str, ...] = ("", "clauses", "amendments", "translations"),
) -> str | None:
    """Return a hash of every file's name and stat in the document folder *root*.

    Also hashed: poa's cache stamp, the working directory (diagnostics name paths
    relative to it) and the modification times of *depends_on* (the code whose
    answer is being cached). *parts* are the folders looked at ("" is *root*
    itself; "translations" includes its language folders). None when the folder
    cannot be read.
    """
    extra = "|".join(str(p.stat().st_mtime_ns) for p in depends_on)
    h = hashlib.sha1(f"{stamp()}|{Path.cwd()}|{extra}".encode())
    try:
        folders = [root / part if part else root for part in parts]
        if "translations" in parts:
            folders += [
                Path(e.path) for e in yamlio.folder_entries(root / "translations") if e.is_dir()
            ]
        for folder in folders:
            for e in yamlio.folder_entries(folder):
                st = e.stat()
                h.update(
                    f"{folder.name}/{e.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode()
                )
    except OSError:
        return None
    return h.hexdigest()


def memo_file(root: Path, name: str) -> Path | None:
    """Return where a whole-document answer called *name* is cached (None outside git)."""
    from poa_cli.storage.vcs import git_dir_of

    gitdir = git_dir_of(root.resolve())
    if gitdir is None:
        return None
    key = document_key(root)
    return gitdir / "poa-cache" / f"{name}-{key}.json"


def read_memo(path: Path | None, key: str | None) -> Any:
    """Return the value cached at *path* under *key*, or None."""
    if path is None or key is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw.get("value") if isinstance(raw, dict) and raw.get("key") == key else None


def write_memo(path: Path | None, key: str | None, value: Any) -> None:
    """Cache *value* at *path* under *key* (silently skipped when it cannot be written)."""
    if path is None or key is None:
        return
    try:
        path.parent.mkdir(exist_ok=True)
        yamlio.atomic_write(path, json.dumps({"key": key, "value": value}, ensure_ascii=False))
    except OSError:
        pass


if __name__ == "__main__":
    for written in write_validators():
        print(written)
