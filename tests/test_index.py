"""The document index (storage/index.py) and the single-item commands that use it.

``amendments show`` and ``clause show`` read only the files that decide what they
print, found through the index. Every answer is checked against the whole-document
path (every file read, every state computed) on a generated negotiation with
competing proposals, sub-amendments and clause-level actions; then the index is
checked to follow the files as they change, by poa and by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from poa_cli.actions import listing
from poa_cli.domain.model import id_order
from poa_cli.domain.numbering import number_clauses
from poa_cli.errors import NotFound, PoaError
from poa_cli.storage import store
from poa_cli.storage.index import AmendmentEntry, ClauseEntry, Problem, load_index

from .conftest import git

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small benchmark negotiation (one git commit): 40 clauses, 400 amendments."""
    out = tmp_path_factory.mktemp("index") / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(out), "--clauses", "40",
         "--amendments", "400", "--proposers", "40", "--seed", "3"],
        check=True, capture_output=True,
    )  # fmt: skip
    root = out / "drafts" / "poa-bench"
    # Words changed under the proposals on a few clauses, so that some no longer apply.
    for path in sorted((root / "clauses").glob("op-*.yaml"))[:4]:
        path.write_text(path.read_text(encoding="utf-8").replace(" the ", " thee "), "utf-8")
    git(out, "commit", "-q", "-am", "change words under the proposals")
    return root


def _reference(root: Path) -> tuple[dict, dict, object, dict]:  # type: ignore[type-arg]
    """Every clause and amendment read, every state computed: the whole-document path."""
    clauses, amendments, registry = listing._load(root)
    return clauses, amendments, registry, listing._compute_states(clauses, amendments)


def test_show_amendment_agrees_with_the_whole_document(corpus: Path) -> None:
    clauses, amendments, registry, states = _reference(corpus)
    kinds = {s for s in states.values()}
    assert "stale" in kinds and any(s.startswith("competes with") for s in kinds)
    assert any(a.target in amendments for a in amendments.values()), "no sub-amendment"
    # A quarter of them, and every one whose state is hardest to get right from a part.
    picked = [
        (aid, a)
        for i, (aid, a) in enumerate(amendments.items())
        if i % 4 == 0 or states.get(aid) == "stale" or a.target in amendments
        or a.action in ("insert-clause", "move-clause", "delete-clause", "replace-clause")
    ]  # fmt: skip
    assert len(picked) > 150
    for aid, a in picked:
        subs = sorted((s.id for s in amendments.values() if s.target == a.id), key=id_order)
        want = listing._shown(clauses, amendments, registry, states, a, subs)  # type: ignore[arg-type]
        assert listing.show_amendment(corpus, aid) == want, aid


def test_pending_on_and_numbers_agree_with_the_whole_document(corpus: Path) -> None:
    clauses, amendments, registry, states = _reference(corpus)
    numbers = {n.clause.id: n.number for n in number_clauses(store.load_meta(corpus), clauses)}
    shown = 0
    for cid, clause in clauses.items():
        parts = {clause.id, *(it.id for it in clause.all_items())}
        want = []
        for aid in sorted(amendments, key=id_order):
            a = amendments[aid]
            if a.status == "proposed" and a.target.split("[^")[0] in parts:
                one = listing._shown(clauses, amendments, registry, states, a, [])  # type: ignore[arg-type]
                want.append((one.row, one.preview))
        assert listing.pending_on(corpus, cid) == want, cid
        assert listing.paragraph_number(corpus, cid) == numbers.get(cid, ""), cid
        shown += len(want)
    assert shown > 100


def test_the_index_is_kept_in_the_git_directory_and_follows_every_change(
    tmp_path: Path, corpus: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(corpus.parent.parent, repo)
    shutil.rmtree(repo / ".git" / "poa-cache", ignore_errors=True)
    root = repo / "drafts" / "poa-bench"
    idx = load_index(root)
    assert list(idx.amendments) == sorted(idx.amendments)  # file order, as the listing reads
    assert all(isinstance(e, AmendmentEntry) for e in idx.amendments.values())
    assert all(isinstance(e, ClauseEntry) for e in idx.clauses.values())
    saved = list((repo / ".git" / "poa-cache").glob("index-*.json"))
    assert len(saved) == 1

    # Edited in place (same inode, same folder mtime), as an editor or a script does.
    aid, a = next((k, v) for k, v in idx.amendments.items() if isinstance(v, AmendmentEntry))
    other = next(c for c in idx.clauses if c != a.target)
    path = root / "amendments" / f"{aid}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"target: {a.target}\n", f"target: {other}\n"), encoding="utf-8")
    moved = load_index(root).amendments[aid]
    assert isinstance(moved, AmendmentEntry) and moved.target == other
    assert (
        listing.show_amendment(root, aid).row
        == {r.id: r for r in listing.list_amendments(root)}[aid]
    )

    # A broken file is refused, naming it, by every single-item command, as before.
    (root / "amendments" / "DNK-999.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert isinstance(load_index(root).amendments["DNK-999"], Problem)
    with pytest.raises(PoaError) as err:
        listing.show_amendment(root, aid)
    assert err.value.path is not None and err.value.path.name == "DNK-999.yaml"
    with pytest.raises(PoaError):
        listing.pending_on(root, other)

    # Gone: a deleted file leaves the index, and its id is unknown.
    (root / "amendments" / "DNK-999.yaml").unlink()
    path.unlink()
    assert aid not in load_index(root).amendments
    with pytest.raises(NotFound):
        listing.show_amendment(root, aid)

    # A broken clause file: the paragraph numbers refuse it, as reading every clause did.
    cpath = root / "clauses" / f"{other}.yaml"
    cpath.write_text("kind: operative\n", encoding="utf-8")
    with pytest.raises(PoaError) as err:
        listing.paragraph_number(root, next(iter(idx.clauses)))
    assert err.value.path == cpath


def test_without_git_nothing_is_kept_and_the_answers_are_the_same(
    tmp_path: Path, corpus: Path
) -> None:
    plain = tmp_path / "plain" / "poa-bench"
    shutil.copytree(corpus, plain)
    aid = sorted(load_index(corpus).amendments)[7]
    assert listing.show_amendment(plain, aid).row == listing.show_amendment(corpus, aid).row
    assert not list(tmp_path.rglob("index-*.json"))


def test_clause_show_prints_the_number_and_pending_proposals(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    """The command end to end on the sample, after a proposal poa just wrote."""
    first = poa(sample_doc, "clause", "show", "op-annual-meetings")
    assert first.exit_code == 0, first.stdout
    made = poa(sample_doc, "draft", "amend", "op-annual-meetings", "--by", "Denmark", "--append",
               "and report annually")  # fmt: skip
    assert made.exit_code == 0, made.stdout
    new_id = made.stdout.split()[0]
    after = poa(sample_doc, "clause", "show", "op-annual-meetings")
    assert after.exit_code == 0 and new_id in after.stdout
    shown = poa(sample_doc, "amendments", "show", new_id)
    assert shown.exit_code == 0 and "op-annual-meetings" in shown.stdout
    assert git(sample_doc.parent, "status", "--porcelain") == ""
