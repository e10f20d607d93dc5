"""Monotonicity: for sign and symptom questions, a more worrying answer never gives a less urgent level.

Take any answer set A, change one answer to a more worrying one (yes/no: "no" or "not sure" to "yes";
checklist: tick one more choice, or replace an exclusive choice such as "none" with one choice). Every way
of answering the questions the change newly asks, keeping every other answer, must give a level at least
as urgent as A's. A counterexample is an error, with up to MAX_EXAMPLES before/after pairs.
"""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck import engine, walks
from selfcheck.analysis_context import Context
from selfcheck.checks import INTERNAL, Example, Finding
from selfcheck.errors import plural
from selfcheck.model import LEVEL_IDS, Question
from selfcheck.space import Flow
from selfcheck.walks import RANKS, Joint, JState

ID = "monotonicity"
FAMILY = "monotonicity"
WALKS = True
MAX_EXAMPLES = 3


def check(ctx: Context) -> Iterator[Finding]:
    flow = Flow(ctx.ruleset, ctx.level_domains)
    level_range = walks.level_range(flow, {})

    def cannot_lower(js: JState) -> bool:
        """Once diverged: the least urgent level the changed answers can give is at least as urgent as the
        most urgent the first ones can, so no way on lowers the level (the joint walk is not needed there)."""
        if not js[4]:
            return False
        if js[0] == js[1] and js[2] == js[3]:  # the same state from here on: the same level every way on
            return True
        return bool(level_range(js[0])[0] >= level_range(js[1])[1])

    for q in ctx.ruleset.questions:
        pairs = flow.domains[q.id].monotone_pairs()
        if pairs:
            yield from _question(ctx, Joint(flow, flow, q.id, pairs, cannot_lower), q)


def _question(ctx: Context, joint: Joint, q: Question) -> Iterator[Finding]:
    lower = list(joint.cells(lambda ra, rb: ra < rb))
    ctx.states += len(joint.summary)
    if not lower:
        return
    examples = []
    for ra, rb, _ in sorted(lower)[:MAX_EXAMPLES]:
        before, after = joint.witness(ra * RANKS + rb)
        levels = engine.evaluate(ctx.ruleset, before).level.id, engine.evaluate(ctx.ruleset, after).level.id
        if levels != (LEVEL_IDS[ra], LEVEL_IDS[rb]):  # the engine is the reference
            message = f"the analysis expected {LEVEL_IDS[ra]} then {LEVEL_IDS[rb]} here; please report this"
            # a bug of the analysis: counted with the engine family (no_crash.ALSO), not this one
            yield Finding("error", INTERNAL, message, examples=(Example(before, levels[0]),))
        examples.append(Example(before, levels[0], after, levels[1]))
    n = sum(c for _, _, c in lower)
    message = f"a more worrying answer to '{q.id}' can give a less urgent level ({plural(n, 'before/after pair')})"
    yield Finding("error", ID, message, q.line, 1, tuple(examples))
