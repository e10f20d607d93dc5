"""A level's `max_questions_after_certain`: no answer set asks more questions after the level was certain."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.after_certain import CHECK, bound_findings
from selfcheck.analysis_context import Context
from selfcheck.checks import Finding

ID = CHECK
FAMILY = "after-certain"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    yield from bound_findings(ctx.ruleset, ctx.late, ctx.where)
