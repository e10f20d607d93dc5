"""Hostile answers files and responses: an emergency sign ticked is never lost to a problem elsewhere.

The answers are read as the engine's flow takes them: the valid answers go through the questions,
answers the flow does not ask are ignored with a warning, and other problems come after the result.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NO_ADVICE
from hostile_files import NOTHING_REPORTED

from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.interop.fhir import questionnaire_response
from selfcheck.interop.fhir.importing import read_response
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile.loader import bundled_rules, load_ruleset

STOP = "comes after rule 'emergency_breathing' ended the questions; its answer is ignored"
LATER = NOTHING_REPORTED.split("\n", 1)[1]  # every answer after the emergency signs
WEAKNESS_CHOICES = "(choices: yes, no, not_sure)"
BUNDLED = load_ruleset(bundled_rules())
END = NOTHING_REPORTED.count("\n") + 1  # the first line after NOTHING_REPORTED


def later_warnings(first_line: int) -> list[str]:
    """The warning for each of LATER's answers, starting at first_line."""
    names = [line.split(":")[0] for line in LATER.splitlines()]
    return [f"{first_line + i}:1: warning: question '{name}' {STOP}" for i, name in enumerate(names)]


# Answers file -> (exit code, the lines on stderr after "PATH:"); stdout must start with the emergency advice.
EMERGENCY_FIRST = {
    "a complete export with a red flag": ("urgent_signs: [breathing]\n" + LATER, 0, later_warnings(2)),
    "a red flag and a typo in a later answer": (
        "urgent_signs: [breathing]\nage: age_40_59\nweakness: yess\n",
        1,
        [
            f"2:1: warning: question 'age' {STOP}",
            f"3:11: question 'weakness' has no choice 'yess' (did you mean 'yes'?) {WEAKNESS_CHOICES}",
        ],
    ),
    "a red flag and a typo in the same list": (
        "urgent_signs: [breathing, chest_pian]\n",
        1,
        [
            "1:27: question 'urgent_signs' has no choice 'chest_pian' "
            f"(choices: {', '.join(BUNDLED.question('urgent_signs').choice_ids)})"
        ],
    ),
    "a red flag next to 'none of these'": (
        "urgent_signs: [none, breathing]\n",
        0,
        ["1:15: warning: 'none' is ticked with other choices, which it excludes: 'breathing' counted, 'none' ignored"],
    ),
    "a red flag and an unknown question": (
        "urgent_signs: [breathing]\nhand_weaknes: yes\n",
        1,
        ["2:1: unknown question 'hand_weaknes' (did you mean 'weakness'?)"],
    ),
    "a red flag in the second of two answers to the signs": (
        "urgent_signs: [none]\nurgent_signs: [breathing]\n",
        1,
        ["2:1: duplicate key 'urgent_signs' (first at line 1)"],
    ),
    "a red flag and a bracket left open later": (
        "urgent_signs: [breathing]\nage: [age_40_59\nweakness: no\n",
        1,
        ["3:9: the [ opened at line 2, column 6 is not closed (or a ',' is missing)"],
    ),
    "a red flag and a quote left open later": (
        'urgent_signs: [breathing]\nage: "age_40_59\nweakness: no\n',
        1,
        ['2:6: this quote (") is never closed'],
    ),
    "a red flag and a tab later": (
        "urgent_signs: [breathing]\n\tage: age_40_59\n",
        1,
        ["2:1: a tab character is not allowed here; indent with spaces"],
    ),
    "a red flag and a later answer of the wrong type": (
        "urgent_signs: [breathing]\nweakness: [yes, no]\n",
        1,
        ["2:11: question 'weakness' takes one answer, not a list"],
    ),
}


@pytest.mark.parametrize("name", sorted(EMERGENCY_FIRST))
def test_an_emergency_sign_gives_the_emergency_advice_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    text, code, expected = EMERGENCY_FIRST[name]
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["run", "--answers", str(path)]) == code
    captured = capsys.readouterr()
    assert captured.out.startswith("EMERGENCY: Call your local emergency number now")
    assert captured.err.splitlines() == [f"{path}:{line}" for line in expected]


def test_with_an_output_file_the_advice_is_written_before_the_problem_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, out = tmp_path / "answers.yaml", tmp_path / "result.json"
    path.write_text("urgent_signs: [breathing]\nweakness: yess\n", encoding="utf-8")
    assert main(["run", "--answers", str(path), "--format", "json", "--output", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"Saved the result to {out}.\n"
    assert captured.err.splitlines() == [
        f"{path}:2:11: question 'weakness' has no choice 'yess' (did you mean 'yes'?) {WEAKNESS_CHOICES}"
    ]
    assert json.loads(out.read_text(encoding="utf-8"))["level"] == "emergency"


# Without an emergency the same reading holds: a complete flow gives its result, then the problems.
RESULT_THEN_PROBLEMS = {
    "an unknown question": (
        NOTHING_REPORTED + "hand_weaknes: yes\n",
        1,
        [f"{END}:1: unknown question 'hand_weaknes' (did you mean 'weakness'?)"],
    ),
    "a number as a question id": (NOTHING_REPORTED + "12: yes\n", 1, [f"{END}:1: unknown question '12'"]),
    "the same answer twice": (NOTHING_REPORTED + "grip: no\n", 1, [f"{END}:1: duplicate key 'grip' (first at line 5)"]),
    "a bracket left open after the last answer": (
        NOTHING_REPORTED + "grip: [yes\n",
        1,
        [f"{END + 1}:1: the [ opened at line {END}, column 7 is not closed (or a ',' is missing)"],
    ),
    "a question that is not asked": (
        NOTHING_REPORTED + "wrist_drop: yes\n",
        0,
        [f"{END}:1: warning: question 'wrist_drop' is not asked with these answers; its answer is ignored"],
    ),
}


@pytest.mark.parametrize("name", sorted(RESULT_THEN_PROBLEMS))
def test_a_complete_flow_gives_its_result_then_the_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    text, code, expected = RESULT_THEN_PROBLEMS[name]
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["run", "--answers", str(path), "--format", "json"]) == code
    captured = capsys.readouterr()
    assert json.loads(captured.out)["level"] == "none"
    assert captured.err.splitlines() == [f"{path}:{line}" for line in expected]


def test_a_single_answer_given_two_ways_is_not_guessed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(NOTHING_REPORTED + "weakness: yes\n", encoding="utf-8")
    assert main(["run", "--answers", str(path)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == (
        "",
        [f"{path}:{END}:1: duplicate key 'weakness' (first at line 4)", NO_ADVICE],
    )


def test_a_response_from_another_filler_with_every_item_and_a_red_flag(bundled: RuleSet) -> None:
    """A filler that ignores the stop rule sends every item: the emergency stands, the rest is ignored."""
    result = flow.evaluate(bundled, {"urgent_signs": ("breathing",)})
    response = json.loads(questionnaire_response.render_response(result, "2026-11-21T10:00:00+00:00"))
    for line in LATER.splitlines():
        name, code = line.split(": ")
        response["item"].append({"linkId": name, "answer": [{"valueCoding": {"code": code}}]})
    response["item"].append({"linkId": "weakness_where", "answer": [{"valueCoding": {"code": "handz"}}]})
    reading = read_response(bundled, json.dumps(response), "r.json")
    assert reading.complete
    assert reading.answers == {"urgent_signs": ("breathing",)}
    assert flow.evaluate(bundled, reading.answers).level.id == "emergency"
    assert len(reading.warnings) == len(LATER.splitlines())
    assert [p.message for p in reading.problems] == [
        "question 'weakness_where' has no choice 'handz' (did you mean 'hand'?) (choices: hand, arm, leg, foot, not_sure)"
    ]


def _item(question: str, *codes: str) -> dict[str, object]:
    return {"linkId": question, "answer": [{"valueCoding": {"code": code}} for code in codes]}


def _response(bundled: RuleSet, *items: dict[str, object]) -> str:
    questionnaire = f"https://selfcheck.example/fhir/Questionnaire/mmn_selfcheck|{bundled.metadata.version}"
    return json.dumps(
        {"resourceType": "QuestionnaireResponse", "questionnaire": questionnaire, "status": "completed", "item": items}
    )


def test_a_response_that_answers_a_checklist_twice_keeps_every_sign_in_either(bundled: RuleSet) -> None:
    # Once, the second item was dropped: 'None of these' then face drooping gave routine advice.
    items = [_item("urgent_signs", "none"), _item("urgent_signs", "face_droop"), _item("age", "age_40_59")]
    more = [_item("diagnosed", "yes_specialist"), _item("anything_new", "no")]
    reading = read_response(bundled, _response(bundled, *items, *more), "r.json")
    assert reading.answers["urgent_signs"] == ("face_droop",)
    assert flow.evaluate(bundled, reading.answers).level.id == "emergency"
    assert "question 'urgent_signs' is answered twice" in [p.message for p in reading.problems]


@pytest.mark.parametrize(("second", "kept"), [("age_40_59", ("age_40_59",)), ("age_18_39", None)])
def test_a_response_that_answers_a_single_choice_twice_keeps_it_only_when_both_agree(
    bundled: RuleSet, second: str, kept: tuple[str, ...] | None
) -> None:
    items = [_item("urgent_signs", "none"), _item("age", "age_40_59"), _item("age", second)]
    reading = read_response(bundled, _response(bundled, *items), "r.json")
    assert reading.answers.get("age") == kept  # two different ages: neither is guessed
    assert "question 'age' is answered twice" in [p.message for p in reading.problems]
