"""The file's clinical requirements, each proved over every answer set where it applies (selfcheck.requirements)."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.analysis.requirements import CHECK

ID = CHECK
FAMILY = "requirements"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.proofs[1]
