"""`selfcheck diff OLD NEW`: what changed between two rule files, and what the change does to every answer set.

The joint answer space: one answer set per way a person can answer the union of both files'
questions as each file's flow asks them (a question both files ask gets one answer; a question only
one file asks, or only one flow reaches, is answered for that file alone). Questions and choices are
matched by id; a choice only one file has is read by the other file as not chosen. Each record has a
level under OLD and under NEW; records are counted by classes (see selfcheck.engine.space), never sampled.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from selfcheck.analysis import budget
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.changes import Change, compare
from selfcheck.analysis.findings import INTERNAL, Example, Finding, Locator
from selfcheck.analysis.joint import Joint
from selfcheck.analysis.requirements import CHECK as REQUIREMENT
from selfcheck.analysis.requirements import PROVED, Proof, prove, requirement_flow
from selfcheck.analysis.sweep import Sweeper
from selfcheck.analysis.walks import RANKS, explore
from selfcheck.engine import flow
from selfcheck.engine.classes import Domain, build_domains
from selfcheck.engine.space import Flow
from selfcheck.errors import Problem, SelfcheckError, plural
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet

MAX_EXAMPLES = 3


@dataclass(frozen=True)
class Diff:
    old: RuleSet
    new: RuleSet
    changes: tuple[Change, ...]
    records: int
    moves: tuple[tuple[str, str, int], ...]  # (level in OLD, level in NEW, answer sets), for changed levels
    examples_lower: tuple[Example, ...]
    examples_higher: tuple[Example, ...]
    findings: tuple[Finding, ...]
    seconds: float
    # Requirements in either file whose status differs, or that are new: (id, status in OLD or "", in NEW or "")
    statuses: tuple[tuple[str, str, str], ...] = ()

    @property
    def lower(self) -> int:
        return _lowered(self.moves)

    @property
    def higher(self) -> int:
        return sum(n for a, b, n in self.moves if LEVEL_IDS.index(b) < LEVEL_IDS.index(a))


def _lowered(moves: tuple[tuple[str, str, int], ...]) -> int:
    """Answer sets whose level is less urgent in NEW."""
    return sum(n for a, b, n in moves if LEVEL_IDS.index(b) > LEVEL_IDS.index(a))


def diff(old: RuleSet, new: RuleSet, allow_lower: bool = False, limits: Budget | None = None) -> Diff:
    """The changes, and what they do to every answer set; the walk stops at limits (budget's default)."""
    start = time.perf_counter()
    changes = tuple(compare(old, new))
    try:
        domains = build_domains([old, new], marks=False)
    except ValueError as e:
        raise SelfcheckError([Problem(new.path, 0, 0, f"{e}: too many to compare every combination")]) from None
    try:
        # As analyze: a pair too large to walk stops, never runs out of memory.
        with budget.limit(limits or Budget.default()):
            return _compared(old, new, allow_lower, changes, domains, start)
    except budget.OverBudget as e:
        # The changes need no walk: they are still listed, with the version check; only the impact is missing.
        message = (
            f"the comparison stopped at its limit ({e}): the changes are listed, but what they do to the "
            "answer sets was not worked out"
        )
        findings = [Finding("error", "limit", message), *_version_findings(old, new, changes)]
        return Diff(old, new, changes, 0, (), (), (), tuple(findings), time.perf_counter() - start)


def _compared(
    old: RuleSet, new: RuleSet, allow_lower: bool, changes: tuple[Change, ...], domains: dict[str, Domain], start: float
) -> Diff:
    """The walk of both flows side by side, and the diff with its findings."""
    joint = Joint(Flow(old, domains), Flow(new, domains))
    summary = joint.run()
    moves = tuple((LEVEL_IDS[ra], LEVEL_IDS[rb], n) for ra, rb, n in joint.cells(lambda ra, rb: ra != rb))
    findings: list[Finding] = []
    lower = _examples(joint, old, new, lambda ra, rb: rb > ra, findings)
    higher = _examples(joint, old, new, lambda ra, rb: rb < ra, findings)
    n_lower = _lowered(moves)
    if n_lower:
        hint = "allowed by --allow-lower" if allow_lower else "--allow-lower if that is intended"
        verb = "gets" if n_lower == 1 else "get"
        message = f"{plural(n_lower, 'answer set')} {verb} a less urgent level ({hint})"
        findings.append(Finding("warning" if allow_lower else "error", "lower-level", message))
    statuses = _statuses(old, new, findings)
    findings += _version_findings(old, new, changes)
    seconds = time.perf_counter() - start
    return Diff(old, new, changes, sum(summary), moves, lower, higher, tuple(findings), seconds, statuses)


def _version_findings(old: RuleSet, new: RuleSet, changes: tuple[Change, ...]) -> list[Finding]:
    """A change needs a new version, and a version never goes down; located at NEW's metadata.version."""
    line, col = Locator(new).at("metadata", "version")
    versioned = [c for c in changes if c.versioned]
    if versioned and old.metadata.version == new.metadata.version:
        message = (
            f"{plural(len(versioned), 'change')} but the version is still {new.metadata.version}: give it a new one"
        )
        return [Finding("error", "version", message, line, col)]
    if _older(new.metadata.version, old.metadata.version):
        message = f"the version went down from {old.metadata.version} to {new.metadata.version}"
        return [Finding("error", "version", message, line, col)]
    return []


def _proofs(ruleset: RuleSet) -> dict[str, Proof]:
    shared = Sweeper(explore(requirement_flow(ruleset)))
    return {req.id: prove(ruleset, req, shared) for req in ruleset.requirements}


def _status(proof: Proof) -> str:
    return f"{proof.status} ({proof.violations} of {proof.applies})" if proof.status != PROVED else proof.status


def _statuses(old: RuleSet, new: RuleSet, findings: list[Finding]) -> tuple[tuple[str, str, str], ...]:
    """Each requirement of NEW proved in both files over each file's own answer sets; a newly broken one fails."""
    if not new.requirements:
        return ()
    before, after = _proofs(old), _proofs(new)
    out = []
    for rid, proof in after.items():
        was = before.get(rid)
        if was is not None and was.status == proof.status:
            continue
        out.append((rid, _status(was) if was is not None else "", _status(proof)))
        if proof.status != PROVED and (was is None or was.status == PROVED):
            message = f"requirement '{rid}' is {proof.status} in NEW" + (" (proved in OLD)" if was else "")
            findings.append(Finding("error", REQUIREMENT, message, proof.requirement.line, 1))
    return tuple(out)


def _older(a: str, b: str) -> bool:
    parts = [re.findall(r"\d+", v) for v in (a, b)]
    return all(parts) and [int(x) for x in parts[0]] < [int(x) for x in parts[1]]


def _examples(joint: Joint, old: RuleSet, new: RuleSet, wanted: Any, findings: list[Finding]) -> tuple[Example, ...]:
    """One example per pair of levels, the biggest changes first."""
    cells = sorted(joint.cells(wanted), key=lambda c: -abs(c[0] - c[1]))[:MAX_EXAMPLES]
    examples = []
    for ra, rb, _ in cells:
        a, b = joint.witness(ra * RANKS + rb)
        la, lb = LEVEL_IDS[ra], LEVEL_IDS[rb]
        # The engine is the reference; say so if they disagree. A class of the joint walk may stand for a choice
        # only the other file has (one renamed, say): the engine cannot read that answer, so there is no check.
        if _knows(old, a) and _knows(new, b):
            la, lb = flow.evaluate(old, a).level.id, flow.evaluate(new, b).level.id
            if (la, lb) != (LEVEL_IDS[ra], LEVEL_IDS[rb]):
                findings.append(Finding("error", INTERNAL, f"diff and engine disagree on {a} / {b}"))
        examples.append(Example(a, la, b, lb))
    return tuple(examples)


def _knows(ruleset: RuleSet, answers: dict[str, tuple[str, ...]]) -> bool:
    """Whether every answer names a question and choices the rule set has."""
    ids = {q.id: q for q in ruleset.questions}
    return all(qid in ids and all(c in ids[qid].choice_ids for c in cids) for qid, cids in answers.items())
