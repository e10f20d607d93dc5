"""A rule whose level never decides the result, since a more urgent rule always fires with it (a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Example, Finding
from selfcheck.errors import plural
from selfcheck.model.ruleset import Rule

ID = "shadowed-rule"
FAMILY = ""
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    walks = ctx.rule_walks
    for rule, covered in zip(ctx.ruleset.rules, walks.coverage, strict=True):
        if rule.id in walks.shadowed:
            yield finding(rule, covered.fires, walks.shadowed[rule.id])


def finding(rule: Rule, fires: int, example: Example) -> Finding:
    """The finding for a rule that fires only with a more urgent one (both methods)."""
    message = (
        f"rule '{rule.id}' ({rule.level}) fires in {plural(fires, 'answer set')}, but a more urgent "
        f"rule always fires with it, so its level never decides the result"
    )
    return Finding("warning", ID, message, rule.line, 1, (example,))
