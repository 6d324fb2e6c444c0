"""The diagnostics of an unchanged document, as the last ``poa validate`` found them.

Kept under the key of :func:`poa_cli.actions.remembered.slot`: read when the
printed report asked for is not kept (another ``--format``, other documents),
so the rules still do not load.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from poa_cli.actions.remembered import Slot, slot
from poa_cli.domain.diagnostics import Diagnostic, Result, display
from poa_cli.storage.cache import read_memo, write_memo


def recall(root: Path, where: Slot | None = None) -> tuple[int, list[Diagnostic]] | None:
    """Return (files checked, diagnostics) as the last run found them, or None."""
    cached = read_memo(*(where or slot(root)))
    if cached is None:
        return None
    return int(cached["files"]), [Diagnostic(**d) for d in cached["diagnostics"]]


def remember(where: Slot, files: int, diagnostics: Sequence[Diagnostic]) -> None:
    """Keep the answer at *where* (from :func:`slot`, taken before the files were read)."""
    answer = {"files": files, "diagnostics": [dict(vars(d)) for d in diagnostics]}
    write_memo(*where, answer)


def collect(parts: Iterable[tuple[Path, int, Sequence[Diagnostic]]]) -> Result:
    """Return the result of a run over several documents, diagnostics in report order."""
    result = Result()
    for root, files, diagnostics in parts:
        result.documents.append(display(root))
        result.files += files
        result.diagnostics.extend(diagnostics)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.column or 0, d.rule))
    return result


def recall_all(roots: Sequence[Path], slots: Mapping[Path, Slot]) -> Result | None:
    """Return the result of validating *roots* when every one is unchanged, else None
    (*slots*: each root's :func:`slot`, taken once for the whole command)."""
    parts = []
    for root in roots:
        answer = recall(root, slots[root])
        if answer is None:
            return None
        parts.append((root, *answer))
    return collect(parts)
