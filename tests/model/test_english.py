"""Conditions in plain English, with question summaries and choice labels."""

from __future__ import annotations

import pytest
from conftest import rule_file, ruleset_from

from selfcheck.model import conditions
from selfcheck.model.english import english
from selfcheck.model.ruleset import RuleSet

RULES = rule_file(
    """\
questions:
  - {id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness in a limb}
  - id: where
    kind: symptom
    type: multiple
    text: Where?
    help: H.
    summary: Where it is
    choices: [{id: hand, label: Hand}, {id: arm, label: Arm}, {id: foot, label: Foot}]
  - id: course
    kind: symptom
    type: single
    text: Course?
    help: H.
    summary: Course
    choices: [{id: worse, label: Worse}, {id: same, label: Same}, {id: better, label: Better}]
rules:
  - {id: r, when: weakness is yes, level: soon, message: M., rationale: R., sources: [SRC]}
"""
)


@pytest.fixture(scope="module")
def words() -> RuleSet:
    return ruleset_from(RULES)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("weakness is yes", "'Weakness in a limb' is \"Yes\""),
        ("weakness in [yes, not_sure]", '\'Weakness in a limb\' is "Yes" or "Not sure"'),
        ("course in [worse, same, better]", '\'Course\' is "Worse", "Same" or "Better"'),
        ("where has hand", "'Where it is' includes \"Hand\""),
        ("where has any [hand, arm]", '\'Where it is\' includes any of "Hand" or "Arm"'),
        ("where has all [hand, foot]", '\'Where it is\' includes all of "Hand" and "Foot"'),
        ("not weakness is no", "'Weakness in a limb' is not \"No\" (or was not asked)"),
        ("not weakness in [no, not_sure]", '\'Weakness in a limb\' is neither "No" nor "Not sure" (or was not asked)'),
        ("not where has hand", "'Where it is' does not include \"Hand\" (or was not asked)"),
        ("not where has any [hand, arm]", '\'Where it is\' includes none of "Hand" or "Arm" (or was not asked)'),
        (
            "not where has all [hand, arm]",
            '\'Where it is\' does not include all of "Hand" and "Arm" (or was not asked)',
        ),
        ("not (weakness is yes or course is worse)", "not ('Weakness in a limb' is \"Yes\" or 'Course' is \"Worse\")"),
        (
            "weakness is yes and course is worse or course is same",
            "('Weakness in a limb' is \"Yes\" and 'Course' is \"Worse\") or 'Course' is \"Same\"",
        ),
        (
            "weakness is yes and (course is worse or course is same)",
            "'Weakness in a limb' is \"Yes\" and ('Course' is \"Worse\" or 'Course' is \"Same\")",
        ),
        # A list's own "or" inside an "and", or "and" inside an "or", is bracketed so it cannot be misread.
        (
            "weakness in [yes, not_sure] and course is worse",
            '(\'Weakness in a limb\' is "Yes" or "Not sure") and \'Course\' is "Worse"',
        ),
        (
            "where has all [hand, arm] or course is worse",
            '(\'Where it is\' includes all of "Hand" and "Arm") or \'Course\' is "Worse"',
        ),
        (
            "weakness in [yes, not_sure] or course is worse",
            '\'Weakness in a limb\' is "Yes" or "Not sure" or \'Course\' is "Worse"',
        ),
        (
            "not weakness in [no, not_sure] and course is worse",
            '\'Weakness in a limb\' is neither "No" nor "Not sure" (or was not asked) and \'Course\' is "Worse"',
        ),
        (  # "none of A or B" is a list's own "or"
            "not where has any [hand, arm] and course is worse",
            '(\'Where it is\' includes none of "Hand" or "Arm" (or was not asked)) and \'Course\' is "Worse"',
        ),
        # An "or" inside an "or", or an "and" inside an "and", reads the same without brackets.
        (
            "weakness is yes or (course is worse or course is same)",
            "'Weakness in a limb' is \"Yes\" or 'Course' is \"Worse\" or 'Course' is \"Same\"",
        ),
        (
            "weakness is yes and (course is worse and where has hand)",
            "'Weakness in a limb' is \"Yes\" and 'Course' is \"Worse\" and 'Where it is' includes \"Hand\"",
        ),
    ],
)
def test_english(words: RuleSet, condition: str, expected: str) -> None:
    assert english(words, conditions.parse(condition)) == expected
