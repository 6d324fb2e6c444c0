"""The root Typer app: one module per command group registers its commands.

Typer turns every registered function into a click command each time the app
runs, which costs about a millisecond per command. :func:`main` therefore builds
the root app with only the group the arguments name (``poa draft amend …``
builds ``draft`` and ``amendments``); ``poa --help`` and anything it cannot
place get the whole app. ``app`` (the whole app) is built on first use, for
tests and for tools that introspect the command line.
"""

import importlib
import sys
from functools import cache
from typing import Annotated, Any

import typer

from poa_cli import __version__
from poa_cli.cli.common import new_app, set_debug

# Which module registers each top-level command, in the order --help lists them.
COMMANDS: dict[str, str] = {
    "init": "chair",
    "section": "chair",
    "clause": "chair",
    "paragraph": "chair",
    "document": "chair",
    "draft": "draft",
    "amendments": "draft",
    "validate": "validate",
    "lint": "lint",
    "silence": "silence",
    "states": "states",
    "consolidate": "revisions",
    "diff": "revisions",
    "history": "revisions",
    "blame": "revisions",
    "render": "render",
    "translations": "translations",
    "status": "status",
    "site": "site",
}
_ROOT_FLAGS = {"--debug"}  # root options that take no value


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"poa {__version__}\n")
        raise typer.Exit()


def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    set_debug(debug)
    from poa_cli import interrupts

    interrupts.reset()  # each command starts with nothing committed


def build_app(modules: list[str] | None = None) -> typer.Typer:
    """Return the root app with the commands of *modules* (default: all of them)."""
    root = new_app(
        "Draft, amend, version and print the founding document of the UN Programme of "
        "Action on ICTs (the PoA).\n\n"
        "Example: poa init negotiation/poa --title 'Founding document' --symbol A/CONF.1/L.1",
        completion=True,
    )
    root.callback()(_root)
    for name in modules if modules is not None else list(dict.fromkeys(COMMANDS.values())):
        importlib.import_module(f"poa_cli.cli.{name}").register(root)
    return root


@cache
def _whole_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str) -> Any:
    if name == "app":
        return _whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def root_help_text() -> str:
    """Return what ``poa --help`` prints in a terminal of 80 columns or more."""
    import contextlib
    import io
    import os

    out = io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        with contextlib.redirect_stdout(out):
            main(["--help"])
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return out.getvalue()


# The commands the fast path runs without Typer, and their work in poa_cli.cli.run.
FAST: dict[tuple[str, ...], str] = {
    ("validate",): "validate:validate",
    ("lint",): "lint:lint",
    ("draft", "amend"): "draft:amend",
    ("amendments", "list"): "draft:amendments_list",
    ("diff",): "revisions:diff",
    ("blame",): "revisions:blame",
    ("init",): "chair:init",
}


def fast_table() -> dict[tuple[str, ...], dict[str, Any]]:
    """Return, for each command of :data:`FAST`, its work and its parameters as Typer sees them.

    Raises ValueError for a parameter the fast path cannot parse as Typer would
    (a callback, an environment variable, a path that must exist …): such a
    command stays with Typer.
    """
    import inspect
    import typing

    from typer.main import get_command

    root = get_command(_whole_app())
    table: dict[tuple[str, ...], dict[str, Any]] = {}
    for words, target in FAST.items():
        command: Any = root
        for word in words:
            command = command.commands[word]
        module, _, name = target.partition(":")
        work = getattr(importlib.import_module(f"poa_cli.cli.run.{module}"), name)
        hints = typing.get_type_hints(work)
        where = f"poa {' '.join(words)}"
        params = [_param_spec(p, hints, where) for p in command.params if p.name != "help"]
        if set(inspect.signature(work).parameters) != {p["name"] for p in params}:
            raise ValueError(f"{where}: {target} does not take exactly its options")
        table[words] = {"run": target, "params": params}
    return table


def _param_spec(param: Any, hints: dict[str, Any], where: str) -> dict[str, Any]:
    """Return what the fast path needs to parse *param* as Typer does."""
    from enum import Enum

    from typer._click import types
    from typer._types import TyperChoice
    from typer.core import TyperArgument
    from typer.models import TyperPath

    if param.callback is not None or param.envvar or getattr(param, "prompt", None):
        raise ValueError(f"{where}: {param.name} has a callback, envvar or prompt")
    spec: dict[str, Any] = {
        "name": param.name,
        "kind": "argument" if isinstance(param, TyperArgument) else "option",
        "required": bool(param.required),
        "nargs": param.nargs,
        "multiple": bool(getattr(param, "multiple", False)),
    }
    if spec["kind"] == "option":
        spec["opts"] = list(param.opts)
        spec["secondary"] = list(param.secondary_opts)
        spec["flag"] = bool(param.is_flag)
        if param.is_flag:
            if param.count or param.multiple:
                raise ValueError(f"{where}: {param.name} is not a plain flag")
            spec["type"] = "bool"
            return spec
    kind = param.type
    if isinstance(kind, TyperChoice):
        if not kind.case_sensitive:
            raise ValueError(f"{where}: {param.name} is not case-sensitive")
        enum = hints[param.name]
        if not (isinstance(enum, type) and issubclass(enum, Enum)):
            raise ValueError(f"{where}: {param.name} is a choice but no Enum")
        spec.update(
            type="choice", choices=[str(c) for c in kind.choices],
            enum=f"{enum.__module__}:{enum.__qualname__}",
        )  # fmt: skip
    elif isinstance(kind, TyperPath):
        if kind.exists or kind.resolve_path or kind.allow_dash or kind.type is not None:
            raise ValueError(f"{where}: {param.name} checks or converts its path")
        spec["type"] = "path"
    elif isinstance(kind, types.IntRange):
        if kind.min_open or kind.max_open or kind.clamp:
            raise ValueError(f"{where}: {param.name} has an open or clamped range")
        spec.update(type="int", min=kind.min, max=kind.max)
    elif kind is types.INT:
        spec["type"] = "int"
    elif kind is types.STRING:
        spec["type"] = "str"
    else:
        raise ValueError(f"{where}: {param.name} has type {kind!r}")
    return spec


def write_static() -> None:
    """Write ``poa_cli/cli/static.py``: the root help and the fast path's table."""
    import json
    import pprint
    from pathlib import Path

    lines = "\n".join(
        f"    {json.dumps(line, ensure_ascii=False)}" for line in root_help_text().splitlines(True)
    )
    table = pprint.pformat(fast_table(), width=96, sort_dicts=False)
    path = Path(__file__).with_name("static.py")
    path.write_text(
        '"""Generated by ``make cli-static`` from the Typer app (do not edit).\n\n'
        "ROOT_HELP is what ``poa --help`` prints; FAST is what :mod:`poa_cli.cli.fast`\n"
        "parses. tests/test_fast_cli.py checks both against Typer.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "TYPE_CHECKING = False  # typing itself is not imported: poa --help and validate are fast\n"
        "if TYPE_CHECKING:\n"
        "    from typing import Any\n\n"
        f"ROOT_HELP = (\n{lines}\n)\n\n"
        f"FAST: dict[tuple[str, ...], dict[str, Any]] = {table}\n",
        encoding="utf-8",
    )


def modules_for(argv: list[str]) -> list[str] | None:
    """Return the modules *argv* needs, or None for the whole app."""
    for arg in argv:
        if arg in _ROOT_FLAGS:
            continue
        return [COMMANDS[arg]] if arg in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    """Run poa with *argv* (default: the process arguments); return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        build_app(modules_for(args))(args=args, prog_name="poa")
    except KeyboardInterrupt:
        sys.stderr.write("poa: interrupted\n")
        return 130
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
