"""What `analyze` proved, family by family: the status lines analyze prints and review's coverage repeats."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

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
from selfcheck.analysis.registry import CHECKS, family_checks, ids
from selfcheck.analysis.requirements import UNREACHABLE, VIOLATED
from selfcheck.errors import plural

if TYPE_CHECKING:
    from selfcheck.analysis.orchestrate import Analysis

# How a method other than the walk is named, in a finished run and in one stopped at its limit.
METHOD_NAMES = {"bdd": "binary decision diagrams, exactly (the walk of the answer space is not needed)"}
STOPPED_NAMES = {"bdd": "binary decision diagrams, stopped before they were finished"}


def finished(analysis: Analysis) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the checks that ran to the end, those that did not), by id in registry order."""
    return analysis.checked, tuple(c.ID for c in CHECKS if c.ID not in analysis.checked)


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
        found = findings_in(analysis, family) if family and family not in done else 0
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


# The checks whose findings each family of properties counts.
FAMILY_CHECKS = {**family_checks(), ANSWER_SPACE: (ANSWER_SPACE,)}


def findings_in(analysis: Analysis, family: str) -> int:
    return sum(1 for f in analysis.findings if f.check in FAMILY_CHECKS.get(family, ()))
