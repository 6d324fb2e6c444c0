"""Parsed and schema-checked files, cached by file stat in the git directory.

Parsing and the JSON Schema check are per file, so their results are cached
(``.git/poa-cache/``) keyed by each file's size, mtime and inode. ``poa
validate`` and the read-only listings share the cache: re-reading an unchanged
negotiation of thousands of files costs one JSON load.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from poa_cli import __version__, yamlio
from poa_cli.errors import PoaError
from poa_cli.resources import schema_path

Problem = tuple[int | None, int | None, str, str]  # line, column, rule, message


# --------------------------------------------------------------------------- schemas


@cache
def validator(kind: str) -> Any:
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
class FileCheck:
    """What the cacheable stage learned of one file."""

    data: Any = None
    problems: list[Problem] = field(default_factory=list)


def check_file(path: Path, kind: str) -> FileCheck:
    out = FileCheck()
    try:
        out.data = yamlio.load(path)
    except PoaError as exc:
        out.problems.append((exc.line, exc.column, "yaml", exc.message))
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


class ParseCache:
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
        self.file = gitdir / "poa-cache" / f"parsed-{key}.json"
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            if raw.get("stamp") == _stamp():
                self.entries = raw["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.entries = {}

    def check(self, path: Path, kind: str) -> FileCheck:
        try:
            st = path.stat()
        except OSError:
            return check_file(path, kind)
        sig = [st.st_size, st.st_mtime_ns, st.st_ino, kind]
        name = str(path)
        hit = self.entries.get(name)
        if hit is not None and hit[0] == sig:
            return FileCheck(data=hit[1], problems=[tuple(p) for p in hit[2]])
        result = check_file(path, kind)
        self.entries[name] = [sig, result.data, result.problems]
        self.dirty = True
        return result

    def save(self, seen: set[str]) -> None:
        if self.file is None:
            return
        # Entries this run did not read are kept unless their file is gone.
        stale = {name for name in set(self.entries) - seen if not Path(name).exists()}
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
    for module in (__file__, yamlio.__file__):
        parts.append(str(Path(module).stat().st_mtime_ns))
    return "|".join(parts)


def read_folder(
    cache: ParseCache, folder: Path, kind: str, seen: set[str] | None = None
) -> dict[str, tuple[Path, FileCheck]]:
    """Return stem → (path, check) for every ``*.yaml`` file of *folder*, through *cache*."""
    out: dict[str, tuple[Path, FileCheck]] = {}
    for path in yamlio.iter_yaml_files(folder):
        if seen is not None:
            seen.add(str(path))
        out[path.stem] = (path, cache.check(path, kind))
    return out
