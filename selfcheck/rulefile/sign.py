"""`selfcheck sign`: a signed review record written into the rule file's text, leaving its comments and layout."""

from __future__ import annotations

import datetime
import json

from selfcheck.errors import Problem, SelfcheckError
from selfcheck.rulefile import signoff, strict_yaml
from selfcheck.rulefile.loader import build_ruleset
from selfcheck.rulefile.yaml_nodes import Map, Scalar, Seq

PARTS_PER_LINE = 8


def one_line(value: str) -> bool:
    """Whether a name or role is one line of text that shows as typed: not blank, no control characters."""
    return bool(value.strip()) and not any(ord(ch) < 32 or ord(ch) == 127 for ch in value)


def signed_text(path: str, text: str, name: str, role: str, date: str) -> str:
    """The rule file's text with a review by name (role) on date appended to metadata.reviewers.

    last_reviewed becomes date. Raises SelfcheckError when the file has problems or cannot be edited safely.
    """
    for what, value in (("--name", name), ("--role", role)):
        if not one_line(value):
            raise SelfcheckError([Problem(path, 0, 0, f"{what} must be one line of text, not '{value}'")])
    doc = strict_yaml.parse(path, text, keep_going=True)
    ruleset = build_ruleset(doc)  # a file with problems is not signed
    found = signoff.parts(doc)
    assert isinstance(doc.root, Map)
    metadata = doc.root.entries["metadata"][1]
    assert isinstance(metadata, Map)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, int, str]] = []  # (line, col, end line, end col, new text), 1-based

    key, reviewers = metadata.entries["reviewers"]
    assert isinstance(reviewers, Seq)
    record = _record(name, role, date, found)
    start = _offset(lines, reviewers.line, reviewers.col)
    if text.startswith("[", start):
        if reviewers.items:
            raise SelfcheckError(
                [
                    Problem(
                        path, reviewers.line, reviewers.col, "write reviewers as a block list ('- name: ...') to sign"
                    )
                ]
            )
        close = text.index("]", start)
        item_indent = key.col - 1 + 2
        tail = text[close + 1 : text.index("\n", close) if "\n" in text[close:] else len(text)]
        if tail.strip() and not tail.strip().startswith("#"):
            raise SelfcheckError([Problem(path, reviewers.line, reviewers.col, "reviewers must end its line to sign")])
        # `reviewers: []` becomes `reviewers:` with the record below it; a comment after it stays on its line.
        colon = _offset(lines, key.end_line, key.end_col)
        if text[colon] != ":":
            raise SelfcheckError(
                [Problem(path, key.line, key.col, "write 'reviewers:' with the ':' right after it to sign")]
            )
        end_line, end_col = _position(lines, close + 1)
        edits.append((key.end_line, key.end_col + 1, end_line, end_col, ""))
        after = key.line  # the record goes on the lines after the key
    else:
        item_indent = reviewers.col - 1
        after = _last_line_of(lines, _next_line(doc.root, metadata, "reviewers", len(lines) + 1), item_indent)
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line endings
    block = "".join(" " * item_indent + line + newline for line in record)
    edits.append((after + 1, 1, after + 1, 1, block))

    _, last = metadata.entries["last_reviewed"]
    assert isinstance(last, Scalar)
    if last.line != last.end_line:
        raise SelfcheckError([Problem(path, last.line, last.col, "last_reviewed must be on one line to sign")])
    edits.append((last.line, last.col, last.end_line, last.end_col, json.dumps(date)))

    new = text if text.endswith("\n") or not text else text + newline
    new_lines = new.splitlines(keepends=True)
    for line, col, end_line, end_col, replacement in sorted(edits, reverse=True):
        a, b = _offset(new_lines, line, col), _offset(new_lines, end_line, end_col)
        new = new[:a] + replacement + new[b:]
    # The edit is checked, not trusted: the new text must load, with the same content, signed by this record.
    after_doc = strict_yaml.parse(path, new, keep_going=True)
    signed = build_ruleset(after_doc)
    if (
        signed.reviewed_by is None
        or signed.reviewed_by.name != name
        or signoff.digest(signoff.parts(after_doc)) != signoff.digest(found)
        or signed.metadata.reviewers[:-1] != ruleset.metadata.reviewers
    ):
        raise SelfcheckError(
            [Problem(path, key.line, key.col, "could not add the review record safely; nothing changed")]
        )
    return new


def _record(name: str, role: str, date: str, found: tuple[signoff.Part, ...]) -> list[str]:
    shorts = [p.short for p in found]
    rows = [" ".join(shorts[i : i + PARTS_PER_LINE]) for i in range(0, len(shorts), PARTS_PER_LINE)]
    return [
        f"- name: {json.dumps(name, ensure_ascii=False)}",
        f"  role: {json.dumps(role, ensure_ascii=False)}",
        f"  date: {json.dumps(date)}",
        "  # Written by `selfcheck sign`: what this review covers. Any change to what a person reads,",
        "  # or to what decides a level, makes selfcheck warn until the file is signed again.",
        f"  digest: {signoff.digest(found)}",
        "  parts: >-",
        *(f"    {row}" for row in rows),
    ]


def _offset(lines: list[str], line: int, col: int) -> int:
    """The character offset of a 1-based line and column (a line past the end is the end of the text)."""
    return sum(len(x) for x in lines[: line - 1]) + col - 1


def _position(lines: list[str], offset: int) -> tuple[int, int]:
    for number, line in enumerate(lines, 1):
        if offset <= len(line):
            return number, offset + 1
        offset -= len(line)
    return len(lines) + 1, 1


def _next_line(root: Map, metadata: Map, key: str, end: int) -> int:
    """The line of what follows metadata's key: the next metadata key, the next top-level key, or end."""
    names = list(metadata.entries)
    following = names[names.index(key) + 1 :]
    if following:
        return metadata.entries[following[0]][0].line
    tops = list(root.entries)
    after = tops[tops.index("metadata") + 1 :]
    return root.entries[after[0]][0].line if after else end


def _last_line_of(lines: list[str], next_line: int, item_indent: int) -> int:
    """The last line of a block list that ends before next_line: blank lines and outdented comments are not its."""
    line = next_line - 1
    while line > 0:
        content = lines[line - 1]
        stripped = content.strip()
        indent = len(content) - len(content.lstrip(" "))
        if stripped and not (stripped.startswith("#") and indent <= item_indent):
            break
        line -= 1
    return line


def today() -> str:
    return datetime.date.today().isoformat()
