"""The walking checks' findings from the symbolic figures, as selfcheck.analysis.checks words them.

The same ids, messages and places (the tests compare the two backends finding by finding); every example
is checked by the engine.

Monotonicity (selfcheck.analysis.symbolic.monotone) gives the walk's counts with its own examples, and the
questions asked after a level is certain (selfcheck.analysis.symbolic.late) the walk's worst cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from selfcheck.analysis.after_certain import bound_findings
from selfcheck.analysis.checks import monotonicity as monotonicity_check
from selfcheck.analysis.context import NO_CRASH, Context, level_of
from selfcheck.analysis.findings import INTERNAL, Example, Finding
from selfcheck.analysis.requirements import _findings as requirement_findings
from selfcheck.analysis.symbolic.figures import Figures
from selfcheck.engine import flow as engine
from selfcheck.errors import plural


def gap(fig: Figures, ctx: Context) -> Iterator[Finding]:
    n, example = fig.gap
    if n:
        assert example is not None
        message = (
            f"{plural(n, 'answer set')} say yes to a sign or symptom but no rule fires "
            f"(the person is told '{ctx.ruleset.level('none').label}')"
        )
        yield Finding("warning", "gap", message, examples=(example,))


def unreachable_question(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for q in ctx.ruleset.questions:
        if not fig.asked[q.id]:
            yield Finding("error", "unreachable-question", f"question '{q.id}' is never asked", q.line, 1)


def red_flag(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for flagged in fig.red_flags:
        q = ctx.ruleset.question(flagged.question)
        line, col = ctx.where.choice(flagged.question, flagged.choice)
        message = (
            f"choosing '{flagged.choice}' in '{flagged.question}' must give at least "
            f"'{q.choice(flagged.choice).red_flag}', but {plural(flagged.count, 'answer set')} with it get a "
            "less urgent level"
        )
        yield Finding("error", "red-flag", message, line, col, (flagged.example,))


def dead_rule(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for rule, covered in zip(ctx.ruleset.rules, fig.coverage, strict=True):
        if not covered.fires:
            yield Finding("error", "dead-rule", f"rule '{rule.id}' fires for no answer set", rule.line, 1)


def shadowed_rule(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for rule, covered in zip(ctx.ruleset.rules, fig.coverage, strict=True):
        if rule.id in fig.shadowed:
            message = (
                f"rule '{rule.id}' ({rule.level}) fires in {plural(covered.fires, 'answer set')}, but a more "
                "urgent rule always fires with it, so its level never decides the result"
            )
            yield Finding("warning", "shadowed-rule", message, rule.line, 1, (fig.shadowed[rule.id],))


def no_crash(fig: Figures, ctx: Context) -> Iterator[Finding]:
    """The engine on the quietest answer set of every non-empty cell: no crash, the counted level, and the
    answers kept as given (the encoding's answer set is one the flow asks in full)."""
    for cell, answers in fig.witnesses:
        fig.evaluations += 1
        try:
            result = engine.evaluate(ctx.ruleset, answers)
        except Exception as e:  # a crash on a real answer set is the finding
            message = f"evaluating these answers crashes ({type(e).__name__}: {e})"
            yield Finding("error", NO_CRASH, message, examples=(Example(answers, "?"),))
            return
        expected = level_of(cell)
        if result.level.id != expected or dict(result.answers) != dict(answers):
            message = f"the analysis expected '{expected}' here; please report this"
            yield Finding("error", INTERNAL, message, examples=(Example(answers, result.level.id),))
            return


def requirement(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for proof in fig.proofs:
        yield from requirement_findings(ctx.ruleset, proof)


def monotonicity(fig: Figures, ctx: Context) -> Iterator[Finding]:
    yield from monotonicity_check.symbolic(ctx, fig.tick)


def after_certain(fig: Figures, ctx: Context) -> Iterator[Finding]:
    yield from bound_findings(ctx.ruleset, fig.late, ctx.where)


CHECKS: dict[str, Callable[[Figures, Context], Iterator[Finding]]] = {
    "gap": gap,
    "unreachable-question": unreachable_question,
    "red-flag": red_flag,
    "dead-rule": dead_rule,
    "shadowed-rule": shadowed_rule,
    "no-crash": no_crash,
    "requirement": requirement,
    "monotonicity": monotonicity,
    "after-certain": after_certain,
}
