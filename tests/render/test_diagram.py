"""The flow diagram: golden Mermaid and DOT for small inline rule files, where stop rules end the questions,
escaping of rule-file text, the SVG from Graphviz, and the diagram command."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINI, rule_file, ruleset_from

from selfcheck.cli.main import main
from selfcheck.model.conditions import parse
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import diagram, diagram_svg, diagram_text, review, review_document

GOLDEN = Path(__file__).parent / "golden"
needs_graphviz = pytest.mark.skipif(
    diagram_svg.find_dot() is None, reason="Graphviz's dot is not installed (.ci/diagram-setup installs it)"
)

# A section that comes back later, ask_if with 'or', three kinds of stop rule (one answer; two answers
# together, so only after the later one; either of two answers, so after each), one rule that does not
# stop, and texts full of characters that mean something in Mermaid, DOT, HTML or Markdown.
FLOW = rule_file(
    r"""
questions:
  - id: signs
    section: Signs "now"
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: 'Signs <b>now</b> #1 `x`'
    choices:
      - {id: breathing, label: "Breathing | trouble", red_flag: emergency}
      - {id: none, label: None of these, exclusive: true}
  - id: age
    section: About you
    kind: context
    type: single
    text: How old?
    help: Pick one.
    summary: Age
    choices:
      - {id: child, label: Under 18}
      - {id: adult, label: 18 or over}
  - id: weakness
    section: Body
    kind: symptom
    type: yesno
    text: Weak?
    help: Weak means less strong.
    summary: Weakness
  - id: side
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: Which side?
    help: Compare.
    summary: 'Side \N "a"'
    choices:
      - {id: left, label: Left}
      - {id: right, label: Right}
  - id: worse
    section: About you
    kind: symptom
    type: yesno
    ask_if: weakness is yes or side is left
    text: Worse?
    help: Compared with before.
    summary: Getting worse
rules:
  - {id: breathing, when: signs has breathing, level: emergency, stop: true, message: Call., rationale: R., sources: [SRC]}
  - {id: child_weak, when: age is child and weakness is yes, level: soon, stop: true, message: M., rationale: R., sources: [SRC]}
  - {id: left_or_worse, when: side is left or worse is yes, level: urgent, stop: true, message: M., rationale: R., sources: [SRC]}
  - {id: weak, when: weakness is yes, level: routine, message: M., rationale: R., sources: [SRC]}
""",
    id="flow",
    title="Flow check",
)


@pytest.fixture
def flow() -> RuleSet:
    return ruleset_from(FLOW, "flow.yaml")


def check_golden(name: str, text: str) -> None:
    """Compare with tests/render/golden/NAME; SELFCHECK_UPDATE_GOLDEN=1 rewrites it after a deliberate change."""
    path = GOLDEN / name
    if os.environ.get("SELFCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_mermaid_flow_matches_the_golden_file(flow: RuleSet) -> None:
    check_golden("flow.mmd", diagram_text.render(flow, "mermaid"))


def test_the_dot_flow_matches_the_golden_file(flow: RuleSet) -> None:
    check_golden("flow.dot", diagram_text.render(flow, "dot"))


def test_the_mini_flow_matches_the_golden_files(mini: RuleSet) -> None:
    check_golden("flow-mini.mmd", diagram_text.render(mini, "mermaid"))
    check_golden("flow-mini.dot", diagram_text.render(mini, "dot"))


REQUIREMENTS = """\
requirements:
  - id: breathing_now
    when: signs has breathing
    at_least: emergency
    source: SRC
    clause: "1.1"
    rationale: Breathing trouble needs help now.
  - id: weak_side
    when: weakness is yes and side is right
    at_least: routine
    at_most: urgent
    source: SRC
    clause: "1.2"
    rationale: One weak side is not an emergency on its own.
"""


def test_requirements_show_the_questions_they_read(flow: RuleSet) -> None:
    with_requirements = ruleset_from(FLOW.replace("safety_net:", REQUIREMENTS + "safety_net:"), "flow.yaml")
    assert diagram.requirements_of(with_requirements) == (
        diagram.Requirement("breathing_now", "at least Emergency", frozenset({"signs"})),
        diagram.Requirement("weak_side", "at least Routine, at most Urgent", frozenset({"weakness", "side"})),
    )
    check_golden("flow-requirements.mmd", diagram_text.render(with_requirements, "mermaid"))
    check_golden("flow-requirements.dot", diagram_text.render(with_requirements, "dot"))


def test_a_page_of_the_flow_reads_on_its_own(flow: RuleSet) -> None:
    check_golden("flow-page-3-4.mmd", diagram_text.render_mermaid(diagram.excerpt(diagram.build(flow), 3, 4)))


def test_a_stop_rule_that_holds_before_any_answer_ends_the_questions_at_the_start(flow: RuleSet) -> None:
    # The loader refuses such a file (tests/engine/test_flow.py); a rule set built in Python can still have one.
    from selfcheck.model.conditions import parse

    rules = tuple(
        r._replace(when=parse("not age is adult")) if r.when.text() == "signs has breathing" else r for r in flow.rules
    )
    built = diagram.build(flow._replace(rules=rules))
    assert [(e.tail, e.head) for e in built.edges if e.kind == "emergency"] == [("start", "stop1")]


@needs_graphviz
def test_every_question_is_on_exactly_one_printed_page_and_each_page_fits_a4(bundled: RuleSet) -> None:
    printed = diagram_svg.pages(diagram.build(bundled), bundled.metadata.title)
    assert len(printed) > 1
    ns = {"svg": diagram_svg.SVG_NS}
    seen = []
    for page in printed:
        assert diagram_svg.fits_a_page(page.svg)
        root = ET.fromstring(page.svg)
        titles = [g.findtext("svg:title", namespaces=ns) or "" for g in root.iterfind(".//svg:g[@class='node']", ns)]
        seen += [t for t in titles if t.startswith("q")]
    assert seen == [f"q{n}" for n in range(1, len(bundled.questions) + 1)]


@pytest.mark.parametrize(
    ("width", "height", "fits"),
    [(500, 700, True), (500, 710, False), (1020, 1400, True), (1020, 1420, False)],
)
def test_a_page_fits_when_its_height_at_the_a4_width_is_within_the_page(width: int, height: int, fits: bool) -> None:
    # 680 x 940 CSS pixels are 510 x 705 points; a wider picture is shrunk to the width first.
    assert diagram_svg.fits_a_page(f'<svg width="{width}pt" height="{height}pt"></svg>') is fits


def test_a_rule_file_without_requirements_draws_none(flow: RuleSet) -> None:
    assert [n for n in diagram.build(flow).nodes if n.kind == "requirement"] == []


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("signs has breathing", (0,)),
        # Both answers are needed, so only the later one can end the questions.
        ("age is child and weakness is yes", (2,)),
        ("side is left or worse is yes", (3, 4)),
        ("weakness is yes and not side is left", (2, 3)),
        # True before any answer: the questions end before the first one.
        ("not age is child", (-1,)),
        ("not (age is child and weakness is yes)", (-1,)),
        ("not age is child and weakness is yes", (2,)),
    ],
)
def test_a_stop_rule_ends_the_questions_after_the_answers_that_can_make_it_hold(
    flow: RuleSet, condition: str, expected: tuple[int, ...]
) -> None:
    assert diagram.exits(flow, parse(condition)) == expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("signs has breathing", (0,)),
        # Not certain while 'side' could still be answered "Left": only once it has been.
        ("weakness is yes and not side is left", (3,)),
        ("weakness is yes or side is left", (2, 3)),
        ("age is child and weakness is yes", (2,)),
        ("not side is left", (3,)),
        ("not age is child or weakness is yes", (1, 2)),
    ],
)
def test_an_emergency_rule_ends_the_questions_once_it_holds_whatever_comes_next(
    flow: RuleSet, condition: str, expected: tuple[int, ...]
) -> None:
    assert diagram.certain_exits(flow, parse(condition)) == expected


def test_an_emergency_rule_that_does_not_stop_is_drawn_as_an_emergency_exit(flow: RuleSet) -> None:
    text = FLOW.replace(
        "- {id: weak, when: weakness is yes, level: routine,",
        "- {id: weak, when: weakness is yes and not side is left, level: emergency,",
    )
    built = diagram.build(ruleset_from(text))
    assert [(e.tail, e.head) for e in built.edges if e.kind == "emergency"] == [("q1", "stop1"), ("q4", "stop3")]
    assert next(n.lines for n in built.nodes if n.id == "stop3") == (
        "EMERGENCY EXIT: ends the questions, Emergency",
        "\u2022 weak: 'Weakness' is \"Yes\" and 'Side \\N \"a\"' is",
        '\u00a0\u00a0 not "Left" (or was not asked)',
    )


def test_each_ask_if_is_one_labelled_edge_in_plain_english(flow: RuleSet) -> None:
    edges = [e for e in diagram.build(flow).edges if e.kind == "if"]
    assert [(e.head, " ".join(e.lines)) for e in edges] == [
        ("q4", "if 'Weakness' is \"Yes\""),
        ("q5", 'if \'Weakness\' is "Yes" or \'Side \\N "a"\' is "Left"'),
    ]


def test_the_emergency_exit_is_marked_in_words_and_colour(flow: RuleSet) -> None:
    built = diagram.build(flow)
    stops = [(n.kind, n.lines[0]) for n in built.nodes if n.kind in ("emergency", "stop")]
    assert stops == [
        ("emergency", "EMERGENCY EXIT: ends the questions, Emergency"),
        ("stop", "Ends the questions, at least Soon"),
        ("stop", "Ends the questions, at least Urgent"),
        ("stop", "Ends the questions, at least Urgent"),
    ]
    # A rule that can end the questions after either of two answers is listed beside each.
    assert [(e.tail, e.head, e.kind) for e in built.edges if e.kind in ("emergency", "stop")] == [
        ("q1", "stop1", "emergency"),
        ("q3", "stop2", "stop"),
        ("q4", "stop3", "stop"),
        ("q5", "stop4", "stop"),
    ]
    assert [n.lines[1] for n in built.nodes if n.id in ("stop3", "stop4")] == [
        '\u2022 left_or_worse: \'Side \\N "a"\' is "Left" or',
        '\u2022 left_or_worse: \'Side \\N "a"\' is "Left" or',
    ]


def test_a_long_list_of_rules_in_one_place_is_cut_short(flow: RuleSet) -> None:
    many = "".join(
        f"  - {{id: b{n}, when: signs has breathing, level: emergency, stop: true, message: M., rationale: R., "
        "sources: [SRC]}\n"
        for n in range(12)
    )
    built = diagram.build(ruleset_from(FLOW.replace("\nrules:\n", "\nrules:\n" + many, 1)))
    box = next(n.lines for n in built.nodes if n.id == "stop1")
    assert sum(line.startswith("\u2022 ") for line in box) == diagram.MAX_LISTED
    assert box[-1] == "and 3 more rules (see the rules table)"


def test_rule_file_text_cannot_break_out_of_a_mermaid_label(flow: RuleSet) -> None:
    text = diagram_text.render(flow, "mermaid")
    assert 'q1["1. Signs #lt;b#gt;now#lt;/b#gt; #35;1 #96;x#96;"]' in text
    assert 'subgraph s1["Signs #quot;now#quot;"]' in text
    assert "<b>" not in text and "`" not in text


def test_rule_file_text_cannot_make_a_dot_escape(flow: RuleSet) -> None:
    text = diagram_text.render(flow, "dot")
    assert 'q4 [label="4. Side \\\\N \\"a\\"",' in text


@needs_graphviz
def test_the_svg_is_valid_xml_with_one_node_per_question(flow: RuleSet) -> None:
    drawn = diagram_svg.layout(diagram_text.render(flow, "dot"))
    assert drawn.problem == ""
    root = ET.fromstring(drawn.svg)
    ns = {"svg": diagram_svg.SVG_NS}
    assert root.tag == f"{{{diagram_svg.SVG_NS}}}svg"
    titles = [g.findtext("svg:title", namespaces=ns) for g in root.iterfind(".//svg:g[@class='node']", ns)]
    assert sorted(t for t in titles if t and t.startswith("q")) == ["q1", "q2", "q3", "q4", "q5"]
    texts = " ".join(t.text or "" for t in root.iter(f"{{{diagram_svg.SVG_NS}}}text"))
    assert "1. Signs <b>now</b> #1 `x`" in texts
    assert "EMERGENCY EXIT: ends the questions, Emergency" in texts


@needs_graphviz
def test_the_bundled_flow_has_one_svg_node_per_question(bundled: RuleSet) -> None:
    root = ET.fromstring(diagram_svg.layout(diagram_text.render(bundled, "dot")).svg)
    ns = {"svg": diagram_svg.SVG_NS}
    titles = {g.findtext("svg:title", namespaces=ns) for g in root.iterfind(".//svg:g[@class='node']", ns)}
    assert {f"q{n}" for n in range(1, len(bundled.questions) + 1)} <= titles
    assert f"q{len(bundled.questions) + 1}" not in titles


HOSTILE_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- a comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt"
 viewBox="0 0 10 10" onload="alert(1)">
<script>alert(2)</script>
<style>@import url(https://example.org/x.css);</style>
<g id="node1" class="node"><title>q1</title>
<a xlink:href="https://example.org/"><text x="1" y="2">inside a link</text></a>
<image xlink:href="https://example.org/x.png"/>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
<polygon fill="url(https://example.org/#p)" stroke="black" points="0,0 1,1"/>
<text x="1" y="2" font-family="DejaVu Sans">a &lt;b&gt; &amp; c</text>
</g>
</svg>
"""


def test_the_svg_is_rebuilt_from_safe_elements_only() -> None:
    assert diagram_svg.sanitize(HOSTILE_SVG, 'The "flow"') == (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt" viewBox="0 0 10 10" role="img" '
        'aria-label="The &quot;flow&quot;">\n\n\n'
        '<g id="node1" class="node"><title>q1</title>\n\n\n\n'
        '<polygon stroke="black" points="0,0 1,1"></polygon>\n'
        '<text x="1" y="2" font-family="DejaVu Sans">a &lt;b&gt; &amp; c</text>\n'
        "</g>\n"
        "</svg>\n"
    )


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "it declares entities"),
        ("<html/>", "its root is not <svg>"),
    ],
)
def test_svg_that_cannot_be_used_is_refused(svg: str, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        diagram_svg.sanitize(svg)
    assert str(info.value) == reason


def test_svg_that_is_not_xml_is_refused() -> None:
    with pytest.raises(ValueError):
        diagram_svg.sanitize("<svg><g></svg>")


@pytest.fixture
def flow_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("flow.yaml").write_text(FLOW, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_the_diagram_command_writes_the_text_formats(
    flow_file: Path, flow: RuleSet, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diagram", "flow.yaml", "--format", fmt]) == 0
    assert capsys.readouterr().out == diagram_text.render(flow, fmt)
    assert main(["diagram", "flow.yaml", "--format", fmt, "--output", "out.txt"]) == 0
    assert capsys.readouterr().out == "Saved the diagram to out.txt.\n"
    assert Path("out.txt").read_text(encoding="utf-8") == diagram_text.render(flow, fmt)


def test_the_diagram_command_defaults_to_mermaid(flow_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "flow.yaml"]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD\n")


@needs_graphviz
def test_the_diagram_command_writes_svg(flow_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "flow.yaml", "--format", "svg", "--output", "flow.svg"]) == 0
    assert capsys.readouterr().out == "Saved the diagram to flow.svg.\n"
    ET.fromstring(Path("flow.svg").read_text(encoding="utf-8"))
    assert main(["diagram", "flow.yaml", "--format", "svg", "--output", "flow.svg"]) == 1
    assert capsys.readouterr().err == (
        "selfcheck: read flow.yaml, version 1.0 (not the bundled copy)\n"
        "flow.svg: already exists; use --force to replace it\n"
    )


def test_without_graphviz_the_svg_command_says_how_to_get_it(
    flow_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(diagram_svg, "find_dot", lambda: None)
    assert main(["diagram", "flow.yaml", "--format", "svg", "--output", "flow.svg"]) == 2
    assert capsys.readouterr().err == (
        "selfcheck: read flow.yaml, version 1.0 (not the bundled copy)\n"
        "selfcheck diagram: Graphviz's `dot`, which lays out the SVG diagram, is not installed here. "
        "Install Graphviz (Debian or Ubuntu: `apt-get install graphviz`; Fedora: `dnf install graphviz`; "
        "macOS: `brew install graphviz`); or use --format mermaid or dot.\n"
    )
    assert not Path("flow.svg").exists()


def test_a_failing_layout_engine_is_reported_not_raised(
    flow_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = flow_file / "dot"
    script.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 7\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(diagram_svg, "find_dot", lambda: str(script))
    assert main(["diagram", "flow.yaml", "--format", "svg"]) == 2
    assert capsys.readouterr().err == (
        "selfcheck: read flow.yaml, version 1.0 (not the bundled copy)\n"
        "selfcheck diagram: Graphviz's `dot` failed (exit 7): Error: syntax error in line 1; "
        "or use --format mermaid or dot.\n"
    )


def test_a_broken_rule_file_gives_located_problems(flow_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("broken.yaml").write_text(MINI.replace("weakness is yes and", "weaknes is yes and"), encoding="utf-8")
    assert main(["diagram", "broken.yaml"]) == 1
    assert capsys.readouterr().err == ("broken.yaml:65:11: unknown question 'weaknes' (did you mean 'weakness'?)\n")


def test_the_markdown_review_carries_the_flow_as_a_mermaid_block(flow: RuleSet) -> None:
    text = review.render(flow, "markdown")
    assert (
        f"## The flow\n\n{review_document.FLOW_INTRO}\n\n```mermaid\n{diagram_text.render(flow, 'mermaid')}```\n"
        in text
    )


@needs_graphviz
def test_the_html_review_carries_the_flow_as_an_inline_svg(flow: RuleSet) -> None:
    html = review.render(flow, "html")
    start = html.index('<figure class="flow flow-screen">\n<svg xmlns="http://www.w3.org/2000/svg"')
    svg = html[start + len('<figure class="flow flow-screen">\n') : html.index("</svg>", start) + len("</svg>")]
    assert svg + "\n" == diagram_svg.layout(diagram_text.render(flow, "dot"), "The question flow of Flow check").svg
    assert 'aria-label="The question flow of Flow check"' in svg
    assert "<script" not in html and "href" not in svg
    # For print, the same flow again a page at a time.
    assert html.count('<figure class="flow flow-page">\n<svg ') == len(
        diagram_svg.pages(diagram.build(flow), "Flow check")
    )


def test_without_graphviz_the_html_review_shows_the_mermaid_text_and_how_to_get_graphviz(
    flow: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diagram_svg, "find_dot", lambda: None)
    html = review.render(flow, "html")
    assert "<svg" not in html
    assert (
        "<p><strong>No picture here:</strong> Graphviz&#x27;s `dot`, which lays out the SVG diagram, is not "
        "installed here. Install Graphviz (Debian or Ubuntu: `apt-get install graphviz`; Fedora: `dnf install "
        "graphviz`; macOS: `brew install graphviz`). The same flow as Mermaid text:</p>\n<pre>flowchart TD\n"
    ) in html
    assert "q1[&quot;1. Signs #lt;b#gt;now#lt;/b#gt; #35;1 #96;x#96;&quot;]" in html
