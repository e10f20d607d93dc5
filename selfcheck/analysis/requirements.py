"""Clinical requirements proved over every answer set: exact counts, the smallest counterexample, the deciding rules.

A requirement holds when every answer set the flow allows in which its condition holds (on the answers
kept, as for rules) gets a level within its bounds. One flow over classes of answers that tell apart
what the rules and every requirement read is explored once; each requirement's condition is then followed
over its states (selfcheck.analysis.sweep): the counts are exact. Only a broken requirement walks the flow again
with its condition (selfcheck.analysis.tracking), for the smallest counterexample. The rules that meet a
requirement are read from the engine on one answer set of every distinct end (end state, what is left of
the condition) where it is met (every rule there that gives the level): a rule that only ever ties with
another at that level may be left out. The engine is the reference: every example is re-evaluated by it,
and a disagreement is reported as an internal error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from selfcheck.analysis.findings import INTERNAL, Example, Finding
from selfcheck.analysis.sweep import Sweeper, holds
from selfcheck.analysis.tracking import Pair, Tracked
from selfcheck.analysis.walks import RANKS, answers_of, explore
from selfcheck.engine import flow as engine
from selfcheck.engine.classes import build_domains
from selfcheck.engine.space import NONE_RANK, Flow
from selfcheck.errors import plural
from selfcheck.model.ruleset import LEVEL_IDS, Requirement, RuleSet, level_rank

PROVED, VIOLATED, UNREACHABLE = "proved", "violated", "unreachable"
CHECK = "requirement"  # the id of the findings (selfcheck.analysis.checks.requirement)


@dataclass(frozen=True)
class Proof:
    """What the analysis found for one requirement."""

    requirement: Requirement
    status: str  # proved, violated or unreachable
    applies: int  # answer sets in which its condition holds
    violations: int  # of those, answer sets whose level is outside its bounds
    satisfied_by: tuple[str, ...]  # rules that give the level where it applies and is met (see above)
    example: Example | None = None  # the smallest answer set that breaks it
    decided_by: tuple[str, ...] = ()  # the rules that decide the level in the example ("" when none fired)
    states: int = 0  # distinct states walked

    @property
    def id(self) -> str:
        return self.requirement.id


def prove_all(ruleset: RuleSet, shared: Flow | Sweeper | None = None) -> tuple[tuple[Proof, ...], list[Finding]]:
    """A proof (or counterexample) for every requirement of the rule set, and the findings they give.

    shared is a flow whose classes tell apart what every requirement reads, or its sweeper (built here if
    not given).
    """
    sweeper = shared if isinstance(shared, Sweeper) else Sweeper(explore(shared or requirement_flow(ruleset)))
    proofs = tuple(prove(ruleset, req, sweeper) for req in ruleset.requirements)
    findings: list[Finding] = []
    for proof in proofs:
        findings += _findings(ruleset, proof)
    return proofs, findings


def requirement_flow(ruleset: RuleSet) -> Flow:
    """The flow over classes of answers that tell apart what the rules and every requirement read."""
    return Flow(ruleset, build_domains([ruleset], marks=False, also=[r.when for r in ruleset.requirements]))


def _cell(tracked: Tracked, pair: Pair) -> int:
    return 2 * min(tracked.rank(pair), NONE_RANK) + int(tracked.holds(pair))


def _breaks(req: Requirement) -> Callable[[int], bool]:
    return lambda cell: cell % 2 == 1 and not req.allows(LEVEL_IDS[cell // 2])


def prove(ruleset: RuleSet, req: Requirement, shared: Flow | Sweeper | None = None) -> Proof:
    """Count every answer set once for this requirement: how often it applies, how often it is broken.

    The requirement's condition is followed over the shared flow's explored states (selfcheck.analysis.sweep);
    only a broken requirement walks the flow again with it (selfcheck.analysis.tracking), for its smallest example.
    """
    if not isinstance(shared, Sweeper):
        shared = Sweeper(explore(shared or requirement_flow(ruleset)))
    flow = shared.flow
    followed = shared.follow(req.when, to_leaves=True)
    breaks = _breaks(req)
    applies = violations = 0
    satisfied: set[str] = set()
    for end, cell, n in followed.cells():
        if not holds(end):
            continue
        applies += n
        if breaks(2 * min(cell, NONE_RANK) + 1):
            violations += n
            continue
        # Every answer set ending here gets the same level, but not always from the same rules (a rule tied
        # with the level is dropped to keep states few), so the rules are read on one answer set of every
        # distinct end (end state, what is left of the condition) where it is met: those at the level whose
        # condition holds on its answers (all of them kept, as the walk follows the flow; the main walk
        # checks every end state's level against the engine).
        rank = min(cell, NONE_RANK)
        candidates = [rule for rule in ruleset.rules if level_rank(rule.level) == rank and rule.id not in satisfied]
        if candidates:  # else this end can add no rule: its answer set is not needed
            answers = answers_of(flow, followed.path_to(end, cell))
            satisfied.update(rule.id for rule in candidates if rule.when.holds(answers))
    satisfied_by = tuple(rule.id for rule in ruleset.rules if rule.id in satisfied)
    states = len(followed.parent) + 1
    if not applies:
        return Proof(req, UNREACHABLE, 0, 0, (), states=states)
    if not violations:
        return Proof(req, PROVED, applies, 0, satisfied_by, states=states)
    ex = explore(Tracked(flow, req.when), _cell, 2 * RANKS)
    path = ex.smallest(breaks)
    assert path is not None  # a violation was counted, so a leaf that breaks it exists
    answers = ex.answers(path)
    result = engine.evaluate(ruleset, answers)
    decided_by = tuple(rule.id for rule in result.fired if rule.level == result.level.id)
    example = Example(answers, result.level.id)
    return Proof(req, VIOLATED, applies, violations, satisfied_by, example, decided_by, states + len(ex.summary))


def _findings(ruleset: RuleSet, proof: Proof) -> list[Finding]:
    req = proof.requirement
    where = f"requirement '{req.id}' ({req.source} {req.clause})"
    if proof.status == UNREACHABLE:
        message = f"{where} can never apply: '{req.when.text()}' holds for no answer set the flow allows"
        return [Finding("error", CHECK, message, req.line, 1)]
    if proof.status == PROVED:
        return []
    assert proof.example is not None
    example = proof.example
    result = engine.evaluate(ruleset, example.answers)
    findings = []
    if req.allows(result.level.id) or not req.when.holds(result.answers):  # the engine is the reference
        message = f"the analysis expected {where} to fail for these answers; please report this"
        findings.append(Finding("error", INTERNAL, message, examples=(example,)))
    verb = "gets" if proof.violations == 1 else "get"
    other = "a level outside them" if req.at_least and req.at_most else "a less urgent level"
    other = "a more urgent level" if not req.at_least else other
    message = (
        f"{where} is broken: '{req.when.text()}' must give {req.bound()}, but {proof.violations} of the "
        f"{plural(proof.applies, 'answer set')} where it applies {verb} {other}"
    )
    findings.append(Finding("error", CHECK, message, req.line, 1, (example,)))
    return findings


def decided_line(proof: Proof) -> str:
    """Which rules gave the example its level, in words."""
    if not proof.decided_by:
        return "no rule fires"
    return ", ".join(f"rule '{rid}'" for rid in proof.decided_by)


def answers_file(answers: dict[str, tuple[str, ...]], ruleset: RuleSet, indent: str = "") -> list[str]:
    """Answers as the lines of an answers file (YAML), ready to paste into `selfcheck explain --answers`."""
    multiple = {q.id for q in ruleset.questions if q.type == "multiple"}
    return [
        f"{indent}{qid}: [{', '.join(ids)}]" if qid in multiple else f"{indent}{qid}: {ids[0]}"
        for qid, ids in answers.items()
    ]
