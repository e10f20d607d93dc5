"""The rule-file format, declared once: the loader's structural checks and the JSON Schema both come from here.

`python tools/write_schema.py --write` writes the JSON Schema generated from this spec to
selfcheck/rulefile/schema/rules.schema.json (`--schema` prints it).

Each Record lists a mapping's keys, in file order: whether each is required, what kind of value it takes
(a Kind), the name problems call it by, and the help an editor shows. The loader checks keys and kinds
through selfcheck.rulefile.loader's reading of these records, so a key added here is known to both the loader and
the schema; what a kind cannot say (cross references, conditions, the order of the levels) stays code in
the loader, and the schema says the same for editors in each record's `schema` part.
"""

from __future__ import annotations

from selfcheck.model.records import TYPE_CHECKING, NamedTuple
from selfcheck.model.ruleset import LEVEL_IDS, QUESTION_KINDS, QUESTION_TYPES, STATUSES, TRANSLATION_STATUSES
from selfcheck.rulefile.reader import ID as ID_RE

if TYPE_CHECKING:
    from typing import Any


class Kind(NamedTuple):
    """What a value must be. tag names the check the loader makes (see selfcheck.rulefile.loader.read)."""

    # text, translatable, id, date, flag, count, enum, pattern, condition, list, record
    tag: str
    description: str = ""
    ref: str = ""  # the name of its shared definition in the schema's $defs ('' to write it in place)
    values: tuple[str, ...] = ()  # enum: the allowed values, in order
    pattern: str = ""  # pattern: what the loader matches against the text
    schema_pattern: str = ""  # pattern: the same for the schema when JSON Schema needs it spelled otherwise
    message: str = ""  # pattern: the problem for a text that does not match ({what}, {value})
    item: Kind | None = None  # list: the kind of each item
    item_what: str = ""  # list: what problems call an item
    min_items: int = 1  # list: 0 allows an empty list
    record: str = ""  # record: the name of the Record


class Field(NamedTuple):
    """One key of a mapping."""

    name: str
    kind: Kind
    what: str = ""  # what problems call its value (default: the key)
    required: bool = True
    description: str = ""

    @property
    def called(self) -> str:
        return self.what or self.name


class Record(NamedTuple):
    """A mapping: its keys in order, and what problems call it."""

    name: str  # its name in the schema's $defs
    what: str  # what problems call it: a fixed name, or with named=True "question 'weakness'" / "a question"
    fields: tuple[Field, ...]
    named: bool = False
    description: str = ""
    # What the loader checks in code (a kind cannot say it), for editors: added to the schema's definition.
    schema: dict[str, Any] | None = None

    # Looked up once per mapping and field of every rule file loaded: kept in tables made once (below).
    @property
    def required(self) -> tuple[str, ...]:
        return KEYS[self.name][0]

    @property
    def optional(self) -> tuple[str, ...]:
        return KEYS[self.name][1]

    def field(self, name: str) -> Field:
        return FIELDS[self.name][name]


def _optional(name: str, kind: Kind, what: str = "", description: str = "") -> Field:
    return Field(name, kind, what, False, description)


def _record(name: str) -> Kind:
    return Kind("record", ref=name, record=name)


def _list(item: Kind, item_what: str = "", min_items: int = 1) -> Kind:
    return Kind("list", item=item, item_what=item_what, min_items=min_items)


ID_PATTERN = ID_RE.pattern  # the one the reader's ident check matches
LANGUAGE_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

TEXT = Kind("text", "Text; must not be empty. Quote it if it could read as a number or true/false.", ref="text")
ID = Kind("id", "An id: lower-case letters, digits and _, starting with a letter.", ref="id", pattern=ID_PATTERN)
DATE = Kind("date", 'A date like "2026-01-31" (quote it).', ref="date", pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CONDITION = Kind(
    "condition",
    "A condition: question is choice, question in [a, b], question has choice, question has any [..], "
    "question has all [..], combined with and, or, not and brackets.",
    ref="condition",
)
LANGUAGE = Kind(
    "pattern",
    "A language code such as en, es or pt-BR.",
    ref="language",
    pattern=LANGUAGE_PATTERN,
    message="{what} '{value}' must be a language code such as en, es or pt-BR",
)
TRANSLATABLE = Kind(
    "translatable",
    "Text the person reads: one text in the file's language, or a mapping of language code to text (the "
    "file's language must be there; other codes must be declared in metadata translations).",
    ref="translatable",
)
FLAG = Kind("flag")
COUNT = Kind("count")
DIGEST = Kind(
    "pattern",
    pattern="^sha256:[0-9a-f]{64}$",
    message="{what} must be 'sha256:' and 64 hex digits, as `selfcheck sign` writes it",
)
PARTS = Kind(
    "pattern",
    pattern=r"^[0-9a-f]{8}(?:\s+[0-9a-f]{8})*$",
    schema_pattern="^[0-9a-f]{8}( [0-9a-f]{8})*$",
    message="{what} must be 8-digit hex digests separated by spaces, as `selfcheck sign` writes",
)


def _enum(*values: str) -> Kind:
    return Kind("enum", values=values)


# A yes/no question's choices, when it lists them (else built in, with labels in the file's language).
YESNO_IDS = ("yes", "no", "not_sure")
RED_FLAG_LEVELS = LEVEL_IDS[:4]  # a red flag or a lower bound of none would say nothing
UPPER_BOUND_LEVELS = LEVEL_IDS[1:]  # an upper bound of emergency would say nothing

PERSON = Record(
    "person",
    "an entry in authors",
    (Field("name", TEXT), _optional("role", TEXT)),
)
REVIEWER = Record(
    "reviewer",
    "an entry in reviewers",
    (
        Field("name", TEXT),
        _optional("role", TEXT),
        Field("date", DATE),
        _optional(
            "digest", DIGEST, description="Written by `selfcheck sign`: the digest of the content this review covers."
        ),
        _optional(
            "parts",
            PARTS,
            description="Written by `selfcheck sign`: a short digest of each signed part, so a later change can be "
            "named.",
        ),
    ),
)
SOURCE = Record(
    "source",
    "source",
    (Field("id", TEXT, "source id"), Field("citation", TEXT), _optional("url", TEXT)),
    named=True,
)
TRANSLATION = Record(
    "translation",
    "a translation",
    (
        Field("language", LANGUAGE, "translation language"),
        Field("status", _enum(*TRANSLATION_STATUSES), "translation status"),
        _optional("note", TEXT, "translation note", "Shown to people using this translation."),
    ),
)
METADATA = Record(
    "metadata",
    "metadata",
    (
        Field("id", ID, "metadata id"),
        Field("title", TRANSLATABLE),
        Field("version", TEXT, description='The rule file\'s version; quote it, for example "1.2.0".'),
        Field("status", _enum(*STATUSES)),
        _optional(
            "language", LANGUAGE, description="The file's own language (default en); every translatable text has it."
        ),
        Field("intended_use", TEXT),
        Field("population", TEXT),
        Field("authors", _list(_record("person"), min_items=0)),
        Field("reviewers", _list(_record("reviewer"), min_items=0)),
        Field("last_reviewed", DATE),
        Field("next_review", DATE),
        Field("sources", _list(_record("source")), "metadata sources"),
        _optional(
            "translations",
            _list(_record("translation"), min_items=0),
            description="Other languages the person-facing texts are given in.",
        ),
    ),
    description="Who wrote and reviewed the rule file, for whom, and its sources.",
)
LEVEL = Record(
    "level",
    "level",
    (
        Field("id", TEXT, "level id"),
        Field("label", TRANSLATABLE),
        Field("action", TRANSLATABLE),
        _optional(
            "stop_when_certain",
            FLAG,
            description="End the questions as soon as the answers make this level certain, whatever the rest "
            "would be. Emergency always does.",
        ),
        _optional(
            "max_questions_after_certain",
            COUNT,
            description="`selfcheck analyze` reports an error when more questions than this are asked after "
            "this level was already certain.",
        ),
        _optional(
            "safety_net",
            TRANSLATABLE,
            description="What to do if things change, for a result at this level; without it, the file's own "
            "safety net.",
        ),
    ),
    named=True,
)
CHOICE = Record(
    "choice",
    "choice",
    (
        Field("id", ID, "choice id"),
        Field("label", TRANSLATABLE),
        _optional("help", TRANSLATABLE),
        _optional(
            "exclusive",
            FLAG,
            description='Only on its own (for example "None of these"); multiple-choice questions only.',
        ),
        _optional(
            "red_flag", _enum(*RED_FLAG_LEVELS), description="The least urgent level a person choosing this must get."
        ),
    ),
    named=True,
)


def _when_type(types: tuple[str, ...], then: dict[str, Any]) -> dict[str, Any]:
    """A schema part that applies when a question's type is one of types."""
    said = {"const": types[0]} if len(types) == 1 else {"enum": list(types)}
    return {"if": {"required": ["type"], "properties": {"type": said}}, "then": then}


QUESTION = Record(
    "question",
    "question",
    (
        Field("id", ID, "question id"),
        _optional(
            "section",
            TRANSLATABLE,
            description="Section heading; later questions stay in it until another is named.",
        ),
        Field("text", TRANSLATABLE, "question text"),
        Field("help", TRANSLATABLE),
        Field("type", _enum(*QUESTION_TYPES), "question type"),
        Field(
            "kind",
            _enum(*QUESTION_KINDS),
            "question kind",
            description="sign or symptom (more answers never lower the level) or context (such as an existing "
            "diagnosis).",
        ),
        Field("summary", TRANSLATABLE, description="What the doctor reads next to the answer."),
        _optional("choices", _list(_record("choice"))),
        _optional("ask_if", CONDITION, "condition"),
    ),
    named=True,
    # The loader's checks of choices against the type (selfcheck.rulefile.loader, _Builder.choices).
    schema={
        "allOf": [
            _when_type(("single", "multiple"), {"required": ["choices"], "properties": {"choices": {"minItems": 2}}}),
            _when_type(
                ("yesno",),
                {
                    "properties": {
                        "choices": {
                            "description": "Leave out for Yes / No / Not sure, or give exactly yes, no, not_sure "
                            "in that order.",
                            "minItems": 3,
                            "items": False,
                            "prefixItems": [{"properties": {"id": {"const": c}}} for c in YESNO_IDS],
                        }
                    }
                },
            ),
            _when_type(
                ("single", "yesno"),
                {"properties": {"choices": {"items": {"properties": {"exclusive": {"const": False}}}}}},
            ),
        ]
    },
)
RULE = Record(
    "rule",
    "rule",
    (
        Field("id", ID, "rule id"),
        Field("when", CONDITION, "condition"),
        Field("level", _enum(*LEVEL_IDS)),
        Field("message", TRANSLATABLE, description="What the person reads when the rule fires."),
        Field("rationale", TEXT, description="Why, for clinicians; never shown to the person."),
        Field("sources", _list(TEXT, "source id"), description="Ids of metadata sources."),
        _optional("stop", FLAG, description="Ask nothing more once this rule fires."),
        _optional(
            "always_show",
            FLAG,
            description="Show the message with a more urgent result too, except an emergency, which shows only "
            "its own messages.",
        ),
    ),
    named=True,
)
REQUIREMENT = Record(
    "requirement",
    "requirement",
    (
        Field("id", ID, "requirement id"),
        Field("when", CONDITION, "condition", description="The answers it is about, in the condition language."),
        _optional(
            "at_least",
            _enum(*RED_FLAG_LEVELS),
            description="The least urgent level allowed when the condition holds.",
        ),
        _optional(
            "at_most",
            _enum(*UPPER_BOUND_LEVELS),
            description="The most urgent level allowed when the condition holds (so as not to frighten people).",
        ),
        Field("source", TEXT, "source id", description="The id of the metadata source it comes from."),
        Field(
            "clause",
            TEXT,
            description="Where in the source, for example a recommendation number; quote it.",
        ),
        Field("rationale", TEXT, description="Why, for clinicians."),
    ),
    named=True,
    # The loader: "needs 'at_least' or 'at_most' (or both)".
    schema={"anyOf": [{"required": ["at_least"]}, {"required": ["at_most"]}]},
)


def _levels_schema() -> dict[str, Any]:
    """Exactly the five levels in order, emergency always ending the questions (checked in the loader)."""
    first: dict[str, Any] = {"id": {"const": LEVEL_IDS[0]}, "stop_when_certain": {"const": True}}
    rest = [{"id": {"const": level}} for level in LEVEL_IDS[1:]]
    return {
        "minItems": len(LEVEL_IDS),
        "prefixItems": [{"allOf": [{"$ref": "#/$defs/level"}, {"properties": p}]} for p in (first, *rest)],
        "items": False,
    }


LEVELS = Kind(
    "list",
    "Exactly the five levels, from most to least urgent: emergency, urgent, soon, routine, none.",
    ref="levels",
    item=_record("level"),
)
RULE_FILE = Record(
    "rule_file",
    "the rule file",
    (
        Field("metadata", _record("metadata")),
        Field("levels", LEVELS),
        Field("questions", _list(_record("question")), description="The questions, in the order they are asked."),
        Field(
            "rules",
            _list(_record("rule")),
            description="The rules; a person gets the most urgent level of the rules that fire, or none.",
        ),
        _optional(
            "requirements",
            _list(_record("requirement"), min_items=0),
            description="What the rules must do, proved by `selfcheck analyze` over every answer set: whenever "
            "a requirement's condition holds, the level stays within its bounds.",
        ),
        Field("safety_net", TRANSLATABLE, description="What every person is told to do if things change."),
        Field("disclaimer", TRANSLATABLE, description="Shown with every result: not a diagnosis, no treatment advice."),
    ),
    description="A selfcheck rule file: metadata and sources, the five levels, the questions in the order they "
    "are asked, and the rules. Conditions (ask_if, when) use selfcheck's condition language; `selfcheck "
    "validate` checks them and every name in them.",
)

RECORDS = {
    r.name: r
    for r in (PERSON, REVIEWER, SOURCE, METADATA, LEVEL, CHOICE, QUESTION, RULE, REQUIREMENT, TRANSLATION, RULE_FILE)
}
FIELDS = {r.name: {f.name: f for f in r.fields} for r in RECORDS.values()}
# What the reader needs of each field, by record and key: (kind's tag, name in problems, kind). Every field
# of every loaded file is read through it, so it is one lookup instead of a few calls per field.
PLAN = {r.name: {f.name: (f.kind.tag, f.called, f.kind) for f in r.fields} for r in RECORDS.values()}
KEYS = {
    r.name: (tuple(f.name for f in r.fields if f.required), tuple(f.name for f in r.fields if not f.required))
    for r in RECORDS.values()
}


# The JSON Schema, generated: only tools/write_schema.py and the tests call what follows.


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
