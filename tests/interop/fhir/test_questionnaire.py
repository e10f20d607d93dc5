"""FHIR export: the Questionnaire and QuestionnaireResponse validate as FHIR R4B and come back without loss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ruleset_from
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from selfcheck.cases.casefile import bundled_cases, load_cases
from selfcheck.cli.main import main
from selfcheck.engine import flow as engine
from selfcheck.errors import SelfcheckError
from selfcheck.interop.fhir import fhirpath, questionnaire, questionnaire_response
from selfcheck.interop.fhir.importing import answers_from_response, read_response, ruleset_from_questionnaire
from selfcheck.model import conditions
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile.loader import bundled_rules, load_ruleset

AUTHORED = "2026-11-21T10:00:00+00:00"
SYSTEM = "https://selfcheck.example/fhir/CodeSystem/mini"
EXT = "https://selfcheck.example/fhir/StructureDefinition"


def exported(ruleset: RuleSet) -> dict[str, Any]:
    return json.loads(questionnaire.render_questionnaire(ruleset))  # type: ignore[no-any-return]


def test_the_bundled_rule_file_exports_a_valid_questionnaire(bundled: RuleSet) -> None:
    q = Questionnaire.model_validate_json(questionnaire.render_questionnaire(bundled))
    assert q.url == "https://selfcheck.example/fhir/Questionnaire/mmn_selfcheck"
    assert (q.version, q.status, q.name, q.language) == (bundled.metadata.version, "draft", "MmnSelfcheck", "en")
    questions = [item.linkId for item in q.item if item.type != "display"]
    assert questions == [question.id for question in bundled.questions]


def test_the_questionnaire_carries_the_metadata(mini: RuleSet) -> None:
    q = exported(mini)
    assert {k: q[k] for k in ("resourceType", "id", "url", "version", "name", "title", "status", "date")} == {
        "resourceType": "Questionnaire",
        "id": "mini",
        "url": "https://selfcheck.example/fhir/Questionnaire/mini",
        "version": "1.0",
        "name": "Mini",
        "title": "Mini check",
        "status": "draft",
        "date": "2026-01-01",
    }
    assert q["identifier"] == [{"system": "https://selfcheck.example/fhir/rule-file", "value": "mini"}]
    assert (q["publisher"], q["contact"]) == ("Tester", [{"name": "Tester"}])


def test_a_multiple_choice_question_repeats_and_keeps_choice_help_and_flags(mini: RuleSet) -> None:
    item = exported(mini)["item"][0]
    assert (item["linkId"], item["text"], item["type"], item["repeats"], item["required"]) == (
        "signs",
        "Any of these?",
        "choice",
        True,
        True,
    )
    assert item["extension"][:2] == [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
            "valueCodeableConcept": {
                "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "check-box"}]
            },
        },
        {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-choiceOrientation", "valueCode": "vertical"},
    ]
    assert item["answerOption"] == [
        {
            "valueCoding": {"system": SYSTEM, "code": "breathing", "display": "Breathing trouble"},
            "extension": [{"url": f"{EXT}/red-flag", "valueCode": "emergency"}],
        },
        {"valueCoding": {"system": SYSTEM, "code": "not_sure", "display": "Not sure"}},
        {
            "valueCoding": {"system": SYSTEM, "code": "none", "display": "None of these"},
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive", "valueBoolean": True}
            ],
        },
    ]
    assert item["item"] == [
        {
            "extension": [
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
                    "valueCodeableConcept": {
                        "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}]
                    },
                }
            ],
            "linkId": "signs.help",
            "text": "Tick all.",
            "type": "display",
        }
    ]


def test_a_choice_help_is_a_line_under_the_question_since_fillers_show_no_option_help() -> None:
    ruleset = ruleset_from(
        MINI.replace(
            "{id: breathing, label: Breathing trouble, red_flag: emergency}",
            "{id: breathing, label: Breathing trouble, red_flag: emergency, help: Even at rest.}",
        )
    )
    item = exported(ruleset)["item"][0]
    assert item["item"][1:] == [
        {"linkId": "signs.help.breathing", "text": "Breathing trouble: Even at rest.", "type": "display"}
    ]
    assert item["answerOption"][0]["extension"][0] == {"url": f"{EXT}/choice-help", "valueString": "Even at rest."}


def test_a_yes_no_question_is_a_choice_with_codings(mini: RuleSet) -> None:
    item = exported(mini)["item"][1]
    assert (item["type"], item["repeats"]) == ("choice", False)
    assert item["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "radio-button"
    assert item["extension"][1]["valueCode"] == "horizontal"
    assert [o["valueCoding"]["code"] for o in item["answerOption"]] == ["yes", "no", "not_sure"]


def _variables(q: dict[str, Any]) -> list[tuple[str, str]]:
    variable = "http://hl7.org/fhir/StructureDefinition/variable"
    return [
        (e["valueExpression"]["name"], e["valueExpression"]["expression"])
        for e in q["extension"]
        if e["url"] == variable
    ]


def _enable(item: dict[str, Any]) -> str | None:
    url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
    return next((e["valueExpression"]["expression"] for e in item.get("extension", []) if e["url"] == url), None)


def test_the_flow_is_variables_that_read_only_answers_of_questions_asked(mini: RuleSet) -> None:
    q = exported(mini)
    assert _variables(q) == [
        ("answer1", "%resource.item.where(linkId = 'signs').answer.value.ofType(Coding)"),
        ("open2", "(%answer1.where(code = 'breathing').exists()).not()"),
        ("answer2", "%resource.item.where(linkId = 'weakness' and %open2).answer.value.ofType(Coding)"),
        ("asked3", "%open2 and %answer2.where(code = 'yes').exists()"),
        ("answer3", "%resource.item.where(linkId = 'side' and %asked3).answer.value.ofType(Coding)"),
        (
            "complete",
            "%answer1.exists() and (%open2.not() or %answer2.exists()) and (%asked3.not() or %answer3.exists())",
        ),
        ("rule1", "%answer1.where(code = 'breathing').exists()"),
        ("rule2", "%answer1.where(code = 'not_sure').exists()"),
        ("rule3", "(%answer2.where(code = 'yes').exists() and %answer3.where(code in ('left' | 'right')).exists())"),
    ]
    assert [(item["linkId"], _enable(item)) for item in q["item"]] == [
        ("signs", None),
        ("weakness", "%open2"),
        ("side", "%asked3"),
        ("advice-emergency", "%complete and %rule1"),
        ("advice-urgent", "%complete and %rule2 and (%rule1).not()"),
        ("advice-soon", "%complete and %rule3 and ((%rule1 or %rule2)).not()"),
        ("advice-none", "%complete and ((%rule1 or %rule2 or %rule3)).not()"),
    ]
    assert {k: v for k, v in q["item"][3].items() if k != "extension"} == {
        "linkId": "advice-emergency",
        "text": "Emergency: Call now.",
        "_text": {
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/rendering-style", "valueString": "font-weight: bold"}
            ]
        },
        "type": "display",
    }


def test_a_stop_rule_on_a_later_question_ends_the_questions_there() -> None:
    stop = "  - {id: weak_stop, when: weakness is no, level: routine, stop: true, message: M., rationale: R., sources: [SRC]}\n"
    q = exported(ruleset_from(MINI.replace("rules:\n", "rules:\n" + stop)))
    assert dict(_variables(q))["open3"] == "%open2 and (%answer2.where(code = 'no').exists()).not()"
    assert dict(_variables(q))["asked3"] == "%open3 and %answer2.where(code = 'yes').exists()"


def test_emergency_ends_the_questions_as_soon_as_it_is_certain_without_a_stop_rule() -> None:
    rule = "  - {id: weak_now, when: weakness is yes or side is left, level: emergency, message: M., rationale: R., sources: [SRC]}\n"
    q = exported(ruleset_from(MINI.replace("rules:\n", "rules:\n" + rule)))
    # 'weakness is yes' decides the rule whatever 'side' is: 'side' is then not asked.
    assert dict(_variables(q))["open3"] == "%open2 and (%answer2.where(code = 'yes').exists()).not()"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("signs has breathing", "%answer1.where(code = 'breathing').exists()"),
        ("signs has any [breathing, none]", "%answer1.where(code in ('breathing' | 'none')).exists()"),
        (
            "signs has all [breathing, not_sure]",
            "(%answer1.where(code = 'breathing').exists() and %answer1.where(code = 'not_sure').exists())",
        ),
        ("not weakness is no", "(%answer2.where(code = 'no').exists()).not()"),
        (
            "weakness is yes or not side is left",
            "(%answer2.where(code = 'yes').exists() or (%answer3.where(code = 'left').exists()).not())",
        ),
    ],
)
def test_a_rule_expression_reads_the_kept_answers(condition: str, expected: str, mini: RuleSet) -> None:
    assert fhirpath.Flow(mini).kept(conditions.parse(condition)) == expected


def test_a_test_on_a_question_that_can_no_longer_be_asked_surely_fails(mini: RuleSet) -> None:
    # Before 'side' is reached: it is asked only when weakness is yes, so 'side is left' fails once it is not.
    flow = fhirpath.Flow(mini)
    answer, never = flow._kept_before(2), flow._never(2)
    weak = "%answer2.where(code = 'yes').exists()"
    assert never("side") == f"({weak}).not()"
    assert fhirpath.surely(conditions.parse("side is left"), answer, False, never) == f"({weak}).not()"
    assert fhirpath.surely(conditions.parse("side is left"), answer, True, never) is False
    assert fhirpath.surely(conditions.parse("not side is left"), answer, True, never) == f"({weak}).not()"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("side is left", False),
        ("not side is left", True),
        ("weakness is yes and side is left", False),
        ("weakness is yes or side is left", "%w.where(code = 'yes').exists()"),
        ("not (weakness is yes and side is left)", True),
    ],
)
def test_a_test_on_a_question_not_yet_asked_is_false_when_exported(
    condition: str, expected: str | bool, mini: RuleSet
) -> None:
    answer = {"weakness": "%w"}.get
    assert fhirpath.condition_path(conditions.parse(condition), answer) == expected


def test_rules_and_levels_ride_in_extensions(mini: RuleSet) -> None:
    q = exported(mini)
    rules = [e for e in q["extension"] if e["url"] == f"{EXT}/rule"]
    assert rules[0]["extension"][:4] == [
        {"url": "id", "valueString": "breathing"},
        {"url": "when", "valueString": "signs has breathing"},
        {"url": "level", "valueCode": "emergency"},
        {"url": "stop", "valueBoolean": True},
    ]
    levels = [e for e in q["extension"] if e["url"] == f"{EXT}/level"]
    assert [e["extension"][0]["valueCode"] for e in levels] == ["emergency", "urgent", "soon", "routine", "none"]
    texts = {e["url"].rsplit("/", 1)[1]: e.get("valueString") for e in q["extension"]}
    assert (texts["safety-net"], texts["disclaimer"]) == ("Get help if worse.", "Not a diagnosis.")


def test_a_questionnaire_comes_back_as_a_rule_set_giving_the_same_results(bundled: RuleSet) -> None:
    again = ruleset_from_questionnaire(questionnaire.render_questionnaire(bundled))
    case_file, _ = load_cases(bundled_cases(), bundled)
    for case in case_file.cases:
        before, after = engine.evaluate(bundled, case.answers), engine.evaluate(again, case.answers)
        assert (after.level, after.messages) == (before.level, before.messages), case.id
    # Whole, but for the lines (those of the rebuilt file): always_show and each level's safety net included.
    assert [r._replace(line=0) for r in again.rules] == [r._replace(line=0) for r in bundled.rules]
    assert [q._replace(line=0) for q in again.questions] == [q._replace(line=0) for q in bundled.questions]
    assert again.levels == bundled.levels


def test_a_message_shown_with_any_level_and_a_level_s_own_safety_net_come_back() -> None:
    always = MINI.replace(
        "    message: Book an appointment.\n", "    always_show: true\n    message: Book an appointment.\n"
    )
    ruleset = ruleset_from(always.replace("action: Today.}", "action: Today., safety_net: Wait.}"))
    q = exported(ruleset)
    rules = {e["extension"][0]["valueString"]: e["extension"] for e in q["extension"] if e["url"] == f"{EXT}/rule"}
    assert {"url": "always_show", "valueBoolean": True} in rules["weak_one_side"]
    assert "always_show" not in [part["url"] for part in rules["unsure"]]
    levels = {e["extension"][0]["valueCode"]: e["extension"] for e in q["extension"] if e["url"] == f"{EXT}/level"}
    assert {"url": "safety_net", "valueString": "Wait."} in levels["urgent"]
    assert "safety_net" not in [part["url"] for part in levels["soon"]]
    again = ruleset_from_questionnaire(questionnaire.render_questionnaire(ruleset))
    answers = {"signs": ("not_sure",), "weakness": ("yes",), "side": ("left",)}
    before, after = engine.evaluate(ruleset, answers), engine.evaluate(again, answers)
    assert after.messages == before.messages == ("Get advice today.", "Book an appointment.")
    assert after.level.safety_net == before.level.safety_net == "Wait."


def test_a_level_that_ends_the_questions_when_certain_comes_back_so() -> None:
    soon = "{id: soon, label: Soon, action: Two weeks., stop_when_certain: true, max_questions_after_certain: 0}"
    ruleset = ruleset_from(MINI.replace("{id: soon, label: Soon, action: Two weeks.}", soon))
    again = ruleset_from_questionnaire(questionnaire.render_questionnaire(ruleset)).level("soon")
    assert (again.stop_when_certain, again.max_questions_after_certain) == (True, 0)
    assert ruleset_from_questionnaire(questionnaire.render_questionnaire(ruleset)).levels[1:] == ruleset.levels[1:]


def test_a_response_validates_and_carries_level_and_messages(mini: RuleSet) -> None:
    result = engine.evaluate(mini, {"signs": ("not_sure",), "weakness": ("yes",), "side": ("left",)})
    text = questionnaire_response.render_response(result, AUTHORED)
    QuestionnaireResponse.model_validate_json(text)
    r = json.loads(text)
    assert (r["questionnaire"], r["status"], r["authored"]) == (
        "https://selfcheck.example/fhir/Questionnaire/mini|1.0",
        "completed",
        AUTHORED,
    )
    assert r["item"][0] == {
        "linkId": "signs",
        "text": "Any of these?",
        "answer": [{"valueCoding": {"system": SYSTEM, "code": "not_sure", "display": "Not sure"}}],
    }
    assert r["extension"][0] == {
        "url": f"{EXT}/result-level",
        "valueCoding": {
            "system": "https://selfcheck.example/fhir/CodeSystem/level",
            "code": "urgent",
            "display": "Urgent",
        },
    }
    fired = [e["extension"] for e in r["extension"] if e["url"] == f"{EXT}/fired-rule"]
    assert [[part["url"] for part in f] for f in fired] == [["id", "level", "message"]] * 2
    assert [f[2]["valueString"] for f in fired] == ["Get advice today.", "Book an appointment."]
    assert r["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Urgent</b>: Today.</p>')


def test_every_bundled_case_round_trips_through_a_response(bundled: RuleSet) -> None:
    case_file, _ = load_cases(bundled_cases(), bundled)
    for case in case_file.cases:
        result = engine.evaluate(bundled, case.answers)
        text = questionnaire_response.render_response(result, AUTHORED)
        QuestionnaireResponse.model_validate_json(text)
        answers = answers_from_response(bundled, text)
        assert answers == result.answers, case.id
        assert engine.evaluate(bundled, answers).level == result.level, case.id


def _response(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "https://selfcheck.example/fhir/Questionnaire/mini|1.0",
        "status": "completed",
        "item": [
            {"linkId": "signs", "answer": [{"valueCoding": {"system": SYSTEM, "code": "none"}}]},
            {"linkId": "weakness", "answer": [{"valueCoding": {"code": "no"}}]},
        ],
    }
    base.update(changes)
    return base


def test_answers_not_asked_are_dropped_as_the_engine_drops_them(mini: RuleSet) -> None:
    response = _response()
    response["item"].append({"linkId": "side", "answer": [{"valueCoding": {"code": "left"}}]})
    assert answers_from_response(mini, json.dumps(response)) == {"signs": ("none",), "weakness": ("no",)}


def _coding(code: str) -> dict[str, Any]:
    return {"valueCoding": {"code": code}}


def test_a_red_flag_ticked_with_none_of_these_counts_as_the_red_flag_with_a_warning(mini: RuleSet) -> None:
    # LHC-Forms lets both be ticked (it does not enforce optionExclusive): the sign must not be lost.
    response = _response(item=[{"linkId": "signs", "answer": [_coding("none"), _coding("breathing")]}])
    reading = read_response(mini, json.dumps(response), "r.json")
    assert (reading.answers, reading.complete, reading.problems) == ({"signs": ("breathing",)}, True, ())
    assert [str(w) for w in reading.warnings] == [
        "r.json:1:179: 'none' is ticked with other choices, which it excludes: 'breathing' counted, 'none' ignored"
    ]
    assert engine.evaluate(mini, answers_from_response(mini, json.dumps(response))).level.id == "emergency"


@pytest.mark.parametrize("ticked", [["none", "breathng"], ["none", "breathing", "breathng"], ["none", "not_sure"]])
def test_none_of_these_ticked_with_others_is_read_as_an_answers_file_reads_it(
    mini: RuleSet, tmp_path: Path, ticked: list[str]
) -> None:
    # One reading for every way in: the importer once kept its own, which dropped 'none' next to a typo.
    from selfcheck.engine.answers import load_answers

    response = _response(item=[{"linkId": "signs", "answer": [_coding(c) for c in ticked]}, _response()["item"][1]])
    from_fhir = read_response(mini, json.dumps(response), "r.json")
    path = tmp_path / "a.yaml"
    path.write_text(f"signs: [{', '.join(ticked)}]\nweakness: no\n", encoding="utf-8")
    from_file = load_answers(mini, str(path))
    assert from_fhir.answers == from_file.answers
    assert [p.message for p in from_fhir.problems] == [p.message for p in from_file.problems]
    assert [p.message for p in from_fhir.warnings] == [p.message for p in from_file.warnings]


def test_answers_to_questions_the_flow_does_not_ask_are_ignored_with_a_warning_never_a_lower_level(
    mini: RuleSet,
) -> None:
    # A filler that ignored the stop rule: breathing trouble ends the questions, whatever came after.
    items = [
        {"linkId": "signs", "answer": [_coding("breathing")]},
        {"linkId": "weakness", "answer": [_coding("yes")]},
        {"linkId": "side", "answer": [_coding("left")]},
    ]
    reading = read_response(mini, json.dumps(_response(item=items)), "r.json")
    assert (reading.answers, reading.problems) == ({"signs": ("breathing",)}, ())
    assert [str(w) for w in reading.warnings] == [
        "r.json:1:233: question 'weakness' comes after rule 'breathing' ended the questions; its answer is ignored",
        "r.json:1:303: question 'side' comes after rule 'breathing' ended the questions; its answer is ignored",
    ]
    assert engine.evaluate(mini, reading.answers).level.id == "emergency"


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("[]", "r.json:1:1: a QuestionnaireResponse must be a JSON object, not a list"),
        (
            '{"resourceType": "Questionnaire"}',
            "r.json:1:18: resourceType must be 'QuestionnaireResponse', not 'Questionnaire'",
        ),
        (
            json.dumps(_response(questionnaire="https://selfcheck.example/fhir/Questionnaire/other|1.0")),
            "r.json:1:60: the response is for 'https://selfcheck.example/fhir/Questionnaire/other|1.0', "
            "not for this rule file ('https://selfcheck.example/fhir/Questionnaire/mini|1.0')",
        ),
        (
            json.dumps(_response(questionnaire="https://selfcheck.example/fhir/Questionnaire/mini|2.0")),
            "r.json:1:60: the response is for version 2.0, but the rule file is version 1.0",
        ),
        (
            json.dumps(_response(status="in-progress")),
            "r.json:1:127: status is 'in-progress': only a completed response can be evaluated",
        ),
        (
            json.dumps(_response(item=[{"linkId": "sings", "answer": [_coding("none")]}])),
            "r.json:1:160: unknown question 'sings' (did you mean 'signs'?)",
        ),
        (
            json.dumps(_response(item=[{"linkId": "signs", "answer": [_coding("nothing")]}])),
            "r.json:1:205: question 'signs' has no choice 'nothing' (did you mean 'breathing'?) "
            "(choices: breathing, not_sure, none)",
        ),
        (
            json.dumps(_response(item=[{"linkId": "signs", "answer": [{"valueString": "none"}]}])),
            "r.json:1:180: an answer is missing 'valueCoding'",
        ),
        (
            json.dumps(_response(item=[{"linkId": "signs", "answer": [_coding("none")]}])),
            "r.json:1:149: no answer for question 'weakness', which these answers lead to (choices: yes, no, not_sure)",
        ),
        (
            json.dumps(
                _response(item=[{"linkId": "signs", "answer": [{"valueCoding": {"system": "urn:x", "code": "none"}}]}])
            ),
            "r.json:1:207: answer code system 'urn:x' is not 'https://selfcheck.example/fhir/CodeSystem/mini'",
        ),
    ],
)
def test_a_bad_response_is_refused_with_located_problems(response: str, expected: str, mini: RuleSet) -> None:
    with pytest.raises(SelfcheckError) as info:
        answers_from_response(mini, response, "r.json")
    assert str(info.value.problems[0]) == expected


def test_export_writes_the_questionnaire_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINI, encoding="utf-8")
    out = tmp_path / "q.json"
    assert main(["export", "--format", "fhir", str(rules), "--output", str(out)]) == 0
    read = f"selfcheck: read {rules}, version 1.0 (not the bundled copy)\n"
    assert capsys.readouterr() == (f"Saved the Questionnaire to {out}.\n", read)
    Questionnaire.model_validate_json(out.read_text(encoding="utf-8"))
    assert main(["export", "--format", "fhir", str(rules), "--output", str(out)]) == 1
    assert capsys.readouterr().err == read + f"{out}: already exists; use --force to replace it\n"


def test_run_with_format_fhir_prints_a_response(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINI, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("signs: [none]\nweakness: yes\nside: right\n", encoding="utf-8")
    assert main(["run", "--rules", str(rules), "--answers", str(answers), "--format", "fhir"]) == 0
    response = QuestionnaireResponse.model_validate_json(capsys.readouterr().out)
    assert [(i.linkId, i.answer[0].valueCoding.code) for i in response.item] == [
        ("signs", "none"),
        ("weakness", "yes"),
        ("side", "right"),
    ]


def test_a_spanish_export_shows_the_draft_note_first_and_still_comes_back(bundled: RuleSet) -> None:
    spanish = load_ruleset(bundled_rules(), "es")
    text = questionnaire.render_questionnaire(spanish)
    q = Questionnaire.model_validate_json(text)
    assert q.language == "es"
    assert spanish.translation is not None
    assert (q.item[0].linkId, q.item[0].type, q.item[0].text) == (
        "translation-note",
        "display",
        spanish.translation.note,
    )
    assert [item.linkId for item in q.item[1:] if item.type != "display"] == [q.id for q in bundled.questions]
    again = ruleset_from_questionnaire(text)
    assert (again.metadata.language, again.question("age").text) == ("es", "¿Cuántos años tiene?")
    case_file, _ = load_cases(bundled_cases(), bundled)
    for case in case_file.cases:
        assert engine.evaluate(again, case.answers).level.id == case.level, case.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "q.json: not a Questionnaire exported by selfcheck (JSONDecodeError("),
        (
            '{"resourceType": "Patient"}',
            "q.json: not a Questionnaire exported by selfcheck (ValueError('resourceType is Patient'))",
        ),
        (
            '{"resourceType": "Questionnaire", "item": []}',
            "q.json: not a Questionnaire exported by selfcheck (KeyError('identifier'))",
        ),
    ],
)
def test_a_questionnaire_selfcheck_did_not_write_is_refused(text: str, expected: str) -> None:
    with pytest.raises(SelfcheckError) as info:
        ruleset_from_questionnaire(text, "q.json")
    assert str(info.value).startswith(expected)


def test_a_questionnaire_whose_rules_were_edited_is_checked_like_a_rule_file(mini: RuleSet) -> None:
    q = exported(mini)
    rule = next(e for e in q["extension"] if e["url"] == f"{EXT}/rule")
    rule["extension"][1]["valueString"] = "signs has breathin"
    with pytest.raises(SelfcheckError) as info:
        ruleset_from_questionnaire(json.dumps(q), "q.json")
    assert [p.message for p in info.value.problems] == [
        "question 'signs' has no choice 'breathin' (did you mean 'breathing'?)"
    ]
