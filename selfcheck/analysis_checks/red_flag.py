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
    for state in ex.summary:
        if ex.flow.status(state) != ASK:
            continue
        q = ex.flow.question_at(state)
        for move, count, child in ex.moves[state]:
            assert move is not None
            for cid in ex.flow.domains[q.id].classes[move[1]].rep:
                flag = q.choice(cid).red_flag if cid in q.choice_ids else ""
                if not flag:
                    continue
                n = sum(ex.summary[child][level_rank(flag) + 1 :])
                if n:
                    total, *first = bad.get((q.id, cid), (0, state, move, child))
                    bad[(q.id, cid)] = (total + ex.ways[state] * count * n, *first)  # type: ignore[assignment]
    return bad


def _worse_than(limit: int) -> Callable[[int], bool]:
    return lambda cell: cell > limit
