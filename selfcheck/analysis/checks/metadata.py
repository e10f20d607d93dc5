"""The file's metadata: sources cited and defined, the review dates, the status and a clinical reviewer."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding

ID = "metadata"
FAMILY = ""
WALKS = False


def check(ctx: Context) -> Iterator[Finding]:
    meta, where, today = ctx.ruleset.metadata, ctx.where, ctx.today
    # The loader refuses a rule citing a source not defined, so only sources cited by no rule are left.
    cited = {sid for rule in ctx.ruleset.rules for sid in rule.sources}
    for i, source in enumerate(meta.sources):
        if source.id not in cited:
            line, col = where.at("metadata", "sources", i, "id")
            yield Finding("warning", ID, f"source '{source.id}' is cited by no rule", line, col)
    line, col = where.at("metadata", "next_review")
    next_review = _date(meta.next_review)
    if next_review and next_review < today:
        message = f"the review is overdue: next_review was {meta.next_review} (today is {today.isoformat()})"
        yield Finding("error", ID, message, line, col)
    line, col = where.at("metadata", "last_reviewed")
    last_reviewed = _date(meta.last_reviewed)
    if last_reviewed and last_reviewed > today:
        message = f"last_reviewed {meta.last_reviewed} is in the future (today is {today.isoformat()})"
        yield Finding("warning", ID, message, line, col)
    line, col = where.at("metadata", "status")
    if meta.status == "draft":
        message = "status is draft: the rule file has not been signed off for use with people"
        yield Finding("warning", ID, message, line, col)
    elif meta.status == "retired":
        yield Finding("error", ID, "status is retired: this rule file must not be used", line, col)
    if not meta.reviewers:
        line, col = where.at("metadata", "reviewers")
        yield Finding("warning", ID, "no clinical reviewer is listed", line, col)


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None
