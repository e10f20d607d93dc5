"""A rule file as a review document for clinicians: the Markdown, HTML and JSON back ends, and the choice of one."""

from __future__ import annotations

import json
from typing import Any

from selfcheck import __version__
from selfcheck.model.english import english
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import document_markdown
from selfcheck.render.review_blocks import build
from selfcheck.render.review_coverage import Coverage
from selfcheck.render.review_document import (
    asked_when,
    content_digest,
    figures,
    requirement_rows,
    requirements_state,
    shown_path,
    signoff_state,
)


def review_data(ruleset: RuleSet, coverage: Coverage | None = None) -> dict[str, Any]:
    m = ruleset.metadata
    digest = content_digest(ruleset)
    return {
        "rule_file": {"name": shown_path(ruleset), "version": m.version, "sha256": ruleset.sha256},
        "signoff": {
            "content_digest": digest,
            "state": signoff_state(ruleset),
            "signed_by": None
            if ruleset.reviewed_by is None
            else {k: getattr(ruleset.reviewed_by, k) for k in ("name", "role", "date")},
            "changed": [str(p) for p in ruleset.content_changes],
            "requirements": requirements_state(ruleset, coverage),
        },
        "metadata": {
            "id": m.id,
            "title": m.title,
            "version": m.version,
            "status": m.status,
            "language": m.language,
            "translations": [{"language": t.language, "status": t.status} for t in m.translations],
            "intended_use": m.intended_use,
            "population": m.population,
            "authors": [{"name": p.name, "role": p.role} for p in m.authors],
            "reviewers": [{"name": p.name, "role": p.role, "date": p.date} for p in m.reviewers],
            "last_reviewed": m.last_reviewed if m.reviewers else None,
            "next_review": m.next_review,
        },
        "sources": [{"id": s.id, "citation": s.citation, "url": s.url} for s in m.sources],
        "levels": [{"id": v.id, "label": v.label, "action": v.action} for v in ruleset.levels],
        "questions": [
            {
                "id": q.id,
                "section": q.section,
                "text": q.text,
                "help": q.help,
                "type": q.type,
                "kind": q.kind,
                "summary": q.summary,
                "ask_if": q.ask_if.text() if q.ask_if is not None else None,
                "asked": asked_when(ruleset, q),
                "choices": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "help": c.help,
                        "exclusive": c.exclusive,
                        "red_flag": c.red_flag or None,
                    }
                    for c in q.choices
                ],
            }
            for q in ruleset.questions
        ],
        "rules": [
            {
                "id": r.id,
                "when": r.when.text(),
                "when_english": english(ruleset, r.when),
                "level": r.level,
                "stop": r.stop,
                "message": r.message,
                "rationale": r.rationale,
                "sources": list(r.sources),
            }
            for r in ruleset.rules
        ],
        "requirements": [
            {
                "id": req.id,
                "when": req.when.text(),
                "what_must_hold": row[1],
                "at_least": req.at_least or None,
                "at_most": req.at_most or None,
                "source": req.source,
                "clause": req.clause,
                "rationale": req.rationale,
                "status": next((st for rid, st, *_ in coverage.requirements if rid == req.id), None)
                if coverage is not None
                else None,
                "summary": row[3],
                "rules": next((list(rules) for rid, *_, rules in coverage.requirements if rid == req.id), [])
                if coverage is not None
                else [],
            }
            for req, row in zip(ruleset.requirements, requirement_rows(ruleset, coverage), strict=True)
        ],
        "safety_net": ruleset.safety_net,
        "disclaimer": ruleset.disclaimer,
        "figures": dict(figures(ruleset)),
        "coverage": None
        if coverage is None
        else {
            "method": coverage.method,
            "answer_sets": coverage.answer_sets,
            "seconds": round(coverage.seconds, 3),
            "levels": dict(coverage.levels),
            "findings": [{"severity": sev, "check": check, "count": n} for sev, check, n in coverage.findings],
            **(
                {
                    "stopped": coverage.stopped,
                    "finished": list(coverage.finished),
                    "not_finished": list(coverage.not_finished),
                    "families": [{"status": status, "message": text} for status, text in coverage.families],
                }
                if coverage.stopped
                else {}
            ),
        },
        "generator": f"selfcheck {__version__}",
    }


def render_json(ruleset: RuleSet, coverage: Coverage | None = None) -> str:
    return json.dumps(review_data(ruleset, coverage), indent=2, ensure_ascii=False) + "\n"


def render_markdown(ruleset: RuleSet, coverage: Coverage | None = None) -> str:
    return document_markdown.render(build(ruleset, coverage))


def render(ruleset: RuleSet, fmt: str, coverage: Coverage | None = None) -> str:
    if fmt == "json":
        return render_json(ruleset, coverage)
    if fmt == "html":
        from selfcheck.render.review_html import render_html

        return render_html(ruleset, coverage)
    return render_markdown(ruleset, coverage)
