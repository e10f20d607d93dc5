"""Typed reading of marked YAML nodes, collecting located problems instead of stopping at the first."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from selfcheck.errors import Problem, did_you_mean, visible
from selfcheck.escape import CONTROL
from selfcheck.rulefile.strict_yaml import LINE_BREAK, Document, Map, Node, Scalar, Seq, describe, line_col, line_starts

ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Reader:
    """Reads one document's nodes; every mistake becomes a Problem and reading goes on."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = list(doc.problems)
        # Person-facing texts may be a mapping of language code to text; the loader sets these
        # once it has read the metadata, and `missing` collects the texts that fell back.
        self.default_language = "en"
        self.languages: tuple[str, ...] = ("en",)
        self.language = "en"
        self.missing: list[Problem] = []
        self.gaps: list[Problem] = []  # missing translations in every declared language

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        # Worked out only when a problem inside a condition needs a position: every start-up would pay for it.
        # A character loop here cost more than parsing the whole bundled rule file.
        return line_starts(self.doc.text)

    def problem(self, node: Node | tuple[int, int], message: str) -> None:
        line, col = (node.line, node.col) if isinstance(node, (Scalar, Seq, Map)) else node
        self.problems.append(Problem(self.doc.path, line, col, message))

    def mapping(self, node: Node, what: str, required: Iterable[str], optional: Iterable[str] = ()) -> Map | None:
        """Check a node is a mapping with the required keys and no unknown ones."""
        if not isinstance(node, Map):
            self.problem(node, f"{what} must be a mapping, not {describe(node)}")
            return None
        required, optional = tuple(required), tuple(optional)
        known = required + optional
        for name, (key, _) in node.entries.items():
            if name not in known:
                self.problem(key, f"unknown key '{name}' in {what}{did_you_mean(name, known)}")
        for name in required:
            if name not in node.entries:
                self.problem(node, f"{what} is missing '{name}'")
        return node

    @staticmethod
    def fields(node: Map) -> dict[str, Node]:
        """A mapping's values by key, for reading its fields once mapping() has checked the keys."""
        return {name: value for name, (_, value) in node.entries.items()}

    def seq(self, node: Node | None, what: str, allow_empty: bool = False) -> tuple[Node, ...]:
        if node is None:
            return ()
        if not isinstance(node, Seq):
            self.problem(node, f"{what} must be a list, not {describe(node)}")
            return ()
        if not node.items and not allow_empty:
            self.problem(node, f"{what} must not be empty")
        return node.items

    def text(self, node: Node | None, what: str, default: str = "", translatable: bool = False) -> str:
        """A non-empty string; a boolean or number is refused rather than silently converted.

        A translatable text may also be a mapping of language code to string; the text in
        self.language is returned, else the default language's, and the fallback is recorded.
        """
        if node is None:
            return default
        if translatable and isinstance(node, Map):
            return self._variants(node, what, default)
        if translatable:
            self._gaps(node, what, ())
        if translatable and self.language != self.default_language:
            self.missing.append(Problem(self.doc.path, node.line, node.col, self._missing_message(what)))
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            hint = "; put it in quotes" if isinstance(node, Scalar) and node.value is not None else ""
            self.problem(node, f"{what} must be text, not {describe(node)}{hint}")
            return default
        if not node.value.strip():
            self.problem(node, f"{what} must not be empty")
            return default
        control = CONTROL.search(node.value)
        if control:
            # Written as a YAML escape ("\e[2J"), it would reach the screen and drive the terminal.
            where = self.position(node, control.start())
            self.problem(where, f"{what} contains a control character ({visible(control.group())}); remove it")
            return default
        return node.value.strip()

    def _variants(self, node: Map, what: str, default: str) -> str:
        texts: dict[str, str] = {}
        for code, (key, value) in node.entries.items():
            if code not in self.languages:
                declared = ", ".join(self.languages)
                self.problem(
                    key,
                    f"language '{code}' in {what} is not the file's language or a declared translation "
                    f"({declared}){did_you_mean(code, self.languages)}",
                )
                continue
            texts[code] = self.text(value, f"the '{code}' {what}")
        self._gaps(node, what, tuple(node.entries))
        if self.default_language not in node.entries:
            self.problem(node, f"{what} has no '{self.default_language}' text (the file's default language)")
            return default
        if self.language in texts:
            return texts[self.language] or default
        if self.language in node.entries:
            return default  # the variant itself was wrong and is already a problem
        self.missing.append(Problem(self.doc.path, node.line, node.col, self._missing_message(what)))
        return texts.get(self.default_language) or default

    def _missing_message(self, what: str, language: str = "") -> str:
        return f"{what} has no '{language or self.language}' translation; using '{self.default_language}'"

    def _gaps(self, node: Node, what: str, present: tuple[str, ...]) -> None:
        """Record a missing translation for every declared language, so one pass serves `validate`."""
        for language in self.languages:
            if language != self.default_language and language not in present:
                self.gaps.append(Problem(self.doc.path, node.line, node.col, self._missing_message(what, language)))

    def ident(self, node: Node | None, what: str) -> str:
        value = self.text(node, what)
        if value and node is not None and not ID.match(value):
            self.problem(node, f"{what} '{value}' must be lower-case letters, digits and _, starting with a letter")
        return value

    def flag(self, node: Node | None, what: str) -> bool:
        if node is None:
            return False
        if not isinstance(node, Scalar) or not isinstance(node.value, bool):
            self.problem(node, f"{what} must be true or false, not {describe(node)}")
            return False
        return node.value

    def date(self, node: Node | None, what: str) -> str:
        value = self.text(node, what)
        if value and node is not None and not is_date(value):
            self.problem(node, f"{what} must be a date like 2026-01-31, not '{value}'")
        return value

    def one_of(self, node: Node | None, what: str, allowed: tuple[str, ...]) -> str:
        value = self.text(node, what)
        if value and node is not None and value not in allowed:
            choices = ", ".join(allowed)
            self.problem(node, f"{what} '{value}' is not one of {choices}{did_you_mean(value, allowed)}")
            return ""
        return value

    def position(self, scalar: Scalar, offset: int) -> tuple[int, int]:
        """The line and column of a character of a scalar's value, for errors inside condition text."""
        if scalar.line == scalar.end_line and not scalar.style:
            return scalar.line, scalar.col + offset
        # Folding changes only white space and escapes stand for one character, so the k-th visible
        # character of the value is the k-th visible one the source makes after the opening quote or header.
        value = str(scalar.value)
        wanted = sum(1 for ch in value[:offset] if not ch.isspace())
        text, starts = self.doc.text, self._line_starts
        start = starts[scalar.line - 1] + scalar.col - 1
        end = len(text)
        if 0 < scalar.end_line <= len(starts):
            end = starts[scalar.end_line - 1] + scalar.end_col - 1
        if scalar.style in ("|", ">"):
            header_end = LINE_BREAK.search(text, start)
            start = header_end.end() if header_end else end
        elif scalar.style:
            start += 1
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


# What each one-letter escape in a double-quoted YAML scalar stands for.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b"}
_ESCAPES.update({"N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"})
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def _escape(text: str, index: int) -> tuple[int, str]:
    """The length of the escape at text[index] (a backslash) and the character it stands for ('' for none)."""
    code = text[index + 1 : index + 2]
    if code in _HEX_DIGITS:
        digits = text[index + 2 : index + 2 + _HEX_DIGITS[code]]
        try:
            return 2 + len(digits), chr(int(digits, 16))
        except ValueError:
            return 2, code
    line_break = LINE_BREAK.match(text, index + 1)
    if line_break:  # an escaped line break joins the lines and stands for nothing
        return 1 + len(line_break.group()), ""
    return 2, _ESCAPES.get(code, code)


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def is_date(text: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD (without importing datetime: start-up is measured)."""
    m = _DATE.match(text)
    if not m:
        return False
    year, month, day = (int(g) for g in m.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]
