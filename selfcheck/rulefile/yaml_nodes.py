"""The strict YAML reader's nodes: scalars, lists and mappings with their marks, and positions in the text."""

from __future__ import annotations

import functools
import re

from selfcheck.errors import Problem
from selfcheck.model.records import NamedTuple

ScalarValue = str | int | float | bool | None


@functools.cache
def line_break() -> re.Pattern[str]:
    """What YAML counts as a line break, so positions worked out here agree with the parser's marks.

    Compiled when a position is first needed, not on every start (0.2 ms; a file with no problem needs none).
    """
    return re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_starts(text: str) -> list[int]:
    """The index of the first character of every line, lines ended as YAML ends them."""
    return [0, *(m.end() for m in line_break().finditer(text))]


def line_col(text: str, index: int, starts: list[int] | None = None) -> tuple[int, int]:
    """The 1-based line and column (in characters) of text[index], as a YAML mark would give them."""
    import bisect  # only when a problem needs a place

    starts = line_starts(text) if starts is None else starts
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


class Scalar(NamedTuple):
    """A scalar with its resolved value and where it starts and ends (1-based)."""

    value: ScalarValue
    line: int
    col: int
    style: str = ""
    end_line: int = 0
    end_col: int = 0


class Seq(NamedTuple):
    """A sequence of nodes."""

    items: tuple[Node, ...]
    line: int
    col: int


class Map(NamedTuple):
    """A mapping with text keys, in file order; each key keeps its own mark."""

    entries: dict[str, tuple[Scalar, Node]]
    line: int = 0
    col: int = 0
    # The later entries of a duplicated key (a problem already); an answers file reads them for safety.
    duplicates: tuple[tuple[Scalar, Node], ...] = ()


Node = Scalar | Seq | Map


class Document(NamedTuple):
    """A parsed file: the root node, the decoded text and the path to name in problems."""

    path: str
    text: str
    root: Node
    # Problems that still leave a usable tree (a duplicate key keeps its first value), reported
    # together with what the reader of the tree finds; only with parse(..., keep_going=True).
    problems: tuple[Problem, ...] = ()


def describe(node: Node) -> str:
    """Name a node's type the way a YAML author thinks of it."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return "text"
