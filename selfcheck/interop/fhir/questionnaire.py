"""RuleSet -> FHIR R4 Questionnaire, as JSON (the result as a QuestionnaireResponse: questionnaire_response)."""

from __future__ import annotations

import json
from typing import Any

from selfcheck.interop.fhir.fhirpath import Flow
from selfcheck.model.ruleset import Choice, Question, RuleSet

# Canonical URLs need a base; `.example` is reserved (RFC 2606), so nothing here claims a real
# host. A deployment that publishes its Questionnaires replaces it with its own.
BASE = "https://selfcheck.example/fhir"
EXT = f"{BASE}/StructureDefinition"
HL7_EXT = "http://hl7.org/fhir/StructureDefinition"
ITEM_CONTROL = f"{HL7_EXT}/questionnaire-itemControl"
OPTION_EXCLUSIVE = f"{HL7_EXT}/questionnaire-optionExclusive"
ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
CHOICE_ORIENTATION = f"{HL7_EXT}/questionnaire-choiceOrientation"
RENDERING_STYLE = f"{HL7_EXT}/rendering-style"
CONDITION_EXT = f"{EXT}/condition"  # the selfcheck condition text, the source of truth for ask_if
LEVEL_SYSTEM = f"{BASE}/CodeSystem/level"
XHTML = "http://www.w3.org/1999/xhtml"


def canonical(ruleset: RuleSet) -> str:
    return f"{BASE}/Questionnaire/{ruleset.metadata.id}"


def answer_system(ruleset: RuleSet) -> str:
    """The code system of the choice ids: they are unique within a question, and the linkId says which."""
    return f"{BASE}/CodeSystem/{ruleset.metadata.id}"


def fhir_id(text: str) -> str:
    """A FHIR resource id ([A-Za-z0-9.-], at most 64) from a selfcheck id."""
    return text.replace("_", "-")[:64]


def computable_name(text: str) -> str:
    """A FHIR computable name (starts upper-case, letters digits and _) from a selfcheck id."""
    return "".join(part[:1].upper() + part[1:] for part in text.split("_"))


def ext_string(url: str, value: str) -> dict[str, Any]:
    return {"url": url, "valueString": value}


def ext_complex(url: str, parts: list[tuple[str, str, Any]]) -> dict[str, Any]:
    """A complex extension; each part is (name, value[x] type, value) and empty values are left out."""
    return {
        "url": url,
        "extension": [{"url": name, f"value{kind}": value} for name, kind, value in parts if value not in ("", None)],
    }


def _option(ruleset: RuleSet, choice: Choice) -> dict[str, Any]:
    option: dict[str, Any] = {
        "valueCoding": {"system": answer_system(ruleset), "code": choice.id, "display": choice.label}
    }
    extensions = []
    if choice.help:
        extensions.append(ext_string(f"{EXT}/choice-help", choice.help))
    if choice.exclusive:
        extensions.append({"url": OPTION_EXCLUSIVE, "valueBoolean": True})
    if choice.red_flag:
        extensions.append({"url": f"{EXT}/red-flag", "valueCode": choice.red_flag})
    if extensions:
        option["extension"] = extensions
    return option


def _control(code: str) -> dict[str, Any]:
    return {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]}}


def _enable(asked: str | bool) -> list[dict[str, Any]]:
    """The enableWhenExpression of an item the flow asks only sometimes (none when it always asks it)."""
    if asked is True:
        return []
    expression = {"language": "text/fhirpath", "expression": str(asked).lower() if asked is False else asked}
    return [{"url": ENABLE_WHEN_EXPRESSION, "valueExpression": expression}]


def _item(ruleset: RuleSet, question: Question, asked: str | bool) -> dict[str, Any]:
    extensions = [
        _control("check-box" if question.type == "multiple" else "radio-button"),
        # Yes / No / Not sure fit on one line; longer choices read better one under the other.
        {"url": CHOICE_ORIENTATION, "valueCode": "horizontal" if question.type == "yesno" else "vertical"},
        ext_string(f"{EXT}/section", question.section),
        {"url": f"{EXT}/question-kind", "valueCode": question.kind},
        {"url": f"{EXT}/question-type", "valueCode": question.type},
        ext_string(f"{EXT}/summary", question.summary),
    ]
    if question.ask_if is not None:
        extensions.append(ext_string(CONDITION_EXT, question.ask_if.text()))
    item: dict[str, Any] = {
        "extension": extensions + _enable(asked),
        "linkId": question.id,
        "text": question.text,
        "type": "choice",
        # Every question the flow asks must be answered, and the enable expression hides every other one.
        "required": True,
        "repeats": question.type == "multiple",
        "answerOption": [_option(ruleset, c) for c in question.choices],
    }
    children = []
    if question.help:
        children.append(
            {"extension": [_control("help")], "linkId": f"{question.id}.help", "text": question.help, "type": "display"}
        )
    # A form filler shows no help for a single choice, so each choice's help is a line under the question.
    children += [
        {"linkId": f"{question.id}.help.{c.id}", "text": f"{c.label}: {c.help}", "type": "display"}
        for c in question.choices
        if c.help
    ]
    if children:
        item["item"] = children
    return item


def _advice_items(ruleset: RuleSet, advice: dict[str, str]) -> list[dict[str, Any]]:
    """The result's advice, shown once the last question the flow asks is answered: at once after an emergency sign."""
    return [
        {
            "extension": _enable(advice[level.id]),
            "linkId": f"advice-{level.id}",
            "text": f"{level.label}: {level.action}",
            # The advice is what matters most on the page: bold, as selfcheck's own result line stands out.
            "_text": {"extension": [{"url": RENDERING_STYLE, "valueString": "font-weight: bold"}]},
            "type": "display",
        }
        for level in ruleset.levels
        if level.id in advice
    ]


def questionnaire(ruleset: RuleSet) -> dict[str, Any]:
    """The rule file as a Questionnaire; rules, levels and the texts around them ride in extensions."""
    m = ruleset.metadata
    flow = Flow(ruleset)
    advice = flow.advice()
    extensions: list[dict[str, Any]] = [
        ext_string(f"{EXT}/population", m.population),
        {"url": f"{EXT}/next-review", "valueDate": m.next_review},
    ]
    extensions += [
        ext_complex(f"{EXT}/author", [("name", "String", p.name), ("role", "String", p.role)]) for p in m.authors
    ]
    extensions += [
        ext_complex(
            f"{EXT}/reviewer", [("name", "String", p.name), ("role", "String", p.role), ("date", "Date", p.date)]
        )
        for p in m.reviewers
    ]
    extensions += [
        ext_complex(
            f"{EXT}/source", [("id", "String", s.id), ("citation", "String", s.citation), ("url", "Uri", s.url)]
        )
        for s in m.sources
    ]
    extensions += [
        ext_complex(
            f"{EXT}/translation-status",
            [("language", "Code", t.language), ("status", "Code", t.status), ("note", "String", t.note)],
        )
        for t in m.translations
    ]
    extensions += [
        ext_complex(
            f"{EXT}/level",
            [
                ("id", "Code", v.id),
                ("label", "String", v.label),
                ("action", "String", v.action),
                ("stop_when_certain", "Boolean", True if v.stop_when_certain else None),
                ("max_questions_after_certain", "Integer", v.max_questions_after_certain),
                ("safety_net", "String", v.safety_net),
            ],
        )
        for v in ruleset.levels
    ]
    for rule in ruleset.rules:
        ext = ext_complex(
            f"{EXT}/rule",
            [
                ("id", "String", rule.id),
                ("when", "String", rule.when.text()),
                ("level", "Code", rule.level),
                ("stop", "Boolean", rule.stop),
                ("message", "String", rule.message),
                ("rationale", "String", rule.rationale),
                ("always_show", "Boolean", True if rule.always_show else None),
            ],
        )
        ext["extension"] += [{"url": "source", "valueString": s} for s in rule.sources]
        expression = {"language": "text/fhirpath", "expression": flow.kept(rule.when)}
        ext["extension"].append({"url": "expression", "valueExpression": expression})
        extensions.append(ext)
    extensions += [
        ext_string(f"{EXT}/safety-net", ruleset.safety_net),
        ext_string(f"{EXT}/disclaimer", ruleset.disclaimer),
    ]
    extensions.append(ext_string(f"{EXT}/rule-file-sha256", ruleset.sha256))
    # SDC variables in question order: what the flow asks and keeps; the enable and rule expressions read them.
    extensions += flow.variables
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": fhir_id(m.id),
        "language": ruleset.language,
        "extension": extensions,
        "url": canonical(ruleset),
        "identifier": [{"system": f"{BASE}/rule-file", "value": m.id}],
        "version": m.version,
        "name": computable_name(m.id),
        "title": m.title,
        "status": m.status,  # selfcheck's draft / active / retired are FHIR's PublicationStatus codes
        "subjectType": ["Patient"],
        "date": m.last_reviewed,
        "publisher": "; ".join(p.name for p in m.authors),
        "contact": [{"name": p.name} for p in m.authors],
        "description": m.intended_use,
        "lastReviewDate": m.last_reviewed,
        "item": _note_item(ruleset)
        + [_item(ruleset, q, asked) for q, asked in zip(ruleset.questions, flow.asked, strict=True)]
        + _advice_items(ruleset, advice),
    }
    return {k: v for k, v in resource.items() if v not in ("", [])}


def _note_item(ruleset: RuleSet) -> list[dict[str, Any]]:
    """A translation's note to the person, shown first, as selfcheck's runners show it."""
    t = ruleset.translation
    if t is None or not t.note:
        return []
    return [{"linkId": "translation-note", "text": t.note, "type": "display"}]


def render_questionnaire(ruleset: RuleSet) -> str:
    return json.dumps(questionnaire(ruleset), indent=2, ensure_ascii=False) + "\n"
