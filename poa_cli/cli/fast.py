"""The most used commands run without importing Typer.

Importing Typer (and click beneath it) and building the command costs several
times an interpreter's start-up, more than ``poa validate`` on a primed cache
or ``poa draft amend`` spend on their work. So ``poa --help`` and the commands
in :data:`poa_cli.cli.static.FAST` are parsed here, from a table that
``make cli-static`` generates from the Typer app itself (every option's
names, whether it is a flag or repeats, its type and choices), and their work
in :mod:`poa_cli.cli.run` is called with exactly the arguments Typer would
pass (tests/test_fast_cli.py holds both paths to the same arguments on
generated command lines).

Only plain, well-formed command lines take this path. Anything else (``--help``
after a command, an unknown or repeated option, a missing value or argument, a
value out of range, ``--``, bundled short options, a terminal narrower than 80
columns for the root help) returns None, and Typer parses it, printing its own
usage errors and help.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

TYPE_CHECKING = False  # typing itself is not imported: it costs more than parsing here
if TYPE_CHECKING:
    from typing import Any

    Spec = dict[str, Any]


def run(args: list[str]) -> int | None:
    """Run *args* without Typer and return the exit code, or None to leave them to Typer."""
    from poa_cli.cli.static import FAST, ROOT_HELP

    if args == ["--help"]:
        import shutil

        if shutil.get_terminal_size().columns < 80:
            return None
        sys.stdout.write(ROOT_HELP)
        return 0
    if args == ["--version"]:
        from poa_cli import __version__

        sys.stdout.write(f"poa {__version__}\n")
        return 0
    for words, command in FAST.items():
        n = len(words)
        if tuple(args[:n]) == words:
            kwargs = parse(command["params"], args[n:])
            if kwargs is None:
                return None
            return call(command["run"], kwargs)
    return None


def call(target: str, kwargs: dict[str, Any]) -> int:
    """Call ``module:function`` (in poa_cli.cli.run) with *kwargs* under the one handler."""
    from poa_cli import interrupts
    from poa_cli.cli.base import outcome, set_debug

    set_debug(False)  # POA_DEBUG still applies; --debug itself goes through Typer
    interrupts.reset()
    module, _, name = target.partition(":")
    function = getattr(import_module(f"poa_cli.cli.run.{module}"), name)
    return outcome(lambda: function(**kwargs))


def parse(params: list[Spec], tokens: list[str]) -> dict[str, Any] | None:
    """Return the keyword arguments *tokens* give, or None when Typer should parse them.

    Options not given are left out (the function's defaults are Typer's).
    """
    by_name: dict[str, tuple[Spec, bool]] = {}
    arguments: list[Spec] = []
    for p in params:
        if p["kind"] == "argument":
            arguments.append(p)
            continue
        for opt in p["opts"]:
            by_name[opt] = (p, True)
        for opt in p["secondary"]:
            by_name[opt] = (p, False)
    values: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "-":
            return None  # standard input as a file: Typer decides
        if not token.startswith("-"):
            positional.append(token)
            continue
        name, eq, attached = token.partition("=")
        if eq and not name.startswith("--"):
            return None  # -f=json: click reads the value as "=json"
        if name not in by_name:
            return None  # --help, --, -abc, a typo: Typer says what it is
        p, primary = by_name[name]
        key = p["name"]
        if p["flag"]:
            if eq or (key in values and not p["multiple"]):
                return None
            values[key] = primary
            continue
        if eq:
            raw = attached
        else:
            if i >= len(tokens) or tokens[i].startswith("-"):
                return None
            raw = tokens[i]
            i += 1
        value = convert(p, raw)
        if value is None:
            return None
        if p["multiple"]:
            values.setdefault(key, []).append(value)
        elif key in values:
            return None
        else:
            values[key] = value
    for p in params:
        if p["kind"] == "option" and p["required"] and p["name"] not in values:
            return None
    for p in arguments:
        if p["nargs"] == -1:
            converted = [convert(p, raw) for raw in positional]
            if any(v is None for v in converted):
                return None
            if converted:
                values[p["name"]] = converted
            elif p["required"]:
                return None
            positional = []
        elif positional:
            value = convert(p, positional.pop(0))
            if value is None:
                return None
            values[p["name"]] = value
        elif p["required"]:
            return None
    if positional:
        return None  # more arguments than the command takes
    return values


def convert(p: Spec, raw: str) -> Any:
    """Return *raw* as the parameter's type (as Typer converts it), or None when it is not."""
    kind = p["type"]
    if kind == "str":
        return raw
    if kind == "path":
        return Path(raw) if raw else None
    if kind == "int":
        try:
            number = int(raw)
        except ValueError:
            return None
        low, high = p.get("min"), p.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            return None
        return number
    if kind == "choice":
        if raw not in p["choices"]:
            return None
        module, _, name = p["enum"].partition(":")
        return getattr(import_module(module), name)(raw)
    return None
