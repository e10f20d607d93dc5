"""Gap: an answer set with a yes to a sign or symptom where no rule fires, so the person is told nothing (a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import GAP, Context
from selfcheck.analysis.findings import Example, Finding
from selfcheck.errors import plural

ID = "gap"
FAMILY = "gap"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    ex = ctx.main
    n = ex.summary[ex.root][GAP]
    if n:
        answers = ex.answers(ex.descend(ex.root, lambda c: c == GAP))
        yield finding(ctx, n, Example(answers, "none"))


def finding(ctx: Context, n: int, example: Example) -> Finding:
    """The finding for n answer sets with a yes to a sign or symptom that reach no rule (both methods)."""
    message = (
        f"{plural(n, 'answer set')} say yes to a sign or symptom but no rule fires "
        f"(the person is told '{ctx.ruleset.level('none').label}')"
    )
    return Finding("warning", ID, message, examples=(example,))
