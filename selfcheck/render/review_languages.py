"""Every person-facing text of a rule file in all its languages side by side, for translation review."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from selfcheck import __version__
from selfcheck.escape import html_text, md
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile import sourcemap
from selfcheck.rulefile.sourcemap import SourceMap

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
    places = _places(default) if any(r.missing_translations for r in rulesets) else {}
    columns = []
    for ruleset in rulesets:
        # Only the texts the loader fell back on: a translation may rightly equal the default text ("No").
        fell_back = {(p.line, p.col) for p in ruleset.missing_translations}
        mark = NOT_TRANSLATED.format(lang=default.language)
        columns.append([mark if places.get(where) in fell_back else text for where, text in texts(ruleset)])
    return [(where, [column[i] for column in columns]) for i, (where, _) in enumerate(texts(default))]


def _places(ruleset: RuleSet) -> dict[str, tuple[int, int]]:
    """The line and column of each text of texts() in the rule file, by the same names, as the loader marks them."""
    source = sourcemap.places(ruleset)
    if source is None:  # a rule set built by hand: no fallback can be told from the text
        return {}
    places: dict[str, tuple[int, int]] = {}
    for where, path in _text_paths(ruleset, source):
        line, col = source.at(*path)
        if line:
            places[where] = (line, col)
    return places


Path = tuple[str | int, ...]  # keys and indexes into the rule file


def _text_paths(ruleset: RuleSet, source: SourceMap) -> Iterator[tuple[str, Path]]:
    """Each text's name in texts() and its path in the rule file."""
    yield "metadata title", ("metadata", "title")
    for i, v in enumerate(ruleset.levels):
        yield f"level {v.id} label", ("levels", i, "label")
        yield f"level {v.id} action", ("levels", i, "action")
    yield from _question_paths(ruleset, source)
    for i, rule in enumerate(ruleset.rules):
        yield f"rule {rule.id} message", ("rules", i, "message")
    yield "safety_net", ("safety_net",)
    yield "disclaimer", ("disclaimer",)


def _question_paths(ruleset: RuleSet, source: SourceMap) -> Iterator[tuple[str, Path]]:
    section: Path = ()  # a question without a section has the one before it
    for i, q in enumerate(ruleset.questions):
        if source.node("questions", i, "section") is not None:
            section = ("questions", i, "section")
        if section:
            yield f"question {q.id} section", section
        for key in ("text", "help", "summary"):
            yield f"question {q.id} {key}", ("questions", i, key)
        for j, c in enumerate(q.choices):
            yield f"choice {q.id}.{c.id} label", ("questions", i, "choices", j, "label")
            yield f"choice {q.id}.{c.id} help", ("questions", i, "choices", j, "help")


def _status(ruleset: RuleSet) -> str:
    t = ruleset.translation
    if t is None:
        return "the file's own language"
    return f"translation, {t.status}" + (" (not yet clinically reviewed)" if t.status == "draft" else "")


def render_markdown(rulesets: list[RuleSet]) -> str:
    m = rulesets[0].metadata

    def where(text: str) -> str:  # selfcheck's own words and the file's ids
        return " ".join(text.split()).replace("|", "\\|")

    # Every text from the file is literal Markdown: HTML, links and emphasis in a translation are shown, not obeyed.
    out = [f"# Translations: {md(m.title)}", ""]
    out += [f"Rule file `{rulesets[0].path}`, version {m.version}, sha256 `{rulesets[0].sha256[:12]}`.", ""]
    out += [f"- **{r.language}**: {_status(r)}" for r in rulesets] + [""]
    out += ["| Where | " + " | ".join(r.language for r in rulesets) + " |"]
    out += ["|---|" + "---|" * len(rulesets)]
    out += [f"| {where(at)} | " + " | ".join(md(t) for t in cells) + " |" for at, cells in side_by_side(rulesets)]
    return "\n".join(out) + "\n"


def render_html(rulesets: list[RuleSet]) -> str:
    m = rulesets[0].metadata
    e = html_text
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
