"""Every schema and cross-file check of a document, collected before reporting.

The per-file work (parse, schema) is cached by file stat in the git directory,
so re-validating an unchanged negotiation of thousands of files only re-runs the
cross-file rules. A diagnostic always names file, line and column, a rule code
and a message; the reporters in :mod:`poa_cli.cli.report` print them.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from poa_cli.actions import remembered, remembered_results
from poa_cli.domain import amend
from poa_cli.domain import translations as tr
from poa_cli.domain.diagnostics import ERROR, WARNING, Diagnostic, Result, display
from poa_cli.domain.model import (
    AMENDMENT_ID_RE,
    FOOTNOTE_MARKER_RE,
    RESERVED_NAMES,
    footnote_target,
)
from poa_cli.domain.proposers import Registry
from poa_cli.domain.signers import SIGNERS_FILE
from poa_cli.errors import PoaError
from poa_cli.storage import yamlio
from poa_cli.storage.cache import ParseCache
from poa_cli.storage.codec import amendment_from_data, clause_from_data, meta_from_data
from poa_cli.storage.layout import (
    AMENDMENTS,
    CLAUSES,
    DOCUMENT_FILE,
    LETTERS,
    SILENCE_FILE,
)
from poa_cli.storage.schemas import rt_tree
from poa_cli.storage.translations import DOCUMENT_STEM, TRANSLATIONS, language_folders

#: Every rule poa checks, with the sentence docs/format.md and --help show.
RULES: dict[str, str] = {
    "yaml": "the file is YAML poa accepts (syntax, size, depth; no aliases, tags, duplicate keys)",
    "schema": "the file follows its JSON Schema",
    "id-mismatch": "a file's name is its id",
    "duplicate-id": "clause, sub-paragraph and section ids are unique in the document",
    "amendment-id-collision": "no two amendments share an id (ignoring case)",
    "amendment-id-prefix": "an amendment id starts with the code of a proposer or their group",
    "order-missing": "every clause file is listed in exactly one section",
    "order-unknown": "every clause listed in a section has a file",
    "order-duplicate": "no clause is listed twice",
    "footnote-undefined": "every [^marker] in a text has a footnote",
    "footnote-unused": "every footnote is cited in the text",
    "target-unknown": "an amendment's target is a clause, sub-paragraph or amendment",
    "destination-unknown": "a moved clause goes after a clause that exists",
    "move-cycle": "no clause moves after itself (pending moves that cross are a conflict)",
    "sub-amendment-chain": "a sub-amendment amends an amendment of the text, not another "
    "sub-amendment (so no chains and no cycles)",
    "proposer-unknown": "proposers, groups, supporters and objectors are known",
    "support-and-oppose": "no State both supports (or proposes) and opposes one amendment",
    "status-inconsistent": "applied_in is set only on an accepted amendment",
    "stale": "a pending amendment's anchor can still be found in its target",
    "conflict": "pending amendments on the same words (shown as alternatives)",
    "unexpected-file": "the document folder holds only poa files",
    "translation-language": "translations/<lang>/ is one of the document's languages, not "
    "the original",
    "translation-unknown": "a translation translates a clause, sub-paragraph, footnote or "
    "heading that exists",
    "translation-footnotes": "a current translation cites the same footnotes as its original",
}


# --------------------------------------------------------------------------- document


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self._trees: dict[Path, Any] = {}
        self.keys: dict[Path, dict[str, int]] = {}  # top-level key → line, from the cache
        self.cwd = os.getcwd()

    def add(
        self,
        path: Path,
        rule: str,
        message: str,
        *,
        at: list[Any] | None = None,
        line: int | None = None,
        column: int | None = None,
        severity: str = ERROR,
    ) -> None:
        if at is not None and line is None:
            pos = self._locate(path, at)
            if pos is not None:
                line, column = pos
        shown = display(path, self.cwd)
        clause = path.stem if path.parent.name == CLAUSES and path.suffix == ".yaml" else None
        self.diagnostics.append(Diagnostic(shown, line, column, rule, message, severity, clause))

    def _locate(self, path: Path, at: list[Any]) -> tuple[int, int] | None:
        keys = self.keys.get(path)
        if keys is not None and len(at) == 1 and at[0] in keys:
            return keys[at[0]], 1
        if path not in self._trees:
            self._trees[path] = rt_tree(path)
        tree = self._trees[path]
        return yamlio.line_of(tree, at) if tree is not None else None


def validate_document(
    root: Path, *, use_cache: bool = True, where: remembered.Slot | None = None
) -> tuple[int, list[Diagnostic]]:
    """Check the document folder *root*; return (files checked, diagnostics).

    With *use_cache*, an unchanged folder (every file's name, size, mtime and
    inode as at the last run, same poa, same working directory) gives the last
    run's answer without reading a file; otherwise per-file results still come
    from the parse cache and only the cross-file rules run again. *where*: the
    document's :func:`remembered.slot` when the caller has taken it.
    """
    if not use_cache:
        return _validate_document(root, use_cache=False)
    where = where or remembered.slot(root)
    answer = remembered_results.recall(root, where)
    if answer is not None:
        return answer
    files, diagnostics = _validate_document(root, use_cache=True)
    remembered_results.remember(where, files, diagnostics)
    return files, diagnostics


def _validate_document(root: Path, *, use_cache: bool) -> tuple[int, list[Diagnostic]]:
    c = _Collector(root)
    cache_ = ParseCache(root, use_cache)

    def check(path: Path, kind: str) -> Any:
        result = cache_.check(path, kind)
        c.keys[path] = result.keys
        for line, col, rule, message in result.problems:
            c.add(path, rule, message, line=line, column=col)
        return result.data if isinstance(result.data, dict) else None

    doc_path = root / DOCUMENT_FILE
    doc = check(doc_path, "document")
    files = 1
    clauses: dict[str, tuple[Path, dict[str, Any]]] = {}
    amendments: dict[str, tuple[Path, dict[str, Any]]] = {}
    # Files that exist but could not be read: report them once, without cascading errors.
    broken: set[str] = set()
    broken_amendments: set[str] = set()
    listed = {
        kind: list(_folder_files(root / folder, c))
        for folder, kind in ((CLAUSES, "clause"), (AMENDMENTS, "amendment"))
    }
    cache_.prefetch([(p, kind) for kind, paths in listed.items() for p in paths])
    for kind, bucket in (("clause", clauses), ("amendment", amendments)):
        for path in listed[kind]:
            files += 1
            data = check(path, kind)
            if data is not None:
                bucket[path.stem] = (path, data)
            elif kind == "clause":
                broken.add(path.stem)
            else:
                broken_amendments.add(path.stem)
    if (root / SILENCE_FILE).is_file():
        files += 1
        check(root / SILENCE_FILE, "silence")
    _unexpected(root, c)
    cache_.save()
    if doc is not None and doc.get("id") not in (None, root.name):
        c.add(
            doc_path,
            "id-mismatch",
            f"id '{doc.get('id')}' must be the folder name '{root.name}'",
            at=["id"],
        )
    item_owner = _clause_rules(clauses, c)
    _order_rules(doc, doc_path, clauses, broken, c)
    stakeholders = _stakeholders(doc)
    _amendment_rules(amendments, clauses, item_owner, stakeholders, broken, broken_amendments, c)
    if not broken and not broken_amendments:
        _engine_rules(clauses, amendments, c)
    files += _translation_rules(root, doc, clauses, broken, check, c)
    cache_.save()
    return files, c.diagnostics


def _folder_files(folder: Path, c: _Collector) -> Iterator[Path]:
    for entry in yamlio.folder_entries(folder):
        if entry.name.startswith("."):
            continue
        p = folder / entry.name
        if entry.name.endswith(".yaml") and entry.is_file():
            yield p
        else:
            c.add(
                p,
                "unexpected-file",
                f"'{p.name}' is not a .yaml file; poa ignores it",
                severity=WARNING,
            )


def _unexpected(root: Path, c: _Collector) -> None:
    for p in sorted(root.iterdir()):
        # schemas/ is the editors' copy 'poa init' makes when the document is the repo's top.
        known = (
            DOCUMENT_FILE, CLAUSES, AMENDMENTS, SILENCE_FILE, LETTERS, TRANSLATIONS, "schemas",
            SIGNERS_FILE,
        )  # fmt: skip
        if p.name.startswith(".") or p.name in known:
            continue
        if p.name.lower() in ("readme.md", "readme", "readme.txt"):
            continue
        c.add(
            p,
            "unexpected-file",
            f"'{p.name}' is not part of a poa document; poa ignores it",
            severity=WARNING,
        )


def _walk_items(items: Any, path: list[Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    if not isinstance(items, list):
        return
    for i, it in enumerate(items):
        if isinstance(it, dict):
            yield [*path, i], it
            yield from _walk_items(it.get("items"), [*path, i, "items"])


def _clause_rules(clauses: dict[str, tuple[Path, dict[str, Any]]], c: _Collector) -> dict[str, str]:
    """Check ids, item ids and footnotes; return item id → owning clause id."""
    owner: dict[str, str] = {}
    for stem, (path, data) in clauses.items():
        if data.get("id") != stem:
            c.add(
                path,
                "id-mismatch",
                f"id '{data.get('id')}' must be the file name '{stem}'",
                at=["id"],
            )
        if stem.lower() in RESERVED_NAMES:
            c.add(path, "id-mismatch", f"'{stem}' is a reserved file name on Windows", at=["id"])
        texts: list[tuple[list[Any], str]] = []
        if isinstance(data.get("text"), str):
            texts.append((["text"], data["text"]))
        for at, item in _walk_items(data.get("items"), ["items"]):
            iid = item.get("id")
            if isinstance(iid, str):
                if iid in clauses or iid in owner:
                    where = owner.get(iid, iid)
                    c.add(
                        path,
                        "duplicate-id",
                        f"sub-paragraph id '{iid}' is already used by clause '{where}'",
                        at=[*at, "id"],
                    )
                else:
                    owner[iid] = stem
            if isinstance(item.get("text"), str):
                texts.append(([*at, "text"], item["text"]))
        raw_notes = data.get("footnotes")
        notes: dict[str, Any] = raw_notes if isinstance(raw_notes, dict) else {}
        cited: set[str] = set()
        for at, text in texts:
            for m in FOOTNOTE_MARKER_RE.finditer(text):
                cited.add(m.group(1))
                if m.group(1) not in notes:
                    c.add(
                        path,
                        "footnote-undefined",
                        f"footnote [^{m.group(1)}] is cited but not defined under 'footnotes'",
                        at=at,
                    )
        for marker in notes:
            if marker not in cited:
                c.add(
                    path,
                    "footnote-unused",
                    f"footnote '{marker}' is never cited in the text",
                    at=["footnotes", marker],
                    severity=WARNING,
                )
    return owner


def _original_units(
    root: Path, doc: dict[str, Any] | None, clauses: dict[str, tuple[Path, dict[str, Any]]]
) -> dict[str | None, dict[str, str]]:
    """Unit id → English text of every file's units (the domain's units, from the data)."""
    from dataclasses import replace

    out: dict[str | None, dict[str, str]] = {None: {}}
    try:
        if doc is not None:
            meta = meta_from_data(doc, root / DOCUMENT_FILE)
            out[None] = {u.id: u.source for u in tr.document_units(meta)}
    except PoaError:
        pass  # document.yaml's own problems are reported by its rules
    for stem, (path, data) in clauses.items():
        try:
            clause = replace(clause_from_data(data, path), id=stem)
        except PoaError:
            continue
        out[stem] = {u.id: u.source for u in tr.clause_units(clause)}
    return out


def _translation_rules(
    root: Path,
    doc: dict[str, Any] | None,
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    broken: set[str],
    check: Any,
    c: _Collector,
) -> int:
    """Check every file under translations/; return how many files were read.

    Staleness is not a problem here (the original moves on, translators follow:
    ``poa translations status`` counts it); a translation of something that does
    not exist, or in a language the document is not issued in, is.
    """

    folders = language_folders(root)
    if not folders:
        return 0
    languages = [str(x) for x in (doc or {}).get("languages") or ["en"]]
    originals = _original_units(root, doc, clauses)
    files = 0
    for lang, folder in folders:
        ok_lang = lang in languages and lang != tr.ORIGINAL
        if not ok_lang:
            why = "the original" if lang == tr.ORIGINAL else "not in the document's languages"
            c.add(
                folder,
                "translation-language",
                f"translations/{lang}/: '{lang}' is {why} ({', '.join(languages)})",
            )
        for path in _folder_files(folder, c):
            files += 1
            data = check(path, "translation")
            if data is None or not ok_lang:
                continue
            stem = path.stem
            key = None if stem == DOCUMENT_STEM else stem
            if data.get("lang") != lang:
                c.add(
                    path,
                    "id-mismatch",
                    f"lang '{data.get('lang')}' must be the folder name '{lang}'",
                    at=["lang"],
                )
            if data.get("clause") != key:
                want = "null" if key is None else f"'{key}'"
                c.add(
                    path,
                    "id-mismatch",
                    f"clause must be {want}, as the file name says",
                    at=["clause"],
                )
            if key is not None and key not in clauses:
                if key not in broken:
                    c.add(
                        path,
                        "translation-unknown",
                        f"there is no clause '{key}' to translate",
                        at=["clause"],
                    )
                continue
            units = originals.get(key, {})
            seen: set[str] = set()
            for i, u in enumerate(data.get("units") or []):
                uid = u.get("unit")
                if uid in seen:
                    c.add(
                        path,
                        "translation-unknown",
                        f"unit '{uid}' is translated twice",
                        at=["units", i, "unit"],
                    )
                seen.add(uid)
                if uid not in units:
                    where = "the document's own words" if key is None else f"clause '{key}'"
                    c.add(
                        path,
                        "translation-unknown",
                        f"unit '{uid}' is not in {where}",
                        at=["units", i, "unit"],
                    )
                    continue
                original = units[uid]
                if u.get("source") == tr.source_hash(original) and tr.markers(
                    original
                ) != tr.markers(str(u.get("text"))):
                    c.add(
                        path,
                        "translation-footnotes",
                        f"unit '{uid}' does not cite the footnotes its original cites",
                        at=["units", i, "text"],
                        severity=WARNING,
                    )
    return files


def _order_rules(
    doc: dict[str, Any] | None,
    doc_path: Path,
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    broken: set[str],
    c: _Collector,
) -> None:
    if doc is None or not isinstance(doc.get("sections"), list):
        return
    listed: dict[str, list[Any]] = {}
    section_ids: Counter[str] = Counter()
    for si, section in enumerate(doc["sections"]):
        if not isinstance(section, dict):
            continue
        if isinstance(section.get("id"), str):
            section_ids[section["id"]] += 1
            if section_ids[section["id"]] == 2:
                c.add(
                    doc_path,
                    "duplicate-id",
                    f"section id '{section['id']}' is used twice",
                    at=["sections", si, "id"],
                )
            if section["id"] in clauses:
                c.add(
                    doc_path,
                    "duplicate-id",
                    f"section id '{section['id']}' is also a clause id",
                    at=["sections", si, "id"],
                )
        for ci, cid in enumerate(section.get("clauses") or []):
            if not isinstance(cid, str):
                continue
            at = ["sections", si, "clauses", ci]
            if cid in listed:
                c.add(doc_path, "order-duplicate", f"clause '{cid}' is listed twice", at=at)
                continue
            listed[cid] = at
            if cid not in clauses and cid not in broken:
                c.add(
                    doc_path,
                    "order-unknown",
                    f"clause '{cid}' is listed but clauses/{cid}.yaml does not exist",
                    at=at,
                )
    for stem, (path, _data) in clauses.items():
        if stem not in listed:
            c.add(
                path,
                "order-missing",
                f"clause '{stem}' is not listed in any section of {DOCUMENT_FILE}",
                line=1,
                column=1,
            )


def _stakeholders(doc: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    out = []
    for s in (doc or {}).get("stakeholders") or []:
        if isinstance(s, dict) and all(isinstance(s.get(k), str) for k in ("id", "name", "kind")):
            out.append((s["id"], s["name"], s["kind"]))
    return out


def _amendment_rules(
    amendments: dict[str, tuple[Path, dict[str, Any]]],
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    item_owner: dict[str, str],
    stakeholders: list[tuple[str, str, str]],
    broken: set[str],
    broken_amendments: set[str],
    c: _Collector,
) -> None:
    registry = Registry.load(stakeholders)
    folded: dict[str, str] = {}
    deleted_by = {
        str(d.get("target")): stem
        for stem, (_p, d) in amendments.items()
        if d.get("action") == "delete-clause" and d.get("applied_in")
    }
    for stem, (path, data) in amendments.items():
        aid = data.get("id")
        if aid != stem:
            c.add(path, "id-mismatch", f"id '{aid}' must be the file name '{stem}'", at=["id"])
        key = stem.upper()
        if key in folded:
            c.add(
                path,
                "amendment-id-collision",
                f"amendment id '{stem}' collides with '{folded[key]}' (ids ignore case)",
                at=["id"],
            )
        folded[key] = stem
        # Only what is still to be applied must find its target: an applied,
        # rejected or withdrawn amendment is history, and its clause may be gone.
        if _still_to_apply(data):
            _structure_rules(
                stem,
                path,
                data,
                amendments,
                clauses,
                item_owner,
                deleted_by,
                broken,
                broken_amendments,
                c,
            )
        _proposer_rules(path, data, registry, c)
        if data.get("applied_in") and data.get("status") != "accepted":
            c.add(
                path,
                "status-inconsistent",
                f"applied_in is set but the status is '{data.get('status')}'",
                at=["applied_in"],
            )


def _still_to_apply(data: dict[str, Any]) -> bool:
    status = data.get("status")
    return status == "proposed" or (status == "accepted" and not data.get("applied_in"))


def _structure_rules(
    stem: str,
    path: Path,
    data: dict[str, Any],
    amendments: dict[str, tuple[Path, dict[str, Any]]],
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    item_owner: dict[str, str],
    deleted_by: dict[str, str],
    broken: set[str],
    broken_amendments: set[str],
    c: _Collector,
) -> None:
    """Target, destination and new id of an amendment that is still to be applied."""
    target = data.get("target")
    if isinstance(target, str):
        if AMENDMENT_ID_RE.match(target):
            parent = amendments.get(target, (None, {}))[1]
            if target == stem:
                c.add(path, "target-unknown", "an amendment cannot amend itself", at=["target"])
            elif isinstance(parent.get("target"), str) and AMENDMENT_ID_RE.match(parent["target"]):
                # Amendments and amendments to amendments (UN practice); no chains, no cycles.
                c.add(
                    path,
                    "sub-amendment-chain",
                    f"{target} is itself a sub-amendment (to {parent['target']}); "
                    f"a sub-amendment must amend an amendment of the text",
                    at=["target"],
                )
            elif target not in amendments and target not in broken_amendments:
                c.add(
                    path,
                    "target-unknown",
                    f"target amendment '{target}' does not exist",
                    at=["target"],
                )
        elif target in deleted_by:
            c.add(
                path,
                "stale",
                f"its clause '{target}' was deleted by {deleted_by[target]}; redraft or withdraw",
                at=["target"],
                severity=WARNING,
            )
        elif (note := footnote_target(target)) is not None:
            owner = clauses.get(note[0])
            notes = owner[1].get("footnotes") if owner is not None else None
            if note[0] not in broken and not (isinstance(notes, dict) and note[1] in notes):
                c.add(
                    path,
                    "target-unknown",
                    f"target '{target}': clause '{note[0]}' has no footnote [^{note[1]}]",
                    at=["target"],
                )
        elif target not in clauses and target not in item_owner and not broken:
            # (with an unreadable clause file the item may be in it: say nothing more)
            c.add(
                path,
                "target-unknown",
                f"target '{target}' is neither a clause nor a sub-paragraph",
                at=["target"],
            )
    dest = data.get("destination")
    if isinstance(dest, str) and dest == target:
        c.add(path, "move-cycle", f"'{target}' cannot move after itself", at=["destination"])
    elif isinstance(dest, str) and dest not in clauses and dest not in broken:
        c.add(
            path,
            "destination-unknown",
            f"destination clause '{dest}' does not exist",
            at=["destination"],
        )
    new = data.get("clause")
    if isinstance(new, dict) and isinstance(new.get("id"), str):
        nid = new["id"]
        if nid in clauses or nid in item_owner:
            c.add(
                path,
                "duplicate-id",
                f"the new clause's id '{nid}' is already in use",
                at=["clause", "id"],
            )


def _proposer_rules(path: Path, data: dict[str, Any], registry: Any, c: _Collector) -> None:
    roles: dict[str, set[str]] = {"for": set(), "against": set()}
    for key in ("proposed_by", "supported_by", "opposed_by", "on_behalf_of"):
        value = data.get(key)
        codes = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for i, code in enumerate(codes):
            if not isinstance(code, str):
                continue
            at = [key] if isinstance(value, str) else [key, i]
            if registry.get(code) is None:
                try:
                    found = registry.resolve(code)
                    hint = f" (write its code: {found.code})"
                except PoaError as exc:
                    hint = f" ({exc.hint})" if exc.hint else ""
                c.add(path, "proposer-unknown", f"unknown proposer '{code}' in {key}{hint}", at=at)
            if key == "opposed_by":
                roles["against"].add(code)
            elif key != "on_behalf_of":
                roles["for"].add(code)
    for code in sorted(roles["for"] & roles["against"]):
        c.add(
            path,
            "support-and-oppose",
            f"'{code}' both proposes or supports and opposes this amendment",
            at=["opposed_by"],
        )
    aid = data.get("id")
    if isinstance(aid, str) and AMENDMENT_ID_RE.match(aid):
        prefix = aid.rsplit("-", 1)[0]
        allowed = set(data.get("proposed_by") or []) | {data.get("on_behalf_of")}
        if prefix not in allowed:
            c.add(
                path,
                "amendment-id-prefix",
                f"id '{aid}' should start with the code of a proposer "
                f"({', '.join(sorted(str(a) for a in allowed if a))})",
                at=["id"],
                severity=WARNING,
            )


def _engine_rules(
    clauses: dict[str, tuple[Path, dict[str, Any]]],
    amendments: dict[str, tuple[Path, dict[str, Any]]],
    c: _Collector,
) -> None:
    """Warn of pending amendments that no longer apply, or compete for the same words."""

    try:
        model_clauses = {cid: clause_from_data(d, p) for cid, (p, d) in clauses.items()}
        model_amendments = [amendment_from_data(d, p) for p, d in amendments.values()]
    except PoaError:
        return  # a file of the wrong shape was reported already
    paths = {a.id: a.path for a in model_amendments if a.path is not None}
    for f in amend.check_pending(model_clauses, model_amendments):
        path = paths.get(f.amendment_id)
        if path is None or f.kind == "unknown-target":
            continue  # unknown targets are validate's own error
        at: list[Any] = ["anchor"] if f.kind == "stale" else ["target"]
        c.add(path, f.kind, f.message, at=at, severity=WARNING)


# --------------------------------------------------------------------------- entry


def validate(
    roots: Iterable[Path],
    *,
    use_cache: bool = True,
    slots: Mapping[Path, remembered.Slot] | None = None,
) -> Result:
    """Validate each document folder in *roots*; return every diagnostic found.

    *slots*: each root's :func:`remembered.slot`, when the caller has taken them.
    """
    slots = slots or {}
    return remembered_results.collect(
        (root, *validate_document(root, use_cache=use_cache, where=slots.get(root)))
        for root in roots
    )


def require_valid(root: Path) -> None:
    """Raise PoaError naming the first error when the document at *root* has any.

    For commands that print or rewrite the whole document (render): a paper is
    never printed from a document that does not validate. Uses the caches, so an
    unchanged document costs a few milliseconds.
    """
    _files, diagnostics = validate_document(root)
    errors = [d for d in diagnostics if d.severity == ERROR]
    if not errors:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise PoaError(
        f"{first.message}{more}",
        path=first.path,
        line=first.line,
        column=first.column,
        hint="the document does not validate; run 'poa validate' for every problem",
    )
