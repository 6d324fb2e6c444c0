"""A negotiation signed commit by commit, for timing ``poa validate --signatures``.

``run.py`` calls :func:`benchmarks`, which makes sure the signed corpus exists and
returns its ``Bench`` entries. The corpus is built once (a few minutes: git runs
``ssh-keygen`` to sign every commit) into ``build/corpus-signed/`` and reused while
the large corpus and this builder are unchanged:

- an ed25519 key per principal (``ssh-keygen``): the Secretariat, the Chair and
  every lead proposer of the large corpus; the Secretariat commits the document,
  its clauses and the ``allowed_signers`` file naming all of them (the root of
  trust);
- then every amendment of the large corpus (4,200) is committed on its own,
  signed with its lead proposer's key, as ``poa draft amend`` would commit it;
- then twenty revisions: the Chair's key signs ``poa consolidate`` (commit and
  tag) accepting a batch of those amendments each time.

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
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = REPO / "build" / "corpus-signed"
KEYS = REPO / "build" / "corpus-signed-keys"
BUILDER_VERSION = 1
REVISIONS = 20
PER_REVISION = 20
BIN = Path(sys.executable).parent
POA = str(BIN / "poa")


def _env(key: Path | None) -> dict[str, str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Benchmark",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Benchmark",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
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


def _run(cmd: Sequence[str], cwd: Path, key: Path | None = None) -> str:
    proc = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, env=_env(key))
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


def _lead(path: Path) -> str:
    """The lead proposer's code of an amendment file (its first ``proposed_by`` entry)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("proposed_by:"):
            inline = line.split(":", 1)[1].strip()
            if inline.startswith("["):
                return inline.strip("[]").split(",")[0].strip(" '\"")
            return lines[i + 1].strip().lstrip("- ").strip("'\"")
    return path.stem.rsplit("-", 1)[0]


def build(corpus: Path, log: Any = print) -> dict[str, Any]:
    """Build the signed corpus from the large *corpus*; return what it holds."""
    import revisions_bench

    t0 = time.perf_counter()
    src = corpus / revisions_bench.DOC
    if OUT.exists():
        shutil.rmtree(OUT)
    doc = OUT / revisions_bench.DOC
    doc.mkdir(parents=True)
    _run(["git", "init", "-q", "-b", "main"], OUT)
    shutil.copy2(src / "document.yaml", doc / "document.yaml")
    shutil.copytree(src / "clauses", doc / "clauses")
    (doc / "amendments").mkdir()
    (doc / "amendments" / ".gitkeep").write_text("")
    amendments = sorted((src / "amendments").glob("*.yaml"))
    leads = {path: _lead(path) for path in amendments}
    principals = ["SECRETARIAT", "CHAIR", *sorted(set(leads.values()))]
    lines = []
    for who in principals:
        kind, blob = _key(who).with_suffix(".pub").read_text().split()[:2]
        lines.append(f"{who} {kind} {blob}")
    (doc / "allowed_signers").write_text("\n".join(lines) + "\n")
    _run(["git", "add", "-A"], OUT)
    _run(["git", "commit", "-q", "-m", "The document and who may sign"], OUT, _key("SECRETARIAT"))
    log(f"  signing {len(amendments)} proposals, one commit each, by {len(principals)} keys …")
    for n, path in enumerate(amendments, start=1):
        shutil.copy2(path, doc / "amendments" / path.name)
        rel = f"{revisions_bench.DOC}/amendments/{path.name}"
        _run(["git", "add", rel], OUT)
        _run(["git", "commit", "-q", "-m", f"Propose {path.stem}"], OUT, _key(leads[path]))
        if n % 500 == 0:
            log(f"    {n} …")
    chair = _key("CHAIR")
    _run([POA, "consolidate", "-d", str(doc), "--date", "2026-06-01"], OUT, chair)
    taken: set[str] = set()
    for k in range(1, REVISIONS + 1):
        ids = revisions_bench._candidates(doc, taken, "", PER_REVISION)
        taken.update(ids)
        if not ids:
            break
        _run(
            [POA, "consolidate", "-d", str(doc), "--accept", ",".join(ids),
             "--date", f"2026-{6 + k // 10:02d}-{1 + k % 10:02d}"],
            OUT, chair,
        )  # fmt: skip
    commits = int(_run(["git", "rev-list", "--count", "HEAD"], OUT).strip())
    tags = len(_run(["git", "tag", "--list"], OUT).split())
    info = {
        "stamp": _stamp(corpus),
        "document": str(doc),
        "commits": commits,
        "revision_tags": tags,
        "principals": len(principals),
        "build_seconds": round(time.perf_counter() - t0, 1),
    }
    (OUT / "signed.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


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
