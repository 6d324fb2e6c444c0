"""Loading a document: its files, checked, read into the model.

Every file is read through :func:`checked` (the YAML guards and the schema, via
the parse cache's per-file check), then turned into the model by
:mod:`poa_cli.storage.codec`. Where the files are is :mod:`poa_cli.storage.layout`;
writing is :mod:`poa_cli.storage.transaction`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from poa_cli.domain.model import Amendment, Clause, Document, DocumentMeta
from poa_cli.domain.proposers import Registry
from poa_cli.domain.silence import Record
from poa_cli.errors import NotFound, PoaError, SchemaError, YamlError
from poa_cli.storage import yamlio
from poa_cli.storage.codec import (
    amendment_from_data,
    clause_from_data,
    meta_from_data,
    silence_from_data,
)
from poa_cli.storage.layout import (
    AMENDMENTS,
    CLAUSES,
    DOCUMENT_FILE,
    SILENCE_FILE,
    amendment_path,
    clause_path,
    may_require_signatures,
)
from poa_cli.storage.schemas import check_file


def checked(path: Path, kind: str) -> Any:
    """Return the data of *path* after the YAML guards and the *kind* schema.

    Every command reads files through this (or the parse cache, which does the
    same), so a file that would not validate is refused where it is read, with
    its line, rather than misread. Raises YamlError or SchemaError.
    """
    result = check_file(path, kind)
    if result.problems:
        line, column, rule, message = result.problems[0]
        error = YamlError if rule == "yaml" else SchemaError
        raise error(message, path=path, line=line, column=column)
    return result.data


_meta_cache: dict[Path, tuple[tuple[int, int, int], DocumentMeta]] = {}


def requires_signatures(root: Path) -> bool:
    """Return True when document.yaml asks for signatures (False when it cannot be read:
    a broken document.yaml is validate's to report)."""
    if not may_require_signatures(root):
        return False
    try:
        return load_meta(root).require_signatures
    except PoaError:
        return False


def load_meta(root: Path) -> DocumentMeta:
    """Load document.yaml of the document at *root*. Raises PoaError naming the file.

    Remembered per process while the file is unchanged: one command reads it
    from several places.
    """
    path = root / DOCUMENT_FILE
    try:
        st = path.stat()
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        sig = (-1, -1, -1)
    hit = _meta_cache.get(path)
    if hit is not None and hit[0] == sig and sig[0] >= 0:
        return hit[1]
    meta = meta_from_data(checked(path, "document"), path)
    _meta_cache[path] = (sig, meta)
    return meta


def load_clause(root: Path, clause_id: str) -> Clause:
    """Load one clause. Raises NotFound when there is no such file, PoaError when it is bad."""
    path = clause_path(root, clause_id)
    if not path.is_file():
        raise NotFound(
            f"no clause '{clause_id}' in {root.name}", hint="'poa clause list' shows the ids"
        )
    return clause_from_data(checked(path, "clause"), path)


def load_clauses(root: Path) -> dict[str, Clause]:
    """Load every clause file of the document at *root*, by id (file name)."""
    return {
        p.stem: clause_from_data(checked(p, "clause"), p)
        for p in yamlio.iter_yaml_files(root / CLAUSES)
    }


def load_amendment(root: Path, amendment_id: str) -> Amendment:
    """Load one amendment. Raises NotFound when there is no such file."""
    path = amendment_path(root, amendment_id)
    if not path.is_file():
        raise NotFound(
            f"no amendment '{amendment_id}' in {root.name}",
            hint="'poa amendments list' shows the ids",
        )
    return amendment_from_data(checked(path, "amendment"), path)


def load_amendments(root: Path) -> dict[str, Amendment]:
    """Load every amendment file of the document at *root*, by id (file name)."""
    return {
        p.stem: amendment_from_data(checked(p, "amendment"), p)
        for p in yamlio.iter_yaml_files(root / AMENDMENTS)
    }


def load_document(root: Path) -> Document:
    """Load the whole document at *root*. Raises the first PoaError met."""
    return Document(
        root=root,
        meta=load_meta(root),
        clauses=load_clauses(root),
        amendments=load_amendments(root),
    )


def registry_for(root: Path) -> Registry:
    """Return the proposers registry with this document's accredited stakeholders."""
    meta = load_meta(root)
    return Registry.load((s.id, s.name, s.kind) for s in meta.stakeholders)


def load_silence(root: Path) -> Record:
    """Return the silence procedures of the document at *root*.

    An empty record when there is no silence.yaml. Raises YamlError or
    SchemaError naming the file when it is not a record poa accepts.
    """
    path = root / SILENCE_FILE
    if not path.is_file():
        return Record()
    return silence_from_data(checked(path, "silence"), path)
