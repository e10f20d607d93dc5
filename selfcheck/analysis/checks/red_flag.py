"""Red flag: every answer set with a choice marked `red_flag: LEVEL` gets LEVEL or a more urgent one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Example, Finding
from selfcheck.analysis.walks import Explored, Move
from selfcheck.engine import flow as engine
from selfcheck.engine.space import ASK, Flow, State
from selfcheck.errors import plural
from selfcheck.model.ruleset import level_rank

ID = "red-flag"
FAMILY = "red-flags"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    ruleset, ex = ctx.ruleset, ctx.main
    for (qid, cid), (n, state, move, child) in _below_flag(ex).items():
        q = ruleset.question(qid)
        limit = level_rank(q.choice(cid).red_flag)
        path = [*ex.path_to(state), move, *ex.descend(child, _worse_than(limit))]
        answers = ex.answers(path)
        level = engine.evaluate(ruleset, answers).level.id
        yield finding(ctx, qid, cid, n, Example(answers, level))


def finding(ctx: Context, qid: str, cid: str, n: int, example: Example) -> Finding:
    """The finding for n answer sets with red-flag choice cid of qid below its level (both methods)."""
    line, col = ctx.where.choice(qid, cid)
    message = (
        f"choosing '{cid}' in '{qid}' must give at least '{ctx.ruleset.question(qid).choice(cid).red_flag}', "
        f"but {plural(n, 'answer set')} with it {'gets' if n == 1 else 'get'} a less urgent level"
    )
    return Finding("error", ID, message, line, col, (example,))


def _below_flag(ex: Explored) -> dict[tuple[str, str], tuple[int, State, Move, State]]:
    """(question, choice) -> answer sets with it below its flag, and the first place found, to build an example."""
    bad: dict[tuple[str, str], tuple[int, State, Move, State]] = {}
    flow = ex.flow
    assert isinstance(flow, Flow)
    flagged, limits = _flagged(flow)
    for state in ex.summary:
        effects = flagged.get(state[0])
        if effects is None or flow.status(state) != ASK:
            continue
        qid = flow.questions[state[0]].id
        for first, ticked in effects:
            child = flow.step(state, first)
            for cid, count in ticked.items():
                n = sum(ex.summary[child][limits[(state[0], cid)] + 1 :])
                if not n:
                    continue
                got = bad.get((qid, cid))
                if got is None:  # the first class, in order, that ticks it and goes below its level
                    got = (0, *_first_below(ex, state, cid, limits[(state[0], cid)]))
                bad[(qid, cid)] = (got[0] + ex.ways[state] * count * n, got[1], got[2], got[3])
    return bad


def _flagged(flow: Flow) -> tuple[dict[int, list[tuple[int, dict[str, int]]]], dict[tuple[int, str], int]]:
    """Per position of a question with red-flag choices: for each effect whose classes tick some, its first
    class and the answers they stand for that tick each; and the rank of each (position, choice)'s flag."""
    # Classes with one effect step a state to one child (Flow.effect): per question, per effect, the answers
    # its classes stand for that tick each red-flag choice, and the effect's first class.
    flagged: dict[int, list[tuple[int, dict[str, int]]]] = {}
    limits: dict[tuple[int, str], int] = {}
    for pos, question in enumerate(flow.questions):
        own = {c.id: level_rank(c.red_flag) for c in question.choices if c.red_flag}
        if not own:
            continue
        by_effect: dict[int, tuple[int, dict[str, int]]] = {}
        for k, cls in enumerate(flow.domains[question.id].classes):
            ticked = by_effect.setdefault(flow.effect[pos][k], (k, {}))[1]
            for cid in cls.rep:
                if cid in own:
                    ticked[cid] = ticked.get(cid, 0) + cls.count
                    limits[(pos, cid)] = own[cid]
        flagged[pos] = [entry for entry in by_effect.values() if entry[1]]
    return flagged, limits


def _first_below(ex: Explored, state: State, cid: str, limit: int) -> tuple[State, Move, State]:
    """The first move from state, in class order, that ticks cid and has an answer set below its level."""
    for move, _, child in ex.moves[state]:
        assert move is not None
        if cid in ex.flow.domains[move[0]].classes[move[1]].rep and sum(ex.summary[child][limit + 1 :]) > 0:
            return state, move, child
    raise AssertionError("a red flag was counted below its level from this state")


def _worse_than(limit: int) -> Callable[[int], bool]:
    return lambda cell: cell > limit
