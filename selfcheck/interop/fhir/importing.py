"""FHIR back into selfcheck: a QuestionnaireResponse -> answers, an exported Questionnaire -> RuleSet."""

from __future__ import annotations

import json
from typing import Any

from selfcheck.engine.answers import Reading, exclusive_reading, follow_flow
from selfcheck.errors import Problem, SelfcheckError, did_you_mean
from selfcheck.interop.fhir.questionnaire import CONDITION_EXT, EXT, OPTION_EXCLUSIVE, answer_system, canonical
from selfcheck.model.ruleset import Answers, Question, RuleSet
from selfcheck.rulefile import strict_yaml, yaml_nodes
from selfcheck.rulefile.loader import build_ruleset
from selfcheck.rulefile.reader import Reader
from selfcheck.rulefile.yaml_nodes import Map, Node

MAX_RESPONSE_BYTES = 1024 * 1024
DONE_STATUSES = ("completed", "amended")


def answers_from_response(ruleset: RuleSet, json_text: str, path: str = "<response>") -> Answers:
    """The answers in a QuestionnaireResponse for this rule file; raise SelfcheckError with located problems.

    Answers to questions that these answers do not lead to are dropped, as the engine drops them:
    a form filler that ignores enableWhen or a stop rule still gives the same result.
    """
    return read_response(ruleset, json_text, path).strict()


def read_response(ruleset: RuleSet, json_text: str, path: str = "<response>") -> Reading:
    """A QuestionnaireResponse read as an answers file is: the valid answers through the flow, problems returned.

    Only a response that is not one, or is for another questionnaire, raises: its codes cannot be trusted.
    """
    if len(json_text.encode("utf-8")) > MAX_RESPONSE_BYTES:
        raise SelfcheckError([Problem(path, 0, 0, f"is larger than {MAX_RESPONSE_BYTES // 1024} KB")])
    doc = strict_yaml.parse_json(path, json_text)
    r = Reader(doc)
    root = doc.root
    if not isinstance(root, Map):
        r.problem(root, f"a QuestionnaireResponse must be a JSON object, not {yaml_nodes.describe(root)}")
        raise SelfcheckError(r.problems)
    get = r.fields(root)
    kind = r.text(get.get("resourceType"), "resourceType")
    if kind != "QuestionnaireResponse":
        where = get.get("resourceType", root)
        r.problem(where, f"resourceType must be 'QuestionnaireResponse', not '{kind}'" if kind else "no resourceType")
        raise SelfcheckError(r.problems)
    _check_reference(r, ruleset, get.get("questionnaire"), root)
    if r.problems:
        raise SelfcheckError(r.problems)
    status = r.text(get.get("status"), "status")
    if "status" not in get:
        r.problem(root, "the response has no status")
    elif status and status not in DONE_STATUSES:
        r.problem(get["status"], f"status is '{status}': only a completed response can be evaluated")
    noted: list[Problem] = []
    answers, first, links = _read_items(r, ruleset, get.get("item"), noted)
    reading = follow_flow(ruleset, r, answers, links, first or root)
    return reading._replace(warnings=tuple(sorted({*reading.warnings, *noted})))


def _check_reference(r: Reader, ruleset: RuleSet, node: Node | None, root: Map) -> None:
    wanted = f"{canonical(ruleset)}|{ruleset.metadata.version}"
    if node is None:
        r.problem(root, f"the response names no questionnaire (expected '{wanted}')")
        return
    reference = r.text(node, "questionnaire")
    url, _, version = reference.partition("|")
    if reference and url != canonical(ruleset):
        r.problem(node, f"the response is for '{reference}', not for this rule file ('{wanted}')")
    elif reference and version and version != ruleset.metadata.version:
        r.problem(
            node, f"the response is for version {version}, but the rule file is version {ruleset.metadata.version}"
        )


def _read_items(
    r: Reader, ruleset: RuleSet, node: Node | None, noted: list[Problem]
) -> tuple[Answers, Node | None, dict[str, Node]]:
    answers: Answers = {}
    links: dict[str, Node] = {}
    ids = [q.id for q in ruleset.questions]
    items = r.seq(node, "item", allow_empty=True)
    for item in items:
        m = r.mapping(item, "an item", ("linkId",), ("text", "answer", "definition", "extension", "id", "item"))
        if m is None:
            continue
        get = r.fields(m)
        if "item" in get:
            r.problem(get["item"], "nested items are not part of a selfcheck response")
        qid = r.text(get.get("linkId"), "linkId")
        if not qid:
            continue
        if qid not in ids:
            r.problem(get["linkId"], f"unknown question '{qid}'{did_you_mean(qid, ids)}")
            continue
        chosen = _codes(r, ruleset, qid, get.get("answer"), m, noted)
        if qid in links:
            r.problem(get["linkId"], f"question '{qid}' is answered twice")
            chosen = _twice(ruleset.question(qid), answers.get(qid, ()), chosen)
        links.setdefault(qid, get["linkId"])
        if chosen:
            answers[qid] = chosen
        else:
            answers.pop(qid, None)
    return answers, items[0] if items else None, links


def _twice(question: Question, first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """A question answered in two items, read the safe way an answers file's repeated key is: every sign ticked
    in either checklist counts (a sign is never lost), and a single choice given two ways is no answer at all."""
    if question.type == "multiple":
        return tuple(question.without_exclusive(list(dict.fromkeys(first + second))))
    return first if first == second else ()


def _answer_code(r: Reader, ruleset: RuleSet, answer: Node) -> tuple[Node | None, str]:
    """The code of one answer's valueCoding, with where it stands ('' for none), its code system checked."""
    m = r.mapping(answer, "an answer", ("valueCoding",), ("extension", "id"))
    if m is None or "valueCoding" not in m.entries:
        return None, ""
    coding = m.entries["valueCoding"][1]
    cm = r.mapping(coding, "a valueCoding", ("code",), ("system", "display", "version", "userSelected", "extension"))
    if cm is None:
        return None, ""
    cget = r.fields(cm)
    system = r.text(cget.get("system"), "system")
    if system and system != answer_system(ruleset):
        r.problem(cget["system"], f"answer code system '{system}' is not '{answer_system(ruleset)}'")
    return cget.get("code"), r.text(cget.get("code"), "code")


def _codes(
    r: Reader, ruleset: RuleSet, qid: str, node: Node | None, item: Map, noted: list[Problem]
) -> tuple[str, ...]:
    question = ruleset.question(qid)
    if node is None:
        r.problem(item, f"question '{qid}' has no answer")
        return ()
    found: list[str] = []
    given: list[str] = []
    for answer in r.seq(node, f"the answers to '{qid}'"):
        where, code = _answer_code(r, ruleset, answer)
        if not code or where is None:
            continue
        given.append(code)
        if code not in question.choice_ids:
            r.problem(
                where,
                f"question '{qid}' has no choice '{code}'{did_you_mean(code, question.choice_ids)}"
                f" (choices: {', '.join(question.choice_ids)})",
            )
        elif code in found:
            r.problem(where, f"choice '{code}' is given twice")
        else:
            found.append(code)
    if question.type != "multiple" and len(found) > 1:
        r.problem(node, f"question '{qid}' takes one answer, not {len(found)}")
        return ()
    # Form fillers need not enforce optionExclusive (LHC-Forms does not), so a person may well tick a sign next
    # to 'None of these': the one safe reading answers files have counts the sign, with a warning.
    return tuple(exclusive_reading(r, question, given, found, node, noted))


def _parts(ext: dict[str, Any]) -> dict[str, Any]:
    """The sub-extensions of a complex extension by name, repeated names as lists."""
    parts: dict[str, Any] = {}
    for sub in ext.get("extension", []):
        value = next(v for k, v in sub.items() if k.startswith("value"))
        if sub["url"] == "source":
            parts.setdefault("sources", []).append(value)
        elif not isinstance(value, dict):
            parts[sub["url"]] = value
    return parts


def ruleset_from_questionnaire(json_text: str, path: str = "<questionnaire>") -> RuleSet:
    """Rebuild a rule set from a Questionnaire that `selfcheck export --format fhir` wrote.

    The rule file is rebuilt as data and checked by the loader, so whatever the export carried is
    checked as strictly as the original; only the exported language comes back.
    """
    try:
        q = json.loads(json_text)
        rules_file = _rule_file(q)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration) as e:
        raise SelfcheckError([Problem(path, 0, 0, f"not a Questionnaire exported by selfcheck ({e!r})")]) from None
    return build_ruleset(strict_yaml.parse(path, json.dumps(rules_file, indent=1, ensure_ascii=False)))


def _rule_file(q: dict[str, Any]) -> dict[str, Any]:
    if q["resourceType"] != "Questionnaire":
        raise ValueError(f"resourceType is {q['resourceType']}")
    exts: dict[str, list[Any]] = {}
    for ext in q.get("extension", []):
        name = ext["url"].removeprefix(f"{EXT}/")
        exts.setdefault(name, []).append(_parts(ext) if "extension" in ext else ext)

    def value(name: str) -> Any:
        ext = exts[name][0]
        return next(v for k, v in ext.items() if k.startswith("value"))

    metadata = {
        "id": q["identifier"][0]["value"],
        "title": q["title"],
        "version": q["version"],
        "status": q["status"],
        "language": q.get("language", "en"),
        "intended_use": q["description"],
        "population": value("population"),
        "authors": exts.get("author", [{"name": c["name"]} for c in q.get("contact", [])]),
        "reviewers": exts.get("reviewer", []),
        "last_reviewed": q["lastReviewDate"],
        "next_review": value("next-review"),
        "sources": exts.get("source", []),
    }
    questions = []
    for item in q["item"]:
        if item["type"] == "display":
            continue  # the translation note, shown to the person; not a question
        iexts = {e["url"].removeprefix(f"{EXT}/"): e for e in item.get("extension", [])}
        question: dict[str, Any] = {
            "id": item["linkId"],
            "section": iexts["section"]["valueString"],
            "kind": iexts["question-kind"]["valueCode"],
            "type": iexts["question-type"]["valueCode"],
            "text": item["text"],
            "help": next(sub["text"] for sub in item["item"] if sub["linkId"] == f"{item['linkId']}.help"),
            "summary": iexts["summary"]["valueString"],
            "choices": [_choice(option) for option in item["answerOption"]],
        }
        if CONDITION_EXT in (e["url"] for e in item.get("extension", [])):
            question["ask_if"] = next(e["valueString"] for e in item["extension"] if e["url"] == CONDITION_EXT)
        questions.append(question)
    return {
        "metadata": metadata,
        "levels": exts["level"],
        "questions": questions,
        "rules": exts["rule"],
        "safety_net": value("safety-net"),
        "disclaimer": value("disclaimer"),
    }


def _choice(option: dict[str, Any]) -> dict[str, Any]:
    choice: dict[str, Any] = {"id": option["valueCoding"]["code"], "label": option["valueCoding"]["display"]}
    for ext in option.get("extension", []):
        if ext["url"] == f"{EXT}/choice-help":
            choice["help"] = ext["valueString"]
        elif ext["url"] == OPTION_EXCLUSIVE:
            choice["exclusive"] = ext["valueBoolean"]
        elif ext["url"] == f"{EXT}/red-flag":
            choice["red_flag"] = ext["valueCode"]
    return choice
