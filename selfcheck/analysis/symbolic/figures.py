"""What `analyze` counts, from the BDD encoding (selfcheck.analysis.symbolic.encode), with quiet examples.

Levels and the gap, questions asked, rule coverage, red flags and requirements, each with the quietest
example the flow allows.

The same figures as the walks' (selfcheck.analysis.context), by other means: an answer set count is the
number of satisfying assignments of the flow's function V and the figure's condition; an example is the
cheapest satisfying assignment under weights that make worrying answers dear (encode.quiet_weights).
Examples are checked by the engine (selfcheck.analysis.symbolic.checks), as the walks' are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from selfcheck.analysis.after_certain import AfterCertain
from selfcheck.analysis.context import RuleCoverage
from selfcheck.analysis.findings import Example
from selfcheck.analysis.requirements import PROVED, UNREACHABLE, VIOLATED, Proof
from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.encode import GAP, NONE_RANK, Encoding
from selfcheck.analysis.symbolic.late import after_certain
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.engine import flow as engine
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Requirement, RuleSet, level_rank


@dataclass(frozen=True)
class Flagged:
    """A red-flag choice that some answer sets with it get a level less urgent than its flag."""

    question: str
    choice: str
    count: int
    example: Example


class Figures:
    """The figures of one rule file, each worked out once when first asked for; tick is called between
    diagram operations (the analysis' budget: a run over its limit stops there)."""

    def __init__(
        self,
        ruleset: RuleSet,
        tick: Callable[[], None] = lambda: None,
        encoding: Encoding | None = None,
        memory_mb: int | None = None,
    ) -> None:
        self.ruleset = ruleset
        self.tick = tick
        self._encoding = encoding
        self.memory_mb = memory_mb  # CUDD's own bound (selfcheck.analysis.symbolic.bdd.Bdd)
        self.evaluations = 0  # answer sets given to the engine, to check an example's level

    @cached_property
    def enc(self) -> Encoding:
        return self._encoding or Encoding(
            self.ruleset, bdd=Bdd(max_memory_mb=self.memory_mb, tick=self.tick), tick=self.tick
        )

    def count(self, x: Node) -> int:
        self.tick()
        return self.enc.count(x)

    def example(self, x: Node) -> Example | None:
        """The quietest answer set in x, with the level the engine gives it."""
        self.tick()
        answers = self.enc.witness(x)
        if answers is None:
            return None
        return Example(answers, self.level_of(answers))

    def level_of(self, answers: Answers) -> str:
        self.evaluations += 1
        return engine.evaluate(self.ruleset, answers).level.id

    @cached_property
    def cells(self) -> tuple[int, ...]:
        """Answer sets per cell of the main walk (context._main_cell): ranks, no rule, no rule after a yes.

        The cells split the answer space, so the largest ones come by subtraction: a rank's count is that of
        "this rank or more urgent" less the one before (a union of rules, no larger than the rank's own
        function), none is the rest, and the gap what none leaves after the other two (on tests6 N=40 each
        count of a level's function costs seconds)."""
        enc, b = self.enc, self.enc.bdd
        total = self.count(b.true)
        out: list[int] = []
        up_to, before = b.false, 0  # this rank or more urgent, and its count so far
        for r in range(NONE_RANK):
            if enc.rank_is[r] == b.false:
                out.append(0)
                continue
            up_to = up_to | enc.rank_is[r]
            got = self.count(up_to)
            out.append(got - before)
            before = got
        none = total - before
        fired_none, no_rule = self.count(enc.cells[NONE_RANK]), self.count(enc.cells[NONE_RANK + 1])
        return (*out, fired_none, no_rule, none - fired_none - no_rule)

    @cached_property
    def levels(self) -> tuple[tuple[str, int], ...]:
        return tuple(
            (level, sum(n for c, n in enumerate(self.cells) if LEVEL_IDS[min(c, NONE_RANK)] == level))
            for level in LEVEL_IDS
        )

    @cached_property
    def gap(self) -> tuple[int, Example | None]:
        """Answer sets with a yes to a sign or symptom where no rule fires, and the quietest of them."""
        n = self.cells[GAP]
        return n, (self.example(self.enc.cells[GAP]) if n else None)

    @cached_property
    def asked(self) -> dict[str, int]:
        """A single or yes/no question is asked exactly when one of its choices is in the answer set, so its
        count is the sum of its choices' (one pass for every variable); a checklist is counted on its own."""
        enc = self.enc
        self.tick()
        chosen = enc.bdd.marginals(enc.space)
        return {
            q.id: self.count(enc.asked[i]) if q.type == "multiple" else sum(chosen[name] for name in enc.names[i])
            for i, q in enumerate(enc.questions)
        }

    @cached_property
    def coverage(self) -> tuple[RuleCoverage, ...]:
        """Per rule, the answer sets where it fires and those where it decides the level: where it fires and no
        more urgent rule does. So the rules at one rank are counted within the space less the more urgent
        levels, one conjunction per rank, each rule's own diagram kept small and low (bdd.counts_within):
        conjoining each rule with its rank's level, which reads every rule, cost bundled 8x 4 s against 0.3 s."""
        enc, b = self.enc, self.enc.bdd
        self.tick()
        fires = b.counts_within(enc.space, enc.fires)
        decides = [0] * len(fires)
        more_urgent = b.false
        for r in range(NONE_RANK + 1):
            js = [j for j, rank in enumerate(enc.rank) if rank == r]
            if js:
                self.tick()
                for j, n in zip(js, b.counts_within(enc.space & ~more_urgent, [enc.fires[j] for j in js]), strict=True):
                    decides[j] = n
            more_urgent = more_urgent | enc.rank_is[r]
        return tuple(RuleCoverage(rule.id, f, d) for rule, f, d in zip(self.ruleset.rules, fires, decides, strict=True))

    @cached_property
    def shadowed(self) -> dict[str, Example]:
        """A rule that fires but never decides: the quietest answer set where it fires."""
        out: dict[str, Example] = {}
        for j, covered in enumerate(self.coverage):
            if covered.fires and not covered.decides:
                example = self.example(self.enc.fires[j])
                assert example is not None  # it fires in some answer set
                out[covered.id] = example
        return out

    def below(self, rank: int) -> Node:
        """The level is less urgent than rank."""
        return ~self.enc.bdd.any(self.enc.rank_is[: rank + 1])

    @cached_property
    def red_flags(self) -> tuple[Flagged, ...]:
        """Per red-flag level, one pass counts every choice in the answer sets below that level."""
        enc = self.enc
        below: dict[str, dict[str, int]] = {}
        out = []
        for pos, q in enumerate(self.ruleset.questions):
            for name, c in zip(enc.names[pos], q.choices, strict=True):
                if not c.red_flag:
                    continue
                if c.red_flag not in below:
                    self.tick()
                    below[c.red_flag] = enc.bdd.marginals(enc.space & self.below(level_rank(c.red_flag)))
                n = below[c.red_flag][name]
                x = enc.var(q.id, c.id) & self.below(level_rank(c.red_flag))
                if n:
                    example = self.example(x)
                    assert example is not None
                    out.append(Flagged(q.id, c.id, n, example))
        return tuple(out)

    @cached_property
    def late(self) -> tuple[AfterCertain, ...]:
        """Per level, the most questions asked after it was already certain (selfcheck.analysis.symbolic.late)."""
        return after_certain(self.enc, self.tick)

    @cached_property
    def proofs(self) -> tuple[Proof, ...]:
        return tuple(self.prove(req) for req in self.ruleset.requirements)

    def allowed(self, req: Requirement) -> Node:
        b = self.enc.bdd
        return b.any(self.enc.rank_is[r] for r, level in enumerate(LEVEL_IDS) if req.allows(level))

    def prove(self, req: Requirement) -> Proof:
        """How often the requirement applies, how often it is broken, the rules that meet it, an example."""
        enc = self.enc
        when = enc.cond(req.when)
        applies = self.count(when)
        if not applies:
            return Proof(req, UNREACHABLE, 0, 0, ())
        allowed = self.allowed(req)
        violations = self.count(when & ~allowed)
        # Rules that give the level where it applies and is met: some answer set has it at their level.
        satisfied = []
        for j, rule in enumerate(self.ruleset.rules):
            if req.allows(rule.level):
                self.tick()
                if enc.space & when & enc.fires[j] & enc.rank_is[enc.rank[j]] != enc.bdd.false:
                    satisfied.append(rule.id)
        if not violations:
            return Proof(req, PROVED, applies, 0, tuple(satisfied))
        self.tick()
        answers = enc.witness(when & ~allowed)
        assert answers is not None  # a violation was counted
        self.evaluations += 1
        result = engine.evaluate(self.ruleset, answers)
        decided_by = tuple(rule.id for rule in result.fired if rule.level == result.level.id)
        example = Example(answers, result.level.id)
        return Proof(req, VIOLATED, applies, violations, tuple(satisfied), example, decided_by)

    @cached_property
    def witnesses(self) -> tuple[tuple[int, Answers], ...]:
        """One answer set of every non-empty cell (the engine checks each against its cell): an example another
        figure found already when the diagram puts one in that cell, else any one, found in one walk down (the
        quietest of each, encode.witness, cost tests6 N=40 13 s); a cell whose answer set the engine disagrees
        with is a bug whatever the example."""
        enc = self.enc
        done = self.__dict__
        known = [e.answers for e in (done.get("gap", (0, None))[1], *(a.example for a in done.get("late", ()))) if e]
        out = []
        for c, n in enumerate(self.cells):
            if n:
                self.tick()
                answers = next((a for a in known if enc.holds(a, enc.cells[c])), None)
                if answers is None:
                    answers = enc.some(enc.cells[c])
                assert answers is not None
                out.append((c, answers))
        return tuple(out)
