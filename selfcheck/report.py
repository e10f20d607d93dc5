"""Result -> text, Markdown and JSON strings. Renderers return strings and never print."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from selfcheck import __version__
from selfcheck.engine import Result
from selfcheck.model import Answers, RuleSet

WIDTH = 78


def wrap(text: str, width: int = WIDTH, indent: str = "", bullet: str = "") -> str:
    """Wrap each paragraph of text, keeping blank lines between paragraphs."""
    first = indent + bullet
    rest = indent + " " * len(bullet)
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(
        textwrap.fill(p, width=max(width, 20), initial_indent=first if i == 0 else rest, subsequent_indent=rest)
        for i, p in enumerate(paragraphs)
    )


def headline(result: Result) -> str:
    return f"{result.level.label.upper()}: {result.level.action}"


def answers_mapping(ruleset: RuleSet, answers: Answers) -> dict[str, str | list[str]]:
    """Answers as an answers file: one id for single questions, a list for multiple choice."""
    return {qid: list(ids) if ruleset.question(qid).type == "multiple" else ids[0] for qid, ids in answers.items()}


def render_text(result: Result, width: int = WIDTH) -> str:
    lines = [wrap(headline(result), width), ""]
    if result.fired:
        lines += ["Why:"]
        lines += [wrap(m, width, "  ", "- ") for m in result.messages]
        lines += [""]
    lines += ["What to tell the doctor:"]
    lines += [wrap(f"{item}: {answer}", width, "  ", "- ") for item, answer in result.summary] or ["  (no answers)"]
    lines += ["", "If things change:", wrap(result.ruleset.safety_net, width, "  "), ""]
    lines += [wrap(result.ruleset.disclaimer, width), "", _footer(result)]
    return "\n".join(lines) + "\n"


def render_markdown(result: Result) -> str:
    lines = [f"# {result.ruleset.metadata.title}: result", "", f"**{result.level.label}**: {result.level.action}", ""]
    if result.fired:
        lines += ["## Why", ""] + [f"- {m}" for m in result.messages] + [""]
    lines += ["## What to tell the doctor", ""]
    lines += [f"- {item}: {answer}" for item, answer in result.summary] or ["- (no answers)"]
    lines += ["", "## If things change", "", result.ruleset.safety_net, ""]
    lines += ["## Please note", "", result.ruleset.disclaimer, "", f"_{_footer(result)}_"]
    return "\n".join(lines) + "\n"


def result_data(result: Result) -> dict[str, Any]:
    rs = result.ruleset
    return {
        "level": result.level.id,
        "level_label": result.level.label,
        "action": result.level.action,
        "messages": list(result.messages),
        "fired": [{"id": r.id, "level": r.level, "message": r.message} for r in result.fired],
        "summary": [{"item": item, "answer": answer} for item, answer in result.summary],
        "answers": answers_mapping(rs, result.answers),
        "safety_net": rs.safety_net,
        "disclaimer": rs.disclaimer,
        "ruleset": {
            "id": rs.metadata.id,
            "version": rs.metadata.version,
            "status": rs.metadata.status,
            "sha256": rs.sha256,
        },
        "generator": f"selfcheck {__version__}",
    }


def render_json(result: Result) -> str:
    return json.dumps(result_data(result), indent=2, ensure_ascii=False) + "\n"


def render(result: Result, fmt: str, width: int = WIDTH) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "markdown":
        return render_markdown(result)
    return render_text(result, width)


def _footer(result: Result) -> str:
    m = result.ruleset.metadata
    sha = result.ruleset.sha256[:12]
    return f"Rule file {m.id} version {m.version} ({m.status}), sha256 {sha}; selfcheck {__version__}."
