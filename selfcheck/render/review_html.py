"""The review document as one self-contained, printable HTML page: inline CSS, no scripts, everything escaped."""

from __future__ import annotations

from selfcheck.escape import html_text as e
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import document_html
from selfcheck.render.document import Document
from selfcheck.render.review_blocks import build
from selfcheck.render.review_coverage import Coverage

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


def render_html(ruleset: RuleSet, coverage: Coverage | None = None) -> str:
    return page(build(ruleset, coverage))


def page(document: Document) -> str:
    """The document as a page with its styles; the back end writes the body."""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(document.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(document.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *document_html.blocks(document.blocks),
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
