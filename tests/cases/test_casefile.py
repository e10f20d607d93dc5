"""selfcheck test: case files run against a rule file, each failure with expected and actual results, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import rule_file

from selfcheck.cases.casefile import load_cases
from selfcheck.cli.main import main
from selfcheck.errors import SelfcheckError

RULES = rule_file(
    """\
questions:
  - id: signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Signs
    choices:
      - {id: breathing, label: Breathing trouble, red_flag: emergency}
      - {id: none, label: None of these, exclusive: true}
  - {id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness}
  - id: side
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: Which side?
    help: H.
    summary: Side
    choices: [{id: left, label: Left}, {id: both, label: Both}]
rules:
  - {id: breathing, when: signs has breathing, level: emergency, stop: true, message: M., rationale: R., sources: [SRC]}
  - {id: weak_both, when: side is both, level: soon, message: M., rationale: R., sources: [SRC]}
  - {id: calm, when: weakness is no, level: routine, message: M., rationale: R., sources: [SRC]}
""",
    id="cases",
    title="Cases check",
)

CASES = """\
rules: rules.yaml
defaults: {signs: [none], weakness: "no", side: left}
cases:
  - id: breathing
    answers: {signs: [breathing]}
    level: emergency
    fires: [breathing]
  - id: wrong_level
    answers: {weakness: "yes", side: both}
    level: urgent
    fires: [weak_both]
  - id: wrong_rules
    answers: {weakness: "yes", side: both}
    level: soon
    fires: [weak_both, calm]
    not_fires: [weak_both]
"""


@pytest.fixture
def cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("rules.yaml").write_text(RULES, encoding="utf-8")
    Path("cases.yaml").write_text(CASES, encoding="utf-8")
    return tmp_path


def test_each_failure_shows_expected_and_actual_level_and_rules_then_coverage(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", "cases.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "cases.yaml:8:5: case 'wrong_level': expected level urgent, got soon (fired: weak_both)",
        "cases.yaml:12:5: case 'wrong_rules': expected to fire but did not: calm; fired but must not: weak_both"
        " (level soon as expected; fired: weak_both)",
        "cases.yaml: 3 cases against rules.yaml, version 1.0 (not the bundled copy)",
        "  rules fired by some case: 2 of 3",
        "  rules never fired: calm",
        "  levels never reached: urgent, routine, none",
        "  questions never answered: (none)",
        "1 passed, 2 failed",
    ]


def test_json_gives_each_failure_and_the_coverage(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "cases.yaml", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["passed"], data["failed"]) == (1, 2)
    [run] = data["files"]
    assert (run["path"], run["rules"], run["cases"]) == ("cases.yaml", "rules.yaml", 3)
    assert run["failures"][0] == {
        "id": "wrong_level",
        "line": 8,
        "col": 5,
        "problems": ["expected level urgent, got soon"],
        "expected": {"level": "urgent", "fires": ["weak_both"], "not_fires": []},
        "actual": {"level": "soon", "fired": ["weak_both"]},
    }
    assert run["failures"][1]["problems"] == ["expected to fire but did not: calm", "fired but must not: weak_both"]
    assert run["coverage"] == {
        "rules_never_fired": ["calm"],
        "levels_never_reached": ["urgent", "routine", "none"],
        "questions_never_answered": [],
    }


def test_passing_cases_exit_0(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("cases.yaml").write_text(CASES.split("  - id: wrong_level")[0], encoding="utf-8")
    assert main(["test", "cases.yaml", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["failed"] == 0


def test_the_bundled_cases_pass_with_full_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--format", "json"]) == 0
    [run] = json.loads(capsys.readouterr().out)["files"]
    assert run["failures"] == []
    assert run["coverage"] == {"rules_never_fired": [], "levels_never_reached": [], "questions_never_answered": []}


def test_a_rule_file_named_is_tested_with_the_case_file_beside_it(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("cases.yaml").rename("rules.cases.yaml")
    assert main(["test", "rules.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[2:4] == [
        "rules.cases.yaml: 3 cases against rules.yaml, version 1.0 (not the bundled copy)",
        "  rules fired by some case: 2 of 3",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rules: rules.yaml\n", "bad.yaml:1:1: a case file is missing 'cases'"),
        ("rules: [rules.yaml]\ncases: []\n", "bad.yaml:1:8: rules must be text, not a list"),
    ],
)
def test_a_bad_case_file_gives_one_located_problem(
    cases: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    Path("bad.yaml").write_text(text, encoding="utf-8")
    assert main(["test", "bad.yaml"]) == 1
    assert capsys.readouterr().err.splitlines() == [expected]


def test_a_case_with_none_of_these_ticked_next_to_a_sign_is_a_problem(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Unlike an answers file, read the safe way with a warning: a case must say what it means.
    text = "rules: rules.yaml\ncases:\n  - id: both\n    answers: {signs: [none, breathing]}\n    level: emergency\n"
    Path("bad.yaml").write_text(text, encoding="utf-8")
    assert main(["test", "bad.yaml"]) == 1
    assert "bad.yaml:4:22: 'none' cannot be combined with other choices" in capsys.readouterr().err.splitlines()


def test_a_case_file_whose_rule_file_is_missing_says_where_it_looked(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("rules: mmn.yaml\ncases: []\n")
    with pytest.raises(SelfcheckError) as info:
        load_cases(str(cases))
    assert [str(p) for p in info.value.problems] == [
        f"{cases}:1:8: rule file '{tmp_path / 'mmn.yaml'}' does not exist (a path here is relative to the case "
        "file; or name the rule file: selfcheck test RULES --cases FILE)"
    ]


@pytest.mark.parametrize(
    ("extra_cases", "expected"),
    [
        pytest.param(
            0,
            "cases.yaml:2:1: question 'side' has no default, and 2 cases reach it without answering it "
            "(wrong_level, wrong_rules); add it to defaults (choices: left, both)",
            id="two cases",
        ),
        pytest.param(
            3,
            "cases.yaml:2:1: question 'side' has no default, and 5 cases reach it without answering it "
            "(wrong_level, wrong_rules, more_0 and 2 more); add it to defaults (choices: left, both)",
            id="many cases",
        ),
    ],
)
def test_a_question_without_a_default_is_one_line_for_every_case_it_affects(
    cases: Path, capsys: pytest.CaptureFixture[str], extra_cases: int, expected: str
) -> None:
    text = CASES.replace(", side: left}", "}").replace(", side: both}", "}")
    text += "".join(f"  - {{id: more_{i}, answers: {{weakness: 'yes'}}, level: soon}}\n" for i in range(extra_cases))
    Path("cases.yaml").write_text(text, encoding="utf-8")
    assert main(["test", "cases.yaml"]) == 1
    # Last, which rule file the cases were read against (a copied case file may still name the original).
    against = "selfcheck: the cases in cases.yaml were read against rules.yaml, version 1.0 (not the bundled copy)"
    assert capsys.readouterr().err.splitlines() == [expected, against]
