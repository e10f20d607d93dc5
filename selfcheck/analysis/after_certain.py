"""Questions asked after the level was already certain: the worst case per level, where, and the rule file's bound.

A level is certain at a point of the flow when every way on from there gives it (selfcheck.engine.certainty).
For every answer set, the questions asked after that point are ones whose answers could not change the
advice. The engine ends the questions there for emergency (and for levels marked `stop_when_certain`)
when the answers already give that level; this counts what is still asked, over every answer set.
"""

from __future__ import annotations

from selfcheck.analysis.findings import Example, Finding, Locator
from selfcheck.analysis.walks import Explored, Move, quietness
from selfcheck.engine.space import ASK, NONE_RANK, State
from selfcheck.errors import plural
from selfcheck.model.records import NamedTuple
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet

CHECK = "after-certain"  # the id of the findings of bound_findings (selfcheck.analysis.checks.after_certain)


class AfterCertain(NamedTuple):
    """For one level: the most questions any answer set with it asks after it was certain, and one such set."""

    level: str
    worst: int
    first: str  # the first question asked after the level was certain, in that answer set ("" when none)
    example: Example
    bound: int | None = None  # the level's max_questions_after_certain in the rule file


def after_certain(ex: Explored) -> tuple[AfterCertain, ...]:
    """Per level that some answer set gets, most urgent first: the worst case and an example answer set."""
    flow = ex.flow
    # The most questions asked on any way from a state to the end (the state's own question included),
    # and the move that way takes.
    longest: dict[State, int] = {}
    way: dict[State, tuple[Move, State]] = {}
    for state in sorted(ex.summary, key=lambda s: -s[0]):  # every move goes one question on
        own = 1 if flow.status(state) == ASK else 0
        moves = ex.moves[state]
        if moves:
            # The longest way, and of those the quietest answer, so the example reads like a real one.
            move, _, child = min(moves, key=lambda m: (-longest[m[2]], quietness(flow, m[0])))
            way[state] = (move, child)
            own += longest[child]
        longest[state] = own
    certain: dict[int, list[State]] = {}
    for state, summary in ex.summary.items():
        ranks = {min(cell, NONE_RANK) for cell, n in enumerate(summary) if n}
        if len(ranks) == 1:
            certain.setdefault(ranks.pop(), []).append(state)
    worst: dict[int, tuple[int, State]] = {}
    for rank, states in certain.items():
        n = max(longest[s] for s in states)
        # Of the states where it is worst, the one reached with the quietest answers makes the example.
        ties = [s for s in states if longest[s] == n]
        state = min(ties, key=lambda s: (s[0], [quietness(flow, m) for m in ex.path_to(s)]))
        worst[rank] = (n, state)
    out = []
    for rank in sorted(worst):
        n, state = worst[rank]
        path = ex.path_to(state)
        first = ""
        while state in way:
            if not first and flow.status(state) == ASK:
                first = flow.question_at(state).id
            move, state = way[state]
            path.append(move)
        level = flow.ruleset.level(LEVEL_IDS[rank])
        example = Example(ex.answers(path), level.id)
        out.append(AfterCertain(level.id, n, first, example, level.max_questions_after_certain))
    return tuple(out)


def bound_findings(ruleset: RuleSet, found: tuple[AfterCertain, ...], where: Locator) -> list[Finding]:
    """An error for each level whose `max_questions_after_certain` some answer set exceeds."""
    findings = []
    for i, level in enumerate(ruleset.levels):
        bound = level.max_questions_after_certain
        got = next((a for a in found if a.level == level.id), None)
        if bound is None or got is None or got.worst <= bound:
            continue
        line, col = where.at("levels", i, "max_questions_after_certain")
        message = (
            f"at most {plural(bound, 'question')} may be asked after '{level.id}' is certain; these answers "
            f"ask {plural(got.worst, 'question')} after it was, from '{got.first}' on"
        )
        findings.append(Finding("error", CHECK, message, line, col, (got.example,)))
    return findings
