"""The command line as a whole: help with examples, exit codes, poa states."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import typer

from poa_cli.cli import app

from .conftest import poa_process


def all_commands() -> list[tuple[str, ...]]:
    """Every leaf command as its words, e.g. ('clause', 'add')."""
    root = typer.main.get_command(app)
    out: list[tuple[str, ...]] = []

    def walk(cmd: Any, words: tuple[str, ...]) -> None:
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                walk(child, (*words, name))
        else:
            out.append(words)

    walk(root, ())
    return out


def test_the_command_contract_is_there() -> None:
    names = {" ".join(c) for c in all_commands()}
    contract = {
        "init", "validate", "states", "section add",
        "clause add", "clause edit", "clause move", "clause list", "clause show",
    }  # fmt: skip
    assert contract <= names


@pytest.mark.parametrize("words", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(
    words: tuple[str, ...], tmp_path: Path, poa
) -> None:
    run = poa(tmp_path, *words, "--help")
    assert run.exit_code == 0
    assert "Example: poa " in " ".join(run.stdout.split())


def test_version_and_usage_errors(tmp_path: Path, poa) -> None:
    run = poa(tmp_path, "--version")
    assert run.exit_code == 0 and run.stdout.startswith("poa ")
    assert poa(tmp_path, "clause", "frobnicate").exit_code == 2
    assert poa(tmp_path, "clause", "add").exit_code == 2


def test_no_document_is_a_one_line_error(tmp_path: Path) -> None:
    proc = poa_process(tmp_path, "clause", "list")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert "no document here" in proc.stderr and "poa init" in proc.stderr


def test_python_dash_m_works(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "poa_cli", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0 and proc.stdout.startswith("poa ")


def test_states_lists_and_searches(tmp_path: Path, poa) -> None:
    run = poa(tmp_path, "states", "--format", "json")
    rows = json.loads(run.stdout)
    assert sum(r["kind"] == "member-state" for r in rows) == 193
    found = poa(tmp_path, "states", "turkey").stdout
    assert "TUR" in found and "Türkiye" in found
    miss = poa(tmp_path, "states", "Denmrk")
    assert miss.exit_code == 1 and "did you mean Denmark" in miss.stderr


def _shape(cmd: Any) -> Any:
    """A command's words, options and help, as nested data, for comparison."""
    params = [(p.name, tuple(getattr(p, "opts", ())), getattr(p, "help", None)) for p in cmd.params]
    sub = getattr(cmd, "commands", None)
    children = {name: _shape(child) for name, child in (sub or {}).items()}
    return (cmd.help, params, children)


def test_each_group_built_alone_is_the_group_of_the_whole_app() -> None:
    """main() builds only the group the arguments name; it must be the same group."""
    from poa_cli.cli import COMMANDS, build_app, modules_for

    whole = typer.main.get_command(app)
    assert set(COMMANDS) == set(whole.commands), "every top-level command maps to its module"
    for name, module in COMMANDS.items():
        alone = typer.main.get_command(build_app([module]))
        assert _shape(alone.commands[name]) == _shape(whole.commands[name]), name
        assert modules_for([name, "--help"]) == [module]
        assert modules_for(["--debug", name]) == [module]
    assert modules_for([]) is None
    assert modules_for(["--help"]) is None
    assert modules_for(["no-such-command"]) is None


def test_a_narrow_terminal_gets_typers_own_help(tmp_path: Path) -> None:
    proc = poa_process(tmp_path, "--help", env={**os.environ, "COLUMNS": "60"})
    assert proc.returncode == 0
    assert max(len(line) for line in proc.stdout.splitlines()) <= 60
    assert "Commands:" in proc.stdout and "translations" in proc.stdout
