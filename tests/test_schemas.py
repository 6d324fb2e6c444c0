"""The JSON Schemas are valid Draft 2020-12 and explain every field for editors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from .conftest import ROOT

SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


def properties(schema: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(schema, dict):
        for name, sub in (schema.get("properties") or {}).items():
            yield f"{where}.{name}", sub
            yield from properties(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                yield from properties(schema[key], f"{where}[]")
        for name, sub in (schema.get("$defs") or {}).items():
            yield from properties(sub, f"$defs.{name}")


def test_the_schemas_are_these() -> None:
    assert [p.name for p in SCHEMAS] == [
        "amendment.schema.json",
        "clause.schema.json",
        "document.schema.json",
        "silence.schema.json",
        "translation.schema.json",
    ]


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_against_the_metaschema(path: Path) -> None:
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["description"]


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_top_level_fields_have_descriptions_for_hover_help(path: Path) -> None:
    schema = json.loads(path.read_text())
    missing = [name for name, sub in schema["properties"].items() if not sub.get("description")]
    assert missing == []


def test_nested_fields_are_described_where_people_type_them() -> None:
    clause = json.loads((ROOT / "schemas" / "clause.schema.json").read_text())
    described = {name for name, sub in properties(clause) if sub.get("description")}
    assert {".id", ".kind", ".text", ".items", ".footnotes", "$defs.item.id"} <= described


@pytest.mark.parametrize("kind", ["clause", "amendment", "document", "translation"])
def test_schema_ids_and_version_keys_agree_with_the_model(kind: str) -> None:
    from poa_cli.domain import model, translations

    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    const = schema["properties"]["schema"]["const"]
    owner = translations if kind == "translation" else model
    assert const == getattr(owner, f"SCHEMA_{kind.upper()}")


def test_fast_and_reference_validators_agree_on_every_example() -> None:
    """fastjsonschema decides validity in production; jsonschema must agree with it."""
    from poa_cli.storage import yamlio
    from poa_cli.storage.cache import _valid_fast, validator

    from .conftest import DRAFTS, EXAMPLES

    files = list(DRAFTS.rglob("*.yaml")) + list(EXAMPLES.rglob("*.yaml"))
    checked = 0
    for path in files:
        kind = (
            "document" if path.name == "document.yaml"
            else "clause" if path.parent.name == "clauses"
            else "amendment" if path.parent.name == "amendments"
            else None
        )  # fmt: skip
        if kind is None:
            continue
        try:
            data = yamlio.load(path)
        except Exception:
            continue  # not YAML: the schemas never see it
        reference = not any(True for _ in validator(kind).iter_errors(data))
        assert _valid_fast(kind, data) == reference, path
        checked += 1
    assert checked > 100


def test_generated_validators_match_the_schemas() -> None:
    """poa_cli/validators/*.py are fastjsonschema's code for today's schemas.

    If this fails after editing a schema, run: .venv/bin/python -m poa_cli.storage.cache
    """
    from poa_cli.storage.cache import _compiled, generated_validator

    for kind in ("document", "clause", "amendment", "translation"):
        path = ROOT / "poa_cli" / "validators" / f"{kind}.py"
        assert path.read_text(encoding="utf-8") == generated_validator(kind), kind
        assert _compiled(kind).__module__ == f"poa_cli.validators.{kind}"


_ACTIONS = [
    "replace-text", "insert-text", "delete-text", "append-text", "replace-clause",
    "delete-clause", "insert-clause", "move-clause", "add-footnote", "no-such-action",
]  # fmt: skip
_OPTIONAL = ["anchor", "text", "position", "clause", "destination"]


def _amendment_variants() -> list[dict[str, Any]]:
    """Every action, with every subset of the action-dependent keys, and no action."""
    import itertools

    base = {
        "schema": "poa/amendment/1", "id": "DNK-1", "target": "op-meet",
        "proposed_by": ["DNK"], "status": "proposed",
    }  # fmt: skip
    values: dict[str, Any] = {
        "anchor": {"phrase": "annual"},
        "text": "new words",
        "position": "after",
        "clause": {"id": "op-new", "kind": "operative", "text": "Decides."},
        "destination": "op-meet",
    }
    out = []
    for action in [*_ACTIONS, None, 7, ["replace-text"]]:
        for n in range(len(_OPTIONAL) + 1):
            for keys in itertools.combinations(_OPTIONAL, n):
                data = dict(base, **{k: values[k] for k in keys})
                if action is not None:
                    data["action"] = action
                out.append(data)
    return out


def test_fast_check_agrees_with_jsonschema_on_every_action_and_key_set() -> None:
    """The action-dependent requirements, checked in Python beside the compiled
    schema, give jsonschema's verdict for every action and every set of keys."""
    from poa_cli.storage.cache import _valid_fast, validator

    variants = _amendment_variants()
    verdicts = set()
    for data in variants:
        reference = not any(True for _ in validator("amendment").iter_errors(data))
        assert _valid_fast("amendment", data) == reference, data
        verdicts.add(reference)
    assert verdicts == {True, False} and len(variants) > 400
