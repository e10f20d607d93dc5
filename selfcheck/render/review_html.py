"""The review document as one self-contained, printable HTML page: inline CSS, no scripts, everything escaped."""

from __future__ import annotations

from html import escape

from selfcheck.model.english import english
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import diagram
from selfcheck.render.diagram_svg import layout, pages
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

# Print styles keep table rows whole and repeat table headers on every page; no fonts or images are fetched.
CSS = """
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #333; padding-bottom: .15rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .3rem; color: #333; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.meta, .small { color: #444; font-size: .9rem; }
code { font: .85em/1.3 ui-monospace, Menlo, Consolas, monospace; background: #f2f2f2; padding: 0 .2em; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.rules td:nth-child(2) { width: 17%; } .rules td:nth-child(3) { width: 29%; }
.rules code { overflow-wrap: anywhere; }
.stop { font-size: .85em; font-style: italic; }
.question { border-left: 4px solid #889; padding-left: .8rem; margin: 1rem 0; }
.asked { font-weight: 600; }
tr[class^="level-"] { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.level-emergency { background: #fde2e1; } .level-urgent { background: #fdebd3; }
.level-soon { background: #fff7cc; } .level-routine { background: #e4f2e4; } .level-none { background: #eef; }
.when-code { display: block; margin-top: .2rem; color: #555; }
.signoff { break-inside: avoid; } .signoff code { overflow-wrap: anywhere; } .sign td { height: 3.2rem; }
.sources td { overflow-wrap: anywhere; }
.flow { margin: .5rem 0 1rem; } .flow svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.flow pre { white-space: pre-wrap; font-size: .8rem; background: #f6f6f6; padding: .5rem; }
.flow-page { display: none; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h2 { break-after: avoid; } h3, h4 { break-after: avoid; }
  tr, .question { break-inside: avoid; }
  .flow-screen { display: none; } .flow-page { display: block; break-inside: avoid; margin: 0 0 4mm; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  a.external::after { content: " (" attr(href) ")"; font-size: .8em; }
}
"""


def e(text: str) -> str:
    return escape(text, quote=True)


def _table(
    head: list[str], rows: list[list[str]], row_classes: list[str] | None = None, table_class: str = ""
) -> list[str]:
    """A table from cells that are already escaped HTML."""
    out = [
        f'<table class="{table_class}">' if table_class else "<table>",
        "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    for i, row in enumerate(rows):
        cls = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return [*out, "</tbody>", "</table>"]


def render_html(ruleset: RuleSet, coverage: Coverage | None = None) -> str:
    m = ruleset.metadata
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(m.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Review: {e(m.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    out += [
        f"<h1>Review: {e(m.title)}</h1>",
        f'<p class="meta">Rule file <code>{e(shown_path(ruleset))}</code>: id <code>{e(m.id)}</code>, version '
        f"{e(m.version)}, status <strong>{e(m.status)}</strong>, sha256 <code>{ruleset.sha256[:12]}</code>.</p>",
    ]
    people = "; ".join(e(p.name) + (f" ({e(p.role)})" if p.role else "") for p in m.authors) or "none"
    reviewers, last_reviewed = (e(x) for x in reviewers_line(ruleset))
    out += [
        "<h2>About this rule file</h2>",
        "<ul>",
        f"<li><strong>Intended use:</strong> {e(m.intended_use)}</li>",
        f"<li><strong>Population:</strong> {e(m.population)}</li>",
        f"<li><strong>Language:</strong> {e(m.language)}; translations: {e(translations(ruleset))}</li>",
        f"<li><strong>Authors:</strong> {people}</li>",
        f"<li><strong>Reviewers:</strong> {reviewers}</li>",
        f"<li><strong>Last reviewed:</strong> {last_reviewed}; <strong>next review due:</strong> "
        f"{e(m.next_review)}</li>",
        "</ul>",
    ]
    source_rows = []
    for s in m.sources:
        url = safe_url(s.url)
        link = f'<a class="external" href="{e(url)}">{e(url)}</a>' if url else e(s.url)
        source_rows.append([f'<span id="source-{e(s.id)}">{e(s.id)}</span>', e(s.citation), link])
    out += ["<h2>Sources</h2>", *_table(["Id", "Citation", "Link"], source_rows, table_class="sources")]
    out += [
        "<h2>Levels</h2>",
        "<p>From most to least urgent. Each person gets the most urgent level of the rules "
        "that fire, or <code>none</code> if no rule fires.</p>",
    ]
    out += _table(
        ["Level", "Label", "What the person is told to do"],
        [[f"<code>{e(v.id)}</code>", e(v.label), e(v.action)] for v in ruleset.levels],
        [f"level-{v.id}" for v in ruleset.levels],
    )
    out += flow_section(ruleset)
    out += [f"<h2>Questions ({len(ruleset.questions)}), in the order they are asked</h2>"]
    section = None
    for number, q in enumerate(ruleset.questions, 1):
        if q.section != section:
            section = q.section
            out.append(f"<h3>{e(q.section)}</h3>")
        out += [
            '<div class="question">',
            f"<h4>{number}. {e(q.text)}</h4>",
            f'<p class="small"><code>{e(q.id)}</code>: {TYPE_WORDS[q.type]}; {KIND_WORDS[q.kind]}; shown to '
            f"the doctor as \u201c{e(q.summary)}\u201d.</p>",
            f"<p>Help: {e(q.help)}</p>",
            f'<p class="asked">{e(asked_when(ruleset, q))}</p>',
        ]
        rows = [
            [
                f"<code>{e(c.id)}</code>",
                e(c.label) + (" <em>(only on its own)</em>" if c.exclusive else ""),
                e(c.help),
                e(red_flag_words(ruleset, c.red_flag)),
            ]
            for c in q.choices
        ]
        out += [*_table(["Choice", "Label", "Help", "Red flag"], rows), "</div>"]
    out += [f"<h2>Rules ({len(ruleset.rules)}), in file order</h2>"]
    rows = []
    for number, r in enumerate(ruleset.rules, 1):
        sources = ", ".join(f'<a href="#source-{e(s)}">{e(s)}</a>' for s in r.sources)
        when = f'{e(english(ruleset, r.when))}<code class="when-code">{e(r.when.text())}</code>'
        stop = '<br><span class="stop">Ends the questions</span>' if r.stop else ""
        rule = f"<code>{e(r.id)}</code><br><strong>{e(ruleset.level(r.level).label)}</strong>{stop}"
        rows.append([str(number), rule, when, e(r.message), e(r.rationale), sources])
    out += _table(
        ["#", "Rule, level", "When", "Message", "Rationale", "Sources"],
        rows,
        [f"level-{r.level}" for r in ruleset.rules],
        "rules",
    )
    out += [f"<h2>Requirements ({len(ruleset.requirements)}), proved over every answer set</h2>"]
    if ruleset.requirements:
        req_rows = [
            [f"<code>{e(rid)}</code>", e(holds), e(source), e(status), e(rules)]
            for rid, holds, source, status, rules in requirement_rows(ruleset, coverage)
        ]
        out += _table(list(REQUIREMENT_COLUMNS), req_rows)
    else:
        out.append("<p>The rule file states no requirements.</p>")
    out += [
        "<h2>What every person is told</h2>",
        f"<p><strong>If things change:</strong> {e(ruleset.safety_net)}</p>",
        f"<p><strong>Please note:</strong> {e(ruleset.disclaimer)}</p>",
    ]
    out += ["<h2>Figures</h2>", "<ul>"] + [f"<li>{e(n)}: {e(v)}</li>" for n, v in figures(ruleset)] + ["</ul>"]
    out += ["<h2>Coverage</h2>"] + [f"<p>{e(line)}</p>" for line in coverage_lines(coverage)]
    out += [
        "<h2>Sign-off</h2>",
        '<div class="signoff">',
        f"<p>{e(signoff_state(ruleset))}</p>",
        f"<p>{e(requirements_state(ruleset, coverage))}</p>",
        f"<p>I have reviewed the rule file <code>{e(shown_path(ruleset))}</code>, version {e(m.version)}, "
        f"whose content digest is <code>{e(content_digest(ruleset))}</code>.</p>",
        *_table(["Name", "Role", "Date", "Signature"], [["", "", "", ""]], table_class="sign"),
        f'<p class="small">Record it in the file with <code>{e(sign_command(ruleset))}</code>'
        f"{spaced(e(sign_note(ruleset)))}; the digest must match the one above.</p>",
        "</div>",
    ]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def flow_section(ruleset: RuleSet) -> list[str]:
    """The flow as inline SVG laid out by Graphviz: whole on screen, a page at a time in print.

    Without Graphviz, the Mermaid text and how to get Graphviz.
    """
    flow = diagram.build(ruleset)
    title = ruleset.metadata.title
    drawn = layout(diagram.render_dot(flow, title), f"The question flow of {title}")
    out = ["<h2>The flow</h2>", f"<p>{e(FLOW_INTRO)}</p>"]
    if not drawn.svg:
        return [
            *out,
            '<figure class="flow">',
            f"<p><strong>No picture here:</strong> {e(drawn.problem)}. The same flow as Mermaid text:</p>",
            f"<pre>{e(diagram.render_mermaid(flow))}</pre>",
            "</figure>",
        ]
    out += ['<figure class="flow flow-screen">', drawn.svg.rstrip("\n"), "</figure>"]
    # A whole flow is several A4 pages tall: printed in one piece, a page break would cut through boxes.
    for page in pages(flow, title):
        out += ['<figure class="flow flow-page">', page.svg.rstrip("\n"), "</figure>"]
    return out
