"""`selfcheck analyze` output: findings as path:line:col lines with examples, a summary line, or JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from selfcheck.analysis.checks import (
    after_certain,
    dead_rule,
    gap,
    monotonicity,
    no_crash,
    red_flag,
    requirement,
    unreachable_question,
)
from selfcheck.analysis.context import ANSWER_SPACE
from selfcheck.analysis.findings import Example, Finding, example_lines
from selfcheck.analysis.registry import CHECKS, family_checks, ids
from selfcheck.analysis.requirements import UNREACHABLE, VIOLATED, Proof, answers_file, decided_line
from selfcheck.errors import plural

if TYPE_CHECKING:
    from selfcheck.analysis.orchestrate import Analysis
    from selfcheck.model.ruleset import RuleSet


def render(analysis: Analysis, ruleset: RuleSet, fmt: str = "text", verbose: bool = False) -> str:
    """The analysis as text or JSON.

    Text: every error with its examples, then the warnings counted by kind (each listed with verbose),
    then one line per family of properties saying what was proved, the levels and a summary line.
    """
    if fmt == "json":
        return json.dumps(analysis_data(analysis), indent=2, ensure_ascii=False) + "\n"
    lines = []
    for finding in analysis.errors:
        lines += finding_lines(finding, analysis, ruleset)
    warnings = sorted(analysis.warnings, key=lambda f: (f.check, f.line, f.col, f.message))
    if verbose:
        for finding in warnings:
            lines += finding_lines(finding, analysis, ruleset)
    kinds = Counter(f.check for f in warnings)
    if kinds:
        counted = ", ".join(f"{n} {check}" for check, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"warnings: {counted}" + ("" if verbose else " (--verbose lists each)"))
    lines += stopped_lines(analysis)
    lines += [f"{status}: {text}" for _, status, text in families(analysis)]
    counted = ", ".join(f"{level} {n}" for level, n in analysis.levels)
    before = f"({REFUSED_FIRST})" if analysis.refused else "(the analysis stopped before it counted the answer space)"
    lines.append("levels: " + (counted or f"not counted {before}"))
    lines += after_certain_lines(analysis, ruleset)
    if analysis.method != "walk":  # the walk is the usual way: only another method is named
        # A stopped run did not count: it names the method it was counting with, without "exactly".
        name = (
            METHOD_NAMES.get(analysis.method, analysis.method)
            if analysis.complete
            else STOPPED_NAMES.get(analysis.method, analysis.method)
        )
        lines.append(f"counted by: {name} (--method {analysis.method})")
    lines.append(summary_line(analysis))
    return "\n".join(lines) + "\n"


def after_certain_lines(analysis: Analysis, ruleset: RuleSet) -> list[str]:
    """The most questions asked after each level was certain, when the file bounds it or a level that ends the
    questions when certain (emergency, or one marked so) still has some; then an example answers file."""
    shown = [
        a
        for a in analysis.after_certain
        if a.worst and (ruleset.level(a.level).ends_when_certain or a.bound is not None)
    ]
    if not (shown or any(a.bound is not None for a in analysis.after_certain)):
        return []
    parts = [f"{a.level} {a.worst}" + (f" (from '{a.first}')" if a.worst else "") for a in analysis.after_certain]
    lines = ["most questions asked after the level was certain: " + ", ".join(parts)]
    for a in shown:
        lines.append(
            f"  {a.level}: {plural(a.worst, 'question')} after it was certain, from '{a.first}' on, "
            "for example (as an answers file):"
        )
        lines += answers_file(a.example.answers, ruleset, indent="      ")
    return lines


def finding_lines(finding: Finding, analysis: Analysis, ruleset: RuleSet) -> list[str]:
    """A finding located, then its examples; a broken requirement's example as a pasteable answers file."""
    lines = [finding.located(analysis.path)]
    proof = next((p for p in analysis.requirements if p.requirement.line == finding.line), None)
    if finding.check == requirement.ID and proof is not None and proof.example is not None:
        lines.append(
            f"    smallest example ({proof.example.level}, decided by {decided_line(proof)}), "
            "as an answers file for selfcheck explain --answers:"
        )
        return lines + answers_file(proof.example.answers, ruleset, indent="      ")
    for example in finding.examples:
        lines += example_lines(example, ruleset)
    return lines


METHOD_NAMES = {"bdd": "binary decision diagrams, exactly (the walk of the answer space is not needed)"}
STOPPED_NAMES = {"bdd": "binary decision diagrams, stopped before they were finished"}


def finished(analysis: Analysis) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the checks that ran to the end, those that did not), by id in registry order."""
    return analysis.checked, tuple(c.ID for c in CHECKS if c.ID not in analysis.checked)


def stopped_lines(analysis: Analysis) -> list[str]:
    """For an analysis stopped at its limit: the checks that finished, so proved what they check, and the rest."""
    if analysis.complete:
        return []
    done, not_finished = finished(analysis)
    return [
        f"checks finished: {', '.join(done) or 'none'}",
        f"checks not finished: {', '.join(not_finished) or 'none'}",
    ]


# In words, for a family the analysis did not get to check before it stopped at its limit.
NOT_CHECKED = {
    "gap": "gap-free",
    "monotonicity": "monotonicity",
    "requirements": "the requirements",
    "red-flags": "red flags",
    "reachability": "reachability of every question and rule",
    "after-certain": "the bounds on the questions asked after a level is certain",
    "engine": "the engine's agreement with the counts",
}


# Why a stopped analysis did not check the rest: a limit reached, or an answer space refused before any walk.
STOPPED_FIRST = "the analysis stopped at its limit first"
REFUSED_FIRST = "the answer space was refused as too large to check every combination"


def not_checked_why(analysis: Analysis) -> str:
    """Why an analysis that did not finish left checks undone, in words for "(...)"."""
    return REFUSED_FIRST if analysis.refused else STOPPED_FIRST


def families(analysis: Analysis, listed: str = "see above") -> list[tuple[str, str, str]]:
    """(family, proved or FAILED or warning or not checked, what was shown) for each family, in a fixed order;
    `listed` says where the findings of a family stopped part way are listed.

    A family whose checks did not all finish is "not checked", unless they found something before the limit:
    those findings are real counterexamples, so the family fails (or warns), and the rest of it is unproved.
    """
    count = Counter(f.check for f in analysis.findings)
    done = _finished_families(analysis)
    out: list[tuple[str, str, str]] = []

    def add(family: str, bad: int, proved: str, failed: str, severity: str = "FAILED") -> None:
        found = _findings_in(analysis, family) if family and family not in done else 0
        if family in analysis.unavailable:
            out.append((family, "not checked", f"{NOT_CHECKED[family]} (not yet with --method {analysis.method})"))
        elif found:
            kind = "error" if severity == "FAILED" else "warning"
            out.append(
                (
                    family,
                    severity,
                    f"{NOT_CHECKED[family]}: {plural(found, kind)} found before the limit "
                    f"({listed}); the rest not proved",
                )
            )
        elif family and family not in done:
            out.append((family, "not checked", f"{NOT_CHECKED[family]} ({not_checked_why(analysis)})"))
        elif family:
            out.append((family, severity if bad else "proved", failed if bad else proved))

    gap_finding = next((f for f in analysis.findings if f.check == gap.ID), None)
    add(
        gap.FAMILY,
        count[gap.ID],
        "gap-free: every answer set with a yes to a sign or symptom reaches a rule",
        f"not gap-free: {gap_finding.message if gap_finding else ''}",
        "warning",
    )
    n = analysis.monotone_questions
    add(
        monotonicity.FAMILY,
        count[monotonicity.ID],
        f"monotone in {plural(n, 'question')}: a more worrying answer never gives a less urgent level",
        f"not monotone in {count[monotonicity.ID]} of {plural(n, 'question')} (see the errors above)",
    )
    reqs = analysis.requirements
    if requirement.FAMILY in done and not reqs:
        out.append((requirement.FAMILY, "none", "no requirements in the rule file: nothing beyond the checks here"))
    broken = sum(1 for p in reqs if p.status == VIOLATED)
    never = sum(1 for p in reqs if p.status == UNREACHABLE)
    add(
        requirement.FAMILY if reqs or requirement.FAMILY not in done else "",
        broken + never,
        f"{len(reqs)} of {plural(len(reqs), 'requirement')} proved over every answer set where they apply",
        f"{len(reqs) - broken - never} of {plural(len(reqs), 'requirement')} proved; {broken} broken, "
        f"{never} can never apply (see the errors above)",
    )
    add(
        red_flag.FAMILY,
        count[red_flag.ID],
        f"red flags: each of {plural(analysis.red_flags, 'red-flag choice')} always gives at least its level",
        f"red flags: {count[red_flag.ID]} of {plural(analysis.red_flags, 'red-flag choice')} can give a less "
        "urgent level (see the errors above)",
    )
    questions, rules = len(analysis.questions), len(analysis.rules)
    unasked, dead = count[unreachable_question.ID], count[dead_rule.ID]
    add(
        dead_rule.FAMILY,
        unasked + dead,
        f"reachability: each of {plural(questions, 'question')} is asked and each of {plural(rules, 'rule')} "
        "fires in some answer set",
        f"reachability: {unasked} of {plural(questions, 'question')} never asked, "
        f"{dead} of {plural(rules, 'rule')} never fire (see the errors above)",
    )
    bounds = [a for a in analysis.after_certain if a.bound is not None]
    add(
        after_certain.FAMILY if bounds or after_certain.FAMILY not in done else "",
        count[after_certain.ID],
        "each level's bound on the questions asked after it is certain holds over every answer set",
        f"{count[after_certain.ID]} of {plural(len(bounds), 'bound')} on the questions asked after a level is "
        "certain exceeded (see the errors above)",
    )
    add(
        no_crash.FAMILY,
        sum(count[i] for i in ids(no_crash)),
        "the engine gives the counted level on an answer set of every distinct end state",
        "the engine crashed or disagreed with the analysis (see the errors above)",
    )
    if analysis.refused:
        out.append((ANSWER_SPACE, "FAILED", f"{REFUSED_FIRST}: what is not checked is not proved"))
    elif not analysis.complete:
        out.append((ANSWER_SPACE, "FAILED", "the analysis stopped at its limit: what is not checked is not proved"))
    return out


def _finished_families(analysis: Analysis) -> set[str]:
    """The families every check of which ran to the end (all of them when the analysis is complete)."""
    families = {c.FAMILY for c in CHECKS if c.FAMILY}
    if analysis.complete:
        return families
    return {f for f in families if all(c.ID in analysis.checked for c in CHECKS if f == c.FAMILY)}


def summary_line(analysis: Analysis) -> str:
    errors, warnings = len(analysis.errors), len(analysis.warnings)
    states = "diagram nodes" if analysis.method == "bdd" else "states"
    if not analysis.levels:  # the count of the answer sets did not finish: no count to give
        # The diagrams' work so far: the most nodes they held at once (their memory), not nodes ever made.
        work = (
            f"a peak of {analysis.states:,} {states}"
            if analysis.method == "bdd"
            else f"{analysis.states:,} states walked"
        )
        return (
            f"{analysis.path}: answer sets not all counted ({work}, {analysis.evaluations} evaluations) in "
            f"{analysis.seconds:.2f} s: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
    return (
        f"{analysis.path}: {analysis.answer_sets} answer sets covered ({analysis.states} {states}, "
        f"{analysis.evaluations} evaluations) in {analysis.seconds:.2f} s: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )


def example_data(example: Example) -> dict[str, Any]:
    data: dict[str, Any] = {"answers": {q: list(a) for q, a in example.answers.items()}, "level": example.level}
    if example.after is not None:
        data["after"] = {q: list(a) for q, a in example.after.items()}
        data["after_level"] = example.after_level
    return data


def analysis_data(analysis: Analysis) -> dict[str, Any]:
    return {
        "path": analysis.path,
        "method": analysis.method,
        "answer_sets": analysis.answer_sets,
        "levels": dict(analysis.levels),
        "rules": [{"id": r.id, "fires": r.fires, "decides": r.decides} for r in analysis.rules],
        "questions": dict(analysis.questions),
        "states": analysis.states,
        "evaluations": analysis.evaluations,
        "seconds": round(analysis.seconds, 3),
        "after_certain": {
            a.level: {"worst": a.worst, "first": a.first, "example": example_data(a.example)}
            for a in analysis.after_certain
        },
        "checks": [
            {"id": family, "status": status, "findings": _findings_in(analysis, family), "message": text}
            for family, status, text in families(analysis)
        ],
        "requirements": [proof_data(p) for p in analysis.requirements],
        **({} if analysis.complete else {"stopped": stopped_data(analysis)}),
        "errors": len(analysis.errors),
        "warnings": len(analysis.warnings),
        "findings": [
            {
                "severity": f.severity,
                "check": f.check,
                "message": f.message,
                "line": f.line,
                "col": f.col,
                "examples": [example_data(e) for e in f.examples],
            }
            for f in analysis.findings
        ],
    }


def stopped_data(analysis: Analysis) -> dict[str, Any]:
    """The checks that finished and those that did not, and why: "refused" (the answer space too large to
    check every combination) or "limit" (a budget of states, seconds or memory reached)."""
    done, not_finished = finished(analysis)
    return {
        "finished": list(done),
        "not_finished": list(not_finished),
        "reason": "refused" if analysis.refused else "limit",
    }


# The checks whose findings each family of properties counts.
FAMILY_CHECKS = {**family_checks(), ANSWER_SPACE: (ANSWER_SPACE,)}


def _findings_in(analysis: Analysis, family: str) -> int:
    return sum(1 for f in analysis.findings if f.check in FAMILY_CHECKS.get(family, ()))


def proof_data(proof: Proof) -> dict[str, Any]:
    req = proof.requirement
    return {
        "id": req.id,
        "when": req.when.text(),
        "at_least": req.at_least or None,
        "at_most": req.at_most or None,
        "source": req.source,
        "clause": req.clause,
        "line": req.line,
        "status": proof.status,
        "applies": proof.applies,
        "violations": proof.violations,
        "satisfied_by": list(proof.satisfied_by),
        "example": example_data(proof.example) if proof.example is not None else None,
        "decided_by": list(proof.decided_by),
    }
