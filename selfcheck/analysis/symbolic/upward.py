"""Monotonicity proved from the conditions' syntax alone: a change that can only make conditions hold more.

A question's change (selfcheck.analysis.symbolic.monotone.changes) moves each test on it up (false to
true), down, both ways, or not at all. Followed through the flow in file order, a later question whose
ask_if can only come to hold (and no stop rule come to fire) is at most newly asked, which moves each test
on it up (an unasked question reads false). When every rule can then only come to fire, flow B fires every
rule flow A fires, so its level is at least as urgent: no before/after pair lowers it, and the diagrams
are not needed. Certainty stops do not change this: the level a path gets is the level of every way on
without them (selfcheck.analysis.symbolic.paths), and B's ways on can be those of A with the change.

The proof is sound, not complete: a change it cannot follow (a test that may move down under a rule, a
question that may stop being asked) goes to the diagrams, which count it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test, tests
from selfcheck.model.ruleset import RuleSet, level_rank

UP, DOWN = 1, 2  # ways a test or condition may move from flow A to flow B (0: not at all; 3: both)

# The values of a question's variables before and after a change: True, False, or absent (either, the same
# in both flows unless the after values set it).
Values = Mapping[str, bool]


def moves(c: Condition, moved: Mapping[Test, int]) -> int:
    """The ways c may move when its tests move as given (absent tests do not move)."""
    if isinstance(c, Test):
        return moved.get(c, 0)
    if isinstance(c, Not):
        inner = moves(c.item, moved)
        return ((inner & UP) << 1) | ((inner & DOWN) >> 1)
    assert isinstance(c, All | AnyOf)
    out = 0
    for item in c.items:
        out |= moves(item, moved)
    return out


def test_moves(t: Test, names: Sequence[str], fixed: Values, after: Values) -> int:
    """How a test on the changed question may move: names are the variables of its choices, fixed the
    values before the change, after those the change puts in (other variables keep their value)."""
    before_vals = [fixed.get(n) for n in names]
    after_vals = [after.get(n, fixed.get(n)) for n in names]
    if all(n not in after or after[n] == fixed.get(n) for n in names):
        return 0  # the test reads nothing the change sets
    b, a = _possible(t, before_vals), _possible(t, after_vals)
    return (UP if False in b and True in a else 0) | (DOWN if True in b and False in a else 0)


def _possible(t: Test, values: Sequence[bool | None]) -> set[bool]:
    """The values the test can take when some of its choices' variables are known (None: either)."""
    if t.op == "has all":
        lowest, highest = all(v is True for v in values), all(v is not False for v in values)
    else:
        lowest, highest = any(v is True for v in values), any(v is not False for v in values)
    return {lowest, highest}


class Flow:
    """A rule file's conditions indexed by the questions they read, for lowering_ranks."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.read: dict[str, set[Test]] = {}  # per question, the tests on it of any condition
        # per question, the conditions and level ranks of the rules reading it, and of the stop rules
        self.rules: dict[str, list[tuple[Condition, int]]] = {}
        self.stops: dict[str, list[tuple[Condition, int]]] = {}
        for r in ruleset.rules:
            for qid in {t.question for t in tests(r.when)}:
                self.rules.setdefault(qid, []).append((r.when, level_rank(r.level)))
                if r.stop:
                    self.stops.setdefault(qid, []).append((r.when, level_rank(r.level)))
        for c in [r.when for r in ruleset.rules] + [q.ask_if for q in ruleset.questions if q.ask_if is not None]:
            for t in tests(c):
                self.read.setdefault(t.question, set()).add(t)

    def lowering_ranks(self, pos: int, moved: Mapping[Test, int]) -> frozenset[int] | None:
        """The level ranks flow A can have where the change of the question at pos (moving its tests as
        given) lowers the level, or None for any: empty when the change can only make rules fire.

        Followed in file order: a later question whose ask_if may come to hold is at most newly asked (each
        test on it may come to hold); one that may stop being asked (ask_if, or a stop rule that may stop
        firing both ways) gives None. A stop rule that may only come to fire either fires in flow B, which
        then gets its level or a more urgent one (lowered only from a more urgent level), or fires in
        neither flow. Past that, a rule that may stop firing is the only way A's level can be lost."""
        moving = dict(moved)
        changed = [self.ruleset.questions[pos].id]
        ranks: set[int] = set()
        ended = self._stops(changed[0], moving, ranks)  # stop rules' firing may move: the questions' end too
        for q in self.ruleset.questions[pos + 1 :]:
            if ended is None:
                return None
            asked = ended
            if q.ask_if is not None:
                asked |= moves(q.ask_if, moving)
            if asked & DOWN:
                return None
            if asked:  # newly asked in flow B: each test on it may come to hold
                moving.update({t: UP for t in self.read.get(q.id, ())})
                changed.append(q.id)
                more = self._stops(q.id, moving, ranks)
                ended = None if more is None else ended | more
        for qid in changed:
            ranks.update(rank for c, rank in self.rules.get(qid, ()) if moves(c, moving) & DOWN)
        return frozenset(ranks)

    def _stops(self, qid: str, moving: Mapping[Test, int], ranks: set[int]) -> int | None:
        """How the stop rules reading qid move whether the questions go on (UP: they may go on in flow B
        where A ended, None: both ways), adding to ranks those a stop that may only come to fire allows."""
        ways = 0
        for c, rank in self.stops.get(qid, ()):
            way = moves(c, moving)
            if way == UP:
                ranks.update(range(rank))
            elif way:
                if way & UP:
                    return None
                ways |= UP
        return ways
