"""A simulated FHIR form filler over fhirpathpy: it reads only the exported Questionnaire, never selfcheck."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import fhirpathpy
from fhirpathpy.models import models

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
ENABLE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
RULE = "https://selfcheck.example/fhir/StructureDefinition/rule"
LEVELS = ("emergency", "urgent", "soon", "routine", "none")

Answers = dict[str, tuple[str, ...]]
# Picks the codes for an item: (linkId, its options as (code, exclusive), random source) -> codes.
Chooser = Callable[[str, list[tuple[str, bool]], random.Random], tuple[str, ...]]


class Expression:
    """A compiled FHIRPath expression that remembers its results by what it reads.

    What it reads is found in its text: the variables it names and the items it picks by linkId from the
    response. An expression that reads the response any other way is worked out again for every response.
    """

    def __init__(self, text: str) -> None:
        self.compiled = fhirpathpy.compile(text, models["r4"])
        self.names = sorted(set(re.findall(r"%([A-Za-z][A-Za-z0-9]*)", text)) - {"resource"})
        self.links = sorted(set(re.findall(r"%resource\.item\.where\(linkId = '([^']*)'", text)))
        self.reads_all = text.count("%resource") != text.count("%resource.item.where(linkId = '")
        self.cache: dict[Any, list[Any]] = {}

    def __call__(self, answers: Answers, resource: Callable[[], dict[str, Any]], env: dict[str, Any]) -> list[Any]:
        reads = sorted(answers.items()) if self.reads_all else [answers.get(link) for link in self.links]
        key = json.dumps([reads, [env[name] for name in self.names]])
        if key not in self.cache:
            self.cache[key] = self.compiled(resource(), {"resource": resource(), **env})
        return self.cache[key]


class Filler:
    """What an SDC form filler does with the Questionnaire: variables in order, then each item's enable expression."""

    def __init__(self, questionnaire: dict[str, Any]) -> None:
        self.system = ""
        self.variables = [
            (e["valueExpression"]["name"], Expression(e["valueExpression"]["expression"]))
            for e in questionnaire.get("extension", [])
            if e["url"] == VARIABLE
        ]
        self.items: list[tuple[str, str, Any]] = []  # (linkId, type, compiled enable expression or None)
        self.options: dict[str, list[tuple[str, bool]]] = {}
        self.repeats: set[str] = set()  # the checklists: items that take more than one answer
        for item in questionnaire["item"]:
            enable = next(
                (e["valueExpression"]["expression"] for e in item.get("extension", []) if e["url"] == ENABLE), None
            )
            self.items.append((item["linkId"], item["type"], None if enable is None else Expression(enable)))
            if item["type"] == "choice":
                self.options[item["linkId"]] = [
                    (o["valueCoding"]["code"], any(e["url"] == EXCLUSIVE for e in o.get("extension", [])))
                    for o in item["answerOption"]
                ]
                self.system = item["answerOption"][0]["valueCoding"]["system"]
                if item.get("repeats"):
                    self.repeats.add(item["linkId"])
        self.rules = []
        for ext in questionnaire.get("extension", []):
            if ext["url"] == RULE:
                parts = {p["url"]: p for p in ext["extension"]}
                expression = parts["expression"]["valueExpression"]["expression"]
                self.rules.append((parts["level"]["valueCode"], Expression(expression)))
        self._cache: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[dict[str, Any], list[str]]] = {}

    def response(self, answers: Answers) -> dict[str, Any]:
        """An in-progress response holding every answer given, in item order, hidden items' answers too."""
        items = [
            {"linkId": link, "answer": [{"valueCoding": {"system": self.system, "code": c}} for c in answers[link]]}
            for link, _, _ in self.items
            if link in answers
        ]
        return {"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": items}

    def evaluate(self, answers: Answers) -> tuple[dict[str, Any], list[str]]:
        """The variables and the enabled items (questions and display items) for these answers."""
        key = tuple((link, answers[link]) for link, _, _ in self.items if link in answers)
        if key not in self._cache:
            built: list[dict[str, Any]] = []

            def resource() -> dict[str, Any]:
                if not built:
                    built.append(self.response(answers))
                return built[0]

            env: dict[str, Any] = {}
            for name, expression in self.variables:
                env[name] = expression(answers, resource, env)
            enabled = [
                link for link, _, enable in self.items if enable is None or _true(enable(answers, resource, env))
            ]
            self._cache[key] = env, enabled
        return self._cache[key]

    def level(self, answers: Answers) -> str:
        """The most urgent level among the exported rule expressions that hold on the response."""
        env, _ = self.evaluate(answers)
        resource = self.response(answers)
        fired = [level for level, expression in self.rules if _true(expression(answers, lambda: resource, env))]
        return min(fired, key=LEVELS.index, default="none")

    def questions(self, enabled: list[str]) -> list[str]:
        return [link for link in enabled if link in self.options]

    def fill(self, choose: Chooser, rng: random.Random, answers: Answers | None = None) -> Answers:
        """Answer the first enabled item that has no answer, again and again, as a person going down the form."""
        answers = dict(answers or {})
        while True:
            _, enabled = self.evaluate(answers)
            todo = [link for link in self.questions(enabled) if link not in answers]
            if not todo:
                return answers
            answers[todo[0]] = choose(todo[0], self.options[todo[0]], rng)


def _true(result: list[Any]) -> bool:
    if result not in ([True], [False]):
        raise AssertionError(f"an enable or rule expression gave {result!r}, not one boolean")
    return result == [True]


# Ways a person picks answers. Each gets the item's options as (code, exclusive) pairs.


def pick(code_of: Callable[[list[tuple[str, bool]]], str]) -> Chooser:
    return lambda link, options, rng: (code_of(options),)


def first(options: list[tuple[str, bool]]) -> str:
    return options[0][0]


def last(options: list[tuple[str, bool]]) -> str:
    return options[-1][0]


def middle(options: list[tuple[str, bool]]) -> str:
    return options[len(options) // 2][0]


def random_choice(multiple: set[str], not_sure: float = 0.0, none: float = 0.5) -> Chooser:
    """Random answers; a checklist is 'None of these' (or its exclusive choice) with probability `none`."""

    def choose(link: str, options: list[tuple[str, bool]], rng: random.Random) -> tuple[str, ...]:
        codes = [c for c, _ in options]
        if not_sure and "not_sure" in codes and rng.random() < not_sure:
            return ("not_sure",)
        if link not in multiple:
            return (rng.choice(codes),)
        exclusive = [c for c, x in options if x]
        if exclusive and rng.random() < none:
            return (rng.choice(exclusive),)
        plain = [c for c, x in options if not x]
        return tuple(sorted(rng.sample(plain, rng.randint(1, min(3, len(plain)))), key=codes.index))

    return choose


def override(link: str, codes: tuple[str, ...], otherwise: Chooser) -> Chooser:
    return lambda at, options, rng: codes if at == link else otherwise(at, options, rng)


def checklist_answers(options: list[tuple[str, bool]], size: int) -> Iterator[tuple[str, ...]]:
    """Every valid ticking of a checklist with at most `size` choices: an exclusive choice alone."""
    from itertools import combinations

    yield from ((c,) for c, x in options if x)
    plain = [c for c, x in options if not x]
    for n in range(1, size + 1):
        yield from combinations(plain, n)
