"""Monotonicity: for sign and symptom questions, a more worrying answer never gives a less urgent level.

Take any answer set A, change one answer to a more worrying one (yes/no: "no" or "not sure" to "yes";
checklist: tick one more choice, or replace an exclusive choice such as "none" with one choice). Every way
of answering the questions the change newly asks, keeping every other answer, must give a level at least
as urgent as A's. A counterexample is an error, with up to MAX_EXAMPLES before/after pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from selfcheck.analysis import walks
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import INTERNAL, Example, Finding
from selfcheck.analysis.joint import Joint, JState
from selfcheck.analysis.walks import RANKS, explore
from selfcheck.engine import flow as engine
from selfcheck.engine.space import ASK, Flow, State
from selfcheck.errors import plural
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Question

ID = "monotonicity"
FAMILY = "monotonicity"
WALKS = True
MAX_EXAMPLES = 3


def check(ctx: Context) -> Iterator[Finding]:
    # The shared flow (explored once for the rules and requirements) when the requirements read nothing the
    # rules do not: then it is this flow.
    same = ctx.shared.domains == ctx.level_domains
    flow = ctx.shared if same else Flow(ctx.ruleset, ctx.level_domains)
    level_range = walks.level_range(flow, {})

    def cannot_lower(js: JState) -> bool:
        """Once diverged: the least urgent level the changed answers can give is at least as urgent as the
        most urgent the first ones can, so no way on lowers the level (the joint walk is not needed there)."""
        if not js[4]:
            return False
        if js[2] == js[3] and (js[0] == js[1] or flow.as_urgent(js[0], js[1])):
            return True  # the changed answers give a level at least as urgent every way on
        return bool(level_range(js[0])[0] >= level_range(js[1])[1])

    # Until the answer to the question changes, both sides of a pair are the same flow in the same state, so
    # the joint walks start where the question is asked: each such state, reached in ways[state] ways, with
    # each before/after pair of classes there. Only a question where some pair lowers the level walks the
    # joint flow from the start, for its examples.
    ex = ctx.sweeper.ex if same else explore(flow)
    asked = _asking(flow, ex.summary)
    lower_cells = [ra * RANKS + rb for ra in range(RANKS) for rb in range(RANKS) if ra < rb]
    for q in ctx.ruleset.questions:
        pairs = flow.domains[q.id].monotone_pairs()
        if not pairs:
            continue
        joint = Joint(flow, flow, q.id, pairs, cannot_lower)
        classes = flow.domains[q.id].classes
        none: frozenset[tuple[str, int]] = frozenset()
        n = 0
        for state in asked.get(flow.order[q.id], []):
            for k, k2 in pairs:
                below = joint.visit((flow.step(state, k), flow.step(state, k2), none, none, True))
                n += ex.ways[state] * classes[k].count * sum(below[c] for c in lower_cells)
        ctx.states += len(joint.summary)
        if n:
            yield from _examples(ctx, joint, q, n)


def _asking(flow: Flow, states: Iterable[State]) -> dict[int, list[State]]:
    """Per position, the states given that ask the question there."""
    asked: dict[int, list[State]] = {}
    for state in states:
        if flow.status(state) == ASK:
            asked.setdefault(state[0], []).append(state)
    return asked


def _examples(ctx: Context, joint: Joint, q: Question, n: int) -> Iterator[Finding]:
    """The finding for a question where n before/after pairs lower the level, with up to MAX_EXAMPLES."""
    lower = list(joint.cells(lambda ra, rb: ra < rb))
    assert sum(c for _, _, c in lower) == n  # the same pairs, counted from the start
    pairs = []
    for ra, rb, _ in sorted(lower)[:MAX_EXAMPLES]:
        before, after = joint.witness(ra * RANKS + rb)
        pairs.append((before, after, ra, rb))
    yield from lowering(ctx, q, n, pairs)


def lowering(ctx: Context, q: Question, n: int, pairs: list[tuple[Answers, Answers, int, int]]) -> Iterator[Finding]:
    """The finding for n before/after pairs of q that lower the level, with examples (before answers, after
    answers, their level ranks as counted) checked by the engine: a disagreement is an internal error."""
    examples = []
    for before, after, ra, rb in pairs:
        levels = engine.evaluate(ctx.ruleset, before).level.id, engine.evaluate(ctx.ruleset, after).level.id
        if levels != (LEVEL_IDS[ra], LEVEL_IDS[rb]):  # the engine is the reference
            message = f"the analysis expected {LEVEL_IDS[ra]} then {LEVEL_IDS[rb]} here; please report this"
            # a bug of the analysis: counted with the engine family (no_crash.ALSO), not this one
            yield Finding("error", INTERNAL, message, examples=(Example(before, levels[0]),))
        examples.append(Example(before, levels[0], after, levels[1]))
    message = f"a more worrying answer to '{q.id}' can give a less urgent level ({plural(n, 'before/after pair')})"
    yield Finding("error", ID, message, q.line, 1, tuple(examples))


def symbolic(ctx: Context, tick: Callable[[], None] = lambda: None) -> Iterator[Finding]:
    """The same check on binary decision diagrams (selfcheck.analysis.symbolic.monotone; needs dd), for
    rule files too large to walk: the same counts, its own examples; tick between diagram operations."""
    from selfcheck.analysis.symbolic.monotone import lowered

    for found in lowered(ctx.ruleset, tick):
        yield from lowering(ctx, ctx.ruleset.question(found.question), found.pairs, list(found.examples))
