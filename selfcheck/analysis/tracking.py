"""One condition followed over an already explored flow: the flow's own steps are shared, only the condition is new.

A check that needs to know, for every answer set, the level and whether one condition holds (a rule
fires, a requirement applies) used to walk a flow of its own with that condition as one more slot:
every step substituted the answer into every slot again and asked again whether the questions end.
Tracked reuses one flow's memoised steps and substitutes only into the followed condition, so the
cost of each further condition is the number of (flow state, what is left of the condition) pairs,
and those are few. The counts are exactly those of the separate walk.
"""

from __future__ import annotations

from selfcheck.engine.classes import Domain
from selfcheck.engine.space import Flow, State
from selfcheck.model.conditions import Condition, Test, tests
from selfcheck.model.partial import Formula, closed, compile_condition, subst
from selfcheck.model.ruleset import Question

# (position, the flow's state, what is left of the followed condition)
Pair = tuple[int, State, Formula]


class Tracked:
    """A flow whose states also carry one condition, partially evaluated; walked by selfcheck.analysis.walks.explore."""

    def __init__(self, flow: Flow, condition: Condition) -> None:
        self.flow = flow
        self.domains: dict[str, Domain] = flow.domains
        self.questions = flow.questions
        self.ruleset = flow.ruleset
        index: dict[Test, int] = {}
        formula = compile_condition(condition, index)
        by_question: dict[str, list[int]] = {}
        for test, i in index.items():
            by_question.setdefault(test.question, []).append(i)
        # For each question the condition reads: the value of its tests for every class, and unasked (all false).
        self.values: list[list[dict[int, bool]] | None] = []
        self.unasked: list[dict[int, bool]] = []
        tests_at = sorted(index, key=index.__getitem__)
        for q in flow.questions:
            mine = by_question.get(q.id, [])
            if not mine:
                self.values.append(None)
                self.unasked.append({})
                continue
            classes = flow.domains[q.id].classes
            self.values.append([{i: tests_at[i].holds({q.id: c.rep}) for i in mine} for c in classes])
            self.unasked.append(dict.fromkeys(mine, False))
        self.reads = {t.question for t in tests(condition)}
        self.initial: Pair = (flow.initial[0], flow.initial, formula)

    def status(self, pair: Pair) -> str:
        return self.flow.status(pair[1])

    def question_at(self, pair: Pair) -> Question:
        return self.flow.question_at(pair[1])

    def step(self, pair: Pair, cls: int | None) -> Pair:
        _, state, formula = pair
        pos = state[0]
        child = self.flow.step(state, cls)
        values = self.values[pos]
        if values is not None and not isinstance(formula, bool):
            formula = subst(formula, self.unasked[pos] if cls is None else values[cls])
        return (child[0], child, formula)

    def rank(self, pair: Pair) -> int:
        """The level rank at the end of the flow (NO_RULE when no rule fired)."""
        return self.flow.finish(pair[1])

    @staticmethod
    def holds(pair: Pair) -> bool:
        """At the end of the flow: whether the followed condition holds (a test on an unasked question is false)."""
        return closed(pair[2])
