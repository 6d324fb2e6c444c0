"""Fuzzing: adversarial documents, clauses and amendments against every layer.

Invariants: nothing raises but a PoaError; a file poa writes reads back the same;
apply + diff round-trips; validation reports, it never crashes. `make test`
runs a short budget, `make fuzz` a long one (the hypothesis profile "fuzz").
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poa_cli.actions.validate import validate
from poa_cli.domain import amend
from poa_cli.domain.amend import AnchorAmbiguous, AnchorStale, InvalidAmendment
from poa_cli.domain.model import Amendment, Anchor, Clause
from poa_cli.domain.textdiff import diff_words, new_text, old_text
from poa_cli.errors import PoaError
from poa_cli.storage import yamlio

from .conftest import MINIMAL

# Right-to-left marks, combining characters, zero-width joiners, BOMs inside the
# text, CJK, Arabic, emoji, HTML and YAML metacharacters.
ADVERSARIAL = st.sampled_from(
    [
        "\u200f", "\u200e", "\u202e", "\u0301", "\u0327", "\u200d", "\u200b", "\ufeff",
        "مرحبا", "合作", "Türkiye", "Côte d'Ivoire", "👩🏽‍💻", "<script>", "&amp;", "]]>",
        "{{ x }}", "{% if %}", "*", "[^1]", "[^x]", ": ", "- ", "#", "&a", "*a", "!!python/x",
        "'", '"', "\\", "\t", "  ", "%", "@", "`", "|", ">",
    ]
)  # fmt: skip
WORD = st.one_of(
    st.sampled_from(
        [
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
            "consensus",
        ]
    ),
    ADVERSARIAL,
    st.text(min_size=1, max_size=6).filter(lambda s: s.strip() != ""),
)
TEXT = st.lists(WORD, min_size=1, max_size=30).map(" ".join).filter(lambda s: s.strip() != "")


@given(TEXT, TEXT)
def test_diff_round_trips_on_adversarial_text(old: str, new: str) -> None:
    segs = diff_words(old, new)
    assert old_text(segs) == old and new_text(segs) == new


def test_any_amendment_applies_or_refuses_cleanly() -> None:
    outcomes: Counter[str] = Counter()

    @given(TEXT, st.data())
    def applies_or_refuses(text: str, data: st.DataObject) -> None:
        words = text.split()
        phrase = data.draw(st.sampled_from(words)) if words else "x"
        action = data.draw(st.sampled_from(sorted(amend.TEXT_ACTIONS)))
        occurrence = data.draw(st.none() | st.integers(1, 3))
        a = Amendment(
            id="DNK-1", target="op-x", action=action, proposed_by=("DNK",),
            anchor=Anchor(phrase=phrase, occurrence=occurrence),
            text=data.draw(TEXT), position=data.draw(st.sampled_from(["before", "after"])),
        )  # fmt: skip
        clause = Clause(id="op-x", kind="operative", text=text)
        try:
            clauses, order = amend.apply_amendment({"op-x": clause}, ["op-x"], a)
        except AnchorAmbiguous as exc:
            # The phrase is a word of the text: it is only ever there too often.
            assert occurrence is None and exc.message.startswith(f'DNK-1: "{phrase}" occurs')
            outcomes["ambiguous"] += 1
            return
        except AnchorStale as exc:
            assert occurrence is not None and occurrence > 1, exc.message
            assert exc.message.startswith(f'DNK-1: occurrence {occurrence} of "{phrase}"')
            outcomes["stale"] += 1
            return
        except InvalidAmendment as exc:
            assert action == "delete-text" and "without any text" in exc.message, exc.message
            outcomes["emptied"] += 1
            return
        assert order == ["op-x"]
        assert clauses["op-x"].text.strip() != ""
        outcomes["applied"] += 1

    applies_or_refuses()
    assert outcomes["applied"] > sum(outcomes.values()) / 2, outcomes  # refusals are the few


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
))  # fmt: skip
def test_yaml_written_by_poa_reads_back_identically(value: Any) -> None:
    data = {"schema": "poa/clause/1", "value": value}
    text = yamlio.dump(yamlio.new_mapping(list(data.items())))
    assert yamlio.parse(text) == json.loads(json.dumps(data))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=400) | TEXT.map(str.encode),
    st.sampled_from(["clauses/op-meet.yaml", "amendments/DNK-1.yaml", "document.yaml"]),
)
def test_validation_of_any_bytes_reports_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, name: str
) -> None:
    doc = tmp_path_factory.mktemp("fuzz") / "minimal"
    shutil.copytree(MINIMAL, doc)
    (doc / name).write_bytes(raw)
    result = validate([doc], use_cache=False)
    assert result.diagnostics  # a garbage file is always reported
    for d in result.diagnostics:
        assert d.path and d.rule and d.message and "\n" not in d.message


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXT, TEXT)
def test_hostile_clause_text_validates_and_lists(
    tmp_path_factory: pytest.TempPathFactory, text: str, rationale: str
) -> None:
    doc = tmp_path_factory.mktemp("fuzz") / "minimal"
    shutil.copytree(MINIMAL, doc)
    path = doc / "clauses" / "op-meet.yaml"
    tree = yamlio.load_roundtrip(path)
    tree["text"] = text
    yamlio.atomic_write(path, yamlio.dump(tree))
    assert yamlio.load(path)["text"] == text
    result = validate([doc], use_cache=False)
    assert all(
        d.rule in {"stale", "conflict", "footnote-undefined", "yaml", "schema"}
        for d in result.diagnostics
    )


HOSTILE_MARKUP = st.sampled_from(
    ["<script>x()</script>", "<img src=http://127.0.0.1:9/x>", "<a href='file:///etc/passwd'>",
     "<style>@import url(http://127.0.0.1:9/c)</style>", "![p](http://127.0.0.1:9/p.png)",
     "{{ 7*7 }}", "{% raw %}", "]]><!--", "&lt;script&gt;", "\u202e<b>rtl</b>"]
)  # fmt: skip


def test_renderers_escape_any_text(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Whatever a delegation types, no markup of theirs reaches the paper as markup."""
    from poa_cli.render import Request, render

    outcomes: Counter[str] = Counter()

    @settings(max_examples=25)
    @given(
        st.lists(st.one_of(WORD, HOSTILE_MARKUP), min_size=1, max_size=12).map(" ".join),
        HOSTILE_MARKUP,
    )
    def escaped(text: str, marker: str) -> None:
        doc = tmp_path_factory.mktemp("fuzz") / "minimal"
        shutil.copytree(MINIMAL, doc)
        path = doc / "clauses" / "op-meet.yaml"
        tree = yamlio.load_roundtrip(path)
        tree["text"] = f"*Decides* {text} {marker} *{marker}* once a year"  # and in italics
        yamlio.atomic_write(path, yamlio.dump(tree))
        amendment = doc / "amendments" / "DNK-1.yaml"
        atree = yamlio.load_roundtrip(amendment)
        atree["rationale"] = f"{marker} {text}"
        yamlio.atomic_write(amendment, yamlio.dump(atree))
        for view in ("clean", "compilation", "changes"):
            try:
                html = render(Request(root=doc, view=view, fmt="html")).decode()
            except PoaError as exc:
                # The one refusal this text can earn: a footnote marker ([^1]) it never defines.
                assert "[^" in text and "is cited but not defined" in exc.message, exc.message
                outcomes["refused"] += 1
                continue
            outcomes["rendered"] += 1
            body = html.split("<body", 1)[1]
            for tag in ("<script", "<img", "<a href='file", "<style>@import", "<b>rtl"):
                assert tag not in body, (view, tag)
            md = render(Request(root=doc, view=view, fmt="md")).decode()
            assert "![p](http" not in md and "<script>" not in md
            json.loads(render(Request(root=doc, view=view, fmt="json")))

    escaped()
    assert outcomes["rendered"] > sum(outcomes.values()) / 2, outcomes


# Mixed-direction text: Arabic words around Latin symbols, numbers and brackets, with
# the bidi controls a word processor leaves behind (marks, embeddings, overrides,
# isolates) and the hostile markup above.
BIDI = st.one_of(
    st.sampled_from(
        [
            "الجمعية", "العامة", "قرار", "(أ)", "’1‘", "A/RES/78/16", "A/78/404،", "2021-2025",
            "(2021‑2025)", "[", "]", "(", ")", "«", "»", "،", "؛", "١٢٣", "\u200f", "\u200e",
            "\u202b", "\u202c", "\u202e", "\u2066", "\u2067", "\u2069", "\u061c", "ـ", "ﷺ",
            "*", "[^", "<b>", "&", "%", "合作",
        ]
    ),
    HOSTILE_MARKUP,
)  # fmt: skip
BIDI_TEXT = st.lists(BIDI, min_size=1, max_size=20).map(" ".join).filter(lambda s: s.strip() != "")


@given(BIDI_TEXT)
def test_xliff_round_trips_mixed_direction_text(text: str) -> None:
    """What a translator writes comes back from XLIFF as written (whitespace folded)."""
    from pathlib import Path

    from poa_cli.domain.translations import normalise
    from poa_cli.formats import xliff

    data = xliff.write(
        [xliff.OutUnit("op-meet", "Decides [^1] that A/RES/78/16", text)],
        src_lang="en", trg_lang="ar", original="minimal",
    )  # fmt: skip
    back = xliff.read(data, Path("fuzz.xlf"))
    assert [u.unit for u in back.units] == ["op-meet"]
    assert normalise(back.units[0].target) == normalise(text)
    assert normalise(back.units[0].source) == "Decides [^1] that A/RES/78/16"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
@given(BIDI_TEXT)
def test_arabic_paper_with_mixed_direction_text(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """An Arabic translation holding any mix of directions is printed as it is, escaped,
    in a right-to-left paper; a translation file poa writes reads back the same."""
    from html import escape

    from poa_cli.domain.translations import TranslatedUnit, Translation, source_hash
    from poa_cli.render import Request, render
    from poa_cli.storage.translations import (
        load_translations,
        render_translation,
        translation_path,
    )

    doc = tmp_path_factory.mktemp("bidi") / "minimal"
    shutil.copytree(MINIMAL, doc)
    meta = doc / "document.yaml"
    meta.write_text(meta.read_text().replace("languages: [en]", "languages: [en, ar]"))
    english = yamlio.load(doc / "clauses" / "op-meet.yaml")["text"]
    arabic = f"*تقرر* {text} A/RES/78/16"
    path = translation_path(doc, "ar", "op-meet")
    t = Translation("ar", "op-meet", (TranslatedUnit("op-meet", source_hash(english), arabic),))
    yamlio.atomic_write(path, render_translation(path, t))
    assert [u.text for u in load_translations(doc, ["ar"])[0].units] == [arabic]
    try:
        html = render(Request(root=doc, fmt="html", lang="ar")).decode()
    except PoaError:
        # Only a text the clause rules refuse (an unmatched footnote call) may stop it.
        assert "[^" in text
        return
    assert '<html lang="ar" dir="rtl">' in html
    body = html.split("<body", 1)[1]
    for tag in ("<script", "<img", "<a href='file", "<style>@import", "<b>"):
        assert tag not in body, tag
    para = body.split('id="p-op-meet"', 1)[1].split("</div>", 1)[0]
    assert 'class="awaiting"' not in para  # the translation is current: it is printed
    assert "A/RES/78/16" in para and escape("تقرر") in para
    md = render(Request(root=doc, fmt="md", lang="ar")).decode()
    assert "<script>" not in md and "A/RES/78/16" in md
    json.loads(render(Request(root=doc, fmt="json", lang="ar")))
