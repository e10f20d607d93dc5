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
        message = (
            f"{plural(n, 'answer set')} say yes to a sign or symptom but no rule fires "
            f"(the person is told '{ctx.ruleset.level('none').label}')"
        )
        yield Finding("warning", ID, message, examples=(Example(answers, "none"),))
