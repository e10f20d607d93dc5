"""A rule that fires for no answer set: an error."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.model.ruleset import Rule

ID = "dead-rule"
FAMILY = "reachability"
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    for rule, covered in zip(ctx.ruleset.rules, ctx.rule_walks.coverage, strict=True):
        if not covered.fires:
            yield finding(rule)


def finding(rule: Rule) -> Finding:
    """The finding for a rule no answer set fires (both methods)."""
    return Finding("error", ID, f"rule '{rule.id}' fires for no answer set", rule.line, 1)
