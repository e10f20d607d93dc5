"""Strict YAML parsing: bounded, no aliases or tags, no duplicate keys, marks on every node (yaml_nodes)."""

from __future__ import annotations

import re

import yaml

from selfcheck.errors import Problem, SelfcheckError
from selfcheck.model.records import TYPE_CHECKING, new_record
from selfcheck.rulefile.file_text import MAX_BYTES, read_text
from selfcheck.rulefile.yaml_nodes import Document, Map, Node, Scalar, ScalarValue, Seq, describe, line_col
from selfcheck.rulefile.yaml_syntax import runaway_quote, shape_problem

if TYPE_CHECKING:
    from typing import Any

# Bounds that keep hostile files cheap to refuse (with the file's size, MAX_BYTES); the bundled rule file is
# far below each.
MAX_DEPTH = 20
MAX_NODES = 50_000
MAX_SCALAR = 20_000

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema for plain scalars: 'yes', 'no', 'on', 'off' and '12:30' stay text.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

# Only a plain scalar starting with one of these can be null, a boolean or a number; the rest are text
# without trying the patterns above (most scalars in a rule file are ids and sentences).
_MAYBE_NOT_TEXT = frozenset("~nNtTfF+-.0123456789")
_SCALAR, _ALIAS, _STREAM_END = yaml.ScalarEvent, yaml.AliasEvent, yaml.StreamEndEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_DOCUMENT_START = yaml.DocumentStartEvent


def resolve_plain(text: str) -> ScalarValue:
    """Resolve an unquoted scalar by the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def load(path: str, max_bytes: int = MAX_BYTES, keep_going: bool = False) -> Document:
    """Read and parse a file strictly."""
    return parse(path, read_text(path, max_bytes), keep_going)


def parse(path: str, text: str, keep_going: bool = False) -> Document:
    """Parse YAML text into marked nodes, or raise SelfcheckError with located problems.

    With keep_going, problems that leave a usable tree (duplicate or non-text keys) are returned in
    Document.problems instead, so a caller can report them with its own, all at once.
    """
    builder = _Builder(path, text)
    root = builder.build()
    if builder.problems and not keep_going:
        raise SelfcheckError(builder.problems)
    return Document(path, text, root, tuple(builder.problems))


def parse_json(path: str, text: str, keep_going: bool = False) -> Document:
    """Parse JSON text as YAML 1.2 (JSON is nearly a subset of it), keeping the same marks and checks."""
    # JSON allows tabs between tokens where YAML does not, and never inside strings, so this is safe.
    return parse(path, text.replace("\t", " "), keep_going)


class _OwnCheck(SelfcheckError):
    """A problem found by selfcheck's own strict checks, as opposed to a YAML syntax error."""


class _Builder:
    """Builds nodes from parser events, so limits apply before anything is composed."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self.nodes = 0

    def fail(self, mark: Any, message: str) -> SelfcheckError:
        return _OwnCheck([Problem(self.path, mark.line + 1, mark.column + 1, message)])

    def build(self) -> Node:
        try:
            return self.build_with(Loader)
        except _OwnCheck:
            raise
        except SelfcheckError as syntax:
            if Loader is yaml.SafeLoader:
                raise
            # libyaml stopped first, for example at its own nesting limit, which it reaches while
            # scanning ahead before a single deep event is seen. The pure-Python parser has no limits
            # of its own, so selfcheck's checks get to the file first; if it finds nothing of ours
            # before the syntax error, libyaml's (faster, same) answer stands.
            self.problems, self.nodes = [], 0
            try:
                return self.build_with(yaml.SafeLoader)
            except _OwnCheck:
                raise
            except SelfcheckError:
                pass
            raise syntax from None

    def build_with(self, loader: Any) -> Node:
        parser = None
        try:
            # Inside the try: the pure-Python reader checks every character when it is made.
            parser = loader(self.text)
            root = self.build_from(parser.get_event)
        except yaml.MarkedYAMLError as e:
            raise SelfcheckError([self.syntax_problem(e)]) from None
        except yaml.reader.ReaderError as e:
            raise SelfcheckError([self.reader_problem(e, loader)]) from None
        finally:
            if parser is not None:
                parser.dispose()
        if root is None:
            empty = "file has only comments and blank lines" if self.text.strip() else "file is empty"
            raise SelfcheckError([Problem(self.path, 1, 1, empty)])
        return root

    def build_from(self, get_event: Any) -> Node | None:
        """The nodes of the events, checked; None when the stream has no document."""
        # Dispatch on the event's exact type and check the common case inline: the bundled rule file
        # makes about 2,400 events, and an isinstance chain (or a call) per event cost more than libyaml's
        # parsing. Only the events a file has once, or that are refused, go to a method (rare_event).
        stack: list[tuple[list[Node], Any, bool]] = []
        root: Node | None = None
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            node: Node
            if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is None and event.tag is None and len(stack) < MAX_DEPTH and self.nodes < MAX_NODES:
                    self.nodes += 1
                else:
                    self.check_node_event(event, len(stack))
                if kind is not _SCALAR:
                    stack.append(([], event, kind is _MAPPING_START))
                    continue
                node = self.scalar(event)
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                items, start, is_map = stack.pop()
                line, col = start.start_mark.line + 1, start.start_mark.column + 1
                node = self.mapping(items, line, col) if is_map else Seq(tuple(items), line, col)
            elif kind is _STREAM_END:
                return root
            else:
                documents = self.rare_event(event, kind, documents)
                continue
            if stack:
                stack[-1][0].append(node)
            else:
                root = node

    def rare_event(self, event: Any, kind: type, documents: int) -> int:
        """A document start (only one is allowed: the count so far is returned), an alias (refused), or an
        event that makes no node (stream start, document end)."""
        if kind is _DOCUMENT_START:
            if documents >= 1:
                raise self.fail(event.start_mark, "only one YAML document is allowed in a file")
            return documents + 1
        if kind is _ALIAS:
            raise self.fail(event.start_mark, "aliases (*name) are not allowed; write the text out")
        return documents

    def reader_problem(self, e: yaml.reader.ReaderError, loader: Any) -> Problem:
        """A character the YAML reader refuses, at its line and column."""
        # libyaml reads the text as UTF-8 and counts bytes; the pure-Python reader counts characters.
        at = (
            e.position
            if loader is yaml.SafeLoader
            else len(self.text.encode("utf-8")[: e.position].decode("utf-8", "ignore"))
        )
        line, col = line_col(self.text, at)
        return Problem(self.path, line, col, f"character #x{e.character:04x} is not allowed here ({e.reason})")

    def syntax_problem(self, e: yaml.MarkedYAMLError) -> Problem:
        """PyYAML's message, reworded where its parser terms would puzzle a clinician."""
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and mark.index >= len(self.text):
            # At the end of a file with no final line break the parser counts one line more than the file has.
            line, col = line_col(self.text, len(self.text))
        start = e.context_mark
        found = self.text[mark.index] if mark and mark.index < len(self.text) else ""
        problem = (e.problem or "invalid YAML").strip()
        if found == "\t":
            return Problem(self.path, line, col, "a tab character is not allowed here; indent with spaces")
        if start and e.context == "while scanning a quoted scalar" and "end of stream" in problem:
            quote = self.text[start.index]
            return Problem(self.path, start.line + 1, start.column + 1, f"this quote ({quote}) is never closed")
        if start and e.context == "while scanning a simple key" and problem == "could not find expected ':'":
            message = "this line needs ':' after its key, or more indentation if it continues the line above"
            return Problem(self.path, start.line + 1, start.column + 1, message)
        if start and problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'"):
            where = f"line {start.line + 1}, column {start.column + 1}"
            bracket = "[" if problem[-2] == "]" else "{"
            return Problem(self.path, line, col, f"the {bracket} opened at {where} is not closed (or a ',' is missing)")
        return self.line_problem(e, (line, col), found, problem)

    def line_problem(self, e: yaml.MarkedYAMLError, at: tuple[int, int], found: str, problem: str) -> Problem:
        """syntax_problem's errors of a line that does not fit: a quote left open above it, its shape, its start."""
        line, col = at
        start, mark = e.context_mark, e.problem_mark or e.context_mark
        runaway = runaway_quote(self.text, mark) if mark else None
        if runaway:
            return Problem(self.path, *runaway)
        shape = shape_problem(self.text, e, problem)
        if shape:
            return Problem(self.path, line, col, shape)
        if problem == "did not find expected node content":
            return Problem(self.path, line, col, "a value is missing here (after a ',', a ':' or a '-', or at the end)")
        if found and problem == "found character that cannot start any token":
            return Problem(self.path, line, col, f"'{found}' cannot start a value; put the text in quotes")
        if e.context and start:
            problem += f" ({e.context} started at line {start.line + 1}, column {start.column + 1})"
        return Problem(self.path, line, col, problem)

    def check_node_event(self, event: Any, depth: int) -> None:
        if event.anchor is not None:
            raise self.fail(event.start_mark, f"anchors (&{event.anchor}) are not allowed; write the text out")
        tag = event.tag
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!" and event.style):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(event.start_mark, f"tags ({shown}) are not allowed")
        if depth >= MAX_DEPTH:
            raise self.fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(event.start_mark, f"file has more than {MAX_NODES} values")

    def scalar(self, event: Any) -> Scalar:
        text = event.value
        if len(text) > MAX_SCALAR:
            raise self.fail(event.start_mark, f"text is longer than {MAX_SCALAR} characters")
        style = event.style or ""
        value: ScalarValue = text
        if not style and (not text or text[0] in _MAYBE_NOT_TEXT):
            value = resolve_plain(text)
        start, end = event.start_mark, event.end_mark
        return new_record(Scalar, (value, start.line + 1, start.column + 1, style, end.line + 1, end.column + 1))

    def mapping(self, items: list[Node], line: int, col: int) -> Map:
        entries: dict[str, tuple[Scalar, Node]] = {}
        duplicates: list[tuple[Scalar, Node]] = []
        pairs = iter(items)
        for key, value in zip(pairs, pairs, strict=True):
            # Nearly every key is text met once: one test for it (2 M instructions fewer for the bundled file).
            if type(key) is Scalar and isinstance(key.value, str) and key.value not in entries:
                entries[key.value] = (key, value)
                continue
            if not isinstance(key, Scalar) or isinstance(key.value, (bool, type(None))):
                self.problems.append(Problem(self.path, key.line, key.col, f"a key must be text, not {describe(key)}"))
                continue
            name = str(key.value)
            if name in entries:
                first = entries[name][0]
                self.problems.append(
                    Problem(self.path, key.line, key.col, f"duplicate key '{name}' (first at line {first.line})")
                )
                duplicates.append((key, value))
                continue
            entries[name] = (key, value)
        return Map(entries, line, col, tuple(duplicates))
