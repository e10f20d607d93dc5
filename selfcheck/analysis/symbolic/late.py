"""Questions asked after the level was certain, on diagrams: per level the worst case, an example and where it starts.

The definition is the walk's (selfcheck.analysis.after_certain): a level r is certain at position i of an
answer set when every way on from the questions before i gives r (paths.Track.sure, a forall over the
later questions' variables); the questions counted are those asked from the first such position on. As
certainty, once reached, holds at every later position, the worst case for r is the most, over positions
i and answer sets with level r certain at i, of the questions asked from i on: a max over paths of a sum
of indicators, found with the sets "at least k of the questions from i on are asked" (a question is asked
exactly when it has an answer), built once per k, each a small symmetric function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from selfcheck.analysis.after_certain import AfterCertain
from selfcheck.analysis.findings import Example
from selfcheck.analysis.symbolic.encode import NONE_RANK, Encoding
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.model.ruleset import LEVEL_IDS

RESTRICT_EVERY = 8  # positions between two restrictions of a level's chain to the answers the flow allows (sure)


class _AtLeast:
    """at_least(k, i): at least k of the questions at positions i.. have an answer. Rows of k are made in
    turn and only the last two kept: the worst case only grows, so each row is asked for at rising k (a
    file of 1,100 questions would otherwise keep a million diagrams)."""

    def __init__(self, enc: Encoding, tick: Callable[[], None]) -> None:
        self.enc, self.tick = enc, tick
        self.answered = [~z for z in enc.zero]
        self.k = 0
        self.row: list[Node] = [enc.bdd.true] * (enc.n + 1)

    def __call__(self, k: int, i: int) -> Node:
        assert k >= self.k, "rows are made for rising k only"
        bdd, n = self.enc.bdd, self.enc.n
        while self.k < k:
            self.tick()
            below, row = self.row, [bdd.false] * (n + 1)
            for j in range(n - 1, -1, -1):
                row[j] = bdd.ite(self.answered[j], below[j + 1], row[j + 1])
            self.row, self.k = row, self.k + 1
        return self.row[i]


def sure(
    enc: Encoding, r: int, tick: Callable[[], None] = lambda: None, prefixes: Sequence[Node] | None = None
) -> list[Node]:
    """Per position i: every way on from the answers before i gives rank r (over the flow without certainty
    stops, encode.Encoding.tail: later certainty stops do not change the level a path gets).

    Every way on gives r where no way on gives another rank (encode.Encoding.other, shared with the
    certainty stops of a stopping level). Given the prefixes (encode.Encoding.prefixes), a level that does not
    stop when certain gets its own chain, each step's diagram restricted to the answers before it that the
    flow allows (Bdd.restrict): exact on those, elsewhere whatever is smallest. A step reads the diagram after
    it only on answers the flow allows, so each result stays exact on its own prefixes (bundled 8x: diagrams
    of 2,000 to 4,000 nodes against 10,000 to 19,000; questions after certain 7.1 s -> 5.3 s), whether that
    step restricted it or not: so every RESTRICT_EVERY steps only (bundled 8x: its four chains 3.1 to 3.5 s
    restricted at every step, 1.1 s at every 8th, 0.9 to 1.3 s at every 16th, 3.7 to 6.2 s never).
    """
    tick()
    if prefixes is None or r in enc.stopping:
        return [~other for other in enc.other(r)]
    bdd = enc.bdd
    other = ~enc.rank_is[r]
    out = [~other]
    for i in range(enc.n - 1, -1, -1):
        tick()
        if i % RESTRICT_EVERY == 0:
            other = bdd.restrict(other, prefixes[i + 1])
        other = bdd.and_exist(enc.names[i], enc.part(i), other)
        out.append(~other)
    return out[::-1]


def first_sure(enc: Encoding, r: int, tick: Callable[[], None] = lambda: None) -> tuple[int, Node]:
    """For a file whose every answer set asks every question (no ask_if, no stop rule, no certainty stop):
    the first position i where some answers make rank r sure, and the answer sets sure of it there (i = n and
    the answer sets at r when no earlier position is). Sure at i is sure at i + 1 (the answers to question i
    change no way on from there), so the first position is found by halving; each step quantifies the
    questions from i on at once (sure(), question by question, made diagrams over the first questions that a
    40-question file of 6-test rules could not hold: 45 s and 1.3 GB against 7 s and 300 MB)."""
    bdd, n = enc.bdd, enc.n
    bad = ~enc.rank_is[r]
    valid_from = [bdd.true] * (n + 1)
    for i in range(n - 1, -1, -1):
        valid_from[i] = enc.valid[i] & valid_from[i + 1]

    def sure_at(i: int) -> Node:
        tick()
        return enc.space & ~bdd.and_exist(enc.later[i], valid_from[i], bad)

    lo, hi, where = 0, n, enc.space & enc.rank_is[r]
    while lo < hi:
        mid = (lo + hi) // 2
        got = sure_at(mid)
        if got == bdd.false:
            lo = mid + 1
        else:
            hi, where = mid, got
    return lo, where


def after_certain(enc: Encoding, tick: Callable[[], None] = lambda: None) -> tuple[AfterCertain, ...]:
    """Per level that some answer set gets, most urgent first: the worst case and an example answer set;
    tick is called between diagram operations (the analysis' budget)."""
    ruleset, bdd = enc.ruleset, enc.bdd
    out = []
    every_asked = all(a == bdd.true for a in enc.asked)
    prefixes: list[Node] | None = None  # made for the first level that does not stop when certain
    for r in range(NONE_RANK + 1):
        level_r = enc.space & enc.rank_is[r]
        if level_r == bdd.false:
            continue
        if every_asked:  # the questions asked from i on are the n - i there
            start, where = first_sure(enc, r, tick)
            picked = bdd.cheapest(where, enc.quiet_weights())
            assert picked is not None
            level = ruleset.level(LEVEL_IDS[r])
            first = enc.questions[start].id if start < enc.n else ""
            example = Example(enc.answers(picked), level.id)
            out.append(AfterCertain(level.id, enc.n - start, first, example, level.max_questions_after_certain))
            continue
        worst, where, found = 0, level_r, enc.n
        at_least = _AtLeast(enc, tick)  # per level: its worst case starts at 0
        if prefixes is None and r not in enc.stopping:
            prefixes = enc.prefixes()
        # Exact on every answer set with a question asked from i on (sure's prefixes), the only ones tried.
        sure_r = sure(enc, r, tick, prefixes)
        for i in range(enc.n):
            # Nothing newly sure here: the answer sets sure at i were sure at i - 1, with more questions from
            # there, and were tried then (bundled 8x: 440 of the 1,200 positions of its five levels).
            if i and sure_r[i] == sure_r[i - 1]:
                continue
            tick()
            # Tested without making the conjunction (most positions raise nothing), then made where it does.
            while bdd.meets(sure_r[i], at_least(worst + 1, i), level_r):
                worst, where, found = worst + 1, level_r & sure_r[i] & at_least(worst + 1, i), i
        picked = bdd.cheapest(where, enc.quiet_weights())
        assert picked is not None
        answers = enc.answers(picked)
        values = {name: picked.get(name, False) for name in bdd.vars}
        # The first question asked from the first position where r is certain on these answers (with a worst
        # case of 0, none is asked from there).
        start = _first_sure(enc, values, sure_r, found)
        first = next((q.id for q in enc.questions[start:] if q.id in answers), "") if worst else ""
        level = ruleset.level(LEVEL_IDS[r])
        example = Example(answers, level.id)
        out.append(AfterCertain(level.id, worst, first, example, level.max_questions_after_certain))
    return tuple(out)


def _first_sure(enc: Encoding, values: dict[str, bool], sure_r: Sequence[Node], found: int) -> int:
    """The first position up to found where sure_r holds on the assignment, by halving: sure_r is exact there
    (the answers have a question asked from found on), and certainty once reached holds at every later
    position."""
    lo, hi = 0, found
    while lo < hi:
        mid = (lo + hi) // 2
        if enc.bdd.let(values, sure_r[mid]) == enc.bdd.true:
            hi = mid
        else:
            lo = mid + 1
    return lo
