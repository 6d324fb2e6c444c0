"""Reporters: a validation result as text, JSON or GitHub annotations."""

from __future__ import annotations

import json

from poa_cli.domain.diagnostics import Result, to_json


def _escape_github(value: str, *, prop: bool = False) -> str:
    """Escape a value for a GitHub workflow command (``::error …::message``)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(result: Result) -> str:
    """Return one ``::error``/``::warning`` annotation line per diagnostic, then a summary."""
    lines = []
    for d in result.diagnostics:
        props = [f"file={_escape_github(d.path, prop=True)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
        if d.column is not None:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_github('poa ' + d.rule, prop=True)}")
        lines.append(f"::{d.severity} {','.join(props)}::{_escape_github(d.message)}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def text(result: Result) -> str:
    """Return ``path:line:col: severity [rule] message`` lines and a summary line."""
    lines = [f"{d.location()}: {d.severity} [{d.rule}] {d.message}" for d in result.diagnostics]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result: Result) -> str:
    """Return the closing line: what was checked and what was found."""
    docs = len(result.documents)
    head = f"{docs} document{'s' if docs != 1 else ''}, {result.files} files"
    if not result.diagnostics:
        return f"{head}: {result.clean}"
    e, w = len(result.errors), len(result.warnings)
    return f"{head}: {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def as_json(result: Result) -> str:
    """Return the JSON report (see docs/commands.md)."""
    return json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n"
