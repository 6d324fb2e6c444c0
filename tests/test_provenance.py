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
TEXTS = st.lists(WORDS, min_size=0, max_size=25).map(" ".join)


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
