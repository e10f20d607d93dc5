"""Typed reading of marked YAML nodes, collecting located problems instead of stopping at the first."""

from __future__ import annotations

import datetime  # PyYAML imports it anyway: it costs no start-up time (selfcheck/model/records.py)
import re
from collections.abc import Iterable

from selfcheck.errors import Problem, did_you_mean, visible
from selfcheck.escape import CONTROL
from selfcheck.rulefile.sourcemap import SourceMap
from selfcheck.rulefile.yaml_nodes import Document, Map, Node, Scalar, Seq, describe

ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Reader:
    """Reads one document's nodes; every mistake becomes a Problem and reading goes on."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.source = SourceMap(doc)  # kept with the RuleSet: every tool finds positions there
        self.problems: list[Problem] = list(doc.problems)
        # Person-facing texts may be a mapping of language code to text; the loader sets these
        # once it has read the metadata, and `missing` collects the texts that fell back.
        self.default_language = "en"
        self.languages: tuple[str, ...] = ("en",)
        self.language = "en"
        self.missing: list[Problem] = []
        self.gaps: list[Problem] = []  # missing translations in every declared language

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
        return self.source.position(scalar, offset)


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def is_date(text: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    m = _DATE.match(text)
    if not m:
        return False
    try:
        datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return False
    return True
