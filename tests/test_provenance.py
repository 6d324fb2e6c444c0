"""Attribution of every word to the change that put it there (or took it out)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from poa_cli.domain.provenance import attribute, blame
from poa_cli.domain.textdiff import Segment

from .conftest import examples

WORDS = st.sampled_from(
    [
        "the",
        "States",
        "shall",
        "meet",
        "once",
        "a",
        "year",
        "and",
        "adopt",
        "decisions",
        "by",
        "consensus,",
        "in",
        "New",
        "York;",
    ]
)
# Words with the spacing delegates leave: a double space, a line break.
TEXTS = st.lists(st.tuples(WORDS, st.sampled_from([" ", " ", "  ", "\n"])), max_size=25).map(
    lambda pairs: "".join(w + sep for w, sep in pairs).rstrip(" ")
)


def rebuild(segments: list[Segment], ops: set[str]) -> str:
    return "".join(s.text for s in segments if s.op in ops)


def test_two_amendments_are_each_credited() -> None:
    base = "The mechanism shall meet once a year in New York."
    step1 = "The mechanism shall meet twice a year in New York."
    step2 = "The mechanism shall meet twice a year in Geneva."
    segs = attribute(base, [("DNK-1", step1), ("CHE-1", step2)])
    changed = [(s.op, s.text.strip(), s.source) for s in segs if s.op != "equal"]
    assert changed == [
        ("delete", "once", "DNK-1"),
        ("insert", "twice", "DNK-1"),
        ("delete", "New York.", "CHE-1"),
        ("insert", "Geneva.", "CHE-1"),
    ]


def test_words_inserted_then_deleted_vanish() -> None:
    segs = attribute("a b c", [("X-1", "a new b c"), ("Y-1", "a b c")])
    assert segs == [Segment("equal", "a b c", None)]


def test_blame_names_the_change_behind_each_word() -> None:
    words = blame("meet once a year", [("rev-1|DNK-1", "meet twice a year")])
    assert [(w.text.strip(), w.source) for w in words] == [
        ("meet", None), ("twice", "rev-1|DNK-1"), ("a", None), ("year", None),
    ]  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(TEXTS, st.lists(TEXTS, min_size=1, max_size=4))
def test_base_and_final_rebuild_exactly(base: str, versions: list[str]) -> None:
    steps = [(f"S-{i}", t) for i, t in enumerate(versions, start=1)]
    segs = attribute(base, steps)
    assert rebuild(segs, {"equal", "delete"}) == base
    assert rebuild(segs, {"equal", "insert"}) == versions[-1]
    assert "".join(w.text for w in blame(base, steps)) == versions[-1]


@settings(max_examples=examples(200), deadline=None)
@given(TEXTS, TEXTS)
def test_a_single_change_is_all_its_own(base: str, new: str) -> None:
    segs = attribute(base, [("DNK-1", new)])
    # (a change of spacing alone is nobody's: it carries no source)
    assert all(s.source == "DNK-1" for s in segs if s.op != "equal" and s.text.strip())
    assert all(s.source is None for s in segs if s.op == "equal")


def test_a_word_struck_by_each_of_two_amendments_shows_both() -> None:
    # DNK-1 strikes "annual", then CHE-1 strikes "regular", the word before it.
    segs = attribute(
        "hold regular annual meetings",
        [("DNK-1", "hold regular meetings"), ("CHE-1", "hold meetings")],
    )
    assert segs == [
        Segment("equal", "hold ", None),
        Segment("delete", "regular ", "CHE-1"),
        Segment("delete", "annual ", "DNK-1"),
        Segment("equal", "meetings", None),
    ]


def test_a_change_of_spacing_alone_is_shown_and_credited_to_nobody() -> None:
    segs = attribute("The States shall  meet once", [("DNK-1", "The States shall meet once")])
    assert segs == [
        Segment("equal", "The States shall", None),
        Segment("delete", "  ", None),
        Segment("insert", " ", None),
        Segment("equal", "meet once", None),
    ]


def test_a_word_respaced_then_struck_is_struck_as_the_base_had_it() -> None:
    base = "The States shall  meet once"
    segs = attribute(
        base, [("DNK-1", "The States shall meet once"), ("CHE-1", "The States meet once")]
    )
    assert segs == [
        Segment("equal", "The States ", None),
        Segment("delete", "shall  ", "CHE-1"),
        Segment("equal", "meet once", None),
    ]
    assert rebuild(segs, {"equal", "delete"}) == base


# Over 200 words, with "the", "of" and "and" many times over: difflib's automatic
# junk heuristic would treat those as noise and credit the whole paragraph to a
# one-word amendment.
LONG = (
    "Decides that the programme of action shall be a permanent, inclusive and "
    "action-oriented mechanism under the auspices of the United Nations, open to all "
    "Member States, to advance the implementation of the framework of responsible State "
    "behaviour in the use of information and communications technologies, to support "
    "the capacities of States in the use of those technologies, and to further develop "
    "the framework as appropriate, taking into account the reports of the open-ended "
    "working groups and of the groups of governmental experts; that the programme shall "
    "hold a plenary meeting once a year in New York and a review conference every four "
    "years, and that its meetings shall be open to the participation of the "
    "specialized agencies and of other international and regional organizations, and "
    "of non-governmental organizations in consultative status with the Economic and "
    "Social Council, of business and of academia, in accordance with the modalities "
    "agreed by the States; that the decisions of the plenary and of the review "
    "conference shall be taken by consensus; and that the secretariat of the programme "
    "shall be provided by the Office for Disarmament Affairs of the Secretariat, within "
    "existing resources and with the voluntary contributions of States in a position "
    "to make them, as well as of other interested parties, to support the work of the "
    "programme and the participation of developing countries in its meetings and of "
    "the States most in need of assistance to build their capacities in this field of "
    "the work of the programme of action of the United Nations;"
)


def test_in_a_long_paragraph_a_one_word_change_is_credited_with_that_word_only() -> None:
    assert len(LONG.split()) > 200
    new = LONG.replace("once a year", "twice a year")
    segs = attribute(LONG, [("DNK-1", new)])
    assert [(s.op, s.text, s.source) for s in segs if s.op != "equal"] == [
        ("delete", "once ", "DNK-1"),
        ("insert", "twice ", "DNK-1"),
    ]
    assert [w.source for w in blame(LONG, [("DNK-1", new)])].count("DNK-1") == 1
