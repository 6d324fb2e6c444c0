"""``poa validate --signatures``: every proposal, position and revision signed by whom it claims.

git verifies each signature against the document's ``allowed_signers`` file (git's
own format, see :mod:`poa_cli.domain.signers`); this module walks the commits that
touched the document, works out from each change who had to sign it, and reports
every commit signed by somebody else, or by nobody.

Each commit is judged against the allowed-signers file as it stood *before* it (its
first parent's), so a key added by a commit cannot vouch for that same commit; the
commit that creates the file is the root of trust (it is checked against itself).
git's verdicts are cached per commit and file version in the git directory: a commit
never changes, so a warm check of thousands of signed commits asks git nothing.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa_cli.domain.diagnostics import ERROR, Diagnostic
from poa_cli.domain.model import DocumentMeta
from poa_cli.domain.proposers import default_registry
from poa_cli.domain.signers import (
    CHAIRS_OFFICE,
    SIGNERS_FILE,
    AllowedSigners,
    Duty,
    amendment_duties,
    file_duties,
    fingerprint,
    parse,
    silence_duties,
)
from poa_cli.errors import PoaError
from poa_cli.storage import store, vcs, yamlio
from poa_cli.storage.layout import LETTERS, SILENCE_FILE

RULE = "signature"
RULE_FILE = "signers-file"
_CACHE_NAME = "signatures.json"
_CACHE_VERSION = 3
_CHUNK = 200
_WHO = {
    "N": "unsigned",
    "B": "a bad signature",
    "X": "an expired signature",
    "Y": "a signature by an expired key",
    "R": "a signature by a revoked key",
    "E": "a signature git cannot check",
}


@dataclass(frozen=True)
class Signed:
    """Who signed a commit or a tag, as far as git and the allowed-signers file say."""

    status: str
    fingerprint: str
    principals: frozenset[str]

    @property
    def ok(self) -> bool:
        """Return True when git verified the signature of a key the file knows."""
        return self.status == "G" and bool(self.principals)

    def who(self) -> str:
        """Return who signed, in the words a diagnostic and ``history`` use."""
        if self.ok:
            return ", ".join(sorted(self.principals))
        if self.status in ("G", "U"):
            return f"a key not in {SIGNERS_FILE} ({self.fingerprint})"
        return _WHO.get(self.status, "unsigned")


@functools.lru_cache(maxsize=4096)
def _display(path: str, top: Path, cwd: str = "") -> str:
    full = top / path
    try:
        return os.path.relpath(full, cwd or Path.cwd())
    except ValueError:
        return str(full)


def _load_yaml(text: bytes | None, where: str) -> Mapping[str, Any] | None:
    if text is None:
        return None
    try:
        data = yamlio.parse(text.decode("utf-8"), Path(where))
    except (PoaError, UnicodeDecodeError):
        return None  # the file was broken in that commit: 'poa validate' says why
    return data if isinstance(data, Mapping) else None


class _Cache:
    """git's verdicts by ``<commit>:<signers blob>``, kept in ``.git/poa-cache/``."""

    def __init__(self, root: Path, enabled: bool) -> None:
        self.root = str(root)
        gitdir = vcs.git_dir_of(root.resolve())
        self.file = gitdir / "poa-cache" / _CACHE_NAME if (gitdir and enabled) else None
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if self.file is not None and self.file.is_file():
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                if data.get("version") == _CACHE_VERSION:
                    self.entries = dict(data.get("entries", {}))
            except (OSError, ValueError, AttributeError):
                self.entries = {}

    def get(self, key: str) -> vcs.SignatureCheck | None:
        found = self.entries.get(key)
        return vcs.SignatureCheck(found[0], found[1]) if found else None

    def put(self, key: str, check: vcs.SignatureCheck) -> None:
        self.entries[key] = [check.status, check.fingerprint]
        self.dirty = True

    def changes(self, rel: str, commit: str) -> tuple[tuple[str, str], ...] | None:
        found = self.entries.get(f"changes:{rel}:{commit}")
        return None if found is None else tuple((c[0], c[1]) for c in found)

    def put_changes(self, rel: str, commit: str, changes: Sequence[tuple[str, str]]) -> None:
        self.entries[f"changes:{rel}:{commit}"] = [list(c) for c in changes]
        self.dirty = True

    def judge(self, rel: str, commit: str) -> str | None:
        found = self.entries.get(f"judge:{rel}:{commit}")
        return found if isinstance(found, str) else None

    def put_judge(self, rel: str, commit: str, blob: str) -> None:
        self.entries[f"judge:{rel}:{commit}"] = blob
        self.dirty = True

    def duties(self, commit: str) -> list[Duty] | None:
        found = self.entries.get(f"duties:{commit}")
        if found is None:
            return None
        return [Duty(d[0], d[1], frozenset(d[2]), bool(d[3]), d[4]) for d in found]

    def put_duties(self, commit: str, duties: Sequence[Duty]) -> None:
        self.entries[f"duties:{commit}"] = [
            [d.path, d.what, sorted(d.allowed), d.secretariat_may_act, d.subject] for d in duties
        ]
        self.dirty = True

    def save(self) -> None:
        if self.file is None or not self.dirty:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".sig-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": _CACHE_VERSION, "entries": self.entries}, out)
            os.replace(tmp, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs time next run


def _verdicts(
    root: Path,
    groups: Mapping[str, tuple[bytes, list[str]]],
    cache: _Cache,
) -> dict[tuple[str, str], vcs.SignatureCheck]:
    """Return git's verdict per (commit, signers blob), asking git only for uncached ones."""
    found: dict[tuple[str, str], vcs.SignatureCheck] = {}
    jobs: list[tuple[str, bytes, list[str]]] = []
    for blob, (text, commits) in groups.items():
        todo = []
        for sha in commits:
            hit = cache.get(f"{sha}:{blob}")
            if hit is None:
                todo.append(sha)
            else:
                found[(sha, blob)] = hit
        # Chunks for two workers: git runs ssh-keygen once per signature (two cores),
        # and a chunk's verdicts are kept even if a later one fails.
        for start in range(0, len(todo), _CHUNK):
            jobs.append((blob, text, todo[start : start + _CHUNK]))
    if not jobs:
        return found
    with tempfile.TemporaryDirectory(prefix="poa-signers-") as tmp:
        files: dict[str, Path] = {}
        for blob, text, _ in jobs:
            if blob not in files:
                files[blob] = Path(tmp) / f"{blob or 'none'}.signers"
                files[blob].write_bytes(text)

        def run(job: tuple[str, bytes, list[str]]) -> tuple[str, dict[str, vcs.SignatureCheck]]:
            blob, _text, part = job
            return blob, vcs.check_signatures(root, part, files[blob])

        with ThreadPoolExecutor(max_workers=2) as pool:
            try:
                for blob, checks in pool.map(run, jobs):
                    for sha, check in checks.items():
                        found[(sha, blob)] = check
                        cache.put(f"{sha}:{blob}", check)
            finally:
                cache.save()  # what git verified before an error or Ctrl-C is not lost
    return found


@functools.lru_cache(maxsize=64)
def _signers_of(text: bytes, where: str, known: tuple[str, ...]) -> AllowedSigners:
    try:
        return parse(text.decode("utf-8", "replace"), path=where, known=known)
    except PoaError:
        return AllowedSigners()  # reported once, for the current file, by check_file


def check_file(root: Path, known: Iterable[str]) -> tuple[AllowedSigners, list[Diagnostic]]:
    """Return the document's current allowed signers and the problems of the file itself."""
    path = root / SIGNERS_FILE
    shown = os.path.relpath(path, Path.cwd())
    if not path.is_file():
        return AllowedSigners(), [
            Diagnostic(
                shown,
                None,
                None,
                RULE_FILE,
                f"no {SIGNERS_FILE} file, so no signature can be checked "
                "(docs/security.md says how to create it)",
            )
        ]
    try:
        return parse(path.read_text(encoding="utf-8"), path=shown, known=known), []
    except PoaError as exc:
        return AllowedSigners(), [Diagnostic(shown, exc.line, exc.column, RULE_FILE, exc.message)]
    except (OSError, UnicodeDecodeError) as exc:
        return AllowedSigners(), [
            Diagnostic(shown, None, None, RULE_FILE, f"cannot read the file: {exc}")
        ]


@dataclass(frozen=True)
class Step:
    """One change of the record (a proposal, a position, a decision, a tag) and its signature."""

    path: str
    what: str
    #: The commit (or, for a tag, the tag's name) that made the change.
    commit: str
    signed: Signed
    expected: str
    ok: bool
    #: The amendment the change concerns, or the tag's name.
    subject: str | None = None

    def mark(self) -> str:
        """Return the mark ``history``, ``blame`` and ``amendments show`` print."""
        if self.ok:
            return f"\u2713 signed by {self.signed.who()}"
        return f"\u2717 {self.signed.who()} (should be {self.expected})"

    def as_json(self) -> dict[str, Any]:
        """Return the step as the JSON outputs show it."""
        return {
            "what": self.what,
            "commit": self.commit,
            "signed_by": sorted(self.signed.principals) if self.signed.ok else [],
            "status": self.signed.status,
            "ok": self.ok,
            "expected": self.expected,
        }


@dataclass
class Audit:
    """Every signed (or unsigned) step of a document's record, and the file's own problems."""

    steps: list[Step]
    problems: list[Diagnostic]
    #: False when no key was ever in allowed_signers: nothing could be checked.
    set_up: bool = True

    def diagnostics(self, top: Path) -> list[Diagnostic]:
        """Return one diagnostic per step signed by somebody other than who had to sign it."""
        found = list(self.problems)
        cwd = os.getcwd()
        for step in self.steps:
            if step.ok:
                continue
            shown = step.path if step.path.startswith("tag ") else _display(step.path, top, cwd)
            head = (
                f"revision tag {step.commit}"
                if step.path.startswith("tag ")
                else f"commit {step.commit[:10]} ({step.what})"
            )
            found.append(
                Diagnostic(
                    shown,
                    None,
                    None,
                    RULE,
                    f"{head} is signed by {step.signed.who()}; "
                    f"it must be signed by {step.expected}",
                    ERROR,
                )
            )
        return found

    def for_subject(self, subject: str) -> list[Step]:
        """Return the steps on one amendment (or one tag), oldest first."""
        return [s for s in self.steps if s.subject == subject]


def check_signatures(
    root: Path, document_id: str, known: Sequence[str], *, use_cache: bool = True
) -> list[Diagnostic]:
    """Return one diagnostic per change signed by somebody other than who had to sign it.

    *root* is the document folder, *document_id* its id (revision tags are
    ``<id>/rev-N``), *known* the proposer codes principals may be. A document
    outside git is one diagnostic.
    """
    top = vcs.toplevel(root)
    if top is None:
        return [
            Diagnostic(
                str(root), None, None, RULE, "not in a git repository: no signature to check"
            )
        ]
    return audit(root, document_id, known, use_cache=use_cache).diagnostics(top)


def audit(root: Path, document_id: str, known: Sequence[str], *, use_cache: bool = True) -> Audit:
    """Return every step of the record of the document at *root* with its signature."""
    known = tuple(known)
    top = vcs.toplevel(root)
    _current, problems = check_file(root, known)
    if top is None:
        return Audit([], problems, set_up=False)
    rel = root.resolve().relative_to(top.resolve()).as_posix()
    rel = "" if rel == "." else rel
    prefix = f"{rel}/" if rel else ""
    signers_path = f"{prefix}{SIGNERS_FILE}"
    cache = _Cache(root, use_cache)
    # What a commit changed, and which version of the signers file judges it, never
    # change: both are read from git once per commit and kept in the cache.
    graph = vcs.commit_graph(root)
    unread = [sha for sha, _ in graph if cache.changes(rel, sha) is None]
    for sha, read in vcs.changes_of(root, unread, rel).items():
        cache.put_changes(rel, sha, read)
    commits = [
        vcs.CommitChanges(sha, parents, changed)
        for sha, parents in graph
        if (changed := cache.changes(rel, sha))
    ]
    # (A merge that changed nothing of its own only joined others' commits: those count.)

    # The allowed-signers file before each commit (its first parent's), else its own:
    # object ids first, the contents of each distinct version once.
    unjudged = [c for c in commits if cache.judge(rel, c.sha) is None]
    ids = vcs.object_ids(
        root,
        [f"{p}:{signers_path}" for c in unjudged for p in (*c.parents[:1], c.sha)],
    )
    blobs = {b for b in ids.values() if b is not None}
    blobs |= {b for c in commits if (b := cache.judge(rel, c.sha))}
    versions = {
        blob: found[1]
        for blob, found in vcs.read_objects(root, sorted(blobs)).items()
        if found is not None
    }
    parsed = {blob: _signers_of(text, signers_path, known) for blob, text in versions.items()}
    for c in unjudged:
        # The file before the commit judges it; until a first key is in the file,
        # the commit that puts it there is judged by its own version (the root of
        # trust), and earlier history, before signing was set up, by none ("").
        before = ids.get(f"{c.parents[0]}:{signers_path}") if c.parents else None
        judge = before if before and parsed[before].keys else ids.get(f"{c.sha}:{signers_path}")
        cache.put_judge(rel, c.sha, judge if judge and parsed[judge].keys else "")

    groups: dict[str, tuple[bytes, list[str]]] = {}
    blob_of: dict[str, str] = {}
    for c in commits:
        judge = cache.judge(rel, c.sha)
        if not judge or judge not in parsed:
            continue
        blob_of[c.sha] = judge
        groups.setdefault(judge, (versions[judge], []))[1].append(c.sha)
    verdicts = _verdicts(root, groups, cache)
    duties = _all_duties([c for c in commits if c.sha in blob_of], prefix, signers_path, cache)

    steps: list[Step] = []
    for c in commits:
        if c.sha not in blob_of:
            continue
        blob = blob_of[c.sha]
        check = verdicts.get((c.sha, blob), vcs.SignatureCheck("N", ""))
        signed = Signed(check.status, check.fingerprint, parsed[blob].principals(check.fingerprint))
        for duty in duties[c.sha]:
            ok = signed.ok and duty.satisfied_by(signed.principals)
            steps.append(
                Step(duty.path, duty.what, c.sha, signed, duty.expected(), ok, duty.subject)
            )
    steps.extend(_tag_steps(root, document_id, signers_path, known, cache))
    cache.save()
    return Audit(steps, problems, set_up=bool(blob_of) or bool(_current.keys))


def _all_duties(
    commits: Sequence[vcs.CommitChanges], prefix: str, signers_path: str, cache: _Cache
) -> dict[str, list[Duty]]:
    """Return who had to sign each commit; what a commit changed never changes, so it is
    worked out once (reading the amendments before and after) and kept in the cache."""
    found: dict[str, list[Duty]] = {}
    todo: list[vcs.CommitChanges] = []
    for c in commits:
        kept = cache.duties(c.sha)
        if kept is None:
            todo.append(c)
        else:
            found[c.sha] = kept
    specs: list[str] = []
    for c in todo:
        for _status, path in c.changes:
            if (
                path.startswith(f"{prefix}amendments/") and path.endswith(".yaml")
            ) or path == f"{prefix}{SILENCE_FILE}":
                specs.append(f"{c.sha}:{path}")
                if c.parents:
                    specs.append(f"{c.parents[0]}:{path}")
    objects = vcs.read_objects(Path(cache.root), specs) if specs else {}
    for c in todo:
        found[c.sha] = _duties(c, prefix, signers_path, objects)
        cache.put_duties(c.sha, found[c.sha])
    return found


def _duties(
    c: vcs.CommitChanges,
    prefix: str,
    signers_path: str,
    objects: Mapping[str, tuple[str, bytes] | None],
) -> list[Duty]:
    duties: list[Duty] = []
    silence_path = f"{prefix}{SILENCE_FILE}"
    for status, path in c.changes:
        if path == signers_path:
            duties.extend(file_duties(path, "signers"))
        elif path == silence_path:
            new = objects.get(f"{c.sha}:{path}")
            old = objects.get(f"{c.parents[0]}:{path}") if c.parents else None
            duties.extend(
                silence_duties(
                    path,
                    _load_yaml(old[1] if old else None, path),
                    None if status.startswith("D") else _load_yaml(new[1] if new else None, path),
                )
            )
        elif path.startswith(f"{prefix}amendments/") and path.endswith(".yaml"):
            new = objects.get(f"{c.sha}:{path}")
            old = objects.get(f"{c.parents[0]}:{path}") if c.parents else None
            duties.extend(
                amendment_duties(
                    path,
                    _load_yaml(old[1] if old else None, path),
                    None if status.startswith("D") else _load_yaml(new[1] if new else None, path),
                )
            )
        elif path.startswith(f"{prefix}{LETTERS}/"):
            continue  # a State's letter: owed with its break, below
        else:
            duties.extend(file_duties(path, "text"))
    letters = [p for _s, p in c.changes if p.startswith(f"{prefix}{LETTERS}/")]
    breakers = frozenset().union(
        *(d.allowed for d in duties if d.what.startswith("silence broken by"))
    )
    for path in letters:
        duties.append(Duty(path, f"letter {path.rsplit('/', 1)[-1]}", breakers or CHAIRS_OFFICE))
    return duties


def _tag_steps(
    root: Path, document_id: str, signers_path: str, known: tuple[str, ...], cache: _Cache
) -> list[Step]:
    found: list[Step] = []
    tags = vcs.tags(root, f"{document_id}/*")
    if not tags:
        return found
    objects = vcs.read_objects(root, [f"{t.commit}:{signers_path}" for t in tags])
    with tempfile.TemporaryDirectory(prefix="poa-signers-") as tmp:
        for t in sorted(tags, key=lambda t: t.name):
            blob = objects.get(f"{t.commit}:{signers_path}")
            text = blob[1] if blob else b""
            signers = _signers_of(text, signers_path, known)
            if not signers.keys:
                continue  # cut before signing was set up
            key = f"tag:{t.name}:{t.commit}:{blob[0] if blob else ''}"
            check = cache.get(key) if t.annotated else None
            if check is None:
                signers_file = Path(tmp) / f"{t.commit}.signers"
                signers_file.write_bytes(text)
                check = (
                    vcs.check_tag_signature(root, t.name, signers_file)
                    if t.annotated
                    else vcs.SignatureCheck("N", "")
                )
                if t.annotated:
                    cache.put(key, check)
            principals = signers.principals(check.fingerprint)
            signed = Signed(check.status, check.fingerprint, principals)
            duty = Duty(f"tag {t.name}", f"revision tag {t.name}", CHAIRS_OFFICE)
            ok = signed.ok and duty.satisfied_by(principals)
            found.append(Step(duty.path, duty.what, t.name, signed, duty.expected(), ok, t.name))
    return found


def check_document(root: Path, *, use_cache: bool = True) -> list[Diagnostic]:
    """Return the signature diagnostics of the document at *root* (see :func:`check_signatures`).

    Principals may be any proposer poa ships or the document accredits, or a role.
    Raises PoaError when document.yaml cannot be read.
    """

    meta = store.load_meta(root)
    known = _principals(meta)
    return check_signatures(root, meta.id, known, use_cache=use_cache)


def _public_key(root: Path, configured: str) -> str | None:
    """Return the public key git signs with (``user.signingkey``: a key or a file)."""
    if configured.startswith("key::"):
        return configured[5:].strip()
    if configured.startswith(("ssh-", "ecdsa-", "sk-")):
        return configured
    path = Path(configured).expanduser()
    if not path.is_absolute():
        path = root / path
    for candidate in (path, path.with_name(path.name + ".pub")):
        try:
            text = candidate.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text.startswith(("ssh-", "ecdsa-", "sk-")):
            return text
    return None


def signing_problem(root: Path, proposers: Sequence[str]) -> str | None:
    """Return why a proposal by *proposers* (codes) would fail the signature check, or None.

    Only when the document requires signatures: git is not set to sign, signs with
    gpg (poa checks ssh keys against ``allowed_signers``), or the configured key may
    not sign for any of *proposers*. ``draft amend`` warns with it before writing
    (refuses with ``--strict``).
    """

    meta = store.load_meta(root)
    if not meta.require_signatures:
        return None
    who = ", ".join(proposers)
    if not vcs.signs_by_default(root):
        return (
            f"this document requires signatures and git is not set to sign your commits, "
            f"so {who}'s proposal would fail 'poa validate --signatures' "
            "(git config commit.gpgSign true; see docs/security.md)"
        )
    if (vcs.config_value(root, "gpg.format") or "openpgp") != "ssh":
        return "git signs with gpg; this document's allowed_signers lists ssh keys (gpg.format ssh)"
    configured = vcs.config_value(root, "user.signingkey")
    public = _public_key(root, configured) if configured else None
    if public is None:
        return "git's user.signingkey names no ssh public key poa can read"
    known = _principals(meta)
    signers, problems = check_file(root, known)
    if problems:
        return problems[0].message
    allowed = [code for code in (*proposers, "SECRETARIAT") if signers.may_sign(public, code)]
    if allowed:
        return None
    fp = fingerprint(public.split()[1]) if len(public.split()) > 1 else "?"
    return (
        f"your signing key ({fp}) may not sign for {who} in {SIGNERS_FILE}, "
        "so the proposal would fail 'poa validate --signatures'"
    )


def record(root: Path) -> Audit | None:
    """Return the signature audit of the document at *root*, or None when signing is not set up.

    Set up means ``allowed_signers`` names at least one key; before that, ``history``,
    ``blame`` and ``amendments show`` print no marks (a repository that does not sign
    reads as it always did).
    """

    if not (root / SIGNERS_FILE).is_file():
        return None
    meta = store.load_meta(root)
    known = _principals(meta)
    signers, problems = check_file(root, known)
    if not signers.keys and not problems:
        return None
    return audit(root, meta.id, known)


def marks_of(found: Audit | None, subject: str) -> list[str]:
    """Return ``"<what>: <mark>"`` for every step on *subject* (an amendment id or a tag)."""
    if found is None:
        return []
    return [f"{s.what}: {s.mark()}" for s in found.for_subject(subject)]


def _principals(meta: DocumentMeta) -> list[str]:
    """The proposer codes a principal may be: every shipped proposer and the document's
    accredited stakeholders (the roles are the signers module's own)."""
    return [p.code for p in default_registry()] + [s.id for s in meta.stakeholders]
