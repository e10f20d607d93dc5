"""Strict YAML reading: every refusal names its place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from selfcheck.errors import SelfcheckError
from selfcheck.rulefile import file_text, strict_yaml
from selfcheck.rulefile.yaml_nodes import Map, Scalar, Seq


def error_of(text: str) -> str:
    with pytest.raises(SelfcheckError) as info:
        strict_yaml.parse("f.yaml", text)
    return "\n".join(str(p) for p in info.value.problems)


def test_marks_are_one_based_and_kept_on_every_node() -> None:
    doc = strict_yaml.parse("f.yaml", "a:\n  - x\n  - 'y'\n")
    assert isinstance(doc.root, Map)
    key, value = doc.root.entries["a"]
    assert (key.line, key.col) == (1, 1)
    assert isinstance(value, Seq)
    assert [(i.line, i.col) for i in value.items] == [(2, 5), (3, 5)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("NO", "NO"),
        ("12:30", "12:30"),
        ("2026-01-31", "2026-01-31"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("12", 12),
        ("1.0", 1.0),
        ("'true'", "true"),
    ],
)
def test_scalars_follow_yaml_1_2_so_yes_and_no_stay_words(text: str, value: object) -> None:
    root = strict_yaml.parse("f.yaml", f"k: {text}\n").root
    assert isinstance(root, Map)
    scalar = root.entries["k"][1]
    assert isinstance(scalar, Scalar)
    assert scalar.value == value
    assert type(scalar.value) is type(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "f.yaml:1:1: file is empty"),
        ("# only a comment\n", "f.yaml:1:1: file has only comments and blank lines"),
        ("a: 1\na: 2\n", "f.yaml:2:1: duplicate key 'a' (first at line 1)"),
        ("a: &x 1\nb: *x\n", "f.yaml:1:4: anchors (&x) are not allowed; write the text out"),
        ("a: *x\n", "f.yaml:1:4: aliases (*name) are not allowed; write the text out"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "f.yaml:1:4: tags (!!python/object/apply:os.system) are not allowed",
        ),
        ("a: !custom x\n", "f.yaml:1:4: tags (!custom) are not allowed"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: only one YAML document is allowed in a file"),
        (
            "a: [1,\n",
            "f.yaml:2:1: a value is missing here (after a ',', a ':' or a '-', or at the end)",
        ),
        ('a: "open\n', 'f.yaml:1:4: this quote (") is never closed'),
        ("a: 1\n\tb: 2\n", "f.yaml:2:1: a tab character is not allowed here; indent with spaces"),
        ("a: x\x00\n", "f.yaml:1:5: character #x0000 is not allowed here (control characters are not allowed)"),
        ("[" * 30 + "]" * 30, "f.yaml:1:21: nesting is deeper than 20 levels"),
        ("? [a]\n: 1\n", "f.yaml:1:3: a key must be text, not a list"),
        ("true: 1\n", "f.yaml:1:1: a key must be text, not a boolean (true)"),
    ],
)
def test_refusals_are_located(text: str, expected: str) -> None:
    assert error_of(text) == expected


CHECK = "check the indentation of this line and the lines just above it"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a:\n  b:\n    c: 1\n   d: 2\n",
            f"f.yaml:4:4: this line does not line up with the keys at line 2 (they start at column 3): {CHECK}",
        ),
        (
            "a:\n  - x\n - y\n",
            f"f.yaml:3:2: this line does not line up with the keys at line 1 (they start at column 1): {CHECK}",
        ),
        (
            "a: b\n- c\n",
            f"f.yaml:2:1: this line starts at the column of the keys at line 1, but is not a 'key: value' line: {CHECK}",
        ),
        (
            "items:\n  - id: a\n  text: b\n",
            "f.yaml:3:3: this line starts at the column of the '- ' items of the list at line 2, but without '- ': "
            "indent it to continue the item above, or start a new item with '- '",
        ),
        (
            "items:\n  - id: a\n    text: b\n   - id: c\n",
            f"f.yaml:4:4: this line does not line up with the list at line 2 (its '- ' items start at column 3): {CHECK}",
        ),
        (
            " a: 1\n b: 2\nc: 3\n",
            "f.yaml:3:1: this line starts left of the first line of the file (line 1): the top-level keys must all "
            "start at the same column; check the indentation of the first line",
        ),
        (
            "[1]\nb: 2\n",
            "f.yaml:2:1: the file's content ended before this line: a file holds one mapping of 'key: value' lines",
        ),
        (
            'a: "x" y\n',
            "f.yaml:1:8: more text follows the value here: put the whole value in quotes, or remove the extra text",
        ),
        (  # the text before the extra one is the line's first character
            "- :\n",
            "f.yaml:1:3: more text follows the value here: put the whole value in quotes, or remove the extra text",
        ),
        # The first line of the file is its first line with content: comments and blank lines are passed over.
        *(
            (
                text,
                "f.yaml:3:1: this line starts left of the first line of the file (line 2): the top-level keys must "
                "all start at the same column; check the indentation of the first line",
            )
            for text in ("# note\n  a: 1\nb: 2\n", "  # note\n  a: 1\nb: 2\n", "\n  a: 1\nb: 2\n")
        ),
    ],
)
def test_a_line_out_of_line_with_its_block_is_told_in_selfchecks_words(text: str, expected: str) -> None:
    assert error_of(text) == expected


def test_every_indentation_slip_in_a_rule_file_is_told_without_the_parsers_terms() -> None:
    # Each line of a real rule file moved in or out by one or two spaces: whatever the YAML parser stopped at,
    # the message is selfcheck's, not the parser's ("block mapping", "'-' indicator", "<block end>").
    from conftest import MINI

    lines = MINI.splitlines(keepends=True)
    told: set[str] = set()
    for n, line in enumerate(lines):
        for shift in (-2, -1, 1, 2):
            indent = len(line) - len(line.lstrip(" ")) + shift
            if not line.strip() or indent < 0:
                continue
            try:
                strict_yaml.parse("f.yaml", "".join([*lines[:n], " " * indent + line.lstrip(" "), *lines[n + 1 :]]))
            except SelfcheckError as e:
                told.update(p.message for p in e.problems)
    assert told  # the slips do break the file
    jargon = ("block", "indicator", "<", "while ", "token", "expected")
    assert [m for m in told if any(word in m for word in jargon)] == []


def test_a_long_scalar_is_refused() -> None:
    assert (
        error_of("a: " + "x" * (strict_yaml.MAX_SCALAR + 1))
        == f"f.yaml:1:4: text is longer than {strict_yaml.MAX_SCALAR} characters"
    )


def test_every_duplicate_is_reported_not_just_the_first() -> None:
    assert error_of("a: 1\na: 2\nb: 1\nb: 2\n").splitlines() == [
        "f.yaml:2:1: duplicate key 'a' (first at line 1)",
        "f.yaml:4:1: duplicate key 'b' (first at line 3)",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a: 1\nb: \xff\n", "f.yaml:2:4: byte 0xff is not UTF-8; save the file as UTF-8"),
        ("a: 1\n".encode("utf-16"), "f.yaml:1:1: file is UTF-16; save it as UTF-8"),
    ],
)
def test_bytes_that_are_not_utf8_are_located(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    with pytest.raises(SelfcheckError) as info:
        strict_yaml.load(str(path))
    assert str(info.value.problems[0]) == expected.replace("f.yaml", str(path))


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert isinstance(strict_yaml.load(str(path)).root, Map)


def test_missing_files_directories_and_oversize_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 300_000)
    for path, message in [
        (tmp_path / "nope.yaml", "no such file"),
        (tmp_path, "is a directory, not a file"),
        (big, f"file is too large (over {file_text.MAX_BYTES} bytes)"),
    ]:
        with pytest.raises(SelfcheckError) as info:
            strict_yaml.load(str(path))
        assert str(info.value.problems[0]) == f"{path}: {message}"


def test_a_file_is_read_within_the_bound_given_and_stops_at_a_duplicate_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(SelfcheckError) as info:
        strict_yaml.load(str(path))
    assert [str(p) for p in info.value.problems] == [f"{path}:2:1: duplicate key 'a' (first at line 1)"]
    assert [str(p) for p in strict_yaml.load(str(path), keep_going=True).problems] == [
        f"{path}:2:1: duplicate key 'a' (first at line 1)"
    ]
    with pytest.raises(SelfcheckError) as info:
        strict_yaml.load(str(path), max_bytes=4)
    assert [str(p) for p in info.value.problems] == [f"{path}: file is too large (over 4 bytes)"]


def test_a_tab_before_the_first_brace_of_json_is_white_space() -> None:
    assert isinstance(strict_yaml.parse_json("a.json", '\t{"a": 1}\n').root, Map)
    with pytest.raises(SelfcheckError):
        strict_yaml.parse("a.yaml", '\t{"a": 1}\n')  # in YAML it is an indentation tab


def test_json_keeps_going_past_a_duplicate_key_only_when_asked() -> None:
    text = '{"a": 1,\n "a": 2}\n'
    with pytest.raises(SelfcheckError) as info:
        strict_yaml.parse_json("a.json", text)
    assert [str(p) for p in info.value.problems] == ["a.json:2:2: duplicate key 'a' (first at line 1)"]
    doc = strict_yaml.parse_json("a.json", text, keep_going=True)
    assert [str(p) for p in doc.problems] == ["a.json:2:2: duplicate key 'a' (first at line 1)"]


def test_the_non_specific_tag_is_allowed_only_on_quoted_text() -> None:
    # '!' on quoted text only says "text", which quoting says already; every other tag is refused.
    doc = strict_yaml.parse("f.yaml", 'a: ! "x"\n')
    assert isinstance(doc.root, Map) and doc.root.entries["a"][1] == Scalar("x", 1, 4, '"', 1, 9)
    assert error_of('a: !!str "x"\n') == "f.yaml:1:4: tags (!!str) are not allowed"
    assert error_of("a: ! x\n") == "f.yaml:1:4: tags (!) are not allowed"


@pytest.mark.parametrize("last", ["0", '! "x"'])  # the last one counted inline, or by the full check of a tag
def test_a_file_of_exactly_the_most_values_allowed_is_read(last: str) -> None:
    # One list and MAX_NODES - 1 items in it: MAX_NODES values; one item more is refused.
    items = ["0"] * (strict_yaml.MAX_NODES - 2) + [last]
    doc = strict_yaml.parse("f.yaml", "[" + ",".join(items) + "]\n")
    assert isinstance(doc.root, Seq) and len(doc.root.items) == strict_yaml.MAX_NODES - 1
    assert error_of("[" + ",".join(["0", *items]) + "]\n").endswith(
        f": file has more than {strict_yaml.MAX_NODES} values"
    )


PARSERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]


@pytest.mark.parametrize("loader", PARSERS, ids=lambda loader: loader.__name__)
def test_a_refused_character_is_placed_by_characters_with_either_parser(
    monkeypatch: pytest.MonkeyPatch, loader: type
) -> None:
    # libyaml counts bytes, the pure-Python parser characters: after an 'é' (two bytes) they differ by one.
    monkeypatch.setattr(strict_yaml, "Loader", loader)
    assert error_of("\u00e9: a\x01\n").startswith("f.yaml:1:5: character #x0001 is not allowed here (")


RUNAWAY = "is not closed on its line, so the text runs on to the next"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a: "one\nb: two\nc: "three"\n', f'f.yaml:1:4: this quote (") {RUNAWAY} " at line 3, column 4'),
        ("a: 'one\nb: two\nc: 'three'\n", f"f.yaml:1:4: this quote (') {RUNAWAY} ' at line 3, column 4"),
        # Quoted text right where the parser stopped is what follows the runaway, not the runaway itself.
        ("a: \"one\nb: \"'x'\n", f'f.yaml:1:4: this quote (") {RUNAWAY} " at line 2, column 4'),
        ('items:\n  - "one\n  - two\n  - "three"\n', f'f.yaml:2:5: this quote (") {RUNAWAY} " at line 4, column 5'),
    ],
)
@pytest.mark.parametrize("loader", PARSERS, ids=lambda loader: loader.__name__)
def test_a_quote_left_open_is_told_where_it_opened_not_where_the_parser_stopped(
    monkeypatch: pytest.MonkeyPatch, loader: type, text: str, expected: str
) -> None:
    # The file's next quote closes it, lines below, and the parser stops there with nothing to say of the cause.
    monkeypatch.setattr(strict_yaml, "Loader", loader)
    assert error_of(text) == f"{expected}: close it on this line, or take it out"


def test_text_quoted_over_lines_on_purpose_is_no_runaway_quote() -> None:
    assert strict_yaml.parse("f.yaml", 'a: "one\n  two"\nb: three\n').root is not None
    assert error_of('a: "one\n  two"\nb: three\n c: x\n').startswith("f.yaml:4:3: ':' is not allowed here")


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="the words reworded are libyaml's")
def test_an_unclosed_brace_is_told_with_where_it_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strict_yaml, "Loader", yaml.CSafeLoader)
    message = "the { opened at line 1, column 4 is not closed (or a ',' is missing)"
    assert error_of("a: {b: 1\nc: 2\n") == f"f.yaml:2:2: {message}"


def mark(text: str, index: int) -> yaml.Mark:
    line = text.count("\n", 0, index)
    return yaml.Mark("f.yaml", index, line, index - (text.rfind("\n", 0, index) + 1), text, index)


# Errors as the parser could raise them (its own words are not the product's to pin), each told with a place:
# the ones selfcheck rewords only where both the parser's context and its problem are the ones reworded.
@pytest.mark.parametrize(
    ("text", "context", "start", "problem", "at", "expected"),
    [
        ("a: b\n", None, None, None, None, "f.yaml:1:1: invalid YAML"),  # no mark, no words: still a place
        ("a: b\n", None, None, "odd", 4, "f.yaml:1:5: odd"),
        (
            "a: b",
            None,
            None,
            "found character that cannot start any token",
            4,
            "f.yaml:1:5: found character that cannot start any token",
        ),  # at the end of the text there is no character to name
        (
            "a: |\n",
            "while scanning a block scalar",
            3,
            "found unexpected end of stream",
            5,
            "f.yaml:2:1: found unexpected end of stream (while scanning a block scalar started at line 1, column 4)",
        ),
        ("a\n", None, None, "could not find expected ':'", 1, "f.yaml:1:2: could not find expected ':'"),
        (
            "x:\n  [a:[\n",
            "while scanning a plain scalar",
            6,
            "found unexpected ':'",
            7,
            "f.yaml:2:5: found unexpected ':' (while scanning a plain scalar started at line 2, column 4)",
        ),
    ],
)
def test_a_syntax_error_is_told_at_its_place(
    text: str, context: str | None, start: int | None, problem: str | None, at: int | None, expected: str
) -> None:
    error = yaml.MarkedYAMLError(
        context, None if start is None else mark(text, start), problem, None if at is None else mark(text, at)
    )
    assert str(strict_yaml._Builder("f.yaml", text).syntax_problem(error)) == expected


def test_json_may_be_indented_with_tabs_and_keeps_its_marks() -> None:
    doc = strict_yaml.parse_json("a.json", '{\n\t"a": [1,\t"x\\ty"]\n}\n')
    assert isinstance(doc.root, Map)
    key, value = doc.root.entries["a"]
    assert (key.line, key.col) == (2, 2)
    assert isinstance(value, Seq)
    assert [item.value for item in value.items if isinstance(item, Scalar)] == [1, "x\ty"]
