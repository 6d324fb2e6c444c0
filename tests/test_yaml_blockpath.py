"""The block reader (``storage/blockyaml.py``) gives what ruamel gives, or steps aside.

``blockyaml.parse`` reads poa's own shape of YAML line by line, without a YAML
library; whatever it is not sure of raises ``Unsure`` and ruamel reads the text
(``yamlio.parse_with_keys``). These tests hold it to the reference path (ruamel's
loader) on every project file, on tricky scalars, on generated documents and on
generated documents broken in many small ways: the same data, the same top-level
key lines, and through ``schemas.check_file`` the same diagnostics (file, line,
column, message) with the block reader on and off.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poa_cli.errors import YamlError
from poa_cli.storage import blockyaml, schemas, yamlio

from .conftest import DRAFTS
from .test_yaml_fastpath import (
    TRICKY_SCALARS,
    _types,
    documents,
    project_yaml_files,
    reference,
    yamlio_escape,
)

REPO = Path(__file__).resolve().parent.parent


def block(text: str) -> tuple[Any, dict[str, int]] | None:
    """What the block reader says of *text*, or None when it steps aside."""
    try:
        return blockyaml.parse(text)
    except blockyaml.Unsure:
        return None


def agrees(text: str) -> bool:
    """True when the block reader stepped aside or matched the reference exactly."""
    got = block(text)
    if got is None:
        return True
    expected = reference(text)
    assert ("data", got[0]) == expected, text
    assert _types(got[0]) == _types(expected[1]), text
    assert got[1] == (schemas._top_level_keys(text) if isinstance(got[0], dict) else {}), text
    return True


@pytest.mark.parametrize("path", project_yaml_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_block_reader_agrees_on_every_project_file(path: Path) -> None:
    try:
        text = yamlio.decode(path.read_bytes(), path)
    except yamlio.YamlError:
        return
    assert agrees(text)
    if path.is_relative_to(DRAFTS):
        assert block(text) is not None, "poa's own files must take the block reader"


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_block_reader_agrees_on_tricky_scalars(scalar: str) -> None:
    for text in (
        f"k: {scalar}\n",
        f"- {scalar}\n",
        f"outer:\n  inner: {scalar}\n",
        f"k:\n  - {scalar}\n",
        f"k:\n- {scalar}\n",
        f"- k: {scalar}\n  j: x\n",
        f"{scalar}: v\n" if "\n" not in scalar else "k: v\n",
        f"{scalar}\n",
        f"k: {scalar}   \n",
        f"k: {scalar} # note\n",
    ):
        assert agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "# only a comment\n",
        "a: 1\n# between\nb: 2\n",
        "a:\n  # inside\n  b: 1\n",
        "a:\n# at the margin\n  b: 1\n",
        "a:\nb:\n",
        "a:\n  - x\n  - y\nb: 1\n",
        "a:\n- x\n- y\nb: 1\n",
        "- a:\n  - x\n- b\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "-   a: 1\n    b: 2\n",
        "- a: 1\n   b: 2\n",
        "- a: 1\n b: 2\n",
        "a: 1\n  b: 2\n",
        "a:\n  b: 1\n c: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "a: 1\n- x\n",
        "- x\na: 1\n",
        "- x\n  - y\n",
        "a: x\n  y\n",
        "a: 'x\n  y'\n",
        'a: "x\n  y"\n',
        'a: "x\\\n  y"\n',
        'a: "one" two\n',
        "a: 'one' two\n",
        "a: 'it''s'\n",
        "a: ''\n",
        'a: ""\n',
        'a: "\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\e\\ \\/\\t"\n',
        'a: "\\q"\n',
        'a: "\\ud800"\n',
        'a: "\\xZZ"\n',
        "a: b\r\nc: d\r\n",
        "a: b\x85c\n",
        "a: b\u2028c: d\n",
        "a: \ufeffb\n",
        "  a: 1\n",
        "a:  1\n",
        "a:\t1\n",
        "a: x:y\n",
        "a: x: y\n",
        "a: x:\n",
        "a: http://example.org/#x\n",
        "a: [x]\n",
        "a: {}\n",
        "a: - x\n",
        "-\n  a: 1\n",
        "- - x\n",
        "a: 2026-02-30\n",
        "a: 2026-02-28\n",
        "a: 0\nb: 10\nc: 010\n",
        "a: É\nb: ß\nc: 中文\n",
        "_: x\nA-b_c: y\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a: 1\na: 2\n",
        "a:\n  b: 1\n  b: 2\n",
        "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + "  " * 70 + "v\n",
    ],
)
def test_block_reader_agrees_on_awkward_documents(text: str) -> None:
    assert agrees(text)


# --------------------------------------------------------------------------- generated


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_block_reader_agrees_on_generated_documents(text: str) -> None:
    assert agrees(text + "\n")


# Small edits that break YAML, or change what it means, in the places that matter.
_SPOILERS = [":", ": ", "-", "- ", "#", " #", "'", '"', "\\", "\t", " ", "  ", "\n", "\n  ",
             "[", "{", "&a ", "*a", "!!str ", "|", ">", "?", "%", "@", "---", "\r", "\x85"]  # fmt: skip


@st.composite
def broken(draw: Any) -> str:
    """A generated document with a few characters inserted, removed or lines moved."""
    text: str = draw(documents()) + "\n"
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["insert", "delete", "indent", "dedent", "swap"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        lines = text.split("\n")
        row = draw(st.integers(0, max(len(lines) - 1, 0)))
        if how == "insert":
            text = text[:at] + draw(st.sampled_from(_SPOILERS)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
        elif how == "indent":
            lines[row] = " " * draw(st.integers(1, 3)) + lines[row]
            text = "\n".join(lines)
        elif how == "dedent":
            lines[row] = lines[row][draw(st.integers(1, 2)) :]
            text = "\n".join(lines)
        elif row + 1 < len(lines):
            lines[row], lines[row + 1] = lines[row + 1], lines[row]
            text = "\n".join(lines)
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken())
def test_block_reader_agrees_on_broken_documents(text: str) -> None:
    assert agrees(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab :-#'\"\n\\[]{}&*!|>?%0123456789_\t"), max_size=60))
def test_block_reader_agrees_on_yaml_punctuation(text: str) -> None:
    assert agrees(text)


_WORDISH = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"),
    max_size=40,
)


@st.composite
def amendment_files(draw: Any) -> str:
    """Text shaped like an amendment file, with values in every style, sometimes broken."""
    value = st.one_of(
        _WORDISH.map(lambda v: f'"{yamlio_escape(v)}"'),
        _WORDISH.map(lambda v: "'" + v.replace("'", "''").replace("\n", " ") + "'"),
        _WORDISH.map(lambda v: v.replace("\n", " ")),
        st.sampled_from(TRICKY_SCALARS[:60]),
    )
    lines = [
        "# yaml-language-server: $schema=../../../schemas/amendment.schema.json",
        "schema: poa/amendment/1",
        f"id: {draw(st.sampled_from(['DNK-3', 'EU-12', 'x', '12']))}",
        f"target: {draw(value)}",
        "action: replace-text",
        "proposed_by:",
        *(f"{draw(st.sampled_from(['  ', '', '    ']))}- {draw(value)}" for _ in range(2)),
        f"submitted: {draw(st.sampled_from(['2026-06-01', '2026-6-1', '2026-13-01', 'x']))}",
        "status: proposed",
        "anchor:",
        f"  phrase: {draw(value)}",
        f"  before: {draw(value)}",
        f"text: {draw(value)}",
    ]
    if draw(st.booleans()):
        row = draw(st.integers(1, len(lines) - 1))
        lines[row] = draw(st.sampled_from(["", " ", "\t"])) + lines[row][: draw(st.integers(0, 9))]
    return "\n".join(lines) + "\n"


def _check(text: str, kind: str, folder: str) -> Any:
    """check_file's result as comparable data, or the exception it raised (a YamlError
    for broken YAML; anything else would be a bug, and must be the same bug with the
    block reader on or off)."""
    path = Path(folder) / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        got = schemas.check_file(path, kind)
    except YamlError as exc:  # compared below, not hidden
        return repr(exc)
    return got.data, got.problems, got.keys, _types(got.data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(amendment_files(), broken()))
def test_diagnostics_are_the_same_with_the_block_reader_on_and_off(text: str) -> None:
    """check_file (parse, schema, every problem with its line) gives the same result
    whichever reader parsed the text."""
    with tempfile.TemporaryDirectory() as folder:
        on = _check(text, "amendment", folder)
        original = blockyaml.parse
        blockyaml.parse = _refuse  # type: ignore[assignment]
        try:
            off = _check(text, "amendment", folder)
        finally:
            blockyaml.parse = original  # type: ignore[assignment]
    assert on == off


def _refuse(text: str) -> Any:
    raise blockyaml.Unsure


def test_block_reader_is_what_reads_poa_files() -> None:
    """parse_with_keys takes the block reader for poa's files: turning it off changes
    which code ran (a test that cannot tell would prove nothing above)."""
    text = (DRAFTS / "poa-founding-document" / "document.yaml").read_text(encoding="utf-8")
    assert block(text) is not None
    calls: list[str] = []
    original = blockyaml.parse

    def spy(t: str) -> Any:
        calls.append(t)
        return original(t)

    blockyaml.parse = spy  # type: ignore[assignment]
    try:
        yamlio.parse_with_keys(text)
    finally:
        blockyaml.parse = original  # type: ignore[assignment]
    assert calls == [text]


def test_block_reader_reads_every_file_of_a_generated_negotiation(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(out), "--clauses", "40",
         "--amendments", "300", "--proposers", "40"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    files = sorted(out.rglob("*.yaml"))
    assert len(files) > 300
    for path in files:
        text = yamlio.read_text(path)
        assert block(text) is not None, path
        assert agrees(text)
