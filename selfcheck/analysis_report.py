"""`selfcheck analyze` output: findings as path:line:col lines with examples, a summary line, or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from selfcheck.checks import Example, example_lines
from selfcheck.errors import plural

if TYPE_CHECKING:
    from selfcheck.analysis import Analysis
    from selfcheck.model import RuleSet


def render(analysis: Analysis, ruleset: RuleSet, fmt: str = "text") -> str:
    """The analysis as text (findings as path:line:col, then a summary line) or JSON."""
    if fmt == "json":
        return json.dumps(analysis_data(analysis), indent=2, ensure_ascii=False) + "\n"
    lines = []
    for finding in analysis.findings:
        lines.append(finding.located(analysis.path))
        for example in finding.examples:
            lines += example_lines(example, ruleset)
    lines.append("levels: " + ", ".join(f"{level} {n}" for level, n in analysis.levels))
    lines += after_certain_lines(analysis, ruleset)
    lines.append(summary_line(analysis))
    return "\n".join(lines) + "\n"


def after_certain_lines(analysis: Analysis, ruleset: RuleSet) -> list[str]:
    """The most questions asked after each level was certain; an example where one that should end the
    questions (emergency, or a level marked or bounded in the file) has any."""
    if not analysis.after_certain:
        return []
    parts = [f"{a.level} {a.worst}" + (f" (from '{a.first}')" if a.worst else "") for a in analysis.after_certain]
    lines = ["most questions asked after the level was certain: " + ", ".join(parts)]
    for a in analysis.after_certain:
        level = ruleset.level(a.level)
        if a.worst and (level.ends_when_certain or level.max_questions_after_certain is not None):
            lines.append(f"  {a.level}: {plural(a.worst, 'question')} after it was certain, for example:")
            lines += example_lines(a.example, ruleset)
    return lines


def summary_line(analysis: Analysis) -> str:
    errors, warnings = len(analysis.errors), len(analysis.warnings)
    return (
        f"{analysis.path}: {analysis.answer_sets} answer sets covered ({analysis.states} states, "
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
