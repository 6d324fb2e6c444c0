"""The file format's one owner (poa_cli/storage/codec.py): updates keep people's files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from poa_cli.domain.model import Section
from poa_cli.domain.positions import take_position
from poa_cli.errors import PoaError, SchemaError
from poa_cli.storage import codec, store, yamlio

from .conftest import MINIMAL


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    import shutil

    out = tmp_path / "minimal"
    shutil.copytree(MINIMAL, out)
    return out


def test_a_new_order_keeps_the_comments_of_the_clauses_that_stay(doc: Path) -> None:
    path = doc / "document.yaml"
    meta = store.load_meta(doc)
    first = meta.sections[-1]
    assert first.clauses, "the example needs an operative clause"
    # A comment on a clause id that stays where it is.
    text = path.read_text()
    kept = first.clauses[0]
    text = text.replace(f"- {kept}\n", f"- {kept}  # agreed ad ref\n", 1)
    path.write_text(text)
    moved = replace(first, clauses=(*first.clauses, "op-new"))
    added = Section("annex", "Annex", ())
    new = replace(meta, sections=(*meta.sections[:-1], moved, added))
    out = codec.updated_order(path, new)
    assert f"- {kept}  # agreed ad ref" in out
    data = yamlio.parse(out, path)
    assert data["sections"][-2]["clauses"][-1] == "op-new"
    assert data["sections"][-1] == {"id": "annex", "heading": "Annex", "clauses": []}


def test_positions_are_written_where_the_documented_order_puts_them(doc: Path) -> None:
    a = next(iter(store.load_amendments(doc).values()))
    assert a.path is not None and not a.opposed_by
    opposer = "BRA" if "BRA" not in (*a.proposed_by, *a.supported_by) else "CHL"
    changed, summary = take_position(a, "oppose", opposer, "Brazil")
    assert "opposes" in summary
    out = codec.updated_positions(a.path, a, changed)
    data = yamlio.parse(out, a.path)
    assert data["opposed_by"][-1] == opposer
    keys = list(data)
    assert keys.index("opposed_by") > keys.index("proposed_by")
    # Back again: a list that becomes empty goes.
    a.path.write_text(out)
    again = codec.updated_positions(a.path, changed, a)
    assert "opposed_by" not in yamlio.parse(again, a.path)


def test_a_new_document_file_reads_back_as_the_model(doc: Path) -> None:
    meta = store.load_meta(doc)
    path = doc / "document.yaml"
    path.write_text(codec.render_file(path, codec.meta_to_data(meta), "document"))
    store._meta_cache.clear()
    assert store.load_meta(doc) == meta


def test_a_prepared_amendment_must_target_the_clause_named(tmp_path: Path) -> None:
    path = tmp_path / "prepared.yaml"
    path.write_text("target: op-other\naction: delete-text\nanchor: {phrase: x}\n")
    with pytest.raises(SchemaError, match="targets 'op-other'"):
        codec.prepared_amendment(path, "op-meet")
    path.write_text("- not a mapping\n")
    with pytest.raises(SchemaError, match="must be a mapping"):
        codec.prepared_amendment(path, "op-meet")
    path.write_text("anchor: {phrase: once a year, occurrence: 2}\ntext: twice a year\n")
    with pytest.raises(SchemaError, match="no 'action'"):
        codec.prepared_amendment(path, "op-meet")
    path.write_text("action: replace-text\nanchor: {phrase: once a year, occurrence: 2}\ntext: t\n")
    action, spec = codec.prepared_amendment(path, "op-meet")
    assert (action, spec) == ("replace-text", {"old": "once a year", "occurrence": 2, "new": "t"})


def test_a_file_that_is_not_a_mapping_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "DNK-1.yaml"
    path.write_text("- a list\n")
    with pytest.raises(PoaError, match="not an amendment file"):
        codec.amendment_with(path, "id", "DNK-2")


@pytest.mark.parametrize(
    ("build", "data", "message"),
    [
        (codec.clause_from_data, {"id": "op-1", "kind": "operational", "text": "x"},
         "'kind' must be one of preambular, operative, annex"),
        (codec.clause_from_data, {"id": "op-1", "kind": "operative", "text": "x",
                                  "status": "agreed"}, "'status' must be one of bracketed"),
        (codec.amendment_from_data, {"id": "DNK-1", "target": "op-1", "action": "rewrite-text",
                                     "proposed_by": ["DNK"]}, "'action' must be one of"),
        (codec.amendment_from_data, {"id": "DNK-1", "target": "op-1", "action": "delete-clause",
                                     "proposed_by": ["DNK"], "status": "pending"},
         "'status' must be one of proposed"),
    ],
)  # fmt: skip
def test_a_value_outside_its_type_is_refused_naming_the_file(
    build: object, data: dict[str, object], message: str, tmp_path: Path
) -> None:
    """The model's kinds, statuses and actions are Literal types: the codec never makes
    one that lies (every command's files are schema-checked before; this is the guard)."""
    path = tmp_path / "x.yaml"
    with pytest.raises(SchemaError, match=message) as info:
        build(data, path)  # type: ignore[operator]
    assert info.value.path == path


def test_absent_values_take_their_defaults(tmp_path: Path) -> None:
    clause = codec.clause_from_data({"id": "op-1", "kind": "annex", "text": "x"}, tmp_path / "c")
    assert (clause.kind, clause.status) == ("annex", "bracketed")
    a = codec.amendment_from_data(
        {"id": "DNK-1", "target": "op-1", "action": "move-clause", "proposed_by": ["DNK"]},
        tmp_path / "a",
    )
    assert (a.action, a.status) == ("move-clause", "proposed")


def test_a_prepared_amendment_with_an_unknown_action_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "prepared.yaml"
    path.write_text("target: op-1\naction: rewrite-text\ntext: x\n")
    with pytest.raises(SchemaError, match="unknown action 'rewrite-text'") as info:
        codec.prepared_amendment(path, "op-1")
    assert info.value.path == path
