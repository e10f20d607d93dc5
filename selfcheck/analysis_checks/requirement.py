"""The file's clinical requirements, each proved over every answer set where it applies (selfcheck.requirements)."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis_context import Context
from selfcheck.checks import Finding
from selfcheck.requirements import CHECK

ID = CHECK
FAMILY = "requirements"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.proofs[1]
