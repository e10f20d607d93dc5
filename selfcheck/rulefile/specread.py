"""Reading a rule file's nodes as selfcheck.rulefile.spec declares them: keys, kinds and the names problems use."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from selfcheck.model.records import TYPE_CHECKING
from selfcheck.rulefile.kinds import Field, Kind, Record
from selfcheck.rulefile.reader import Reader
from selfcheck.rulefile.spec import RECORDS
from selfcheck.rulefile.yaml_nodes import Map, Node, Scalar, describe

if TYPE_CHECKING:
    from typing import Any


# What the reader needs of each field, by record and key: (kind's tag, name in problems, kind). Every field
# of every loaded file is read through it, so it is one lookup instead of a few calls per field.
PLAN = {r.name: {f.name: (f.kind.tag, f.called, f.kind) for f in r.fields} for r in RECORDS.values()}
KEYS = {
    r.name: (tuple(f.name for f in r.fields if f.required), tuple(f.name for f in r.fields if not f.required))
    for r in RECORDS.values()
}


class SpecReader(Reader):
    """A Reader whose mappings and values are checked against the spec's records, problems collected."""

    def record(self, record: Record, node: Node) -> Map | None:
        """The node as a mapping with the record's required keys and no unknown ones (else a problem)."""
        what = named(node, record.what) if record.named else record.what
        required, optional = KEYS[record.name]
        return self.mapping(node, what, required, optional)

    def records(self, record: Record, items: Iterable[Node]) -> Iterator[tuple[Map, dict[str, Node]]]:
        """Each item that is a mapping with the record's keys, and its fields; the others get a problem."""
        for item in items:
            m = self.record(record, item)
            if m is not None:
                yield m, self.fields(m)

    def items(self, record: Record, fields: dict[str, Node], name: str) -> tuple[Node, ...]:
        """The items of a list field (none when it is absent, with a problem when it is not a list)."""
        _, what, kind = PLAN[record.name][name]
        return self.seq(fields.get(name), what, allow_empty=kind.min_items == 0)

    def list_items(self, field: Field, node: Node | None) -> tuple[Node, ...]:
        return self.seq(node, field.called, allow_empty=field.kind.min_items == 0)

    def read(self, record: Record, fields: dict[str, Node], name: str, default: str = "") -> Any:
        """A field's value, checked as its kind says; an absent optional field reads as its empty value."""
        tag, what, kind = PLAN[record.name][name]
        node = fields.get(name)
        # The kinds most fields have, without a call more: every field of every file loaded comes through
        # here, and start-up is measured (bench/benchmark.py).
        if tag == "translatable":
            return self.text(node, what, default, translatable=True)
        if tag == "text":
            return self.text(node, what, default)
        if tag == "id":
            return self.ident(node, what)
        if tag == "flag":
            return self.flag(node, what)
        if tag == "enum":
            return self.one_of(node, what, kind.values) if node is not None else ""
        return self.value(kind, node, what, default)

    def value(self, kind: Kind, node: Node | None, what: str, default: str = "") -> Any:
        """A value of a kind; a list or a record is read by the loader, item by item."""
        tag = kind.tag
        if tag == "translatable":
            return self.text(node, what, default, translatable=True)
        if tag in ("text", "condition"):
            return self.text(node, what, default)
        if tag == "id":
            return self.ident(node, what)
        if tag == "enum":
            return self.one_of(node, what, kind.values)
        if tag == "flag":
            return self.flag(node, what)
        if tag == "date":
            return self.date(node, what)
        if tag == "pattern":
            value = self.text(node, what)
            if value and node is not None and not re.match(kind.pattern, value):
                self.problem(node, kind.message.format(what=what, value=value))
                return ""
            return value
        if tag == "count":
            return self.count(node, what)
        raise ValueError(f"{what}: a {tag} is not read as one value")

    def count(self, node: Node | None, what: str) -> int | None:
        """A whole number of 0 or more, or None when the key is absent (or wrong, with a problem recorded)."""
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(node, f"{what} must be a whole number, 0 or more, not {describe(node)}")
            return None
        return value


def named(node: Node, kind: str) -> str:
    """ "question 'weakness'" when the node has a usable id, so problems say which one; else "a question"."""
    if isinstance(node, Map) and "id" in node.entries:
        value = node.entries["id"][1]
        if isinstance(value, Scalar) and isinstance(value.value, str):
            return f"{kind} '{value.value}'"
    return f"a {kind}"
