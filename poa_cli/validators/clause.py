"""Generated from schemas/clause.schema.json by fastjsonschema: do not edit.

Regenerate with: python -m poa_cli.filecache
"""

SCHEMA_SHA256 = "c4048c3d1c6bf73af57d924ceac2d0ced52ec7227359e350e8d901ea759f430b"
VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[A-Za-z0-9][A-Za-z0-9-]*$': re.compile('^[A-Za-z0-9][A-Za-z0-9-]*\\Z'),
    '\\S': re.compile('\\S'),
    '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$': re.compile('^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\\Z')
}

NoneType = type(None)

def validate_https___poa_invalid_schemas_clause_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://poa.invalid/schemas/clause.schema.json', 'title': 'poa clause', 'description': 'One paragraph of a PoA document, stored as clauses/<id>.yaml. Paragraph numbers are never stored: they are computed when the paper is printed.', 'type': 'object', 'required': ['schema', 'id', 'kind', 'text'], 'additionalProperties': False, 'properties': {'schema': {'description': "File format version; always 'poa/clause/1' for this schema.", 'const': 'poa/clause/1'}, 'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'description': "'preambular' (opens with a participle, e.g. 'Recalling'), 'operative' (opens with a verb, e.g. 'Decides'), or 'annex' (a heading-free annex item).", 'enum': ['preambular', 'operative', 'annex']}, 'status': {'description': "Where the negotiation stands on this clause: 'bracketed' (under negotiation), 'agreed-ad-ref' (agreed ad referendum) or 'adopted'.", 'enum': ['bracketed', 'agreed-ad-ref', 'adopted'], 'default': 'bracketed'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'description': 'Sub-paragraphs, lettered (a), (b) … and, nested, (i), (ii) … when printed.', 'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}, 'footnotes': {'description': "Footnote texts by marker: the key 'oewg-74' is cited in the text as [^oewg-74]. Footnotes are numbered across the document when printed.", 'type': 'object', 'propertyNames': {'pattern': '^[A-Za-z0-9][A-Za-z0-9-]*$'}, 'additionalProperties': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}}, 'tags': {'description': "Free labels for finding clauses, e.g. 'capacity-building'.", 'type': 'array', 'items': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'uniqueItems': True}}, '$defs': {'slug': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'item': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['schema', 'id', 'kind', 'text']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://poa.invalid/schemas/clause.schema.json', 'title': 'poa clause', 'description': 'One paragraph of a PoA document, stored as clauses/<id>.yaml. Paragraph numbers are never stored: they are computed when the paper is printed.', 'type': 'object', 'required': ['schema', 'id', 'kind', 'text'], 'additionalProperties': False, 'properties': {'schema': {'description': "File format version; always 'poa/clause/1' for this schema.", 'const': 'poa/clause/1'}, 'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'description': "'preambular' (opens with a participle, e.g. 'Recalling'), 'operative' (opens with a verb, e.g. 'Decides'), or 'annex' (a heading-free annex item).", 'enum': ['preambular', 'operative', 'annex']}, 'status': {'description': "Where the negotiation stands on this clause: 'bracketed' (under negotiation), 'agreed-ad-ref' (agreed ad referendum) or 'adopted'.", 'enum': ['bracketed', 'agreed-ad-ref', 'adopted'], 'default': 'bracketed'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'description': 'Sub-paragraphs, lettered (a), (b) … and, nested, (i), (ii) … when printed.', 'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}, 'footnotes': {'description': "Footnote texts by marker: the key 'oewg-74' is cited in the text as [^oewg-74]. Footnotes are numbered across the document when printed.", 'type': 'object', 'propertyNames': {'pattern': '^[A-Za-z0-9][A-Za-z0-9-]*$'}, 'additionalProperties': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}}, 'tags': {'description': "Free labels for finding clauses, e.g. 'capacity-building'.", 'type': 'array', 'items': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'uniqueItems': True}}, '$defs': {'slug': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'item': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}}}}}, rule='required')
        data_keys = set(data.keys())
        if "schema" in data_keys:
            data_keys.remove("schema")
            data__schema = data["schema"]
            if not (isinstance(data__schema, str) and data__schema == 'poa/clause/1'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".schema must be same as const definition: poa/clause/1", value=data__schema, name="" + (name_prefix or "data") + ".schema", definition={'description': "File format version; always 'poa/clause/1' for this schema.", 'const': 'poa/clause/1'}, rule='const')
        if "id" in data_keys:
            data_keys.remove("id")
            data__id = data["id"]
            validate_https___poa_invalid_schemas_clause_schema_json___defs_slug(data__id, custom_formats, (name_prefix or "data") + ".id")
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'preambular' or isinstance(data__kind, str) and data__kind == 'operative' or isinstance(data__kind, str) and data__kind == 'annex'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['preambular', 'operative', 'annex']", value=data__kind, name="" + (name_prefix or "data") + ".kind", definition={'description': "'preambular' (opens with a participle, e.g. 'Recalling'), 'operative' (opens with a verb, e.g. 'Decides'), or 'annex' (a heading-free annex item).", 'enum': ['preambular', 'operative', 'annex']}, rule='enum')
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not (isinstance(data__status, str) and data__status == 'bracketed' or isinstance(data__status, str) and data__status == 'agreed-ad-ref' or isinstance(data__status, str) and data__status == 'adopted'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be one of ['bracketed', 'agreed-ad-ref', 'adopted']", value=data__status, name="" + (name_prefix or "data") + ".status", definition={'description': "Where the negotiation stands on this clause: 'bracketed' (under negotiation), 'agreed-ad-ref' (agreed ad referendum) or 'adopted'.", 'enum': ['bracketed', 'agreed-ad-ref', 'adopted'], 'default': 'bracketed'}, rule='enum')
        else: data["status"] = 'bracketed'
        if "text" in data_keys:
            data_keys.remove("text")
            data__text = data["text"]
            validate_https___poa_invalid_schemas_clause_schema_json___defs_text(data__text, custom_formats, (name_prefix or "data") + ".text")
        if "items" in data_keys:
            data_keys.remove("items")
            data__items = data["items"]
            if not isinstance(data__items, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".items must be array", value=data__items, name="" + (name_prefix or "data") + ".items", definition={'description': 'Sub-paragraphs, lettered (a), (b) … and, nested, (i), (ii) … when printed.', 'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}, rule='type')
            data__items_is_list = isinstance(data__items, (list, tuple))
            if data__items_is_list:
                data__items_len = len(data__items)
                for data__items_x, data__items_item in enumerate(data__items):
                    validate_https___poa_invalid_schemas_clause_schema_json___defs_item(data__items_item, custom_formats, (name_prefix or "data") + ".items[{data__items_x}]".format(**locals()))
        if "footnotes" in data_keys:
            data_keys.remove("footnotes")
            data__footnotes = data["footnotes"]
            if not isinstance(data__footnotes, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".footnotes must be object", value=data__footnotes, name="" + (name_prefix or "data") + ".footnotes", definition={'description': "Footnote texts by marker: the key 'oewg-74' is cited in the text as [^oewg-74]. Footnotes are numbered across the document when printed.", 'type': 'object', 'propertyNames': {'pattern': '^[A-Za-z0-9][A-Za-z0-9-]*$'}, 'additionalProperties': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}}, rule='type')
            data__footnotes_is_dict = isinstance(data__footnotes, dict)
            if data__footnotes_is_dict:
                data__footnotes_keys = set(data__footnotes.keys())
                for data__footnotes_key in data__footnotes_keys:
                    if data__footnotes_key not in []:
                        data__footnotes_value = data__footnotes.get(data__footnotes_key)
                        validate_https___poa_invalid_schemas_clause_schema_json___defs_text(data__footnotes_value, custom_formats, (name_prefix or "data") + ".footnotes.{data__footnotes_key}".format(**locals()))
                data__footnotes_len = len(data__footnotes)
                if data__footnotes_len != 0:
                    data__footnotes_property_names = True
                    for data__footnotes_key in data__footnotes:
                        try:
                            if isinstance(data__footnotes_key, str):
                                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9-]*$'].search(data__footnotes_key):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".footnotes must match pattern ^[A-Za-z0-9][A-Za-z0-9-]*$", value=data__footnotes_key, name="" + (name_prefix or "data") + ".footnotes", definition={'pattern': '^[A-Za-z0-9][A-Za-z0-9-]*$'}, rule='pattern')
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__footnotes_property_names = False
                    if not data__footnotes_property_names:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".footnotes must be named by propertyName definition", value=data__footnotes, name="" + (name_prefix or "data") + ".footnotes", definition={'description': "Footnote texts by marker: the key 'oewg-74' is cited in the text as [^oewg-74]. Footnotes are numbered across the document when printed.", 'type': 'object', 'propertyNames': {'pattern': '^[A-Za-z0-9][A-Za-z0-9-]*$'}, 'additionalProperties': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}}, rule='propertyNames')
        if "tags" in data_keys:
            data_keys.remove("tags")
            data__tags = data["tags"]
            if not isinstance(data__tags, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".tags must be array", value=data__tags, name="" + (name_prefix or "data") + ".tags", definition={'description': "Free labels for finding clauses, e.g. 'capacity-building'.", 'type': 'array', 'items': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'uniqueItems': True}, rule='type')
            data__tags_is_list = isinstance(data__tags, (list, tuple))
            if data__tags_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__tags_len = len(data__tags)
                if data__tags_len > len(set(fn(data__tags_x) for data__tags_x in data__tags)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".tags must contain unique items", value=data__tags, name="" + (name_prefix or "data") + ".tags", definition={'description': "Free labels for finding clauses, e.g. 'capacity-building'.", 'type': 'array', 'items': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'uniqueItems': True}, rule='uniqueItems')
                for data__tags_x, data__tags_item in enumerate(data__tags):
                    validate_https___poa_invalid_schemas_clause_schema_json___defs_slug(data__tags_item, custom_formats, (name_prefix or "data") + ".tags[{data__tags_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://poa.invalid/schemas/clause.schema.json', 'title': 'poa clause', 'description': 'One paragraph of a PoA document, stored as clauses/<id>.yaml. Paragraph numbers are never stored: they are computed when the paper is printed.', 'type': 'object', 'required': ['schema', 'id', 'kind', 'text'], 'additionalProperties': False, 'properties': {'schema': {'description': "File format version; always 'poa/clause/1' for this schema.", 'const': 'poa/clause/1'}, 'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'kind': {'description': "'preambular' (opens with a participle, e.g. 'Recalling'), 'operative' (opens with a verb, e.g. 'Decides'), or 'annex' (a heading-free annex item).", 'enum': ['preambular', 'operative', 'annex']}, 'status': {'description': "Where the negotiation stands on this clause: 'bracketed' (under negotiation), 'agreed-ad-ref' (agreed ad referendum) or 'adopted'.", 'enum': ['bracketed', 'agreed-ad-ref', 'adopted'], 'default': 'bracketed'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'description': 'Sub-paragraphs, lettered (a), (b) … and, nested, (i), (ii) … when printed.', 'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}, 'footnotes': {'description': "Footnote texts by marker: the key 'oewg-74' is cited in the text as [^oewg-74]. Footnotes are numbered across the document when printed.", 'type': 'object', 'propertyNames': {'pattern': '^[A-Za-z0-9][A-Za-z0-9-]*$'}, 'additionalProperties': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}}, 'tags': {'description': "Free labels for finding clauses, e.g. 'capacity-building'.", 'type': 'array', 'items': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'uniqueItems': True}}, '$defs': {'slug': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'item': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}}}}}, rule='additionalProperties')
    return data

def validate_https___poa_invalid_schemas_clause_schema_json___defs_item(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'text']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}}}, rule='required')
        data_keys = set(data.keys())
        if "id" in data_keys:
            data_keys.remove("id")
            data__id = data["id"]
            validate_https___poa_invalid_schemas_clause_schema_json___defs_slug(data__id, custom_formats, (name_prefix or "data") + ".id")
        if "text" in data_keys:
            data_keys.remove("text")
            data__text = data["text"]
            validate_https___poa_invalid_schemas_clause_schema_json___defs_text(data__text, custom_formats, (name_prefix or "data") + ".text")
        if "items" in data_keys:
            data_keys.remove("items")
            data__items = data["items"]
            if not isinstance(data__items, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".items must be array", value=data__items, name="" + (name_prefix or "data") + ".items", definition={'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}, rule='type')
            data__items_is_list = isinstance(data__items, (list, tuple))
            if data__items_is_list:
                data__items_len = len(data__items)
                for data__items_x, data__items_item in enumerate(data__items):
                    validate_https___poa_invalid_schemas_clause_schema_json___defs_item(data__items_item, custom_formats, (name_prefix or "data") + ".items[{data__items_x}]".format(**locals()))
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, 'text': {'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, 'items': {'type': 'array', 'items': {'description': 'A sub-paragraph with its own stable id, its text and, optionally, its own sub-paragraphs.', 'type': 'object', 'required': ['id', 'text'], 'additionalProperties': False, 'properties': {'id': {'description': 'Stable slug, unique within the document.', '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/slug'}, 'text': {'description': "The sub-paragraph's text (same inline syntax as the clause).", '$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/text'}, 'items': {'type': 'array', 'items': {'$ref': 'https://poa.invalid/schemas/clause.schema.json#/$defs/item'}}}}}}}, rule='additionalProperties')
    return data

def validate_https___poa_invalid_schemas_clause_schema_json___defs_text(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='type')
    if isinstance(data, str):
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be longer than or equal to 1 characters", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='minLength')
        if data_len > 20000:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be shorter than or equal to 20000 characters", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='maxLength')
        if not REGEX_PATTERNS['\\S'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern \\S", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'minLength': 1, 'maxLength': 20000, 'pattern': '\\S'}, rule='pattern')
    return data

def validate_https___poa_invalid_schemas_clause_schema_json___defs_slug(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, rule='type')
    if isinstance(data, str):
        if not REGEX_PATTERNS['^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'pattern': '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'}, rule='pattern')
    return data