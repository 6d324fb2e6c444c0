"""What a check found: a diagnostic (file, line, column, rule, message) and a run's result.

Light on purpose (the standard library only): ``validate`` and ``lint`` answer
an unchanged document from their memo (:mod:`poa_cli.actions.remembered`)
with these types, without loading the rules that made them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, which rule, what to say."""

    path: str
    line: int | None
    column: int | None
    rule: str
    message: str
    severity: str = ERROR
    clause: str | None = None  # the clause the file holds, for a clause file

    def location(self) -> str:
        """Return ``path:line:col`` with as much as is known."""
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc


@dataclass
class Result:
    """The diagnostics of one validation run and what was checked."""

    documents: list[str] = field(default_factory=list)
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    clean: str = "valid"  # what the summary says when nothing was found ("no findings": lint)

    @property
    def errors(self) -> list[Diagnostic]:
        """Return the diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Return the diagnostics of severity warning."""
        return [d for d in self.diagnostics if d.severity == WARNING]

    def ok(self, strict: bool = False) -> bool:
        """Return True when there are no errors (and, if *strict*, no warnings)."""
        return not self.errors and not (strict and self.warnings)


def to_json(result: Result) -> dict[str, Any]:
    """Return the JSON report of *result* (documented in docs/commands.md)."""
    return {
        "ok": result.ok(),
        "documents": result.documents,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "diagnostics": [dict(vars(d)) for d in result.diagnostics],  # asdict deep-copies: slow
    }


def display(path: Path, cwd: str | None = None) -> str:
    """The path as the user would type it from here (relative to the working directory)."""
    folder = _relative_folder(str(path.parent), cwd or os.getcwd())
    return path.name if folder == "." else os.path.join(folder, path.name)


@lru_cache(maxsize=256)
def _relative_folder(folder: str, cwd: str) -> str:
    try:
        return os.path.relpath(folder, cwd)
    except ValueError:
        return folder
