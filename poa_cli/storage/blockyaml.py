"""poa's files read as text: block YAML of the shape poa writes, without a YAML library.

Reading the 4,621 files of a large negotiation with ruamel's C composer costs
about 0.1 ms a file, most of it making a Python node for every scalar. The
files poa writes (and most that people edit) use a small part of YAML: block
mappings and sequences, one scalar per line, plain words, dates and integers,
and single- or double-quoted strings on one line. This module reads exactly
that part, line by line, five times faster.

It is a fast path, never the judge. Whatever it does not know for sure (a
comment after a value, a block scalar, a flow collection, a multi-line scalar,
a tab, an anchor, a tag, a duplicate key, a float, a quoted key, a
document marker, a character YAML reads as a line break, anything malformed)
raises :class:`Unsure`, and :mod:`poa_cli.storage.yamlio` reads the text with
ruamel as before: every error and its line come from ruamel, and so does every
value this module does not vouch for. tests/test_yaml_blockpath.py holds the
two to the same data and the same diagnostics, on generated and broken YAML.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any


class Unsure(Exception):
    """This text is not in the subset read here: ruamel decides."""


# Characters outside YAML's printable set, plus tab, CR and the Unicode line breaks
# (\x85, \u2028, \u2029), which would change how the lines split, and a byte-order mark.
_AWKWARD_RE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# Every line, one match each: its indentation, a "- " (or a lone "-"), a plain key
# with its colon and the spaces after it, and the rest of the line.
_LINE_RE = re.compile(r"^( *)(- +|-$)?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE)
_DOUBLE_RE = re.compile(r'"((?:[^"\\]|\\.)*)" *\Z')
_SINGLE_RE = re.compile(r"'((?:[^']|'')*)' *\Z")
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_INT_RE = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# Plain words YAML 1.2 reads as something other than a string (as a value or a key).
_WORDS: dict[str, Any] = {
    "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
}  # fmt: skip

# A token: (line number, indent, kind, key or None, rest). Kinds: "key" (a mapping
# entry), "item" (a sequence item; its value follows as the next token when it is
# a compact mapping "- key: value", else in rest).
_Token = tuple[int, int, str, str | None, str]


def parse(text: str) -> tuple[Any, dict[str, int]]:
    """Return (data, line of each top-level key) of *text*, or raise :class:`Unsure`."""
    if _AWKWARD_RE.search(text) is not None:
        raise Unsure
    tokens = _tokens(text)
    if not tokens:
        return None, {}
    if tokens[0][1] != 0:
        raise Unsure
    keys: dict[str, int] = {}
    reader = _Reader(tokens)
    if tokens[0][2] == "key":
        data: Any = reader.mapping(0, 0, keys)
    else:
        data = reader.sequence(0, 0)[0]
    if reader.at != len(tokens):
        raise Unsure
    return data, keys


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for number, (spaces, dash, key, rest) in enumerate(_LINE_RE.findall(text), 1):
        if not dash:
            if key:
                out.append((number, len(spaces), "key", key, rest))
            elif rest and rest[0] != "#":
                raise Unsure  # a line that is neither an entry nor an item
            continue  # a blank line or a whole-line comment
        if key:  # "- key: value": the item, then its first entry at the key's column
            out.append((number, len(spaces), "item", None, ""))
            out.append((number, len(spaces) + len(dash), "key", key, rest))
        elif not rest or (rest[0] == "-" and rest[1:2] in (" ", "")):
            raise Unsure  # a lone "-" or "- - x": rare, left to ruamel
        else:
            out.append((number, len(spaces), "item", None, rest))
    return out


class _Reader:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def mapping(self, indent: int, depth: int, keys: dict[str, int] | None = None) -> Any:
        """Read the entries at *indent* from the current token on."""
        if depth > 60:
            raise Unsure  # near MAX_DEPTH: the guarded loader words the refusal
        tokens = self.tokens
        n = len(tokens)
        out: dict[str, Any] = {}
        while self.at < n:
            number, at_indent, kind, key, rest = tokens[self.at]
            if at_indent < indent:
                break
            if at_indent > indent or kind != "key":
                raise Unsure
            assert key is not None
            if key in out or key in _WORDS:
                raise Unsure
            if keys is not None:
                keys[key] = number
            self.at += 1
            if rest:
                out[key] = scalar(rest)
                continue
            if self.at == n:
                out[key] = None
                continue
            following = tokens[self.at]
            if following[1] > indent:
                out[key] = self.block(following, depth + 1)
            elif following[1] == indent and following[2] == "item":
                out[key] = self.sequence(indent, depth + 1)[0]
            else:
                out[key] = None
        return out

    def sequence(self, indent: int, depth: int) -> tuple[list[Any], None]:
        """Read the items at *indent* from the current token on."""
        if depth > 60:
            raise Unsure
        tokens = self.tokens
        n = len(tokens)
        out: list[Any] = []
        while self.at < n:
            _number, at_indent, kind, _key, rest = tokens[self.at]
            if at_indent < indent or (kind == "key" and at_indent == indent):
                break  # a key at this indent: the mapping that holds this sequence
            if at_indent > indent or kind != "item":
                raise Unsure
            self.at += 1
            if rest:
                out.append(scalar(rest))
            else:  # "- key: value": a compact mapping at the key's column
                out.append(self.mapping(tokens[self.at][1], depth + 1))
        return out, None

    def block(self, first: _Token, depth: int) -> Any:
        if first[2] == "key":
            return self.mapping(first[1], depth)
        return self.sequence(first[1], depth)[0]


def scalar(text: str) -> Any:
    """Return the value of a one-line scalar, or raise :class:`Unsure`."""
    first = text[0]
    if first == '"':
        end = text.find('"', 1)
        body = text[1:end]
        if "\\" not in body:  # the common case, without a regular expression
            if end < 0 or text[end + 1 :].strip(" "):
                raise Unsure
            return body
        m = _DOUBLE_RE.match(text)
        if m is None:
            raise Unsure
        return _ESCAPE_RE.sub(_unescape, m.group(1))
    if first == "'":
        end = text.find("'", 1)
        if end > 0 and text[end + 1 : end + 2] != "'":  # no '' inside
            if text[end + 1 :].strip(" "):
                raise Unsure
            return text[1:end]
        m = _SINGLE_RE.match(text)
        if m is None:
            raise Unsure
        return m.group(1).replace("''", "'")
    value = text.rstrip(" ")
    if ": " in value or value.endswith(":") or " #" in value:
        raise Unsure
    if first.isalpha() or first == "_":
        return _WORDS.get(value, value)
    if _INT_RE.match(value):
        return int(value)
    if _DATE_RE.match(value):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise Unsure from None
    raise Unsure


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) == 1:
        if code not in _ESCAPES:
            raise Unsure
        return _ESCAPES[code]
    point = int(code[1:], 16)
    if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
        raise Unsure
    return chr(point)
