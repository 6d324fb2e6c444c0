"""``poa lint``: the UN's drafting rules over a document's clauses, placed on lines.

The rules themselves are pure (:mod:`poa_cli.domain.lint`); this reads the
clause files through the parse cache, runs them in reading order, and turns each
finding into a :class:`~poa_cli.actions.validate.Diagnostic` with the file, line and
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

from poa_cli.actions.validate import ERROR, Diagnostic, Result, _display
from poa_cli.domain import lint as rules_
from poa_cli.domain.model import Clause
from poa_cli.errors import PoaError
from poa_cli.storage import store, yamlio
from poa_cli.storage.cache import (
    ParseCache,
    folder_signature,
    memo_file,
    read_folder,
    read_memo,
    rt_tree,
    write_memo,
)


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
        result.documents.append(_display(root))
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
            root, Path(__file__), Path(rules_.__file__), parts=("", store.CLAUSES)
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
    found = read_folder(cache, root / store.CLAUSES, "clause")
    cache.save()
    diagnostics: list[Diagnostic] = []
    clauses: dict[str, Clause] = {}
    for stem, (path, check) in found.items():
        if check.problems:
            line, column, rule, message = check.problems[0]
            diagnostics.append(
                Diagnostic(
                    _display(path), line, column, rule,
                    f"{message} (fix it first: 'poa validate' says more)", ERROR, stem,
                )
            )  # fmt: skip
            continue
        try:
            clauses[stem] = store.clause_from_data(check.data, path)
        except PoaError as exc:
            diagnostics.append(Diagnostic(_display(path), 1, 1, "schema", exc.message, ERROR, stem))
    order = [c for c in meta.clause_order() if c in clauses]
    order += sorted(c for c in clauses if c not in set(order))
    findings = rules_.lint((clauses[c] for c in order), numbering=meta.numbering, rules=rules)
    trees: dict[Path, Any] = {}
    for f in findings:
        path = store.clause_path(root, f.clause)
        if path not in trees:
            trees[path] = rt_tree(path)
        line, column = _place(path, trees[path], f)
        diagnostics.append(
            Diagnostic(_display(path), line, column, f.rule, f.message, ERROR, f.clause)
        )
    return len(found), diagnostics


def _place(path: Path, tree: Any, f: rules_.Finding) -> tuple[int | None, int | None]:
    """The line and column of finding *f*: the text's own, plus the offset on a one-line value."""
    pos = yamlio.line_of(tree, f.at) if tree is not None else None
    if pos is None:
        return None, None
    line, column = pos
    if f.offset:
        try:
            source = yamlio.read_text(path).split("\n")[line - 1]
        except (PoaError, IndexError):
            return line, column
        start = source[column - 1 : column]
        body = source[column:] if start in "\"'" else source[column - 1 :]
        # Only a one-line value maps an offset to a column (escapes aside).
        if len(body) > f.offset:
            column += f.offset + (1 if start in "\"'" else 0)
    return line, column
