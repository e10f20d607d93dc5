"""The question flow as FHIRPath: SDC variables for what is asked and kept, enable and rule expressions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from selfcheck.model.conditions import All, Condition, Not, Test
from selfcheck.model.ruleset import RuleSet, level_rank

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"

# What a folded expression is: a FHIRPath boolean text, or a constant known when exporting.
Folded = str | bool


def answer_var(index: int) -> str:
    """The variable holding question `index`'s answer codings, empty unless the flow asks that question.

    Variable names are FHIR ids (no '_'), so they are numbered in question order, not named after the question.
    """
    return f"answer{index + 1}"


def asked_var(index: int) -> str:
    return f"asked{index + 1}"


def open_var(index: int) -> str:
    return f"open{index + 1}"


def condition_path(condition: Condition, answer: Callable[[str], str | None]) -> Folded:
    """A condition as FHIRPath over the answers `answer(question)` names (None: never kept here, so false)."""
    if isinstance(condition, Test):
        codes = answer(condition.question)
        if codes is None:
            return False
        if condition.op == "has all":
            return _join(" and ", [f"{codes}.where(code = '{c}').exists()" for c in condition.choices])
        if len(condition.choices) == 1:
            return f"{codes}.where(code = '{condition.choices[0]}').exists()"
        listed = " | ".join(f"'{c}'" for c in condition.choices)
        return f"{codes}.where(code in ({listed})).exists()"
    if isinstance(condition, Not):
        inner = condition_path(condition.item, answer)
        return (not inner) if isinstance(inner, bool) else f"({inner}).not()"
    return _combined(isinstance(condition, All), [condition_path(item, answer) for item in condition.items])


def surely(
    condition: Condition,
    answer: Callable[[str], str | None],
    want: bool,
    never: Callable[[str], Folded] = lambda question: False,
) -> Folded:
    """Whether the condition is `want` whatever the questions not yet decided are answered.

    Tests on questions `answer` names (the decided ones) read their kept answers; the other tests are open:
    never surely true, and surely false only when `never` says their question cannot be asked any more.
    """
    if isinstance(condition, Test):
        codes = answer(condition.question)
        if codes is None:
            return False if want else never(condition.question)
        held = condition_path(condition, answer)
        return held if want else (not held if isinstance(held, bool) else f"({held}).not()")
    if isinstance(condition, Not):
        return surely(condition.item, answer, not want, never)
    every = isinstance(condition, All) == want  # true 'and' and false 'or' need every part
    return _combined(every, [surely(item, answer, want, never) for item in condition.items])


def _combined(every: bool, parts: list[Folded]) -> Folded:
    """Parts joined by 'and' (every) or 'or', a part already known true or false folded in."""
    if every:
        if False in parts:
            return False
        return _join(" and ", [p for p in parts if isinstance(p, str)])
    if True in parts:
        return True
    return _join(" or ", [p for p in parts if isinstance(p, str)]) or False


def _join(joiner: str, parts: list[str]) -> Folded:
    if not parts:
        return joiner == " and "  # an empty 'and' holds; an empty 'or' does not
    return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"


def text(folded: Folded) -> str:
    return folded if isinstance(folded, str) else str(folded).lower()


class Flow:
    """The engine's walk written as variables: open (no stop rule has ended the questions), asked, answer.

    Question i is asked when no stop rule holds on the answers kept before it and its ask_if holds on the
    kept answers; an answer is kept only when its question is asked. Every expression reads the kept
    answers, never the raw ones, so an answer a form filler keeps for a hidden item changes nothing.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.index = {q.id: i for i, q in enumerate(ruleset.questions)}
        self.stops = [rule for rule in ruleset.rules if rule.stop]
        self.variables: list[dict[str, Any]] = []
        self.named: dict[str, str] = {}  # an expression already defined -> its variable
        self.asked: list[Folded] = []
        opened: Folded = True
        excluded: set[str] = set()  # what an earlier open variable already rules out
        for i, question in enumerate(ruleset.questions):
            parts = self._stop_before(i)
            if True in parts:
                opened = False
            fresh = [p for p in parts if isinstance(p, str) and p not in excluded]
            if opened is not False and fresh:
                # A new answer a stop rule or the certainty of a level reads: the walk checks again here.
                excluded.update(fresh)
                description = f"the questions have not ended before '{question.id}'"
                opened = self._define(open_var(i), text(_and(opened, f"({text(_or(list(fresh)))}).not()")), description)
            ask: Folded = True
            if question.ask_if is not None:
                ask = condition_path(question.ask_if, self._kept_before(i))
            asked = _and(opened, ask)
            if isinstance(asked, str) and asked != opened:
                # Questions asked under the same condition share one variable.
                if asked not in self.named:
                    self.named[asked] = self._define(asked_var(i), asked, f"'{question.id}' is asked")
                asked = self.named[asked]
            self.asked.append(asked)
            # The questions are top-level items, so `item` (not `repeat(item)`, three times slower) finds them.
            codes = f"%resource.item.where(linkId = '{question.id}').answer.value.ofType(Coding)"
            if asked is False:
                codes = "{}"
            elif asked is not True:
                codes = f"%resource.item.where(linkId = '{question.id}' and {asked}).answer.value.ofType(Coding)"
            self._define(answer_var(i), codes, f"the answer to '{question.id}' when it is asked, else empty")

    def _define(self, name: str, expression: str, description: str) -> str:
        self.variables.append(
            {
                "url": VARIABLE,
                "valueExpression": {
                    "description": description,
                    "name": name,
                    "language": "text/fhirpath",
                    "expression": expression,
                },
            }
        )
        return f"%{name}"

    def _kept_before(self, i: int) -> Callable[[str], str | None]:
        def answer(question: str) -> str | None:
            j = self.index[question]
            return f"%{answer_var(j)}" if j < i and self.asked[j] is not False else None

        return answer

    def _stop_before(self, i: int) -> list[Folded]:
        """What ends the questions before question i: a stop rule holds on the answers kept before it, or
        those answers make a level that ends the questions certain (engine.walk checks both there)."""
        answer = self._kept_before(i)
        parts = [condition_path(rule.when, answer) for rule in self.stops] + self._certain(answer, self._never(i))
        # A stop rule at emergency and the certainty of emergency are often the same test: written once.
        return [p for p in dict.fromkeys(parts) if p is not False]

    def _never(self, i: int) -> Callable[[str], Folded]:
        """Whether a question from i on can no longer be asked: its ask_if surely fails on the answers before i."""
        answer = self._kept_before(i)
        memo: dict[str, Folded] = {}

        def never(question: str) -> Folded:
            if question not in memo:
                ask_if = self.ruleset.question(question).ask_if
                memo[question] = False if ask_if is None else surely(ask_if, answer, False, never)
            return memo[question]

        return never

    def _certain(self, answer: Callable[[str], str | None], never: Callable[[str], Folded]) -> list[Folded]:
        """For each level that ends the questions when certain: a rule at it surely holds and every more urgent
        rule surely fails, a test on a question that can no longer be asked failing surely.

        selfcheck.engine.certainty finds the rest by searching the flow; that search is not written out, and the
        parity tests (tests/interop/fhir/test_fhir_parity.py) measure that the two agree on the files they walk.
        """
        found: list[Folded] = []
        for level in self.ruleset.levels:
            if not level.ends_when_certain:
                continue
            rank = level_rank(level.id)
            above = [surely(r.when, answer, False, never) for r in self.ruleset.rules if level_rank(r.level) < rank]
            mine = [surely(r.when, answer, True, never) for r in self.ruleset.rules if r.level == level.id]
            if not above:
                found += mine if level.id != "none" else [True]
                continue
            held: Folded = True if level.id == "none" else _or(mine)
            for part in above:
                held = _and(held, part)
            found.append(held)
        return found

    def kept(self, condition: Condition) -> str:
        """A condition over every kept answer, as a rule reads it at the end."""
        return text(condition_path(condition, self._kept_before(len(self.ruleset.questions))))

    def advice(self) -> dict[str, str]:
        """For each level: the result is this level and every question the flow asks has an answer.

        Defines a variable per rule (it holds on the kept answers) and one for a complete form, so each
        advice item reads a few booleans.
        """
        parts: Folded = True
        for i, asked in enumerate(self.asked):
            if asked is True:
                parts = _and(parts, f"%{answer_var(i)}.exists()")
            elif asked is not False:
                parts = _and(parts, f"({asked}.not() or %{answer_var(i)}.exists())")
        complete = self._define("complete", text(parts), "every question the flow asks has an answer")
        fired = {}
        for k, rule in enumerate(self.ruleset.rules):
            fired[rule.id] = self._define(f"rule{k + 1}", self.kept(rule.when), f"rule '{rule.id}' holds")
        shown = {}
        for level in self.ruleset.levels:
            rank = level_rank(level.id)
            mine = [fired[r.id] for r in self.ruleset.rules if r.level == level.id]
            above = [fired[r.id] for r in self.ruleset.rules if level_rank(r.level) < rank]
            if not mine and level.id != "none":
                continue
            held: Folded = _and(complete, True if level.id == "none" else _or(list(mine)))
            if above:
                held = _and(held, f"({text(_or(list(above)))}).not()")
            shown[level.id] = text(held)
        return shown


def _or(parts: list[Folded]) -> Folded:
    if True in parts:
        return True
    return _join(" or ", [p for p in parts if isinstance(p, str)]) or False


def _and(left: Folded, right: Folded) -> Folded:
    if left is False or right is False:
        return False
    if left is True:
        return right
    if right is True:
        return left
    return f"{left} and {right}"
