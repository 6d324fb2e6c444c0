"""``poa validate``: every schema and cross-file check, for people and for CI."""

import sys
from pathlib import Path

from poa_cli.cli.base import Exit
from poa_cli.cli.output import ReportFormat


def validate(
    *,
    docs: list[Path] | None = None,
    fmt: ReportFormat = ReportFormat.TEXT,
    strict: bool = False,
    cache: bool = True,
    signatures: bool | None = None,
) -> None:
    """Validate *docs* (default: the document here, else every one below); print the report."""
    from poa_cli.actions import remembered
    from poa_cli.errors import NotFound
    from poa_cli.storage.layout import discover, find_document, may_require_signatures

    roots = [find_document(d) for d in docs] if docs else discover(Path.cwd())
    if not roots:
        raise NotFound("no document.yaml here or below", hint="pass a document folder")
    checks = []
    for root in roots:
        check = signatures
        if check is None and may_require_signatures(root):
            from poa_cli.storage.store import requires_signatures

            check = requires_signatures(root)
        checks.append(bool(check))
    # An unchanged negotiation is answered from the memo, without loading the rules: the
    # report as printed (with its counts), else the diagnostics. Signatures are checked
    # each time (a commit changes their answer, not a file).
    # Every document's key (a stat of each file) is taken once for the whole command.
    slots = {root: remembered.slot(root) for root in roots} if cache else {}
    where = remembered.report_slot(roots, fmt, slots) if cache and not any(checks) else (None, None)
    kept = remembered.recall_text(where)
    if kept is not None:
        counts, _, text = kept.partition("\n")
        errors, warnings = (int(n) for n in counts.split())
        sys.stdout.write(text)
        if errors or (strict and warnings):
            raise Exit(1)
        return
    from poa_cli.actions import remembered_results
    from poa_cli.cli import report
    from poa_cli.storage.cache import write_text_memo

    result = remembered_results.recall_all(roots, slots) if cache else None
    if result is None:
        import gc

        from poa_cli.actions.validate import validate as run

        # Reading thousands of files makes millions of objects and no cycles: the
        # collector's passes over them were a fifth of a cold run. The command ends
        # after the report; what it frees, reference counting frees.
        gc.disable()
        result = run(roots, use_cache=cache, slots=slots)
    for root, check in zip(roots, checks, strict=True):
        if check:
            from poa_cli.actions import signatures as signed

            result.diagnostics.extend(signed.check_document(root, use_cache=cache))
    writer = {"text": report.text, "json": report.as_json, "github": report.github}[fmt]
    text = writer(result)
    write_text_memo(*where, f"{len(result.errors)} {len(result.warnings)}\n{text}")
    sys.stdout.write(text)
    if not result.ok(strict):
        raise Exit(1)
