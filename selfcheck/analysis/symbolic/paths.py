"""Question flows as diagrams over one vector of answers, each read through a mask: two flows side by side.

The monotonicity check compares a flow A with a flow B that reads a changed answer to one question q and
otherwise the same answers, so one vector holds the answers of every question asked in either flow. A
flow must then not rely on an unasked question's variables being false (as encode.Encoding does): a Track
reads a test as the test on the raw variables AND its own `open_asked` of that question (a mask), so a
question only the other flow asks reads false here, as the engine reads it. Flow B is flow A with the
changed answer to q put in (a cofactor).

A Track, built position by position in file order (what the engine does, engine/flow.py _walk):

- `held(c, i)`: c on the answers to the questions before i alone (later tests read false), which is what
  the engine sees at position i for stop rules, ask_if and the level "so far";
- `open_asked[i]`, the flow without certainty stops: ask_if held, and no stop rule held at a position <= i;
- `sure[r][i]`: every way on from i (over the flow without certainty stops) gives rank r: a forall over
  the variables of the questions from i on. Later certainty stops do not change the level a path gets
  (a path they end gets the level that was certain there, the one every continuation gets), so the range
  without them is the right one, as in selfcheck.engine.certainty's own search;
- `asked[i]`: open_asked[i] and no stopping level was held and sure at a position <= i;
- `rank_is[r]`: the level rank the person gets (`none` when no rule fired): the rank held where a
  certainty stop ended the questions, else the rank of the rules that fire on the final answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from selfcheck.analysis.symbolic.bdd import Bdd, Node
from selfcheck.analysis.symbolic.encode import question_order
from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test, tests
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Question, RuleSet, level_rank

NONE_RANK = LEVEL_IDS.index("none")
RANKS = NONE_RANK + 1


class Vars:
    """One variable per (question, choice), in encode.question_order's "force" order (as encode.Encoding's)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.bdd = Bdd()
        self.position = {q.id: i for i, q in enumerate(ruleset.questions)}
        self.names: dict[tuple[str, str], str] = {}
        self.of_question: dict[str, list[str]] = {}
        for pos in question_order(ruleset, "force"):
            q = ruleset.questions[pos]
            for c in q.choices:
                name = f"v{len(self.names)}"
                self.bdd.add_var(name)
                self.names[(q.id, c.id)] = name
                self.of_question.setdefault(q.id, []).append(name)

    def var(self, qid: str, cid: str) -> Node:
        return self.bdd.var(self.names[(qid, cid)])

    def raw(self, t: Test) -> Node:
        """The test on the question's variables (false when nothing is chosen)."""
        got = [self.var(t.question, c) for c in t.choices]
        return self.bdd.all(got) if t.op == "has all" else self.bdd.any(got)

    def nonzero(self, q: Question) -> Node:
        return self.bdd.any(self.var(q.id, c.id) for c in q.choices)

    def valid(self, q: Question) -> Node:
        """An answer the question's type allows: one choice, or a non-empty set of plain choices or one
        exclusive choice alone."""
        bdd = self.bdd
        if q.type == "multiple":
            plain = bdd.any(self.var(q.id, c.id) for c in q.choices if not c.exclusive)
            only = [c.id for c in q.choices if c.exclusive]
            return (plain & ~self._some(q.id, only)) | (self._one(q.id, only) & ~plain)
        return self._one(q.id, [c.id for c in q.choices])

    def _some(self, qid: str, cids: Sequence[str]) -> Node:
        return self.bdd.any(self.var(qid, c) for c in cids)

    def _one(self, qid: str, cids: Sequence[str]) -> Node:
        bdd = self.bdd
        out = bdd.false
        for c in cids:
            out = out | (self.var(qid, c) & ~bdd.any(self.var(qid, d) for d in cids if d != c))
        return out

    def answers(self, assignment: dict[str, bool]) -> Answers:
        """The answers the variables set true spell."""
        out: Answers = {}
        for q in self.ruleset.questions:
            chosen = tuple(c.id for c in q.choices if assignment.get(self.names[(q.id, c.id)], False))
            if chosen:
                out[q.id] = chosen
        return out


class Track:
    """One flow over the vector (see the module docstring), reading every question from its own variables;
    tick is called between diagram operations (the analysis' budget: a run over its limit stops there)."""

    def __init__(self, v: Vars, ranks: Sequence[int] = (), tick: Callable[[], None] = lambda: None) -> None:
        self.v = v
        rs = v.ruleset
        n = len(rs.questions)
        bdd = v.bdd
        self.stopping = sorted({0} | {level_rank(x.id) for x in rs.levels if x.ends_when_certain})
        self.open_asked: list[Node] = []
        self._read: dict[Test, Node] = {}
        stops = [r.when for r in rs.rules if r.stop]
        ended = bdd.false
        for i, q in enumerate(rs.questions):
            tick()
            ended = ended | bdd.any(self.held(s, i) for s in stops)
            self.open_asked.append((bdd.true if q.ask_if is None else self.held(q.ask_if, i)) & ~ended)
        ranks_of = [level_rank(r.level) for r in rs.rules]
        self.rank_final = _rank_is(bdd, ranks_of, [self.held(r.when, n) for r in rs.rules])
        # sure[r][i]: every way on from position i gives rank r (i = n: the final answers give it).
        self.sure: dict[int, list[Node]] = {}
        for r in sorted(set(self.stopping) | set(ranks)):
            chain = [self.rank_final[r]]
            for i in range(n - 1, -1, -1):
                tick()
                q = rs.questions[i]
                broken = self.open_asked[i] & ~v.valid(q)
                chain.append(bdd.forall(v.of_question[q.id], broken | chain[-1]))
            self.sure[r] = chain[::-1]
        # The rank held at each position (the rules on the answers before it), and the certainty stops.
        reads = [{v.position[t.question] for t in tests(r.when)} for r in rs.rules]
        holding = [self.held(r.when, 0) for r in rs.rules]
        now: list[list[Node]] = []
        for i in range(n):
            tick()
            if i:  # a rule's held value changes only past a question it reads
                holding = [self.held(r.when, i) if i - 1 in reads[j] else holding[j] for j, r in enumerate(rs.rules)]
            now.append(_rank_is(bdd, ranks_of, holding))
        sure_ended = bdd.false
        self.asked: list[Node] = []
        first_stop: list[Node] = []
        for i in range(n):
            here = bdd.any(now[i][r] & self.sure[r][i] for r in self.stopping)
            first_stop.append(here & ~sure_ended)
            sure_ended = sure_ended | here
            self.asked.append(self.open_asked[i] & ~sure_ended)
        # The level given: the rank held where a certainty stop ended the questions, else the final one.
        self.rank_is = [
            bdd.any(first_stop[i] & now[i][r] for i in range(n)) | (~sure_ended & self.rank_final[r])
            for r in range(RANKS)
        ]

    def read(self, t: Test) -> Node:
        got = self._read.get(t)
        if got is None:
            pos = self.v.position[t.question]
            got = self._read[t] = self.v.raw(t) & self.open_asked[pos]
        return got

    def held(self, c: Condition, upto: int) -> Node:
        """c on the answers to the questions before upto (tests on later ones read false)."""
        bdd = self.v.bdd
        if isinstance(c, Test):
            return self.read(c) if self.v.position[c.question] < upto else bdd.false
        if isinstance(c, Not):
            return ~self.held(c.item, upto)
        if isinstance(c, All):
            return bdd.all(self.held(x, upto) for x in c.items)
        assert isinstance(c, AnyOf)
        return bdd.any(self.held(x, upto) for x in c.items)


def _rank_is(bdd: Bdd, ranks: Sequence[int], holds: Sequence[Node]) -> list[Node]:
    """Per rank 0..NONE_RANK: the most urgent rule that holds is at that rank (none holding counts as none)."""
    out = []
    more_urgent = bdd.false
    for r in range(RANKS):
        at = bdd.any(h for rank, h in zip(ranks, holds, strict=True) if min(rank, NONE_RANK) == r)
        out.append(bdd.true & ~more_urgent if r == NONE_RANK else at & ~more_urgent)
        more_urgent = more_urgent | at
    return out


def answered(v: Vars, q: Question, asked: Node) -> Node:
    """The question has a valid answer where asked, none elsewhere."""
    return v.bdd.ite(asked, v.valid(q), ~v.nonzero(q))
