"""The engine on one answer set of every distinct end state of the walks: no crash, and the counted level."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import NO_CRASH, Context
from selfcheck.analysis.findings import INTERNAL, Finding

ID = NO_CRASH
FAMILY = "engine"
WALKS = True
ALSO = (INTERNAL,)  # a disagreement with the engine is a bug of the analysis, reported as such


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.main_engine
    yield from ctx.rule_walks.engine
