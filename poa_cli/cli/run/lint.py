"""``poa lint``: the UN's drafting rules, for drafters, for CI and as a pre-commit hook."""

import sys
from pathlib import Path

from poa_cli.cli.base import Exit
from poa_cli.cli.output import LintFormat


def lint(
    *,
    docs: list[Path] | None = None,
    fmt: LintFormat = LintFormat.text,
    rule: list[str] | None = None,
    list_rules: bool = False,
    cache: bool = True,
) -> None:
    """Lint *docs* (folders, or files in them) with *rule* (default: every rule); print it."""
    from poa_cli.actions.lint import lint as run
    from poa_cli.cli import report
    from poa_cli.domain.lint import RULES
    from poa_cli.errors import NotFound, UsageError
    from poa_cli.storage.layout import discover, find_document

    if list_rules:
        width = max(len(r) for r in RULES)
        sys.stdout.write("".join(f"{r:<{width}}  {m}\n" for r, m in RULES.items()))
        return
    wanted = [r.strip() for raw in rule or [] for r in raw.split(",") if r.strip()]
    unknown = [r for r in wanted if r not in RULES]
    if unknown:
        raise UsageError(f"unknown rule {', '.join(unknown)} (poa lint --list-rules lists them)")
    roots: list[Path] = []
    for d in docs or []:
        root = _document_of(d) if d.is_file() else find_document(d)
        if root is not None and root not in roots:
            roots.append(root)
    if not docs:
        roots = discover(Path.cwd())
    if not roots:
        raise NotFound("no document.yaml here or below", hint="pass a document folder")
    result = run(roots, rules=wanted, use_cache=cache)
    writer = {"text": report.text, "json": report.as_json, "github": report.github}[fmt.value]
    sys.stdout.write(writer(result))
    if result.diagnostics:
        raise Exit(1)


def _document_of(file: Path) -> Path | None:
    """The document a file belongs to (a pre-commit hook passes the changed files), or None."""
    for folder in file.resolve().parents:
        if (folder / "document.yaml").is_file():
            return folder
    return None
