"""One exception tree for everything poa refuses, and the exit codes it maps to.

Core code raises a :class:`PoaError` (or a subclass) carrying the file and line it
concerns; the CLI's single handler prints :meth:`PoaError.one_line` and exits 1.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_USER = 1  # validation or user error
EXIT_USAGE = 2  # bad command line
EXIT_BUG = 3  # an unexpected exception: a bug in poa
EXIT_INTERRUPTED = 130  # Ctrl-C


class PoaError(Exception):
    """A refusal the user can act on: a message, and the file and line it concerns."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        """Return ``file:line:col`` (as much of it as is known), or ``""``."""
        if self.path is None:
            return ""
        loc = display_path(self.path)
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def one_line(self) -> str:
        """Return the single line the CLI prints: ``file:line: message (hint)``."""
        text = " ".join(self.message.split())
        if self.hint:
            text += f" ({' '.join(self.hint.split())})"
        loc = self.location()
        return f"{loc}: {text}" if loc else text


class UsageError(PoaError):
    """A command line that asks for something impossible: exit 2, like click's own checks."""


class YamlError(PoaError):
    """A file is not YAML poa accepts: syntax, size, depth, aliases, tags, duplicates."""


class SchemaError(PoaError):
    """A file parsed but does not follow its JSON Schema."""


class NotFound(PoaError):
    """A document, clause, section, amendment or revision that does not exist."""


class UnknownProposer(PoaError):
    """A State, group or stakeholder name that resolves to nobody."""


class Conflict(PoaError):
    """The operation would collide with existing content (an id, an order, an anchor)."""


class GitError(PoaError):
    """The git repository is in a state poa will not write into."""


class LockTimeout(PoaError):
    """Another poa process held the document lock for too long."""


def display_path(path: Path) -> str:
    """Return *path* relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
