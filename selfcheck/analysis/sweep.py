"""One condition followed forward over an explored flow's states: answer sets counted per end and outcome.

The per-rule and per-requirement checks need, for every answer set, the level and whether one condition
holds. A flow is explored once (selfcheck.analysis.walks.explore: each state's answer sets below it, by level,
and the ways to reach it). Each condition is then pushed forward along the explored moves as a
distribution (what is left of the condition -> how many answer prefixes) per state, but only over the
questions it reads: it starts at the first of them with the ways each state there is reached, and a
residual that is decided (true or false whatever comes next) ends there, its answer sets below counted by
the state's summary. Nothing of the flow is stepped again, and a condition costs the states between the
first and the last question it reads. The counts are exactly those of a walk of the flow with the
condition as one more slot (selfcheck.analysis.tracking.Tracked); the tests check them against a brute-force
enumeration.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from selfcheck.analysis.budget import charge
from selfcheck.analysis.walks import Explored, Move
from selfcheck.engine.space import Flow, State
from selfcheck.model.conditions import Condition, Test
from selfcheck.model.partial import Formula, closed, compile_condition, subst

# Where a condition's sweep ends: an end state with what is left of the condition, or a state where it is
# decided (True or False) with every answer set below it.
End = tuple[State, Formula]


@dataclass
class Followed:
    """For one condition: answer prefixes per distinct end, and a way to reach each."""

    ex: Explored
    ends: dict[End, int]
    parent: dict[End, tuple[End, Move]] = field(repr=False)

    def cells(self) -> Iterator[tuple[End, int, int]]:
        """(end, cell of the explored walk, answer sets) for every non-empty cell below every end."""
        summary = self.ex.summary
        for end, n in self.ends.items():
            for cell, below in enumerate(summary[end[0]]):
                if below:
                    yield end, cell, n * below

    def path_to(self, end: End, cell: int) -> list[Move]:
        """Moves from the root through end to a leaf in the cell (end's state must have one below)."""
        path: list[Move] = []
        at = end
        while at in self.parent:
            at, move = self.parent[at]
            path.append(move)
        return [*self.ex.path_to(at[0]), *path[::-1], *self.ex.descend(end[0], cell.__eq__)]


def holds(end: End) -> bool:
    """Whether the followed condition holds on every answer set below this end (a test on a question not
    asked is false)."""
    return closed(end[1])


class Sweeper:
    """Follows conditions over one explored flow (the flow's states by position are listed once)."""

    def __init__(self, ex: Explored) -> None:
        assert isinstance(ex.flow, Flow)  # a plain flow's exploration, not a tracked one
        self.ex = ex
        self.flow: Flow = ex.flow
        self.at: list[list[State]] = [[] for _ in range(self.flow.n + 1)]
        for state in ex.summary:  # every move goes one question on: positions order the states
            self.at[state[0]].append(state)
        self.position = {q.id: i for i, q in enumerate(self.flow.questions)}
        # Shared by every condition followed: each test's truth for each class of its question, and each
        # state's moves merged by where they lead (see _merged).
        self._truth: dict[Test, tuple[bool, ...]] = {}
        self._readings: dict[tuple[int, ...], int] = {}
        self._merged: dict[tuple[State, int], list[tuple[Move, int, State, int]]] = {}

    def follow(self, condition: Condition, to_leaves: bool = False) -> Followed:
        """The condition's ends; with to_leaves, a decided condition is followed on to every end state too
        (one end per end state and what is left of it, for a caller that reads one answer set per end)."""
        ex, flow = self.ex, self.flow
        index: dict[Test, int] = {}
        formula = compile_condition(condition, index)
        values = self._values(index)
        first = min(self.position[t.question] for t in index)
        sweep = _Sweep(to_leaves)
        for pos in range(first):  # answer sets that end before the first question it reads
            for state in self.at[pos]:
                if state in ex.leaves:
                    sweep.ends[(state, formula)] = ex.ways[state]
        dist: dict[State, dict[Formula, int]] = {state: {formula: ex.ways[state]} for state in self.at[first]}
        for pos in range(first, flow.n + 1):
            if not dist:
                break
            reading = values[pos] if pos < flow.n else None
            for state in self.at[pos]:
                here = dist.pop(state, None)
                if here is None:
                    continue
                charge(len(here))  # the analysis's budget (analysis.budget): one charge per pair, as the walks
                if state in ex.leaves:
                    sweep.end_here(state, here)
                else:
                    sweep.push(state, here, self._moves(state, reading), pos, reading, dist)
        return Followed(ex, sweep.ends, sweep.parent)

    def _values(self, index: dict[Test, int]) -> list[Reading | None]:
        """Per position the condition reads: how each class reads its tests there (Reading)."""
        tests_at: list[list[tuple[Test, int]]] = [[] for _ in range(self.flow.n)]
        for test, i in index.items():
            tests_at[self.position[test.question]].append((test, i))
        values: list[Reading | None] = [None] * self.flow.n
        for pos, mine in enumerate(tests_at):
            if not mine:
                continue
            truths = [self._truth_of(test) for test, _ in mine]
            keys: dict[tuple[bool, ...], int] = {}
            # The last column is the question not asked: every test on it false.
            columns = [*zip(*truths, strict=True), (False,) * len(mine)]
            of_class = tuple([keys.setdefault(column, len(keys)) for column in columns])
            rows = [{i: truth for (_, i), truth in zip(mine, column, strict=True)} for column in keys]
            values[pos] = Reading(of_class, rows, self._readings.setdefault(of_class, len(self._readings)))
        return values

    def _truth_of(self, test: Test) -> tuple[bool, ...]:
        got = self._truth.get(test)
        if got is None:
            classes = self.flow.domains[test.question].classes
            got = self._truth[test] = tuple([test.holds({test.question: cls.rep}) for cls in classes])
        return got

    def _moves(self, state: State, reading: Reading | None) -> list[tuple[Move, int, State, int]]:
        """The state's moves, those that lead to one child and read the condition's tests alike merged into
        the first of them in class order with their answers added: (move, answers, child, reading of the tests).
        Every move of a merged group leaves every residual in the same place, so the sweep's counts, the ends
        it finds and the first move found to each are those of the moves one by one (a checklist of 1,024
        classes leads to a few children)."""
        key = (state, -1 if reading is None else reading.id)
        got = self._merged.get(key)
        if got is None:
            first: dict[tuple[State, int], Move] = {}
            answers: dict[tuple[State, int], int] = {}
            for move, count, child in self.ex.moves[state]:
                to = (child, -1 if reading is None else reading.of_class[-1 if move is None else move[1]])
                if to in answers:
                    answers[to] += count
                else:
                    first[to], answers[to] = move, count
            got = self._merged[key] = [(first[to], n, to[0], to[1]) for to, n in answers.items()]
        return got


@dataclass(frozen=True)
class Reading:
    """How the classes of one question read a condition's tests: of_class[k] numbers the truth values class k
    gives them (the last entry: the question not asked), rows[n] is that truth per test; id numbers the
    partition of the classes, shared by the conditions that split them alike."""

    of_class: tuple[int, ...]
    rows: list[dict[int, bool]]
    id: int


class _Sweep:
    """One condition's sweep in progress: the ends found, a way to each, and the residuals worked out."""

    def __init__(self, to_leaves: bool) -> None:
        self.to_leaves = to_leaves
        self.ends: dict[End, int] = {}
        self.parent: dict[End, tuple[End, Move]] = {}
        self.memo: dict[tuple[Formula, int, int], Formula] = {}

    def end_here(self, state: State, here: dict[Formula, int]) -> None:
        """An end state: each residual that reaches it ends there."""
        ends = self.ends
        for f, n in here.items():
            ends[(state, f)] = ends.get((state, f), 0) + n

    def push(
        self,
        state: State,
        here: dict[Formula, int],
        moves: list[tuple[Move, int, State, int]],
        pos: int,
        reading: Reading | None,
        dist: dict[State, dict[Formula, int]],
    ) -> None:
        """Each residual at state one move on: decided ones end at the child, open ones wait there in dist."""
        ends, parent, memo, to_leaves = self.ends, self.parent, self.memo, self.to_leaves
        for move, count, child, read in moves:
            for f, n in here.items():
                g = f
                if reading is not None:
                    key = (f, pos, read)
                    g = memo.get(key)  # type: ignore[assignment]
                    if g is None:
                        g = memo[key] = subst(f, reading.rows[read])
                pair = (child, g)
                if (g is True or g is False) and not to_leaves:  # decided: all below child alike
                    got = ends.get(pair)
                    ends[pair] = n * count if got is None else got + n * count
                else:
                    there = dist.get(child)
                    if there is None:
                        there = dist[child] = {}
                    got = there.get(g)
                    there[g] = n * count if got is None else got + n * count
                if got is None:
                    parent[pair] = ((state, f), move)
