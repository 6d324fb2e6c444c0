"""The layout keeps its promises: one owner per outside thing, no import cycles.

Read from the source (no import runs), so a new module that breaks a rule fails
here with its name, whichever branch it came from.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "poa_cli"
GENERATED = PACKAGE / "validators"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if GENERATED in path.parents:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


#: Known exceptions to the layers, each with its reason.
LAYER_EXCEPTIONS = {
    # The shipped list of proposers is package data, read as JSON; ruamel (through
    # yamlio) is used only to regenerate that JSON from the YAML people edit, or
    # when the JSON is missing. Left for a later change: moving it would break the
    # `python -m poa_cli.domain.proposers` regeneration other work relies on.
    "poa_cli.domain.proposers -> poa_cli.storage",
    "poa_cli.domain.proposers -> poa_cli.storage.yamlio",
    # The Akoma Ntoso export (issue 11) lays the text out as the clean and compilation
    # papers do, so it reuses render's revision loading and printed layout. It stays in
    # actions/ while issue 11's remaining work lands on it; the render pipeline does not
    # import it (the CLI calls it), so there is no cycle. Moving it to render/akn.py is
    # the follow-up.
    "poa_cli.actions.akn_export -> poa_cli.render",
    "poa_cli.actions.akn_export -> poa_cli.render.people",
    "poa_cli.actions.akn_export -> poa_cli.render.views",
    # `poa status --revisions --format html` (issue 15) draws its bars in actions/status.py
    # with render's revision loading and the positions view's hatching; its HTML
    # belongs in render/, a follow-up like akn_export's.
    "poa_cli.actions.status -> poa_cli.render",
    "poa_cli.actions.status -> poa_cli.render.positions",
}


@functools.cache
def _parsed() -> tuple[tuple[str, Path, ast.Module], ...]:
    return tuple(
        (name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for name, path in MODULES.items()
    )


def _trees() -> Iterator[tuple[str, Path, ast.Module]]:
    yield from _parsed()


def _imported(tree: ast.Module) -> Iterator[tuple[ast.stmt, str]]:
    """Every (statement, module name) imported anywhere in *tree*, functions included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    yield node, f"{node.module}.{alias.name}"


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of nodes inside ``if TYPE_CHECKING:`` blocks (never run)."""
    out: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for n in ast.walk(node)}
    return out


def _importers(library: str) -> set[str]:
    return {
        name
        for name, _path, tree in _trees()
        for _node, module in _imported(tree)
        if module == library or module.startswith(library + ".")
    }


@pytest.mark.parametrize(
    ("library", "owners"),
    [
        ("ruamel", {"poa_cli.storage.yamlio"}),
        ("weasyprint", {"poa_cli.render.pdf"}),
    ],
)
def test_one_module_owns_each_outside_library(library: str, owners: set[str]) -> None:
    """Only yamlio touches ruamel, only the PDF writer WeasyPrint."""
    assert _importers(library) == owners


def test_xml_and_office_libraries_stay_in_formats() -> None:
    """lxml, python-docx and translate-toolkit are outside formats: formats/ owns them."""
    for library in ("lxml", "docx", "translate"):
        outside = {m for m in _importers(library) if not m.startswith("poa_cli.formats.")}
        assert outside == set(), library


def test_only_vcs_names_the_git_program() -> None:
    """No module but vcs builds a ``git …`` command line (a list or tuple starting "git")."""
    found = set()
    for name, _path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
                first = node.elts[0]
                if isinstance(first, ast.Constant) and first.value == "git":
                    found.add(name)
    assert found <= {"poa_cli.storage.vcs"}


def _graph() -> dict[str, set[str]]:
    """Module → the poa_cli modules it imports (function-level imports included)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, _path, tree in _trees():
        skip = _type_checking_only(tree)
        for node, module in _imported(tree):
            if id(node) not in skip and module in MODULES and module != name:
                graph[name].add(module)
    return graph


def test_no_import_cycles() -> None:
    """The import graph (function-level imports included) has no cycle."""
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_layers_point_one_way() -> None:
    """domain imports no storage, actions, render or cli; storage no actions, render or cli;
    nothing imports cli but cli (and the entry point)."""
    forbidden = {
        "poa_cli.domain.": ("poa_cli.storage", "poa_cli.actions", "poa_cli.render", "poa_cli.cli"),
        "poa_cli.storage.": ("poa_cli.actions", "poa_cli.render", "poa_cli.cli"),
        "poa_cli.actions.": ("poa_cli.render", "poa_cli.cli"),
        "poa_cli.render.": ("poa_cli.cli",),
    }
    wrong: list[str] = []
    for name, imports in _graph().items():
        for prefix, banned in forbidden.items():
            if name.startswith(prefix):
                wrong += [f"{name} -> {m}" for m in imports if m.startswith(banned)]
    assert set(wrong) - LAYER_EXCEPTIONS == set()


def test_function_level_imports_of_poa_only_in_the_command_line() -> None:
    """Outside cli/ (where they keep ``poa --help`` fast) poa's modules import at the top."""
    late = []
    for name, path, tree in _trees():
        if name.startswith("poa_cli.cli") or name == "poa_cli.entry":
            continue
        top = {id(n) for n in tree.body} | _type_checking_only(tree)
        for node, module in _imported(tree):
            if module.startswith("poa_cli") and id(node) not in top:
                late.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {module}")
    assert late == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports_on_its_own(name: str) -> None:
    """Each module imports in a fresh interpreter: no order-dependent import."""
    if name in ("poa_cli.__main__",):
        pytest.skip("running it is running poa")
    proc = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
