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

Each position's values are made from the last position's, redoing only what the question just passed
changes (the rules and stop rules reading it): bundled 8x, the Track in 0.8 s against 1.9 s. Flows keeps
flow A's Track and answer space for the monotonicity check, made the first time a change needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.analysis.symbolic.order import question_order
from selfcheck.analysis.symbolic.union_tree import UnionTree
from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test, tests
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Question, RuleSet, level_rank

NONE_RANK = LEVEL_IDS.index("none")
RANKS = NONE_RANK + 1


class Vars:
    """One variable per (question, choice), in order.question_order's "force" order (as encode.Encoding's)."""

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
        got = [self.chosen(t.question, c) for c in t.choices]
        return self.bdd.all(got) if t.op == "has all" else self.bdd.any(got)

    def chosen(self, qid: str, cid: str) -> Node:
        """The choice is the answer: for a single or yes/no question its variable and none of those before
        it. The same as the variable on every answer the flow allows (one choice), but two choices set at
        once read as one answer, not a case of their own (as encode.Encoding.chosen): tests6 N=26's
        monotonicity 20 s -> 3.3 s, N=30's 5.5 s, bundled 8x unchanged."""
        q = self.ruleset.question(qid)
        if q.type == "multiple":
            return self.var(qid, cid)
        ids = [c.id for c in q.choices]
        return self.bdd.all([self.var(qid, cid), *(~self.var(qid, c) for c in ids[: ids.index(cid)])])

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
        self.tick = tick
        self.stopping = sorted({0} | {level_rank(x.id) for x in rs.levels if x.ends_when_certain})
        self._read: dict[Test, Node] = {}
        self._ranks = [min(level_rank(r.level), NONE_RANK) for r in rs.rules]
        # Per position, the rules whose value held there differs from the position before: those reading
        # the question just before it (held at 0 reads nothing: every test false).
        self._changed: list[list[int]] = [[] for _ in range(n + 1)]
        for j, r in enumerate(rs.rules):
            for p in {v.position[t.question] for t in tests(r.when)}:
                self._changed[p + 1].append(j)
        self.open_asked: list[Node] = []
        self._open_asked()
        self.rank_final = _rank_is(v.bdd, self._ranks, [self.held(r.when, n) for r in rs.rules])
        # sure[r][i]: every way on from position i gives rank r (i = n: the final answers give it).
        self.sure = {r: self._sure(r) for r in sorted(set(self.stopping) | set(ranks))}
        stopped, sure_ended = self._certainty_stops()
        # The level given: the rank held where a certainty stop ended the questions, else the final one.
        self.rank_is = [stopped[r] | (~sure_ended & self.rank_final[r]) for r in range(RANKS)]

    def _open_asked(self) -> None:
        """Per position in turn: ask_if held and no stop rule held before (the tests read the open_asked made
        so far; a stop rule's held value changes only past a question it reads)."""
        bdd, rules = self.v.bdd, self.v.ruleset.rules
        ended = bdd.any(self.held(r.when, 0) for r in rules if r.stop)
        for i, q in enumerate(self.v.ruleset.questions):
            self.tick()
            if i:
                ended = ended | bdd.any(self.held(rules[j].when, i) for j in self._changed[i] if rules[j].stop)
            self.open_asked.append((bdd.true if q.ask_if is None else self.held(q.ask_if, i)) & ~ended)

    def _sure(self, r: int) -> list[Node]:
        """Per position i (and n): every way on from i, over the flow without certainty stops, gives rank r."""
        v = self.v
        chain = [self.rank_final[r]]
        for i in range(len(v.ruleset.questions) - 1, -1, -1):
            self.tick()
            q = v.ruleset.questions[i]
            broken = self.open_asked[i] & ~v.valid(q)
            chain.append(v.bdd.forall(v.of_question[q.id], broken | chain[-1]))
        return chain[::-1]

    def _certainty_stops(self) -> tuple[list[Node], Node]:
        """Sets asked; returns per rank where a certainty stop ended the questions with that rank held, and
        where one did. The rank held at each position is kept per rank, recomputed only past a question one
        of its rules reads; a stopping rank r ends the questions where it is the most urgent held and sure."""
        bdd, rules = self.v.bdd, self.v.ruleset.rules
        # Per rank up to the last stopping one (the ranks past it end nothing), the union of its rules held:
        # a tree of unions, so a rule's change costs a few unions (bundled 8x: 0.2 s against 1.3 s).
        ranks = range(self.stopping[-1] + 1)
        slot: dict[int, int] = {}
        at_rank: list[UnionTree] = []
        for r in ranks:
            js = [j for j, rank in enumerate(self._ranks) if rank == r]
            slot.update((j, k) for k, j in enumerate(js))
            at_rank.append(UnionTree(bdd, [self.held(rules[j].when, 0) for j in js], self.tick))
        sure_ended = bdd.false
        stopped = [bdd.false] * RANKS
        self.asked: list[Node] = []
        for i in range(len(self.v.ruleset.questions)):
            self.tick()
            if i:
                for j in self._changed[i]:
                    if self._ranks[j] in ranks:
                        at_rank[self._ranks[j]].set(slot[j], self.held(rules[j].when, i))
            held = [u.value() for u in at_rank]
            ends = bdd.false
            for r in self.stopping:  # the ranks held are exclusive: at most one r ends the questions here
                here = _most_urgent_at(bdd, held, r) & self.sure[r][i]
                stopped[r] = stopped[r] | (here & ~sure_ended)
                ends = ends | here
            sure_ended = sure_ended | ends
            self.asked.append(self.open_asked[i] & ~sure_ended)
        return stopped, sure_ended

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
    return _most_urgent(
        bdd,
        [bdd.any(h for rank, h in zip(ranks, holds, strict=True) if min(rank, NONE_RANK) == r) for r in range(RANKS)],
    )


def _most_urgent_at(bdd: Bdd, at_rank: Sequence[Node], r: int) -> Node:
    """Whether rank r is the most urgent at which some rule holds (none: no rule more urgent holds)."""
    more_urgent = bdd.any(at_rank[:r])
    return ~more_urgent if r == NONE_RANK else at_rank[r] & ~more_urgent


def _most_urgent(bdd: Bdd, at_rank: Sequence[Node]) -> list[Node]:
    """Per rank, from whether some rule at each rank holds: it is the most urgent that does (none: none does)."""
    out = []
    more_urgent = bdd.false
    for r, at in enumerate(at_rank):
        out.append(~more_urgent if r == NONE_RANK else at & ~more_urgent)
        more_urgent = more_urgent | at
    return out


def answered(v: Vars, q: Question, asked: Node) -> Node:
    """The question has a valid answer where asked, none elsewhere."""
    return v.bdd.ite(asked, v.valid(q), ~v.nonzero(q))


def asked_reads(ruleset: RuleSet) -> list[set[int]]:
    """Per position: the positions of the questions whose answers whether it is asked may depend on (an
    ask_if or a stop rule reads them, or the questions those are asked after); every earlier one when a
    level that stops when certain can be held (certainty reads every answer)."""
    position = {q.id: i for i, q in enumerate(ruleset.questions)}
    stopping = {0} | {level_rank(x.id) for x in ruleset.levels if x.ends_when_certain}
    # `none` is held whenever no more urgent rule holds, so a file whose `none` stops when certain is one too.
    if NONE_RANK in stopping or any(level_rank(r.level) in stopping for r in ruleset.rules):
        return [set(range(i)) for i in range(len(ruleset.questions))]
    stops = {position[t.question] for r in ruleset.rules if r.stop for t in tests(r.when)}
    out: list[set[int]] = []
    for i, q in enumerate(ruleset.questions):
        direct = {p for p in stops if p < i} | ({position[t.question] for t in tests(q.ask_if)} if q.ask_if else set())
        out.append(direct.union(*(out[p] for p in direct)))
    return out


class Flows:
    """Flow A's diagrams, made the first time a change needs them: the Track, and its answer space."""

    def __init__(self, v: Vars, tick: Callable[[], None]) -> None:
        self.v, self.tick = v, tick
        self.reads = asked_reads(v.ruleset)
        self.track: Track | None = None
        self.less_urgent: list[Node] = []  # per rank: A's rank is less urgent than it
        self.space = v.bdd.true
        self.answered: list[Node] = []  # per position: answered(v, q, A's asked there)
        self.asked_support: list[frozenset[str]] = []  # per position: the variables A's asked there reads
        self.answered_from: list[Node] = []  # per position i (and n): the answered of every position from i on

    def at(self) -> Track:
        v, qs = self.v, self.v.ruleset.questions
        if self.track is None:
            self.track = a = Track(v, tick=self.tick)
            self.less_urgent = [v.bdd.any(a.rank_is[r + 1 :]) for r in range(RANKS)]
            self.answered = [answered(v, q, a.asked[i]) for i, q in enumerate(qs)]
            self.asked_support = [v.bdd.support(x) for x in a.asked]
            self.answered_from = [v.bdd.true]
            for i in range(len(qs) - 1, -1, -1):  # from the end: several times cheaper than from the start
                self.tick()
                self.answered_from.append(self.answered[i] & self.answered_from[-1])
            self.answered_from.reverse()
            self.space = self.answered_from[0]
        return self.track

    def without(self, positions: range) -> Node:
        """A's answers to the other questions valid where asked: the space with these questions' answers let
        free (whatever the others are, each of these has an answer, valid where asked or none)."""
        qs = self.v.ruleset.questions
        return self.v.bdd.exist([x for i in positions for x in self.v.of_question[qs[i].id]], self.space)
