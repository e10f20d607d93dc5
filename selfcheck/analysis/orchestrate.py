"""`selfcheck analyze`: checks over every answer set a person can give, plus wording and metadata checks.

Definitions the checks use (the clinician-facing meaning of each finding):

- An answer set is a complete path through the question flow: questions in file order, a question with
  `ask_if` only when it holds on the earlier answers, nothing more once a `stop` rule fires; one choice
  for single and yes/no questions, any non-empty set of choices for a checklist, an exclusive choice
  alone. Every answer set is covered (counted by classes, see selfcheck.engine.space), none is sampled.
- Gap: an answer set where the person said "yes" to a sign or symptom (or ticked one) and no rule fired,
  so they are told "nothing on this checklist" (a warning).
- Dead rule: fires for no answer set. Shadowed rule: whenever it fires a more urgent rule fires too, so
  its level never decides the result (a warning: its message is still shown).
- Monotonicity, for questions of kind sign or symptom: take any answer set A, change one answer to a
  more worrying one (yes/no: "no" or "not sure" to "yes"; checklist: tick one more choice, or replace an
  exclusive choice such as "none" with one choice). The changed answers may ask other later questions
  and stop asking some. Every way of answering the newly asked questions, keeping every other answer,
  must give a level at least as urgent as A's. A counterexample is an error.
- Red flag: every answer set containing a choice marked `red_flag: LEVEL` gets LEVEL or more urgent.
- Requirement: every answer set in which a requirement's condition holds gets a level within its
  bounds (`at_least`, `at_most`); a requirement whose condition never holds is an error too
  (selfcheck.analysis.requirements). A red flag is shorthand for one.
- Questions after certain: for every answer set, the questions asked after its level was already
  certain (every way on gives it). The worst case per level is reported with an example; a level's
  `max_questions_after_certain` makes exceeding it an error.
- No crash, exactly one level: the engine is run on one answer set of every distinct end state of the
  walk and must give the level the walk counted; a crash or a disagreement is an error.

Counting: answers that every condition reads alike form one class (selfcheck.engine.space), and the flow is
walked once per distinct state of partially evaluated conditions (selfcheck.analysis.walks), so the analysis
covers every answer set while its work grows with the distinct states, not with the answer sets.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from selfcheck.analysis import budget
from selfcheck.analysis.after_certain import AfterCertain
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.context import ANSWER_SPACE, Context, RuleCoverage, level_of
from selfcheck.analysis.findings import Finding, Locator
from selfcheck.analysis.registry import CHECKS, Check
from selfcheck.analysis.requirements import Proof
from selfcheck.engine.space import TooManyGroups
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.sourcemap import SourceMap

__all__ = ["ANSWER_SPACE", "Analysis", "RuleCoverage", "analyze"]


@dataclass(frozen=True)
class Analysis:
    path: str
    answer_sets: int
    levels: tuple[tuple[str, int], ...]  # answer sets per level, most urgent first
    rules: tuple[RuleCoverage, ...]
    questions: tuple[tuple[str, int], ...]  # answer sets in which each question is asked
    states: int  # distinct condition states explored
    evaluations: int  # leaf evaluations by the analysis plus cross-checks by the engine
    seconds: float
    findings: tuple[Finding, ...]
    requirements: tuple[Proof, ...] = ()
    monotone_questions: int = 0  # sign and symptom questions whose answers can be more worrying
    red_flags: int = 0  # choices marked red_flag
    complete: bool = True  # False when the answer space could not be walked in full (too large, or a budget)
    # Per level, the most questions asked after it was already certain (selfcheck.after_certain).
    after_certain: tuple[AfterCertain, ...] = ()
    checked: tuple[str, ...] = ()  # the ids of the checks that ran to the end, in registry order
    refused: bool = False  # True when the answer space was refused as too large to check every combination

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")


def analyze(
    ruleset: RuleSet,
    today: datetime.date | None = None,
    doc: strict_yaml.Document | None = None,
    limits: Budget | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Run every check of the registry on a loaded rule set; findings take their place from its source map
    (rulefile.sourcemap.places).

    doc, when given, is the parsed file to take positions from instead (for a rule set built by hand).

    The walks stop at limits (by default selfcheck.budget's): the checks finished by then keep their findings
    and count as proved (Analysis.checked); one error finding says where it stopped, instead of running out of
    time or memory. progress, if given, is called with a line saying which check runs and how far the walks
    have got (between checks, and every few hundred states within one).
    """
    start = time.perf_counter()
    where = Locator(ruleset, SourceMap(doc) if doc is not None else None)
    ctx = Context(ruleset, today or datetime.date.today(), where)
    findings: list[Finding] = []
    checked: list[str] = []
    for c in CHECKS:
        if not c.WALKS:
            findings += c.check(ctx)
            checked.append(c.ID)
    try:
        ctx.domains, ctx.level_domains  # noqa: B018  (made now: a ValueError says the space is too large)
    except ValueError as e:
        line, col = _refused_at(ctx, e)
        findings.append(Finding("error", ANSWER_SPACE, f"{e}: too many to check every combination", line, col))
        return _analysis(ctx, findings, checked, start, complete=False, refused=True)
    walking = [c for c in CHECKS if c.WALKS]
    limits = limits or Budget.default()
    try:
        with budget.limit(limits):
            for n, c in enumerate(walking, 1):
                if progress is not None:
                    limits.on_tick = _reporter(progress, limits, c, n, len(walking))
                limits.check()  # also calls on_tick
                findings += c.check(ctx)
                checked.append(c.ID)
    except (budget.OverBudget, MemoryError) as e:
        why = str(e) if isinstance(e, budget.OverBudget) else "the machine ran out of memory"
        message = f"the analysis stopped at its limit: {why}; it cannot check every answer set of this file yet"
        findings.append(Finding("error", ANSWER_SPACE, message))
        return _analysis(ctx, findings, checked, start, complete=False, states=limits.states)
    finally:
        limits.on_tick = None
    return _analysis(ctx, findings, checked, start)


def _reporter(progress: Callable[[str], None], limits: Budget, c: Check, n: int, of: int) -> Callable[[], None]:
    def tick() -> None:
        progress(f"check {n} of {of} ({c.ID}), {limits.states:,} states walked, {limits.elapsed():.0f} s")

    return tick


def _refused_at(ctx: Context, e: ValueError) -> tuple[int, int]:
    """Where the question whose answers are too many to list stands in the file (0, 0 when not known)."""
    if isinstance(e, TooManyGroups) and e.question in {q.id for q in ctx.ruleset.questions}:
        qi = next(i for i, q in enumerate(ctx.ruleset.questions) if q.id == e.question)
        line, col = ctx.where.at("questions", qi, "id")
        return (line, col) if line else (ctx.ruleset.question(e.question).line, 1)
    return 0, 0


def _analysis(
    ctx: Context,
    findings: list[Finding],
    checked: list[str],
    start: float,
    complete: bool = True,
    refused: bool = False,
    states: int = 0,
) -> Analysis:
    """The analysis from what the checks found and what the walks that were made counted; states, for one
    stopped at its limit, the states the walks had got through (more than the finished walks counted)."""
    ruleset = ctx.ruleset
    sorted_findings = tuple(sorted(findings, key=lambda f: (f.line, f.col, f.check, f.message)))
    seconds = time.perf_counter() - start
    if not ctx.walked("main"):  # nothing walked: no figure to give
        return Analysis(
            ruleset.path,
            0,
            (),
            (),
            (),
            max(ctx.states, states),
            ctx.evaluations,
            seconds,
            sorted_findings,
            complete=False,
            checked=tuple(checked),
            refused=refused,
        )
    root = ctx.main.summary[ctx.main.root]
    levels = tuple((level, sum(n for c, n in enumerate(root) if level_of(c) == level)) for level in LEVEL_IDS)
    rules = ctx.rule_walks.coverage if ctx.walked("rule_walks") else ()
    asked = ctx.asked
    return Analysis(
        ruleset.path,
        sum(root),
        levels,
        rules,
        tuple((q.id, asked[q.id]) for q in ruleset.questions),
        max(ctx.states, states),
        ctx.evaluations,
        seconds,
        sorted_findings,
        ctx.proofs[0] if ctx.walked("proofs") else (),
        sum(1 for q in ruleset.questions if ctx.level_domains[q.id].monotone_pairs()),
        sum(1 for q in ruleset.questions for c in q.choices if c.red_flag),
        complete,
        ctx.late if ctx.walked("late") else (),
        tuple(checked),
        refused,
    )
