"""Where each part of a rule file is: node paths such as ("questions", 3, "id") to line and column."""

from __future__ import annotations

from selfcheck.model.records import TYPE_CHECKING
from selfcheck.rulefile.yaml_nodes import Document, Map, Node, Scalar, Seq, line_break, line_col, line_starts

if TYPE_CHECKING:
    from selfcheck.model.ruleset import RuleSet

Path = tuple[str | int, ...]


class SourceMap:
    """The marked nodes the loader read, looked up by path: one source of positions for every tool.

    Built from the document the loader already parsed, so no tool reads or parses the file again to
    say where something is. Lookups walk the nodes (a path is a few steps); nothing is precomputed,
    so loading pays nothing for positions it never needs.
    """

    __slots__ = ("_starts", "document")

    def __init__(self, document: Document) -> None:
        self.document = document
        self._starts: list[int] | None = None

    @property
    def path(self) -> str:
        return self.document.path

    def node(self, *path: str | int) -> Node | None:
        """The node at path, or None when the file has nothing there."""
        node, steps = self._walk(path)
        return node if steps == len(path) else None

    def key(self, *path: str | int) -> Scalar | None:
        """The key of the mapping entry at path (its last step is a key name), or None."""
        parent = self.node(*path[:-1])
        name = path[-1] if path else None
        if isinstance(parent, Map) and isinstance(name, str) and name in parent.entries:
            return parent.entries[name][0]
        return None

    def deepest(self, *path: str | int) -> Node:
        """The deepest node along path that the file has (a field left out: the record holding it)."""
        return self._walk(path)[0]

    def _walk(self, path: Path) -> tuple[Node, int]:
        node: Node = self.document.root
        for steps, key in enumerate(path):
            if isinstance(node, Map) and isinstance(key, str) and key in node.entries:
                node = node.entries[key][1]
            elif isinstance(node, Seq) and isinstance(key, int) and 0 <= key < len(node.items):
                node = node.items[key]
            else:
                return node, steps
        return node, len(path)

    def at(self, *path: str | int) -> tuple[int, int]:
        """The 1-based line and column where the node at path starts, or (0, 0) when there is none."""
        node = self.node(*path)
        return (node.line, node.col) if node is not None else (0, 0)

    def position(self, scalar: Scalar, offset: int) -> tuple[int, int]:
        """The line and column of a character of a scalar's value, for places inside a text or a condition."""
        if scalar.line == scalar.end_line and not scalar.style:
            return scalar.line, scalar.col + offset
        # Folding changes only white space and escapes stand for one character, so the k-th visible
        # character of the value is the k-th visible one the source makes after the opening quote or header.
        value = str(scalar.value)
        wanted = sum(1 for ch in value[:offset] if not ch.isspace())
        text = self.document.text
        if self._starts is None:
            # Worked out only when a place inside a text is needed: every start-up would pay for it.
            # A character loop here cost more than parsing the whole bundled rule file.
            self._starts = line_starts(text)
        starts = self._starts
        start, end = _value_span(text, starts, scalar)
        # A white-space target (a control character such as CR, written as an escape) is the first source
        # character making it once the visible ones before it are passed.
        target = value[offset : offset + 1]
        spacy = target.isspace()
        seen, index = 0, start
        while index < end:
            width, made = 1, text[index]
            if scalar.style == '"' and made == "\\":
                width, made = _escape(text, index)
            elif scalar.style == "'" and text.startswith("''", index):
                width, made = 2, "'"
            if made and seen == wanted and (made == target if spacy else not made.isspace()):
                return line_col(text, index, starts)
            if made and not made.isspace():
                seen += 1
            index += width
        return scalar.line, scalar.col


def places(ruleset: RuleSet) -> SourceMap | None:
    """The source map the loader kept with the rule set when it is of the rule set's text: None when the rule
    set was built by hand or its text was replaced."""
    source = ruleset.source_map
    return source if isinstance(source, SourceMap) and source.document.text == ruleset.text else None


# What each one-letter escape in a double-quoted YAML scalar stands for.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b"}
_ESCAPES.update({"N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"})
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def _value_span(text: str, starts: list[int], scalar: Scalar) -> tuple[int, int]:
    """Where a scalar's value starts and ends in the text: after its opening quote or block header."""
    start = starts[scalar.line - 1] + scalar.col - 1
    end = len(text)
    if 0 < scalar.end_line <= len(starts):
        end = starts[scalar.end_line - 1] + scalar.end_col - 1
    if scalar.style in ("|", ">"):
        header_end = line_break().search(text, start)
        start = header_end.end() if header_end else end
    elif scalar.style:
        start += 1
    return start, end


def _escape(text: str, index: int) -> tuple[int, str]:
    """The length of the escape at text[index] (a backslash) and the character it stands for ('' for none)."""
    code = text[index + 1 : index + 2]
    if code in _HEX_DIGITS:
        digits = text[index + 2 : index + 2 + _HEX_DIGITS[code]]
        try:
            return 2 + len(digits), chr(int(digits, 16))
        except ValueError:
            return 2, code
    escaped_break = line_break().match(text, index + 1)
    if escaped_break:  # an escaped line break joins the lines and stands for nothing
        return 1 + len(escaped_break.group()), ""
    return 2, _ESCAPES.get(code, code)
