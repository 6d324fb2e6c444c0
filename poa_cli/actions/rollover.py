"""``poa init DIR --from-akn FILE …``: technical rollover of an adopted UN text.

Last year's resolution, in Akoma Ntoso, becomes the zero draft of a new document:
every paragraph a clause file, every sub-paragraph an item, every footnote kept
where it is cited, every annex its own sections; other language versions of the
same text become translations aligned paragraph by paragraph.

All the files are read and checked before anything is written; the folder is
then created and filled in one transaction and one commit. If anything fails
after the folder was created, the folder (and the repository poa made for it)
is removed again: a refused rollover leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa_cli.actions.chair import _install_schemas
from poa_cli.domain.model import Clause, Item, clean_text, is_valid_id
from poa_cli.errors import Conflict, PoaError
from poa_cli.formats.akn_read import (
    LANGUAGE_NAMES,
    Paragraph,
    Part,
    Resolution,
    SubParagraph,
    read_resolution,
)
from poa_cli.storage import codec, layout, transaction, vcs, yamlio

TRANSLATIONS = "translations"
SCHEMA_TRANSLATION = "poa/translation/1"
_MAX_SLUG = 40
_DISTRIBUTIONS = ("General", "Limited", "Restricted")


@dataclass(frozen=True)
class RolloverOutcome:
    """What the rollover did: a summary, the commit, the files, and any warnings."""

    summary: str
    commit: str | None
    paths: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- ids


def slug(text: str, limit: int = _MAX_SLUG) -> str:
    """Return a lower-case ASCII slug of *text* (words joined by '-'), at most *limit* long."""
    text = re.sub(r"\[\^[^\]]*\]", " ", text).replace("*", " ")
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_.lower())
    out = ""
    for w in words:
        candidate = f"{out}-{w}" if out else w
        if len(candidate) > limit:
            break
        out = candidate
    if not out and words:
        out = words[0][:limit]
    return out


class IdMaker:
    """Hands out readable ids unique across the document (clauses, items, sections)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str, fallback: str, keep: str | None = None) -> str:
        """Return *keep* when it is a free, valid id (a file poa wrote), else *base* made unique."""
        if keep and is_valid_id(keep) and keep not in self.used:
            self.used.add(keep)
            return keep
        base = base.strip("-") or fallback
        if not is_valid_id(base):
            base = fallback
        candidate, n = base, 1
        while candidate in self.used or not is_valid_id(candidate):
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def _label_slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", label.lower())


# --------------------------------------------------------------------------- mapping


@dataclass
class Mapped:
    """The original resolution in poa's terms, and where each AKN part went."""

    clauses: list[Clause] = field(default_factory=list)
    sections: list[tuple[str, str | None, list[str], str | None]] = field(default_factory=list)
    # AKN key → poa unit id, for aligning translations
    clause_of: dict[str, str] = field(default_factory=dict)  # paragraph eId number → clause id
    section_of: list[str] = field(default_factory=list)  # by part position


def _eid_key(eid: str) -> str:
    """The paragraph number inside an eId: container_22 and para_22 are one paragraph."""
    m = re.search(r"(\d+)$", eid)
    return m.group(1) if m else eid


def _items(ids: IdMaker, owner: str, subs: Sequence[SubParagraph]) -> tuple[Item, ...]:
    out = []
    for n, sub in enumerate(subs, start=1):
        label = _label_slug(sub.label) or str(n)
        item_id = ids.take(f"{owner}-{label}", f"{owner}-{n}", keep=sub.wid)
        out.append(Item(item_id, sub.text, _items(ids, item_id, sub.items)))
    return tuple(out)


def _prefix(p: Paragraph, part: Part) -> str:
    if part.annex:
        return part.annex
    return "pp" if p.kind == "preambular" else "op"


def map_resolution(res: Resolution) -> Mapped:
    """Return the clauses and sections of *res* with readable, stable ids."""
    ids = IdMaker()
    out = Mapped()
    section_ids = IdMaker()
    annexes: set[str] = set()
    for n, part in enumerate(res.parts, start=1):
        if part.key in ("preamble", "operative") and not part.heading:
            base = part.key
        elif part.annex and part.annex not in annexes:
            base = part.annex  # an annex's first section is named after it
        else:
            head = slug(part.heading or "", 36) if part.heading else ""
            base = f"{part.annex}-{head}" if part.annex and head else head or f"part-{n}"
        sid = section_ids.take(base, f"part-{n}", keep=part.wid)
        if part.annex:
            annexes.add(part.annex)
        clause_ids = []
        for p in part.paragraphs:
            prefix = _prefix(p, part)
            cid = ids.take(
                f"{prefix}-{slug(p.lead)}", f"{prefix}-{len(out.clauses) + 1}", keep=p.wid
            )
            notes = tuple(p.footnotes)
            out.clauses.append(
                Clause(
                    id=cid,
                    kind=p.kind,
                    text=p.text,
                    items=_items(ids, cid, p.items),
                    footnotes=notes,
                )
            )
            out.clause_of[_eid_key(p.eid)] = cid
            clause_ids.append(cid)
        out.sections.append((sid, part.heading, clause_ids, part.annex))
        out.section_of.append(sid)
    return out


# --------------------------------------------------------------------------- translations


def source_hash(text: str) -> str:
    """Return ``sha256:<hex>`` of *text* normalised (NFC, whitespace runs to one space)."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass
class Translation:
    """One language's units, by clause id (None: the document's own words)."""

    lang: str
    units: dict[str | None, list[tuple[str, str, str]]] = field(default_factory=dict)
    missing: int = 0


def _flat_items(items: Iterable[Item]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        out.append(it)
        out.extend(_flat_items(it.items))
    return out


def _flat_subs(subs: Iterable[SubParagraph]) -> list[SubParagraph]:
    out: list[SubParagraph] = []
    for s in subs:
        out.append(s)
        out.extend(_flat_subs(s.items))
    return out


_MARKER_RE = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9-]*)\]")


def _remark(text: str, mapping: dict[str, str]) -> str:
    return _MARKER_RE.sub(lambda m: f"[^{mapping.get(m.group(1), m.group(1))}]", text)


def align(
    original: Mapped, res: Resolution, res_tr: Resolution, warnings: list[str]
) -> Translation:
    """Return the translation *res_tr* aligned with the *original* (paragraphs by eId)."""
    tr = Translation(res_tr.language)
    clauses = {c.id: c for c in original.clauses}
    by_key = {_eid_key(p.eid): p for p in res_tr.paragraphs()}
    matched = 0
    total = 0
    for key, cid in original.clause_of.items():
        clause = clauses[cid]
        total += 1
        p = by_key.get(key)
        if p is None:
            warnings.append(f"{res_tr.path.name}: no paragraph matches {cid}; left untranslated")
            tr.missing += 1
            continue
        units: list[tuple[str, str, str]] = []
        own = [m for m, _ in clause.footnotes]
        theirs = [m for m, _ in p.footnotes]
        notes_ok = len(own) == len(theirs)
        marks = dict(zip(theirs, own, strict=False)) if notes_ok else {}
        if not notes_ok:
            warnings.append(
                f"{res_tr.path.name}: {cid} has {len(theirs)} footnotes, the original "
                f"{len(own)}; its footnotes are left untranslated"
            )
        units.append((cid, source_hash(clause.text), _remark(p.text, marks)))
        mine = _flat_items(clause.items)
        subs = _flat_subs(p.items)
        if len(mine) == len(subs):
            for item, sub in zip(mine, subs, strict=True):
                units.append((item.id, source_hash(item.text), _remark(sub.text, marks)))
        elif mine:
            warnings.append(
                f"{res_tr.path.name}: {cid} has {len(subs)} sub-paragraphs, the original "
                f"{len(mine)}; they are left untranslated"
            )
        if notes_ok:
            for (marker, text), (_, their_text) in zip(clause.footnotes, p.footnotes, strict=True):
                units.append((f"{cid}[^{marker}]", source_hash(text), their_text))
        tr.units[cid] = units
        matched += 1
    doc_units = []
    if res_tr.title:
        doc_units.append(("title", source_hash(res.title), res_tr.title))
    for unit, english, translated in (
        ("opening", res.opening, res_tr.opening),
        ("session", res.session, res_tr.session),
        ("agenda-item", res.agenda_item, res_tr.agenda_item),
    ):
        if english and translated:
            doc_units.append((unit, source_hash(english), translated))
    if len(res.parts) == len(res_tr.parts):
        for sid, part, their in zip(original.section_of, res.parts, res_tr.parts, strict=True):
            if part.heading and their.heading:
                doc_units.append((f"section:{sid}", source_hash(part.heading), their.heading))
    tr.units[None] = doc_units
    if matched < total:
        warnings.append(f"{res_tr.path.name}: {matched} of {total} paragraphs aligned")
    return tr


# --------------------------------------------------------------------------- the command


def _choose_original(resolutions: list[Resolution]) -> tuple[Resolution, list[Resolution]]:
    seen: dict[str, Path] = {}
    for r in resolutions:
        if r.language in seen:
            raise PoaError(
                f"two files in {LANGUAGE_NAMES[r.language]}: {seen[r.language].name} and "
                f"{r.path.name}",
                path=r.path,
                hint="give one file per language",
            )
        seen[r.language] = r.path
    original = next((r for r in resolutions if r.language == "en"), resolutions[0])
    others = [r for r in resolutions if r is not original]
    for r in others:
        if r.symbol != original.symbol:
            raise PoaError(
                f"{r.path.name} is {r.symbol}, not {original.symbol}: "
                "not a version of the same text",
                path=r.path,
                hint="give the language versions of one resolution",
            )
    return original, others


def _document_tree(
    doc_id: str,
    res: Resolution,
    mapped: Mapped,
    *,
    title: str,
    symbol: str,
    languages: list[str],
) -> Any:
    pairs: list[tuple[str, Any]] = [
        ("schema", "poa/document/1"),
        ("id", doc_id),
        ("title", title),
        ("symbol", symbol),
        ("body", res.body),
        ("distribution", res.distribution if res.distribution in _DISTRIBUTIONS else "General"),
    ]
    if res.issued is not None:
        pairs.append(("date", res.issued))
    pairs += [
        ("original_language", LANGUAGE_NAMES[res.language]),
        ("languages", languages),
    ]
    if res.session:
        pairs.append(("session", res.session))
    if res.agenda_item:
        pairs.append(("agenda_item", res.agenda_item))
    pairs.append(("numbering", "resolution"))
    if res.opening:
        pairs.append(("opening", res.opening))
    pairs.append(("based_on", res.symbol))
    sections = []
    for sid, heading, clause_ids, annex in mapped.sections:
        sp: list[tuple[str, Any]] = [("id", sid)]
        if heading:
            sp.append(("heading", heading))
        if annex:
            sp.append(("annex", annex))
        sp.append(("clauses", list(clause_ids)))
        sections.append(yamlio.new_mapping(sp))
    pairs.append(("sections", sections))
    return yamlio.new_mapping(pairs)


def translation_tree(
    clause_id: str | None, lang: str, units: Sequence[tuple[str, str, str]]
) -> Any:
    """Return the round-trip mapping of one translation file (CONTRACTS.md's shape)."""
    return yamlio.new_mapping(
        [
            ("schema", SCHEMA_TRANSLATION),
            ("clause", clause_id),
            ("lang", lang),
            (
                "units",
                [
                    yamlio.new_mapping([("unit", u), ("source", h), ("text", t)])
                    for u, h, t in units
                ],
            ),
        ]
    )


def _check_folder(folder: Path) -> bool:
    """Return True when *folder* is to be created; raise Conflict when it holds anything."""
    if folder.exists() and not folder.is_dir():
        raise Conflict("exists and is not a folder", path=folder)
    if (folder / layout.DOCUMENT_FILE).exists():
        raise Conflict("a document already exists here", path=folder / layout.DOCUMENT_FILE)
    if folder.is_dir() and any(folder.iterdir()):
        raise Conflict(
            "the folder is not empty", path=folder, hint="roll over into a new or empty folder"
        )
    return not folder.exists()


@dataclass
class Plan:
    """Everything a rollover will write, worked out before anything is written."""

    doc_id: str
    title: str
    symbol: str
    original: Resolution
    mapped: Mapped
    translations: list[Translation]
    tree: Any  # document.yaml
    warnings: list[str]


def plan_rollover(
    folder: Path, files: Sequence[Path], *, symbol: str | None = None, title: str | None = None
) -> Plan:
    """Read and check *files* and work out the new document; write nothing.

    Raises PoaError when a file is not an Akoma Ntoso resolution, holds structure
    poa cannot represent, or the language versions do not belong together.
    """
    if not files:
        raise PoaError("no Akoma Ntoso file given", hint="pass --from-akn FILE")
    resolutions = [read_resolution(Path(f)) for f in files]
    original, others = _choose_original(resolutions)
    warnings = [f"{original.path.name}: {w}" for w in original.warnings]
    for r in others:
        warnings += [f"{r.path.name}: {w}" for w in r.warnings]
    mapped = map_resolution(original)
    translations = [align(mapped, original, r, warnings) for r in others]
    doc_id = folder.name.lower()
    if not is_valid_id(doc_id):
        raise PoaError(
            f"'{doc_id}' is not a valid document id (the folder name)",
            hint="use lower-case letters, digits and hyphens, e.g. ict-security-2025",
        )
    title = clean_text(title, "title") if title is not None else original.title
    symbol = clean_text(symbol, "symbol") if symbol is not None else original.symbol
    languages = [original.language] + [r.language for r in others]
    tree = _document_tree(doc_id, original, mapped, title=title, symbol=symbol, languages=languages)
    return Plan(doc_id, title, symbol, original, mapped, translations, tree, warnings)


def init_from_akn(
    folder: Path,
    files: Sequence[Path],
    *,
    symbol: str | None = None,
    title: str | None = None,
    commit: bool = True,
) -> RolloverOutcome:
    """Create a document in *folder* whose zero draft is the resolution in *files*.

    Raises PoaError (nothing written) when a file is not an Akoma Ntoso
    resolution, holds structure poa cannot represent, or the folder is taken.
    """

    folder = folder.resolve()
    plan = plan_rollover(folder, files, symbol=symbol, title=title)
    doc_id, title, symbol = plan.doc_id, plan.title, plan.symbol
    original, mapped, translations = plan.original, plan.mapped, plan.translations
    tree, warnings = plan.tree, plan.warnings
    created = _check_folder(folder)
    first_new = folder  # the outermost folder this command creates, removed on failure
    while created and not first_new.parent.exists():
        first_new = first_new.parent
    made_repo = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        made_repo = vcs.init(folder) if commit else False
        with transaction.transaction(folder, commit=commit, new_repository=made_repo) as tx:
            paths = [folder / layout.DOCUMENT_FILE, folder / layout.AMENDMENTS / ".gitkeep"]
            paths += [layout.clause_path(folder, c.id) for c in mapped.clauses]
            tx.remember(paths)
            (folder / layout.CLAUSES).mkdir(exist_ok=True)
            (folder / layout.AMENDMENTS).mkdir(exist_ok=True)
            tx.write(folder / layout.AMENDMENTS / ".gitkeep", "")
            _install_schemas(folder, tx)
            # One modeline for every clause file (they share a folder), not one lookup each.
            ref = layout.schema_ref(layout.clause_path(folder, "x"), "clause")
            for clause in mapped.clauses:
                path = layout.clause_path(folder, clause.id)
                text = codec.render_file(path, codec.clause_to_data(clause), "clause", ref=ref)
                tx.write(path, text, sync=False)
            for tr in translations:
                lang_dir = folder / TRANSLATIONS / tr.lang
                lang_dir.mkdir(parents=True, exist_ok=True)
                ref = layout.schema_ref(lang_dir / "x.yaml", "translation")
                for cid, units in tr.units.items():
                    if not units:
                        continue
                    name = cid if cid is not None else "document"
                    path = lang_dir / f"{name}.yaml"
                    data = translation_tree(cid, tr.lang, units)
                    text = codec.render_file(path, data, "translation", ref=ref)
                    tx.write(path, text, sync=False)
            doc_file = folder / layout.DOCUMENT_FILE
            tx.write(doc_file, codec.render_file(doc_file, tree, "document"), sync=False)
            yamlio.sync_all()
            tx.subject = f"Roll over {original.symbol} into {doc_id}: {title}"
            tx.trailers = [("Document", doc_id), ("Symbol", symbol), ("Based-on", original.symbol)]
    except BaseException:
        if created:
            shutil.rmtree(first_new, ignore_errors=True)
        elif made_repo:
            shutil.rmtree(folder / ".git", ignore_errors=True)
            for child in folder.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise
    n_pre = sum(1 for c in mapped.clauses if c.kind == "preambular")
    n_op = sum(1 for c in mapped.clauses if c.kind == "operative")
    n_annex = sum(1 for c in mapped.clauses if c.kind == "annex")
    n_items = sum(len(c.all_items()) for c in mapped.clauses)
    n_notes = sum(len(c.footnotes) for c in mapped.clauses)
    annexes = len({a for *_, a in mapped.sections if a})
    bits = [f"{n_pre} preambular and {n_op} operative paragraphs", f"{n_items} sub-paragraphs"]
    bits.append(f"{n_notes} footnotes")
    if annexes:
        bits.append(f"{annexes} annex{'es' if annexes > 1 else ''} ({n_annex} paragraphs)")
    if translations:
        bits.append("translations: " + ", ".join(t.lang for t in translations))
    note = " (new git repository)" if made_repo else ""
    summary = f"rolled over {original.symbol} into {doc_id} in {folder}{note}: " + "; ".join(bits)
    return RolloverOutcome(summary, tx.sha, tuple(tx.paths), tuple(warnings))
