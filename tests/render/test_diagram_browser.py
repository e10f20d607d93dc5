"""The review page in a real browser: headless Chromium draws the flow diagram with no console errors,
fetches nothing, and the page fits an A4 page's width when printed."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from browser import Browser, find_chromium, ink, png_pixels

from selfcheck.model.ruleset import RuleSet
from selfcheck.render import diagram_svg, diagram_text, review

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/diagram-setup installs it)"),
]
NO_GRAPHVIZ = "Graphviz's dot is not installed (.ci/diagram-setup installs it)"
# Mermaid itself, from the npm registry (.ci/diagram-setup puts it here), to check that the blocks parse.
MERMAID_JS = Path(
    os.environ.get("SELFCHECK_MERMAID_JS", "/opt/selfcheck-mermaid/node_modules/mermaid/dist/mermaid.min.js")
)
GOLDEN = Path(__file__).parent / "golden"
# An A4 page less the review's 15 mm margins, in CSS pixels (96 per inch).
A4_CONTENT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)
A4_CONTENT_HEIGHT = round((297 - 2 * 15) / 25.4 * 96)


@pytest.fixture(scope="module")
def page(bundled: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if diagram_svg.find_dot() is None:
        pytest.skip(NO_GRAPHVIZ)
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(review.render(bundled, "html"), encoding="utf-8")
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM)
    try:
        browser.open(path.as_uri())
        yield browser
    finally:
        browser.close()


def figure_box(browser: Browser) -> dict[str, float]:
    box = browser.evaluate(
        "(() => { const r = document.querySelector('figure.flow-screen svg').getBoundingClientRect();"
        " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()"
    )
    assert isinstance(box, dict)
    return box


def test_the_review_page_renders_without_console_errors_and_fetches_nothing(page: Browser) -> None:
    assert page.console_errors() == []
    assert page.requests() == [page.url]


def test_the_flow_diagram_is_drawn(page: Browser, bundled: RuleSet) -> None:
    box = figure_box(page)
    assert box["width"] > 300 and box["height"] > 1000
    nodes = page.evaluate("document.querySelectorAll('figure.flow-screen svg g.node').length")
    questions = page.evaluate(
        "[...document.querySelectorAll('figure.flow-screen svg g.node title')].filter(t => /^q\\d+$/.test(t.textContent))"
        ".length"
    )
    assert questions == len(bundled.questions) and nodes > questions
    # The top of the picture (start, the first questions and the emergency exit) has ink on it: boxes, text, arrows.
    width, height, rows = png_pixels(page.screenshot({**box, "height": min(box["height"], 800)}))
    assert (width, height) == (round(box["width"]), round(min(box["height"], 800)))
    assert 0.01 < ink(rows) < 0.5
    # Somewhere the emergency exit's red border is drawn.
    assert any(row[i] > 150 and row[i + 1] < 60 and row[i + 2] < 60 for row in rows for i in range(0, len(row), 4))


def test_in_print_the_flow_comes_a_page_at_a_time_and_fits_a4(page: Browser, bundled: RuleSet) -> None:
    page.send("Emulation.setEmulatedMedia", {"media": "print"}, session=True)
    page.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_CONTENT_WIDTH, "height": A4_CONTENT_HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        session=True,
    )
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH
        assert page.evaluate("document.querySelector('figure.flow-screen').getBoundingClientRect().height") == 0
        boxes = page.evaluate(
            "[...document.querySelectorAll('figure.flow-page svg')].map(s => {"
            " const r = s.getBoundingClientRect(); return [r.width, r.height]; })"
        )
        assert len(boxes) > 1
        assert all(0 < width <= A4_CONTENT_WIDTH and 100 < height < A4_CONTENT_HEIGHT for width, height in boxes)
        questions = page.evaluate(
            "[...document.querySelectorAll('figure.flow-page svg g.node title')]"
            ".map(t => t.textContent).filter(t => /^q\\d+$/.test(t))"
        )
        assert questions == [f"q{n}" for n in range(1, len(bundled.questions) + 1)]
        pdf = page.send("Page.printToPDF", {"preferCSSPageSize": True}, session=True)["data"]
    finally:
        page.send("Emulation.setEmulatedMedia", {"media": ""}, session=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf))) > len(boxes)
    assert page.console_errors() == []


@pytest.mark.skipif(
    not MERMAID_JS.is_file(), reason=f"Mermaid is not at {MERMAID_JS} (.ci/diagram-setup puts it there)"
)
def test_mermaid_itself_draws_every_golden_flow_and_the_bundled_one(bundled: RuleSet, tmp_path: Path) -> None:
    names = [path.name for path in sorted(GOLDEN.glob("flow*.mmd"))]
    texts = [(GOLDEN / name).read_text(encoding="utf-8") for name in names]
    texts.append(diagram_text.render(bundled, "mermaid"))
    # What a page showing Mermaid does: <pre class="mermaid"> blocks drawn by mermaid.run().
    blocks = "".join(f'<pre class="mermaid" id="m{i}">{escape(text)}</pre>' for i, text in enumerate(texts))
    harness = tmp_path / "mermaid.html"
    harness.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{blocks}'
        f'<script src="{MERMAID_JS.as_uri()}"></script>'
        "<script>mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});"
        "window.draw = async () => { await mermaid.run({querySelector: 'pre.mermaid', suppressErrors: true});"
        " return [...document.querySelectorAll('pre.mermaid')].map(pre => {"
        "  const svg = pre.querySelector('svg');"
        "  return [svg ? 'svg' : pre.textContent.slice(0, 300), svg ? svg.querySelectorAll('b, script').length : 0,"
        "   svg ? [...svg.querySelectorAll('.nodeLabel, .edgeLabel, .cluster-label')].map(e => e.textContent)"
        "   .join(' | ') : '']; }); };</script></body></html>",
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM)
    try:
        browser.open(harness.as_uri())
        reply = browser.send(
            "Runtime.evaluate", {"expression": "draw()", "awaitPromise": True, "returnByValue": True}, session=True
        )
        drawn = reply["result"]["value"]
        assert [(kind, markup) for kind, markup, _ in drawn] == [("svg", 0)] * len(texts)
        assert browser.console_errors() == []
    finally:
        browser.close()
    # Rule-file text is drawn as the very characters written, never read as markup.
    labels = drawn[names.index("flow.mmd")][2]
    assert "1. Signs <b>now</b> #1 `x`" in labels
    assert 'Signs "now"' in labels and '"Breathing | trouble"' in labels
    assert "\ufb02" not in labels  # no entity left half-decoded
