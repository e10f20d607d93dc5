"""Hostile rule files: each ends in one located error and exit 1, and nothing in them is ever run.

Small files live in tests/hostile/; large ones (30 MB, 100,000 keys, deep nesting) are made here at test time.
Timing is measured by bench/benchmark.py, never asserted here.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import NO_ADVICE
from generators import many_rules
from hostile_files import NOTHING_REPORTED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.engine.session import Session
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet
from selfcheck.rulefile.loader import bundled_rules, load_ruleset
from selfcheck.ui.plain import PlainRunner

HOSTILE = Path(__file__).parent / "hostile"

# File in tests/hostile/ -> the exact problem lines `selfcheck validate` prints (after "PATH:").
CORPUS = {
    "empty.yaml": ["1:1: file is empty"],
    "comment-only.yaml": ["1:1: file has only comments and blank lines"],
    "top-level-scalar.yaml": ["1:1: the rule file must be a mapping, not text"],
    "top-level-list.yaml": ["1:1: the rule file must be a mapping, not a list"],
    "bad-indentation.yaml": [
        "3:9: ':' is not allowed here; check the indentation, or put text containing ': ' in quotes"
    ],
    "unclosed-quote.yaml": ['3:10: this quote (") is never closed'],
    "unclosed-single-quote.yaml": ["2:10: this quote (') is never closed"],
    "unclosed-bracket.yaml": ["2:7: the [ opened at line 1, column 10 is not closed (or a ',' is missing)"],
    "tabs.yaml": ["2:1: a tab character is not allowed here; indent with spaces"],
    "tab-in-list.yaml": ["3:1: a tab character is not allowed here; indent with spaces"],
    "duplicate-keys.yaml": ["4:3: duplicate key 'title' (first at line 3)"],
    # A duplicate key still leaves a tree, so every other problem is reported with it.
    "duplicate-top-keys.yaml": [
        "1:1: the rule file is missing 'disclaimer'",
        "1:1: the rule file is missing 'metadata'",
        "1:1: the rule file is missing 'questions'",
        "1:1: the rule file is missing 'safety_net'",
        "1:8: rules must not be empty",
        "2:9: levels must not be empty",
        "3:1: duplicate key 'rules' (first at line 1)",
    ],
    "billion-laughs.yaml": ["1:4: anchors (&a) are not allowed; write the text out"],
    "recursive-alias.yaml": ["1:4: anchors (&a) are not allowed; write the text out"],
    "alias-without-anchor.yaml": ["1:11: aliases (*name) are not allowed; write the text out"],
    "python-tag.yaml": ["1:11: tags (!!python/object/apply:os.system) are not allowed"],
    "python-name-tag.yaml": ["2:11: tags (!!python/name:os.system) are not allowed"],
    "verbatim-tag.yaml": ["1:11: tags (!!python/object:os.system) are not allowed"],
    "custom-tag.yaml": ["2:7: tags (!clinician) are not allowed"],
    "binary-tag.yaml": ["1:13: tags (!!binary) are not allowed"],
    "nul.yaml": ["2:10: character #x0000 is not allowed here (control characters are not allowed)"],
    "control-character.yaml": ["2:18: character #x001b is not allowed here (control characters are not allowed)"],
    "reserved-character.yaml": ["2:10: '@' cannot start a value; put the text in quotes"],
    "invalid-utf8.yaml": ["2:30: byte 0xe9 is not UTF-8; save the file as UTF-8"],
    "utf16.yaml": ["1:1: file is UTF-16; save it as UTF-8"],
    "utf16-no-bom.yaml": ["1:1: file is UTF-16; save it as UTF-8"],
    "utf32.yaml": ["1:1: file is UTF-32; save it as UTF-8"],
    "binary-junk.bin": ["1:1: byte 0xfe is not UTF-8; save the file as UTF-8"],
    "several-documents.yaml": ["3:1: only one YAML document is allowed in a file"],
}


def validate(capsys: pytest.CaptureFixture[str], path: Path | str) -> tuple[int, list[str]]:
    """Exit code and stderr lines of `selfcheck validate PATH`; stdout must stay empty."""
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err.splitlines()


def test_the_corpus_and_the_table_name_the_same_files() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_hostile_file_gives_its_located_error(capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = HOSTILE / name
    assert validate(capsys, path) == (1, [f"{path}:{line}" for line in CORPUS[name]])


# Generated files: name -> (bytes maker, expected lines after "PATH:"); too large to commit.
# A problem about the whole file has no line, so its text follows "PATH: ".
def _keys(n: int) -> bytes:
    return b"".join(b"k%d: 1\n" % i for i in range(n))


GENERATED: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "30 MB file": (lambda: b"a: " + b"x" * (30 * 1024 * 1024) + b"\n", [" file is too large (over 1048576 bytes)"]),
    "100,000 keys": (lambda: _keys(100_000), ["25000:9: file has more than 50000 values"]),
    "50,000 keys in flow style": (
        lambda: b"{" + b",".join(b"k%d: 1" % i for i in range(50_000)) + b"}\n",
        ["1:238890: file has more than 50000 values"],
    ),
    "1 MB scalar": (lambda: b"disclaimer: " + b"x" * 1_000_000 + b"\n", ["1:13: text is longer than 20000 characters"]),
    "1 MB quoted scalar": (
        lambda: b'disclaimer: "' + b"x " * 500_000 + b'"\n',
        ["1:13: text is longer than 20000 characters"],
    ),
    "nesting 50,000 deep in brackets": (
        lambda: b"[" * 50_000 + b"]" * 50_000,
        ["1:21: nesting is deeper than 20 levels"],
    ),
    "nesting 50,000 deep in braces": (
        lambda: b"{a: " * 50_000 + b"}" * 50_000,
        ["1:78: nesting is deeper than 20 levels"],
    ),
    "nesting 50,000 deep in block lists": (lambda: b"- " * 50_000 + b"x\n", ["1:41: nesting is deeper than 20 levels"]),
    "a NUL deep inside a large file": (
        lambda: _keys(20_000) + b"a: \x00\n",
        ["20001:4: character #x0000 is not allowed here (control characters are not allowed)"],
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_large_hostile_files_are_refused_cheaply(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    make, expected = GENERATED[name]
    path = tmp_path / "rules.yaml"
    path.write_bytes(make())
    assert validate(capsys, path) == (1, [f"{path}:{line}" for line in expected])


def test_a_directory_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert validate(capsys, tmp_path) == (1, [f"{tmp_path}: is a directory, not a file"])


def test_an_endless_device_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, "/dev/zero") == (1, ["/dev/zero: is a device, not a regular file"])


def test_a_missing_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert validate(capsys, path) == (1, [f"{path}: no such file"])


def test_a_python_payload_is_never_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    payload = f"metadata: !!python/object/apply:os.mkdir [{str(marker)!r}]\n"
    # The payload is live: PyYAML's unsafe loader runs it. selfcheck must not.
    yaml.unsafe_load(payload)
    assert marker.is_dir()
    marker.rmdir()
    path = tmp_path / "rules.yaml"
    path.write_text(payload, encoding="utf-8")
    assert validate(capsys, path) == (1, [f"{path}:1:11: tags (!!python/object/apply:os.mkdir) are not allowed"])
    assert not marker.exists()


def test_a_payload_in_an_answers_file_is_never_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    path = tmp_path / "answers.yaml"
    path.write_text(f"age: !!python/object/apply:os.mkdir [{str(marker)!r}]\n", encoding="utf-8")
    assert main(["run", "--answers", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}:1:6: tags (!!python/object/apply:os.mkdir) are not allowed",
        NO_ADVICE,
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("condition", "column"),
    [("(" * 5000 + "age is adult" + ")" * 5000, 21), ("not " * 4000 + "age is adult", 81)],
)
def test_a_condition_nested_too_deep_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, condition: str, column: int
) -> None:
    text = Path(bundled_rules()).read_text(encoding="utf-8")
    when = re.search(r"^    when: .*$", text, re.M)
    assert when is not None
    line = text.count("\n", 0, when.start()) + 1
    path = tmp_path / "rules.yaml"
    path.write_text(text[: when.start()] + f'    when: "{condition}"' + text[when.end() :], encoding="utf-8")
    message = "the condition nests 'not' and brackets more than 20 deep"
    assert validate(capsys, path) == (1, [f"{path}:{line}:{11 + column}: {message}"])


def test_thousands_of_rules_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = many_rules(3000)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    first = text.count("\n", 0, text.index("  - id: r0\n")) + 1
    line = text.count("\n", 0, text.rindex("  - id: r0\n")) + 1
    assert validate(capsys, path) == (1, [f"{path}:{line}:9: duplicate rule id 'r0' (first at line {first})"])


class TestARuleFileCutShort:
    """The bundled rule file cut at points found by what stands there, so the expectations follow the file."""

    @pytest.fixture
    def text(self) -> str:
        return Path(bundled_rules()).read_text(encoding="utf-8")

    @staticmethod
    def line_of(text: str, index: int) -> int:
        return text.count("\n", 0, index) + 1

    def cut(self, tmp_path: Path, text: str, at: int) -> Path:
        path = tmp_path / "rules.yaml"
        path.write_text(text[:at], encoding="utf-8")
        return path

    def test_inside_a_quoted_value(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
        quote = re.search(r'^ +\w+: (")', text, re.M)
        assert quote is not None
        path = self.cut(tmp_path, text, quote.end() + 2)
        column = quote.start(1) - text.rfind("\n", 0, quote.start(1))
        expected = f'{path}:{self.line_of(text, quote.start())}:{column}: this quote (") is never closed'
        assert validate(capsys, path) == (1, [expected])

    def test_inside_a_key(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
        key = re.search(r"^    type: ", text, re.M)
        assert key is not None
        path = self.cut(tmp_path, text, key.start() + 7)
        message = "this line needs ':' after its key, or more indentation if it continues the line above"
        assert validate(capsys, path) == (1, [f"{path}:{self.line_of(text, key.start())}:5: {message}"])

    def test_before_the_questions(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
        path = self.cut(tmp_path, text, text.index("\nquestions:") + 1)
        root = self.line_of(text, text.index("\nmetadata:") + 1)
        missing = ("disclaimer", "questions", "rules", "safety_net")
        assert validate(capsys, path) == (1, [f"{path}:{root}:1: the rule file is missing '{k}'" for k in missing])

    def test_right_after_rules(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
        at = text.index("\nrules:\n") + len("\nrules:\n")
        path = self.cut(tmp_path, text, at)
        root = self.line_of(text, text.index("\nmetadata:") + 1)
        assert validate(capsys, path) == (
            1,
            [
                f"{path}:{root}:1: the rule file is missing 'disclaimer'",
                f"{path}:{root}:1: the rule file is missing 'safety_net'",
                f"{path}:{self.line_of(text, at - 1)}:7: rules must be a list, not nothing (null)",
            ],
        )

    @pytest.mark.parametrize("fraction", [0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
    def test_anywhere(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, fraction: float) -> None:
        data = text.encode("utf-8")
        path = tmp_path / "rules.yaml"
        path.write_bytes(data[: int(len(data) * fraction)])
        code, lines = validate(capsys, path)
        assert code == 1
        assert lines
        assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", line) for line in lines), lines


# Hostile answers files, given to `selfcheck run --answers FILE --output OUT`: exit 1, nothing written.
FULL = NOTHING_REPORTED

ANSWERS = {
    "a scalar": ("yes\n", ["1:1: answers must be a mapping of question id to choice id (or a list of ids), not text"]),
    "a list": (
        "- urgent_signs\n- none\n",
        ["1:1: answers must be a mapping of question id to choice id (or a list of ids), not a list"],
    ),
    "null": (
        "~\n",
        ["1:1: answers must be a mapping of question id to choice id (or a list of ids), not nothing (null)"],
    ),
    "empty": ("", ["1:1: file is empty"]),
    "an unknown choice": (
        FULL.replace("age: age_40_59", "age: forty"),
        ["2:6: question 'age' has no choice 'forty' (choices: under_18, age_18_39, age_40_59, age_60_plus)"],
    ),
    "a number": (FULL.replace("age: age_40_59", "age: 40"), ["2:6: an answer must be a choice id, not a number (40)"]),
    "a boolean": (
        FULL.replace("weakness: no", "weakness: false"),
        ["4:11: an answer must be a choice id, not a boolean (false)"],
    ),
    "nothing": (
        FULL.replace("weakness: no", "weakness:"),
        ["4:10: question 'weakness' has no answer yet (choices: yes, no, not_sure)"],
    ),
    "a mapping": (
        FULL.replace("weakness: no", "weakness: {answer: no}"),
        ["4:11: an answer must be a choice id, not a mapping"],
    ),
    "a list for one answer": (
        FULL.replace("age: age_40_59", "age: [age_40_59]"),
        ["2:6: question 'age' takes one answer, not a list"],
    ),
    "a nested list": (
        FULL.replace("urgent_signs: [none]", "urgent_signs: [[none]]"),
        ["1:16: an answer must be a choice id, not a list"],
    ),
    "a missing answer": (
        FULL.replace("fatigue: no\n", ""),
        # fatigue is the last question asked: the missing answer is placed at the end of the file
        ["13:1: no answer for question 'fatigue', which these answers lead to (choices: yes, no, not_sure)"],
    ),
    "invalid YAML": (
        FULL.replace("grip: no", "grip: [no"),
        ["6:9: the [ opened at line 5, column 7 is not closed (or a ',' is missing)"],
    ),
    "an alias": ("urgent_signs: &x [none]\n", ["1:15: anchors (&x) are not allowed; write the text out"]),
    "a tag": ("age: !!python/name:os.system\n", ["1:6: tags (!!python/name:os.system) are not allowed"]),
}


def test_the_answers_the_hostile_ones_start_from_are_complete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(FULL, encoding="utf-8")
    assert main(["run", "--answers", str(path), "--format", "json"]) == 0
    assert '"level": "none"' in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_hostile_answers_files_are_refused_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    text, expected = ANSWERS[name]
    path, out = tmp_path / "answers.yaml", tmp_path / "result.json"
    path.write_text(text, encoding="utf-8")
    assert main(["run", "--answers", str(path), "--format", "json", "--output", str(out)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [*(f"{path}:{line}" for line in expected), NO_ADVICE])
    assert sorted(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (random.Random(7).randbytes(512), "1:2: byte 0xb4 is not UTF-8; save the file as UTF-8"),
        ("age: age_40_59\n".encode("utf-16"), "1:1: file is UTF-16; save it as UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00", "1:1: character #x007f is not allowed here (control characters are not allowed)"),
        (b"{" * 300_000, " file is too large (over 262144 bytes)"),
    ],
    ids=["binary junk", "UTF-16", "an executable", "too large"],
)
def test_answers_that_are_not_text_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(data)
    assert main(["run", "--answers", str(path)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [f"{path}:{expected}", NO_ADVICE])


# Plain mode fed junk: it must never crash, and with the input ending early it must never write a result.
ROOT = Path(__file__).resolve().parent.parent
JUNK_LINES = [
    b"\x1b[A",  # arrow keys and function keys sent as escape sequences
    b"\x1b[B\x1b[B\x1bOP",
    b"\x01\x02\x03\x04\x7f\x08",
    b"q",
    b"quit",
    b"yes",
    b"0",
    b"-1",
    b"99",
    b"1e3",
    b"1.0",
    b"\xc2\xb2",  # a superscript two: a digit to str.isdigit, not to int()
    "\uff19\uff19".encode(),  # full-width 99: more than any question's choices
    "\u0669\u0669".encode(),  # Arabic-Indic 99
    "\u202e1".encode(),  # a right-to-left override
    "\U0001f4aa \u00e9\u00e8 \u4f60\u597d".encode(),
    b"\xff\xfe\xc3(",  # not UTF-8
    b"9" * 100_000,  # a 100,000-digit number
    b"x" * 1_000_000,  # a 1 MB line
    random.Random(8).randbytes(4096).replace(b"\n", b" ").replace(b"\r", b" "),
]


def junk_session() -> bytes:
    """Valid answers to get deep into the questions, junk between them, and the input ends before the result."""
    # None of these, 40 to 59, not diagnosed, then Yes to weakness and the first choice of what follows
    ruleset = load_ruleset(bundled_rules())
    signs = ruleset.question("urgent_signs")
    valid = [str(signs.choice_ids.index("none") + 1).encode(), b"3", b"3", b"1", b"1", b"1", b"1"]
    lines: list[bytes] = []
    for answer in valid:
        lines += [*JUNK_LINES, answer]
    return b"\n".join(lines) + b"\n"


@pytest.mark.child
@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_junk_on_a_pipe_never_crashes_and_never_writes_a_result(tmp_path: Path, errors: str) -> None:
    out = tmp_path / "result.json"
    # Run in an empty folder, so a file written anywhere near shows up too.
    env = {**os.environ, "PYTHONIOENCODING": f"utf-8:{errors}", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "run", "--plain", "--format", "json", "--output", str(out)],
        input=junk_session(),
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert (proc.returncode, stderr.strip()) == (
        2,
        "Stopped: the input ended before the self-check was finished. Nothing was saved.",
    )
    shown = proc.stdout.decode("utf-8", "replace")
    count = len(load_ruleset(bundled_rules()).question("urgent_signs").choices)
    assert f"'99999999999999999999' is not one of the numbers 1 to {count}." in shown
    assert f"'\u00b2' is not one of the numbers 1 to {count}." in shown
    # Bytes that are not UTF-8: strict input reads a replacement character for each bad one, and
    # surrogateescape keeps the bytes, shown as escapes like every control character typed.
    typed = {"strict": "\ufffd\ufffd\ufffd(".encode(), "surrogateescape": b"\\xff\\xfe\\xc3("}[errors]
    assert b"'" + typed + f"' is not one of the numbers 1 to {count}.".encode() in proc.stdout
    assert sorted(tmp_path.iterdir()) == []


REPLIES = st.one_of(
    st.sampled_from(["", "b", "?", "1", "2", "3", "4", "14", "1,2", "2 3", "13,14", "0", "99"]),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
)


@pytest.mark.parametrize("seed_rules", ["bundled", "mini"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replies=st.lists(REPLIES, max_size=80))
def test_plain_runner_survives_any_keystrokes(
    bundled: RuleSet, mini: RuleSet, seed_rules: str, replies: list[str]
) -> None:
    ruleset = bundled if seed_rules == "bundled" else mini
    feed = iter(replies)
    written: list[str] = []

    def ask(prompt: str) -> str:
        written.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    try:
        session = PlainRunner(Session(ruleset), ask=ask, write=written.append).run()
    except EOFError:
        assert next(feed, None) is None
    else:
        # A run that finishes has a complete, valid set of answers: the flow asks nothing more.
        assert session.current() is None
        assert flow.evaluate(ruleset, session.answers).level.id in LEVEL_IDS
    # The runner asks and shows questions; the result is only ever rendered by the caller.
    assert not any(ruleset.disclaimer in text for text in written)
