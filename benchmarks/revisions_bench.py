"""A negotiation with 21 revisions, for timing consolidate, diff and blame.

``run.py`` calls :func:`benchmarks`, which makes sure the revisions corpus exists
and returns three ``Bench`` entries. The corpus is built once (about a minute)
into ``build/corpus-revisions/``, a clone of ``benchmarks/corpus/``, entirely
with the real ``poa`` command:

- ``poa consolidate`` issues the zero draft (``rev-0``);
- then, twenty times: ``poa draft amend`` adds one amendment to the clause that
  ``poa blame`` will be timed on (so that it has twenty revisions of history), and
  ``poa consolidate --accept …`` accepts that amendment and a batch of the
  corpus's pending amendments (one per target, each checked to still apply, none
  opposed) and issues ``rev-1`` … ``rev-20``; the last batch has 200;
- finally 200 more pending amendments are marked accepted and committed on the
  branch ``bench-base``: the state ``poa consolidate`` is timed from.

The benchmarks (targets from the revisions issue):

- ``consolidate, 200 accepted``: ``poa consolidate`` from ``bench-base`` (applies
  200 amendments, writes ~360 files, commits, tags rev-21; reset untimed before
  each run); peer ``python -c pass``; target ≤ 0.6 s (issue 18).
- ``blame, 20 revisions``: ``poa blame CLAUSE --format json``; peer ``git blame``
  of the clause file (line-level, unattributed); target ≤ 0.5 s.
- ``diff rev-19 rev-20``: ``poa diff rev-19 rev-20 --format json`` (~200
  amendments, every change attributed); peer ``git diff --word-diff`` of the
  clause files between the same tags; target ≤ 1 s and ≤ 5× the peer (issue 18).
- ``site, 21 revisions``: ``poa site`` (every revision's clean text and
  changes, 420 paragraph pages with blame and history, positions, status,
  search) on a clone of ``bench-base`` in ``build/corpus-site/`` where the
  pending amendments that no longer validate (their targets deleted by the
  accepted ones) are removed, since a site is published only from a document
  that validates; peer: one paper, ``poa render --view compilation`` of the
  same text; target ≤ 20 s.

Standalone: ``.venv/bin/python benchmarks/revisions_bench.py [--force]`` builds the
corpus (``--force``: again) and prints what it holds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = REPO / "build" / "corpus-revisions"
DOC = "drafts/poa-bench"
BUILDER_VERSION = 3
REVISIONS = 20
PER_REVISION = 40  # amendments accepted in rev-1 … rev-19
LAST_REVISION = 200  # in rev-20 (the diff rev-19 rev-20 benchmark)
TO_CONSOLIDATE = 200  # accepted on bench-base (the consolidate benchmark)
BIN = Path(sys.executable).parent
POA = str(BIN / "poa")
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Benchmark Chair",
    "GIT_AUTHOR_EMAIL": "chair@example.org",
    "GIT_COMMITTER_NAME": "Benchmark Chair",
    "GIT_COMMITTER_EMAIL": "chair@example.org",
    "NO_COLOR": "1",
}


def _run(cmd: Sequence[str], cwd: Path) -> str:
    proc = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, env=ENV)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed:\n{proc.stderr or proc.stdout}")
    return proc.stdout


def _stamp(corpus: Path) -> dict[str, Any]:
    head = _run(["git", "rev-parse", "HEAD"], corpus).strip()
    return {"builder_version": BUILDER_VERSION, "corpus_head": head}


def blame_clause(corpus: Path) -> str:
    """The clause blame is timed on: the first operative clause of the corpus."""
    from poa_cli.storage import store

    meta = store.load_meta(corpus / DOC)
    return next(c for c in meta.clause_order() if c.startswith("op-"))


def _candidates(
    doc: Path, taken: set[str], reserved: str, limit: int, skip: frozenset[str] = frozenset()
) -> list[str]:
    """Pending amendments, none opposed, that apply one after the other to the current text.

    They are tried in the order ``poa consolidate`` applies them, each on the text
    the previous ones left, so accepting exactly these cannot conflict. *skip*: actions
    never chosen (``delete-clause`` leaves the proposals on that clause without a target).
    """
    from dataclasses import replace

    from poa_cli.domain import amend, consolidation
    from poa_cli.domain.model import AMENDMENT_ID_RE
    from poa_cli.errors import PoaError
    from poa_cli.storage import revisions

    document = revisions.load_working(doc)
    clauses, order = dict(document.clauses), document.meta.clause_order()
    owner = {it.id: c.id for c in clauses.values() for it in c.all_items()}
    stakeholders = {s.id for s in document.meta.stakeholders}
    pending = [
        replace(a, status="accepted")
        for a in document.amendments.values()
        if a.status == "proposed"
        and not a.opposed_by
        and a.id not in taken
        and not AMENDMENT_ID_RE.match(a.target)
        and a.proposed_by[0] not in stakeholders
        and owner.get(a.target, a.target) != reserved
        and a.destination != reserved
        and a.action not in skip
    ]
    chosen: list[str] = []
    targets: set[str] = set()  # one per target: two on the same words are alternatives
    for a in consolidation.to_apply(pending):
        if len(chosen) >= limit:
            break
        if a.target in targets:
            continue
        try:
            clauses, order = amend.apply_amendment(clauses, order, a)
        except PoaError:
            continue
        chosen.append(a.id)
        targets.add(a.target)
    return chosen


def build(corpus: Path, out: Path = OUT, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Build the revisions corpus from *corpus* into *out*; return what it holds."""
    t0 = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _run(["git", "clone", "-q", "--local", str(corpus), str(out)], REPO)
    for key, value in (("user.name", "Benchmark Chair"), ("user.email", "chair@example.org"),
                       ("commit.gpgSign", "false"), ("tag.gpgSign", "false")):  # fmt: skip
        _run(["git", "config", key, value], out)
    doc = out / DOC
    clause = blame_clause(corpus)
    _run([POA, "validate", str(doc)], out)  # primes the parse cache, as CI would have
    _run([POA, "consolidate", "-d", str(doc), "--date", "2026-09-01"], out)
    taken: set[str] = set()
    states = ["Denmark", "Brazil", "Kenya", "Mexico", "Estonia", "Ghana", "Chile", "Fiji"]
    for k in range(1, REVISIONS + 1):
        limit = LAST_REVISION if k == REVISIONS else PER_REVISION
        ids = _candidates(doc, taken, clause, limit)
        own = _run(
            [POA, "draft", "amend", clause, "-d", str(doc), "--by", states[k % len(states)],
             "--append", f"and report on progress at meeting {k}"],
            out,
        ).splitlines()[0]  # fmt: skip
        taken.update(ids)
        accept = ",".join([own, *ids])
        _run(
            [POA, "consolidate", "-d", str(doc), "--accept", accept,
             "--date", f"2026-{9 + k // 10:02d}-{1 + k % 10:02d}"],
            out,
        )  # fmt: skip
        log(f"  rev-{k}: {len(ids) + 1} amendments")
    batch = _candidates(doc, taken, clause, TO_CONSOLIDATE)
    for aid in batch:
        path = doc / "amendments" / f"{aid}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("status: proposed", "status: accepted", 1), encoding="utf-8")
    _run(["git", "commit", "-qam", f"Accept {len(batch)} amendments (benchmark)"], out)
    _run(["git", "branch", "-f", "bench-base"], out)
    info = {
        **_stamp(corpus),
        "document": str(doc),
        "blame_clause": clause,
        "revisions": REVISIONS + 1,
        "last_revision_amendments": LAST_REVISION + 1,
        "to_consolidate": len(batch),
        "build_seconds": round(time.perf_counter() - t0, 1),
    }
    (out / "revisions.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def ensure(corpus: Path, force: bool = False, out: Path = OUT) -> dict[str, Any]:
    """Return the revisions corpus's description, building it when missing or out of date."""
    meta = out / "revisions.json"
    if not force and meta.is_file():
        info: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
        if {k: info.get(k) for k in ("builder_version", "corpus_head")} == _stamp(corpus):
            return info
    print(f"building the revisions corpus in {out} (once; about a minute) …", flush=True)
    return build(corpus, out)


SITE_OUT = REPO / "build" / "corpus-site"


def ensure_site_copy(info: dict[str, Any], out: Path = SITE_OUT) -> Path:
    """A clone of the revisions corpus at ``bench-base`` that validates: the pending
    amendments ``poa validate`` rejects (targets deleted by accepted amendments)
    removed in one commit. Built once per revisions corpus."""
    stamp = out / "site.json"
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == info:
        return out / DOC
    if out.exists():
        shutil.rmtree(out)
    _run(["git", "clone", "-q", "--local", str(OUT), str(out)], REPO)
    for key, value in (("user.name", "Benchmark Chair"), ("user.email", "chair@example.org"),
                       ("commit.gpgSign", "false")):  # fmt: skip
        _run(["git", "config", key, value], out)
    _run(["git", "checkout", "-q", "bench-base"], out)
    proc = subprocess.run([POA, "validate", DOC, "--format", "json"], cwd=out,
                          capture_output=True, text=True, env=ENV)  # fmt: skip
    report = json.loads(proc.stdout)
    bad = sorted({d["path"] for d in report["diagnostics"] if d["severity"] == "error"})
    if bad:
        _run(["git", "rm", "-q", "--", *bad], out)
        _run(["git", "commit", "-qm", f"Remove {len(bad)} amendments that no longer apply"], out)
    _run([POA, "validate", DOC], out)
    stamp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return out / DOC


def benchmarks(c: Any, bench: Any, python_pass: Any) -> list[Any]:
    """The four ``Bench`` entries of run.py (``bench`` is run.py's Bench class)."""
    info = ensure(c.root)
    site_doc = str(ensure_site_copy(info))
    site_out = str(REPO / "build" / "site-bench")
    doc = info["document"]
    repo = str(OUT)
    clause_file = f"{DOC}/clauses/{info['blame_clause']}.yaml"
    word_diff = ["git", "-C", repo, "diff", "--word-diff", "poa-bench/rev-19", "poa-bench/rev-20",
                 "--", f"{DOC}/clauses", f"{DOC}/document.yaml"]  # fmt: skip
    reset = ["sh", "-c",
             f"cd {repo} && git reset -q --hard bench-base && "
             "(git tag -d poa-bench/rev-21 >/dev/null 2>&1; true)"]  # fmt: skip
    return [
        bench(
            f"consolidate, {info['to_consolidate']} accepted",
            [POA, "consolidate", "-d", doc, "--date", "2027-01-15"],
            "python -c pass",
            python_pass,
            max_ms=600,
            prepare=[POA, "validate", doc],
            reset=reset,
        ),
        bench(
            "blame, 20 revisions",
            [POA, "blame", info["blame_clause"], "-d", doc, "--format", "json"],
            "git blame (the clause file)",
            [["git", "-C", repo, "blame", "--", clause_file]],
            max_ms=500,
            prepare=reset,
        ),
        bench(
            "diff rev-19 rev-20",
            [POA, "diff", "rev-19", "rev-20", "-d", doc, "--format", "json"],
            "git diff --word-diff (clauses)",
            [word_diff],
            max_ms=1000,
            min_speedup=0.2,  # at most 5x git's own (unattributed) word diff
            prepare=reset,
        ),
        bench(
            "site, 21 revisions",
            [POA, "site", site_doc, "-o", site_out],
            "poa render --view compilation (one paper)",
            [[POA, "render", site_doc, "--view", "compilation", "-o", site_out + ".html"]],
            max_ms=20000,
            runs=3,
            warmup=1,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--force", action="store_true", help="build again")
    args = ap.parse_args(argv)
    if not (args.corpus / ".git").is_dir():
        raise SystemExit(f"no corpus in {args.corpus}: run benchmarks/run.py (or generate.py)")
    info = ensure(args.corpus.resolve(), args.force)
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
