"""The analysis checks, one module each (selfcheck.analysis.checks), in the order `analyze` runs them.

Like yamllint's rules/: every check module has an ID (the [id] its findings carry), a FAMILY (the line of
`analyze` that says what it proved, "" for none), WALKS (whether it needs the answer space walked, so the
budget applies) and check(ctx) yielding Findings. The checks that need no walk come first, so they are
always reported; then the walks, cheapest first, so a run stopped at its budget has proved the most it could.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from selfcheck.analysis.checks import (
    after_certain,
    dead_rule,
    gap,
    metadata,
    monotonicity,
    no_crash,
    reading_age,
    red_flag,
    requirement,
    shadowed_rule,
    signoff,
    unreachable_question,
    unread_choice,
    wording,
)
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding


class Check(Protocol):
    """What a check module provides (a module is checked against this by mypy)."""

    ID: str
    FAMILY: str
    WALKS: bool

    def check(self, ctx: Context) -> Iterator[Finding]: ...


CHECKS: tuple[Check, ...] = (
    unread_choice,
    wording,
    reading_age,
    metadata,
    signoff,
    gap,
    unreachable_question,
    red_flag,
    after_certain,
    monotonicity,
    dead_rule,
    shadowed_rule,
    no_crash,
    requirement,
)


def ids(check: Check) -> tuple[str, ...]:
    """Every id the check's findings may carry: its ID, and any it also reports (ALSO, e.g. internal)."""
    return (check.ID, *getattr(check, "ALSO", ()))


def family_checks() -> dict[str, tuple[str, ...]]:
    """Family -> the ids of the findings it counts, in registry order."""
    out: dict[str, tuple[str, ...]] = {}
    for c in CHECKS:
        if c.FAMILY:
            out[c.FAMILY] = out.get(c.FAMILY, ()) + tuple(i for i in ids(c) if i not in out.get(c.FAMILY, ()))
    return out
