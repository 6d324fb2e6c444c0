"""Tokens and the word-level diff: exact reconstruction, readable segments."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from poa_cli.domain.textdiff import Segment, diff_words, new_text, old_text, tokens, words

from .conftest import examples

FAST = settings(max_examples=examples(200), deadline=None)

# Text made of a few words and every kind of whitespace, so that words repeat
# and whitespace changes without the words changing.
texts = st.lists(
    st.one_of(
        st.sampled_from(["States", "shall", "the", "ICTs", "peace,", "security.", "各国", "应"]),
        st.sampled_from([" ", "  ", "\n", "\t", " \n "]),
        st.text(max_size=6),
    ),
    max_size=30,
).map("".join)


def test_tokens_keep_trailing_whitespace_with_the_word() -> None:
    assert tokens("a  b c") == ["a  ", "b ", "c"]


def test_leading_whitespace_is_a_token_of_its_own() -> None:
    assert tokens("  a b") == ["  ", "a ", "b"]
    assert tokens("") == []
    assert tokens("   ") == ["   "]


def test_chinese_characters_are_words() -> None:
    assert tokens("各国应当 合作") == ["各", "国", "应", "当 ", "合", "作"]


def test_words_drop_the_whitespace() -> None:
    assert words(" Recalling  its\nresolution 77/37, ") == [
        "Recalling",
        "its",
        "resolution",
        "77/37,",
    ]


def test_replacement_is_a_delete_then_an_insert() -> None:
    assert diff_words("States shall take measures", "States should take measures") == [
        Segment("equal", "States "),
        Segment("delete", "shall "),
        Segment("insert", "should "),
        Segment("equal", "take measures"),
    ]


def test_insertion_and_deletion() -> None:
    assert diff_words("peace and security", "peace, stability and security") == [
        Segment("delete", "peace "),
        Segment("insert", "peace, stability "),
        Segment("equal", "and security"),
    ]
    assert diff_words("a b c", "a c") == [
        Segment("equal", "a "),
        Segment("delete", "b "),
        Segment("equal", "c"),
    ]


def test_whitespace_change_keeps_the_word_equal() -> None:
    segs = diff_words("a  b\nc", "a b c")
    assert [s.op for s in segs if s.text.strip()] == ["equal", "equal", "equal"]
    assert old_text(segs) == "a  b\nc"
    assert new_text(segs) == "a b c"


def test_identical_texts_are_one_equal_segment() -> None:
    assert diff_words("Same text.", "Same text.") == [Segment("equal", "Same text.")]
    assert diff_words("", "") == []


def test_changed_segments_carry_their_source() -> None:
    segs = diff_words("a b", "a c", source="DNK-3")
    assert {s.source for s in segs if s.op != "equal"} == {"DNK-3"}
    assert {s.source for s in segs if s.op == "equal"} == {None}


@FAST
@given(texts)
def test_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(tokens(text)) == text


@FAST
@given(texts, texts)
def test_diff_rebuilds_both_texts(old: str, new: str) -> None:
    segs = diff_words(old, new)
    assert old_text(segs) == old
    assert new_text(segs) == new
    # Canonical form: no empty segment, no two neighbours of the same kind, and a
    # change is written delete-then-insert.
    assert all(s.text for s in segs)
    for a, b in itertools.pairwise(segs):
        assert a.op != b.op
        assert (a.op, b.op) != ("insert", "delete")


@FAST
@given(texts)
def test_diff_of_words_ignores_whitespace(old: str) -> None:
    # Changing only whitespace never marks a word as changed.
    respaced = " ".join(old.split())
    segs = diff_words(old, respaced)
    assert all(not s.text.strip() for s in segs if s.op != "equal")
