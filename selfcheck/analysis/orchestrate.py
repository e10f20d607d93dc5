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

from selfcheck.analysis import budget
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.by_diagrams import _can_count_symbolically, _symbolic
from selfcheck.analysis.context import ANSWER_SPACE, Context, RuleCoverage, level_of
from selfcheck.analysis.findings import Finding, Locator
from selfcheck.analysis.outcome import Analysis
from selfcheck.analysis.registry import CHECKS, Check
from selfcheck.engine.classes import TooManyGroups
from selfcheck.model.conditions import tests
from selfcheck.model.records import PausedCollections
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet
from selfcheck.rulefile import yaml_nodes
from selfcheck.rulefile.sourcemap import SourceMap

__all__ = ["ANSWER_SPACE", "Analysis", "RuleCoverage", "analyze"]

METHODS = ("auto", "walk", "bdd")
# With method auto and dd installed: a file whose conditions read more questions than this is counted
# symbolically at once (the walk's states grow with the questions read together; questions no condition reads
# cost it little), and a walk that charges more states than AUTO_STATES (or refuses a checklist) is given up
# for the symbolic backend. The bundled file reads 30 questions and charges about 40,000 states; copied
# twice, 60 (its walk takes about 2.5 s); the 40-question files are walked first, within the allowance.
AUTO_QUESTIONS = 60
AUTO_STATES = 100_000
SCALE_HINT = "pip install 'selfcheck[scale]' adds a method that can (--method bdd)"


def analyze(
    ruleset: RuleSet,
    today: datetime.date | None = None,
    doc: yaml_nodes.Document | None = None,
    limits: Budget | None = None,
    progress: Callable[[str], None] | None = None,
    method: str = "auto",
) -> Analysis:
    """Run every check of the registry on a loaded rule set; findings take their place from its source map
    (rulefile.sourcemap.places).

    method: "walk" walks the answer space state by state (selfcheck.analysis.walks); "bdd" counts it with
    binary decision diagrams (selfcheck.analysis.symbolic; needs dd); "auto" walks while the walk stays small
    (AUTO_QUESTIONS, AUTO_STATES), then counts symbolically when dd is installed.

    doc, when given, is the parsed file to take positions from instead (for a rule set built by hand).

    The walks stop at limits (by default selfcheck.budget's): the checks finished by then keep their findings
    and count as proved (Analysis.checked); one error finding says where it stopped, instead of running out of
    time or memory. progress, if given, is called with a line saying which check runs and how far the walks
    have got (between checks, and every few hundred states within one).
    """
    with PausedCollections():
        return _analyze(ruleset, today, doc, limits, progress, method)


def _analyze(
    ruleset: RuleSet,
    today: datetime.date | None,
    doc: yaml_nodes.Document | None,
    limits: Budget | None,
    progress: Callable[[str], None] | None,
    method: str,
) -> Analysis:
    start = time.perf_counter()
    where = Locator(ruleset, SourceMap(doc) if doc is not None else None)
    ctx = Context(ruleset, today or datetime.date.today(), where)
    findings: list[Finding] = []
    checked: list[str] = []
    for c in CHECKS:
        if not c.WALKS:
            findings += c.check(ctx)
            checked.append(c.ID)
    limits = limits or Budget.default()
    symbolic = method == "bdd" or (method == "auto" and _can_count_symbolically())
    if method == "bdd" or (symbolic and len(_read(ruleset)) > AUTO_QUESTIONS):
        return _symbolic(ctx, findings, checked, start, limits, progress)
    hint = "" if symbolic or method == "walk" or _can_count_symbolically() else f" ({SCALE_HINT})"
    try:
        ctx.domains, ctx.level_domains  # noqa: B018  (made now: a ValueError says the space is too large)
    except ValueError as e:
        if symbolic:
            return _symbolic(ctx, findings, checked, start, limits, progress)
        line, col = _refused_at(ctx, e)
        message = f"{e}: too many to check every combination{hint}"
        findings.append(Finding("error", ANSWER_SPACE, message, line, col))
        return _analysis(ctx, findings, checked, start, complete=False, refused=True)
    # With auto, the walk gets an allowance of states on top of the caller's limits; past it, the symbolic
    # backend starts over under the caller's limits (the same clock).
    walk_limits = _allowance(limits) if symbolic else limits
    walked: list[Finding] = []
    before_walk = len(checked)
    try:
        _walk(ctx, walk_limits, progress, walked, checked)
    except (budget.OverBudget, MemoryError) as e:
        given_up = walk_limits is not limits and isinstance(e, budget.OverBudget) and walk_limits.states > AUTO_STATES
        if not given_up:
            why = str(e) if isinstance(e, budget.OverBudget) else "the machine ran out of memory"
            message = f"the analysis stopped at its limit: {why}; it cannot check every answer set of this file yet"
            findings += [*walked, Finding("error", ANSWER_SPACE, message + hint)]
            return _analysis(ctx, findings, checked, start, complete=False, states=walk_limits.states)
    else:
        return _analysis(ctx, findings + walked, checked, start)
    # The walk given up: the diagrams start on a fresh context, out of the except block, so neither the walk's
    # context nor the exception's frames keep what the walk built (tests6(40) peak 953 -> 827 MiB, same JSON).
    del checked[before_walk:]  # the diagrams count every walking check again
    ctx = Context(ruleset, ctx.today, where)
    return _symbolic(ctx, findings, checked, start, limits, progress)


def _walk(
    ctx: Context, limits: Budget, progress: Callable[[str], None] | None, walked: list[Finding], checked: list[str]
) -> None:
    """The walking checks in turn under limits, their findings added to walked and their ids to checked as
    each finishes; OverBudget or MemoryError past a limit."""
    walking = [c for c in CHECKS if c.WALKS]
    try:
        with budget.limit(limits):
            for n, c in enumerate(walking, 1):
                if progress is not None:
                    limits.on_tick = _reporter(progress, limits, c, n, len(walking))
                limits.check()  # also calls on_tick
                walked += c.check(ctx)
                checked.append(c.ID)
    finally:
        limits.on_tick = None


def _read(ruleset: RuleSet) -> set[str]:
    """The questions some condition reads (a rule, an ask_if, a requirement)."""
    conditions = [r.when for r in ruleset.rules] + [r.when for r in ruleset.requirements]
    conditions += [q.ask_if for q in ruleset.questions if q.ask_if is not None]
    return {t.question for c in conditions for t in tests(c)}


def _allowance(limits: Budget) -> Budget:
    """The caller's limits with at most AUTO_STATES states, on the caller's clock."""
    states = AUTO_STATES if limits.max_states is None else min(limits.max_states, AUTO_STATES)
    allowance = Budget(states, limits.max_seconds, limits.max_memory_mb)
    allowance.start = limits.start
    return allowance


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
        refused=refused,
    )
