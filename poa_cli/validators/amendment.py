"""Generated from schemas/amendment.schema.json by fastjsonschema: do not edit.

Regenerate with: python -m poa_cli.storage.cache
"""

SCHEMA_SHA256 = "a8616fed446ca6b7937bc3bddfe6c6c63308defa582961ec9e804ca366f5da67"
VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$': re.compile('^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}\\Z'),
    '^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$': re.compile('^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})\\Z'),
    '^[A-Z][A-Z0-9]{1,15}$': re.compile('^[A-Z][A-Z0-9]{1,15}\\Z'),
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': re.compile('^[0-9]{4}-[0-9]{2}-[0-9]{2}\\Z'),
    '\\S': re.compile('\\S'),
    '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$': re.compile('^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\\Z')
}

NoneType = type(None)

def validate_https___poa_invalid_schemas_amendment_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://poa.invalid/schemas/amendment.schema.json', 'title': 'poa amendment', 'description': 'One proposed change, stored as amendments/<id>.yaml, attributed to the State(s), group or stakeholder that proposed it.', 'type': 'object', 'required': ['schema', 'id', 'target', 'action', 'proposed_by', 'status'], 'additionalProperties': False, 'properties': {'schema': {'description': "File format version; always 'poa/amendment/1'.", 'const': 'poa/amendment/1'}, 'id': {'description': "'<proposer code>-<n>', e.g. 'DNK-3', 'EU-1', 'G77-2'; must equal the file name. Numbers are never reused.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$'}, 'target': {'description': "What the amendment changes: a clause id, a sub-paragraph id, or (for a sub-amendment) another amendment's id.", 'type': 'string', 'pattern': '^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$'}, 'action': {'description': 'The kind of change.', 'enum': ['replace-text', 'insert-text', 'delete-text', 'append-text', 'replace-clause', 'delete-clause', 'insert-clause', 'move-clause', 'add-footnote']}, 'proposed_by': {'description': "The proposer(s): ISO-3 codes of States, group codes (EU, G77 …), or an accredited stakeholder's code. The first named leads.", 'type': 'array', 'minItems': 1, 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'on_behalf_of': {'description': "The group the lead proposer speaks for, e.g. 'EU' (the European Union and its member States) or 'G77' (the Group of 77 and China).", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'supported_by': {'description': 'States that support the proposal without co-sponsoring it.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'opposed_by': {'description': 'States that object to the proposal. Consensus is the rule: accepting over an objection needs an explicit, recorded override.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'submitted': {'description': 'Date submitted (YYYY-MM-DD).', 'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'session': {'description': 'The session or round in which it was submitted.', 'type': 'string', 'maxLength': 300}, 'rationale': {'description': 'Why the proposer asks for the change; printed in the annex.', 'type': 'string', 'maxLength': 20000}, 'status': {'description': 'proposed (pending), accepted, rejected, withdrawn, or superseded (replaced by a later proposal).', 'enum': ['proposed', 'accepted', 'rejected', 'withdrawn', 'superseded']}, 'base': {'description': "The revision the amendment was written against, e.g. 'rev-1' or 'zero-draft'.", 'type': 'string', 'maxLength': 200}, 'applied_in': {'description': "The revision that consolidated it, e.g. 'rev-2'. Set by 'poa consolidate'.", 'type': 'string', 'maxLength': 200}, 'decision': {'description': "How the Chair's team decided on it (set by 'poa consolidate').", 'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'over_objection': {'description': 'True when accepted although a State objected.', 'type': 'boolean'}, 'note': {'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}}}, 'anchor': {'description': 'The span the change applies to: the exact phrase, with a few words either side so the span can be found again when the clause changes.', 'type': 'object', 'required': ['phrase'], 'additionalProperties': False, 'properties': {'phrase': {'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, 'before': {'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, 'after': {'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, 'occurrence': {'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}}}, 'text': {'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'position': {'description': "For insert-text and insert-clause: 'before' or 'after' the anchor or target.", 'enum': ['before', 'after']}, 'clause': {'description': "For insert-clause: the new clause (id, kind, text, items…), as in a clause file without 'schema'.", 'type': 'object', 'required': ['id', 'kind', 'text'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'enum': ['preambular', 'operative', 'annex']}, 'text': {'type': 'string', 'minLength': 1, 'pattern': '\\S'}, 'items': {'type': 'array'}, 'footnotes': {'type': 'object'}, 'tags': {'type': 'array'}}, 'additionalProperties': False}, 'destination': {'description': 'For move-clause: the clause id after which the target is moved.', 'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}}, '$defs': {'proposer': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['schema', 'id', 'target', 'action', 'proposed_by', 'status']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://poa.invalid/schemas/amendment.schema.json', 'title': 'poa amendment', 'description': 'One proposed change, stored as amendments/<id>.yaml, attributed to the State(s), group or stakeholder that proposed it.', 'type': 'object', 'required': ['schema', 'id', 'target', 'action', 'proposed_by', 'status'], 'additionalProperties': False, 'properties': {'schema': {'description': "File format version; always 'poa/amendment/1'.", 'const': 'poa/amendment/1'}, 'id': {'description': "'<proposer code>-<n>', e.g. 'DNK-3', 'EU-1', 'G77-2'; must equal the file name. Numbers are never reused.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$'}, 'target': {'description': "What the amendment changes: a clause id, a sub-paragraph id, or (for a sub-amendment) another amendment's id.", 'type': 'string', 'pattern': '^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$'}, 'action': {'description': 'The kind of change.', 'enum': ['replace-text', 'insert-text', 'delete-text', 'append-text', 'replace-clause', 'delete-clause', 'insert-clause', 'move-clause', 'add-footnote']}, 'proposed_by': {'description': "The proposer(s): ISO-3 codes of States, group codes (EU, G77 …), or an accredited stakeholder's code. The first named leads.", 'type': 'array', 'minItems': 1, 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'on_behalf_of': {'description': "The group the lead proposer speaks for, e.g. 'EU' (the European Union and its member States) or 'G77' (the Group of 77 and China).", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'supported_by': {'description': 'States that support the proposal without co-sponsoring it.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'opposed_by': {'description': 'States that object to the proposal. Consensus is the rule: accepting over an objection needs an explicit, recorded override.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'submitted': {'description': 'Date submitted (YYYY-MM-DD).', 'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'session': {'description': 'The session or round in which it was submitted.', 'type': 'string', 'maxLength': 300}, 'rationale': {'description': 'Why the proposer asks for the change; printed in the annex.', 'type': 'string', 'maxLength': 20000}, 'status': {'description': 'proposed (pending), accepted, rejected, withdrawn, or superseded (replaced by a later proposal).', 'enum': ['proposed', 'accepted', 'rejected', 'withdrawn', 'superseded']}, 'base': {'description': "The revision the amendment was written against, e.g. 'rev-1' or 'zero-draft'.", 'type': 'string', 'maxLength': 200}, 'applied_in': {'description': "The revision that consolidated it, e.g. 'rev-2'. Set by 'poa consolidate'.", 'type': 'string', 'maxLength': 200}, 'decision': {'description': "How the Chair's team decided on it (set by 'poa consolidate').", 'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'over_objection': {'description': 'True when accepted although a State objected.', 'type': 'boolean'}, 'note': {'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}}}, 'anchor': {'description': 'The span the change applies to: the exact phrase, with a few words either side so the span can be found again when the clause changes.', 'type': 'object', 'required': ['phrase'], 'additionalProperties': False, 'properties': {'phrase': {'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, 'before': {'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, 'after': {'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, 'occurrence': {'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}}}, 'text': {'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'position': {'description': "For insert-text and insert-clause: 'before' or 'after' the anchor or target.", 'enum': ['before', 'after']}, 'clause': {'description': "For insert-clause: the new clause (id, kind, text, items…), as in a clause file without 'schema'.", 'type': 'object', 'required': ['id', 'kind', 'text'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'enum': ['preambular', 'operative', 'annex']}, 'text': {'type': 'string', 'minLength': 1, 'pattern': '\\S'}, 'items': {'type': 'array'}, 'footnotes': {'type': 'object'}, 'tags': {'type': 'array'}}, 'additionalProperties': False}, 'destination': {'description': 'For move-clause: the clause id after which the target is moved.', 'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}}, '$defs': {'proposer': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}}}, rule='required')
        data_keys = set(data.keys())
        if "schema" in data_keys:
            data_keys.remove("schema")
            data__schema = data["schema"]
            if not (isinstance(data__schema, str) and data__schema == 'poa/amendment/1'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".schema must be same as const definition: poa/amendment/1", value=data__schema, name="" + (name_prefix or "data") + ".schema", definition={'description': "File format version; always 'poa/amendment/1'.", 'const': 'poa/amendment/1'}, rule='const')
        if "id" in data_keys:
            data_keys.remove("id")
            data__id = data["id"]
            if not isinstance(data__id, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must be string", value=data__id, name="" + (name_prefix or "data") + ".id", definition={'description': "'<proposer code>-<n>', e.g. 'DNK-3', 'EU-1', 'G77-2'; must equal the file name. Numbers are never reused.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$'}, rule='type')
            if isinstance(data__id, str):
                if not REGEX_PATTERNS['^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$'].search(data__id):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must match pattern ^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$", value=data__id, name="" + (name_prefix or "data") + ".id", definition={'description': "'<proposer code>-<n>', e.g. 'DNK-3', 'EU-1', 'G77-2'; must equal the file name. Numbers are never reused.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$'}, rule='pattern')
        if "target" in data_keys:
            data_keys.remove("target")
            data__target = data["target"]
            if not isinstance(data__target, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must be string", value=data__target, name="" + (name_prefix or "data") + ".target", definition={'description': "What the amendment changes: a clause id, a sub-paragraph id, or (for a sub-amendment) another amendment's id.", 'type': 'string', 'pattern': '^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$'}, rule='type')
            if isinstance(data__target, str):
                if not REGEX_PATTERNS['^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$'].search(data__target):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must match pattern ^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$", value=data__target, name="" + (name_prefix or "data") + ".target", definition={'description': "What the amendment changes: a clause id, a sub-paragraph id, or (for a sub-amendment) another amendment's id.", 'type': 'string', 'pattern': '^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$'}, rule='pattern')
        if "action" in data_keys:
            data_keys.remove("action")
            data__action = data["action"]
            if not (isinstance(data__action, str) and data__action == 'replace-text' or isinstance(data__action, str) and data__action == 'insert-text' or isinstance(data__action, str) and data__action == 'delete-text' or isinstance(data__action, str) and data__action == 'append-text' or isinstance(data__action, str) and data__action == 'replace-clause' or isinstance(data__action, str) and data__action == 'delete-clause' or isinstance(data__action, str) and data__action == 'insert-clause' or isinstance(data__action, str) and data__action == 'move-clause' or isinstance(data__action, str) and data__action == 'add-footnote'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".action must be one of ['replace-text', 'insert-text', 'delete-text', 'append-text', 'replace-clause', 'delete-clause', 'insert-clause', 'move-clause', 'add-footnote']", value=data__action, name="" + (name_prefix or "data") + ".action", definition={'description': 'The kind of change.', 'enum': ['replace-text', 'insert-text', 'delete-text', 'append-text', 'replace-clause', 'delete-clause', 'insert-clause', 'move-clause', 'add-footnote']}, rule='enum')
        if "proposed_by" in data_keys:
            data_keys.remove("proposed_by")
            data__proposedby = data["proposed_by"]
            if not isinstance(data__proposedby, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".proposed_by must be array", value=data__proposedby, name="" + (name_prefix or "data") + ".proposed_by", definition={'description': "The proposer(s): ISO-3 codes of States, group codes (EU, G77 …), or an accredited stakeholder's code. The first named leads.", 'type': 'array', 'minItems': 1, 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='type')
            data__proposedby_is_list = isinstance(data__proposedby, (list, tuple))
            if data__proposedby_is_list:
                data__proposedby_len = len(data__proposedby)
                if data__proposedby_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".proposed_by must contain at least 1 items", value=data__proposedby, name="" + (name_prefix or "data") + ".proposed_by", definition={'description': "The proposer(s): ISO-3 codes of States, group codes (EU, G77 …), or an accredited stakeholder's code. The first named leads.", 'type': 'array', 'minItems': 1, 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='minItems')
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                if data__proposedby_len > len(set(fn(data__proposedby_x) for data__proposedby_x in data__proposedby)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".proposed_by must contain unique items", value=data__proposedby, name="" + (name_prefix or "data") + ".proposed_by", definition={'description': "The proposer(s): ISO-3 codes of States, group codes (EU, G77 …), or an accredited stakeholder's code. The first named leads.", 'type': 'array', 'minItems': 1, 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='uniqueItems')
                for data__proposedby_x, data__proposedby_item in enumerate(data__proposedby):
                    if not isinstance(data__proposedby_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".proposed_by[{data__proposedby_x}]".format(**locals()) + " must be string", value=data__proposedby_item, name="" + (name_prefix or "data") + ".proposed_by[{data__proposedby_x}]".format(**locals()) + "", definition={'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='type')
                    if isinstance(data__proposedby_item, str):
                        if not REGEX_PATTERNS['^[A-Z][A-Z0-9]{1,15}$'].search(data__proposedby_item):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".proposed_by[{data__proposedby_x}]".format(**locals()) + " must match pattern ^[A-Z][A-Z0-9]{1,15}$", value=data__proposedby_item, name="" + (name_prefix or "data") + ".proposed_by[{data__proposedby_x}]".format(**locals()) + "", definition={'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='pattern')
        if "on_behalf_of" in data_keys:
            data_keys.remove("on_behalf_of")
            data__onbehalfof = data["on_behalf_of"]
            if not isinstance(data__onbehalfof, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".on_behalf_of must be string", value=data__onbehalfof, name="" + (name_prefix or "data") + ".on_behalf_of", definition={'description': "The group the lead proposer speaks for, e.g. 'EU' (the European Union and its member States) or 'G77' (the Group of 77 and China).", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='type')
            if isinstance(data__onbehalfof, str):
                if not REGEX_PATTERNS['^[A-Z][A-Z0-9]{1,15}$'].search(data__onbehalfof):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".on_behalf_of must match pattern ^[A-Z][A-Z0-9]{1,15}$", value=data__onbehalfof, name="" + (name_prefix or "data") + ".on_behalf_of", definition={'description': "The group the lead proposer speaks for, e.g. 'EU' (the European Union and its member States) or 'G77' (the Group of 77 and China).", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='pattern')
        if "supported_by" in data_keys:
            data_keys.remove("supported_by")
            data__supportedby = data["supported_by"]
            if not isinstance(data__supportedby, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".supported_by must be array", value=data__supportedby, name="" + (name_prefix or "data") + ".supported_by", definition={'description': 'States that support the proposal without co-sponsoring it.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='type')
            data__supportedby_is_list = isinstance(data__supportedby, (list, tuple))
            if data__supportedby_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__supportedby_len = len(data__supportedby)
                if data__supportedby_len > len(set(fn(data__supportedby_x) for data__supportedby_x in data__supportedby)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".supported_by must contain unique items", value=data__supportedby, name="" + (name_prefix or "data") + ".supported_by", definition={'description': 'States that support the proposal without co-sponsoring it.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='uniqueItems')
                for data__supportedby_x, data__supportedby_item in enumerate(data__supportedby):
                    if not isinstance(data__supportedby_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".supported_by[{data__supportedby_x}]".format(**locals()) + " must be string", value=data__supportedby_item, name="" + (name_prefix or "data") + ".supported_by[{data__supportedby_x}]".format(**locals()) + "", definition={'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='type')
                    if isinstance(data__supportedby_item, str):
                        if not REGEX_PATTERNS['^[A-Z][A-Z0-9]{1,15}$'].search(data__supportedby_item):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".supported_by[{data__supportedby_x}]".format(**locals()) + " must match pattern ^[A-Z][A-Z0-9]{1,15}$", value=data__supportedby_item, name="" + (name_prefix or "data") + ".supported_by[{data__supportedby_x}]".format(**locals()) + "", definition={'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='pattern')
        if "opposed_by" in data_keys:
            data_keys.remove("opposed_by")
            data__opposedby = data["opposed_by"]
            if not isinstance(data__opposedby, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".opposed_by must be array", value=data__opposedby, name="" + (name_prefix or "data") + ".opposed_by", definition={'description': 'States that object to the proposal. Consensus is the rule: accepting over an objection needs an explicit, recorded override.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='type')
            data__opposedby_is_list = isinstance(data__opposedby, (list, tuple))
            if data__opposedby_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__opposedby_len = len(data__opposedby)
                if data__opposedby_len > len(set(fn(data__opposedby_x) for data__opposedby_x in data__opposedby)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".opposed_by must contain unique items", value=data__opposedby, name="" + (name_prefix or "data") + ".opposed_by", definition={'description': 'States that object to the proposal. Consensus is the rule: accepting over an objection needs an explicit, recorded override.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, rule='uniqueItems')
                for data__opposedby_x, data__opposedby_item in enumerate(data__opposedby):
                    if not isinstance(data__opposedby_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".opposed_by[{data__opposedby_x}]".format(**locals()) + " must be string", value=data__opposedby_item, name="" + (name_prefix or "data") + ".opposed_by[{data__opposedby_x}]".format(**locals()) + "", definition={'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='type')
                    if isinstance(data__opposedby_item, str):
                        if not REGEX_PATTERNS['^[A-Z][A-Z0-9]{1,15}$'].search(data__opposedby_item):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".opposed_by[{data__opposedby_x}]".format(**locals()) + " must match pattern ^[A-Z][A-Z0-9]{1,15}$", value=data__opposedby_item, name="" + (name_prefix or "data") + ".opposed_by[{data__opposedby_x}]".format(**locals()) + "", definition={'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, rule='pattern')
        if "submitted" in data_keys:
            data_keys.remove("submitted")
            data__submitted = data["submitted"]
            if not isinstance(data__submitted, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".submitted must be string", value=data__submitted, name="" + (name_prefix or "data") + ".submitted", definition={'description': 'Date submitted (YYYY-MM-DD).', 'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, rule='type')
            if isinstance(data__submitted, str):
                if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}$'].search(data__submitted):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".submitted must match pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value=data__submitted, name="" + (name_prefix or "data") + ".submitted", definition={'description': 'Date submitted (YYYY-MM-DD).', 'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, rule='pattern')
        if "session" in data_keys:
            data_keys.remove("session")
            data__session = data["session"]
            if not isinstance(data__session, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".session must be string", value=data__session, name="" + (name_prefix or "data") + ".session", definition={'description': 'The session or round in which it was submitted.', 'type': 'string', 'maxLength': 300}, rule='type')
            if isinstance(data__session, str):
                data__session_len = len(data__session)
                if data__session_len > 300:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".session must be shorter than or equal to 300 characters", value=data__session, name="" + (name_prefix or "data") + ".session", definition={'description': 'The session or round in which it was submitted.', 'type': 'string', 'maxLength': 300}, rule='maxLength')
        if "rationale" in data_keys:
            data_keys.remove("rationale")
            data__rationale = data["rationale"]
            if not isinstance(data__rationale, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rationale must be string", value=data__rationale, name="" + (name_prefix or "data") + ".rationale", definition={'description': 'Why the proposer asks for the change; printed in the annex.', 'type': 'string', 'maxLength': 20000}, rule='type')
            if isinstance(data__rationale, str):
                data__rationale_len = len(data__rationale)
                if data__rationale_len > 20000:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".rationale must be shorter than or equal to 20000 characters", value=data__rationale, name="" + (name_prefix or "data") + ".rationale", definition={'description': 'Why the proposer asks for the change; printed in the annex.', 'type': 'string', 'maxLength': 20000}, rule='maxLength')
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not (isinstance(data__status, str) and data__status == 'proposed' or isinstance(data__status, str) and data__status == 'accepted' or isinstance(data__status, str) and data__status == 'rejected' or isinstance(data__status, str) and data__status == 'withdrawn' or isinstance(data__status, str) and data__status == 'superseded'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be one of ['proposed', 'accepted', 'rejected', 'withdrawn', 'superseded']", value=data__status, name="" + (name_prefix or "data") + ".status", definition={'description': 'proposed (pending), accepted, rejected, withdrawn, or superseded (replaced by a later proposal).', 'enum': ['proposed', 'accepted', 'rejected', 'withdrawn', 'superseded']}, rule='enum')
        if "base" in data_keys:
            data_keys.remove("base")
            data__base = data["base"]
            if not isinstance(data__base, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".base must be string", value=data__base, name="" + (name_prefix or "data") + ".base", definition={'description': "The revision the amendment was written against, e.g. 'rev-1' or 'zero-draft'.", 'type': 'string', 'maxLength': 200}, rule='type')
            if isinstance(data__base, str):
                data__base_len = len(data__base)
                if data__base_len > 200:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".base must be shorter than or equal to 200 characters", value=data__base, name="" + (name_prefix or "data") + ".base", definition={'description': "The revision the amendment was written against, e.g. 'rev-1' or 'zero-draft'.", 'type': 'string', 'maxLength': 200}, rule='maxLength')
        if "applied_in" in data_keys:
            data_keys.remove("applied_in")
            data__appliedin = data["applied_in"]
            if not isinstance(data__appliedin, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".applied_in must be string", value=data__appliedin, name="" + (name_prefix or "data") + ".applied_in", definition={'description': "The revision that consolidated it, e.g. 'rev-2'. Set by 'poa consolidate'.", 'type': 'string', 'maxLength': 200}, rule='type')
            if isinstance(data__appliedin, str):
                data__appliedin_len = len(data__appliedin)
                if data__appliedin_len > 200:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".applied_in must be shorter than or equal to 200 characters", value=data__appliedin, name="" + (name_prefix or "data") + ".applied_in", definition={'description': "The revision that consolidated it, e.g. 'rev-2'. Set by 'poa consolidate'.", 'type': 'string', 'maxLength': 200}, rule='maxLength')
        if "decision" in data_keys:
            data_keys.remove("decision")
            data__decision = data["decision"]
            if not isinstance(data__decision, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision must be object", value=data__decision, name="" + (name_prefix or "data") + ".decision", definition={'description': "How the Chair's team decided on it (set by 'poa consolidate').", 'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'over_objection': {'description': 'True when accepted although a State objected.', 'type': 'boolean'}, 'note': {'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}}}, rule='type')
            data__decision_is_dict = isinstance(data__decision, dict)
            if data__decision_is_dict:
                data__decision_keys = set(data__decision.keys())
                if "date" in data__decision_keys:
                    data__decision_keys.remove("date")
                    data__decision__date = data__decision["date"]
                    if not isinstance(data__decision__date, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision.date must be string", value=data__decision__date, name="" + (name_prefix or "data") + ".decision.date", definition={'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, rule='type')
                    if isinstance(data__decision__date, str):
                        if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}$'].search(data__decision__date):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision.date must match pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value=data__decision__date, name="" + (name_prefix or "data") + ".decision.date", definition={'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, rule='pattern')
                if "over_objection" in data__decision_keys:
                    data__decision_keys.remove("over_objection")
                    data__decision__overobjection = data__decision["over_objection"]
                    if not isinstance(data__decision__overobjection, (bool)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision.over_objection must be boolean", value=data__decision__overobjection, name="" + (name_prefix or "data") + ".decision.over_objection", definition={'description': 'True when accepted although a State objected.', 'type': 'boolean'}, rule='type')
                if "note" in data__decision_keys:
                    data__decision_keys.remove("note")
                    data__decision__note = data__decision["note"]
                    if not isinstance(data__decision__note, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision.note must be string", value=data__decision__note, name="" + (name_prefix or "data") + ".decision.note", definition={'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}, rule='type')
                    if isinstance(data__decision__note, str):
                        data__decision__note_len = len(data__decision__note)
                        if data__decision__note_len > 20000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision.note must be shorter than or equal to 20000 characters", value=data__decision__note, name="" + (name_prefix or "data") + ".decision.note", definition={'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}, rule='maxLength')
                if data__decision_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision must not contain "+str(data__decision_keys)+" properties", value=data__decision, name="" + (name_prefix or "data") + ".decision", definition={'description': "How the Chair's team decided on it (set by 'poa consolidate').", 'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'over_objection': {'description': 'True when accepted although a State objected.', 'type': 'boolean'}, 'note': {'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}}}, rule='additionalProperties')
        if "anchor" in data_keys:
            data_keys.remove("anchor")
            data__anchor = data["anchor"]
            if not isinstance(data__anchor, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor must be object", value=data__anchor, name="" + (name_prefix or "data") + ".anchor", definition={'description': 'The span the change applies to: the exact phrase, with a few words either side so the span can be found again when the clause changes.', 'type': 'object', 'required': ['phrase'], 'additionalProperties': False, 'properties': {'phrase': {'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, 'before': {'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, 'after': {'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, 'occurrence': {'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}}}, rule='type')
            data__anchor_is_dict = isinstance(data__anchor, dict)
            if data__anchor_is_dict:
                data__anchor__missing_keys = set(['phrase']) - data__anchor.keys()
                if data__anchor__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor must contain " + (str(sorted(data__anchor__missing_keys)) + " properties"), value=data__anchor, name="" + (name_prefix or "data") + ".anchor", definition={'description': 'The span the change applies to: the exact phrase, with a few words either side so the span can be found again when the clause changes.', 'type': 'object', 'required': ['phrase'], 'additionalProperties': False, 'properties': {'phrase': {'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, 'before': {'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, 'after': {'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, 'occurrence': {'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}}}, rule='required')
                data__anchor_keys = set(data__anchor.keys())
                if "phrase" in data__anchor_keys:
                    data__anchor_keys.remove("phrase")
                    data__anchor__phrase = data__anchor["phrase"]
                    if not isinstance(data__anchor__phrase, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.phrase must be string", value=data__anchor__phrase, name="" + (name_prefix or "data") + ".anchor.phrase", definition={'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, rule='type')
                    if isinstance(data__anchor__phrase, str):
                        data__anchor__phrase_len = len(data__anchor__phrase)
                        if data__anchor__phrase_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.phrase must be longer than or equal to 1 characters", value=data__anchor__phrase, name="" + (name_prefix or "data") + ".anchor.phrase", definition={'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, rule='minLength')
                        if data__anchor__phrase_len > 20000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.phrase must be shorter than or equal to 20000 characters", value=data__anchor__phrase, name="" + (name_prefix or "data") + ".anchor.phrase", definition={'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, rule='maxLength')
                if "before" in data__anchor_keys:
                    data__anchor_keys.remove("before")
                    data__anchor__before = data__anchor["before"]
                    if not isinstance(data__anchor__before, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.before must be string", value=data__anchor__before, name="" + (name_prefix or "data") + ".anchor.before", definition={'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, rule='type')
                    if isinstance(data__anchor__before, str):
                        data__anchor__before_len = len(data__anchor__before)
                        if data__anchor__before_len > 2000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.before must be shorter than or equal to 2000 characters", value=data__anchor__before, name="" + (name_prefix or "data") + ".anchor.before", definition={'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, rule='maxLength')
                if "after" in data__anchor_keys:
                    data__anchor_keys.remove("after")
                    data__anchor__after = data__anchor["after"]
                    if not isinstance(data__anchor__after, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.after must be string", value=data__anchor__after, name="" + (name_prefix or "data") + ".anchor.after", definition={'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, rule='type')
                    if isinstance(data__anchor__after, str):
                        data__anchor__after_len = len(data__anchor__after)
                        if data__anchor__after_len > 2000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.after must be shorter than or equal to 2000 characters", value=data__anchor__after, name="" + (name_prefix or "data") + ".anchor.after", definition={'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, rule='maxLength')
                if "occurrence" in data__anchor_keys:
                    data__anchor_keys.remove("occurrence")
                    data__anchor__occurrence = data__anchor["occurrence"]
                    if not isinstance(data__anchor__occurrence, (int)) and not (isinstance(data__anchor__occurrence, float) and data__anchor__occurrence.is_integer()) or isinstance(data__anchor__occurrence, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.occurrence must be integer", value=data__anchor__occurrence, name="" + (name_prefix or "data") + ".anchor.occurrence", definition={'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}, rule='type')
                    if isinstance(data__anchor__occurrence, (int, float, Decimal)) and not isinstance(data__anchor__occurrence, bool):
                        if data__anchor__occurrence < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor.occurrence must be bigger than or equal to 1", value=data__anchor__occurrence, name="" + (name_prefix or "data") + ".anchor.occurrence", definition={'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}, rule='minimum')
                if data__anchor_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".anchor must not contain "+str(data__anchor_keys)+" properties", value=data__anchor, name="" + (name_prefix or "data") + ".anchor", definition={'description': 'The span the change applies to: the exact phrase, with a few words either side so the span can be found again when the clause changes.', 'type': 'object', 'required': ['phrase'], 'additionalProperties': False, 'properties': {'phrase': {'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, 'before': {'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, 'after': {'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, 'occurrence': {'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}}}, rule='additionalProperties')
        if "text" in data_keys:
            data_keys.remove("text")
            data__text = data["text"]
            if not isinstance(data__text, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".text must be string", value=data__text, name="" + (name_prefix or "data") + ".text", definition={'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='type')
            if isinstance(data__text, str):
                data__text_len = len(data__text)
                if data__text_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".text must be longer than or equal to 1 characters", value=data__text, name="" + (name_prefix or "data") + ".text", definition={'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='minLength')
                if data__text_len > 20000:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".text must be shorter than or equal to 20000 characters", value=data__text, name="" + (name_prefix or "data") + ".text", definition={'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='maxLength')
                if not REGEX_PATTERNS['\\S'].search(data__text):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".text must match pattern \\S", value=data__text, name="" + (name_prefix or "data") + ".text", definition={'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='pattern')
        if "position" in data_keys:
            data_keys.remove("position")
            data__position = data["position"]
            if not (isinstance(data__position, str) and data__position == 'before' or isinstance(data__position, str) and data__position == 'after'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".position must be one of ['before', 'after']", value=data__position, name="" + (name_prefix or "data") + ".position", definition={'description': "For insert-text and insert-clause: 'before' or 'after' the anchor or target.", 'enum': ['before', 'after']}, rule='enum')
        if "clause" in data_keys:
            data_keys.remove("clause")
            data__clause = data["clause"]
            if not isinstance(data__clause, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause must be object", value=data__clause, name="" + (name_prefix or "data") + ".clause", definition={'description': "For insert-clause: the new clause (id, kind, text, items…), as in a clause file without 'schema'.", 'type': 'object', 'required': ['id', 'kind', 'text'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'enum': ['preambular', 'operative', 'annex']}, 'text': {'type': 'string', 'minLength': 1, 'pattern': '\\S'}, 'items': {'type': 'array'}, 'footnotes': {'type': 'object'}, 'tags': {'type': 'array'}}, 'additionalProperties': False}, rule='type')
            data__clause_is_dict = isinstance(data__clause, dict)
            if data__clause_is_dict:
                data__clause__missing_keys = set(['id', 'kind', 'text']) - data__clause.keys()
                if data__clause__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause must contain " + (str(sorted(data__clause__missing_keys)) + " properties"), value=data__clause, name="" + (name_prefix or "data") + ".clause", definition={'description': "For insert-clause: the new clause (id, kind, text, items…), as in a clause file without 'schema'.", 'type': 'object', 'required': ['id', 'kind', 'text'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'enum': ['preambular', 'operative', 'annex']}, 'text': {'type': 'string', 'minLength': 1, 'pattern': '\\S'}, 'items': {'type': 'array'}, 'footnotes': {'type': 'object'}, 'tags': {'type': 'array'}}, 'additionalProperties': False}, rule='required')
                data__clause_keys = set(data__clause.keys())
                if "id" in data__clause_keys:
                    data__clause_keys.remove("id")
                    data__clause__id = data__clause["id"]
                    if not isinstance(data__clause__id, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.id must be string", value=data__clause__id, name="" + (name_prefix or "data") + ".clause.id", definition={'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, rule='type')
                    if isinstance(data__clause__id, str):
                        if not REGEX_PATTERNS['^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'].search(data__clause__id):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.id must match pattern ^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$", value=data__clause__id, name="" + (name_prefix or "data") + ".clause.id", definition={'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, rule='pattern')
                if "kind" in data__clause_keys:
                    data__clause_keys.remove("kind")
                    data__clause__kind = data__clause["kind"]
                    if not (isinstance(data__clause__kind, str) and data__clause__kind == 'preambular' or isinstance(data__clause__kind, str) and data__clause__kind == 'operative' or isinstance(data__clause__kind, str) and data__clause__kind == 'annex'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.kind must be one of ['preambular', 'operative', 'annex']", value=data__clause__kind, name="" + (name_prefix or "data") + ".clause.kind", definition={'enum': ['preambular', 'operative', 'annex']}, rule='enum')
                if "text" in data__clause_keys:
                    data__clause_keys.remove("text")
                    data__clause__text = data__clause["text"]
                    if not isinstance(data__clause__text, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.text must be string", value=data__clause__text, name="" + (name_prefix or "data") + ".clause.text", definition={'type': 'string', 'minLength': 1, 'pattern': '\\S'}, rule='type')
                    if isinstance(data__clause__text, str):
                        data__clause__text_len = len(data__clause__text)
                        if data__clause__text_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.text must be longer than or equal to 1 characters", value=data__clause__text, name="" + (name_prefix or "data") + ".clause.text", definition={'type': 'string', 'minLength': 1, 'pattern': '\\S'}, rule='minLength')
                        if not REGEX_PATTERNS['\\S'].search(data__clause__text):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.text must match pattern \\S", value=data__clause__text, name="" + (name_prefix or "data") + ".clause.text", definition={'type': 'string', 'minLength': 1, 'pattern': '\\S'}, rule='pattern')
                if "items" in data__clause_keys:
                    data__clause_keys.remove("items")
                    data__clause__items = data__clause["items"]
                    if not isinstance(data__clause__items, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.items must be array", value=data__clause__items, name="" + (name_prefix or "data") + ".clause.items", definition={'type': 'array'}, rule='type')
                if "footnotes" in data__clause_keys:
                    data__clause_keys.remove("footnotes")
                    data__clause__footnotes = data__clause["footnotes"]
                    if not isinstance(data__clause__footnotes, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.footnotes must be object", value=data__clause__footnotes, name="" + (name_prefix or "data") + ".clause.footnotes", definition={'type': 'object'}, rule='type')
                if "tags" in data__clause_keys:
                    data__clause_keys.remove("tags")
                    data__clause__tags = data__clause["tags"]
                    if not isinstance(data__clause__tags, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause.tags must be array", value=data__clause__tags, name="" + (name_prefix or "data") + ".clause.tags", definition={'type': 'array'}, rule='type')
                if data__clause_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clause must not contain "+str(data__clause_keys)+" properties", value=data__clause, name="" + (name_prefix or "data") + ".clause", definition={'description': "For insert-clause: the new clause (id, kind, text, items…), as in a clause file without 'schema'.", 'type': 'object', 'required': ['id', 'kind', 'text'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'enum': ['preambular', 'operative', 'annex']}, 'text': {'type': 'string', 'minLength': 1, 'pattern': '\\S'}, 'items': {'type': 'array'}, 'footnotes': {'type': 'object'}, 'tags': {'type': 'array'}}, 'additionalProperties': False}, rule='additionalProperties')
        if "destination" in data_keys:
            data_keys.remove("destination")
            data__destination = data["destination"]
            if not isinstance(data__destination, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".destination must be string", value=data__destination, name="" + (name_prefix or "data") + ".destination", definition={'description': 'For move-clause: the clause id after which the target is moved.', 'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, rule='type')
            if isinstance(data__destination, str):
                if not REGEX_PATTERNS['^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'].search(data__destination):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".destination must match pattern ^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$", value=data__destination, name="" + (name_prefix or "data") + ".destination", definition={'description': 'For move-clause: the clause id after which the target is moved.', 'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, rule='pattern')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://poa.invalid/schemas/amendment.schema.json', 'title': 'poa amendment', 'description': 'One proposed change, stored as amendments/<id>.yaml, attributed to the State(s), group or stakeholder that proposed it.', 'type': 'object', 'required': ['schema', 'id', 'target', 'action', 'proposed_by', 'status'], 'additionalProperties': False, 'properties': {'schema': {'description': "File format version; always 'poa/amendment/1'.", 'const': 'poa/amendment/1'}, 'id': {'description': "'<proposer code>-<n>', e.g. 'DNK-3', 'EU-1', 'G77-2'; must equal the file name. Numbers are never reused.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5}$'}, 'target': {'description': "What the amendment changes: a clause id, a sub-paragraph id, or (for a sub-amendment) another amendment's id.", 'type': 'string', 'pattern': '^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?|[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,5})$'}, 'action': {'description': 'The kind of change.', 'enum': ['replace-text', 'insert-text', 'delete-text', 'append-text', 'replace-clause', 'delete-clause', 'insert-clause', 'move-clause', 'add-footnote']}, 'proposed_by': {'description': "The proposer(s): ISO-3 codes of States, group codes (EU, G77 …), or an accredited stakeholder's code. The first named leads.", 'type': 'array', 'minItems': 1, 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'on_behalf_of': {'description': "The group the lead proposer speaks for, e.g. 'EU' (the European Union and its member States) or 'G77' (the Group of 77 and China).", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'supported_by': {'description': 'States that support the proposal without co-sponsoring it.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'opposed_by': {'description': 'States that object to the proposal. Consensus is the rule: accepting over an objection needs an explicit, recorded override.', 'type': 'array', 'items': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}, 'uniqueItems': True}, 'submitted': {'description': 'Date submitted (YYYY-MM-DD).', 'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'session': {'description': 'The session or round in which it was submitted.', 'type': 'string', 'maxLength': 300}, 'rationale': {'description': 'Why the proposer asks for the change; printed in the annex.', 'type': 'string', 'maxLength': 20000}, 'status': {'description': 'proposed (pending), accepted, rejected, withdrawn, or superseded (replaced by a later proposal).', 'enum': ['proposed', 'accepted', 'rejected', 'withdrawn', 'superseded']}, 'base': {'description': "The revision the amendment was written against, e.g. 'rev-1' or 'zero-draft'.", 'type': 'string', 'maxLength': 200}, 'applied_in': {'description': "The revision that consolidated it, e.g. 'rev-2'. Set by 'poa consolidate'.", 'type': 'string', 'maxLength': 200}, 'decision': {'description': "How the Chair's team decided on it (set by 'poa consolidate').", 'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string', 'pattern': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'}, 'over_objection': {'description': 'True when accepted although a State objected.', 'type': 'boolean'}, 'note': {'description': "The Chair's note, required when accepting over an objection.", 'type': 'string', 'maxLength': 20000}}}, 'anchor': {'description': 'The span the change applies to: the exact phrase, with a few words either side so the span can be found again when the clause changes.', 'type': 'object', 'required': ['phrase'], 'additionalProperties': False, 'properties': {'phrase': {'description': 'The exact words to replace, delete, or insert beside.', 'type': 'string', 'minLength': 1, 'maxLength': 20000}, 'before': {'description': 'A few words just before the phrase.', 'type': 'string', 'maxLength': 2000}, 'after': {'description': 'A few words just after the phrase.', 'type': 'string', 'maxLength': 2000}, 'occurrence': {'description': 'Which occurrence of the phrase (1-based) when it occurs more than once.', 'type': 'integer', 'minimum': 1}}}, 'text': {'description': 'The proposed words: the replacement, the insertion, the appended text, the new clause text, or the footnote.', 'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'position': {'description': "For insert-text and insert-clause: 'before' or 'after' the anchor or target.", 'enum': ['before', 'after']}, 'clause': {'description': "For insert-clause: the new clause (id, kind, text, items…), as in a clause file without 'schema'.", 'type': 'object', 'required': ['id', 'kind', 'text'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'enum': ['preambular', 'operative', 'annex']}, 'text': {'type': 'string', 'minLength': 1, 'pattern': '\\S'}, 'items': {'type': 'array'}, 'footnotes': {'type': 'object'}, 'tags': {'type': 'array'}}, 'additionalProperties': False}, 'destination': {'description': 'For move-clause: the clause id after which the target is moved.', 'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}}, '$defs': {'proposer': {'description': "A proposer code: ISO-3 for a State (DNK), a group code (EU, G77, NAM …) or an accredited stakeholder's code.", 'type': 'string', 'pattern': '^[A-Z][A-Z0-9]{1,15}$'}}}, rule='additionalProperties')
    return data