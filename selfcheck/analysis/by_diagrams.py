"""`analyze` by binary decision diagrams: the walking checks counted under the budget, and their figures."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from selfcheck.analysis import budget
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.context import ANSWER_SPACE, Context
from selfcheck.analysis.findings import Finding
from selfcheck.analysis.outcome import Analysis
from selfcheck.analysis.registry import CHECKS, Check

if TYPE_CHECKING:
    from selfcheck.analysis.symbolic.bdd import Bdd
    from selfcheck.analysis.symbolic.figures import Figures


def _can_count_symbolically() -> bool:
    """Whether dd's CUDD binding is installed, told from its files without importing it: importing dd imports
    networkx, about 120 ms of CPU, a third of the bundled file's whole analysis (which never counts with the
    diagrams). The diagrams import dd when they are used (selfcheck.analysis.symbolic.bdd)."""
    import importlib.util
    from importlib.machinery import EXTENSION_SUFFIXES

    spec = importlib.util.find_spec("dd")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    return any(os.path.isfile(os.path.join(d, "cudd" + suffix)) for d in folders for suffix in EXTENSION_SUFFIXES)


def _symbolic(
    ctx: Context,
    findings: list[Finding],
    checked: list[str],
    start: float,
    limits: Budget,
    progress: Callable[[str], None] | None,
) -> Analysis:
    """The walking checks by the symbolic backend (selfcheck.analysis.symbolic), under the same limits: between
    diagram operations (limits.check) and inside them (CUDD's own limits, selfcheck.analysis.symbolic.bdd)."""
    from selfcheck.analysis.symbolic import bdd
    from selfcheck.analysis.symbolic.checks import CHECKS as SYMBOLIC
    from selfcheck.analysis.symbolic.figures import Figures

    fig = Figures(ctx.ruleset, limits.check, memory_mb=limits.max_memory_mb)
    walking = [c for c in CHECKS if c.WALKS]
    unavailable = tuple(dict.fromkeys(c.FAMILY for c in walking if c.ID not in SYMBOLIC and c.FAMILY))
    with bdd.limited(limits) as made:
        try:
            for n, c in enumerate(walking, 1):
                if c.ID not in SYMBOLIC:
                    continue
                if progress is not None:
                    limits.on_tick = _symbolic_reporter(progress, limits, c, n, len(walking))
                limits.check()
                findings += SYMBOLIC[c.ID](fig, ctx)
                checked.append(c.ID)
        except (budget.OverBudget, MemoryError, ValueError, RuntimeError) as e:
            why = _why_stopped(e, limits, made)
            message = f"the analysis stopped at its limit: {why}; it cannot check every answer set of this file yet"
            findings.append(Finding("error", ANSWER_SPACE, message))
            nodes = max((m.peak_nodes() for m in made), default=0)
            return _symbolic_analysis(ctx, fig, findings, checked, start, unavailable, complete=False, nodes=nodes)
        finally:
            limits.on_tick = None
    return _symbolic_analysis(ctx, fig, findings, checked, start, unavailable)


def _why_stopped(e: Exception, limits: Budget, made: list[Bdd]) -> str:
    """Why the diagrams stopped, in words: the budget looked at between operations, or CUDD giving up one
    operation at its own limit (from the budget), or no memory left; any other error is a bug, raised again."""
    from selfcheck.analysis.symbolic.bdd import out_of_memory
    from selfcheck.analysis.symbolic.native import MEMORY, TIME

    if isinstance(e, budget.OverBudget):
        return str(e)
    if isinstance(e, MemoryError):
        return "the machine ran out of memory"
    failures = [f for f in (m.failure() for m in made) if f is not None]
    if not failures and not out_of_memory(e):
        raise e
    if TIME in failures and limits.max_seconds is not None:
        return limits.time_message()
    if (MEMORY in failures or not failures) and limits.max_memory_mb is not None:
        return limits.memory_message()  # without CUDD's error code (no native calls), its memory limit
    return "the machine ran out of memory"


def _symbolic_reporter(
    progress: Callable[[str], None], limits: Budget, c: Check, n: int, of: int
) -> Callable[[], None]:
    def tick() -> None:
        progress(f"check {n} of {of} ({c.ID}), binary decision diagrams, {limits.elapsed():.0f} s")

    return tick


def _symbolic_analysis(
    ctx: Context,
    fig: Figures,
    findings: list[Finding],
    checked: list[str],
    start: float,
    unavailable: tuple[str, ...],
    complete: bool = True,
    nodes: int = 0,
) -> Analysis:
    """The analysis from the symbolic figures worked out (states: the diagrams' nodes; nodes, for a run that
    stopped, the most its diagrams held at once)."""
    ruleset = ctx.ruleset
    sorted_findings = tuple(sorted(findings, key=lambda f: (f.line, f.col, f.check, f.message)))
    seconds = time.perf_counter() - start
    done = fig.__dict__  # the figures worked out (cached properties)
    if "cells" not in done:
        return Analysis(
            ruleset.path,
            0,
            (),
            (),
            (),
            nodes,
            fig.evaluations,
            seconds,
            sorted_findings,
            complete=False,
            checked=tuple(checked),
            method="bdd",
            unavailable=unavailable,
        )
    return Analysis(
        ruleset.path,
        sum(fig.cells),
        fig.levels,
        fig.coverage if "coverage" in done else (),
        tuple((q.id, fig.asked[q.id]) for q in ruleset.questions) if "asked" in done else (),
        max(nodes, fig.enc.bdd.nodes()),
        fig.evaluations,
        seconds,
        sorted_findings,
        fig.proofs if "proofs" in done else (),
        _monotone_questions(ctx),
        sum(1 for q in ruleset.questions for c in q.choices if c.red_flag),
        complete,
        fig.late if "late" in done else (),
        checked=tuple(checked),
        method="bdd",
        unavailable=unavailable,
    )


def _monotone_questions(ctx: Context) -> int:
    """Sign and symptom questions whose answers can be more worrying, as the walk counts them
    (space.Domain.monotone_pairs), worked out without the classes (those of a large checklist would cost more
    than the whole symbolic count)."""
    from selfcheck.analysis.symbolic.monotone import has_pairs

    return sum(1 for q in ctx.ruleset.questions if has_pairs(ctx.ruleset, q))
