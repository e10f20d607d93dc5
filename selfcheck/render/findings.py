"""`selfcheck analyze` output: findings as path:line:col lines with examples, a summary line, or JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from selfcheck.analysis.checks import requirement
from selfcheck.analysis.findings import Finding, example_lines
from selfcheck.analysis.requirements import answers_file, decided_line
from selfcheck.errors import plural
from selfcheck.render.check_status import METHOD_NAMES, REFUSED_FIRST, STOPPED_NAMES, families, finished
from selfcheck.render.findings_json import analysis_data

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


def stopped_lines(analysis: Analysis) -> list[str]:
    """For an analysis stopped at its limit: the checks that finished, so proved what they check, and the rest."""
    if analysis.complete:
        return []
    done, not_finished = finished(analysis)
    return [
        f"checks finished: {', '.join(done) or 'none'}",
        f"checks not finished: {', '.join(not_finished) or 'none'}",
    ]


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
