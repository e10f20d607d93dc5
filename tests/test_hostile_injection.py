"""Injection from a rule file, an answers file or the command line: refused, escaped, or shown, never obeyed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINI, problems_of, ruleset_from

from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.escape import md, xml_text
from selfcheck.interop.fhir import questionnaire_response
from selfcheck.render import report, review

QUESTION_TEXT = "text: Weak?"


@pytest.mark.parametrize(
    ("text", "column", "shown"),
    [
        ('"\\e[2J"', 12, "\\x1b"),
        ('"Weak? \\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\"', 18, "\\x1b"),
        ('"Weak?\\a"', 17, "\\x07"),
        ('"Weak?\\rStrong?"', 17, "\\r"),
        ('"Weak? \\x9b2J"', 18, "\\x9b"),
        ('"Weak?\\0"', 17, "\\x00"),
        ('"Weak?\\x7f"', 17, "\\x7f"),
    ],
    ids=["clear screen", "OSC-8 link", "bell", "carriage return", "C1 CSI", "NUL", "DEL"],
)
def test_a_control_character_in_a_text_is_refused_where_it_stands(text: str, column: int, shown: str) -> None:
    line = MINI.split("\n").index(f"    {QUESTION_TEXT}") + 1
    bad = MINI.replace(QUESTION_TEXT, f"text: {text}")
    assert problems_of(bad) == [
        f"rules.yaml:{line}:{column}: question text contains a control character ({shown}); remove it"
    ]


def test_a_control_character_in_a_translation_or_a_message_is_refused() -> None:
    bad = MINI.replace("help: Weak means less strong.", 'help: {en: Weak means less strong., es: "D\\u00e9bil\\e[5m"}')
    bad = bad.replace("  sources:\n", "  translations: [{language: es, status: draft}]\n  sources:\n", 1)
    bad = bad.replace("message: Book an appointment.", 'message: "Book \\x1b]0;pwned\\x07 now."')
    lines = MINI.split("\n")
    help_line = lines.index("    help: Weak means less strong.") + 2  # one line added above it
    message_line = lines.index("    message: Book an appointment.") + 2
    found = [p for p in problems_of(bad) if "control character" in p]
    assert found == [
        f"rules.yaml:{help_line}:56: the 'es' help contains a control character (\\x1b); remove it",
        f"rules.yaml:{message_line}:20: message contains a control character (\\x1b); remove it",
    ]


def test_tabs_and_line_breaks_are_allowed_in_texts() -> None:
    ok = MINI.replace("help: Weak means less strong.", 'help: "Weak means\\tless strong.\\nCompare both sides."')
    assert ruleset_from(ok).question("weakness").help == "Weak means\tless strong.\nCompare both sides."


HOSTILE_MESSAGE = (
    "<script>alert(1)</script> [call 0900-EVIL](https://evil.example) "
    "![x](https://evil.example/x.png) <img src=x onerror=alert(1)>"
)
ESCAPED_MESSAGE = (
    "\\<script\\>alert(1)\\</script\\> \\[call 0900-EVIL\\](https://evil.example) "
    "!\\[x\\](https://evil.example/x.png) \\<img src=x onerror=alert(1)\\>"
)
SOON = {"signs": ("none",), "weakness": ("yes",), "side": ("left",)}


def hostile_result() -> flow.Result:
    text = MINI.replace("message: Book an appointment.", f"message: {json.dumps(HOSTILE_MESSAGE)}")
    text = text.replace("safety_net: Get help if worse.", "safety_net: '# Heading & <b>bold</b>'")
    text = text.replace("disclaimer: Not a diagnosis.", "disclaimer: '- not a list, 1. nor a number'")
    return flow.evaluate(ruleset_from(text), SOON)


def test_the_markdown_report_escapes_html_links_and_images() -> None:
    lines = report.render_markdown(hostile_result()).splitlines()
    assert f"- {ESCAPED_MESSAGE}" in lines
    assert "\\# Heading & \\<b\\>bold\\</b\\>" in lines
    assert "\\- not a list, 1. nor a number" in lines
    # No '<' that starts HTML, and no ']' that closes a link text, is left unescaped anywhere.
    assert not any(re.search(r"(?<!\\)(<|\]\()", line) for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. first", "1\\. first"),
        ("+ plus", "\\+ plus"),
        ("===", "\\==="),
        ("`code` *em* _em_ ~~del~~ | pipe", "\\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\| pipe"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_text_is_literal(text: str, expected: str) -> None:
    assert md(text) == expected


def test_the_html_review_escapes_every_text() -> None:
    text = MINI.replace("message: Book an appointment.", f"message: {json.dumps(HOSTILE_MESSAGE)}")
    page = review.render(ruleset_from(text), "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page


def test_the_fhir_narrative_is_well_formed_xhtml_whatever_the_texts() -> None:
    narrative = json.loads(questionnaire_response.render_response(hostile_result(), "2026-11-21T10:00:00+00:00"))[
        "text"
    ]["div"]
    div = ET.fromstring(narrative)
    assert "".join(div.itertext()).count("<script>alert(1)</script>") == 1


def test_characters_xml_refuses_are_replaced_in_xhtml() -> None:
    assert xml_text("a\x1bb\x00c & <d>") == "a\ufffdb\ufffdc &amp; &lt;d&gt;"
    ET.fromstring(f"<p>{xml_text(chr(0x1B) + '[2J')}</p>")


def test_an_answers_file_cannot_put_an_escape_on_the_screen(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text('urgent_signs: ["\\e[2J\\e]8;;https://evil.example\\a"]\n"\\e[31mage": x\n', encoding="utf-8")
    assert main(["run", "--answers", str(path)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.splitlines()[0].startswith(
        f"{path}:1:16: question 'urgent_signs' has no choice '\\x1b[2J\\x1b]8;;https://evil.example\\x07'"
    )
    assert f"{path}:2:1: unknown question '\\x1b[31mage'" in err.splitlines()


def test_a_language_code_cannot_put_an_escape_on_the_screen(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("urgent_signs: [breathing]\n", encoding="utf-8")
    assert main(["run", "--answers", str(path), "--lang", "\x1b[2J\x00"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("Note: this rule file has no '\\x1b[2J\\x00' translation (it has: ")


def test_an_unknown_command_is_shown_not_obeyed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["\x1b[2Jrun"]) == 2
    assert capsys.readouterr().err.startswith("selfcheck: unknown command '\\x1b[2Jrun'")
