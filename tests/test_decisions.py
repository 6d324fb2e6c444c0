"""poa consolidate: decisions, consensus, revisions as annotated tags, refusals that change nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from poa_cli.storage import yamlio

from .conftest import git, tree_state


def amend(poa, doc: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    run = poa(doc, "draft", "amend", *args)
    assert run.exit_code == 0, run.stderr
    return str(run.stdout.splitlines()[0])


def consolidate(poa, doc: Path, *args: str):  # type: ignore[no-untyped-def]
    return poa(doc, "consolidate", *args)


def tag_message(doc: Path, tag: str) -> str:
    return git(doc, "for-each-ref", "--format=%(objecttype) %(contents)", f"refs/tags/{tag}")


def test_first_cut_is_the_zero_draft(minimal_doc: Path, poa) -> None:
    run = consolidate(poa, minimal_doc, "--date", "2026-12-01")
    assert run.exit_code == 0, run.stderr
    assert "Zero draft (rev-0)" in run.stdout and "as it stands" in run.stdout
    message = tag_message(minimal_doc, "minimal/rev-0")
    assert message.startswith("tag ")  # annotated
    assert "rev-0" in message and "2026-12-01" in message and "A/CONF.1/2026/L.1" in message
    body = git(minimal_doc, "log", "-1", "--format=%B")
    assert "Revision: rev-0" in body and "Symbol: A/CONF.1/2026/L.1" in body
    assert git(minimal_doc, "describe", "--tags", "--exact-match").strip() == "minimal/rev-0"
    assert yamlio.load(minimal_doc / "document.yaml")["date"] == "2026-12-01"
    assert git(minimal_doc, "status", "--porcelain") == ""


def test_nothing_changed_still_cuts_an_empty_commit(minimal_doc: Path, poa) -> None:
    assert consolidate(poa, minimal_doc, "--date", "2026-11-29").exit_code == 0  # same date
    assert git(minimal_doc, "show", "--stat", "--format=", "HEAD").strip() == ""
    run = consolidate(poa, minimal_doc, "--date", "2026-11-29")
    assert run.exit_code == 0 and "Rev.1 (rev-1)" in run.stdout
    assert "/Rev.1" in tag_message(minimal_doc, "minimal/rev-1")


def test_accept_and_reject_are_recorded_applied_and_tagged(minimal_doc: Path, poa) -> None:
    consolidate(poa, minimal_doc)
    clause = minimal_doc / "clauses" / "op-meet.yaml"
    clause.write_text(clause.read_text() + "# Chair: keep this paragraph short.\n")
    git(minimal_doc, "commit", "-qam", "comment")
    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--replace", "by consensus",
                "--with", "by consensus of the States present")  # fmt: skip
    chn = amend(poa, minimal_doc, "op-establish-a", "--by", "China", "--append", "fully")
    run = consolidate(poa, minimal_doc, "--accept", fra, "--reject", chn, "--note", "Round 2")
    assert run.exit_code == 0, run.stderr
    assert f"applied (1): {fra}" in run.stdout and f"rejected (1): {chn}" in run.stdout
    text = clause.read_text()
    assert "by consensus of the States present" in text
    assert "# Chair: keep this paragraph short." in text  # round-trip keeps comments
    fra_data = yamlio.load(minimal_doc / "amendments" / f"{fra}.yaml")
    assert fra_data["status"] == "accepted" and fra_data["applied_in"] == "rev-1"
    assert fra_data["decision"] == {"date": date.today().isoformat()}
    chn_data = yamlio.load(minimal_doc / "amendments" / f"{chn}.yaml")
    assert chn_data["status"] == "rejected" and "applied_in" not in chn_data
    body = git(minimal_doc, "log", "-1", "--format=%B")
    for line in (f"Accepted: {fra}", f"Rejected: {chn}", "Revision: rev-1", "Round 2"):
        assert line in body
    trailers = git(minimal_doc, "log", "-1", "--format=%(trailers:key=Revision,valueonly)")
    assert trailers.strip() == "rev-1"
    assert git(minimal_doc, "status", "--porcelain") == ""
    assert poa(minimal_doc, "validate").exit_code == 0
    listed = json.loads(poa(minimal_doc, "amendments", "list", "--format", "json").stdout)
    assert {r["id"]: r["applied_in"] for r in listed}[fra] == "rev-1"


def test_consensus_objection_refused_naming_the_states(minimal_doc: Path, poa) -> None:
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc, "--accept", "DNK-1")
    assert run.exit_code == 1
    assert "no consensus" in run.stderr and "Russian Federation" in run.stderr
    assert "--over-objection DNK-1" in run.stderr
    assert tree_state(minimal_doc) == before
    assert git(minimal_doc, "tag") == ""


def test_override_needs_a_note_and_is_recorded(minimal_doc: Path, poa) -> None:
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc, "--over-objection", "DNK-1")
    assert run.exit_code == 1 and "note" in run.stderr
    assert tree_state(minimal_doc) == before
    run = consolidate(poa, minimal_doc, "--over-objection", "DNK-1",
                      "--note", "Consensus judged to exist; objection noted.")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert "over the objection of Russian Federation: DNK-1" in run.stdout
    data = yamlio.load(minimal_doc / "amendments" / "DNK-1.yaml")
    assert data["decision"]["over_objection"] is True
    assert data["decision"]["note"] == "Consensus judged to exist; objection noted."
    body = git(minimal_doc, "log", "-1", "--format=%B")
    assert "Over-objection: DNK-1 (objection of Russian Federation)" in body
    assert "once a year" not in (minimal_doc / "clauses" / "op-meet.yaml").read_text()


def test_override_with_its_own_note(minimal_doc: Path, poa) -> None:
    run = consolidate(poa, minimal_doc, "--over-objection", "DNK-1=Informal consultations")
    assert run.exit_code == 0, run.stderr
    data = yamlio.load(minimal_doc / "amendments" / "DNK-1.yaml")
    assert data["decision"]["note"] == "Informal consultations"


def test_override_of_an_amendment_nobody_opposes_is_a_mistake(minimal_doc: Path, poa) -> None:
    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--append", "in Geneva")
    run = consolidate(poa, minimal_doc, "--over-objection", fra, "--note", "x")
    assert run.exit_code == 1 and "no objection to override" in run.stderr


def test_conflict_between_accepted_amendments_names_both(minimal_doc: Path, poa) -> None:
    usa = amend(poa, minimal_doc, "op-meet", "--by", "USA", "--replace", "once a year",
                "--with", "as needed")  # fmt: skip
    bra = amend(poa, minimal_doc, "op-meet", "--by", "Brazil", "--replace", "once a year",
                "--with", "every two years")  # fmt: skip
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc, "--accept", f"{usa},{bra}")
    assert run.exit_code == 1
    assert usa in run.stderr and bra in run.stderr
    assert tree_state(minimal_doc) == before
    assert git(minimal_doc, "tag") == ""


def test_pending_amendments_made_stale_are_reported(minimal_doc: Path, poa) -> None:
    usa = amend(poa, minimal_doc, "op-meet", "--by", "USA", "--replace", "once a year",
                "--with", "as needed")  # fmt: skip
    bra = amend(poa, minimal_doc, "op-meet", "--by", "Brazil", "--insert", "at least",
                "--before-text", "once a year")  # fmt: skip
    run = consolidate(poa, minimal_doc, "--accept", usa)
    assert run.exit_code == 0, run.stderr
    assert "stale now" in run.stdout and bra in run.stdout and "DNK-1" in run.stdout
    rows = json.loads(poa(minimal_doc, "amendments", "list", "--format", "json").stdout)
    assert {r["id"]: r["state"] for r in rows}[bra] == "stale"
    report = json.loads(poa(minimal_doc, "validate", "--format", "json").stdout)
    stale = {d["path"].rsplit("/", 1)[-1] for d in report["diagnostics"] if d["rule"] == "stale"}
    assert {f"{bra}.yaml", "DNK-1.yaml"} <= stale


def test_dirty_tree_is_refused(minimal_doc: Path, poa) -> None:
    clause = minimal_doc / "clauses" / "op-meet.yaml"
    clause.write_text(clause.read_text() + "# unsaved thought\n")
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc)
    assert run.exit_code == 1 and "uncommitted changes" in run.stderr
    assert tree_state(minimal_doc) == before and git(minimal_doc, "tag") == ""


def test_existing_revision_or_tag_is_refused(minimal_doc: Path, poa) -> None:
    assert consolidate(poa, minimal_doc).exit_code == 0
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc, "--as", "rev-0")
    assert run.exit_code == 1 and "already exists" in run.stderr
    run = consolidate(poa, minimal_doc, "--as", "rev-banana")
    assert run.exit_code == 1 and "not a revision name" in run.stderr
    assert tree_state(minimal_doc) == before
    git(minimal_doc, "tag", "minimal/rev-3")  # a tag someone made by hand, ahead
    run = consolidate(poa, minimal_doc, "--as", "rev-2")
    assert run.exit_code == 1 and "before the latest revision" in run.stderr
    assert tree_state(minimal_doc) == before


def test_a_failed_tag_takes_the_commit_back(minimal_doc: Path, poa) -> None:
    assert consolidate(poa, minimal_doc).exit_code == 0
    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--append", "in Geneva")
    before = tree_state(minimal_doc)
    gitdir = Path(git(minimal_doc, "rev-parse", "--absolute-git-dir").strip())
    lock = gitdir / "refs" / "tags" / "minimal" / "rev-1.lock"
    lock.write_text("")  # another git process holds the ref: git tag fails
    run = consolidate(poa, minimal_doc, "--accept", fra)
    assert run.exit_code == 1 and "tag" in run.stderr
    assert tree_state(minimal_doc) == before
    assert git(minimal_doc, "diff", "--cached", "--name-only") == ""
    assert yamlio.load(minimal_doc / "amendments" / f"{fra}.yaml")["status"] == "proposed"
    lock.unlink()
    run = consolidate(poa, minimal_doc, "--accept", fra)
    assert run.exit_code == 0, run.stderr


def test_dry_run_changes_nothing(minimal_doc: Path, poa) -> None:
    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--append", "in Geneva")
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc, "--accept", fra, "--dry-run")
    assert run.exit_code == 0 and "Would issue" in run.stdout and fra in run.stdout
    assert tree_state(minimal_doc) == before and git(minimal_doc, "tag") == ""


def test_as_names_the_first_revision(minimal_doc: Path, poa) -> None:
    assert consolidate(poa, minimal_doc, "--as", "Rev.1").exit_code == 0
    assert consolidate(poa, minimal_doc).exit_code == 0
    assert git(minimal_doc, "tag").split() == ["minimal/rev-1", "minimal/rev-2"]


def test_structural_amendments_update_files_and_order(minimal_doc: Path, poa) -> None:
    new = amend(poa, minimal_doc, "op-meet", "--by", "France", "--new-clause",
                "*Decides further* to review the mechanism in 2030;", "--clause-id", "op-review")  # fmt: skip
    move = amend(poa, minimal_doc, "op-establish", "--by", "Brazil", "--move-after", "op-meet")
    gone = amend(poa, minimal_doc, "pp-recall", "--by", "Mexico", "--delete-clause")
    run = consolidate(poa, minimal_doc, "--accept", f"{new},{move},{gone}")
    assert run.exit_code == 0, run.stderr
    data = yamlio.load(minimal_doc / "document.yaml")
    # Applied in a fixed order (date, then id): BRA-1 moves op-establish after op-meet,
    # then FRA-1 puts op-review right after op-meet.
    assert [s["clauses"] for s in data["sections"]] == [
        [],
        ["op-meet", "op-review", "op-establish"],
    ]
    assert (minimal_doc / "clauses" / "op-review.yaml").is_file()
    assert not (minimal_doc / "clauses" / "pp-recall.yaml").exists()
    assert git(minimal_doc, "status", "--porcelain") == ""
    report = json.loads(poa(minimal_doc, "validate", "--format", "json").stdout)
    mine = {"order-missing", "order-unknown", "order-duplicate", "yaml", "schema"}
    assert not [d for d in report["diagnostics"] if d["rule"] in mine]


def test_validate_accepts_applied_structural_amendments(minimal_doc: Path, poa) -> None:
    new = amend(poa, minimal_doc, "op-meet", "--by", "France", "--new-clause", "*Decides* x;")
    gone = amend(poa, minimal_doc, "pp-recall", "--by", "Mexico", "--delete-clause")
    assert consolidate(poa, minimal_doc, "--accept", f"{new},{gone}").exit_code == 0
    run = poa(minimal_doc, "validate")
    assert run.exit_code == 0, run.stdout


def test_settled_and_unknown_amendments_are_refused(minimal_doc: Path, poa) -> None:
    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--append", "in Geneva")
    assert poa(minimal_doc, "draft", "withdraw", fra, "--by", "France").exit_code == 0
    before = tree_state(minimal_doc)
    for args, message in (
        (["--accept", fra], "withdrawn"),
        (["--accept", "ZZZ-9"], "no amendment 'ZZZ-9'"),
        (["--accept", "CSNET-1"], "stakeholder proposal"),
        (["--accept", "DNK-1", "--reject", "DNK-1"], "both accepted and rejected"),
    ):
        run = consolidate(poa, minimal_doc, *args)
        assert run.exit_code == 1 and message in run.stderr, (args, run.stderr)
    assert tree_state(minimal_doc) == before


def test_sub_amendment_applies_through_its_parent(minimal_doc: Path, poa) -> None:
    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--replace", "once a year",
                "--with", "twice a year")  # fmt: skip
    bra = amend(
        poa, minimal_doc, fra, "--by", "Brazil", "--replace", "twice", "--with", "three times"
    )
    run = consolidate(poa, minimal_doc, "--accept", f"{fra},{bra}")
    assert run.exit_code == 0, run.stderr
    assert "three times a year" in (minimal_doc / "clauses" / "op-meet.yaml").read_text()
    for aid in (fra, bra):
        assert yamlio.load(minimal_doc / "amendments" / f"{aid}.yaml")["applied_in"] == "rev-0"


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow"])
def test_bad_date_is_a_usage_error(minimal_doc: Path, poa, bad: str) -> None:
    assert consolidate(poa, minimal_doc, "--date", bad).exit_code == 2


def test_consolidate_touched_is_consolidate() -> None:
    """The fast path gives what the full consolidation gives, result or refusal."""
    from dataclasses import replace

    from poa_cli.domain import consolidation
    from poa_cli.errors import PoaError
    from poa_cli.storage import store

    from .conftest import DRAFTS

    doc = store.load_document(DRAFTS / "poa-founding-document")
    order = doc.meta.clause_order()
    states = [a for a in doc.amendments.values() if a.status == "proposed"]
    groups = [[a] for a in states] + [states[i::3] for i in range(3)] + [states]
    for group in groups:
        marked = {**doc.amendments, **{a.id: replace(a, status="accepted") for a in group}}
        outcomes = []
        for fn in (consolidation.consolidate, consolidation.consolidate_touched):
            try:
                r = fn(doc.clauses, order, marked.values())
            except PoaError as exc:
                outcomes.append(("error", type(exc).__name__, exc.message))
            else:
                outcomes.append(
                    (list(r.clauses.items()), r.order, [a.id for a in r.applied], r.steps,
                     r.inserted, sorted(r.deleted), r.moved)
                )  # fmt: skip
        assert outcomes[0] == outcomes[1], [a.id for a in group]


def test_text_edits_keep_layout_and_fall_back_to_round_trip(minimal_doc: Path, poa) -> None:
    # op-establish's text is folded (>-) and has items: the round-trip writer edits it.
    est = amend(poa, minimal_doc, "op-establish", "--by", "France", "--replace", "permanent",
                "--with", "standing")  # fmt: skip
    meet = amend(poa, minimal_doc, "op-meet", "--by", "Brazil", "--append", "in New York")
    run = consolidate(poa, minimal_doc, "--accept", f"{est},{meet}")
    assert run.exit_code == 0, run.stderr
    establish = (minimal_doc / "clauses" / "op-establish.yaml").read_text()
    assert "text: >-" in establish and "standing" in establish and "tags: [mechanism]" in establish
    meet_text = (minimal_doc / "clauses" / "op-meet.yaml").read_text()
    assert meet_text.count("\n") == 6 and 'text: "*Decides also*' in meet_text
    raw = (minimal_doc / "amendments" / f"{meet}.yaml").read_text()
    assert "status: accepted\napplied_in: rev-0\ndecision:\n  date: " in raw


def test_an_interrupted_revision_is_named_not_issued_twice(minimal_doc: Path, poa) -> None:
    assert consolidate(poa, minimal_doc).exit_code == 0
    git(minimal_doc, "tag", "-d", "minimal/rev-0")  # as if killed between commit and tag
    before = tree_state(minimal_doc)
    run = consolidate(poa, minimal_doc)
    assert run.exit_code == 1 and "tag minimal/rev-0 is missing" in run.stderr
    assert "git tag -a minimal/rev-0" in run.stderr
    assert tree_state(minimal_doc) == before


def test_the_plan_is_worked_out_before_anything_is_written(minimal_doc: Path, poa) -> None:
    """load -> plan_revision (pure) names every file, the message and the tag; nothing moves."""
    from poa_cli.actions import consolidate as chair_decisions

    fra = amend(poa, minimal_doc, "op-meet", "--by", "France", "--append", "in Geneva")
    state = tree_state(minimal_doc)
    head = git(minimal_doc, "rev-parse", "HEAD").strip()
    before = chair_decisions.load(minimal_doc, head)
    plan = chair_decisions.plan_revision(
        before, "rev-0", accept=[fra], reject=(), over_objection={}, note=None,
        on=date(2026, 12, 1),
    )  # fmt: skip
    assert tree_state(minimal_doc) == state
    assert plan.tag.name == "minimal/rev-0" and plan.tag.commit is None
    assert "issued 2026-12-01" in plan.tag.message
    assert [f.path.name for f in plan.clauses] == ["op-meet.yaml"]
    assert plan.clauses[0].new.text.endswith("by consensus in Geneva;")
    [record] = plan.records
    assert record.path.name == f"{fra}.yaml" and record.applied_in == "rev-0"
    assert record.decision is not None and record.decision.status == "accepted"
    assert ("Accepted", fra) in plan.trailers and plan.issued.applied == (fra,)
    assert plan.deleted == () and plan.issued.commit is None
    # The same plan, carried out, is what the command commits.
    assert consolidate(poa, minimal_doc, "--accept", fra, "--date", "2026-12-01").exit_code == 0
    assert plan.subject == git(minimal_doc, "log", "-1", "--format=%s").strip()
