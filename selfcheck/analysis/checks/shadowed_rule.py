"""A rule whose level never decides the result, since a more urgent rule always fires with it (a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.errors import plural

ID = "shadowed-rule"
FAMILY = ""
WALKS = True


def check(ctx: Context) -> Iterator[Finding]:
    walks = ctx.rule_walks
    for rule, covered in zip(ctx.ruleset.rules, walks.coverage, strict=True):
        if rule.id in walks.shadowed:
            message = (
                f"rule '{rule.id}' ({rule.level}) fires in {plural(covered.fires, 'answer set')}, but a more urgent "
                f"rule always fires with it, so its level never decides the result"
            )
            yield Finding("warning", ID, message, rule.line, 1, (walks.shadowed[rule.id],))
