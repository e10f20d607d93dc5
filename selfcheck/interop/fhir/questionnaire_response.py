"""Result -> FHIR R4 QuestionnaireResponse, as JSON: the answers, and the level and messages in extensions."""

from __future__ import annotations

import datetime
import json
from typing import Any

from selfcheck import __version__
from selfcheck.engine.flow import Result
from selfcheck.escape import xml_text
from selfcheck.interop.fhir.questionnaire import (
    EXT,
    LEVEL_SYSTEM,
    XHTML,
    answer_system,
    canonical,
    ext_complex,
    ext_string,
)


def _narrative(result: Result) -> str:
    """A short human-readable summary, for systems that show the narrative and ignore extensions."""
    e = xml_text
    parts = [f"<p><b>{e(result.level.label)}</b>: {e(result.level.action)}</p>"]
    if result.messages:
        parts.append("<ul>" + "".join(f"<li>{e(m)}</li>" for m in result.messages) + "</ul>")
    parts.append(f"<p>{e(result.safety_net)}</p>")
    parts.append(f"<p>{e(result.ruleset.disclaimer)}</p>")
    if result.ruleset.translation is not None and result.ruleset.translation.note:
        parts.append(f"<p>{e(result.ruleset.translation.note)}</p>")
    return f'<div xmlns="{XHTML}">' + "".join(parts) + "</div>"


def response(result: Result, authored: str | None = None) -> dict[str, Any]:
    """The result as a completed QuestionnaireResponse; the level and messages ride in extensions."""
    rs = result.ruleset
    if authored is None:
        authored = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    system = answer_system(rs)
    extensions: list[dict[str, Any]] = [
        {
            "url": f"{EXT}/result-level",
            "valueCoding": {"system": LEVEL_SYSTEM, "code": result.level.id, "display": result.level.label},
        },
        ext_string(f"{EXT}/result-action", result.level.action),
    ]
    extensions += [
        ext_complex(
            f"{EXT}/fired-rule",
            [("id", "String", rule.id), ("level", "Code", rule.level), ("message", "String", rule.message)],
        )
        for rule in result.fired
    ]
    extensions += [
        ext_string(f"{EXT}/safety-net", rs.safety_net),
        ext_string(f"{EXT}/disclaimer", rs.disclaimer),
        ext_string(f"{EXT}/rule-file-sha256", rs.sha256),
        ext_string(f"{EXT}/generator", f"selfcheck {__version__}"),
    ]
    items = []
    for question in rs.questions:
        if question.id not in result.answers:
            continue
        answers = [
            {"valueCoding": {"system": system, "code": c, "display": question.choice(c).label}}
            for c in result.answers[question.id]
        ]
        items.append({"linkId": question.id, "text": question.text, "answer": answers})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "language": rs.language,
        "text": {"status": "generated", "div": _narrative(result)},
        "extension": extensions,
        "questionnaire": f"{canonical(rs)}|{rs.metadata.version}",
        "status": "completed",
        "authored": authored,
        "item": items,
    }
    return {k: v for k, v in resource.items() if v != []}


def render_response(result: Result, authored: str | None = None) -> str:
    return json.dumps(response(result, authored), indent=2, ensure_ascii=False) + "\n"
