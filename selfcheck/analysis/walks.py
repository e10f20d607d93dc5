"""Memoised walks over the answer space of one flow: counts per cell, and the first way found to each state.

A summary counts answer sets by the cell their end state falls in (a level rank, or a finer cell a
check asks for); selfcheck.analysis.joint walks two flows side by side with the same summaries.
Each distinct state is summarised once, so the work grows with the number of distinct condition
states, not with the number of answer sets.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from selfcheck.analysis.budget import charge
from selfcheck.engine.classes import Domain
from selfcheck.engine.space import ASK, DONE, NO_RULE, NONE_RANK, Flow, State
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Question, RuleSet


class Walk(Protocol):
    """What explore needs of a flow: a Flow, or a Flow that also follows one condition (selfcheck.analysis.tracking)."""

    domains: dict[str, Domain]
    questions: tuple[Question, ...]
    ruleset: RuleSet

    @property
    def initial(self) -> Any: ...

    def status(self, state: Any) -> str: ...

    def question_at(self, state: Any) -> Question: ...

    def step(self, state: Any, cls: int | None) -> Any: ...


RANKS = len(LEVEL_IDS)
Summary = tuple[int, ...]
# A move answers the current question with a class (question id, class index), or passes it (None).
Move = tuple[str, int] | None
K = TypeVar("K")


def add_summary(acc: list[int], count: int, summary: Summary) -> None:
    """Add count times the summary into acc, cell by cell."""
    for i, n in enumerate(summary):
        if n:
            acc[i] += count * n


@dataclass
class Explored:
    """Every state of one flow reachable from the start, with its summary, moves and how it is reached.

    A summary counts the answer sets below a state by the cell their end state falls in.
    """

    flow: Walk
    summary: dict[State, Summary] = field(default_factory=dict)
    moves: dict[State, tuple[tuple[Move, int, State], ...]] = field(default_factory=dict)
    leaves: dict[State, int] = field(default_factory=dict)  # end state -> its cell
    ways: dict[State, int] = field(default_factory=dict)  # how many answer prefixes lead to the state
    parent: dict[State, tuple[State, Move]] = field(default_factory=dict)

    @property
    def root(self) -> State:
        root: State = self.flow.initial
        return root

    def total(self, state: State) -> int:
        return sum(self.summary[state])

    def path_to(self, state: State) -> list[Move]:
        path: list[Move] = []
        while state != self.root:
            state, move = self.parent[state]
            path.append(move)
        return path[::-1]

    def descend(self, state: State, wanted: Callable[[int], bool]) -> list[Move]:
        """Moves from state to a leaf whose cell is wanted (the state's summary must have one)."""
        path: list[Move] = []
        while state not in self.leaves:
            candidates = [
                m for m in self.moves[state] if any(wanted(r) and n for r, n in enumerate(self.summary[m[2]]))
            ]
            move, _, state = min(candidates, key=lambda m: quietness(self.flow, m[0]))
            path.append(move)
        return path

    def answers(self, path: list[Move]) -> Answers:
        return answers_of(self.flow, path)

    def smallest(self, wanted: Callable[[int], bool]) -> list[Move] | None:
        """Moves from the root to a wanted leaf with the fewest worrying answers, then the fewest answers,
        then the fewest answers other than the commonest one (for example an age band rather than 'under 18').

        Exact, not greedy: the least cost to a wanted leaf is worked out for every state, the deepest first
        (every move goes one question on), then followed down from the root. None if no leaf is wanted.
        """
        best: dict[State, tuple[int, int, int]] = {}
        step: dict[State, tuple[Move, State]] = {}
        for state in sorted(self.summary, key=lambda s: -s[0]):
            if state in self.leaves:
                if wanted(self.leaves[state]):
                    best[state] = (0, 0, 0)
                continue
            for move, _, child in self.moves[state]:
                below = best.get(child)
                if below is None:
                    continue
                worry, answered, rare = cost(self.flow, move)
                total = (below[0] + worry, below[1] + answered, below[2] + rare)
                if state not in best or total < best[state]:
                    best[state], step[state] = total, (move, child)
        if self.root not in best:
            return None
        path: list[Move] = []
        state = self.root
        while state not in self.leaves:
            move, state = step[state]
            path.append(move)
        return path


def quietness(flow: Walk, move: Move) -> tuple[int, int, int, int]:
    """Orders answers so examples say "no", "none of these" and the commonest answer where they can."""
    if move is None:
        return (0, 0, 0, 0)
    cls = flow.domains[move[0]].classes[move[1]]
    return (int(cls.positive), len(cls.groups), -cls.count, move[1])


def cost(flow: Walk, move: Move) -> tuple[int, int, int]:
    """(worrying answers, answers, uncommon answers) of one move.

    A yes, or each group of choices ticked, is a worrying answer; an answer is uncommon when another class
    of the same question stands for more answers.
    """
    if move is None:
        return (0, 0, 0)
    classes = flow.domains[move[0]].classes
    cls = classes[move[1]]
    worry = len(cls.groups) if cls.kind == "set" else int(cls.positive)
    return (worry, 1, int(cls.count < max(c.count for c in classes)))


def answers_of(flow: Walk, path: list[Move]) -> Answers:
    answers: Answers = {}
    for move in path:
        if move is not None:
            qid, k = move
            answers[qid] = flow.domains[qid].classes[k].rep
    return answers


def level_range(flow: Flow, memo: dict[State, tuple[int, int]]) -> Callable[[State], tuple[int, int]]:
    """The most and least urgent level rank (`none` for no rule) any way on from a state gives, memoised."""

    def expand(state: State) -> list[tuple[None, int, State]]:
        return [] if flow.status(state) == DONE else [(None, 1, child) for child in flow.children(state)]

    def finish(state: State, moves: Sequence[tuple[None, int, State]]) -> None:
        if not moves:
            rank = min(flow.finish(state), NONE_RANK)
            memo[state] = (rank, rank)
        else:
            ranges = [memo[child] for _, _, child in moves]
            memo[state] = (min(r[0] for r in ranges), max(r[1] for r in ranges))

    def range_of(state: State) -> tuple[int, int]:
        post_order(state, memo, expand, finish)
        return memo[state]

    return range_of


def rank_cell(flow: Flow, state: State) -> int:
    """The level rank of an end state, NO_RULE when no rule fired."""
    return flow.finish(state)


def post_order(
    root: K,
    done: Container[K],
    expand: Callable[[K], Sequence[tuple[Any, int, K]]],
    finish: Callable[[K, Sequence[tuple[Any, int, K]]], None],
) -> None:
    """Expand root and every state below it not yet done into its moves, and finish each after its children.

    States are finished in the order a recursion would finish them, by a loop with a stack of its own:
    every move goes one question on, and a rule file may have more questions than Python's recursion limit.
    """
    if root in done:
        return
    charge()
    moves = expand(root)
    stack = [(root, moves, iter(moves))]
    while stack:
        state, moves, rest = stack[-1]
        for _, _, child in rest:
            if child not in done:  # a state is never below itself: every move goes one question on
                charge()  # the analysis's budget (selfcheck.analysis.budget), so a huge answer space stops in time
                below = expand(child)
                stack.append((child, below, iter(below)))
                break
        else:
            stack.pop()
            finish(state, moves)


def explore(flow: Any, cell: Callable[[Any, Any], int] = rank_cell, size: int = NO_RULE + 1) -> Explored:
    """Summarise every reachable state, then count the ways each is reached (states in flow order)."""
    ex = Explored(flow)
    units = tuple(tuple(1 if c == i else 0 for c in range(size)) for i in range(size))
    keys: dict[str, list[tuple[Move, int]]] = {}

    def expand(state: State) -> tuple[tuple[Move, int, State], ...]:
        status = flow.status(state)
        if status == DONE:
            ex.leaves[state] = cell(flow, state)
            moves: tuple[tuple[Move, int, State], ...] = ()
        elif status == ASK:
            qid = flow.question_at(state).id
            classes = flow.domains[qid].classes
            # A Flow steps each group of classes read alike once (Flow.steps); a tracked walk class by class.
            kids = flow.steps(state) if isinstance(flow, Flow) else [flow.step(state, k) for k in range(len(classes))]
            labels = keys.get(qid)
            if labels is None:  # one (question, class) and count per class, shared by every state that asks it
                labels = keys[qid] = [((qid, k), cls.count) for k, cls in enumerate(classes)]
            moves = tuple([(move, count, kid) for (move, count), kid in zip(labels, kids, strict=True)])
        else:
            moves = ((None, 1, flow.step(state, None)),)
        ex.moves[state] = moves
        return moves

    def finish(state: State, moves: Sequence[tuple[Move, int, State]]) -> None:
        if state in ex.leaves:
            ex.summary[state] = units[ex.leaves[state]]
            return
        acc = [0] * size
        by_child: dict[State, int] = {}  # many classes step to one child: add its summary once
        for _, count, child in moves:
            by_child[child] = by_child.get(child, 0) + count
        for child, count in by_child.items():
            add_summary(acc, count, ex.summary[child])
        ex.summary[state] = tuple(acc)

    post_order(flow.initial, ex.summary, expand, finish)
    _count_ways(ex)
    return ex


def _count_ways(ex: Explored) -> None:
    """How many answer prefixes reach each explored state, and the first way found to each."""
    ex.ways[ex.root] = 1
    for state in sorted(ex.summary, key=lambda s: s[0]):  # every move goes one question on
        here = ex.ways[state]
        for move, count, child in ex.moves[state]:
            if child not in ex.ways:
                ex.ways[child] = 0
                ex.parent[child] = (state, move)
            ex.ways[child] += here * count
