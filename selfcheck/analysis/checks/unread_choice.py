"""Choices no rule or ask_if reads: a warning, since some questions are asked only for the doctor's summary."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.engine.classes import conditions_of
from selfcheck.model.conditions import tests

ID = "unread-choice"
FAMILY = ""
WALKS = False


def check(ctx: Context) -> Iterator[Finding]:
    read: dict[str, set[str]] = {}
    for cond in conditions_of(ctx.ruleset):
        for t in tests(cond):
            read.setdefault(t.question, set()).update(t.choices)
    for q in ctx.ruleset.questions:
        unread = [c.id for c in q.choices if c.id not in read.get(q.id, set())]
        if not unread:
            continue
        if len(unread) == len(q.choices):
            message = f"no rule or condition reads question '{q.id}': its answer only goes to the doctor's summary"
            yield Finding("warning", ID, message, q.line, 1)
        else:
            line, col = ctx.where.choice(q.id, unread[0])
            yield Finding(
                "warning", ID, f"no rule or condition reads {_list(unread, 'choice')} of question '{q.id}'", line, col
            )


def _list(ids: list[str], noun: str) -> str:
    quoted = ", ".join(f"'{i}'" for i in ids)
    return f"{noun} {quoted}" if len(ids) == 1 else f"{noun}s {quoted}"
