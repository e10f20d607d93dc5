"""What the analysis checks share: the rule set, positions in the file, and the walks, each made once when needed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from selfcheck.analysis.after_certain import AfterCertain, after_certain
from selfcheck.analysis.findings import INTERNAL, Example, Finding, Locator
from selfcheck.analysis.requirements import Proof, prove_all
from selfcheck.analysis.sweep import End, Followed, Sweeper, holds
from selfcheck.analysis.tracking import Pair, Tracked
from selfcheck.analysis.walks import Explored, answers_of, explore
from selfcheck.engine import flow as engine
from selfcheck.engine.classes import Domain, build_domains
from selfcheck.engine.flow import Result
from selfcheck.engine.space import ASK, NO_RULE, NONE_RANK, Flow, State
from selfcheck.model.ruleset import LEVEL_IDS, Answers, RuleSet, level_rank

ANSWER_SPACE = "answer-space"  # the id of the finding that the answer space could not be walked in full
NO_CRASH = "no-crash"  # the id of a finding that the engine crashed on an answer set

GAP = NO_RULE + 1  # the cell of an end state where no rule fired after a yes to a sign or symptom


@dataclass(frozen=True)
class RuleCoverage:
    id: str
    fires: int  # answer sets in which the rule fires
    decides: int  # answer sets in which it fires and its level is the result


@dataclass(frozen=True)
class RuleWalks:
    """One walk per rule: its coverage, an example for a rule that fires but never decides, engine findings."""

    coverage: tuple[RuleCoverage, ...]
    shadowed: dict[str, Example]
    engine: tuple[Finding, ...]


class Context:
    """The input of every check (yamllint's rules get the file; ours get this); walks are cached properties.

    Each walk charges the active budget (selfcheck.budget) as it goes, and counts its states and leaf
    evaluations here for the summary line.
    """

    def __init__(self, ruleset: RuleSet, today: datetime.date, where: Locator) -> None:
        self.ruleset = ruleset
        self.today = today
        self.where = where
        self.states = 0  # distinct condition states explored
        self.evaluations = 0  # leaf evaluations by the analysis plus cross-checks by the engine

    def walked(self, name: str) -> bool:
        """Whether the cached walk (or figure) called name was made."""
        return name in self.__dict__

    @cached_property
    def domains(self) -> dict[str, Domain]:
        """Classes of answers that tell apart what the rules read and the yes to a sign or symptom."""
        return build_domains([self.ruleset], marks=True)

    @cached_property
    def level_domains(self) -> dict[str, Domain]:
        """Classes of answers that tell apart what the rules read (the level only)."""
        return build_domains([self.ruleset], marks=False)

    @cached_property
    def main(self) -> Explored:
        """Every answer set by its level, and whether a yes to a sign or symptom got no rule (the GAP cell)."""
        ex = explore(Flow(self.ruleset, self.domains, positive=True), _main_cell, GAP + 1)
        self.states += len(ex.summary)
        self.evaluations += len(ex.leaves) * 2  # every end state of the main walk is also evaluated by the engine
        return ex

    @cached_property
    def asked(self) -> dict[str, int]:
        """In how many answer sets each question is asked."""
        ex = self.main
        asked = {q.id: 0 for q in ex.flow.questions}
        for state in ex.summary:
            if ex.flow.status(state) == ASK:
                asked[ex.flow.question_at(state).id] += ex.ways[state] * ex.total(state)
        return asked

    @cached_property
    def late(self) -> tuple[AfterCertain, ...]:
        """Per level, the most questions asked after it was already certain (selfcheck.after_certain)."""
        return after_certain(self.main)

    @cached_property
    def main_engine(self) -> tuple[Finding, ...]:
        """The engine on one answer set of every end state of the main walk."""
        return tuple(engine_findings(self.ruleset, self.main))

    @cached_property
    def shared(self) -> Flow:
        """One flow whose steps every per-rule and per-requirement walk shares (selfcheck.tracking); its
        classes also tell apart what the requirements read."""
        also = [r.when for r in self.ruleset.requirements]
        return Flow(self.ruleset, build_domains([self.ruleset], marks=False, also=also))

    @cached_property
    def sweeper(self) -> Sweeper:
        """The shared flow explored once, to follow every rule's and requirement's condition over
        (selfcheck.analysis.sweep)."""
        return Sweeper(explore(self.shared))

    @cached_property
    def rule_walks(self) -> RuleWalks:
        """Per rule: in how many answer sets it fires and decides the level, each rule's condition followed
        over the shared flow's explored states (selfcheck.sweep)."""
        ruleset, shared = self.ruleset, self.shared
        coverage, shadowed, found = [], {}, list(self.main_engine)
        cache: dict[tuple[object, ...], Result] = {}
        sweeper = self.sweeper
        for j, rule in enumerate(ruleset.rules):
            followed = sweeper.follow(rule.when)
            self.states += len(followed.parent) + 1
            rank = level_rank(rule.level)
            fires = decides = 0
            # The engine checks one answer set per (level, fired or not): the counts themselves are checked
            # against a brute-force enumeration in the tests, and every end state of the main walk against the
            # engine.
            checked: dict[tuple[int, bool], End] = {}
            for end, cell, n in followed.cells():
                fired = holds(end)
                checked.setdefault((cell, fired), end)
                if fired:
                    fires += n
                    decides += n if cell == rank else 0
            # One crash or disagreement is enough to report; the same one would show in every walk.
            if not found:
                self.evaluations += len(checked)
                found += _rule_engine_findings(ruleset, shared, followed, checked, j, cache)
            coverage.append(RuleCoverage(rule.id, fires, decides))
            if fires and not decides:
                # Only a shadowed rule walks the flow again with its condition, for the quietest example.
                ex = explore(Tracked(shared, rule.when), _fired_cell, 2 * (NO_RULE + 1))
                self.states += len(ex.summary)
                answers = ex.answers(ex.descend(ex.root, lambda c: c % 2 == 1))
                shadowed[rule.id] = Example(answers, engine.evaluate(ruleset, answers).level.id)
        return RuleWalks(tuple(coverage), shadowed, tuple(found[len(self.main_engine) :]))

    @cached_property
    def proofs(self) -> tuple[tuple[Proof, ...], tuple[Finding, ...]]:
        """A proof or counterexample for every requirement (selfcheck.requirements), and their findings."""
        proofs, findings = prove_all(self.ruleset, self.sweeper)
        self.states += sum(p.states for p in proofs)
        return proofs, tuple(findings)


def _main_cell(flow: Flow, state: State) -> int:
    rank = flow.finish(state)
    return GAP if rank == NO_RULE and state[2] else rank


def _fired_cell(tracked: Tracked, pair: Pair) -> int:
    return 2 * tracked.rank(pair) + tracked.holds(pair)


def level_of(cell: int) -> str:
    """The level of a cell of the main walk (no rule fired, with or without a yes, is `none`)."""
    return LEVEL_IDS[min(cell, NONE_RANK)]


def _rule_engine_findings(
    ruleset: RuleSet,
    flow: Flow,
    followed: Followed,
    ends: dict[tuple[int, bool], End],
    track: int,
    cache: dict[tuple[object, ...], Result],
) -> list[Finding]:
    """The engine on one answer set of each (level, rule fired) a rule's sweep ends in: no crash, the level
    the walk counted, and the same word on whether the rule fired."""
    for (rank, fired), end in ends.items():
        answers = answers_of(flow, followed.path_to(end, rank))
        try:
            key = tuple(answers.items())
            result = cache.get(key) or cache.setdefault(key, engine.evaluate(ruleset, answers))
        except Exception as e:  # a crash on a real answer set is the finding
            return [crashed(answers, e)]
        expected = level_of(rank)
        if result.level.id != expected or any(rule is ruleset.rules[track] for rule in result.fired) != fired:
            return [disagrees(answers, expected, result.level.id)]
    return []


def engine_findings(ruleset: RuleSet, ex: Explored) -> list[Finding]:
    """The engine on one answer set of every end state of the main walk: no crash, and the level it counted."""
    for leaf, cell in ex.leaves.items():
        answers = ex.answers(ex.path_to(leaf))
        try:
            result = engine.evaluate(ruleset, answers)
        except Exception as e:  # a crash on a real answer set is the finding
            return [crashed(answers, e)]
        expected = level_of(cell)
        if result.level.id != expected:
            return [disagrees(answers, expected, result.level.id)]
    return []


def crashed(answers: Answers, e: Exception) -> Finding:
    """The finding that the engine crashed on a real answer set (every cross-check, both methods)."""
    message = f"evaluating these answers crashes ({type(e).__name__}: {e})"
    return Finding("error", NO_CRASH, message, examples=(Example(answers, "?"),))


def disagrees(answers: Answers, expected: str, got: str) -> Finding:
    """The finding that the engine gave another level than the analysis counted: a bug of the analysis."""
    message = f"the analysis expected '{expected}' here; please report this"
    return Finding("error", INTERNAL, message, examples=(Example(answers, got),))
