"""Loading a rule file: every problem collected, located, sorted, with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, problems_of, ruleset_from

from selfcheck.errors import SelfcheckError
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile.loader import load_ruleset


def test_the_mini_rule_file_loads(mini: RuleSet) -> None:
    assert [q.id for q in mini.questions] == ["signs", "weakness", "side"]
    assert [r.id for r in mini.rules] == ["breathing", "unsure", "weak_one_side"]
    assert mini.question("weakness").choice_ids == ("yes", "no", "not_sure")
    assert mini.question("side").section == "Body"  # a question without a section stays in the one before
    assert mini.rules[0].stop is True
    assert mini.question("signs").choice("breathing").red_flag == "emergency"


def test_the_bundled_rule_file_loads(bundled: RuleSet) -> None:
    assert bundled.metadata.status == "draft"
    assert bundled.questions[0].id == "urgent_signs"  # emergency signs are asked first
    assert [level.id for level in bundled.levels] == ["emergency", "urgent", "soon", "routine", "none"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    help: Weak means less strong.",
            "    hlep: Weak means less strong.",
            [
                "rules.yaml:32:5: question 'weakness' is missing 'help'",
                "rules.yaml:37:5: unknown key 'hlep' in question 'weakness' (did you mean 'help'?)",
            ],
        ),
        (
            'version: "1.0"',
            "version: 1.0",
            ["rules.yaml:4:12: version must be text, not a number (1.0); put it in quotes"],
        ),
        (
            "    text: Weak?",
            "    text: true",
            ["rules.yaml:36:11: question text must be text, not a boolean (true); put it in quotes"],
        ),
        (
            "status: draft",
            "status: drafty",
            ["rules.yaml:5:11: status 'drafty' is not one of draft, active, retired (did you mean 'draft'?)"],
        ),
        (
            "when: weakness is yes and side in [left, right]",
            "when: weaknes is yes and side in [left, rigth]",
            [
                "rules.yaml:65:11: unknown question 'weaknes' (did you mean 'weakness'?)",
                "rules.yaml:65:45: question 'side' has no choice 'rigth' (did you mean 'right'?)",
            ],
        ),
        (
            "    ask_if: weakness is yes\n",
            "    ask_if: side is left\n",
            ["rules.yaml:42:13: question 'side' cannot depend on its own answer"],
        ),
        (
            "    type: yesno\n    text: Weak?",
            "    type: yesno\n    ask_if: side is left\n    text: Weak?",
            ["rules.yaml:36:13: question 'weakness' cannot depend on 'side', which is asked later (line 40)"],
        ),
        (
            "  - id: side\n",
            "  - id: signs\n",
            [
                "rules.yaml:39:9: duplicate question id 'signs' (first at line 21)",
                "rules.yaml:65:31: unknown question 'side'",
            ],
        ),
        (
            "when: signs has not_sure",
            "when: signs is not_sure",
            ["rules.yaml:59:11: 'signs' is a multiple-choice question: use 'has', 'has any [...]' or 'has all [...]'"],
        ),
        (
            "when: weakness is yes and",
            "when: weakness has yes and",
            ["rules.yaml:65:11: 'weakness' takes one answer: use 'is' or 'in [...]'"],
        ),
        (
            "when: signs has not_sure",
            "when: signs has not_sure or",
            ["rules.yaml:59:32: expected a question id but found the end of the condition"],
        ),
        (
            "    rationale: Unsure.\n    sources: [SRC]",
            "    rationale: Unsure.\n    sources: [SCR]",
            ["rules.yaml:63:15: unknown source 'SCR' (did you mean 'SRC'?)"],
        ),
        (
            "  - {id: routine, label: Routine, action: Next visit.}\n",
            "",
            [
                "rules.yaml:15:3: levels must be exactly emergency, urgent, soon, routine, none, in that order (found emergency, urgent, soon, none)"
            ],
        ),
        (
            'next_review: "2027-01-01"',
            'next_review: "2027-13-01"',
            ["rules.yaml:11:16: next_review must be a date like 2026-01-31, not '2027-13-01'"],
        ),
        ("    summary: Side\n", "", ["rules.yaml:39:5: question 'side' is missing 'summary'"]),
        (
            "      - {id: both, label: Both}",
            "      - {id: both, label: Both, exclusive: true}",
            ["rules.yaml:49:44: only a multiple-choice question can have an exclusive choice"],
        ),
        (
            "  - id: side\n",
            "  - id: Side\n",
            [
                "rules.yaml:39:9: question id 'Side' must be lower-case letters, digits and _, starting with a letter",
                "rules.yaml:65:31: unknown question 'side' (did you mean 'Side'?)",
            ],
        ),
        (
            "      - {id: both, label: Both}",
            "      - {id: left, label: Both}",
            ["rules.yaml:49:14: duplicate choice id 'left'"],
        ),
        (
            "  - id: unsure\n",
            "  - id: breathing\n",
            ["rules.yaml:58:9: duplicate rule id 'breathing' (first at line 51)"],
        ),
        (
            "    level: soon\n",
            "    level: son\n",
            [
                "rules.yaml:66:12: level 'son' is not one of emergency, urgent, soon, routine, none (did you mean 'soon'?)"
            ],
        ),
        ("    stop: true\n", "    stop: yes\n", ["rules.yaml:54:11: stop must be true or false, not text"]),
        ("safety_net: Get help if worse.\n", "", ["rules.yaml:1:1: the rule file is missing 'safety_net'"]),
        (
            "disclaimer: Not a diagnosis.\n",
            "disclaimer: Not a diagnosis.\nextra: 1\n",
            ["rules.yaml:72:1: unknown key 'extra' in the rule file"],
        ),
    ],
)
def test_problems_are_located_and_explained(old: str, new: str, expected: list[str]) -> None:
    assert old in MINI
    assert problems_of(MINI.replace(old, new, 1)) == expected


def test_a_duplicate_question_id_is_told_once_not_at_every_condition_that_names_it() -> None:
    # A new yes/no question pasted in with an id already used: the conditions reading 'side' as
    # left/right are not checked against either copy, so the slip is one problem, not one per condition.
    pasted = "  - id: side\n    kind: symptom\n    type: yesno\n    text: Side?\n    help: H.\n    summary: S.\n"
    text = MINI.replace("  - id: weakness\n", pasted + "  - id: weakness\n", 1)
    assert problems_of(text) == ["rules.yaml:45:9: duplicate question id 'side' (first at line 32)"]


def test_a_condition_error_inside_folded_text_points_at_the_word() -> None:
    text = MINI.replace(
        "when: weakness is yes and side in [left, right]",
        "when: >\n      weakness is yes\n      and side in [left, rihgt]",
    )
    assert problems_of(text) == ["rules.yaml:67:26: question 'side' has no choice 'rihgt' (did you mean 'right'?)"]


def test_every_problem_is_reported_sorted_by_place() -> None:
    text = MINI.replace("status: draft", "status: drafty").replace("    level: soon\n", "    level: son\n")
    text = text.replace("    summary: Side\n", "")
    assert problems_of(text) == [
        "rules.yaml:5:11: status 'drafty' is not one of draft, active, retired (did you mean 'draft'?)",
        "rules.yaml:39:5: question 'side' is missing 'summary'",
        "rules.yaml:65:12: level 'son' is not one of emergency, urgent, soon, routine, none (did you mean 'soon'?)",
    ]


@pytest.mark.parametrize("top", ["just text\n", "- a\n- b\n", "42\n"])
def test_the_top_level_must_be_a_mapping(top: str) -> None:
    assert problems_of(top)[0].startswith("rules.yaml:1:1: the rule file must be a mapping, not ")


def test_yes_and_no_unquoted_are_plain_words_in_the_rule_file() -> None:
    rs = ruleset_from(MINI.replace("      - {id: both, label: Both}", "      - {id: no, label: No}"))
    assert rs.question("side").choice("no").label == "No"


def test_a_duplicate_key_is_reported_together_with_every_other_problem(tmp_path: Path) -> None:
    text = MINI.replace("  title: Mini check\n", "  title: Mini check\n  title: Again\n").replace(
        "when: signs has not_sure", "when: signs has not_shure"
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(SelfcheckError) as info:
        load_ruleset(str(path))
    assert [str(p) for p in info.value.problems] == [
        f"{path}:4:3: duplicate key 'title' (first at line 3)",
        f"{path}:60:21: question 'signs' has no choice 'not_shure' (did you mean 'not_sure'?)",
    ]


ONE_SIDE = MINI.replace("      - {id: right, label: Right}\n      - {id: both, label: Both}\n", "").replace(
    "side in [left, right]", "side is left"
)
ONE_SIGN = MINI.replace(
    "      - {id: not_sure, label: Not sure}\n      - {id: none, label: None of these, exclusive: true}\n", ""
).replace("    when: signs has not_sure\n", "    when: weakness is not_sure\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ONE_SIDE, "rules.yaml:47:7: a single question needs at least two choices"),
        (ONE_SIGN, "rules.yaml:29:7: a multiple question needs at least two choices"),
    ],
)
def test_a_question_with_one_choice_is_refused(text: str, expected: str) -> None:
    # One choice is no question: the person could not answer otherwise.
    assert problems_of(text) == [expected]


def test_two_choices_are_enough() -> None:
    two = ruleset_from(MINI.replace("      - {id: both, label: Both}\n", ""))
    assert two.question("side").choice_ids == ("left", "right")


SIDE_CHOICES = "    choices:\n      - {id: left, label: Left}\n      - {id: right, label: Right}\n      - {id: both, label: Both}\n"
YESNO_GIVEN = "    summary: Weakness\n    choices:\n      - {id: yes, label: Yes}\n      - {id: no, label: No}\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            SIDE_CHOICES,
            "",
            [
                "rules.yaml:39:5: a single question needs 'choices'",
                "rules.yaml:61:39: question 'side' has no choice 'left'",
            ],
        ),
        (
            SIDE_CHOICES,
            "    choices: []\n",
            [
                "rules.yaml:46:14: choices must not be empty",
                "rules.yaml:62:40: question 'side' has no choice 'left'",
                "rules.yaml:62:46: question 'side' has no choice 'right'",
            ],
        ),
        (
            "    summary: Weakness\n",
            YESNO_GIVEN,
            ["rules.yaml:40:7: a yesno question's choices must be yes, no, not_sure in that order, or left out"],
        ),
    ],
)
def test_the_choices_a_question_needs(old: str, new: str, expected: list[str]) -> None:
    text = MINI.replace(old, new, 1)
    if not new:
        text = text.replace("side in [left, right]", "side is left")
    assert problems_of(text) == expected


def test_a_yesno_question_may_list_its_three_choices_with_its_own_labels() -> None:
    given = YESNO_GIVEN.replace("No}", "No}\n      - {id: not_sure, label: Unsure}").replace(
        "label: Yes}", "label: Somewhat}"
    )
    rs = ruleset_from(MINI.replace("    summary: Weakness\n", given, 1))
    assert [(c.id, c.label) for c in rs.question("weakness").choices] == [
        ("yes", "Somewhat"),
        ("no", "No"),
        ("not_sure", "Unsure"),
    ]
