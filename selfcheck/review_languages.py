"""Every person-facing text of a rule file in all its languages side by side, for translation review."""

from __future__ import annotations

import html
import json
from typing import Any

from selfcheck import __version__
from selfcheck.model import RuleSet

NOT_TRANSLATED = "(not translated: shows the {lang} text)"


def texts(ruleset: RuleSet) -> list[tuple[str, str]]:
    """(where, text) for every person-facing text, in file order; the same places in every language."""
    rows = [("metadata title", ruleset.metadata.title)]
    for v in ruleset.levels:
        rows += [(f"level {v.id} label", v.label), (f"level {v.id} action", v.action)]
    for q in ruleset.questions:
        rows += [(f"question {q.id} section", q.section), (f"question {q.id} text", q.text)]
        rows += [(f"question {q.id} help", q.help), (f"question {q.id} summary", q.summary)]
        for c in q.choices:
            rows.append((f"choice {q.id}.{c.id} label", c.label))
            if c.help:
                rows.append((f"choice {q.id}.{c.id} help", c.help))
    rows += [(f"rule {r.id} message", r.message) for r in ruleset.rules]
    rows += [("safety_net", ruleset.safety_net), ("disclaimer", ruleset.disclaimer)]
    return rows


def side_by_side(rulesets: list[RuleSet]) -> list[tuple[str, list[str]]]:
    """One row per text: where it is, and the text in each language (the default language first).

    A text that fell back to the default language is marked, so a reviewer sees the gap rather
    than English passing for a translation.
    """
    default = rulesets[0]
    columns = []
    for ruleset in rulesets:
        cells = [text for _, text in texts(ruleset)]
        if ruleset.missing_translations:
            mark = NOT_TRANSLATED.format(lang=default.language)
            cells = [mark if text == base else text for text, (_, base) in zip(cells, texts(default), strict=True)]
        columns.append(cells)
    return [(where, [column[i] for column in columns]) for i, (where, _) in enumerate(texts(default))]


def _status(ruleset: RuleSet) -> str:
    t = ruleset.translation
    if t is None:
        return "the file's own language"
    return f"translation, {t.status}" + (" (not yet clinically reviewed)" if t.status == "draft" else "")


def render_markdown(rulesets: list[RuleSet]) -> str:
    m = rulesets[0].metadata

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    out = [f"# Translations: {cell(m.title)}", ""]
    out += [f"Rule file `{rulesets[0].path}`, version {m.version}, sha256 `{rulesets[0].sha256[:12]}`.", ""]
    out += [f"- **{r.language}**: {_status(r)}" for r in rulesets] + [""]
    out += ["| Where | " + " | ".join(r.language for r in rulesets) + " |"]
    out += ["|---|" + "---|" * len(rulesets)]
    out += [f"| {where} | " + " | ".join(cell(t) for t in cells) + " |" for where, cells in side_by_side(rulesets)]
    return "\n".join(out) + "\n"


def render_html(rulesets: list[RuleSet]) -> str:
    m = rulesets[0].metadata
    e = html.escape
    head = "".join(f"<th lang='{e(r.language)}'>{e(r.language)}: {e(_status(r))}</th>" for r in rulesets)
    rows = [
        "<tr><th scope='row'>"
        + e(where)
        + "</th>"
        + "".join(f"<td lang='{e(r.language)}'>{e(t)}</td>" for r, t in zip(rulesets, cells, strict=True))
        + "</tr>"
        for where, cells in side_by_side(rulesets)
    ]
    return (
        f"<!DOCTYPE html>\n<html lang='{e(m.language)}'>\n<head><meta charset='utf-8'>"
        f"<title>Translations: {e(m.title)}</title>"
        "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;vertical-align:top;"
        "text-align:left}</style></head>\n<body>\n"
        f"<h1>Translations: {e(m.title)}</h1>\n<table>\n<tr><th>Where</th>{head}</tr>\n"
        + "\n".join(rows)
        + "\n</table>\n</body>\n</html>\n"
    )


def render_json(rulesets: list[RuleSet]) -> str:
    data: dict[str, Any] = {
        "rule_file": {"id": rulesets[0].metadata.id, "version": rulesets[0].metadata.version},
        "languages": [
            {"language": r.language, "status": _status(r), "missing": len(r.missing_translations)} for r in rulesets
        ],
        "texts": [
            {"where": where, **{r.language: t for r, t in zip(rulesets, cells, strict=True)}}
            for where, cells in side_by_side(rulesets)
        ],
        "generator": f"selfcheck {__version__}",
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(rulesets: list[RuleSet], fmt: str) -> str:
    if fmt == "json":
        return render_json(rulesets)
    if fmt == "html":
        return render_html(rulesets)
    return render_markdown(rulesets)
