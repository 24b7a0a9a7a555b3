"""JSON Schema (draft 2020-12) of file format v1, generated from `treatyreg._fileformat`.

The schema is for editors and other tools; `treatyreg validate` checks more (dates exist,
references resolve, lifecycles are possible). Every registry treatyreg accepts, the schema
accepts.
"""

from __future__ import annotations

from typing import Any, Final

from treatyreg._fileformat import (
    FORMAT_VERSION,
    ID_PATTERN,
    IDENTIFIER_PATTERN,
    LANGUAGE_PATTERN,
    LIST_ITEMS,
    RECORDS,
    TOPIC_PATTERN,
    URL_PATTERN,
    Field,
    ValueKind,
)

__all__ = ["SCHEMA_ID", "json_schema"]

# A URN: the project has no public web address yet, and an `$id` must not name a host
# that is not ours. Editors find the schema by its path (docs/validation.md, "In editors").
SCHEMA_ID: Final = "urn:treatyreg:schema:registry-file:1"

_SINGLE: Final = r"[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?"
DATE_PATTERN: Final = rf"^({_SINGLE}|(\.\.|{_SINGLE})/(\.\.|{_SINGLE}))$"

# A YAML 1.2 reader (editors) reads a plain year as a number.
_DATE: Final = {
    "anyOf": [
        {"type": "string", "pattern": DATE_PATTERN},
        {"type": "integer", "minimum": 1, "maximum": 9999},
    ],
    "description": "An EDTF date: 2009, 2023-08, 2023-08-23, 2009?, 201X, ../2019-12-17, "
    "2017-03-31/2019-12-17.",
}


def _scalar(kind: ValueKind, field: Field) -> dict[str, Any]:
    if kind is ValueKind.TEXT:
        if field.pattern is not None:
            # `(?!\n)`: Python's `$` (which jsonschema uses) also matches before a final
            # line break, where the validator's fullmatch does not
            return {"type": "string", "pattern": f"^(?:{field.pattern})$(?!\n)"}
        return {"type": "string", "minLength": 1}
    if kind is ValueKind.ID:
        return {"type": "string", "pattern": ID_PATTERN}
    if kind is ValueKind.TOPIC:
        return {"type": "string", "pattern": TOPIC_PATTERN}
    if kind is ValueKind.IDENTIFIER:
        return {"type": "string", "pattern": IDENTIFIER_PATTERN}
    if kind is ValueKind.URL:
        return {"type": "string", "pattern": URL_PATTERN}
    if kind is ValueKind.DATE:
        return dict(_DATE)
    if kind is ValueKind.DAY:
        return {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if kind is ValueKind.COUNT:
        return {"type": "integer", "minimum": 0}
    if kind is ValueKind.BOOL:
        return {"type": "boolean"}
    if kind is ValueKind.VERSION:
        return {"const": FORMAT_VERSION}
    if kind is ValueKind.ENUM:
        return {"type": "string", "enum": [str(c) for c in field.choices]}
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


_ITEM: Final = LIST_ITEMS


def _property(field: Field) -> dict[str, Any]:
    if field.kind is ValueKind.RECORD_LIST:
        schema: dict[str, Any] = {
            # an empty `relations:` reads as an empty list
            "type": ["array", "null"],
            "items": {"$ref": f"#/$defs/{field.record}"},
        }
    elif field.kind is ValueKind.RECORD:
        schema = {"$ref": f"#/$defs/{field.record}"}
    elif field.kind is ValueKind.TEXT_BY_LANGUAGE:
        schema = {
            "type": "object",
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": _scalar(ValueKind.TEXT, field),
        }
    elif field.kind in _ITEM:
        schema = {"type": "array", "items": _scalar(_ITEM[field.kind], field)}
        if field.min_items:
            schema["minItems"] = field.min_items
    else:
        schema = _scalar(field.kind, field)
    if field.description:
        schema["description"] = field.description
    return schema


def _object(name: str) -> dict[str, Any]:
    record = RECORDS[name]
    return {
        "type": "object",
        "description": record.description,
        "properties": {f.key: _property(f) for f in record.fields},
        "required": [f.key for f in record.fields if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the file format, as a dict.

    >>> json_schema()["properties"]["treatyreg"]["const"]
    1
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "treatyreg registry, format version 1",
        **_object("registry"),
        "$defs": {name: _object(name) for name in RECORDS if name != "registry"},
    }
