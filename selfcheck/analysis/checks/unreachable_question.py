"""A question the flow never asks, whatever the answers before it: an error."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.model.ruleset import Question

ID = "unreachable-question"
FAMILY = "reachability"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    for q in ctx.ruleset.questions:
        if not ctx.asked[q.id]:
            yield finding(q)


def finding(q: Question) -> Finding:
    """The finding for a question no answer set asks (both methods)."""
    return Finding("error", ID, f"question '{q.id}' is never asked", q.line, 1)
