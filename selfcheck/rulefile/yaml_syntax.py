"""A YAML syntax error where a line does not fit the file's shape (indentation, text after a value), in our words."""

from __future__ import annotations

import yaml

from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

# The parser's contexts for a block of 'key: value' lines and a block list of '- ' items.
_BLOCKS = {"while parsing a block mapping": "map", "while parsing a block collection": "list"}


def _out_of_line(text: str, mark: Any, block: str, start: Any) -> str:
    """The product's words for where a block mapping or list stopped: text after a value, or a line out of line.

    The line the parser stopped at may be right and one just above it wrong (a key that lost its indentation
    makes the next one look out of place), so the message asks for both to be checked.
    """
    line_start = text.rfind("\n", 0, mark.index) + 1
    if text[line_start : mark.index].strip():
        return "more text follows the value here: put the whole value in quotes, or remove the extra text"
    where, column = f"line {start.line + 1}", start.column + 1
    check = "check the indentation of this line and the lines just above it"
    if block == "list" and mark.column + 1 == column:
        return (
            f"this line starts at the column of the '- ' items of the list at {where}, but without '- ': "
            "indent it to continue the item above, or start a new item with '- '"
        )
    if block == "list":
        return f"this line does not line up with the list at {where} (its '- ' items start at column {column}): {check}"
    if mark.column + 1 == column:
        return f"this line starts at the column of the keys at {where}, but is not a 'key: value' line: {check}"
    return f"this line does not line up with the keys at {where} (they start at column {column}): {check}"


def shape_problem(text: str, e: yaml.MarkedYAMLError, problem: str) -> str:
    """A line that does not fit the file's shape (lost or extra indentation, text after a value), in selfcheck's
    words; '' for any other syntax error."""
    if problem.startswith("mapping values are not allowed"):  # libyaml: "in this context"; PyYAML: "here"
        return "':' is not allowed here; check the indentation, or put text containing ': ' in quotes"
    if e.problem_mark is None:
        return ""
    if "<document start>" in problem:
        return _after_the_end(text, e.problem_mark)
    if e.context_mark and e.context in _BLOCKS:
        return _out_of_line(text, e.problem_mark, _BLOCKS[e.context], e.context_mark)
    return ""


def _after_the_end(text: str, mark: Any) -> str:
    """More after the file's one value ended: most often a first line indented further than the keys after it."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            indent = len(line) - len(line.lstrip(" "))
            if indent > mark.column and number - 1 < mark.line:
                return (
                    f"this line starts left of the first line of the file (line {number}): the top-level keys "
                    "must all start at the same column; check the indentation of the first line"
                )
            break
    return "the file's content ended before this line: a file holds one mapping of 'key: value' lines"


def runaway_quote(text: str, mark: Any) -> tuple[int, int, str] | None:
    """A quote never closed on its line, which made the rest of the file up to the next quote one value, so the
    parser stopped far below it: (line, column) of that quote, 1-based, and what to do; None for any other error.

    Only a quoted value that starts on an earlier line and ends on the line the parser stopped at counts: a value
    quoted over several lines on purpose is followed by what the file expects, not by an error on its last line.
    """
    last = None
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:  # the scanner's own error comes after the tokens that matter here
        pass
    if last is None:
        return None
    start, end = last.start_mark, last.end_mark
    if not start.line < end.line == mark.line:
        return None
    quote = last.style
    message = (
        f"this quote ({quote}) is not closed on its line, so the text runs on to the next {quote} at line "
        f"{end.line + 1}, column {end.column}: close it on this line, or take it out"
    )
    return start.line + 1, start.column + 1, message
