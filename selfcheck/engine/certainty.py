"""When the answers so far make a level certain, whatever the questions still to come would be answered.

A level L is certain after the questions before position i are decided (answered, or passed because their
ask_if failed) when every way the flow can go on gives L, and L is also what the answers give if nothing
more is asked. Emergency advice, and any level a clinician marks `stop_when_certain`, then ends the
questions at once (engine.walk).

Two steps, cheapest first. The rules are partially evaluated (selfcheck.model.partial) with the decided
questions put in: when a rule at L holds whatever comes next and every more urgent rule fails whatever
comes next, L is certain. Otherwise, when L is what the answers give so far, the flow from here is
searched (selfcheck.engine.space, imported only then), each distinct state of the conditions once.
"""

from __future__ import annotations

from selfcheck.model.conditions import Test
from selfcheck.model.partial import Formula, atoms, closed, compile_condition, subst
from selfcheck.model.records import TYPE_CHECKING, NamedTuple
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Level, RuleSet, level_rank

if TYPE_CHECKING:
    from selfcheck.engine.space import Flow

NONE_RANK = LEVEL_IDS.index("none")


class Progress(NamedTuple):
    """One walk's view of the deciding rules: each partially evaluated so far, and whether it holds now."""

    residual: list[Formula]
    held: list[bool]  # the rule holds if nothing more is asked (closed)


class Prepared:
    """What the engine needs to check certainty in one rule set, worked out once (on first use)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        ranks = {level_rank(v.id) for v in ruleset.levels if v.ends_when_certain}
        self.stopping = frozenset(ranks | {0})  # emergency always ends the questions
        worst = max(self.stopping)
        self.order = {q.id: i for i, q in enumerate(ruleset.questions)}
        index: dict[Test, int] = {}
        # Only rules at a stopping level or more urgent can decide whether a stopping level is certain.
        # (`none` is certain only when no rule can fire: then every rule counts.)
        self.rules: list[tuple[int, Formula]] = [
            (level_rank(r.level), compile_condition(r.when, index))
            for r in ruleset.rules
            if level_rank(r.level) <= worst
        ]
        self.tests = sorted(index, key=index.__getitem__)
        # Per question (by position) that those rules read: its tests, and the rules reading it.
        self.read: dict[int, tuple[list[tuple[int, Test]], list[int]]] = {}
        for i, t in enumerate(self.tests):
            self.read.setdefault(self.order[t.question], ([], []))[0].append((i, t))
        for j, (_, f) in enumerate(self.rules):
            for pos in {self.order[self.tests[i].question] for i in atoms(f)}:
                self.read[pos][1].append(j)
        self.initial = tuple(f for _, f in self.rules)
        self.ranks = [rank for rank, _ in self.rules]
        self.initial_held = tuple(closed(f) for f in self.initial)
        self._flow: Flow | None = None
        self._no_flow = False

    def start(self) -> Progress:
        return Progress(list(self.initial), list(self.initial_held))

    def advance(self, progress: Progress, pos: int, kept: Answers) -> None:
        """Put the answer to the question at pos (or its not being asked) into the rules reading it."""
        tests, rules = self.read[pos]
        values = {i: t.holds(kept) for i, t in tests}
        residual, held = progress
        for j in rules:
            residual[j] = subst(residual[j], values)
            held[j] = closed(residual[j])

    def check(self, progress: Progress, kept: Answers, upto: int) -> tuple[Level | None, bool]:
        """The stopping level certain once questions before upto are decided, and whether the search ran.

        progress holds the rules with every question before upto put in (advance); kept holds exactly the
        answers to the questions before upto that were asked.
        """
        residual, held = progress
        # What the answers give if nothing more is asked: the level the person would be shown.
        now = min([rank for rank, h in zip(self.ranks, held, strict=True) if h], default=NONE_RANK)
        if now not in self.stopping:
            return None, False
        level = self.ruleset.level(LEVEL_IDS[now])
        if all(f is False for rank, f in zip(self.ranks, residual, strict=True) if rank < now) and (
            now == NONE_RANK or any(f is True for rank, f in zip(self.ranks, residual, strict=True) if rank == now)
        ):
            return level, False
        flow = self.flow()
        if flow is None:
            return None, True
        try:
            state = flow.state_at(kept, upto)
        except ValueError:  # an answer no class stands for: keep asking rather than guess
            return None, True
        return (level if flow.certain(state) == now else None), True

    def flow(self) -> Flow | None:
        if self._flow is None and not self._no_flow:
            from selfcheck.engine.classes import build_domains
            from selfcheck.engine.space import Flow

            try:
                self._flow = Flow(self.ruleset, build_domains([self.ruleset], marks=False))
            except ValueError:  # too many groups of choices to search: keep asking
                self._no_flow = True
        return self._flow


_PREPARED: dict[int, Prepared] = {}


def prepared(ruleset: RuleSet) -> Prepared:
    """The rule set's Prepared, cached by identity (a few rule sets at a time: one per run, more in tests)."""
    got = _PREPARED.get(id(ruleset))
    if got is None or got.ruleset is not ruleset:
        if len(_PREPARED) >= 8:
            _PREPARED.clear()
        got = _PREPARED[id(ruleset)] = Prepared(ruleset)
    return got
