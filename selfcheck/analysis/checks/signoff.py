"""What changed after the last `selfcheck sign`, worked out when the file was loaded: a warning each."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding

ID = "signoff"
FAMILY = ""
WALKS = False


def check(ctx: Context) -> Iterator[Finding]:
    for p in ctx.ruleset.content_changes:
        yield Finding("warning", ID, p.message, p.line, p.col)
