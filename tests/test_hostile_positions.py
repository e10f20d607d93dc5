"""Positions in hostile files: lines end where YAML ends them, columns count characters, escapes count once."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, problems_of

from selfcheck.cli.main import main

# The condition of rule weak_one_side as a folded block, with a typo on its second line (line 67 of MINI so
# changed), and a U+2028 inside an earlier double-quoted text: YAML counts it as a line break too.
FOLDED = MINI.replace(
    "    when: weakness is yes and side in [left, right]\n",
    "    when: >\n      weakness is yes and\n      side in [left, rihgt]\n",
).replace("help: Tick all.", 'help: "Tick\\x20all\u2028now."')
TYPO = "question 'side' has no choice 'rihgt' (did you mean 'right'?)"


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"], ids=repr)
def test_a_position_inside_a_folded_condition_counts_every_yaml_line_break(line_break: str) -> None:
    text = FOLDED.replace("\n", line_break)
    assert problems_of(text) == [f"rules.yaml:68:22: {TYPO}"]


@pytest.mark.parametrize(
    ("when", "column"),
    [
        ('"weakness is yes and side in [left, rihgt]"', 47),
        ('"\\x77eakness is yes and side in [left, rihgt]"', 50),
        ('"we\\u0061kness is yes and side in [left, rihgt]"', 52),
        ('"weakness is yes \\t and side in [left, rihgt]"', 50),
        ("'weakness is yes and side in [left, rihgt]'", 47),
    ],
    ids=["quoted", "a hex escape", "a unicode escape", "a tab escape", "single-quoted"],
)
def test_a_column_inside_a_quoted_condition_counts_an_escape_once(when: str, column: int) -> None:
    text = MINI.replace("when: weakness is yes and side in [left, right]", f"when: {when}")
    assert problems_of(text) == [f"rules.yaml:65:{column}: {TYPO}"]


def test_a_multi_line_quoted_condition_with_an_escaped_line_break() -> None:
    text = MINI.replace(
        "    when: weakness is yes and side in [left, right]\n",
        '    when: "weakness is \\x79es and \\\n      side in [left, rihgt]"\n',
    )
    assert problems_of(text) == [f"rules.yaml:66:22: {TYPO}"]


# Raw bytes -> the problem `validate` names: the place is counted in characters on YAML's lines.
RAW = {
    "a control character after non-ASCII text": (
        "metadata: {title: 'Débil, más débil'}\nnote: 'ñandú \x1b'\n".encode(),
        "2:14: character #x001b is not allowed here (control characters are not allowed)",
    ),
    "a control character after CR-only lines": (
        b"a: b\rc: d\re: \x1b\r",
        "3:4: character #x001b is not allowed here (control characters are not allowed)",
    ),
    "a control character after a U+2028": (
        "a: 'b\u2028c'\nd: \x07\n".encode(),
        "3:4: character #x0007 is not allowed here (control characters are not allowed)",
    ),
    "a byte that is not UTF-8 after CR-only lines": (
        b"a: b\rc: \xc3\xa9\xff\r",
        "2:5: byte 0xff is not UTF-8; save the file as UTF-8",
    ),
    "a byte that is not UTF-8 after a NEL": (
        "a: 'b\x85c'\nd: é".encode() + b"\xfe",
        "3:5: byte 0xfe is not UTF-8; save the file as UTF-8",
    ),
    "a syntax error at the end of a file with no final line break": (
        b"a: b\nc: [d",
        "2:6: the [ opened at line 2, column 4 is not closed (or a ',' is missing)",
    ),
    "a syntax error in a CR-only file": (
        b"a: b\rc: [d\r",
        "3:1: the [ opened at line 2, column 4 is not closed (or a ',' is missing)",
    ),
}


@pytest.mark.parametrize("name", sorted(RAW))
def test_raw_problems_are_placed_by_character_on_yaml_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    data, expected = RAW[name]
    path = tmp_path / "rules.yaml"
    path.write_bytes(data)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [f"{path}:{expected}"])


def test_the_bundled_file_with_cr_only_line_ends_and_a_typo_in_a_condition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The fuzzer's case: before, a CR-only file with a bad condition was an internal error (exit 3)."""
    from selfcheck.rulefile.loader import bundled_rules

    text = Path(bundled_rules()).read_text(encoding="utf-8")
    at = text.index("    when: ") + len("    when: ")
    line = text.count("\n", 0, at) + 1
    path = tmp_path / "rules.yaml"
    path.write_bytes((text[:at] + "agee is x and " + text[at:]).replace("\n", "\r").encode())
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{path}:{line}:11: unknown question 'agee' (did you mean 'age'?)"]
