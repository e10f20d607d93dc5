"""selfcheck explain: every rule marked fired or not, with each part of its condition held or failed."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import rule_file

from selfcheck.cli.main import main
from selfcheck.model import conditions
from selfcheck.render.explain import explain, mark
from selfcheck.rulefile.loader import load_ruleset

RULES = rule_file(
    """\
questions:
  - id: signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Signs
    choices:
      - {id: breathing, label: Breathing trouble, red_flag: emergency}
      - {id: none, label: None of these, exclusive: true}
  - {id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness}
  - id: side
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: Which side?
    help: H.
    summary: Side
    choices: [{id: left, label: Left}, {id: both, label: Both}]
  - id: course
    kind: symptom
    type: single
    text: How has it changed?
    help: H.
    summary: Course
    choices: [{id: worse, label: Getting worse}, {id: same, label: The same}]
rules:
  - id: breathing
    when: signs has breathing
    level: emergency
    stop: true
    message: Call now.
    rationale: R.
    sources: [SRC]
  - id: weak_worse
    when: weakness is yes and (course is worse or side is both)
    level: soon
    message: Book.
    rationale: R.
    sources: [SRC]
  - {id: calm, when: not weakness is yes, level: routine, message: Mention it., rationale: R., sources: [SRC]}
""",
    id="why",
    version='"2.0"',
)


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("rules.yaml").write_text(RULES, encoding="utf-8")
    return tmp_path


def explained(answers_text: str, name: str = "answers.yaml", fmt: str = "text") -> list[str]:
    Path(name).write_text(answers_text, encoding="utf-8")
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        assert main(["explain", "--rules", "rules.yaml", "--answers", name, "--format", fmt]) == 0
    return buffer.getvalue().splitlines()


def footer() -> str:
    sha = load_ruleset("rules.yaml").sha256[:12]
    return f"Rule file why version 2.0 (draft), sha256 {sha}."


def test_a_rule_that_fired_through_one_branch_of_an_or(rules: Path) -> None:
    lines = explained('signs: [none]\nweakness: "yes"\nside: left\ncourse: worse\n')
    assert lines == [
        "Result: SOON: Two weeks.",
        "Rules fired: weak_worse",
        "",
        "Questions asked (4):",
        "  signs     None of these",
        "  weakness  Yes",
        "  side      Left",
        "  course    Getting worse",
        "",
        "Questions skipped (0):",
        "  (none)",
        "",
        "Rules (1 of 3 fired):",
        "  not fired  breathing (emergency, ends the questions)",
        "    failed  signs has breathing  [answer: None of these]",
        "  FIRED      weak_worse (soon)",
        "    held    all of:",
        "    held      weakness is yes  [answer: Yes]",
        "    held      any of:",
        "    held        course is worse  [answer: Getting worse]",
        "    failed      side is both  [answer: Left]",
        "  not fired  calm (routine)",
        "    failed  not:",
        "    held      weakness is yes  [answer: Yes]",
        "",
        footer(),
    ]


def test_a_stop_rule_skips_the_rest_and_a_negated_test_holds_on_a_question_not_asked(rules: Path) -> None:
    lines = explained("signs: [breathing]\n")
    assert lines == [
        "Result: EMERGENCY: Call now.",
        "Rules fired: breathing, calm",
        "",
        "Questions asked (1):",
        "  signs  Breathing trouble",
        "",
        "Questions skipped (3):",
        "  weakness: rule breathing ended the questions",
        "  side: rule breathing ended the questions",
        "  course: rule breathing ended the questions",
        "",
        "Rules (2 of 3 fired):",
        "  FIRED      breathing (emergency, ends the questions)",
        "    held    signs has breathing  [answer: Breathing trouble]",
        "  not fired  weak_worse (soon)",
        "    failed  all of:",
        "    failed    weakness is yes  [answer: not asked]",
        "    failed    any of:",
        "    failed      course is worse  [answer: not asked]",
        "    failed      side is both  [answer: not asked]",
        "  FIRED      calm (routine)",
        "    held    not:",
        "    failed    weakness is yes  [answer: not asked]",
        "",
        footer(),
    ]


def test_a_question_skipped_by_its_ask_if_says_why_in_plain_english(rules: Path) -> None:
    lines = explained('{"signs": ["none"], "weakness": "no", "course": "same"}', "answers.json")
    assert lines == [
        "Result: ROUTINE: Next visit.",
        "Rules fired: calm",
        "",
        "Questions asked (3):",
        "  signs     None of these",
        "  weakness  No",
        "  course    The same",
        "",
        "Questions skipped (1):",
        "  side: asked only if 'Weakness' is \"Yes\"",
        "",
        "Rules (1 of 3 fired):",
        "  not fired  breathing (emergency, ends the questions)",
        "    failed  signs has breathing  [answer: None of these]",
        "  not fired  weak_worse (soon)",
        "    failed  all of:",
        "    failed    weakness is yes  [answer: No]",
        "    failed    any of:",
        "    failed      course is worse  [answer: The same]",
        "    failed      side is both  [answer: not asked]",
        "  FIRED      calm (routine)",
        "    held    not:",
        "    failed    weakness is yes  [answer: No]",
        "",
        footer(),
    ]


def test_json_marks_every_node_of_every_condition(rules: Path) -> None:
    data = json.loads("\n".join(explained('signs: [none]\nweakness: "yes"\nside: left\ncourse: worse\n', fmt="json")))
    assert data["result"]["level"] == "soon"
    assert data["asked"][1] == {"id": "weakness", "answer": ["yes"], "labels": ["Yes"]}
    assert data["skipped"] == []
    assert [(r["id"], r["fired"]) for r in data["rules"]] == [
        ("breathing", False),
        ("weak_worse", True),
        ("calm", False),
    ]
    assert data["rules"][1]["condition"] == {
        "op": "and",
        "held": True,
        "items": [
            {"test": "weakness is yes", "held": True, "question": "weakness", "answer": ["yes"], "asked": True},
            {
                "op": "or",
                "held": True,
                "items": [
                    {"test": "course is worse", "held": True, "question": "course", "answer": ["worse"], "asked": True},
                    {"test": "side is both", "held": False, "question": "side", "answer": ["left"], "asked": True},
                ],
            },
        ],
    }


def test_json_says_why_questions_were_skipped(rules: Path) -> None:
    data = json.loads("\n".join(explained("signs: [breathing]\n", fmt="json")))
    assert data["skipped"] == [
        {"id": "weakness", "reason": "rule breathing ended the questions"},
        {"id": "side", "reason": "rule breathing ended the questions"},
        {"id": "course", "reason": "rule breathing ended the questions"},
    ]


def test_every_node_is_evaluated_without_short_circuit() -> None:
    condition = conditions.parse("weakness is yes and (course is worse or side is both)")
    marked = mark(condition, {"weakness": ("no",), "course": ("worse",)})
    assert marked.held is False
    assert [m.held for m in marked.items] == [False, True]
    assert [m.held for m in marked.items[1].items] == [True, False]


def test_the_explanation_agrees_with_the_engine_on_the_bundled_cases() -> None:
    from selfcheck.cases.casefile import bundled_cases, load_cases

    case_file, ruleset = load_cases(bundled_cases())
    for case in case_file.cases:
        x = explain(ruleset, case.answers)
        fired = [rule.id for rule, m in zip(ruleset.rules, x.marks, strict=True) if m.held]
        assert sorted(fired) == sorted(rule.id for rule in x.result.fired), case.id
        assert [s.question for s in x.skipped] == list(x.result.skipped), case.id


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("signs: [none]\nweakness: maybe\n", "answers.yaml:2:11: question 'weakness' has no choice 'maybe'"),
        (
            "signs: [none]\n",
            "answers.yaml:2:1: no answer for question 'weakness', which these answers lead to",
        ),  # the first asked
    ],
)
def test_bad_answers_exit_1_with_located_problems(
    rules: Path, answers: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("answers.yaml").write_text(answers, encoding="utf-8")
    assert main(["explain", "--rules", "rules.yaml", "--answers", "answers.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    read, problem = captured.err.splitlines()[:2]
    assert read == "selfcheck: read rules.yaml, version 2.0 (not the bundled copy)"
    assert problem.startswith(expected)


def test_an_answer_after_the_questions_ended_is_ignored_with_a_warning(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("answers.yaml").write_text("signs: [breathing]\ncourse: worse\n", encoding="utf-8")
    assert main(["explain", "--rules", "rules.yaml", "--answers", "answers.yaml"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Result: EMERGENCY: Call now.\n")
    assert captured.err.splitlines() == [
        "selfcheck: read rules.yaml, version 2.0 (not the bundled copy)",
        "answers.yaml:2:1: warning: question 'course' comes after rule 'breathing' ended the questions; "
        "its answer is ignored",
    ]


def test_answers_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain"]) == 2
    assert "the following arguments are required: --answers" in capsys.readouterr().err
