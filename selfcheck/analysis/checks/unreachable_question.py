"""A question the flow never asks, whatever the answers before it: an error."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding

ID = "unreachable-question"
FAMILY = "reachability"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    for q in ctx.ruleset.questions:
        if not ctx.asked[q.id]:
            yield Finding("error", ID, f"question '{q.id}' is never asked", q.line, 1)
