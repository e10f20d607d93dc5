"""A level's `max_questions_after_certain`: no answer set asks more questions after the level was certain."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.after_certain import CHECK, bound_findings
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding

ID = CHECK
FAMILY = "after-certain"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    yield from bound_findings(ctx.ruleset, ctx.late, ctx.where)
