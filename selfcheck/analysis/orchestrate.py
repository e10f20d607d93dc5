"""`selfcheck analyze`: checks over every answer set a person can give, plus wording and metadata checks.

Definitions the checks use (the clinician-facing meaning of each finding):

- An answer set is a complete path through the question flow: questions in file order, a question with
  `ask_if` only when it holds on the earlier answers, nothing more once a `stop` rule fires; one choice
  for single and yes/no questions, any non-empty set of choices for a checklist, an exclusive choice
  alone. Every answer set is covered (counted by classes, see selfcheck.analysis.space), none is sampled.
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

Counting: answers that every condition reads alike form one class (selfcheck.analysis.space), and the flow is
walked once per distinct state of partially evaluated conditions (selfcheck.analysis.walks), so the analysis
covers every answer set while its work grows with the distinct states, not with the answer sets.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from selfcheck.analysis import budget, walks
from selfcheck.analysis.after_certain import AfterCertain, after_certain, bound_findings
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.findings import Example, Finding, Locator, metadata_findings, unread_findings, wording_findings
from selfcheck.analysis.requirements import Proof, prove_all
from selfcheck.analysis.space import ASK, NO_RULE, NONE_RANK, Domain, Flow, State, build_domains
from selfcheck.analysis.sweep import End, Followed, Sweeper, holds
from selfcheck.analysis.tracking import Pair, Tracked
from selfcheck.analysis.walks import RANKS, Explored, Joint, JState, Move, answers_of, explore
from selfcheck.engine import flow as engine
from selfcheck.engine.flow import Result
from selfcheck.errors import plural
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet, level_rank
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.sourcemap import SourceMap

MAX_EXAMPLES = 3


@dataclass(frozen=True)
class RuleCoverage:
    id: str
    fires: int  # answer sets in which the rule fires
    decides: int  # answer sets in which it fires and its level is the result


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
    complete: bool = True  # False when the answer space could not be walked at all
    # Per level, the most questions asked after it was already certain (selfcheck.analysis.after_certain).
    after_certain: tuple[AfterCertain, ...] = ()

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
) -> Analysis:
    """Run every check on a loaded rule set; findings take their line and column from ruleset.places.

    doc, when given, is the parsed file to take positions from instead (for a rule set built by hand).

    The walks stop at limits (by default selfcheck.analysis.budget's): a file too large to walk gets one error
    finding that says so, with the checks that need no walk, instead of running out of time or memory.
    """
    start = time.perf_counter()
    today = today or datetime.date.today()
    where = Locator(ruleset, SourceMap(doc) if doc is not None else None)
    findings = unread_findings(ruleset, where) + wording_findings(ruleset, where)
    findings += metadata_findings(ruleset, today, where)
    try:
        domains = build_domains([ruleset], marks=True)
        level_domains = build_domains([ruleset], marks=False)
    except ValueError as e:
        findings.append(Finding("error", "answer-space", f"{e}: too many to check every combination"))
        seconds = time.perf_counter() - start
        return Analysis(ruleset.path, 0, (), (), (), 0, 0, seconds, _sorted(findings), complete=False)
    try:
        with budget.limit(limits or Budget.default()):
            return _walked(ruleset, domains, level_domains, findings, where, start)
    except budget.OverBudget as e:
        message = f"the analysis stopped at its limit: {e}; it cannot check every answer set of this file yet"
        findings.append(Finding("error", "answer-space", message))
        seconds = time.perf_counter() - start
        return Analysis(ruleset.path, 0, (), (), (), 0, 0, seconds, _sorted(findings), complete=False)


def _walked(
    ruleset: RuleSet,
    domains: dict[str, Domain],
    level_domains: dict[str, Domain],
    findings: list[Finding],
    where: Locator,
    start: float,
) -> Analysis:
    """The checks that walk the answer space, and the analysis with their findings added."""
    ex = explore(Flow(ruleset, domains, positive=True), _main_cell, GAP + 1)
    findings += _engine_findings(ruleset, ex)
    late = after_certain(ex)
    findings += bound_findings(ruleset, late, where)
    root = ex.summary[ex.root]
    if root[GAP]:
        answers = ex.answers(ex.descend(ex.root, lambda c: c == GAP))
        findings.append(
            Finding(
                "warning",
                "gap",
                f"{plural(root[GAP], 'answer set')} say yes to a sign or symptom but no rule fires "
                f"(the person is told '{ruleset.level('none').label}')",
                examples=(Example(answers, "none"),),
            )
        )
    asked = _asked(ex)
    for q in ruleset.questions:
        if not asked[q.id]:
            findings.append(Finding("error", "unreachable-question", f"question '{q.id}' is never asked", q.line, 1))
    findings += _red_flag_findings(ruleset, ex, where)
    # One flow explored once, over which every rule's and requirement's condition is followed
    # (selfcheck.analysis.sweep); its classes also tell apart what the requirements read. When they read nothing
    # the rules do not, it is the monotonicity check's flow too.
    shared_domains = build_domains([ruleset], marks=False, also=[r.when for r in ruleset.requirements])
    shared = Flow(ruleset, shared_domains)
    sweeper = Sweeper(explore(shared))
    if shared_domains == level_domains:
        monotonicity, joint_states = _monotonicity_findings(ruleset, shared, sweeper.ex)
    else:
        monotonicity, joint_states = _monotonicity_findings(ruleset, Flow(ruleset, level_domains))
    findings += monotonicity
    coverage, states, leaves = _rule_coverage(ruleset, sweeper, findings)
    proofs, requirement_findings = prove_all(ruleset, sweeper)
    findings += requirement_findings
    states += sum(p.states for p in proofs)
    return Analysis(
        ruleset.path,
        sum(root),
        tuple((level, sum(n for c, n in enumerate(root) if _level(c) == level)) for level in LEVEL_IDS),
        coverage,
        tuple((q.id, asked[q.id]) for q in ruleset.questions),
        len(ex.summary) + states + joint_states,
        len(ex.leaves) * 2 + leaves,  # every end state of the main walk is also evaluated by the engine
        time.perf_counter() - start,
        _sorted(findings),
        proofs,
        sum(1 for q in ruleset.questions if level_domains[q.id].monotone_pairs()),
        sum(1 for q in ruleset.questions for c in q.choices if c.red_flag),
        after_certain=late,
    )


GAP = NO_RULE + 1  # the cell of an end state where no rule fired after a yes to a sign or symptom


def _main_cell(flow: Flow, state: State) -> int:
    rank = flow.finish(state)[0]
    return GAP if rank == NO_RULE and state[2] else rank


def _level(cell: int) -> str:
    """The level of a cell of the main walk (no rule fired, with or without a yes, is `none`)."""
    return LEVEL_IDS[min(cell, NONE_RANK)]


def _engine_findings(
    ruleset: RuleSet, ex: Explored, track: int = -1, cache: dict[tuple[object, ...], Result] | None = None
) -> list[Finding]:
    """The engine on one answer set of every end state of a walk: no crash, and the level the walk counted.

    With track (a rule index, for a per-rule walk), the engine must also agree on whether that rule fired.
    The per-rule walks often reach the same answer set: cache keeps the engine's result for each.
    """
    cache = {} if cache is None else cache
    for leaf, cell in ex.leaves.items():
        answers = ex.answers(ex.path_to(leaf))
        try:
            key = tuple(answers.items())
            result = cache.get(key) or cache.setdefault(key, engine.evaluate(ruleset, answers))
        except Exception as e:  # a crash on a real answer set is the finding
            message = f"evaluating these answers crashes ({type(e).__name__}: {e})"
            return [Finding("error", "no-crash", message, examples=(Example(answers, "?"),))]
        expected = _level(cell if track < 0 else cell // 2)
        fired = any(rule is ruleset.rules[track] for rule in result.fired) if track >= 0 else None
        if result.level.id != expected or (track >= 0 and fired != bool(cell % 2)):
            message = f"the analysis expected '{expected}' here; please report this"
            return [Finding("error", "internal", message, examples=(Example(answers, result.level.id),))]
    return []


def _rule_coverage(
    ruleset: RuleSet, sweeper: Sweeper, findings: list[Finding]
) -> tuple[tuple[RuleCoverage, ...], int, int]:
    """Per rule: in how many answer sets it fires and decides the level; dead and shadowed rules."""
    coverage = []
    states = leaves = 0
    shared = sweeper.flow
    for j, rule in enumerate(ruleset.rules):
        # Each rule's condition followed over the shared flow's explored states (selfcheck.analysis.sweep).
        followed = sweeper.follow(rule.when)
        states += len(followed.parent) + 1
        rank = level_rank(rule.level)
        fires = decides = 0
        # The engine checks one answer set per (level, fired or not): the counts themselves are checked
        # against a brute-force enumeration in the tests, and every end state of the main walk against the engine.
        checked: dict[tuple[int, bool], End] = {}
        for end, cell, n in followed.cells():
            fired = holds(end)
            checked.setdefault((cell, fired), end)
            if fired:
                fires += n
                decides += n if cell == rank else 0
        # One crash or disagreement is enough to report; the same one would show in every walk.
        if not any(f.check in ("no-crash", "internal") for f in findings):
            leaves += len(checked)
            findings += _rule_sweep_findings(ruleset, shared, followed, checked, j)
        coverage.append(RuleCoverage(rule.id, fires, decides))
        if not fires:
            findings.append(Finding("error", "dead-rule", f"rule '{rule.id}' fires for no answer set", rule.line, 1))
        elif not decides:
            # Only a shadowed rule walks the flow again with its condition, for the quietest example.
            ex = explore(Tracked(shared, rule.when), _fired_cell, 2 * (NO_RULE + 1))
            states += len(ex.summary)
            answers = ex.answers(ex.descend(ex.root, lambda c: c % 2 == 1))
            findings.append(
                Finding(
                    "warning",
                    "shadowed-rule",
                    f"rule '{rule.id}' ({rule.level}) fires in {plural(fires, 'answer set')}, but a more urgent "
                    f"rule always fires with it, so its level never decides the result",
                    rule.line,
                    1,
                    (Example(answers, engine.evaluate(ruleset, answers).level.id),),
                )
            )
    return tuple(coverage), states, leaves


def _rule_sweep_findings(
    ruleset: RuleSet, flow: Flow, followed: Followed, ends: dict[tuple[int, bool], End], track: int
) -> list[Finding]:
    """One answer set of each (level, rule fired) a rule's sweep ends in: the rule's condition, read on its
    answers, must agree on whether it fired (the engine itself is run on every end state of the main walk)."""
    rule = ruleset.rules[track]
    for (rank, fired), end in ends.items():
        answers = answers_of(flow, followed.path_to(end, rank))
        if rule.when.holds(answers) != fired:
            message = (
                f"the analysis expected rule '{rule.id}' {'to' if fired else 'not to'} fire here; please report this"
            )
            return [Finding("error", "internal", message, examples=(Example(answers, _level(rank)),))]
    return []


def _fired_cell(tracked: Tracked, pair: Pair) -> int:
    return 2 * tracked.rank(pair) + tracked.holds(pair)


def _sorted(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.line, f.col, f.check, f.message)))


def _asked(ex: Explored) -> dict[str, int]:
    asked = {q.id: 0 for q in ex.flow.questions}
    for state in ex.summary:
        if ex.flow.status(state) == ASK:
            asked[ex.flow.question_at(state).id] += ex.ways[state] * ex.total(state)
    return asked


def _red_flag_findings(ruleset: RuleSet, ex: Explored, where: Locator) -> list[Finding]:
    # (question, choice) -> answer sets below the flag, and the first place found, to build an example
    bad: dict[tuple[str, str], tuple[int, State, Move, State]] = {}
    flow = ex.flow
    assert isinstance(flow, Flow)
    # Classes with one effect step a state to one child (Flow.effect): per question, per effect, the answers
    # its classes stand for that tick each red-flag choice, and the effect's first class.
    flagged: dict[int, list[tuple[int, dict[str, int]]]] = {}
    limits: dict[tuple[int, str], int] = {}
    for pos, question in enumerate(flow.questions):
        own = {c.id: level_rank(c.red_flag) for c in question.choices if c.red_flag}
        if not own:
            continue
        by_effect: dict[int, tuple[int, dict[str, int]]] = {}
        for k, cls in enumerate(flow.domains[question.id].classes):
            first, ticked = by_effect.setdefault(flow.effect[pos][k], (k, {}))
            for cid in cls.rep:
                if cid in own:
                    ticked[cid] = ticked.get(cid, 0) + cls.count
                    limits[(pos, cid)] = own[cid]
        flagged[pos] = [entry for entry in by_effect.values() if entry[1]]
    for state in ex.summary:
        effects = flagged.get(state[0])
        if effects is None or flow.status(state) != ASK:
            continue
        qid = flow.questions[state[0]].id
        for first, ticked in effects:
            child = flow.step(state, first)
            for cid, count in ticked.items():
                n = sum(ex.summary[child][limits[(state[0], cid)] + 1 :])
                if not n:
                    continue
                got = bad.get((qid, cid))
                if got is None:  # the first class, in order, that ticks it and goes below its level
                    got = (0, *_first_below(ex, state, cid, limits[(state[0], cid)]))
                bad[(qid, cid)] = (got[0] + ex.ways[state] * count * n, got[1], got[2], got[3])
    findings = []
    for (qid, cid), (n, state, move, child) in bad.items():
        q = ruleset.question(qid)
        limit = level_rank(q.choice(cid).red_flag)
        path = [*ex.path_to(state), move, *ex.descend(child, _worse_than(limit))]
        answers = ex.answers(path)
        level = engine.evaluate(ruleset, answers).level.id
        line, col = where.choice(qid, cid)
        findings.append(
            Finding(
                "error",
                "red-flag",
                f"choosing '{cid}' in '{qid}' must give at least '{q.choice(cid).red_flag}', "
                f"but {plural(n, 'answer set')} with it get a less urgent level",
                line,
                col,
                (Example(answers, level),),
            )
        )
    return findings


def _first_below(ex: Explored, state: State, cid: str, limit: int) -> tuple[State, Move, State]:
    """The first move from state, in class order, that ticks cid and has an answer set below its level."""
    for move, _, child in ex.moves[state]:
        assert move is not None
        if cid in ex.flow.domains[move[0]].classes[move[1]].rep and sum(ex.summary[child][limit + 1 :]) > 0:
            return state, move, child
    raise AssertionError("a red flag was counted below its level from this state")


def _worse_than(limit: int) -> Callable[[int], bool]:
    return lambda cell: cell > limit


def _monotonicity_findings(ruleset: RuleSet, flow: Flow, ex: Explored | None = None) -> tuple[list[Finding], int]:
    """One finding per sign or symptom question where a more worrying answer can lower the level."""
    findings = []
    states = 0
    level_range = walks.level_range(flow, {})

    def cannot_lower(js: JState) -> bool:
        """Once diverged: the least urgent level the changed answers can give is at least as urgent as the
        most urgent the first ones can, so no way on lowers the level (the joint walk is not needed there)."""
        if not js[4]:
            return False
        if js[2] == js[3] and (js[0] == js[1] or flow.as_urgent(js[0], js[1])):
            return True  # the changed answers give a level at least as urgent every way on
        return level_range(js[0])[0] >= level_range(js[1])[1]

    # Until the answer to the question changes, both sides of a pair are the same flow in the same state, so
    # the joint walks start where the question is asked: each such state, reached in ways[state] ways, with
    # each before/after pair of classes there. Only a question where some pair lowers the level walks the
    # joint flow from the start, for its examples.
    ex = ex or explore(flow)
    asked: dict[int, list[State]] = {}
    for state in ex.summary:
        if flow.status(state) == ASK:
            asked.setdefault(state[0], []).append(state)
    lower_cells = [ra * RANKS + rb for ra in range(RANKS) for rb in range(RANKS) if ra < rb]
    for q in ruleset.questions:
        pairs = flow.domains[q.id].monotone_pairs()
        if not pairs:
            continue
        joint = Joint(flow, flow, q.id, pairs, cannot_lower)
        classes = flow.domains[q.id].classes
        none: frozenset[tuple[str, int]] = frozenset()
        n = 0
        for state in asked.get(flow.order[q.id], []):
            for k, k2 in pairs:
                below = joint.visit((flow.step(state, k), flow.step(state, k2), none, none, True))
                n += ex.ways[state] * classes[k].count * sum(below[c] for c in lower_cells)
        states += len(joint.summary)
        if not n:
            continue
        lower = list(joint.cells(lambda ra, rb: ra < rb))
        assert sum(c for _, _, c in lower) == n  # the same pairs, counted from the start
        examples = []
        for ra, rb, _ in sorted(lower)[:MAX_EXAMPLES]:
            before, after = joint.witness(ra * RANKS + rb)
            levels = engine.evaluate(ruleset, before).level.id, engine.evaluate(ruleset, after).level.id
            if levels != (LEVEL_IDS[ra], LEVEL_IDS[rb]):  # the engine is the reference
                message = f"the analysis expected {LEVEL_IDS[ra]} then {LEVEL_IDS[rb]} here; please report this"
                findings.append(Finding("error", "internal", message, examples=(Example(before, levels[0]),)))
            examples.append(Example(before, levels[0], after, levels[1]))
        findings.append(
            Finding(
                "error",
                "monotonicity",
                f"a more worrying answer to '{q.id}' can give a less urgent level ({plural(n, 'before/after pair')})",
                q.line,
                1,
                tuple(examples),
            )
        )
    return findings, states
