"""The order in which a revision applies its accepted amendments (consolidation.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from poa_cli.amend import find_phrase, make_anchor
from poa_cli.consolidation import consolidate, to_apply
from poa_cli.model import Amendment, Clause

MEET = "*Decides* that the mechanism shall meet once a year;"


def replace_text(aid: str, text: str, phrase: str, new: str, when: date | None = None) -> Amendment:
    return Amendment(
        id=aid,
        target="op-meet",
        action="replace-text",
        proposed_by=(aid.split("-")[0],),
        status="accepted",
        submitted=when,
        anchor=make_anchor(text, *find_phrase(text, phrase)),
        text=new,
    )


def test_amendments_apply_by_date_then_state_then_number_not_by_text_order() -> None:
    day = date(2026, 5, 1)
    ids = ["DNK-10", "DNK-2", "EST-1", "DNK-1", "AUT-3", "DNK-11"]
    chosen = [replace_text(aid, MEET, "once", "x", day) for aid in ids]
    chosen.append(replace_text("ZAF-1", MEET, "once", "x", date(2026, 4, 1)))
    chosen.append(replace_text("AUT-9", MEET, "once", "x", None))  # undated: first
    got = [a.id for a in to_apply(chosen)]
    assert got == ["AUT-9", "ZAF-1", "AUT-3", "DNK-1", "DNK-2", "DNK-10", "DNK-11", "EST-1"]


def test_to_apply_leaves_out_the_pending_rejected_and_applied() -> None:
    base = replace_text("DNK-1", MEET, "once", "x")
    rows = [
        base,
        replace(base, id="DNK-2", status="proposed"),
        replace(base, id="DNK-3", status="rejected"),
        replace(base, id="DNK-4", applied_in="rev-1"),
    ]
    assert [a.id for a in to_apply(rows)] == ["DNK-1"]


def test_a_later_number_builds_on_the_words_of_an_earlier_one() -> None:
    # DNK-10 was drafted against the text DNK-2 produces: DNK-2 must apply first.
    day = date(2026, 5, 1)
    first = replace_text("DNK-2", MEET, "once a year", "twice a year", day)
    after_first = MEET.replace("once a year", "twice a year")
    second = replace_text("DNK-10", after_first, "twice a year", "at least twice a year", day)
    result = consolidate(
        {"op-meet": Clause("op-meet", "operative", MEET)}, ["op-meet"], [second, first]
    )
    assert result.clauses["op-meet"].text == MEET.replace("once a year", "at least twice a year")
    assert [a.id for a in result.applied] == ["DNK-2", "DNK-10"]
    assert [aid for aid, _ in result.steps["op-meet"]] == ["DNK-2", "DNK-10"]
