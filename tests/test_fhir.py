"""FHIR export: the Questionnaire and QuestionnaireResponse validate as FHIR R4B and come back without loss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ruleset_from
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from selfcheck import conditions, engine, fhir
from selfcheck.cases import bundled_cases, load_cases
from selfcheck.cli import main
from selfcheck.errors import SelfcheckError
from selfcheck.fhir_import import answers_from_response, ruleset_from_questionnaire
from selfcheck.loader import bundled_rules, load_ruleset
from selfcheck.model import RuleSet

AUTHORED = "2026-11-21T10:00:00+00:00"
SYSTEM = "https://selfcheck.example/fhir/CodeSystem/mini"
EXT = "https://selfcheck.example/fhir/StructureDefinition"


def exported(ruleset: RuleSet) -> dict[str, Any]:
    return json.loads(fhir.render_questionnaire(ruleset))  # type: ignore[no-any-return]


def test_the_bundled_rule_file_exports_a_valid_questionnaire(bundled: RuleSet) -> None:
    q = Questionnaire.model_validate_json(fhir.render_questionnaire(bundled))
    assert q.url == "https://selfcheck.example/fhir/Questionnaire/mmn_selfcheck"
    assert (q.version, q.status, q.name, q.language) == (bundled.metadata.version, "draft", "MmnSelfcheck", "en")
    assert [item.linkId for item in q.item] == [question.id for question in bundled.questions]


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


def test_a_yes_no_question_is_a_choice_with_codings(mini: RuleSet) -> None:
    item = exported(mini)["item"][1]
    assert (item["type"], item["repeats"]) == ("choice", False)
    assert [o["valueCoding"]["code"] for o in item["answerOption"]] == ["yes", "no", "not_sure"]


def _when(condition: str, mini: RuleSet) -> tuple[list[tuple[str, str]], str] | None:
    mapped = fhir.enable_when(conditions.parse(condition), mini)
    if mapped is None:
        return None
    return [(e["question"], e["answerCoding"]["code"]) for e in mapped[0]], mapped[1]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("weakness is yes", ([("weakness", "yes")], "all")),
        ("weakness in [yes, not_sure]", ([("weakness", "yes"), ("weakness", "not_sure")], "any")),
        ("signs has breathing", ([("signs", "breathing")], "all")),
        ("signs has any [breathing, not_sure]", ([("signs", "breathing"), ("signs", "not_sure")], "any")),
        ("signs has all [breathing, not_sure]", ([("signs", "breathing"), ("signs", "not_sure")], "all")),
        (
            "weakness is yes and signs has all [breathing, not_sure]",
            ([("weakness", "yes"), ("signs", "breathing"), ("signs", "not_sure")], "all"),
        ),
        (
            "weakness is yes or signs has any [breathing, none]",
            ([("weakness", "yes"), ("signs", "breathing"), ("signs", "none")], "any"),
        ),
        ("weakness in [yes, not_sure] and side is left", None),
        ("weakness is yes or signs has all [breathing, not_sure]", None),
        ("not weakness is no", None),
        ("weakness is yes and (side is left or side is right)", None),
    ],
)
def test_conditions_map_to_enable_when_only_when_they_mean_the_same(
    condition: str, expected: tuple[list[tuple[str, str]], str] | None, mini: RuleSet
) -> None:
    assert _when(condition, mini) == expected


def test_a_condition_that_does_not_map_keeps_its_text_and_a_fhirpath_expression() -> None:
    ruleset = ruleset_from(MINI.replace("ask_if: weakness is yes", "ask_if: not weakness is no"))
    item = exported(ruleset)["item"][2]
    assert "enableWhen" not in item
    path = "%resource.repeat(item).where(linkId = 'weakness').answer.value.ofType(Coding)"
    assert item["extension"][4:] == [
        {"url": f"{EXT}/condition", "valueString": "not weakness is no"},
        {
            "url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression",
            "valueExpression": {
                "language": "text/fhirpath",
                "expression": f"({path}.where(code = 'no').exists()).not()",
            },
        },
    ]


def test_fhirpath_of_lists_and_has_all() -> None:
    path = "%resource.repeat(item).where(linkId = 'signs').answer.value.ofType(Coding)"
    assert fhir.fhirpath(conditions.parse("signs has any [breathing, none]")) == (
        f"{path}.where(code in ('breathing' | 'none')).exists()"
    )
    assert fhir.fhirpath(conditions.parse("signs has all [breathing, none]")) == (
        f"({path}.where(code = 'breathing').exists() and {path}.where(code = 'none').exists())"
    )


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
    again = ruleset_from_questionnaire(fhir.render_questionnaire(bundled))
    case_file, _ = load_cases(bundled_cases(), bundled)
    for case in case_file.cases:
        before, after = engine.evaluate(bundled, case.answers), engine.evaluate(again, case.answers)
        assert (after.level.id, after.messages) == (before.level.id, before.messages), case.id
    assert [q.text for q in again.questions] == [q.text for q in bundled.questions]


def test_a_response_validates_and_carries_level_and_messages(mini: RuleSet) -> None:
    result = engine.evaluate(mini, {"signs": ("not_sure",), "weakness": ("yes",), "side": ("left",)})
    text = fhir.render_response(result, AUTHORED)
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
        text = fhir.render_response(result, AUTHORED)
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
            json.dumps(_response(item=[{"linkId": "signs", "answer": [_coding("none"), _coding("not_sure")]}])),
            "r.json:1:179: 'none' cannot be combined with other choices",
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
    text = fhir.render_questionnaire(spanish)
    q = Questionnaire.model_validate_json(text)
    assert q.language == "es"
    assert spanish.translation is not None
    assert (q.item[0].linkId, q.item[0].type, q.item[0].text) == (
        "translation-note",
        "display",
        spanish.translation.note,
    )
    assert [item.linkId for item in q.item[1:]] == [question.id for question in bundled.questions]
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
