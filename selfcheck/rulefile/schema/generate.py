"""The JSON Schema of rule files, generated from the format spec: only tools/write_schema.py and the tests call it."""

from __future__ import annotations

from selfcheck.model.records import TYPE_CHECKING
from selfcheck.model.ruleset import LEVEL_IDS
from selfcheck.rulefile.kinds import LANGUAGE, TEXT, Kind, Record
from selfcheck.rulefile.spec import RECORDS, RULE_FILE

if TYPE_CHECKING:
    from typing import Any


def _levels_schema() -> dict[str, Any]:
    """Exactly the five levels in order, emergency always ending the questions (checked in the loader)."""
    first: dict[str, Any] = {"id": {"const": LEVEL_IDS[0]}, "stop_when_certain": {"const": True}}
    rest = [{"id": {"const": level}} for level in LEVEL_IDS[1:]]
    return {
        "minItems": len(LEVEL_IDS),
        "prefixItems": [{"allOf": [{"$ref": "#/$defs/level"}, {"properties": p}]} for p in (first, *rest)],
        "items": False,
    }


def _definition(kind: Kind) -> dict[str, Any]:
    """A kind's schema, without its description."""
    tag = kind.tag
    if tag in ("text", "condition", "id", "pattern", "date"):
        return _string_definition(kind)
    if tag == "translatable":
        mapping = {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"$ref": "#/$defs/language"},
            "additionalProperties": {"$ref": "#/$defs/text"},
        }
        return {"oneOf": [{"$ref": "#/$defs/text"}, mapping]}
    if tag == "flag":
        return {"type": "boolean"}
    if tag == "count":
        return {"type": "integer", "minimum": 0}
    if tag == "enum":
        return {"enum": list(kind.values)}
    if tag == "list":
        return _list_definition(kind)
    if tag == "record":
        return _record_schema(RECORDS[kind.record])
    raise ValueError(f"no schema for a kind tagged {tag!r}")


def _string_definition(kind: Kind) -> dict[str, Any]:
    """The schema of a kind written as one string: a text, a condition, an id, a pattern or a date."""
    if kind.tag in ("text", "condition"):
        return {"type": "string", "pattern": "\\S"}
    if kind.tag == "date":
        return {"type": "string", "pattern": kind.pattern, "format": "date"}
    return {"type": "string", "pattern": kind.schema_pattern or kind.pattern}


def _list_definition(kind: Kind) -> dict[str, Any]:
    assert kind.item is not None
    if kind.ref == "levels":
        return {"type": "array", **_levels_schema()}
    shown: dict[str, Any] = {"type": "array"}
    if kind.min_items:
        shown["minItems"] = kind.min_items
    shown["items"] = _use(kind.item)
    return shown


def _use(kind: Kind) -> dict[str, Any]:
    """Where a kind is used: a reference to its shared definition, or the definition in place."""
    return {"$ref": f"#/$defs/{kind.ref}"} if kind.ref else _definition(kind)


def _described(body: dict[str, Any], description: str, first: bool = False) -> dict[str, Any]:
    if not description:
        return body
    return {"description": description, **body} if first else {**body, "description": description}


def _record_schema(record: Record) -> dict[str, Any]:
    body: dict[str, Any] = {"description": record.description} if record.description else {}
    body["type"] = "object"
    body["required"] = list(record.required)
    body["properties"] = {f.name: _described(_use(f.kind), f.description) for f in record.fields}
    body["additionalProperties"] = False
    return {**body, **(record.schema or {})}


def _shared(kind: Kind, found: dict[str, Kind]) -> None:
    """Every kind with a shared definition that kind uses, itself included."""
    if kind.ref and kind.ref not in found:
        found[kind.ref] = kind
    if kind.item is not None:
        _shared(kind.item, found)
    if kind.tag == "record":
        for f in RECORDS[kind.record].fields:
            _shared(f.kind, found)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of rule files, from the records above."""
    found: dict[str, Kind] = {"text": TEXT, "language": LANGUAGE}  # the translatable kind refers to both
    for f in RULE_FILE.fields:
        _shared(f.kind, found)
    top = _record_schema(RULE_FILE)
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "selfcheck rule file",
        "description": top.pop("description"),
    }
    # Shared kinds first, then the records as a reader meets them, as the schema was first written by hand.
    order = (
        *("text", "id", "date", "condition", "person", "reviewer", "source", "metadata", "level", "levels"),
        *("choice", "question", "rule", "requirement", "language", "translatable", "translation"),
    )
    names = sorted(found, key=lambda name: order.index(name) if name in order else len(order))
    defs = {}
    for name in names:
        body = _definition(found[name])
        # A definition's help goes before a list's parts or a choice of forms, after a text's type and pattern.
        defs[name] = _described(body, found[name].description, first=body.get("type") != "string")
    return {**head, **top, "$defs": defs}


def schema_text() -> str:
    """The schema as the shipped file holds it."""
    import json

    return json.dumps(schema(), indent=2) + "\n"
