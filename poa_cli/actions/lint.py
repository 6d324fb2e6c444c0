"""``poa lint``: the UN's drafting rules over a document's clauses, placed on lines.

The rules themselves are pure (:mod:`poa_cli.domain.lint`); this reads the
clause files through the parse cache, runs them in reading order, and turns each
finding into a :class:`~poa_cli.domain.diagnostics.Diagnostic` with the file, line and
column it concerns, so ``poa lint`` prints exactly what ``poa validate`` prints
and the same reporters serve both. A folder unchanged since the last run (every
file's name, size, mtime and inode) gives the last run's answer without reading
a file, as ``validate`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from poa_cli.domain import lint as rules_
from poa_cli.domain.diagnostics import ERROR, Diagnostic, Result, display
from poa_cli.domain.model import Clause
from poa_cli.errors import PoaError
from poa_cli.storage import codec, layout, store, yamlio
from poa_cli.storage.cache import (
    ParseCache,
    folder_signature,
    memo_file,
    read_folder,
    read_memo,
    write_memo,
)
from poa_cli.storage.schemas import rt_tree


def lint(roots: Iterable[Path], *, rules: Sequence[str] = (), use_cache: bool = True) -> Result:
    """Lint each document folder in *roots*; return every finding as a diagnostic.

    *rules* keeps only those rule ids. Raises PoaError for an unknown rule id and
    for a document.yaml poa cannot read.
    """
    unknown = sorted(set(rules) - set(rules_.RULES))
    if unknown:
        raise PoaError(
            f"unknown rule {', '.join(unknown)}",
            hint="'poa lint --list-rules' lists them",
        )
    result = Result(clean="no findings")
    for root in roots:
        result.documents.append(display(root))
        files, diags = lint_document(root, rules=rules, use_cache=use_cache)
        result.files += files
        result.diagnostics.extend(diags)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.column or 0, d.rule))
    return result


def lint_document(
    root: Path, *, rules: Sequence[str] = (), use_cache: bool = True
) -> tuple[int, list[Diagnostic]]:
    """Return (clause files read, diagnostics) for the document at *root*."""
    memo = memo_file(root, "lint") if use_cache else None
    key = None
    if memo is not None:
        # Lint reads document.yaml and the clauses: thousands of amendments need no stat.
        sig = folder_signature(
            root, Path(__file__), Path(rules_.__file__), parts=("", layout.CLAUSES)
        )
        key = f"{sig}|{','.join(sorted(rules))}" if sig is not None else None
    cached = read_memo(memo, key)
    if cached is not None:
        return int(cached["files"]), [Diagnostic(**d) for d in cached["diagnostics"]]
    files, diagnostics = _lint_document(root, rules, use_cache)
    write_memo(memo, key, {"files": files, "diagnostics": [asdict(d) for d in diagnostics]})
    return files, diagnostics


def _lint_document(
    root: Path, rules: Sequence[str], use_cache: bool
) -> tuple[int, list[Diagnostic]]:
    meta = store.load_meta(root)
    cache = ParseCache(root, use_cache)
    found = read_folder(cache, root / layout.CLAUSES, "clause")
    cache.save()
    diagnostics: list[Diagnostic] = []
    clauses: dict[str, Clause] = {}
    for stem, (path, check) in found.items():
        if check.problems:
            line, column, rule, message = check.problems[0]
            diagnostics.append(
                Diagnostic(
                    display(path), line, column, rule,
                    f"{message} (fix it first: 'poa validate' says more)", ERROR, stem,
                )
            )  # fmt: skip
            continue
        try:
            clauses[stem] = codec.clause_from_data(check.data, path)
        except PoaError as exc:
            diagnostics.append(Diagnostic(display(path), 1, 1, "schema", exc.message, ERROR, stem))
    listed = [c for c in meta.clause_order() if c in clauses]
    order = listed + sorted(set(clauses) - set(listed))
    findings = rules_.lint((clauses[c] for c in order), numbering=meta.numbering, rules=rules)
    placer: dict[Path, _Placer] = {}
    for f in findings:
        path, keys = found[f.clause][0], found[f.clause][1].keys
        if path not in placer:
            placer[path] = _Placer(path, keys)
        line, column = placer[path].place(f)
        diagnostics.append(
            Diagnostic(display(path), line, column, f.rule, f.message, ERROR, f.clause)
        )
    return len(found), diagnostics


class _Placer:
    """Puts findings of one clause file on its lines.

    A clause's own ``text`` is placed from the line the parse cache recorded for
    each top-level key; a sub-paragraph or a footnote needs the round-trip tree,
    parsed only then (a few milliseconds a file).
    """

    def __init__(self, path: Path, keys: dict[str, int]) -> None:
        self.path = path
        self.keys = keys
        self._lines: list[str] | None = None
        self._tree: Any = None
        self._parsed = False

    def lines(self) -> list[str]:
        if self._lines is None:
            try:
                self._lines = yamlio.read_text(self.path).split("\n")
            except PoaError:
                self._lines = []
        return self._lines

    def place(self, f: rules_.Finding) -> tuple[int | None, int | None]:
        """The line and column of *f*: its text's, plus the offset on a one-line value."""
        lines = self.lines()
        pos: tuple[int, int] | None = None
        key = f.at[0] if len(f.at) == 1 else None
        if isinstance(key, str) and key in self.keys and self.keys[key] <= len(lines):
            line = self.keys[key]
            source = lines[line - 1]
            after = source.find(":") + 1
            while after < len(source) and source[after] == " ":
                after += 1
            pos = (line, after + 1)
        else:
            if not self._parsed:
                self._tree, self._parsed = rt_tree(self.path), True
            pos = yamlio.line_of(self._tree, f.at) if self._tree is not None else None
        if pos is None:
            return None, None
        line, column = pos
        if f.offset and line <= len(lines):
            source = lines[line - 1]
            start = source[column - 1 : column]
            quoted = start in ('"', "'")
            body = source[column:] if quoted else source[column - 1 :]
            # Only a one-line value maps an offset to a column (escapes aside).
            if len(body) > f.offset:
                column += f.offset + (1 if quoted else 0)
        return line, column
