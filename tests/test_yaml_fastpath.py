"""The fast reading path gives exactly what ruamel's loader gives, or steps aside.

``yamlio._parse_fast`` turns the nodes of ruamel's C composer into data itself;
whenever it meets something it does not handle (an alias, a tag, a float, a
duplicate key, a syntax error, a directive) it raises ``_Unsure`` and
``yamlio._parse_ruamel`` decides. These tests hold the two to the same answer
on every file the project has, on tricky scalars and on generated documents.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poa_cli.errors import YamlError
from poa_cli.storage import cache as filecache
from poa_cli.storage import yamlio

from .conftest import DRAFTS

EXAMPLES = Path(__file__).parent / "examples"
REPO = Path(__file__).resolve().parent.parent


def reference(text: str) -> tuple[str, Any]:
    """What the ruamel path says of *text*: ("data", value) or ("error", message)."""
    try:
        return "data", yamlio._parse_ruamel(text)
    except YamlError as exc:
        return "error", exc.message


def fast(text: str) -> tuple[str, Any] | None:
    """What the fast path says of *text*, or None when it steps aside."""
    try:
        return "data", yamlio._parse_fast(text)[0]
    except yamlio._Unsure:
        return None


def agrees(text: str) -> bool:
    """True when the fast path stepped aside or matched the reference exactly."""
    got = fast(text)
    if got is None:
        return True
    expected = reference(text)
    assert got == expected, text
    # Equal values of different types (1 == True, 1 == 1.0) would hide a difference.
    assert _types(got[1]) == _types(expected[1]), text
    return True


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def project_yaml_files() -> list[Path]:
    found = sorted(DRAFTS.rglob("*.yaml")) + sorted(EXAMPLES.rglob("*.yaml"))
    return [p for p in found if p.is_file()]


@pytest.mark.parametrize("path", project_yaml_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_fast_path_agrees_on_every_project_file(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = yamlio.decode(raw, path)
    except YamlError:
        return  # refused before any parser runs (UTF-16, control characters, ...)
    assert agrees(text)
    if path.is_relative_to(DRAFTS):
        assert fast(text) is not None, "poa's own files must take the fast path"


def test_fast_path_gives_the_top_level_key_lines_the_text_shows() -> None:
    for path in sorted(DRAFTS.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        _data, keys = yamlio._parse_fast(text)
        assert keys == filecache._top_level_keys(text), path


TRICKY_SCALARS = [
    "yes", "No", "NO", "on", "off", "y", "n", "true", "True", "TRUE", "tRue", "FALSE", "false",
    "null", "Null", "NULL", "nULL", "~", "", "1", "-1", "+1", "-0", "+0", "00", "007", "0o17",
    "017", "0x1F", "0b101", "1_000", "1.5", "-.5", ".inf", "-.Inf", ".nan", ".NaN", "1e3",
    "1.0e+3", "2026-11-29", "2026-02-30", "2026-1-1", "2026-11-29T10:00:00Z",
    "2026-11-29 10:00:00", "12:30", "1:20:30", "DNK-3", "A/75/816", "op-scope", "'quoted'",
    '"double"', "'2026-11-29'", '"12"', "[^1] x", "!!str 12", "!!int '12'", "!!int 12",
    "!!bool yes", "!!bool true", "!!null x", "!!float 1", "!!binary aGk=",
    "!!python/object:os.system x", "!custom x", "&a x", "<<", "=", "- x", "? x", "|\n  block\n",
    ">-\n  folded\n  text\n", "|+\n  keep\n\n", "'it''s'", '"tab\\there"', '"\\u263A"',
    "x # comment", "x#not-comment", "18446744073709551616", "-9999999999999999999999",
]  # fmt: skip


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_fast_path_agrees_on_tricky_scalars(scalar: str) -> None:
    for text in (
        f"k: {scalar}\n",
        f"- {scalar}\n",
        f"outer:\n  inner: {scalar}\n",
        f"k: [{scalar}]\n" if "\n" not in scalar else "k: []\n",
        f"{scalar}: v\n" if "\n" not in scalar else "k: v\n",
        f"{scalar}\n",
    ):
        assert agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "---\n",
        "--- a\n...\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.1\n---\nk: yes\n",
        "%YAML 1.2\n---\nk: yes\n",
        "%TAG !e! tag:example.com,2000:\n---\nk: !e!x v\n",
        "a: &x 1\nb: *x\n",
        "a: &x [1, 2]\nb: *x\n",
        "a: 1\na: 2\n",
        "? [a, b]\n: v\n",
        "? {a: 1}\n: v\n",
        "1: one\n2: two\n",
        "true: yes\n",
        "null: x\n",
        "~: x\n",
        "<<: {a: 1}\nb: 2\n",
        "k: !!set {a, b}\n",
        "k: !!omap [a: 1]\n",
        "k: !!map {a: 1}\n",
        "k: !!seq [a]\n",
        "k: !!str\n",
        "{a: 1, b: [x, {c: d}]}\n",
        "[a, [b, [c, [d]]]]\n",
        "k: [\n",
        "k: 'unterminated\n",
        "k:\n\t- tab\n",
        "a: b: c\n",
        "- a\nb: c\n",
        "k: " + "[" * 60 + "]" * 60 + "\n",
        "\ufeffk: v\n",
        "k: café ∑ 中文 العربية \u200f\u200d 🇺🇳\n",
        "k: |\n  line one\n  % not a directive\n",
        "k:\n" + "".join(f"{' ' * (2 * i + 2)}k{i}:\n" for i in range(70)) + " " * 142 + "v\n",
    ],
)
def test_fast_path_agrees_on_awkward_documents(text: str) -> None:
    assert agrees(text)


def test_over_deep_block_nesting_is_left_to_the_guarded_loader() -> None:
    # 70 levels of block mappings at one space each: under the pre-parse heuristics,
    # over MAX_DEPTH; the fast path steps aside and the guarded loader refuses it.
    text = "".join(f"{' ' * i}k{i}:\n" for i in range(70)) + " " * 70 + "v\n"
    assert fast(text) is None
    with pytest.raises(YamlError, match="nesting deeper than 64"):
        yamlio.parse(text)


# --------------------------------------------------------------------------- generated

_SCALAR_WORDS = st.sampled_from([*TRICKY_SCALARS[:60], "DNK", "Decides", "*emphasis*", "a: b"])
_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\ufeff",
    ),
    max_size=30,
)


def _scalar_yaml(draw: Any) -> str:
    kind = draw(st.sampled_from(["plain", "word", "single", "double"]))
    if kind == "word":
        return draw(_SCALAR_WORDS).split("\n")[0] or "x"
    value = draw(_TEXT)
    if kind == "single":
        return "'" + value.replace("'", "''").replace("\n", " ") + "'"
    if kind == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return value.replace("\n", " ")


@st.composite
def documents(draw: Any, depth: int = 0) -> str:
    """Block-style YAML text: mappings and sequences of assorted scalars."""
    lines: list[str] = []
    indent = "  " * depth
    if draw(st.booleans()) or depth > 2:
        for _ in range(draw(st.integers(1, 4))):
            key = draw(st.sampled_from(["id", "text", "by", "no", "yes", "1", "k", "on", "x y"]))
            if depth < 3 and draw(st.integers(0, 3)) == 0:
                lines.append(f"{indent}{key}:")
                lines.append(draw(documents(depth + 1)))
            else:
                lines.append(f"{indent}{key}: {_scalar_yaml(draw)}")
    else:
        for _ in range(draw(st.integers(1, 4))):
            lines.append(f"{indent}- {_scalar_yaml(draw)}")
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fast_path_agrees_on_generated_documents(text: str) -> None:
    assert agrees(text + "\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_fast_path_agrees_on_arbitrary_text(text: str) -> None:
    if yamlio._CONTROL_RE.search(text) or "\ufeff" in text:
        return  # refused by decode() before any parser runs
    assert agrees(text)


def test_fast_path_agrees_on_a_generated_negotiation(tmp_path: Path) -> None:
    """Every file of a (small) benchmark corpus takes the fast path, with the same data."""
    out = tmp_path / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate.py"),
            str(out),
            "--clauses",
            "40",
            "--amendments",
            "300",
            "--proposers",
            "40",
        ],
        check=True,
        capture_output=True,
    )
    files = sorted(out.rglob("*.yaml"))
    assert len(files) > 300
    for path in files:
        text = yamlio.read_text(path)
        assert fast(text) is not None, path
        assert agrees(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_quoted_text_always_takes_the_fast_path(values: list[str]) -> None:
    """What poa writes most (quoted strings in sequences) is read by the fast path."""
    items = "".join(f'  - "{yamlio_escape(v)}"\n' for v in values)
    text = f"text:\n{items}"
    got = fast(text)
    assert got == ("data", {"text": values})
    assert agrees(text)


def yamlio_escape(value: str) -> str:
    """Escape *value* for a YAML double-quoted scalar: line breaks and non-printables."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
