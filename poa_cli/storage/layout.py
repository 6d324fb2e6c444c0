"""Where things are: finding a document folder, and the files inside it.

Layout of a document folder::

    document.yaml            title, symbol, masthead, sections and clause order
    clauses/<id>.yaml        one clause per file; the file name is the id
    amendments/<ID>.yaml     one amendment per file; id = proposer code + number
"""

from __future__ import annotations

import os
from pathlib import Path

from poa_cli.errors import NotFound
from poa_cli.storage import memo

DOCUMENT_FILE = "document.yaml"
CLAUSES = "clauses"
AMENDMENTS = "amendments"
SILENCE_FILE = "silence.yaml"  # the record of the silence procedures (domain/silence.py)
LETTERS = "letters"  # the letters that broke silence


def find_document(explicit: str | Path | None = None, cwd: Path | None = None) -> Path:
    """Return the document folder to work on.

    *explicit* may name the folder or its document.yaml. Without it: the nearest
    folder at or above *cwd* holding a document.yaml, else the only document
    under ``drafts/``. Raises NotFound with what to do otherwise.
    """
    here = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        p = Path(explicit)
        if not p.is_absolute():
            p = here / p
        if p.name == DOCUMENT_FILE and p.is_file():
            return p.parent
        if (p / DOCUMENT_FILE).is_file():
            return p
        if p.is_dir():
            found = _documents_under(p)
            if len(found) == 1:
                return found[0]
        raise NotFound(f"no {DOCUMENT_FILE} in {p}", hint="pass a document folder")
    for folder in (here, *here.parents):
        if (folder / DOCUMENT_FILE).is_file():
            return folder
    found = _documents_under(here / "drafts")
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(str(f.relative_to(here)) for f in found)
        raise NotFound(
            f"several documents here ({names})",
            hint=f"name the one you mean with -d/--doc, e.g. --doc {found[0].relative_to(here)}",
        )
    raise NotFound(
        "no document here: no document.yaml in this folder or above it, nor under drafts/",
        hint="run 'poa init DIR', or pass the document folder",
    )


def _documents_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p.parent for p in folder.glob(f"*/{DOCUMENT_FILE}"))


def document_key(root: Path) -> str:
    """Return a short, stable name for the document at *root* (for its caches and lock)."""
    return memo.document_key(root)


def clause_path(root: Path, clause_id: str) -> Path:
    """Return the file of clause *clause_id* in the document at *root*."""
    return root / CLAUSES / f"{clause_id}.yaml"


def amendment_path(root: Path, amendment_id: str) -> Path:
    """Return the file of amendment *amendment_id* in the document at *root*."""
    return root / AMENDMENTS / f"{amendment_id}.yaml"


def schema_ref(file: Path, kind: str) -> str:
    """Return the editor modeline's relative path from *file* to ``schemas/<kind>``.

    Schemas are expected at the top of the git work tree (``poa init`` puts a copy
    there); outside a repository the document folder's parent is used.
    """
    found = memo.git_dir(file.parent.resolve())
    gitdir = None if found is None else Path(found)
    top = gitdir.parent if gitdir is not None and gitdir.name == ".git" else None
    if top is None:
        top = file.parent.resolve().parent
    rel = os.path.relpath(top / "schemas" / f"{kind}.schema.json", file.parent.resolve())
    return rel.replace(os.sep, "/")


def discover(cwd: Path) -> list[Path]:
    """Return the documents a bare ``poa validate`` checks from *cwd*.

    The document containing *cwd* if there is one, else every document below
    *cwd* (skipping dot-folders, virtualenvs and build output).
    """
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / DOCUMENT_FILE).is_file():
            return [folder]
    found: list[Path] = []
    skip = {"node_modules", "build", "dist", "__pycache__", "site-packages", "venv"}
    for dirpath, dirnames, filenames in os.walk(here):
        # Nested repositories (a benchmark corpus, a vendored negotiation) are their own.
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in skip
            and not os.path.exists(os.path.join(dirpath, d, ".git"))
        )
        if DOCUMENT_FILE in filenames:
            found.append(Path(dirpath))
            dirnames[:] = []
    return found


def may_require_signatures(root: Path) -> bool:
    """Return False when document.yaml cannot ask for signatures, without parsing it.

    Most documents never mention ``require_signatures``, and every ``validate``
    asks: a document.yaml whose text has neither the key nor a backslash (the
    only way YAML spells a key in other characters) cannot set it.
    """
    try:
        text = (root / DOCUMENT_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "require_signatures" in text or "\\" in text
