"""The only module that touches ruamel.yaml: guarded loading, round-trip writing.

Every file poa reads comes from a delegation's clone and is untrusted. Loading
therefore never constructs objects (safe loader), refuses every alias, a scalar
one included (a 340-byte alias bomb expands to millions of nodes; poa never writes
aliases, so one rule for all is the simple and safe one: docs/decisions.md 70),
caps the file size and the nesting depth *before* the C parser sees the text
(libyaml's composer overflows the C stack on ~30,000 levels), and treats
duplicate keys as errors.

Writing keeps people's comments, key order and quoting (round-trip mode with the
settings that write poa's own files back byte for byte: tests/test_yamlio.py),
and is atomic.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_cli.errors import YamlError
from poa_cli.storage import blockyaml

if TYPE_CHECKING:
    from ruamel.yaml import YAML

MAX_BYTES = 1024 * 1024  # no clause, amendment or document needs more than 1 MiB
MAX_DEPTH = 64  # items nest a handful of levels; 64 leaves room and stops stack bombs

# What YAML 1.2 forbids in a stream (C0/C1 controls but tab, LF, CR, NEL; surrogates).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_CONFLICT_MARKS = ("<" * 7, "=" * 7, ">" * 7)  # a cheap necessary condition of _CONFLICT_RE
# A cheap upper bound on nesting, checked before the C parser runs: many flow
# openers, a deep indentation, or a long run of compact block indicators on one line.
_COMPACT_RUN_RE = re.compile(r"(?:[-?] +){16,}")
_DEEP_INDENT_RE = re.compile(r"^ {128,}\S", re.MULTILINE)
_TWO_COMPACT_RE = re.compile(r"[-?] +[-?] ")
_DEEP_INDENT = " " * 128


# ruamel.yaml loads on the first parse or dump, not on import: a command answered
# from poa's caches (a warm validate, a listing) never reads YAML, and ruamel is
# a large share of an interpreter's start-up. _engine() defines what follows.
_ready = False
YAMLError: Any
MarkedYAMLError: Any
AliasEvent: Any
MappingNode: Any
ScalarNode: Any
SequenceNode: Any
_GuardedComposer: Any
_Resolver: Any
_BY_FIRST: Any
_ANYWHERE: Any
_T_STR: Any
_T_MAP: Any
_T_SEQ: Any
_T_NULL: Any
_T_BOOL: Any
_T_INT: Any
_T_TIMESTAMP: Any
_SHARED_TAGS: dict[str, Any]
_FAST_BY_FIRST: dict[str, Any]
_FAST_ANYWHERE: tuple[Any, ...]


def _engine() -> None:
    """Import ruamel.yaml and define the guarded composer, the resolver and the tags."""
    global _ready, YAMLError, MarkedYAMLError, AliasEvent, MappingNode, ScalarNode, SequenceNode
    global _GuardedComposer, _Resolver, _BY_FIRST, _ANYWHERE, _SHARED_TAGS
    global _T_STR, _T_MAP, _T_SEQ, _T_NULL, _T_BOOL, _T_INT, _T_TIMESTAMP
    global _FAST_BY_FIRST, _FAST_ANYWHERE
    if _ready:
        return
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class _GuardedComposer(Composer):
        """A composer that refuses aliases and nesting deeper than MAX_DEPTH."""

        _poa_depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.parser.check_event(AliasEvent):
                event = self.parser.peek_event()
                raise YamlError(
                    "YAML aliases (*name) are not allowed in poa files",
                    line=event.start_mark.line + 1,
                    column=event.start_mark.column + 1,
                )
            self._poa_depth += 1
            try:
                if self._poa_depth > MAX_DEPTH:
                    event = self.parser.peek_event()
                    raise YamlError(
                        f"nesting deeper than {MAX_DEPTH} levels",
                        line=event.start_mark.line + 1,
                        column=event.start_mark.column + 1,
                    )
                return super().compose_node(parent, index)
            finally:
                self._poa_depth -= 1

    _BY_FIRST, _ANYWHERE = _resolver_table()

    class _Resolver(VersionedResolver):
        """ruamel's YAML 1.2 resolver with its rule table built once, not per scalar.

        ruamel looks up the YAML version and rebuilds the table for every file it
        loads, which is half the time of loading a small file. The rules are the
        same (a test compares the two on tricky scalars and on every sample file).
        """

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in _BY_FIRST.get(value[:1], _ANYWHERE):
                        if regexp.match(value):
                            return tag
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    _T_STR, _T_MAP, _T_SEQ, _T_NULL, _T_BOOL, _T_INT, _T_TIMESTAMP = (
        Tag(suffix=f"tag:yaml.org,2002:{name}")
        for name in ("str", "map", "seq", "null", "bool", "int", "timestamp")
    )
    _SHARED_TAGS = {
        str(t): t for t in (_T_STR, _T_MAP, _T_SEQ, _T_NULL, _T_BOOL, _T_INT, _T_TIMESTAMP)
    }
    _FAST_BY_FIRST = {
        ch: tuple((_shared(t), rx) for t, rx in rules) for ch, rules in _BY_FIRST.items()
    }
    _FAST_ANYWHERE = tuple((_shared(t), rx) for t, rx in _ANYWHERE)
    _ready = True


def _resolver_table() -> tuple[dict[str, tuple[tuple[Any, Any], ...]], tuple[tuple[Any, Any], ...]]:
    """The YAML 1.2 implicit-type rules ruamel uses, indexed once by first character."""
    from ruamel.yaml.resolver import implicit_resolvers
    from ruamel.yaml.tag import Tag

    table: dict[str | None, list[tuple[Any, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            for ch in first if first is not None else [None]:
                table.setdefault(ch, []).append((Tag(suffix=tag), regexp))
    anywhere = tuple(table.get(None, []))
    by_first = {ch: (*rules, *anywhere) for ch, rules in table.items() if ch is not None}
    return by_first, anywhere


def _make_safe(pure: bool) -> YAML:
    from ruamel.yaml import YAML

    _engine()
    y = YAML(typ="safe", pure=pure)
    y.Resolver = _Resolver
    if pure:
        y.Composer = _GuardedComposer
    return y


def _make_rt() -> YAML:
    from ruamel.yaml import YAML

    _engine()
    y = YAML(typ="rt")
    y.Composer = _GuardedComposer
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(type(None), _represent_null)
    return y


def _represent_null(representer: Any, _data: None) -> Any:
    # 'heading: null' reads better than ruamel's default 'heading:'.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_fast: YAML | None = None


def _fast_loader() -> YAML:
    global _fast
    if _fast is None:
        _fast = _make_safe(pure=False)
    return _fast


def read_text(path: Path) -> str:
    """Return the text of *path* after the checks every poa file passes.

    Raises YamlError when the file is missing, too large, not UTF-8 (a UTF-8 BOM
    is accepted), or holds unresolved merge-conflict markers.
    """
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise YamlError(
                    f"file is {size:,} bytes; poa reads files of at most {MAX_BYTES:,} bytes",
                    path=path,
                    line=1,
                )
            raw = f.read()
    except FileNotFoundError:
        raise YamlError("file not found", path=path) from None
    except IsADirectoryError:
        raise YamlError("is a directory, not a YAML file", path=path) from None
    except OSError as exc:
        raise YamlError(f"cannot read file: {exc.strerror}", path=path) from None
    return decode(raw, path)


def decode(raw: bytes, path: Path) -> str:
    """Decode *raw* as UTF-8 (BOM allowed) or raise YamlError naming the line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError("file is UTF-16; save it as UTF-8", path=path, line=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from None
    bad = _CONTROL_RE.search(text)
    if bad:
        line = text[: bad.start()].count("\n") + 1
        what = (
            "a NUL character"
            if bad.group() == "\x00"
            else f"control character U+{ord(bad.group()):04X}"
        )
        raise YamlError(f"file contains {what}; remove it", path=path, line=line)
    m = _CONFLICT_RE.search(text) if any(mark in text for mark in _CONFLICT_MARKS) else None
    if m:
        line = text[: m.start()].count("\n") + 1
        raise YamlError(
            "unresolved merge-conflict marker; resolve the conflict (keep one version, "
            "or renumber one amendment) and commit",
            path=path,
            line=line,
        )
    return text


def _looks_deep(text: str) -> bool:
    # Each cheap test is a necessary condition of the exact one after it.
    return (
        text.count("[") + text.count("{") > MAX_DEPTH
        or (_TWO_COMPACT_RE.search(text) is not None and _COMPACT_RUN_RE.search(text) is not None)
        or (_DEEP_INDENT in text and _DEEP_INDENT_RE.search(text) is not None)
    )


def _yaml_error(exc: YAMLError, path: Path | None, text: str = "") -> YamlError:
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        problem = problem.split("\n")[0]
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            problem = "tab character where YAML expects spaces"
        elif problem.startswith("could not determine a constructor for the tag"):
            tag = problem.split("tag", 1)[1].strip(" '")
            problem = f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed"
        elif problem.startswith("found duplicate key"):
            key = re.match(r'found duplicate key "([^"]*)"', problem)
            problem = f"duplicate key {key.group(1)!r}" if key else "duplicate key"
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        return YamlError(f"invalid YAML: {problem}", path=path, line=line, column=col)
    first = str(exc).strip().split("\n")[0]
    return YamlError(f"invalid YAML: {first}", path=path, line=1)


def _unreadable_scalar(exc: Exception, text: str, path: Path | None) -> YamlError:
    """The error for a scalar ruamel's constructor failed on, at that scalar's line.

    The constructor does not say which node failed: compose the text again and
    construct its scalars one by one until one fails the same way.
    """
    from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    loader = _make_safe(pure=True)
    constructor = loader.constructor
    pending: list[Node] = [loader.compose(text)]
    while pending:
        node = pending.pop(0)
        if isinstance(node, ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, KeyError, TypeError, OverflowError) as found:
                tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
                kind = {"!!timestamp": "a date", "!!bool": "true or false"}.get(tag, tag)
                why = f" ({found})" if isinstance(found, ValueError) else ""
                return YamlError(
                    f"invalid YAML: {node.value!r} cannot be read as {kind}{why}",
                    path=path,
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                )
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            pending.extend(part for pair in node.value for part in pair)
    return YamlError(f"invalid YAML: {exc}", path=path, line=1)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def _normalise(node: Any, seen: set[int], path: Path | None) -> Any:
    """Return *node* as plain JSON data; refuse shared containers (aliases)."""
    if isinstance(node, dict):
        if id(node) in seen:
            raise _AliasFound
        seen.add(id(node))
        out: dict[str, Any] = {}
        for k, v in node.items():
            if isinstance(k, bool) or not isinstance(k, str | int):
                raise YamlError(
                    f"mapping key {k!r} is not a string", path=path, line=_line_hint(node)
                )
            out[str(k)] = _normalise(v, seen, path)
        return out
    if isinstance(node, list):
        if id(node) in seen:
            raise _AliasFound
        seen.add(id(node))
        return [_normalise(v, seen, path) for v in node]
    if isinstance(node, _dt.datetime):
        return node.isoformat()
    if isinstance(node, _dt.date):
        return node.isoformat()
    if isinstance(node, bytes):
        raise YamlError("binary values (!!binary) are not allowed", path=path)
    if isinstance(node, float) and node != node:  # NaN has no place in a negotiation
        return str(node)
    return node


def _line_hint(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None else None


class _AliasFound(Exception):
    pass


# --------------------------------------------------------------------------- fast path
# ruamel's own loader spends most of a small file's time in its Python
# constructor. Files as poa and its users write them hold only mappings,
# sequences, strings, plain integers, booleans, nulls and dates: for those, the
# nodes that ruamel's C composer (ruamel.yaml.clib) builds are turned into data
# here directly, 3x faster. Anything else (an alias, an explicit tag, a float, a
# duplicate key, a directive, a syntax error) is left to ruamel's loader, which
# gives the answer and the message it always gave. A differential test holds
# the two to the same result on every sample, every invalid example, the
# benchmark corpus and generated YAML.

# One shared Tag object per tag: nodes keep the object the resolver returns, so
# the builder compares identities (ruamel's Node.tag property re-derives a string).
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _shared(tag: Any) -> Any:
    return _SHARED_TAGS.get(str(tag), tag)


class _Unsure(Exception):
    """The fast path cannot vouch for this text: ruamel's loader decides."""


class _TooDeep(_Unsure):
    """Nesting over MAX_DEPTH: ruamel's guarded (pure) loader words the error."""


def _fast_parser_class() -> Any:
    """Return the composer class, or False where ruamel.yaml has no C extension."""
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ruamel.yaml.clib
    except ImportError:
        return False

    class _FastParser(CParser):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in _FAST_BY_FIRST.get(value[:1], _FAST_ANYWHERE):
                        if regexp.match(value):
                            return tag
                return _T_STR
            return _T_MAP if kind is MappingNode else _T_SEQ

        def descend_resolver(self, *_args: Any) -> None:
            pass

        def ascend_resolver(self, *_args: Any) -> None:
            pass

    return _FastParser


_fast_parser: Any = None


def _build(node: Any, depth: int, seen: set[int]) -> Any:
    if depth > MAX_DEPTH:
        raise _TooDeep
    if id(node) in seen:
        raise _Unsure  # an alias: the composer hands back the anchored node
    seen.add(id(node))
    cls = node.__class__
    tag = node.ctag
    if cls is ScalarNode:
        value = node.value
        if tag is _T_STR:
            return value
        if tag is _T_NULL and value in _NULLS:
            return None
        if tag is _T_BOOL and value in _BOOLS:
            return _BOOLS[value]
        if tag is _T_INT and _DECIMAL_RE.match(value):
            return int(value)
        if tag is _T_TIMESTAMP and _DATE_RE.match(value):
            try:
                return _dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise _Unsure from None
        raise _Unsure
    if cls is MappingNode and tag is _T_MAP:
        out: dict[str, Any] = {}
        for key, value in node.value:
            if key.__class__ is not ScalarNode or key.ctag is not _T_STR or key.value in out:
                raise _Unsure
            out[key.value] = _build(value, depth + 1, seen)
        return out
    if cls is SequenceNode and tag is _T_SEQ:
        return [_build(item, depth + 1, seen) for item in node.value]
    raise _Unsure


def _parse_fast(text: str) -> tuple[Any, dict[str, int]]:
    """Return (data, line of each top-level key) or raise _Unsure."""
    global _fast_parser
    _engine()
    if text.startswith("%") or "\n%" in text:
        raise _Unsure  # a %YAML or %TAG directive changes how the rest reads
    if _looks_deep(text):
        raise _Unsure  # the C composer recurses: deep text would overflow the C stack
    if _fast_parser is None:
        _fast_parser = _fast_parser_class()
    if _fast_parser is False:
        raise _Unsure
    parser = _fast_parser(text)
    try:
        node = parser.get_single_node()
    except Exception:  # a syntax error: ruamel's loader words the message
        raise _Unsure from None
    finally:
        parser.dispose()
    if node is None:
        return None, {}
    data = _build(node, 1, set())
    keys: dict[str, int] = {}
    if isinstance(data, dict):
        for key, _value in node.value:
            keys.setdefault(key.value, key.start_mark.line + 1)
    return data, keys


def parse_with_keys(text: str, path: Path | None = None) -> tuple[Any, dict[str, int] | None]:
    """Like :func:`parse`, and the line of each top-level key when it comes for free.

    The second item is None when the lines are not known (the caller may find
    them in the text). Three readers, each stepping aside for the next when it is
    not sure: poa's own block YAML line by line (:mod:`blockyaml`), ruamel's C
    composer with poa's node walk (:func:`_parse_fast`), ruamel's loader, which
    words every error.
    """
    try:
        return blockyaml.parse(text)
    except blockyaml.Unsure:
        pass
    try:
        return _parse_fast(text)
    except _TooDeep:
        return _parse_ruamel(text, path, guarded=True), None
    except _Unsure:
        return _parse_ruamel(text, path), None


def parse(text: str, path: Path | None = None) -> Any:
    """Parse *text* into plain JSON-compatible data (dates become ISO strings).

    Raises YamlError (with line and column) for syntax errors, duplicate keys,
    tags that would construct objects, aliases and over-deep nesting.
    """
    return parse_with_keys(text, path)[0]


# Where an alias (*name) could start: at the start of a line, after a space, a flow
# indicator or a colon. A necessary condition only: text that matches (an italic
# *Decides* in a folded scalar) is read by the guarded loader, which decides.
_MAYBE_ALIAS_RE = re.compile(r"(?:^|[\s\[{,:])\*[^\s\[\]{},]", re.MULTILINE)


def _parse_ruamel(text: str, path: Path | None = None, *, guarded: bool = False) -> Any:
    # Every alias is refused, a scalar one (`b: *x`) too: ruamel's C loader expands
    # aliases silently, so text that may hold one goes to the guarded composer.
    _engine()
    guarded = guarded or _looks_deep(text) or _MAYBE_ALIAS_RE.search(text) is not None
    loader = _make_safe(pure=True) if guarded else _fast_loader()
    try:
        data = loader.load(text)
    except YamlError as exc:
        exc.path = path
        raise
    except YAMLError as exc:
        raise _yaml_error(exc, path, text) from None
    except RecursionError:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", path=path, line=1) from None
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        # ruamel's constructors let these through for a scalar its resolver or an
        # explicit tag gave a type it cannot hold: `2026-13-01`, `!!bool maybe`.
        raise _unreadable_scalar(exc, text, path) from None
    try:
        return _normalise(data, set(), path)
    except _AliasFound:
        # The fast loader expands aliases silently; find the first one for the message.
        try:
            _make_safe(pure=True).load(text)
        except YamlError as exc:
            exc.path = path
            raise
        raise YamlError("YAML aliases (*name) are not allowed", path=path, line=1) from None


def load(path: Path) -> Any:
    """Read and parse *path* (see :func:`read_text` and :func:`parse`)."""
    return parse(read_text(path), path)


def load_roundtrip(path: Path) -> Any:
    """Load *path* for editing: comments, key order and quoting are kept.

    Raises YamlError as :func:`load` does.
    """
    text = read_text(path)
    parse(text, path)  # the same guards and messages as every other read
    _engine()
    try:
        return _make_rt().load(text)
    except YAMLError as exc:
        raise _yaml_error(exc, path, text) from None


def roundtrip_text(path: Path) -> tuple[str, Any]:
    """Return the text of *path* and its round-trip tree (for line look-ups)."""
    text = read_text(path)
    _engine()
    try:
        return text, _make_rt().load(text)
    except YamlError as exc:
        exc.path = path
        raise
    except YAMLError as exc:
        raise _yaml_error(exc, path, text) from None


def line_of(tree: Any, keys: Iterable[str | int]) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the value at *keys* in a round-trip tree.

    Walks as deep as the path exists and returns the deepest position found:
    an error about a missing key points at the mapping that lacks it.
    """
    node = tree
    pos: tuple[int, int] | None = None
    lc = getattr(node, "lc", None)
    if lc is not None:
        pos = (lc.line + 1, lc.col + 1)
    for key in keys:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(key, int) and isinstance(node, list):
                if lc is not None and key < len(node):
                    ln, col = lc.item(key)
                    pos = (ln + 1, col + 1)
                node = node[key]
            elif isinstance(node, dict) and key in node:
                if lc is not None:
                    ln, col = lc.value(key) if _is_scalar(node[key]) else lc.key(key)
                    pos = (ln + 1, col + 1)
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return pos


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


# Characters YAML reads as line breaks: written raw inside a plain or single-quoted
# scalar they would come back as spaces, so such strings are written double-quoted
# (where they are escaped as \N, \L, \P).
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _protect(node: Any) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(node, str):
        if any(ch in node for ch in _LINE_BREAKS):
            return DoubleQuotedScalarString(node)
        return node
    if isinstance(node, dict):
        for pos, key in enumerate(list(node)):
            value = _protect(node[key])
            new_key = _protect(key)
            if new_key is not key:
                del node[key]
                if hasattr(node, "insert"):
                    node.insert(pos, new_key, value)
                else:
                    node[new_key] = value
            elif value is not node[key]:
                node[key] = value
        return node
    if isinstance(node, list):
        for i, value in enumerate(node):
            protected = _protect(value)
            if protected is not value:
                node[i] = protected
        return node
    return node


_dumper: YAML | None = None


def dump(tree: Any) -> str:
    """Return the YAML text of a round-trip tree (or plain data) with poa's layout."""
    global _dumper
    if _dumper is None:  # one for every file a command writes: making one costs ~1 ms
        _dumper = _make_rt()
    buf = io.StringIO()
    _dumper.dump(_protect(tree), buf)
    return buf.getvalue()


def new_mapping(pairs: Iterable[tuple[str, Any]]) -> Any:
    """Return a round-trip mapping holding *pairs* in order (for new files)."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(pairs)


def with_schema_comment(text: str, schema_ref: str) -> str:
    """Return *text* with the yaml-language-server modeline as its first line."""
    lines = text.splitlines(keepends=True)
    modeline = f"# yaml-language-server: $schema={schema_ref}\n"
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines[0] = modeline
        return "".join(lines)
    return modeline + text


def _umask() -> int:
    """Return the process umask (reading it means setting it: put it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_write`).

    With ``sync=False`` the rename is still atomic but nothing is flushed to disk:
    for a command writing many new files, which calls :func:`sync_all` once after.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; an ordinary file follows the umask (0644 usually),
        # so a shared checkout stays readable by the other members of the delegation.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync:
        _fsync_dir(path.parent)


def sync_all() -> None:
    """Flush every written file to disk at once (after writes made with ``sync=False``)."""
    os.sync()


def atomic_write(path: Path, text: str, *, sync: bool = True) -> None:
    """Write *text* to *path* atomically: a temp file in the same folder, fsync, rename.

    A process killed mid-write leaves either the old file or the new one, never a
    partial file (the temp file has a dot-name that validation ignores and the
    next writing command sweeps away).
    """
    atomic_write_bytes(path, text.encode("utf-8"), sync=sync)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def folder_entries(folder: Path) -> list[os.DirEntry[str]]:
    """Return the entries of *folder* in name order; none when it is missing or a file."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def folder_names(folder: Path) -> list[str]:
    """Return the names in *folder*, in no particular order (none when it is missing or
    a file): cheaper than :func:`folder_entries` where the order does not matter."""
    try:
        return os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []


def iter_yaml_files(folder: Path) -> Iterator[Path]:
    """Yield the ``*.yaml`` files of *folder* in name order, skipping dot-files."""
    for entry in folder_entries(folder):
        if entry.name.endswith(".yaml") and not entry.name.startswith("."):
            yield folder / entry.name
