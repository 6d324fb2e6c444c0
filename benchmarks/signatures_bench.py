"""A negotiation signed commit by commit, for timing ``poa validate --signatures``.

``run.py`` calls :func:`benchmarks`, which makes sure the signed corpus exists and
returns its ``Bench`` entries. The corpus is built once into ``build/corpus-signed/``
and reused while the large corpus and ``BUILDER_VERSION`` are unchanged. Its history
is *valid*: every commit is signed by whom ``poa validate --signatures`` asks, and
the builder checks that ``poa validate --signatures`` finds no error before it is kept.

- an ed25519 key per principal (``ssh-keygen``, kept in ``build/corpus-signed-keys/``):
  the Secretariat, the Chair, every lead proposer and every State that takes a
  position in the large corpus;
- the Secretariat's commit: the document, its clauses and ``allowed_signers`` naming
  all of them (the root of trust);
- every amendment of the large corpus (4,200), each in its own commit signed by its
  lead proposer, as the proposal stood when tabled: no supporters or objectors yet,
  status ``proposed``;
- the positions (~15,000 supports and objections): one commit per State, signed by
  that State, recording all of its positions;
- the withdrawals, one commit per lead proposer, signed by it; then the Chair's
  decisions (accepted, rejected, superseded) in one commit signed by the Chair; the
  amendment files are now the large corpus's, byte for byte;
- twenty-one revisions: ``poa consolidate`` run with the Chair's key (signed commit
  and signed tag), each accepting a batch of pending amendments (never the deletion
  or replacement of a whole clause, which would leave other proposals without target).

How: the ~4,500 commits before the first revision are first written unsigned by one
``git fast-import`` (every blob and tree in one process), then committed again in
order, tree by tree, with ``git commit-tree -S`` under the signer's key (git signs
with ``ssh-keygen -Y sign``; one signature per commit cannot be avoided, since each
commit's id depends on its parent's). On the 2-core machine under a load of about
10: 35 s for fast-import, 5 min to sign the 4,517 commits (68 ms each; the previous
builder's ``git add`` + ``git commit`` per proposal took about three times that), 10
min for the 21 consolidations and 7 min for the first, cold, check.

Benchmarks (issue 17): ``validate --signatures`` warm (git's verdicts cached; the
target is ≤ 2 s) beside a plain warm ``poa validate`` of the same repository, so the
ratio is what checking thousands of signatures adds; and the cold check (every
signature verified by git, two processes) beside ``git log --format=%G?`` verifying
the same commits in one process.

Standalone: ``.venv/bin/python benchmarks/signatures_bench.py [--force]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import revisions_bench  # benchmarks/revisions_bench.py: the document's folder, _candidates

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = REPO / "build" / "corpus-signed"
KEYS = REPO / "build" / "corpus-signed-keys"
BUILDER_VERSION = 3
REVISIONS = 20
PER_REVISION = 20
BIN = Path(sys.executable).parent
POA = str(BIN / "poa")


def _env(key: Path | None, who: str = "Benchmark") -> dict[str, str]:
    email = f"{who.lower()}@example.org"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": email,
        "NO_COLOR": "1",
    }
    if key is not None:
        settings = {
            "gpg.format": "ssh",
            "user.signingkey": str(key),
            "commit.gpgSign": "true",
            "tag.gpgSign": "true",
        }
        env["GIT_CONFIG_COUNT"] = str(len(settings))
        for i, (k, v) in enumerate(settings.items()):
            env[f"GIT_CONFIG_KEY_{i}"] = k
            env[f"GIT_CONFIG_VALUE_{i}"] = v
    return env


def _run(cmd: Sequence[str], cwd: Path, key: Path | None = None, who: str = "Benchmark") -> str:
    proc = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, env=_env(key, who))
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed:\n{proc.stderr or proc.stdout}")
    return proc.stdout


def _key(who: str) -> Path:
    key = KEYS / who.lower()
    if not key.exists():
        KEYS.mkdir(parents=True, exist_ok=True)
        _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(key)], KEYS)
    return key


def _stamp(corpus: Path) -> dict[str, Any]:
    head = _run(["git", "rev-parse", "HEAD"], corpus).strip()
    return {"builder_version": BUILDER_VERSION, "corpus_head": head}


# ----------------------------------------------------------------------------- amendment files


@dataclass
class _Amendment:
    """One amendment file of the large corpus, cut into its top-level keys."""

    name: str
    blocks: list[tuple[str, str]]  # (key, its lines); "" for the comment on top

    def codes(self, key: str) -> list[str]:
        for k, text in self.blocks:
            if k == key:
                if text.splitlines()[0].split(":", 1)[1].strip():
                    raise SystemExit(f"{self.name}: {key} is not a block list")
                return [ln.strip()[2:].strip("'\"") for ln in text.splitlines()[1:]]
        return []

    @property
    def lead(self) -> str:
        return self.codes("proposed_by")[0]

    @property
    def status(self) -> str:
        for k, text in self.blocks:
            if k == "status":
                return text.split(":", 1)[1].strip().strip("'\"")
        return "proposed"

    def version(self, positions: frozenset[str] | None, withdrawn: bool, decided: bool) -> str:
        """The file as it stood at one step of the negotiation.

        *positions*: the States whose support or objection is recorded so far (None:
        all); *withdrawn*: the lead proposer's withdrawal is recorded; *decided*: the
        Chair's decision (status, ``applied_in``, ``decision``). With everything
        recorded, the text is the corpus's file, byte for byte.
        """
        status = self.status
        shown = (status == "withdrawn" and withdrawn) or (
            status not in ("proposed", "withdrawn") and decided
        )
        out = []
        for key, text in self.blocks:
            if key in ("supported_by", "opposed_by"):
                lines = text.splitlines(keepends=True)
                kept = [
                    ln
                    for ln in lines[1:]
                    if positions is None or ln.strip()[2:].strip("'\"") in positions
                ]
                if kept:
                    out.append(lines[0] + "".join(kept))
            elif key == "status":
                out.append(text if shown else "status: proposed\n")
            elif key in ("applied_in", "decision"):
                if decided:
                    out.append(text)
            else:
                out.append(text)
        return "".join(out)


def _read(path: Path) -> _Amendment:
    blocks: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        top = _TOP_KEY.match(line)
        if top or not blocks:
            blocks.append((top.group(1) if top else "", line))
        else:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + line)
    return _Amendment(path.name, blocks)


_TOP_KEY = re.compile(r"^([a-z_]+):")


# ----------------------------------------------------------------------------- the history


@dataclass
class _Step:
    """One commit of the history: who signs it, its message, the files it writes."""

    signer: str
    message: str
    files: dict[str, bytes]


def _history(src: Path, corpus: Path) -> list[_Step]:
    """Every commit before the first revision, oldest first, each with its one signer."""
    doc = revisions_bench.DOC
    root: dict[str, bytes] = {}
    for path in sorted((corpus / "schemas").glob("*.json")):
        root[f"schemas/{path.name}"] = path.read_bytes()
    root[f"{doc}/document.yaml"] = (src / "document.yaml").read_bytes()
    for path in sorted((src / "clauses").glob("*.yaml")):
        root[f"{doc}/clauses/{path.name}"] = path.read_bytes()
    amendments = [_read(p) for p in sorted((src / "amendments").glob("*.yaml"))]
    steps = [_Step("SECRETARIAT", "The document and who may sign for whom", root)]

    def rel(a: _Amendment) -> str:
        return f"{doc}/amendments/{a.name}"

    none: frozenset[str] = frozenset()
    # 1. Every proposal, on its own, signed by its lead proposer: no positions, pending.
    for a in amendments:
        text = a.version(none, withdrawn=False, decided=False)
        steps.append(_Step(a.lead, f"Propose {a.name[:-5]}", {rel(a): text.encode()}))
    # 2. Every State's positions (supports and objections), one commit per State,
    #    signed by that State.
    taken: dict[str, list[_Amendment]] = {}
    for a in amendments:
        for code in {c for k in _POSITIONS for c in a.codes(k)}:
            taken.setdefault(code, []).append(a)
    done: set[str] = set()
    for state in sorted(taken):
        done.add(state)
        now = frozenset(done)
        files = {
            rel(a): a.version(now, withdrawn=False, decided=False).encode() for a in taken[state]
        }
        steps.append(_Step(state, f"Positions of {state} on {len(files)} proposals", files))
    # 3. Withdrawals, one commit per lead proposer, signed by it.
    leads = sorted({a.lead for a in amendments if a.status == "withdrawn"})
    for lead in leads:
        files = {
            rel(a): a.version(None, withdrawn=True, decided=False).encode()
            for a in amendments
            if a.status == "withdrawn" and a.lead == lead
        }
        steps.append(_Step(lead, f"{lead} withdraws {len(files)} proposals", files))
    # 4. The Chair's decisions (accepted, rejected, superseded) in one commit.
    files = {
        rel(a): a.version(None, withdrawn=True, decided=True).encode()
        for a in amendments
        if a.status not in ("proposed", "withdrawn")
    }
    steps.append(_Step("CHAIR", f"The Chair's decisions on {len(files)} proposals", files))
    return steps


_POSITIONS = ("supported_by", "opposed_by")


def _fast_import(out: Path, steps: list[_Step], signers: bytes) -> list[str]:
    """Write *steps* as unsigned commits with ``git fast-import`` (one process, every
    tree and blob); return their trees, oldest first."""
    chunks: list[bytes] = []
    for n, step in enumerate(steps, start=1):
        when = _EPOCH + n * 60
        msg = step.message.encode()
        chunks.append(
            b"commit refs/heads/unsigned\nmark :%d\ncommitter B <b@example.org> %d +0000\n"
            b"data %d\n%s\n" % (n, when, len(msg), msg)
        )
        if n > 1:
            chunks.append(b"from :%d\n" % (n - 1))
        files = dict(step.files)
        if n == 1:
            files[f"{revisions_bench.DOC}/{SIGNERS}"] = signers
        for path, data in sorted(files.items()):
            chunks.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    proc = subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=out, input=b"".join(chunks), capture_output=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"git fast-import failed:\n{proc.stderr.decode()}")
    trees = _run(["git", "log", "--reverse", "--format=%T", "refs/heads/unsigned"], out).split()
    _run(["git", "update-ref", "-d", "refs/heads/unsigned"], out)
    return trees


def _sign_chain(out: Path, steps: list[_Step], trees: list[str], log: Any) -> str:
    """Commit each tree again, signed by its step's signer (``git commit-tree -S``: git
    signs with ssh-keygen); return the last commit."""
    parent: str | None = None
    for n, (step, tree) in enumerate(zip(steps, trees, strict=True), start=1):
        when = f"{_EPOCH + n * 60} +0000"
        env = _env(_key(step.signer), step.signer)
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        cmd = ["git", "commit-tree", "-S", tree, "-m", step.message]
        if parent:
            cmd[3:3] = ["-p", parent]
        proc = subprocess.run(cmd, cwd=out, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"git commit-tree failed at {step.message}:\n{proc.stderr}")
        parent = proc.stdout.strip()
        if n % 1000 == 0:
            log(f"    {n} signed …")
    assert parent is not None
    return parent


_EPOCH = 1780000000  # 2026-05-28: the history's clock, a minute a commit
SIGNERS = "allowed_signers"


def _revisions(doc: Path, log: Any) -> None:
    """Twenty-one revisions, each ``poa consolidate`` run with the Chair's key.

    No deletion or replacement of a whole clause is accepted: the proposals still
    pending on that clause, its sub-paragraphs or as a move to it would lose their
    target, and plain ``poa validate`` would fail on the corpus (the benchmark times
    a command that must succeed).
    """
    chair = _key("CHAIR")
    log(f"  {REVISIONS + 1} revisions by the Chair (poa consolidate, signed commit and tag) …")
    _run([POA, "consolidate", "-d", str(doc), "--date", "2026-11-02"], OUT, chair, "CHAIR")
    taken: set[str] = set()
    for k in range(1, REVISIONS + 1):
        ids = revisions_bench._candidates(doc, taken, "", PER_REVISION, _KEEP_TARGETS)
        taken.update(ids)
        if not ids:
            break
        _run(
            [POA, "consolidate", "-d", str(doc), "--accept", ",".join(ids),
             "--date", f"2026-{11 + k // 11:02d}-{2 + k % 11:02d}"],
            OUT, chair, "CHAIR",
        )  # fmt: skip


_KEEP_TARGETS = frozenset({"delete-clause", "replace-clause"})


def build(corpus: Path, log: Any = print) -> dict[str, Any]:
    """Build the signed corpus from the large *corpus*; return what it holds."""
    t0 = time.perf_counter()
    src = corpus / revisions_bench.DOC
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    doc = OUT / revisions_bench.DOC
    _run(["git", "init", "-q", "-b", "main"], OUT)
    steps = _history(src, corpus)
    principals = ["SECRETARIAT", "CHAIR", *sorted({s.signer for s in steps} - set(_ROLES))]
    lines = []
    for who in principals:
        kind, blob = _key(who).with_suffix(".pub").read_text().split()[:2]
        lines.append(f"{who} {kind} {blob}")
    signers = ("\n".join(lines) + "\n").encode()
    log(f"  {len(steps)} commits by {len(principals)} keys: trees by git fast-import …")
    trees = _fast_import(OUT, steps, signers)
    t1 = time.perf_counter()
    log("  signing them in order (git commit-tree -S) …")
    head = _sign_chain(OUT, steps, trees, log)
    t2 = time.perf_counter()
    _run(["git", "update-ref", "refs/heads/main", head], OUT)
    _run(["git", "reset", "-q", "--hard"], OUT)
    _run(["git", "gc", "-q", "--prune=now"], OUT)
    _revisions(doc, log)
    t3 = time.perf_counter()
    # The corpus must pass: every commit signed by whom the rule asks, no other error.
    report = subprocess.run(
        [POA, "validate", str(doc), "--signatures", "--format", "json"],
        cwd=OUT, capture_output=True, text=True, env=_env(None),
    )  # fmt: skip
    found = [d for d in json.loads(report.stdout)["diagnostics"] if d["severity"] == "error"]
    if found:
        raise SystemExit(f"the signed corpus has {len(found)} errors, e.g. {found[0]}")
    commits = int(_run(["git", "rev-list", "--count", "HEAD"], OUT).strip())
    tags = len(_run(["git", "tag", "--list"], OUT).split())
    info = {
        "stamp": _stamp(corpus),
        "document": str(doc),
        "commits": commits,
        "proposals": sum(s.message.startswith("Propose ") for s in steps),
        "position_commits": sum(s.message.startswith("Positions of ") for s in steps),
        "revision_tags": tags,
        "principals": len(principals),
        "build_seconds": round(time.perf_counter() - t0, 1),
        "seconds": {
            "fast_import": round(t1 - t0, 1),
            "sign": round(t2 - t1, 1),
            "consolidate": round(t3 - t2, 1),
            "verify": round(time.perf_counter() - t3, 1),
        },
    }
    (OUT / "signed.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


_ROLES = ("SECRETARIAT", "CHAIR")


def ensure(corpus: Path, force: bool = False) -> dict[str, Any]:
    """Return the signed corpus's description, building it when missing or out of date."""
    meta = OUT / "signed.json"
    if not force and meta.is_file():
        info: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("stamp") == _stamp(corpus):
            return info
    print(f"building the signed corpus in {OUT} (once; minutes: git signs every commit) …")
    return build(corpus)


def benchmarks(c: Any, bench: Any, python_pass: Any) -> list[Any]:
    """The ``Bench`` entries of run.py (``bench`` is run.py's Bench class)."""
    del python_pass
    info = ensure(c.root)
    doc = info["document"]
    gitlog = ["git", "-C", str(OUT), "-c",
              f"gpg.ssh.allowedSignersFile={doc}/allowed_signers",
              "log", "--format=%H %G? %GK"]  # fmt: skip
    drop_cache = ["sh", "-c", f"rm -f {OUT}/.git/poa-cache/signatures.json"]
    return [
        bench(
            f"validate --signatures, warm ({info['commits']} signed commits)",
            [POA, "validate", doc, "--signatures"],
            "poa validate (no signatures), warm",
            [[POA, "validate", doc]],
            max_ms=2000,
            prepare=[POA, "validate", doc, "--signatures"],
        ),
        bench(
            "validate --signatures, cold (git verifies each)",
            [POA, "validate", doc, "--signatures"],
            "git log --format=%G? (one process)",
            [gitlog],
            reset=drop_cache,
            # Minutes a run (git runs ssh-keygen twice per commit): one timed run says it.
            runs=1,
            warmup=0,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--force", action="store_true", help="build again")
    args = ap.parse_args(argv)
    if not (args.corpus / ".git").is_dir():
        raise SystemExit(f"no corpus in {args.corpus}: run benchmarks/run.py (or generate.py)")
    sys.path.insert(0, str(HERE))
    print(json.dumps(ensure(args.corpus.resolve(), args.force), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
