"""The fast path (poa_cli.cli.fast) parses exactly as Typer does, or leaves it to Typer.

``poa --help`` and the commands of ``poa_cli.cli.static.FAST`` run without
importing Typer, from a table generated from the Typer app. These tests hold
the table to the app, and the two parsers to the same arguments: on generated
command lines, whenever the fast path accepts one, Typer calls the command's
work with the same arguments; and the real ``poa`` process gives the same
output and exit code as the Typer app.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from poa_cli.cli import fast, root, static

from .conftest import poa_process

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_the_generated_table_and_help_are_current() -> None:
    assert root.fast_table() == static.FAST, "the commands changed: run `make cli-static`"
    assert root.root_help_text() == static.ROOT_HELP, "the help changed: run `make cli-static`"


def test_poa_help_is_typers_help_without_typer(tmp_path: Path) -> None:
    for columns in ("80", "200"):
        proc = poa_process(tmp_path, "--help", env={**os.environ, "COLUMNS": columns})
        assert proc.returncode == 0 and proc.stderr == ""
        assert proc.stdout == static.ROOT_HELP
    # And without importing Typer: the point of it.
    probe = (
        "import sys; sys.argv = ['poa', '--help']; from poa_cli.entry import main; "
        "code = main(); assert 'typer' not in sys.modules, 'typer was imported'; sys.exit(code)"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_a_narrow_terminal_gets_typers_own_help(tmp_path: Path) -> None:
    proc = poa_process(tmp_path, "--help", env={**os.environ, "COLUMNS": "60"})
    assert proc.returncode == 0
    assert max(len(line) for line in proc.stdout.splitlines()) <= 60
    assert "Commands:" in proc.stdout and "translations" in proc.stdout


# --------------------------------------------------------------------------- both parsers


def typer_arguments(words: tuple[str, ...], tokens: list[str]) -> dict[str, Any] | None:
    """The arguments the Typer app gives the command's work, or None when it refuses."""
    command = static.FAST[words]
    module, _, name = command["run"].partition(":")
    target = __import__(f"poa_cli.cli.run.{module}", fromlist=[name])
    seen: list[dict[str, Any]] = []
    original = getattr(target, name)
    setattr(target, name, lambda **kw: seen.append(kw))
    try:
        click_app = typer.main.get_command(root.build_app(None))
        try:
            click_app.main(args=[*words, *tokens], prog_name="poa", standalone_mode=False)
        except (typer.Exit, SystemExit, Exception):  # a usage error: Typer refused
            return None
    finally:
        setattr(target, name, original)
    return seen[0] if seen else None


def bound(words: tuple[str, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """*kwargs* with the work's defaults filled in (the fast path leaves defaults out)."""
    module, _, name = static.FAST[words]["run"].partition(":")
    work = getattr(__import__(f"poa_cli.cli.run.{module}", fromlist=[name]), name)
    args = inspect.signature(work).bind(**kwargs)
    args.apply_defaults()
    return dict(args.arguments)


def value_for(p: dict[str, Any]) -> st.SearchStrategy[str]:
    if p["type"] == "choice":
        return st.sampled_from([*p["choices"], "nonsense", p["choices"][0].upper()])
    if p["type"] == "int":
        return st.integers(-2, 12).map(str) | st.just("x")
    words = st.sampled_from(["once a year", "DNK", "Denmark", "op-1", "drafts/x", "", "a=b"])
    return words | st.text(alphabet="ab -=_/é", max_size=8)


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[tuple[str, ...], list[str]]:
    words = draw(st.sampled_from(sorted(static.FAST)))
    params = static.FAST[words]["params"]
    tokens: list[str] = []
    for p in draw(st.lists(st.sampled_from(params), max_size=6)):
        if p["kind"] == "argument":
            tokens.append(draw(value_for(p)))
            continue
        name = draw(st.sampled_from(p["opts"] + p["secondary"]))
        if p["flag"]:
            tokens.append(name)
            continue
        value = draw(value_for(p))
        if name.startswith("--") and draw(st.booleans()):
            tokens.append(f"{name}={value}")
        else:
            tokens += [name, value]
    tokens += draw(
        st.lists(st.sampled_from(["--", "-", "--help", "-x", "--nope", "DNK-1"]), max_size=1)
    )
    order = draw(st.permutations(range(len(tokens)))) if draw(st.booleans()) else range(len(tokens))
    return words, [tokens[i] for i in order]


@settings(max_examples=400)
@given(command_lines())
def test_whatever_the_fast_path_accepts_typer_reads_the_same(
    line: tuple[tuple[str, ...], list[str]],
) -> None:
    words, tokens = line
    mine = fast.parse(static.FAST[words]["params"], tokens)
    if mine is None:
        return  # left to Typer, which parses it as always
    theirs = typer_arguments(words, tokens)
    assert theirs is not None, f"the fast path accepted what Typer refuses: {tokens}"
    assert bound(words, mine) == bound(words, theirs), tokens


@pytest.mark.parametrize(
    ("words", "tokens"),
    [
        (("validate",), []),
        (("validate",), ["drafts/a", "drafts/b", "--format", "json", "--strict", "--no-cache"]),
        (("validate",), ["-f", "github", "--signatures"]),
        (("lint",), ["--rule", "spelling", "-r", "quotes", "--format=json", "x"]),
        (("draft", "amend"), ["op-1", "--by", "Denmark", "-b", "Kenya", "--append", "and so on"]),
        (
            ("draft", "amend"),
            ["op-1", "--by", "DNK", "--replace", "a", "--with", "", "--occurrence", "2"],
        ),
        (("draft", "amend"), ["--by", "DNK", "op-1", "--delete-clause", "--dry-run", "-d", "doc"]),
        (("amendments", "list"), ["--format", "json", "--status", "proposed", "--by", "DNK"]),
        (("diff",), ["rev-1", "rev-2", "--format", "json", "-c", "op-meet"]),
        (("diff",), ["rev-1"]),
        (("blame",), ["op-meet", "--rev", "rev-1", "-f", "json"]),
        (("init",), ["neg/poa", "--title", "Founding document", "--symbol", "A/CONF.1/L.1"]),
        (("init",), ["x", "--from-akn", "a.xml", "--from-akn", "b.xml", "--no-commit"]),
        (("init",), ["x", "--title", "T", "--symbol", "S", "--date", "2026-06-15"]),
    ],
)
def test_common_command_lines_take_the_fast_path_with_typers_arguments(
    words: tuple[str, ...], tokens: list[str]
) -> None:
    mine = fast.parse(static.FAST[words]["params"], tokens)
    assert mine is not None, "a plain command line must not need Typer"
    theirs = typer_arguments(words, tokens)
    assert theirs is not None
    assert bound(words, mine) == bound(words, theirs)


@pytest.mark.parametrize(
    ("words", "tokens"),
    [
        (("validate",), ["--help"]),
        (("validate",), ["--format", "xml"]),
        (("validate",), ["--", "doc"]),
        (("draft", "amend"), ["op-1", "--append", "x"]),  # --by is required
        (("draft", "amend"), ["op-1", "op-2", "--by", "DNK", "--append", "x"]),
        (("draft", "amend"), ["op-1", "--by", "DNK", "--occurrence", "0", "--append", "x"]),
        (("draft", "amend"), ["op-1", "--by", "DNK", "--append"]),
        (("draft", "amend"), ["op-1", "--by", "DNK", "--append", "a", "--append", "b"]),
        (("lint",), ["-f=json"]),
    ],
)
def test_anything_unusual_is_left_to_typer(words: tuple[str, ...], tokens: list[str]) -> None:
    assert fast.parse(static.FAST[words]["params"], tokens) is None


# --------------------------------------------------------------------------- end to end


def test_the_process_and_the_typer_app_agree(sample_doc: Path, poa) -> None:
    """The real process (fast path) and the Typer app: same output, same exit codes."""
    cases = [
        ["validate"],
        ["validate", "--format", "json"],
        ["amendments", "list", "--format", "json"],
        ["lint", "--format", "json"],
        ["draft", "amend", "no-such-clause", "--by", "Denmark", "--append", "x"],
        ["draft", "amend", "op-1", "--by", "Nowhereland", "--append", "x"],
        ["validate", "--format", "xml"],
        ["diff", "rev-0", "rev-1", "--format", "json"],
        ["diff", "HEAD~1", "HEAD", "--format", "json"],
        ["blame", "op-meet", "--format", "json"],
        ["blame", "no-such-clause"],
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    for args in cases:
        proc = poa_process(sample_doc, *args, env=env)
        typer_run = poa(sample_doc, *args)
        assert proc.returncode == typer_run.exit_code, args
        assert proc.stdout == typer_run.stdout, args
        if proc.returncode:
            assert proc.stderr.strip() and "Traceback" not in proc.stderr, args
