"""One condition followed forward over an explored flow's states: answer sets counted per end state and outcome.

The per-rule and per-requirement checks need, for every answer set, the level and whether one condition
holds. A flow is explored once (selfcheck.walks.explore); each condition is then pushed forward along
the explored moves, in flow order, as a distribution of (what is left of the condition -> how many
answer prefixes) per state. A condition changes only at the questions it reads and most states carry
one or two residuals, so a condition costs about one pass over the explored moves: no step of the flow
is redone and nothing is asked again of the flow. The counts are exactly those of a walk of the flow
with the condition as one more slot (selfcheck.tracking.Tracked), which the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selfcheck.budget import charge
from selfcheck.conditions import Condition, Test
from selfcheck.partial import Formula, closed, compile_condition, subst
from selfcheck.space import Flow, State
from selfcheck.walks import Explored, Move

End = tuple[State, Formula]  # an end state of the flow, and what is left of the condition there


@dataclass
class Followed:
    """For one condition: answer sets per distinct end (end state, residual), and a way to reach each."""

    ends: dict[End, int]
    parent: dict[End, tuple[End, Move]] = field(repr=False)
    root: End

    def path_to(self, end: End) -> list[Move]:
        path: list[Move] = []
        while end != self.root:
            end, move = self.parent[end]
            path.append(move)
        return path[::-1]


class Sweeper:
    """Follows conditions over one explored flow (the flow's states in flow order are sorted once)."""

    def __init__(self, ex: Explored) -> None:
        assert isinstance(ex.flow, Flow)  # a plain flow's exploration, not a tracked one
        self.ex = ex
        self.flow: Flow = ex.flow
        # Every move goes one question on, so sorting by position puts each state after all that lead to it.
        self.order = sorted(ex.summary, key=lambda s: s[0])
        self.position = {q.id: i for i, q in enumerate(ex.flow.questions)}

    def follow(self, condition: Condition) -> Followed:
        ex = self.ex
        questions = ex.flow.questions
        index: dict[Test, int] = {}
        formula = compile_condition(condition, index)
        # Per position the condition reads: the truth of its tests there for each class (last: unasked).
        values: list[list[dict[int, bool]] | None] = [None] * len(questions)
        for test, i in index.items():
            pos = self.position[test.question]
            if values[pos] is None:
                classes = ex.flow.domains[test.question].classes
                values[pos] = [{} for _ in range(len(classes) + 1)]
            row = values[pos]
            assert row is not None
            for k, cls in enumerate(ex.flow.domains[test.question].classes):
                row[k][i] = test.holds({test.question: cls.rep})
            row[-1][i] = False  # a test on a question not asked is false
        root: End = (ex.root, formula)
        dist: dict[State, dict[Formula, int]] = {ex.root: {formula: 1}}
        parent: dict[End, tuple[End, Move]] = {}
        ends: dict[End, int] = {}
        memo: dict[tuple[Formula, int, int], Formula] = {}
        moves_of, leaves = ex.moves, ex.leaves
        for state in self.order:
            here = dist.pop(state)
            charge(len(here))  # the analysis's budget (selfcheck.budget): one charge per pair, as the walks
            if state in leaves:
                for f, n in here.items():
                    ends[(state, f)] = n
                continue
            row = values[state[0]]
            for move, count, child in moves_of[state]:
                there = dist.get(child)
                if there is None:
                    there = dist[child] = {}
                for f, n in here.items():
                    if row is not None and f is not True and f is not False:
                        k = -1 if move is None else move[1]
                        key = (f, state[0], k)
                        g = memo.get(key)
                        if g is None:
                            g = memo[key] = subst(f, row[k])
                    else:
                        g = f
                    got = there.get(g)
                    if got is None:
                        there[g] = n * count
                        parent[(child, g)] = ((state, f), move)
                    else:
                        there[g] = got + n * count
        return Followed(ends, parent, root)


def holds(end: End) -> bool:
    """At the end of the flow: whether the followed condition holds (a test on an unasked question is false)."""
    return closed(end[1])
