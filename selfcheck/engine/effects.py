"""One question's answer classes grouped by their effect on the tests of a flow (see selfcheck.engine.space.Flow)."""

from __future__ import annotations

from dataclasses import dataclass

from selfcheck.engine.classes import Cls
from selfcheck.model.conditions import Test
from selfcheck.model.ruleset import Question


@dataclass(frozen=True)
class Effects:
    """One question's classes grouped by their effect on the tests (see Flow.__init__)."""

    mine: list[int]  # the tests on the question
    of_class: list[int]  # the effect of each class
    firsts: list[int]  # the first class of each effect
    shared: list[dict[int, bool]]  # each effect's truth of the tests
    positives: list[bool]  # whether each effect is a yes (when followed)
    values: list[dict[int, bool]]  # each class's truth of the tests (its effect's)


def _test_bits(mine: list[int], all_tests: list[Test]) -> tuple[dict[str, int], list[tuple[int, tuple[str, ...]]]]:
    """Each test as a bit: the bits a choice alone makes true, and the 'has all' tests (which need more)."""
    hits: dict[str, int] = {}
    every: list[tuple[int, tuple[str, ...]]] = []
    for bit, i in enumerate(mine):
        if all_tests[i].op == "has all":
            every.append((bit, all_tests[i].choices))
        else:
            for cid in all_tests[i].choices:
                hits[cid] = hits.get(cid, 0) | 1 << bit
    return hits, every


def effects_of(q: Question, all_tests: list[Test], classes: tuple[Cls, ...], positive: bool) -> Effects:
    """The classes of one question grouped by what they make of its tests (and whether they are a yes)."""
    mine = [i for i, t in enumerate(all_tests) if t.question == q.id]
    hits, every = _test_bits(mine, all_tests)
    out = Effects(mine, [], [], [], [], [])
    effects: dict[tuple[int, bool], int] = {}
    for c in classes:
        bits = 0
        for cid in c.rep:
            bits |= hits.get(cid, 0)
        for bit, ids in every:
            if all(cid in c.rep for cid in ids):
                bits |= 1 << bit
        key = (bits, positive and c.positive)
        e = effects.get(key)
        if e is None:
            e = effects[key] = len(out.shared)
            out.shared.append({i: bool(bits >> bit & 1) for bit, i in enumerate(mine)})
            out.positives.append(positive and c.positive)
            out.firsts.append(len(out.of_class))
        out.of_class.append(e)
        out.values.append(out.shared[e])
    return out
