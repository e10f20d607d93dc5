"""Result -> text, Markdown and JSON strings. Renderers return strings and never print."""

from __future__ import annotations

import textwrap

from selfcheck import __version__
from selfcheck.engine.flow import Result
from selfcheck.escape import md
from selfcheck.model.records import TYPE_CHECKING
from selfcheck.model.ruleset import Answers, RuleSet
from selfcheck.render.phrases import say
from selfcheck.rulefile.loader import has_bundled_rules

if TYPE_CHECKING:
    from typing import Any  # typing costs about 3 ms of every start-up

WIDTH = 78
MAX_SCREEN_WIDTH = 100  # longer lines are hard to read, however wide the terminal
MIN_WIDTH = 20  # narrower, and words would be split; a terminal this narrow wraps the longer lines itself


def screen_width(columns: int) -> int:
    """The width to wrap a screen's text to in a terminal `columns` wide: capped, with a margin on the right,
    and never under MIN_WIDTH (a terminal 1 or 2 columns wide, or COLUMNS=1, still gets its questions)."""
    return max(min(columns, MAX_SCREEN_WIDTH) - 2, MIN_WIDTH)


def wrap(text: str, width: int = WIDTH, indent: str = "", bullet: str = "") -> str:
    """Wrap each paragraph of text, keeping blank lines between paragraphs."""
    first = indent + bullet
    rest = indent + " " * len(bullet)
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(
        textwrap.fill(p, width=max(width, MIN_WIDTH), initial_indent=first if i == 0 else rest, subsequent_indent=rest)
        for i, p in enumerate(paragraphs)
    )


def headline(result: Result) -> str:
    return f"{result.level.label.upper()}: {result.level.action}"


def answers_mapping(ruleset: RuleSet, answers: Answers) -> dict[str, str | list[str]]:
    """Answers as an answers file: one id for single questions, a list for multiple choice."""
    return {qid: list(ids) if ruleset.question(qid).type == "multiple" else ids[0] for qid, ids in answers.items()}


def render_text(result: Result, width: int = WIDTH) -> str:
    return wrap(headline(result), width) + "\n\n" + render_text_body(result, width)


def render_text_body(result: Result, width: int = WIDTH) -> str:
    """Everything after the headline, for screens that show the headline in their own way."""
    lines: list[str] = []
    lang = result.ruleset.language
    if result.fired:
        lines += [say(lang, "why") + ":"]
        lines += [wrap(m, width, "  ", "- ") for m in result.messages]
        lines += [""]
    lines += [say(lang, "tell_doctor") + ":"]
    lines += [wrap(item, width, "  ", "- ") for item in tell_doctor(result)] or ["  " + say(lang, "no_answers")]
    lines += ["", say(lang, "if_things_change") + ":", wrap(result.safety_net, width, "  "), ""]
    lines += [wrap(result.ruleset.disclaimer, width), ""]
    for note in notes(result.ruleset):
        lines += [wrap(note, width), ""]
    lines += [wrap(_footer(result), width)]
    return "\n".join(lines) + "\n"


def tell_doctor(result: Result) -> list[str]:
    """What to tell the doctor: one line per answer that reports something, then every No on one line."""
    items = [f"{item}: {answer}" for item, answer in result.reported]
    if result.said_no:
        items.append(say(result.ruleset.language, "said_no", items=", ".join(result.said_no)))
    return items


def render_markdown(result: Result) -> str:
    """The result as Markdown; every text from the rule file is escaped, so it shows as written and links nowhere."""
    lang = result.ruleset.language
    rs = result.ruleset
    title = f"# {md(rs.metadata.title)}: {say(lang, 'result')}"
    lines = [title, "", f"**{md(result.level.label)}**: {md(result.level.action)}", ""]
    if result.fired:
        lines += [f"## {say(lang, 'why')}", ""] + [f"- {md(m)}" for m in result.messages] + [""]
    lines += [f"## {say(lang, 'tell_doctor')}", ""]
    lines += [f"- {md(item)}" for item in tell_doctor(result)] or [f"- {say(lang, 'no_answers')}"]
    lines += ["", f"## {say(lang, 'if_things_change')}", "", md(result.safety_net), ""]
    lines += [f"## {say(lang, 'please_note')}", "", md(rs.disclaimer), ""]
    for note in notes(rs):
        lines += [f"_{md(note)}_", ""]
    lines += [f"_{md(_footer(result))}_"]
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
        "reported": [{"item": item, "answer": answer} for item, answer in result.reported],
        "said_no": list(result.said_no),
        "answers": answers_mapping(rs, result.answers),
        "safety_net": result.safety_net,
        "disclaimer": rs.disclaimer,
        "language": rs.language,
        "translation": None if rs.translation is None else rs.translation._asdict(),
        "ruleset": {
            "id": rs.metadata.id,
            "version": rs.metadata.version,
            "status": rs.metadata.status,
            "sha256": rs.sha256,
        },
        "generator": f"selfcheck {__version__}",
    }


def render_json(result: Result) -> str:
    import json  # only here: the text report is the common case and json costs about 1 ms at start-up

    return json.dumps(result_data(result), indent=2, ensure_ascii=False) + "\n"


def render(result: Result, fmt: str, width: int = WIDTH) -> str:
    """The result in fmt: text (wrapped to width), markdown, json, or fhir (an R4 QuestionnaireResponse)."""
    if fmt == "fhir":
        from selfcheck.interop.fhir.questionnaire_response import (
            render_response,  # only here: the FHIR module is large and rarely wanted
        )

        return render_response(result)
    if fmt == "json":
        return render_json(result)
    if fmt == "markdown":
        return render_markdown(result)
    return render_text(result, width)


def notes(ruleset: RuleSet) -> list[str]:
    """What the person must know about the rules: not the bundled file, who reviewed them or a draft, a translation."""
    found: list[str] = []
    if not has_bundled_rules(ruleset):
        found.append(say(ruleset.language, "own_rules", path=ruleset.path, version=ruleset.metadata.version))
    reviewer = ruleset.reviewed_by
    if reviewer is not None:  # set only while the signed digest matches the content
        who = reviewer.name + (f" ({reviewer.role})" if reviewer.role else "")
        found.append(say(ruleset.language, "reviewed_rules", who=who, date=reviewer.date))
    elif ruleset.metadata.status == "draft" or any(p.digest for p in ruleset.metadata.reviewers):
        # A signature that no longer matches is no review of what the person reads now.
        found.append(say(ruleset.language, "draft_rules"))
    t = ruleset.translation
    return [*found, t.note] if t is not None and t.note else found


def _footer(result: Result) -> str:
    m = result.ruleset.metadata
    sha = result.ruleset.sha256[:12]
    reviewer = result.ruleset.reviewed_by
    # As notes() says above it: a signed review that still covers the content is no draft to the person reading.
    status = f"reviewed {reviewer.date}" if reviewer is not None and m.status == "draft" else m.status
    return f"Rule file {m.id} version {m.version} ({status}), sha256 {sha}; selfcheck {__version__}."
