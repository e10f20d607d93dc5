"""`selfcheck analyze --format json`: the analysis as plain data (the findings, the families, the proofs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from selfcheck.analysis.findings import Example
from selfcheck.analysis.requirements import Proof
from selfcheck.render.check_status import families, findings_in, finished

if TYPE_CHECKING:
    from selfcheck.analysis.orchestrate import Analysis


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
            {"id": family, "status": status, "findings": findings_in(analysis, family), "message": text}
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
