"""The walking checks' findings from the symbolic figures, made by selfcheck.analysis.checks' own finding().

The same ids, messages and places as the walk's, from one wording each; every example is checked by the engine.

Monotonicity (selfcheck.analysis.symbolic.monotone) gives the walk's counts with its own examples, and the
questions asked after a level is certain (selfcheck.analysis.symbolic.late) the walk's worst cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from selfcheck.analysis.after_certain import bound_findings
from selfcheck.analysis.checks import dead_rule as dead_rule_check
from selfcheck.analysis.checks import gap as gap_check
from selfcheck.analysis.checks import monotonicity as monotonicity_check
from selfcheck.analysis.checks import red_flag as red_flag_check
from selfcheck.analysis.checks import shadowed_rule as shadowed_check
from selfcheck.analysis.checks import unreachable_question as unreachable_check
from selfcheck.analysis.context import Context, crashed, disagrees, level_of
from selfcheck.analysis.findings import Finding
from selfcheck.analysis.requirements import _findings as requirement_findings
from selfcheck.analysis.symbolic.figures import Figures
from selfcheck.engine import flow as engine


def gap(fig: Figures, ctx: Context) -> Iterator[Finding]:
    n, example = fig.gap
    if n:
        assert example is not None
        yield gap_check.finding(ctx, n, example)


def unreachable_question(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for q in ctx.ruleset.questions:
        if not fig.asked[q.id]:
            yield unreachable_check.finding(q)


def red_flag(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for f in fig.red_flags:
        yield red_flag_check.finding(ctx, f.question, f.choice, f.count, f.example)


def dead_rule(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for rule, covered in zip(ctx.ruleset.rules, fig.coverage, strict=True):
        if not covered.fires:
            yield dead_rule_check.finding(rule)


def shadowed_rule(fig: Figures, ctx: Context) -> Iterator[Finding]:
    for rule, covered in zip(ctx.ruleset.rules, fig.coverage, strict=True):
        if rule.id in fig.shadowed:
            yield shadowed_check.finding(rule, covered.fires, fig.shadowed[rule.id])


def no_crash(fig: Figures, ctx: Context) -> Iterator[Finding]:
    """The engine on the quietest answer set of every non-empty cell: no crash, the counted level, and the
    answers kept as given (the encoding's answer set is one the flow asks in full)."""
    for cell, answers in fig.witnesses:
        fig.evaluations += 1
        try:
            result = engine.evaluate(ctx.ruleset, answers)
        except Exception as e:  # a crash on a real answer set is the finding
            yield crashed(answers, e)
            return
        expected = level_of(cell)
        if result.level.id != expected or dict(result.answers) != dict(answers):
            yield disagrees(answers, expected, result.level.id)
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
