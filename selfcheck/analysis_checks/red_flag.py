"""Red flag: every answer set with a choice marked `red_flag: LEVEL` gets LEVEL or a more urgent one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from selfcheck import engine
from selfcheck.analysis_context import Context
from selfcheck.checks import Example, Finding
from selfcheck.errors import plural
from selfcheck.model import level_rank
from selfcheck.space import ASK, State
from selfcheck.walks import Explored, Move

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
        line, col = ctx.where.choice(qid, cid)
        message = (
            f"choosing '{cid}' in '{qid}' must give at least '{q.choice(cid).red_flag}', "
            f"but {plural(n, 'answer set')} with it get a less urgent level"
        )
        yield Finding("error", ID, message, line, col, (Example(answers, level),))


def _below_flag(ex: Explored) -> dict[tuple[str, str], tuple[int, State, Move, State]]:
    """(question, choice) -> answer sets with it below its flag, and the first place found, to build an example."""
    bad: dict[tuple[str, str], tuple[int, State, Move, State]] = {}
    # Per question, per class: the red-flag choices its representative answer ticks, with their levels' ranks.
    flags: dict[str, list[list[tuple[str, int]]]] = {}
    for question in ex.flow.questions:
        own = {c.id: level_rank(c.red_flag) for c in question.choices if c.red_flag}
        if own:
            classes = ex.flow.domains[question.id].classes
            flags[question.id] = [[(cid, own[cid]) for cid in cls.rep if cid in own] for cls in classes]
    for state in ex.summary:
        if ex.flow.status(state) != ASK:
            continue
        q = ex.flow.question_at(state)
        of_class = flags.get(q.id)
        if of_class is None:
            continue
        for move, count, child in ex.moves[state]:
            assert move is not None
            for cid, limit in of_class[move[1]]:
                n = sum(ex.summary[child][limit + 1 :])
                if n:
                    total, *first = bad.get((q.id, cid), (0, state, move, child))
                    bad[(q.id, cid)] = (total + ex.ways[state] * count * n, *first)  # type: ignore[assignment]
    return bad


def _worse_than(limit: int) -> Callable[[int], bool]:
    return lambda cell: cell > limit
