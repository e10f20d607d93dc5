"""A rule file as a review document for clinicians: the Markdown and JSON back ends, and the choice of back end."""

from __future__ import annotations

import json
from typing import Any

from selfcheck import __version__
from selfcheck.escape import md
from selfcheck.model.english import english
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import diagram
from selfcheck.render.review_document import (
    FLOW_INTRO,
    KIND_WORDS,
    REQUIREMENT_COLUMNS,
    TYPE_WORDS,
    Coverage,
    asked_when,
    content_digest,
    coverage_lines,
    figures,
    red_flag_words,
    requirement_rows,
    requirements_state,
    reviewers_line,
    safe_url,
    shown_path,
    sign_command,
    sign_note,
    signoff_state,
    spaced,
    translations,
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
            "answer_sets": coverage.answer_sets,
            "seconds": round(coverage.seconds, 3),
            "levels": dict(coverage.levels),
            "findings": [{"severity": sev, "check": check, "count": n} for sev, check, n in coverage.findings],
            **({"stopped": coverage.stopped} if coverage.stopped else {}),
        },
        "generator": f"selfcheck {__version__}",
    }


def render_json(ruleset: RuleSet, coverage: Coverage | None = None) -> str:
    return json.dumps(review_data(ruleset, coverage), indent=2, ensure_ascii=False) + "\n"


def render_markdown(ruleset: RuleSet, coverage: Coverage | None = None) -> str:
    m = ruleset.metadata
    out = [f"# Review: {md(m.title)}", ""]
    out += [
        f"Rule file `{shown_path(ruleset)}`: id `{m.id}`, version {md(m.version)}, status **{m.status}**, "
        f"sha256 `{ruleset.sha256[:12]}`.",
        "",
    ]
    people = "; ".join(md(p.name) + (f" ({md(p.role)})" if p.role else "") for p in m.authors) or "none"
    reviewers, last_reviewed = reviewers_line(ruleset)
    reviewers = md(reviewers)
    out += ["## About this rule file", ""]
    out += [
        f"- **Intended use:** {md(m.intended_use)}",
        f"- **Population:** {md(m.population)}",
        f"- **Language:** {md(m.language)}; translations: {md(translations(ruleset))}",
        f"- **Authors:** {people}",
        f"- **Reviewers:** {reviewers}",
        f"- **Last reviewed:** {last_reviewed}; **next review due:** {m.next_review}",
        "",
    ]
    out += ["## Sources", "", "| Id | Citation | Link |", "|---|---|---|"]
    for s in m.sources:
        link = f"<{s.url}>" if safe_url(s.url) and ">" not in s.url else md(s.url)
        out.append(f"| {md(s.id)} | {md(s.citation)} | {link} |")
    out += [
        "",
        "## Levels",
        "",
        "From most to least urgent. Each person gets the most urgent level of the rules "
        "that fire, or `none` if no rule fires.",
        "",
        "| Level | Label | What the person is told to do |",
        "|---|---|---|",
    ]
    out += [f"| `{v.id}` | {md(v.label)} | {md(v.action)} |" for v in ruleset.levels]
    out += ["", "## The flow", "", FLOW_INTRO, "", "```mermaid", diagram.render(ruleset, "mermaid").rstrip("\n"), "```"]
    out += ["", f"## Questions ({len(ruleset.questions)}), in the order they are asked", ""]
    section = None
    for number, q in enumerate(ruleset.questions, 1):
        if q.section != section:
            section = q.section
            out += [f"### {md(q.section)}", ""]
        out += [f"#### {number}. {md(q.text)}", ""]
        out += [
            f"`{q.id}`: {TYPE_WORDS[q.type]}; {KIND_WORDS[q.kind]}; shown to the doctor as "
            f"\u201c{md(q.summary)}\u201d.",
            "",
        ]
        out += [f"Help: {md(q.help)}", "", f"**{md(asked_when(ruleset, q))}**", ""]
        out += ["| Choice | Label | Help | Red flag |", "|---|---|---|---|"]
        for c in q.choices:
            label = md(c.label) + (" (only on its own)" if c.exclusive else "")
            out.append(f"| `{c.id}` | {label} | {md(c.help)} | {md(red_flag_words(ruleset, c.red_flag))} |")
        out.append("")
    out += [f"## Rules ({len(ruleset.rules)}), in file order", ""]
    out += [
        "| # | Rule | When | Level | Ends the questions | Message | Rationale | Sources |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for number, r in enumerate(ruleset.rules, 1):
        out.append(
            f"| {number} | `{r.id}` | {md(english(ruleset, r.when))} | {md(ruleset.level(r.level).label)} | "
            f"{'yes' if r.stop else 'no'} | {md(r.message)} | {md(r.rationale)} | "
            f"{', '.join(md(s) for s in r.sources)} |"
        )
    out += ["", f"## Requirements ({len(ruleset.requirements)}), proved over every answer set", ""]
    if ruleset.requirements:
        out += ["| " + " | ".join(REQUIREMENT_COLUMNS) + " |", "|---|---|---|---|---|"]
        for rid, holds, source, status, rules in requirement_rows(ruleset, coverage):
            out.append(f"| `{rid}` | {md(holds)} | {md(source)} | {md(status)} | {md(rules)} |")
    else:
        out.append("The rule file states no requirements.")
    out += [
        "",
        "## What every person is told",
        "",
        f"**If things change:** {md(ruleset.safety_net)}",
        "",
        f"**Please note:** {md(ruleset.disclaimer)}",
        "",
    ]
    out += ["## Figures", ""] + [f"- {name}: {md(value)}" for name, value in figures(ruleset)] + [""]
    out += ["## Coverage", ""] + [md(line) for line in coverage_lines(coverage)]
    out += ["", "## Sign-off", "", md(signoff_state(ruleset)), "", md(requirements_state(ruleset, coverage)), ""]
    out += [
        f"I have reviewed the rule file {md(shown_path(ruleset))}, version {md(m.version)}, whose content digest is",
        "",
    ]
    out += [f"`{content_digest(ruleset)}`", ""]
    out += ["| Name | Role | Date | Signature |", "|---|---|---|---|", "| | | | |", ""]
    out += [
        f"Record it in the file with `{md(sign_command(ruleset))}`{spaced(md(sign_note(ruleset)))}; "
        "the digest must match the one above."
    ]
    return "\n".join(out) + "\n"


def render(ruleset: RuleSet, fmt: str, coverage: Coverage | None = None) -> str:
    if fmt == "json":
        return render_json(ruleset, coverage)
    if fmt == "html":
        from selfcheck.render.review_html import render_html

        return render_html(ruleset, coverage)
    return render_markdown(ruleset, coverage)
