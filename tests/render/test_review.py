"""The review document: a golden Markdown review of a small rule file, a self-contained escaped HTML page, JSON."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import rule_file

from selfcheck.cli.main import main
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import diagram_svg, review, review_coverage, review_document
from selfcheck.render.review_coverage import Coverage
from selfcheck.rulefile.loader import load_ruleset

GOLDEN = Path(__file__).parent / "golden"

# Every feature a review shows: sections carried over, ask_if, not / has any / has all, red flags, an exclusive
# choice, a safe and an unsafe url, and Markdown and HTML special characters in the texts.
SMALL = rule_file(
    """\
questions:
  - id: signs
    section: Signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Signs now
    choices:
      - {id: breathing, label: Breathing trouble, help: At rest., red_flag: emergency}
      - {id: choking, label: "Choking <script>alert(1)</script>", red_flag: urgent}
      - {id: none, label: None of these, exclusive: true}
  - id: weakness
    section: Body
    kind: symptom
    type: yesno
    text: Weak?
    help: Weak means less strong.
    summary: Weakness
  - id: where
    kind: symptom
    type: multiple
    ask_if: weakness in [yes, not_sure]
    text: Where?
    help: Tick all.
    summary: Where it is
    choices:
      - {id: hand, label: Hand}
      - {id: foot, label: Foot}
  - id: course
    section: Timing
    kind: context
    type: single
    ask_if: weakness is yes or signs has choking
    text: How has it changed?
    help: Pick one.
    summary: Course
    choices:
      - {id: worse, label: Getting worse}
      - {id: same, label: The same}
rules:
  - id: breathing
    when: signs has breathing
    level: emergency
    stop: true
    message: Call now.
    rationale: Breathing.
    sources: [GUIDE]
  - id: choking
    when: signs has any [choking, breathing] and not weakness is no
    level: urgent
    message: Get advice today | now.
    rationale: Choking.
    sources: [GUIDE, ODD]
  - id: both_worse
    when: where has all [hand, foot] and (course is worse or weakness is not_sure)
    level: soon
    message: Book an appointment_soon.
    rationale: Spreading *weakness*.
    sources: [GUIDE]
requirements:
  - id: breathing_now
    when: signs has breathing
    at_least: emergency
    source: GUIDE
    clause: "1.1 <b>|"
    rationale: Breathing trouble.
  - id: choking_today
    when: signs has choking
    at_least: urgent
    source: ODD
    clause: "2"
    rationale: Choking.
  - id: hand_calm
    when: where has hand and not where has foot and course is same
    at_most: soon
    source: GUIDE
    clause: "3"
    rationale: Do not frighten.
""",
    id="small",
    title="Small <check> & co",
    version='"1.2"',
    status="active",
    intended_use="Testing the *review* document.",
    authors="[{name: A. Author, role: writer}]",
    reviewers='[{name: Dr B, role: neurologist, date: "2026-03-01"}]',
    last_reviewed='"2026-03-01"',
    next_review='"2027-03-01"',
    sources=(
        '\n    - {id: GUIDE, citation: A guideline | with a bar., url: "https://example.org/guide?a=1&b=2"}'
        '\n    - {id: ODD, citation: An odd link., url: "javascript:alert(1)"}'
    ),
)


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RuleSet:
    # A relative path, so the path printed in the document is the same on every machine.
    monkeypatch.chdir(tmp_path)
    Path("small.yaml").write_text(SMALL, encoding="utf-8")
    return load_ruleset("small.yaml")


def check_golden(name: str, text: str) -> None:
    """Compare with tests/render/golden/NAME; SELFCHECK_UPDATE_GOLDEN=1 rewrites it after a deliberate change."""
    path = GOLDEN / name
    if os.environ.get("SELFCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_markdown_review_matches_the_golden_file(small: RuleSet) -> None:
    check_golden("review-small.md", review.render_markdown(small))


def test_the_markdown_review_with_coverage_ends_with_the_figures_then_the_signoff(small: RuleSet) -> None:
    coverage = Coverage(
        answer_sets=1234567,
        seconds=0.456,
        levels=(("emergency", 2), ("urgent", 1234565), ("soon", 0), ("routine", 0), ("none", 0)),
        findings=(("error", "monotonicity", 1), ("warning", "gap", 2), ("warning", "metadata", 3)),
    )
    before_signoff, _ = review.render_markdown(small, coverage).split("\n## Sign-off\n")
    assert before_signoff.endswith(
        "## Coverage\n\n"
        "Answer sets covered: 1,234,567 (every answer set a person can give), in 0.46 s.\n"
        "Answer sets per level: emergency 2, urgent 1,234,565, soon 0, routine 0, none 0.\n"
        "Errors: 1 (monotonicity 1).\n"
        "Warnings: 5 (gap 2, metadata 3).\n"
        "Run selfcheck analyze for every finding with its line and examples.\n"
    )


def test_no_findings_are_said_plainly(small: RuleSet) -> None:
    coverage = Coverage(answer_sets=9, seconds=0.01, levels=(("none", 9),), findings=())
    assert review_coverage.coverage_lines(coverage)[2:4] == ["Errors: 0.", "Warnings: 0."]


def test_coverage_comes_from_the_whole_answer_space_analysis(small: RuleSet) -> None:
    # Counted by hand: ticking breathing ends the questions (2 sets); otherwise choking or none, then
    # weakness, where (3 non-empty ticks) when weak or unsure, course when weak or choking: 14 + 10.
    coverage = review_coverage.coverage_of(small)
    assert coverage.answer_sets == 26
    assert coverage.levels == (("emergency", 2), ("urgent", 12), ("soon", 2), ("routine", 0), ("none", 10))
    # Choking with no weakness asks only the course, and no rule fires: its red flag (urgent) is broken.
    assert ("error", "red-flag", 1) in coverage.findings
    assert [sev for sev, _, _ in coverage.findings] == sorted(sev for sev, _, _ in coverage.findings)


def test_the_requirements_table_says_what_must_hold_its_source_status_and_the_rules_that_meet_it(
    small: RuleSet,
) -> None:
    assert review_document.requirement_rows(small, review_coverage.coverage_of(small)) == [
        (
            "breathing_now",
            "When 'Signs now' includes \"Breathing trouble\": at least Emergency.",
            "GUIDE 1.1 <b>|",
            "proved in all 2 answer sets where it applies",
            "breathing",
        ),
        (
            "choking_today",
            "When 'Signs now' includes \"Choking <script>alert(1)</script>\": at least Urgent.",
            "ODD 2",
            "VIOLATED in 2 of 15 answer sets where it applies",
            "breathing, choking",
        ),
        (
            "hand_calm",
            "When 'Where it is' includes \"Hand\" and 'Where it is' does not include \"Foot\" (or was not asked) "
            "and 'Course' is \"The same\": at most Soon.",
            "GUIDE 3",
            "VIOLATED in 2 of 3 answer sets where it applies",
            "no rule fires there",
        ),
    ]
    assert review_document.requirement_rows(small, None)[0][3:] == ("not analysed", "")


class Page(HTMLParser):
    """Collects every tag and attribute, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_review_is_one_self_contained_escaped_page(small: RuleSet) -> None:
    html = review.render(small, "html")
    page = Page()
    page.feed(html)
    page.close()
    assert page.open == []
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    # Nothing is fetched and nothing runs: no scripts, images, frames, stylesheets links or event handlers.
    assert (
        set(page.tags)
        <= {
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "h1",
            "h2",
            "h3",
            "h4",
            "p",
            "ul",
            "li",
            "strong",
            "em",
            "code",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "a",
            "span",
            "div",
            "br",
            "figure",
            "pre",  # the flow as Mermaid text when Graphviz is not installed
        }
        | diagram_svg.ELEMENTS
    )  # the flow as a picture: test_diagram.py checks it
    svg = {name.lower() for name in diagram_svg.ATTRIBUTES} | {"xmlns", "role", "aria-label"}
    assert {name for name, _ in page.attributes} <= {"lang", "charset", "name", "content", "class", "id", "href"} | svg
    hrefs = [value for name, value in page.attributes if name == "href"]
    assert hrefs == [
        "https://example.org/guide?a=1&b=2",
        "#source-GUIDE",
        "#source-GUIDE",
        "#source-ODD",
        "#source-GUIDE",
    ]
    assert "url(" not in html and "@import" not in html
    assert "@media print" in html
    # Texts from the rule file are escaped, never markup.
    assert "<title>Review: Small &lt;check&gt; &amp; co</title>" in html
    assert "Choking &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "javascript:alert(1)" in "".join(page.text)


def test_the_json_review_carries_every_question_and_rule(small: RuleSet) -> None:
    data = json.loads(review.render(small, "json"))
    assert [q["id"] for q in data["questions"]] == ["signs", "weakness", "where", "course"]
    assert data["questions"][2]["asked"] == 'Asked only if \'Weakness\' is "Yes" or "Not sure".'
    assert data["questions"][2]["ask_if"] == "weakness in [yes, not_sure]"
    assert data["rules"][1] == {
        "id": "choking",
        "when": "signs has any [choking, breathing] and not weakness is no",
        "when_english": '(\'Signs now\' includes any of "Choking <script>alert(1)</script>" or "Breathing trouble")'
        " and 'Weakness' is not \"No\" (or was not asked)",
        "level": "urgent",
        "stop": False,
        "message": "Get advice today | now.",
        "rationale": "Choking.",
        "sources": ["GUIDE", "ODD"],
    }
    assert data["coverage"] is None
    assert data["metadata"]["reviewers"] == [{"name": "Dr B", "role": "neurologist", "date": "2026-03-01"}]


FAILS = (
    "small.yaml: error: the review was written, but selfcheck analyze finds 4 errors in this file "
    "(monotonicity 1, red-flag 1, requirement 2): run `selfcheck analyze small.yaml` to see each one"
)


def test_review_command_writes_a_file_and_refuses_to_overwrite(
    small: RuleSet, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "small.yaml", "--format", "html", "--output", "review.html"]) == 1  # analyze fails
    assert capsys.readouterr().out == "Saved the review to review.html.\n"
    assert Path("review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["review", "small.yaml", "--format", "html", "--output", "review.html"]) == 1
    assert capsys.readouterr().err == (
        "selfcheck: read small.yaml, version 1.2 (not the bundled copy)\n"
        "review.html: already exists; use --force to replace it\n"
    )
    assert main(["review", "small.yaml", "--format", "markdown", "--output", "review.html", "--force"]) == 1
    assert Path("review.html").read_text(encoding="utf-8").startswith("# Review: Small \\<check\\> & co\n")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_review_of_a_file_analyze_fails_writes_it_says_so_and_exits_1(
    small: RuleSet, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["review", "small.yaml", "--output", f"review.{fmt}"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"Saved the review to review.{fmt}")
    assert captured.err.splitlines() == ["selfcheck: read small.yaml, version 1.2 (not the bundled copy)", FAILS]
    assert "Errors: 4 (monotonicity 1, red-flag 1, requirement 2)." in Path(f"review.{fmt}").read_text(encoding="utf-8")


def test_review_of_a_file_analyze_passes_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from analysis_files import BASE

    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    assert main(["review", str(tmp_path / "base.yaml"), "--format", "html", "--output", str(tmp_path / "r.html")]) == 0
    assert capsys.readouterr().err == f"selfcheck: read {tmp_path / 'base.yaml'}, version 1.0 (not the bundled copy)\n"


def test_review_command_prints_markdown_by_default(small: RuleSet, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "small.yaml"]) == 1  # the document, then analyze's errors on stderr
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "# Review: Small \\<check\\> & co",
        "",
        f"Rule file `small.yaml`: id `small`, version 1.2, status **active**, sha256 `{small.sha256[:12]}`.",
    ]


def test_review_of_a_broken_rule_file_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.replace("level: soon", "level: later"), encoding="utf-8")
    out = tmp_path / "review.md"
    assert main(["review", str(broken), "--output", str(out)]) == 1
    assert (
        capsys.readouterr().err
        == f"{broken}:77:12: level 'later' is not one of emergency, urgent, soon, routine, none\n"
    )
    assert not out.exists()


def test_the_bundled_review_covers_every_question_and_rule(bundled: RuleSet) -> None:
    text = review.render_markdown(bundled)
    assert text.count("\n#### ") == len(bundled.questions)
    rule_rows = [line for line in text.splitlines() if line.startswith("| ") and line.split(" | ")[0][2:].isdigit()]
    assert [row.split(" | ")[1] for row in rule_rows] == [f"`{rule.id}`" for rule in bundled.rules]


@pytest.mark.slow
def test_the_review_command_runs_the_analysis_on_the_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review"]) == 0
    coverage = capsys.readouterr().out.split("## Coverage\n\n")[1].splitlines()
    assert coverage[0].startswith("Answer sets covered: ")
    assert coverage[1].startswith("Answer sets per level: emergency ")


def test_the_signoff_says_how_the_requirements_stand(small: RuleSet) -> None:
    coverage = Coverage(
        answer_sets=10,
        seconds=0.1,
        levels=(("emergency", 10), ("urgent", 0), ("soon", 0), ("routine", 0), ("none", 0)),
        findings=(),
        requirements=(
            ("breathing_now", "proved", 4, 0, ("breathing",)),
            ("choking_today", "violated", 3, 1, ()),
            ("hand_calm", "unreachable", 0, 0, ()),
        ),
    )
    assert review_document.requirements_state(small, coverage) == (
        "Clinical requirements: 3 (1 proved, 1 VIOLATED, 1 never apply); see Requirements."
    )
    assert (
        review_document.requirements_state(small, None) == "Clinical requirements: 3, not analysed for this document."
    )
    signoff = review.render_markdown(small, coverage).split("\n## Sign-off\n")[1]
    assert "Clinical requirements: 3 (1 proved, 1 VIOLATED, 1 never apply); see Requirements." in signoff


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_review_of_the_installed_copy_says_to_sign_a_copy_not_the_install_path(fmt: str) -> None:
    """sign refuses the installed file, so the review must not tell a clinician to run exactly that."""
    from selfcheck.rulefile.loader import bundled_rules

    ruleset = load_ruleset(bundled_rules())
    text = review.render(ruleset, fmt)
    assert 'selfcheck sign rules/mmn.yaml --name "NAME"' in text.replace("&quot;", '"')
    assert "in your own copy of the file: the one installed with selfcheck is never signed" in text
    assert f"selfcheck sign {bundled_rules()}" not in text


def test_requirements_a_stopped_analysis_did_not_check_are_not_proved_not_an_empty_count(small: RuleSet) -> None:
    from selfcheck.analysis import orchestrate
    from selfcheck.analysis.budget import Budget

    # Stopped before the requirement check (the last walk) finished: no requirement is proved, none broken.
    coverage = review_coverage.coverage_from(orchestrate.analyze(small, limits=Budget(max_states=3)))
    assert coverage.stopped and coverage.requirements == ()
    assert review_document.requirements_state(small, coverage) == (
        "Clinical requirements: 3, not proved (the analysis stopped at its limit first); see Requirements."
    )
    assert [row[3:] for row in review_document.requirement_rows(small, coverage)] == [
        ("not proved (the analysis stopped at its limit first)", "")
    ] * 3
