"""Consolidation (consolidation.py): the order a revision applies its accepted amendments,
what it records, and the conflicts it refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from poa_cli.domain.amend import AnchorStale, find_phrase, make_anchor
from poa_cli.domain.consolidation import consolidate, consolidate_touched, to_apply
from poa_cli.domain.model import Amendment, Anchor, Clause, Item
from poa_cli.errors import Conflict, PoaError

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


# --------------------------------------------------------------------------- what a revision records

SCOPE = "*Recognizes* that the mechanism shall be open to all States;"
CLAUSES = {
    "op-scope": Clause("op-scope", "operative", SCOPE),
    "op-meet": Clause(
        "op-meet",
        "operative",
        MEET,
        items=(Item("op-meet-a", "in New York"), Item("op-meet-b", "in Geneva")),
    ),
    "op-end": Clause("op-end", "operative", "*Decides* to remain seized of the matter."),
    "op-old": Clause("op-old", "operative", "*Decides* to close."),
}
ORDER = ["op-scope", "op-meet", "op-end", "op-old"]


def accepted(aid: str, target: str, action: str, **fields: Any) -> Amendment:
    return Amendment(
        id=aid,
        target=target,
        action=action,
        proposed_by=(aid.split("-")[0],),
        status="accepted",
        **fields,
    )


def anchor(text: str, phrase: str) -> Anchor:
    return make_anchor(text, *find_phrase(text, phrase))


def test_a_revision_records_steps_insertions_deletions_and_moves() -> None:
    chosen = [
        accepted("DNK-1", "op-meet", "replace-text", anchor=anchor(MEET, "once"), text="twice"),
        accepted(
            "EST-1",
            "op-meet-a",
            "insert-text",
            anchor=anchor("in New York", "New York"),
            text="City",
            position="after",
        ),
        accepted(
            "FRA-1",
            "op-meet",
            "insert-clause",
            position="after",
            clause=Clause("op-new", "operative", "*Requests* a report;"),
        ),
        accepted("DEU-1", "op-meet-b", "delete-clause"),
        accepted("ITA-1", "op-scope", "move-clause", destination="op-end"),
        accepted("ESP-1", "op-old", "delete-clause"),
        replace(accepted("GBR-1", "op-scope", "delete-clause"), status="proposed"),
    ]
    result = consolidate(CLAUSES, ORDER, chosen)
    assert [a.id for a in result.applied] == ["DEU-1", "DNK-1", "ESP-1", "EST-1", "FRA-1", "ITA-1"]
    assert result.order == ["op-meet", "op-new", "op-end", "op-scope"]
    assert result.clauses["op-meet"].text == MEET.replace("once", "twice")
    assert [it.text for it in result.clauses["op-meet"].items] == ["in New York City"]
    assert result.steps == {
        "op-meet": [("DNK-1", MEET.replace("once", "twice"))],
        "op-meet-a": [("EST-1", "in New York City")],
    }
    assert result.inserted == {"op-new": "FRA-1"}
    assert result.deleted == {"op-old": (CLAUSES["op-old"], "ESP-1")}  # clauses, not sub-paragraphs
    assert result.moved == {"op-scope": "ITA-1"}
    assert set(result.clauses) == {"op-scope", "op-meet", "op-new", "op-end"}
    assert CLAUSES["op-meet"].text == MEET and len(CLAUSES) == 4  # the inputs are untouched


def test_nothing_accepted_changes_nothing() -> None:
    result = consolidate(CLAUSES, ORDER, [])
    assert (result.clauses, result.order, result.applied) == (CLAUSES, ORDER, [])
    assert (result.steps, result.inserted, result.deleted, result.moved) == ({}, {}, {}, {})


def test_a_sub_amendment_changes_its_parent_before_the_parent_applies() -> None:
    parent = accepted(
        "EU-1", "op-meet", "replace-text", anchor=anchor(MEET, "once a year"), text="twice a year"
    )
    sub = accepted(
        "RUS-1", "EU-1", "replace-text", anchor=Anchor(phrase="twice"), text="three times"
    )
    result = consolidate(CLAUSES, ORDER, [sub, parent])
    assert result.clauses["op-meet"].text == MEET.replace("once a year", "three times a year")
    assert [a.id for a in result.applied] == ["EU-1", "RUS-1"]
    applied_parent = result.applied[0]
    assert applied_parent.text == "three times a year"  # the parent as amended
    assert result.steps["op-meet"] == [("EU-1", MEET.replace("once a year", "three times a year"))]


@pytest.mark.parametrize(
    ("parent_status", "message"),
    [
        (None, "RUS-1 amends EU-1, which does not exist"),
        (
            "proposed",
            "RUS-1 is accepted but the amendment it changes, EU-1, is proposed: accept EU-1 too, or reject RUS-1",
        ),
        (
            "rejected",
            "RUS-1 is accepted but the amendment it changes, EU-1, is rejected: accept EU-1 too, or reject RUS-1",
        ),
    ],
)
def test_a_sub_amendment_without_its_accepted_parent_is_a_conflict(
    parent_status: str | None, message: str
) -> None:
    parent = accepted(
        "EU-1", "op-meet", "replace-text", anchor=anchor(MEET, "once a year"), text="twice a year"
    )
    sub = accepted(
        "RUS-1", "EU-1", "replace-text", anchor=Anchor(phrase="twice"), text="three times"
    )
    sub = replace(sub, path=Path("amendments/RUS-1.yaml"))
    chosen = [sub] if parent_status is None else [sub, replace(parent, status=parent_status)]
    with pytest.raises(Conflict) as caught:
        consolidate(CLAUSES, ORDER, chosen)
    assert caught.value.message == message
    assert caught.value.path == sub.path


def test_a_sub_amendment_that_does_not_fit_its_parent_is_a_conflict() -> None:
    parent = accepted(
        "EU-1", "op-meet", "replace-text", anchor=anchor(MEET, "once a year"), text="twice a year"
    )
    sub = accepted("RUS-1", "EU-1", "replace-text", anchor=Anchor(phrase="weekly"), text="daily")
    with pytest.raises(Conflict) as caught:
        consolidate(CLAUSES, ORDER, [parent, sub])
    assert caught.value.message.startswith("RUS-1 cannot apply to EU-1: ")
    assert "weekly" in caught.value.message


def test_an_amendment_whose_words_an_earlier_one_changed_is_a_conflict_naming_both() -> None:
    # One conflict rule for validate, list, render and consolidate (issue 14, point 20):
    # two accepted amendments on the same words are alternatives, refused before any
    # is applied, naming both and pointing at the first one's file.
    day = date(2026, 5, 1)
    first = replace(
        replace_text("DNK-1", MEET, "once a year", "twice a year", day),
        path=Path("amendments/DNK-1.yaml"),
    )
    also = replace_text("DNK-2", MEET, "Decides", "Decides also", day)
    second = replace(
        replace_text("EST-1", MEET, "once a year", "every year", day),
        path=Path("amendments/EST-1.yaml"),
    )
    with pytest.raises(Conflict) as caught:
        consolidate(CLAUSES, ORDER, [second, also, first])
    err = caught.value
    assert err.message == (
        "DNK-1 and EST-1 are alternatives: they change the same words of 'op-meet'"
    )
    assert err.hint == "accept one of them (reject EST-1, or DNK-1)"
    assert err.path == first.path


def test_an_amendment_that_never_fitted_raises_the_engines_error() -> None:
    stale = accepted("DNK-1", "op-meet", "replace-text", anchor=Anchor(phrase="weekly"), text="x")
    with pytest.raises(AnchorStale) as caught:
        consolidate(CLAUSES, ORDER, [stale])
    assert caught.value.message == (
        'DNK-1: "weekly" no longer occurs in op-meet (the text changed since the amendment was written)'
    )


def test_a_sub_amendment_sorted_first_does_not_stop_the_others() -> None:
    # AUT-1 amends EU-1 and sorts before it and DNK-1: all three are applied.
    parent = accepted(
        "EU-1", "op-meet", "replace-text", anchor=anchor(MEET, "once a year"), text="twice a year"
    )
    sub = accepted(
        "AUT-1", "EU-1", "replace-text", anchor=Anchor(phrase="twice"), text="three times"
    )
    other = accepted(
        "DNK-1", "op-scope", "replace-text", anchor=anchor(SCOPE, "all States"), text="all"
    )
    result = consolidate(CLAUSES, ORDER, [parent, other, sub])
    assert [a.id for a in result.applied] == ["AUT-1", "DNK-1", "EU-1"]
    assert result.clauses["op-meet"].text == MEET.replace("once a year", "three times a year")
    assert result.clauses["op-scope"].text == SCOPE.replace("all States", "all")


def test_consolidating_only_the_touched_clauses_gives_the_same_result() -> None:
    day = date(2026, 5, 1)
    cases = [
        [replace_text("DNK-1", MEET, "once", "twice", day)],
        [accepted("ITA-1", "op-scope", "move-clause", destination="op-end")],
        [
            accepted(
                "FRA-1",
                "op-end",
                "insert-clause",
                position="after",
                clause=Clause("op-new", "operative", "x"),
            )
        ],
        # a new clause whose id is a sub-paragraph of an untouched clause: the full path decides
        [
            accepted(
                "FRA-1",
                "op-end",
                "insert-clause",
                position="after",
                clause=Clause("op-meet-a", "operative", "x"),
            )
        ],
        [
            accepted(
                "EU-1",
                "op-meet",
                "replace-text",
                anchor=anchor(MEET, "once a year"),
                text="twice a year",
            ),
            accepted(
                "RUS-1", "EU-1", "replace-text", anchor=Anchor(phrase="twice"), text="three times"
            ),
        ],
        [accepted("DEU-1", "op-meet-b", "delete-clause")],
        # an anchor that fits nowhere: the partial run fails, the full one decides
        [accepted("DNK-1", "op-meet", "replace-text", anchor=Anchor(phrase="weekly"), text="x")],
        # a sub-amendment of a sub-amendment: the clause is found through both parents
        [
            accepted(
                "EU-1",
                "op-meet",
                "replace-text",
                anchor=anchor(MEET, "once a year"),
                text="twice a year",
            ),
            accepted(
                "RUS-1", "EU-1", "replace-text", anchor=Anchor(phrase="twice"), text="three times"
            ),
            accepted("CHN-1", "RUS-1", "replace-text", anchor=Anchor(phrase="three"), text="four"),
        ],
        [],
    ]
    for chosen in cases:
        try:
            full = consolidate(CLAUSES, ORDER, chosen)
        except PoaError as exc:
            with pytest.raises(type(exc)) as caught:
                consolidate_touched(CLAUSES, ORDER, chosen)
            assert caught.value.message == exc.message
            continue
        fast = consolidate_touched(CLAUSES, ORDER, chosen)
        assert fast == full, [a.id for a in chosen]
        assert list(fast.clauses) == list(full.clauses)
