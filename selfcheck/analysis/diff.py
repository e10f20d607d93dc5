"""`selfcheck diff OLD NEW`: what changed between two rule files, and what the change does to every answer set.

The joint answer space: one answer set per way a person can answer the union of both files'
questions as each file's flow asks them (a question both files ask gets one answer; a question only
one file asks, or only one flow reaches, is answered for that file alone). Questions and choices are
matched by id; a choice only one file has is read by the other file as not chosen. Each record has a
level under OLD and under NEW; records are counted by classes (see selfcheck.engine.space), never sampled.
"""

from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass
from typing import Any

from selfcheck.analysis import budget
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.findings import INTERNAL, Example, Finding, Locator
from selfcheck.analysis.requirements import CHECK as REQUIREMENT
from selfcheck.analysis.requirements import PROVED, Proof, prove, requirement_flow
from selfcheck.analysis.sweep import Sweeper
from selfcheck.analysis.walks import RANKS, Joint, explore
from selfcheck.engine import flow
from selfcheck.engine.space import Domain, Flow, build_domains
from selfcheck.errors import Problem, SelfcheckError, plural
from selfcheck.model.ruleset import LEVEL_IDS, Question, Requirement, Rule, RuleSet

MAX_EXAMPLES = 3
# Metadata a clinician may change without a new version: who reviewed it and when, and its status.
UNVERSIONED = ("version", "status", "reviewers", "last_reviewed", "next_review")


@dataclass(frozen=True)
class Change:
    where: str  # what changed, for example "question 'grip'"
    message: str
    line: int = 0  # in NEW, or in OLD for something removed
    old: str = ""
    new: str = ""
    versioned: bool = True  # needs a new version number
    at: tuple[str | int, ...] = ()  # where in NEW's document (OLD's when removed): keys and list indexes
    removed: bool = False


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


def compare(old: RuleSet, new: RuleSet) -> list[Change]:
    """Every difference in metadata, levels, questions, choices, rules and texts, in NEW's file order."""
    out: list[Change] = []
    _metadata_changes(out, old, new)
    _level_changes(out, old, new)
    _question_changes(out, old, new)
    _rule_changes(out, old, new)
    _requirement_changes(out, old, new)
    _field(out, "text", "safety_net", old.safety_net, new.safety_net, 0, True, ("safety_net",))
    _field(out, "text", "disclaimer", old.disclaimer, new.disclaimer, 0, True, ("disclaimer",))
    return out


def _metadata_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    mo, mn = old.metadata, new.metadata
    for name in (
        "id",
        "title",
        "version",
        "status",
        "language",
        "intended_use",
        "population",
        "last_reviewed",
        "next_review",
    ):
        versioned = name not in UNVERSIONED
        _field(out, "metadata", name, getattr(mo, name), getattr(mn, name), 0, versioned, ("metadata", name))
    for name in ("authors", "reviewers"):
        a = "; ".join(p.name for p in getattr(mo, name))
        b = "; ".join(p.name for p in getattr(mn, name))
        _field(out, "metadata", name, a, b, 0, name not in UNVERSIONED, ("metadata", name))
    _keyed(
        out,
        "source",
        {s.id: s for s in mo.sources},
        {s.id: s for s in mn.sources},
        ("citation", "url"),
        ("metadata", "sources"),
    )


def _level_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    for i, (lo, ln) in enumerate(zip(old.levels, new.levels, strict=False)):
        for name in ("label", "action"):
            _field(out, f"level '{ln.id}'", name, getattr(lo, name), getattr(ln, name), 0, True, ("levels", i, name))
        # Which questions are asked (stop_when_certain) and what analyze must prove are content too.
        for name in ("stop_when_certain", "max_questions_after_certain"):
            a, b = (str(getattr(v, name)).lower() for v in (lo, ln))
            _field(out, f"level '{ln.id}'", name, a, b, 0, True, ("levels", i, name))


def _question_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    """Questions added, changed, moved in the order (the fewest that explain the new order) and removed."""
    qo = {q.id: q for q in old.questions}
    qn = {q.id: q for q in new.questions}
    common_old = [q for q in qo if q in qn]
    common_new = [q for q in qn if q in qo]
    # The fewest questions that moved: those outside the longest run both orders share.
    matcher = difflib.SequenceMatcher(a=common_old, b=common_new, autojunk=False)
    kept = {common_new[b.b + i] for b in matcher.get_matching_blocks() for i in range(b.size)}
    index = {q.id: i for i, q in enumerate(new.questions)}
    for q in new.questions:
        at = ("questions", index[q.id])
        if q.id not in qo:
            out.append(Change(f"question '{q.id}'", "added", q.line, at=at))
            continue
        _question(out, qo[q.id], q, at, ("questions", old.questions.index(qo[q.id])))
        if q.id not in kept:
            out.append(Change(f"question '{q.id}'", "moved in the order of questions", q.line, at=at))
    out += [
        Change(f"question '{q.id}'", "removed", q.line, at=("questions", i), removed=True)
        for i, q in enumerate(old.questions)
        if q.id not in qn
    ]


def _rule_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    ro = {r.id: r for r in old.rules}
    for i, r in enumerate(new.rules):
        if r.id not in ro:
            out.append(Change(f"rule '{r.id}'", f"added ({r.level}: {r.when.text()})", r.line, at=("rules", i)))
        else:
            _rule(out, ro[r.id], r, ("rules", i))
    rn = {r.id for r in new.rules}
    out += [
        Change(f"rule '{r.id}'", "removed", r.line, at=("rules", i), removed=True)
        for i, r in enumerate(old.rules)
        if r.id not in rn
    ]


def _requirement_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    req_old = {req.id: req for req in old.requirements}
    for i, req in enumerate(new.requirements):
        at = ("requirements", i)
        if req.id not in req_old:
            out.append(Change(f"requirement '{req.id}'", f"added ({req.bound()}: {req.when.text()})", req.line, at=at))
        else:
            _requirement(out, req_old[req.id], req, at)
    names = {req.id for req in new.requirements}
    out += [
        Change(f"requirement '{r.id}'", "removed", r.line, at=("requirements", i), removed=True)
        for i, r in enumerate(old.requirements)
        if r.id not in names
    ]


def _field(
    out: list[Change],
    where: str,
    name: str,
    a: str,
    b: str,
    line: int,
    versioned: bool,
    at: tuple[str | int, ...] = (),
) -> None:
    if a != b:
        out.append(Change(where, f"{name} changed", line, a, b, versioned, at))


def _keyed(
    out: list[Change],
    what: str,
    a: dict[str, Any],
    b: dict[str, Any],
    names: tuple[str, ...],
    at: tuple[str | int, ...],
    old_at: tuple[str | int, ...] | None = None,
) -> None:
    """Records matched by id; at is where their list is in NEW, old_at in OLD (for a removed one)."""
    new_index = {key: i for i, key in enumerate(b)}
    for key in b:
        if key not in a:
            out.append(Change(f"{what} '{key}'", "added", at=(*at, new_index[key])))
            continue
        for name in names:
            value_a, value_b = getattr(a[key], name), getattr(b[key], name)
            _field(out, f"{what} '{key}'", name, value_a, value_b, 0, True, (*at, new_index[key], name))
    out += [
        Change(f"{what} '{key}'", "removed", at=(*(at if old_at is None else old_at), i), removed=True)
        for i, key in enumerate(a)
        if key not in b
    ]


def _question(
    out: list[Change], a: Question, b: Question, at: tuple[str | int, ...], old_at: tuple[str | int, ...]
) -> None:
    where = f"question '{b.id}'"
    for name in ("section", "text", "help", "type", "kind", "summary"):
        _field(out, where, name, getattr(a, name), getattr(b, name), b.line, True, (*at, name))
    ask_a = a.ask_if.text() if a.ask_if is not None else ""
    ask_b = b.ask_if.text() if b.ask_if is not None else ""
    _field(out, where, "ask_if", ask_a, ask_b, b.line, True, (*at, "ask_if"))
    _keyed(
        out,
        f"choice '{b.id}'",
        {c.id: c for c in a.choices},
        {c.id: c for c in b.choices},
        ("label", "help", "exclusive", "red_flag"),
        (*at, "choices"),
        (*old_at, "choices"),
    )
    if [c for c in a.choice_ids if c in b.choice_ids] != [c for c in b.choice_ids if c in a.choice_ids]:
        out.append(Change(where, "choices reordered", b.line, at=(*at, "choices")))


def _rule(out: list[Change], a: Rule, b: Rule, at: tuple[str | int, ...]) -> None:
    where = f"rule '{b.id}'"
    _field(out, where, "when", a.when.text(), b.when.text(), b.line, True, (*at, "when"))
    for name in ("level", "message", "rationale"):
        _field(out, where, name, getattr(a, name), getattr(b, name), b.line, True, (*at, name))
    _field(out, where, "sources", ", ".join(a.sources), ", ".join(b.sources), b.line, True, (*at, "sources"))
    _field(out, where, "stop", str(a.stop).lower(), str(b.stop).lower(), b.line, True, (*at, "stop"))


def _requirement(out: list[Change], a: Requirement, b: Requirement, at: tuple[str | int, ...]) -> None:
    where = f"requirement '{b.id}'"
    _field(out, where, "when", a.when.text(), b.when.text(), b.line, True, (*at, "when"))
    for name in ("at_least", "at_most", "source", "clause", "rationale"):
        _field(out, where, name, getattr(a, name), getattr(b, name), b.line, True, (*at, name))
