"""The format spec's vocabulary: Kind (of a value), Field (a key), Record (a mapping), and the kinds records share."""

from __future__ import annotations

from selfcheck.model.records import TYPE_CHECKING, NamedTuple
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

    # The loader reads keys through selfcheck.rulefile.spec's tables (KEYS, PLAN), made once; these are for
    # the schema writer and the few lookups a load makes.
    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if not f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def optional(name: str, kind: Kind, what: str = "", description: str = "") -> Field:
    return Field(name, kind, what, False, description)


def ref(name: str) -> Kind:
    return Kind("record", ref=name, record=name)


def list_of(item: Kind, item_what: str = "", min_items: int = 1) -> Kind:
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


def one_of(*values: str) -> Kind:
    return Kind("enum", values=values)


def when_type(types: tuple[str, ...], then: dict[str, Any]) -> dict[str, Any]:
    """A schema part that applies when a question's type is one of types (for a Record's schema)."""
    said = {"const": types[0]} if len(types) == 1 else {"enum": list(types)}
    return {"if": {"required": ["type"], "properties": {"type": said}}, "then": then}
