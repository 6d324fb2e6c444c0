"""The amendment engine: anchors, the nine actions, sub-amendments, conflicts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from poa_cli.domain.amend import (
    AnchorAmbiguous,
    AnchorError,
    AnchorNotFound,
    AnchorStale,
    Finding,
    IdTaken,
    InvalidAmendment,
    Span,
    add_footnote,
    apply_amendment,
    apply_to_amendment,
    apply_to_text,
    check_pending,
    find_phrase,
    footnote_marker,
    locate,
    make_anchor,
    overlaps,
    preview,
)
from poa_cli.domain.model import Amendment, Anchor, Clause, Item
from poa_cli.domain.textdiff import Segment, diff_words, words
from poa_cli.errors import Conflict, NotFound, PoaError

from .conftest import examples

FAST = settings(max_examples=examples(200), deadline=None)

OP = (
    "Decides that States shall take measures to protect critical infrastructure, "
    "and that States shall cooperate in good faith."
)


def amendment(action: str, target: str = "op-1", **fields: Any) -> Amendment:
    return Amendment(
        id=fields.pop("id", "DNK-1"), target=target, action=action, proposed_by=("DNK",), **fields
    )


def anchored(text: str, phrase: str, occurrence: int | None = None) -> Anchor:
    return make_anchor(text, *find_phrase(text, phrase, occurrence))


def at(text: str, span: Span) -> str:
    return text[span.start : span.end]


# --------------------------------------------------------------------------- find_phrase


def test_find_phrase_unique() -> None:
    assert at(OP, find_phrase(OP, "critical infrastructure")) == "critical infrastructure"


def test_find_phrase_ambiguous_says_how_often_and_what_to_do() -> None:
    with pytest.raises(AnchorAmbiguous) as err:
        find_phrase(OP, "States shall")
    assert err.value.count == 2
    assert "twice" in err.value.one_line()
    assert "--occurrence" in err.value.one_line()
    assert isinstance(err.value, Conflict)


def test_find_phrase_occurrence() -> None:
    second = find_phrase(OP, "States shall", occurrence=2)
    assert second.start == OP.rindex("States shall")
    with pytest.raises(AnchorNotFound, match="no occurrence 3"):
        find_phrase(OP, "States shall", occurrence=3)


def test_find_phrase_not_found_quotes_a_shortened_phrase() -> None:
    long = "nothing of the kind appears anywhere in this operative paragraph at all, truly"
    with pytest.raises(AnchorNotFound) as err:
        find_phrase(OP, long)
    assert '"nothing of the kind' in err.value.message
    assert "truly" not in err.value.message
    assert "…" in err.value.message


def test_phrases_match_whole_words() -> None:
    text = "States and the State concerned"
    assert at(text, find_phrase(text, "State")) == "State"
    assert find_phrase(text, "State").start == text.index("State ")
    with pytest.raises(AnchorNotFound):
        find_phrase(text, "tate")
    # Punctuation is not part of a word: a phrase may stop before a comma.
    assert at(OP, find_phrase(OP, "critical infrastructure")) == "critical infrastructure"
    assert at(OP, find_phrase(OP, "infrastructure,")) == "infrastructure,"


def test_whitespace_differences_do_not_break_a_match() -> None:
    text = "States  shall\n   take measures"
    span = find_phrase(text, "shall take")
    assert at(text, span) == "shall\n   take"
    assert at(text, find_phrase(text, "States shall\ttake  measures")) == text


def test_chinese_phrases_match_inside_a_sentence() -> None:
    text = "各国应当采取措施保护关键基础设施。"
    assert at(text, find_phrase(text, "关键基础设施")) == "关键基础设施"


# --------------------------------------------------------------------------- anchors


def test_make_anchor_takes_four_words_of_context() -> None:
    anchor = anchored(OP, "take measures")
    assert anchor == Anchor(
        phrase="take measures",
        before="Decides that States shall",
        after="to protect critical infrastructure,",
    )


def test_make_anchor_at_the_edges_and_with_messy_whitespace() -> None:
    text = "  Welcomes\n the  report."
    anchor = make_anchor(text, 0, text.index(" the"))
    assert anchor == Anchor(phrase="Welcomes", before="", after="the report.")
    assert at(text, locate(text, anchor)) == "Welcomes"


def test_make_anchor_sets_occurrence_only_when_context_repeats() -> None:
    text = "shall act. Then shall act. Then shall act. Then shall act. Then shall act."
    third = find_phrase(text, "shall act", occurrence=3)
    anchor = make_anchor(text, *third)
    assert anchor.occurrence == 3
    assert locate(text, anchor) == third
    assert anchored(OP, "States shall", occurrence=2).occurrence is None


def test_make_anchor_refuses_a_span_inside_a_word() -> None:
    with pytest.raises(ValueError):
        make_anchor(OP, 1, 5)
    with pytest.raises(ValueError):
        make_anchor(OP, 3, 3)


def test_locate_unchanged_text() -> None:
    span = find_phrase(OP, "States shall", occurrence=2)
    assert locate(OP, make_anchor(OP, *span)) == span


def test_locate_uses_the_occurrence() -> None:
    anchor = Anchor(phrase="States shall", occurrence=2)
    assert locate(OP, anchor).start == OP.rindex("States shall")


def test_locate_uses_the_context_to_choose() -> None:
    anchor = Anchor(phrase="States shall", before="and that")
    assert locate(OP, anchor).start == OP.rindex("States shall")


def test_locate_without_context_or_occurrence_is_ambiguous() -> None:
    with pytest.raises(AnchorAmbiguous) as err:
        locate(OP, Anchor(phrase="States shall"), where="op-1")
    assert err.value.count == 2
    assert "op-1" in err.value.message


def test_locate_after_the_text_was_respaced_and_shifted() -> None:
    anchor = anchored(OP, "cooperate")
    changed = "Noting the report,\n" + OP.replace("  ", " ").replace(" in ", "\n in   ")
    assert at(changed, locate(changed, anchor)) == "cooperate"


def test_locate_after_a_context_word_changed() -> None:
    anchor = anchored(OP, "shall", occurrence=2)
    changed = OP.replace("good faith", "full good faith")
    assert locate(changed, anchor).start == changed.rindex("shall")


def test_phrase_gone_is_stale() -> None:
    anchor = anchored(OP, "take measures")
    changed = OP.replace("take measures", "adopt measures")
    with pytest.raises(AnchorStale, match="no longer occurs"):
        locate(changed, anchor)


def test_phrase_changed_where_it_stood_is_stale_even_if_it_occurs_elsewhere() -> None:
    # The anchor is on the second "States shall"; a revision changed exactly those
    # words. The first "States shall" must not receive the amendment.
    anchor = anchored(OP, "States shall", occurrence=2)
    changed = OP.replace("and that States shall", "and that Member States will")
    with pytest.raises(AnchorStale, match="were changed"):
        locate(changed, anchor)


def test_context_rewritten_around_a_repeated_phrase_is_stale() -> None:
    anchor = anchored(OP, "States shall", occurrence=2)
    changed = OP.replace(
        "and that States shall cooperate in good faith", "whereas States shall act"
    )
    with pytest.raises(AnchorStale):
        locate(changed, anchor)


def test_occurrence_anchor_after_the_text_changed_is_stale() -> None:
    # With repeated words, "the third occurrence" means nothing once the text
    # changed around it: the anchor is stale rather than moved to another one.
    text = "shall act. Then shall act. Then shall act. Then shall act. Then shall act."
    anchor = make_anchor(text, *find_phrase(text, "shall act", occurrence=3))
    assert anchor.occurrence == 3
    with pytest.raises(AnchorStale, match="occurrence 3"):
        locate("shall act. " + text, anchor)


# --------------------------------------------------------------------------- text actions


def test_replace_text() -> None:
    a = amendment("replace-text", anchor=anchored(OP, "take measures"), text="adopt measures")
    assert apply_to_text(OP, a) == OP.replace("take measures", "adopt measures")


def test_delete_text_mends_the_spacing() -> None:
    a = amendment("delete-text", anchor=anchored(OP, "critical"))
    assert "protect infrastructure," in apply_to_text(OP, a)
    a = amendment("delete-text", anchor=anchored(OP, "in good faith"))
    assert apply_to_text(OP, a).endswith("shall cooperate.")
    a = amendment("delete-text", anchor=anchored(OP, "Decides that"))
    assert apply_to_text(OP, a).startswith("States shall take")
    text = "peace and  stability"
    a = amendment("delete-text", anchor=anchored(text, "stability"))
    assert apply_to_text(text, a) == "peace and"


def test_delete_text_before_a_line_break_keeps_it() -> None:
    text = "first line\nsecond line"
    a = amendment("delete-text", anchor=anchored(text, "line", occurrence=1))
    assert apply_to_text(text, a) == "first\nsecond line"


def test_delete_everything_is_refused() -> None:
    a = amendment("delete-text", anchor=anchored("Welcomes.", "Welcomes."))
    with pytest.raises(InvalidAmendment, match="without any text"):
        apply_to_text("Welcomes.", a)


def test_insert_text_after_and_before() -> None:
    after = amendment(
        "insert-text", anchor=anchored(OP, "infrastructure"), text="and services", position="after"
    )
    assert "critical infrastructure and services, and" in apply_to_text(OP, after)
    before = replace(after, position="before", text="vital")
    assert "protect critical vital infrastructure," in apply_to_text(OP, before)
    first = replace(after, anchor=anchored(OP, "Decides"), position="before", text="1.")
    assert apply_to_text(OP, first).startswith("1. Decides that")
    last = replace(after, anchor=anchored(OP, "faith."), text="(see annex)")
    assert apply_to_text(OP, last).endswith("good faith. (see annex)")


def test_insert_text_starting_with_punctuation_takes_no_space() -> None:
    a = amendment(
        "insert-text",
        anchor=anchored(OP, "States shall", 1),
        text=", individually,",
        position="after",
    )
    assert "that States shall, individually, take" in apply_to_text(OP, a)


def test_insert_after_a_phrase_keeps_its_footnote_marker_on_it() -> None:
    text = "the report[^1] of the Group"
    a = amendment(
        "insert-text", anchor=anchored(text, "report"), text="and annex", position="after"
    )
    assert apply_to_text(text, a) == "the report[^1] and annex of the Group"


def test_insert_needs_a_valid_position() -> None:
    a = amendment("insert-text", anchor=anchored(OP, "Decides"), text="x", position="inside")
    with pytest.raises(InvalidAmendment, match="position"):
        apply_to_text(OP, a)


def test_append_text_joins_with_one_space() -> None:
    a = amendment("append-text", text="and groups of States.")
    assert apply_to_text("… States. ", a) == "… States and groups of States."
    assert apply_to_text("Decides", replace(a, text=", by consensus.")) == "Decides, by consensus."


def test_add_footnote_marker_after_the_phrase() -> None:
    a = amendment("add-footnote", anchor=anchored(OP, "good faith"), text="See A/RES/77/37.")
    assert "good faith[^dnk-1]." in apply_to_text(OP, a)
    assert "good faith[^n1]." in apply_to_text(OP, a, marker="n1")


def test_add_footnote_to_a_clause_picks_a_free_marker() -> None:
    clause = Clause(
        id="op-1",
        kind="operative",
        text=OP.replace("faith.", "faith[^dnk-1]."),
        footnotes=(("dnk-1", "Earlier note."),),
    )
    a = amendment(
        "add-footnote", anchor=anchored(OP, "critical infrastructure"), text="As defined."
    )
    assert footnote_marker(clause, a) == "dnk-1-2"
    out = add_footnote(clause, a)
    assert "critical infrastructure[^dnk-1-2]," in out.text
    assert out.footnotes == (("dnk-1", "Earlier note."), ("dnk-1-2", "As defined."))


def test_empty_anchor_phrase_is_refused_with_the_amendment_id() -> None:
    with pytest.raises(InvalidAmendment, match="DNK-1: the anchor's phrase is empty"):
        apply_to_text(OP, amendment("delete-text", anchor=Anchor(phrase="  ")))


def test_overlapping_occurrences_count() -> None:
    with pytest.raises(AnchorAmbiguous) as err:
        find_phrase("a a a", "a a")
    assert err.value.count == 2


def test_missing_fields_are_refused() -> None:
    with pytest.raises(InvalidAmendment, match="needs an anchor"):
        apply_to_text(OP, amendment("replace-text", text="x"))
    with pytest.raises(InvalidAmendment, match="proposed words"):
        apply_to_text(OP, amendment("append-text"))
    with pytest.raises(InvalidAmendment, match="not an action on the words"):
        apply_to_text(OP, amendment("move-clause", destination="op-2"))


def test_stale_anchor_error_names_the_amendment_and_its_file() -> None:
    a = amendment(
        "replace-text",
        anchor=Anchor(phrase="gone words"),
        text="x",
        path=Path("amendments/DNK-1.yaml"),
    )
    with pytest.raises(AnchorStale) as err:
        apply_to_text(OP, a)
    assert err.value.message.startswith("DNK-1: ")
    assert err.value.path == Path("amendments/DNK-1.yaml")


# --------------------------------------------------------------------------- whole document

ITEMS = (
    Item("op-2-a", "to meet once a year;"),
    Item("op-2-b", "to report to the General Assembly:", (Item("op-2-b-i", "on its work;"),)),
)
CLAUSES = {
    "pp-1": Clause("pp-1", "preambular", "Recalling its resolution 77/37,"),
    "op-1": Clause("op-1", "operative", OP),
    "op-2": Clause("op-2", "operative", "Decides that the mechanism shall:", items=ITEMS),
    "op-3": Clause("op-3", "operative", "Decides to remain seized of the matter."),
}
ORDER = ["pp-1", "op-1", "op-2", "op-3"]


def test_text_action_on_a_clause_leaves_the_inputs_alone() -> None:
    a = amendment("replace-text", anchor=anchored(OP, "take measures"), text="adopt measures")
    clauses, order = apply_amendment(CLAUSES, ORDER, a)
    assert clauses["op-1"].text == OP.replace("take", "adopt")
    assert order == ORDER
    assert CLAUSES["op-1"].text == OP


def test_text_action_on_a_nested_sub_paragraph() -> None:
    a = amendment(
        "replace-text", "op-2-b-i", anchor=Anchor(phrase="its work"), text="its work and findings"
    )
    clauses, _ = apply_amendment(CLAUSES, ORDER, a)
    assert clauses["op-2"].all_items()[2] == Item("op-2-b-i", "on its work and findings;")
    assert clauses["op-2"].text == CLAUSES["op-2"].text


def test_footnote_on_a_sub_paragraph_is_filed_with_its_clause() -> None:
    a = amendment("add-footnote", "op-2-a", anchor=Anchor(phrase="once a year"), text="In Geneva.")
    clauses, _ = apply_amendment(CLAUSES, ORDER, a)
    assert clauses["op-2"].items[0].text == "to meet once a year[^dnk-1];"
    assert clauses["op-2"].footnotes == (("dnk-1", "In Geneva."),)


def test_whole_and_partial_changes_to_a_sub_paragraph() -> None:
    whole = amendment("replace-clause", "op-2-b-i", text="on its work and its budget;")
    clauses, order = apply_amendment(CLAUSES, ORDER, whole)
    assert order == ORDER
    assert clauses["op-2"].items[1].items[0].text == "on its work and its budget;"
    assert clauses["op-2"].items[1].text == "to report to the General Assembly:"
    assert clauses["op-2"].items[0] == ITEMS[0] and clauses["op-2"].footnotes == ()
    with pytest.raises(InvalidAmendment) as caught:
        apply_amendment(CLAUSES, ORDER, amendment("replace-clause", "op-2-a", text=" "))
    assert caught.value.message == "DNK-1: replace-clause needs the proposed words ('text')"
    # A refusal on a sub-paragraph names the sub-paragraph, not its clause.
    stale = amendment("delete-text", "op-2-a", anchor=Anchor(phrase="twice a year"))
    with pytest.raises(AnchorStale) as info:
        apply_amendment(CLAUSES, ORDER, stale)
    assert info.value.message == (
        'DNK-1: "twice a year" no longer occurs in op-2-a '
        "(the text changed since the amendment was written)"
    )
    note = amendment("add-footnote", "op-2-a", anchor=Anchor(phrase="twice"), text="x")
    with pytest.raises(AnchorStale, match=r"^DNK-1: \"twice\" no longer occurs in op-2-a "):
        apply_amendment(CLAUSES, ORDER, note)
    with pytest.raises(InvalidAmendment) as caught:
        apply_amendment(CLAUSES, ORDER, replace(note, anchor=Anchor(phrase="once"), text=None))
    assert caught.value.message == "DNK-1: add-footnote needs the proposed words ('text')"
    delete_all = amendment("delete-text", "op-2-b-i", anchor=Anchor(phrase="on its work;"))
    with pytest.raises(
        InvalidAmendment, match=r"^DNK-1: this would leave op-2-b-i without any text$"
    ):
        apply_amendment(CLAUSES, ORDER, delete_all)


def test_replace_clause_keeps_sub_paragraphs() -> None:
    a = amendment("replace-clause", "op-2", text="Decides that the mechanism should:")
    clauses, _ = apply_amendment(CLAUSES, ORDER, a)
    assert clauses["op-2"].text == "Decides that the mechanism should:"
    assert clauses["op-2"].items == ITEMS


def test_delete_clause_and_sub_paragraph() -> None:
    clauses, order = apply_amendment(CLAUSES, ORDER, amendment("delete-clause", "op-1"))
    assert "op-1" not in clauses
    assert order == ["pp-1", "op-2", "op-3"]
    clauses, order = apply_amendment(CLAUSES, ORDER, amendment("delete-clause", "op-2-a"))
    assert [it.id for it in clauses["op-2"].all_items()] == ["op-2-b", "op-2-b-i"]
    assert order == ORDER


def test_insert_clause_before_and_after() -> None:
    new = Clause("op-new", "operative", "Requests the Secretary-General to report.")
    after = amendment("insert-clause", "op-1", clause=new, position="after")
    clauses, order = apply_amendment(CLAUSES, ORDER, after)
    assert order == ["pp-1", "op-1", "op-new", "op-2", "op-3"]
    assert clauses["op-new"] == new
    _, order = apply_amendment(CLAUSES, ORDER, replace(after, position="before"))
    assert order == ["pp-1", "op-new", "op-1", "op-2", "op-3"]


def test_insert_sub_paragraph_next_to_one() -> None:
    new = Clause("op-2-c", "operative", "to adopt its rules of procedure;")
    a = amendment("insert-clause", "op-2-a", clause=new, position="after")
    clauses, order = apply_amendment(CLAUSES, ORDER, a)
    assert [it.id for it in clauses["op-2"].items] == ["op-2-a", "op-2-c", "op-2-b"]
    assert order == ORDER


def test_insert_clause_refuses_an_id_in_use() -> None:
    for taken in ("op-3", "op-2-b-i"):
        a = amendment(
            "insert-clause", "op-1", clause=Clause(taken, "operative", "x"), position="after"
        )
        with pytest.raises(IdTaken):
            apply_amendment(CLAUSES, ORDER, a)


def test_move_clause() -> None:
    _, order = apply_amendment(CLAUSES, ORDER, amendment("move-clause", "op-3", destination="pp-1"))
    assert order == ["pp-1", "op-3", "op-1", "op-2"]
    _, order = apply_amendment(CLAUSES, ORDER, amendment("move-clause", "pp-1", destination="op-3"))
    assert order == ["op-1", "op-2", "op-3", "pp-1"]


def test_move_sub_paragraph() -> None:
    a = amendment("move-clause", "op-2-a", destination="op-2-b")
    clauses, _ = apply_amendment(CLAUSES, ORDER, a)
    assert [it.id for it in clauses["op-2"].items] == ["op-2-b", "op-2-a"]


def test_move_refusals() -> None:
    with pytest.raises(InvalidAmendment, match="after itself"):
        apply_amendment(CLAUSES, ORDER, amendment("move-clause", "op-1", destination="op-1"))
    with pytest.raises(InvalidAmendment, match="own sub-paragraph"):
        apply_amendment(CLAUSES, ORDER, amendment("move-clause", "op-2-b", destination="op-2-b-i"))
    with pytest.raises(NotFound):
        apply_amendment(CLAUSES, ORDER, amendment("move-clause", "op-1", destination="op-9"))


def test_move_between_a_clause_and_a_sub_paragraph_is_refused() -> None:
    with pytest.raises(InvalidAmendment, match="same kind"):
        apply_amendment(CLAUSES, ORDER, amendment("move-clause", "op-1", destination="op-2-a"))
    with pytest.raises(InvalidAmendment, match="same kind"):
        apply_amendment(CLAUSES, ORDER, amendment("move-clause", "op-2-a", destination="op-1"))


def test_unknown_target_is_not_found() -> None:
    with pytest.raises(NotFound, match="op-9"):
        apply_amendment(CLAUSES, ORDER, amendment("delete-clause", "op-9"))
    with pytest.raises(NotFound) as err:
        apply_amendment(CLAUSES, ORDER, amendment("append-text", "EU-1", text="x"))
    assert err.value.hint is not None and "sub-amendment" in err.value.hint


NEW = Clause("op-new", "operative", "x")


@pytest.mark.parametrize(
    ("a", "error", "message", "hint"),
    [
        (amendment("insert-clause", "op-1", position="after"), InvalidAmendment,
         "DNK-1: insert-clause needs the new clause ('clause')", None),
        (amendment("insert-clause", "op-1", position="below", clause=NEW), InvalidAmendment,
         "DNK-1: position must be 'before' or 'after', not 'below'", None),
        (amendment("insert-clause", "op-1", position="after", clause=replace(NEW, id="op-2-a")), IdTaken,
         "DNK-1: the id 'op-2-a' of the new clause is already in use", "give the new clause another id"),
        (amendment("insert-clause", "op-9", position="after", clause=NEW), NotFound,
         "DNK-1: target 'op-9' is neither a clause nor a sub-paragraph", None),
        (amendment("insert-text", "op-1", anchor=anchored(OP, "take"), text="x", position="below"), InvalidAmendment,
         "DNK-1: position must be 'before' or 'after', not 'below'", None),
        (amendment("delete-text", "op-3", anchor=Anchor(phrase="Decides to remain seized of the matter.")), InvalidAmendment,
         "DNK-1: this would leave op-3 without any text", "propose delete-clause instead"),
        (amendment("rewrite-text", "op-1", text="x"), InvalidAmendment, "DNK-1: unknown action 'rewrite-text'", None),
        (amendment("move-clause", "op-1", destination="op-9"), NotFound,
         "DNK-1: destination 'op-9' is neither a clause nor a sub-paragraph", None),
        (amendment("move-clause", "op-9", destination="op-1"), NotFound,
         "DNK-1: target 'op-9' is neither a clause nor a sub-paragraph", None),
        (amendment("move-clause", "op-1", destination="op-2-a"), InvalidAmendment,
         "DNK-1: move-clause moves a clause after a clause, or a sub-paragraph after a sub-paragraph; "
         "'op-1' and 'op-2-a' are not of the same kind", None),
        (amendment("move-clause", "op-1", destination="op-1"), InvalidAmendment, "DNK-1: cannot move 'op-1' after itself", None),
        (amendment("move-clause", "op-1"), InvalidAmendment, "DNK-1: move-clause needs a destination", None),
        (amendment("replace-clause", "op-1"), InvalidAmendment, "DNK-1: replace-clause needs the proposed words ('text')", None),
        (amendment("replace-text", "op-1", anchor=anchored(OP, "take")), InvalidAmendment,
         "DNK-1: replace-text needs the proposed words ('text')", None),
        (amendment("replace-text", "op-1", text="x"), InvalidAmendment,
         "DNK-1: replace-text needs an anchor (the words it is about)", None),
        (amendment("replace-text", "op-1", anchor=Anchor(phrase="States"), text="x"), AnchorAmbiguous,
         'DNK-1: "States" occurs twice in op-1', "pass --occurrence N to say which"),
        (amendment("replace-text", "op-1", anchor=Anchor(phrase="States", occurrence=3), text="x"), AnchorStale,
         'DNK-1: occurrence 3 of "States" no longer fits op-1 (occurs twice; the text changed since '
         "the amendment was written)",
         "re-anchor it on the current text: poa draft reanchor DNK-1 --phrase '…'"),
        (amendment("replace-text", "op-1", anchor=Anchor(phrase=""), text="x"), InvalidAmendment,
         "DNK-1: the anchor's phrase is empty", None),
        (amendment("add-footnote", "op-1", anchor=anchored(OP, "take")), InvalidAmendment,
         "DNK-1: add-footnote needs the proposed words ('text')", None),
        (amendment("delete-clause", "op-9"), NotFound, "DNK-1: target 'op-9' is neither a clause nor a sub-paragraph", None),
        (amendment("append-text", "op-2-z", text="x"), NotFound,
         "DNK-1: target 'op-2-z' is neither a clause nor a sub-paragraph", None),
    ],
)  # fmt: skip
def test_each_refusal_says_what_and_points_at_the_file(
    a: Amendment, error: type[Exception], message: str, hint: str | None
) -> None:
    path = Path("amendments/DNK-1.yaml")
    with pytest.raises(PoaError) as caught:
        apply_amendment(CLAUSES, ORDER, replace(a, path=path))
    err = caught.value
    assert type(err) is error
    assert (err.message, err.hint, err.path) == (message, hint, path)
    assert CLAUSES["op-1"].text == OP and ORDER == ["pp-1", "op-1", "op-2", "op-3"]


def test_unknown_action_is_refused() -> None:
    with pytest.raises(InvalidAmendment):
        apply_amendment(CLAUSES, ORDER, amendment("rewrite", "op-1"))


# --------------------------------------------------------------------------- sub-amendments


def test_sub_amendment_changes_the_proposed_words() -> None:
    parent = amendment(
        "replace-text", anchor=anchored(OP, "take measures"), text="adopt all measures", id="EU-1"
    )
    sub = amendment(
        "replace-text", "EU-1", anchor=Anchor(phrase="all"), text="appropriate", id="RUS-1"
    )
    out = apply_to_amendment(parent, sub)
    assert out.text == "adopt appropriate measures"
    assert out.anchor == parent.anchor
    assert parent.text == "adopt all measures"


def test_sub_amendment_on_a_new_clause() -> None:
    parent = amendment(
        "insert-clause",
        "op-1",
        clause=Clause("op-new", "operative", "Requests a report."),
        position="after",
        id="EU-1",
    )
    sub = amendment(
        "insert-text",
        "EU-1",
        anchor=Anchor(phrase="a report"),
        text="annually",
        position="after",
        id="CHN-1",
    )
    out = apply_to_amendment(parent, sub)
    assert out.clause is not None and out.clause.text == "Requests a report annually."


APPEND = amendment("append-text", text="and groups.", id="EU-1")


@pytest.mark.parametrize(
    ("parent", "sub", "error", "message"),
    [
        (APPEND, amendment("delete-text", "EU-2", anchor=Anchor(phrase="and"), id="RUS-1"), InvalidAmendment,
         "RUS-1: targets 'EU-2', not 'EU-1'"),
        (APPEND, amendment("move-clause", "EU-1", destination="op-1", id="RUS-1"), InvalidAmendment,
         "RUS-1: a sub-amendment changes the words of EU-1 (replace-text, insert-text, delete-text "
         "or append-text), not move-clause"),
        (amendment("delete-clause", id="EU-1"), amendment("append-text", "EU-1", text="x", id="RUS-1"),
         InvalidAmendment, "RUS-1: EU-1 (delete-clause) proposes no words to amend"),
        (amendment("insert-clause", position="after", id="EU-1"), amendment("append-text", "EU-1", text="x", id="RUS-1"),
         InvalidAmendment, "RUS-1: EU-1 (insert-clause) proposes no words to amend"),
        (APPEND, amendment("delete-text", "EU-1", anchor=Anchor(phrase="weekly"), id="RUS-1"), AnchorStale,
         'RUS-1: "weekly" no longer occurs in EU-1 (the text changed since the amendment was written)'),
        (APPEND, amendment("replace-text", "EU-1", anchor=Anchor(phrase="groups."), id="RUS-1"), InvalidAmendment,
         "RUS-1: replace-text needs the proposed words ('text')"),
    ],
)  # fmt: skip
def test_sub_amendment_refusals(
    parent: Amendment, sub: Amendment, error: type[Exception], message: str
) -> None:
    path = Path("amendments/RUS-1.yaml")
    with pytest.raises(PoaError) as caught:
        apply_to_amendment(parent, replace(sub, path=path))
    assert type(caught.value) is error
    assert (caught.value.message, caught.value.path) == (message, path)


# --------------------------------------------------------------------------- preview


def test_preview_marks_the_change_with_its_source() -> None:
    a = amendment("replace-text", anchor=anchored(OP, "take measures"), text="adopt measures")
    segs = preview(OP, a)
    assert Segment("delete", "take ", "DNK-1") in segs
    assert Segment("insert", "adopt ", "DNK-1") in segs
    assert preview("Old.", amendment("delete-clause")) == [Segment("delete", "Old.", "DNK-1")]
    new = Clause("op-new", "operative", "New words.")
    assert preview("Old.", amendment("insert-clause", clause=new, position="after")) == [
        Segment("insert", "New words.", "DNK-1")
    ]
    assert preview("Old.", amendment("move-clause", destination="op-3")) == [
        Segment("equal", "Old.")
    ]


# --------------------------------------------------------------------------- conflicts


def test_overlapping_replacements_are_alternatives() -> None:
    a = amendment(
        "replace-text", anchor=anchored(OP, "take measures to protect"), text="x", id="DNK-1"
    )
    b = amendment("replace-text", anchor=anchored(OP, "protect critical"), text="y", id="EST-1")
    c = amendment("delete-text", anchor=anchored(OP, "in good faith"), id="FRA-1")
    assert overlaps(OP, [a, b, c]) == [("DNK-1", "EST-1")]


def test_overlap_is_found_whichever_amendment_starts_first() -> None:
    # The later amendment starting earlier, ending inside, or holding the other whole.
    later = {
        "measures to protect": "protect critical",
        "take measures": "States shall take",
        "shall take measures to protect critical": "measures to",
        "measures to": "shall take measures to protect critical",
    }
    for first, second in later.items():
        a = amendment("replace-text", anchor=anchored(OP, first), text="x", id="DNK-1")
        b = amendment("delete-text", anchor=anchored(OP, second), id="EST-1")
        assert overlaps(OP, [a, b]) == [("DNK-1", "EST-1")], (first, second)
        assert overlaps(OP, [b, a]) == [("EST-1", "DNK-1")], (second, first)
    # Words that only touch do not compete.
    a = amendment("replace-text", anchor=anchored(OP, "take measures"), text="x", id="DNK-1")
    b = amendment("replace-text", anchor=anchored(OP, "to protect"), text="y", id="EST-1")
    assert overlaps(OP, [a, b]) == overlaps(OP, [b, a]) == []


def test_insertion_beside_replaced_words_competes() -> None:
    a = amendment(
        "replace-text", anchor=anchored(OP, "critical infrastructure"), text="x", id="DNK-1"
    )
    b = amendment(
        "insert-text", anchor=anchored(OP, "infrastructure"), text="y", position="after", id="EST-1"
    )
    assert overlaps(OP, [a, b]) == [("DNK-1", "EST-1")]


def test_insertions_at_the_same_point_compete() -> None:
    a = amendment(
        "insert-text", anchor=anchored(OP, "take"), text="all", position="after", id="DNK-1"
    )
    b = amendment(
        "insert-text", anchor=anchored(OP, "measures to"), text="the", position="before", id="EST-1"
    )
    c = amendment("append-text", text="x", id="FRA-1")
    d = amendment("append-text", text="y", id="DEU-1")
    assert overlaps(OP, [a, b, c, d]) == [("DNK-1", "EST-1"), ("FRA-1", "DEU-1")]


def test_a_footnote_does_not_compete_with_an_insertion() -> None:
    a = amendment("add-footnote", anchor=anchored(OP, "good faith"), text="note", id="DNK-1")
    b = amendment(
        "insert-text",
        anchor=anchored(OP, "good faith"),
        text="and trust",
        position="after",
        id="EST-1",
    )
    assert overlaps(OP, [a, b]) == []


def test_check_pending_reports_stale_conflicts_and_unknown_targets() -> None:
    stale = amendment("replace-text", anchor=Anchor(phrase="vanished words"), text="x", id="DNK-1")
    a = amendment("replace-text", anchor=anchored(OP, "take measures"), text="x", id="EST-1")
    b = amendment("delete-text", anchor=anchored(OP, "measures"), id="FRA-1")
    gone = amendment("append-text", "op-9", text="x", id="DEU-1")
    withdrawn = replace(stale, id="ITA-1", status="withdrawn")
    found = check_pending(CLAUSES, [stale, a, b, gone, withdrawn])
    assert [(f.amendment_id, f.kind, f.other) for f in found] == [
        ("DNK-1", "stale", None),
        ("EST-1", "conflict", "FRA-1"),
        ("DEU-1", "unknown-target", None),
    ]
    assert "vanished words" in found[0].message


def test_check_pending_clause_level_conflicts() -> None:
    delete = amendment("delete-clause", "op-2", id="DNK-1")
    item_edit = amendment("append-text", "op-2-a", text="at least", id="EST-1")
    move_a = amendment("move-clause", "op-3", destination="pp-1", id="FRA-1")
    move_b = amendment("move-clause", "op-3", destination="op-1", id="DEU-1")
    taken = amendment(
        "insert-clause",
        "op-1",
        clause=Clause("op-3", "operative", "x"),
        position="after",
        id="ITA-1",
    )
    found = check_pending(CLAUSES, [delete, item_edit, move_a, move_b, taken])
    assert [(f.amendment_id, f.kind, f.other) for f in found] == [
        ("DNK-1", "conflict", "EST-1"),
        ("FRA-1", "conflict", "DEU-1"),
        ("ITA-1", "conflict", None),
    ]


def test_two_deletions_of_one_clause_agree() -> None:
    a = amendment("delete-clause", "op-3", id="DNK-1")
    b = amendment("delete-clause", "op-3", id="EST-1")
    assert check_pending(CLAUSES, [a, b]) == []


def test_replace_clause_competes_with_text_amendments_on_it() -> None:
    a = amendment("replace-clause", "op-1", text="Decides otherwise.", id="DNK-1")
    b = amendment("append-text", "op-1", text="and more.", id="EST-1")
    c = amendment("append-text", "op-2-a", text="at least", id="FRA-1")
    found = check_pending(CLAUSES, [a, b, c])
    assert [(f.amendment_id, f.other) for f in found] == [("DNK-1", "EST-1")]


def test_check_pending_sub_amendments() -> None:
    parent = amendment(
        "replace-text", anchor=anchored(OP, "take measures"), text="adopt all measures", id="EU-1"
    )
    ok = amendment("delete-text", "EU-1", anchor=Anchor(phrase="all"), id="RUS-1")
    stale = amendment("delete-text", "EU-1", anchor=Anchor(phrase="some"), id="CHN-1")
    assert [f.amendment_id for f in check_pending(CLAUSES, [parent, ok, stale])] == ["CHN-1"]
    found = check_pending(CLAUSES, [replace(parent, status="withdrawn"), ok])
    assert found == [Finding("RUS-1", "stale", "RUS-1 amends EU-1, which is withdrawn")]


# --------------------------------------------------------------------------- properties

SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", " \n  "])


def build(ws: list[str], seps: list[str]) -> tuple[str, list[Span]]:
    """Join words with separators; return the text and each word's span."""
    out, spans, pos = [], [], 0
    for w, sep in zip(ws, seps, strict=True):
        spans.append(Span(pos, pos + len(w)))
        out.append(w + sep)
        pos += len(w) + len(sep)
    return "".join(out), spans


@st.composite
def text_and_span(draw: st.DrawFn, vocab: list[str]) -> tuple[str, list[str], list[Span], int, int]:
    ws = draw(st.lists(st.sampled_from(vocab), min_size=1, max_size=25))
    seps = draw(st.lists(SEPARATORS, min_size=len(ws), max_size=len(ws)))
    text, spans = build(ws, seps)
    i = draw(st.integers(0, len(ws) - 1))
    j = draw(st.integers(i + 1, min(len(ws), i + 5)))
    return text, ws, spans, i, j


ROUND_TRIP_VOCAB = ["States", "shall", "the", "ICTs,", "(a)", "peace.", "各国", "[^1]", "State's"]


@FAST
@given(text_and_span(ROUND_TRIP_VOCAB))
def test_an_anchor_finds_its_span_in_the_same_text(
    case: tuple[str, list[str], list[Span], int, int],
) -> None:
    text, _ws, spans, i, j = case
    span = Span(spans[i].start, spans[j - 1].end)
    assert locate(text, make_anchor(text, *span)) == span


CORE = ["a", "b", "c"]
FAR = ["p", "q", "r", "s"]
FRESH = ["x1", "x2", "x3"]


@st.composite
def unrelated_edit(draw: st.DrawFn) -> tuple[str, Anchor, str, int, list[str]]:
    """A text, an anchor in its core, and the text after an edit far from the anchor."""
    prefix = draw(st.lists(st.sampled_from(FAR), max_size=8))
    core = draw(st.lists(st.sampled_from(CORE), min_size=1, max_size=14))
    suffix = draw(st.lists(st.sampled_from(FAR), max_size=8))
    ws = prefix + core + suffix
    seps = draw(st.lists(SEPARATORS, min_size=len(ws), max_size=len(ws)))
    text, spans = build(ws, seps)
    i = draw(st.integers(len(prefix), len(prefix) + len(core) - 1))
    j = draw(st.integers(i + 1, min(len(prefix) + len(core), i + 4)))
    anchor = make_anchor(text, spans[i].start, spans[j - 1].end)
    lo = i - len(words(anchor.before))
    hi = j + len(words(anchor.after))
    core_lo, core_hi = len(prefix), len(prefix) + len(core)
    # Far away: outside the phrase and its context, and outside the core where
    # other occurrences of the phrase live.
    outside = [
        k for k in range(len(ws) + 1) if (k <= lo or k >= hi) and (k <= core_lo or k >= core_hi)
    ]
    new = list(ws)
    if draw(st.booleans()) or len(outside) < 2:
        k = draw(st.sampled_from(outside))
        added = draw(st.lists(st.sampled_from(FRESH), min_size=1, max_size=4))
        new[k:k] = added
        shift = len(added) if k <= i else 0
    else:
        deletable = [
            k
            for k in outside
            if k < len(ws) and (k < lo or k >= hi) and (k < core_lo or k >= core_hi)
        ]
        assume(deletable)
        k = draw(st.sampled_from(deletable))
        del new[k]
        shift = -1 if k < i else 0
    new_seps = draw(st.lists(SEPARATORS, min_size=len(new), max_size=len(new)))
    edited, _ = build(new, new_seps)
    return edited, anchor, " ".join(ws[i:j]), i + shift, new


@FAST
@given(unrelated_edit())
def test_an_anchor_survives_unrelated_edits(case: tuple[str, Anchor, str, int, list[str]]) -> None:
    edited, anchor, phrase, first_word, _ = case
    pattern = " ".join(filter(None, [anchor.before, anchor.phrase, anchor.after]))
    assume(" ".join(edited.split()).count(pattern) <= 1 or anchor.occurrence is not None)
    span = locate(edited, anchor)
    assert " ".join(at(edited, span).split()) == phrase
    assert len(words(edited[: span.start])) == first_word


@FAST
@given(text_and_span(CORE + FAR), st.data())
def test_an_edit_inside_the_phrase_is_always_reported(
    case: tuple[str, list[str], list[Span], int, int], data: st.DataObject
) -> None:
    text, _ws, spans, i, j = case
    anchor = make_anchor(text, spans[i].start, spans[j - 1].end)
    assume(anchor.occurrence is None)
    k = data.draw(st.integers(i, j - 1))
    edited = text[: spans[k].start] + data.draw(st.sampled_from(FRESH)) + text[spans[k].end :]
    with pytest.raises(AnchorStale):
        locate(edited, anchor)
    a = amendment("replace-text", anchor=anchor, text="new words")
    with pytest.raises(AnchorStale):
        apply_to_text(edited, a)


@FAST
@given(text_and_span(CORE + FAR), st.lists(st.sampled_from(FRESH), min_size=1, max_size=4))
def test_replace_text_diff_is_exactly_the_phrase_and_the_new_words(
    case: tuple[str, list[str], list[Span], int, int], new_words: list[str]
) -> None:
    text, ws, spans, i, j = case
    anchor = make_anchor(text, spans[i].start, spans[j - 1].end)
    a = amendment("replace-text", anchor=anchor, text=" ".join(new_words))
    after = apply_to_text(text, a)
    segs = diff_words(text, after)
    deleted = [w for s in segs if s.op == "delete" for w in s.text.split()]
    inserted = [w for s in segs if s.op == "insert" for w in s.text.split()]
    assert deleted == ws[i:j]
    assert inserted == new_words
    assert after == text[: spans[i].start] + " ".join(new_words) + text[spans[j - 1].end :]


def test_errors_are_conflicts() -> None:
    for cls in (AnchorAmbiguous, AnchorNotFound, AnchorStale, IdTaken, InvalidAmendment):
        assert issubclass(cls, Conflict)
    assert issubclass(AnchorStale, AnchorError)


@given(st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\u00a0", "\u2028", "b"])))
def test_normalised_text_is_recognised_as_such(text: str) -> None:
    """The fast test for 'already normalised' agrees with its definition."""
    from poa_cli.domain.amend import _UNNORMAL_WS_RE, _WS_RE

    by_definition = all(m.group() == " " for m in _WS_RE.finditer(text))
    assert (_UNNORMAL_WS_RE.search(text) is None) == by_definition
