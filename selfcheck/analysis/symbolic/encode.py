"""A rule file's answer space as binary decision diagrams: which answer sets the flow allows, and what they get.

What it offers (a stable API: the symbolic checks build on it):

- one variable per (question, choice), `var(qid, cid)`: true when the choice is in the answer. A question
  not asked has every variable false, so a test on it reads false, as the engine reads it;
- `valid[i]` (the question at position i is answered as its type allows: single and yes/no exactly one
  choice; a checklist a non-empty set of its plain choices, or one exclusive choice alone) and `zero[i]`;
- `cond(c)`: a condition over the final answers; `held(c, i)`: the condition on the answers to the
  questions before i alone (later ones read false: what the engine sees at position i);
- `stop[i]`, `certain[i]`, `ended[i]` (the questions end before i: a stop rule held, or a stopping level
  was certain at some position <= i), `asked[i]` (ask_if holds and the questions have not ended);
- `space` (V): the answer sets the flow allows, each exactly once; `count(x)`: answer sets in x (ANDed
  with V); `witness(x, weights)`: the quietest answer set in x, as engine answers;
- `fires[j]` (rule j fires on the final answers), `rank_is[r]` (the level rank is r: 0 emergency ..
  NONE_RANK, with no rule fired counted as none), `cells[c]` as the main walk's cells (selfcheck.analysis.
  context: rank 0..4 of the most urgent rule fired, NO_RULE, GAP = no rule after a yes to a sign or symptom).

Certainty (selfcheck.engine.certainty, space.Flow._ends_certain): at position i the questions end when r,
the rank the answers so far give (held rules), is a stopping level and every way on gives r. "Every way
on" ranges over the flow without certainty stops (`tail[i]`): a path that a later certainty ends stops
where its level is already certain, the level every continuation from there gets, so the levels reached
from i are the same with or without those later stops (and the engine's own search ignores them too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.analysis.symbolic.order import question_order
from selfcheck.analysis.symbolic.readout import Readout
from selfcheck.analysis.symbolic.union_tree import UnionTree
from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test, tests
from selfcheck.model.ruleset import LEVEL_IDS, Question, RuleSet, level_rank

NONE_RANK = LEVEL_IDS.index("none")
NO_RULE = NONE_RANK + 1
GAP = NO_RULE + 1


class Encoding(Readout):
    """The answer space of one rule file, encoded once (see the module docstring for what it offers)."""

    def __init__(
        self,
        ruleset: RuleSet,
        order: str = "force",
        reorder: bool = False,
        bdd: Bdd | None = None,
        tick: Callable[[], None] | None = None,
    ) -> None:
        """tick, if given, is called between steps (a budget that may stop the encoding, progress)."""
        self.ruleset = ruleset
        self.tick = tick or (lambda: None)
        self.bdd = b = bdd or Bdd(reorder)
        self.questions: tuple[Question, ...] = ruleset.questions
        self.n = n = len(self.questions)
        self.position = {q.id: i for i, q in enumerate(self.questions)}
        self.names: list[list[str]] = [[] for _ in range(n)]
        self._vars: dict[tuple[str, str], Node] = {}
        self.choice_of: dict[str, tuple[str, str]] = {}  # variable name -> (question id, choice id)
        for pos in question_order(ruleset, order):
            q = self.questions[pos]
            for k, c in enumerate(q.choices):
                name = f"v{pos}_{k}"
                self._vars[(q.id, c.id)] = b.add_var(name)
                self.names[pos].append(name)
                self.choice_of[name] = (q.id, c.id)
        self.later: list[list[str]] = [[] for _ in range(n + 1)]  # variables of the questions at i and after
        for i in range(n - 1, -1, -1):
            self.later[i] = self.names[i] + self.later[i + 1]
        self._tests: dict[Test, Node] = {}
        self._held: dict[tuple[Condition, frozenset[int]], Node] = {}
        self.valid = [self._valid(q) for q in self.questions]
        self.zero = [b.all(~self.var(q.id, c.id) for c in q.choices) for q in self.questions]
        self.ask_if = [b.true if q.ask_if is None else self.cond(q.ask_if) for q in self.questions]
        self.rank = [level_rank(r.level) for r in ruleset.rules]
        self.fires = []
        for r in ruleset.rules:
            self.tick()
            self.fires.append(self.cond(r.when))
        self.rank_is = self._ranks(self.fires)
        self.stopping = sorted({0} | {level_rank(v.id) for v in ruleset.levels if v.ends_when_certain})
        self.stop = [b.any(self.held(r.when, i) for r in ruleset.rules if r.stop) for i in range(n)]
        self.tail = self._tails()
        self._other: dict[int, list[Node]] = {}
        self.certain: list[Node] = []
        self.ended: list[Node] = []
        ended = b.false
        # A stopping level no rule gives (and not none) is never held, so never certain: the held rules per
        # position are made only for a file that can stop when certain.
        can_stop = any(r == NONE_RANK or r in self.rank for r in self.stopping)
        held_at = self._held_by_rank() if can_stop else None
        for i in range(n):
            self.tick()
            self.certain.append(self._certain(i, held_at(i)) if held_at is not None else b.false)
            ended = ended | self.stop[i] | self.certain[i]
            self.ended.append(ended)
        self.asked = [self.ask_if[i] & ~self.ended[i] for i in range(n)]
        # From the last question back: each step adds a question on top of the diagram made so far (bundled
        # 8x: 0.1 s against 1.2 s from the first question on).
        self.space = b.true
        for i in range(n - 1, -1, -1):
            self.tick()
            self.space = self._answered(self.asked[i], i) & self.space
        self.positive = self._positive()
        none = self.rank_is[NONE_RANK]
        fired_none = b.any(f for f, r in zip(self.fires, self.rank, strict=True) if r == NONE_RANK)
        self.cells = [*self.rank_is[:NONE_RANK], none & fired_none, none & ~fired_none & ~self.positive]
        self.cells.append(none & ~fired_none & self.positive)

    def _positive(self) -> Node:
        """A yes to a sign or symptom, or a plain choice of one ticked (a gap is one of these with no rule)."""
        b = self.bdd
        positive = b.false
        for q in self.questions:
            if q.kind in ("sign", "symptom"):
                if q.type == "yesno":
                    positive = positive | self.var(q.id, "yes")
                elif q.type == "multiple":
                    positive = positive | b.any(self.var(q.id, c.id) for c in q.choices if not c.exclusive)
        return positive

    def var(self, qid: str, cid: str) -> Node:
        return self._vars[(qid, cid)]

    def _valid(self, q: Question) -> Node:
        b = self.bdd
        if q.type != "multiple":
            return self._exactly_one([self.var(q.id, c.id) for c in q.choices])
        plain = [self.var(q.id, c.id) for c in q.choices if not c.exclusive]
        exclusive = [self.var(q.id, c.id) for c in q.choices if c.exclusive]
        no_plain = b.all(~v for v in plain)
        some_plain = b.any(plain) & b.all(~v for v in exclusive)
        return some_plain | (no_plain & self._exactly_one(exclusive))

    def _exactly_one(self, vs: Sequence[Node]) -> Node:
        b = self.bdd
        none, one = b.true, b.false  # no variable so far true; exactly one so far true
        for v in vs:
            none, one = none & ~v, (one & ~v) | (none & v)
        return one

    def chosen(self, qid: str, cid: str) -> Node:
        """The choice is the answer: for a single or yes/no question its variable and none of the others, the
        same as var() on the answer sets the flow allows (one choice at most), but a test built from these
        tells apart only the question's real answers: with var() alone "yes" and "no" both set is a fourth
        case, and the 40-question file of 6-test rules made millions of nodes more (issue 15: >300 s against
        1.7 s for its levels)."""
        q = self.questions[self.position[qid]]
        if q.type == "multiple":
            return self.var(qid, cid)
        return self.bdd.all([self.var(qid, cid), *(~self.var(qid, c.id) for c in q.choices if c.id != cid)])

    def test(self, t: Test) -> Node:
        got = self._tests.get(t)
        if got is None:
            vs = [self.chosen(t.question, c) for c in t.choices]
            got = self._tests[t] = self.bdd.all(vs) if t.op == "has all" else self.bdd.any(vs)
        return got

    def cond(self, c: Condition) -> Node:
        """The condition on the final answers (a test on a question not asked reads false)."""
        if isinstance(c, Test):
            return self.test(c)
        if isinstance(c, Not):
            return ~self.cond(c.item)
        if isinstance(c, All):
            return self.bdd.all(self.cond(i) for i in c.items)
        assert isinstance(c, AnyOf)
        return self.bdd.any(self.cond(i) for i in c.items)

    def held(self, c: Condition, pos: int) -> Node:
        """The condition on the answers to the questions before pos only (later questions read false)."""
        later = frozenset(p for p in (self.position[t.question] for t in tests(c)) if p >= pos)
        key = (c, later)
        got = self._held.get(key)
        if got is None:
            values = {name: False for p in later for name in self.names[p]}
            got = self._held[key] = self.bdd.let(values, self.cond(c))
        return got

    def _ranks(self, fires: Sequence[Node]) -> list[Node]:
        """Per rank r: the most urgent rule that holds is at r (for none: no rule more urgent than none)."""
        b = self.bdd
        out: list[Node] = []
        more_urgent = b.false
        for r in range(NONE_RANK):
            here = b.any(f for f, rank in zip(fires, self.rank, strict=True) if rank == r)
            out.append(here & ~more_urgent)
            more_urgent = more_urgent | here
        out.append(~more_urgent)
        return out

    def _answered(self, asked: Node, pos: int) -> Node:
        return self.bdd.ite(asked, self.valid[pos], self.zero[pos])

    def _tails(self) -> list[Node]:
        """Per position i: the flow from i on without certainty stops (the range of "every way on")."""
        tails = [self.bdd.true] * (self.n + 1)
        for i in range(self.n - 1, -1, -1):
            tails[i] = self._answered(self.ask_if[i] & ~self.stop[i], i) & tails[i + 1]
        return tails

    def _held_by_rank(self) -> Callable[[int], list[Node]]:
        """Per position i, in order: per rank, some rule at that rank holds on the answers before i. Only the
        rules reading the question just decided change from one position to the next, and each rank's union
        is a balanced tree of unions (UnionTree), so a changed rule costs a few unions, not one per rule at its
        rank (bundled 8x: 0.2 s against 0.9 s)."""
        rules = self.ruleset.rules
        reading: list[list[int]] = [[] for _ in range(self.n)]
        for j, rule in enumerate(rules):
            for p in {self.position[t.question] for t in tests(rule.when)}:
                reading[p].append(j)
        at_rank: list[list[int]] = [[] for _ in range(NONE_RANK + 1)]
        slot = []  # rule j is leaf slot[j] of its rank's tree
        for j, rank in enumerate(self.rank):
            slot.append(len(at_rank[rank]))
            at_rank[rank].append(j)
        unions = [UnionTree(self.bdd, [self.held(rules[j].when, 0) for j in js], self.tick) for js in at_rank]
        at = 0

        def at_position(i: int) -> list[Node]:
            nonlocal at
            while at < i:
                for j in reading[at]:
                    unions[self.rank[j]].set(slot[j], self.held(rules[j].when, at + 1))
                at += 1
            return [u.value() for u in unions]

        return at_position

    def _certain(self, i: int, held_by_rank: list[Node]) -> Node:
        """The answers before i make a stopping level certain there (see the module docstring)."""
        b = self.bdd
        out = b.false
        more_urgent = b.false
        for r in range(self.stopping[-1] + 1):  # the ranks held past the last stopping one change nothing here
            now = held_by_rank[r] & ~more_urgent if r < NONE_RANK else ~more_urgent
            more_urgent = more_urgent | held_by_rank[r]
            if r not in self.stopping or now == b.false:
                continue
            out = out | (now & ~self.other(r)[i])
        return out

    def part(self, i: int) -> Node:
        """Question i answered as the flow without certainty stops has it (tail[i] is this and tail[i + 1])."""
        return self._answered(self.ask_if[i] & ~self.stop[i], i)

    def prefixes(self) -> list[Node]:
        """Per position i (and n): the answers to the questions before i are as the flow without certainty stops
        has them (the parts before i, conjoined; not kept: n diagrams)."""
        out = [self.bdd.true]
        for i in range(self.n):
            self.tick()
            out.append(out[-1] & self.part(i))
        return out

    def other(self, r: int) -> list[Node]:
        """Per position i (and n): some way on from the answers before i gives a rank other than r, that is
        exist later[i] (tail[i] and not rank r), made once per rank from the last question back, one question's
        variables at a time: tail[i] is question i's part (which reads only the questions before it) and
        tail[i + 1], so the quantifier moves in past that part. Each step is one CUDD AndAbstract, which never
        makes the conjunction (bundled 8x: the five ranks in 3 s against 6.8 s with a conjunction, then an
        exist; and the certainty of emergency in 0.3 s against 1.8 s, a quantifier over every later question
        at each position).

        Kept for the stopping ranks only (the certainty stops read them, and so does the check of the questions
        after certain): the n diagrams of a rank cost memory (bundled 8x: about a million nodes)."""
        got = self._other.get(r)
        if got is None:
            b = self.bdd
            other = ~self.rank_is[r]
            got = [other]
            for i in range(self.n - 1, -1, -1):
                self.tick()
                other = b.and_exist(self.names[i], self.part(i), other)
                got.append(other)
            got.reverse()
            if r in self.stopping:
                self._other[r] = got
        return got
