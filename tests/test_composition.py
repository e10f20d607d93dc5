"""A result a person can act on: one action, only the result level's messages, what was reported (issue 12)."""

from __future__ import annotations

import io
import re
import sys

import pytest
from conftest import MINI, problems_of, ruleset_from

from selfcheck.engine.flow import evaluate
from selfcheck.model import conditions
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import report
from selfcheck.ui import plain

# MINI with a rule for every level, two emergency rules with the same message, a soon rule whose
# message is always shown, and a safety net of its own for emergency results.
LAYERED = (
    MINI.replace(
        "  - {id: emergency, label: Emergency, action: Call now.}",
        "  - {id: emergency, label: Emergency, action: Call now., safety_net: Call again if worse.}",
    )
    .replace(
        "      - {id: not_sure, label: Not sure}",
        "      - {id: fall, label: A fall, red_flag: emergency}\n      - {id: not_sure, label: Not sure}",
    )
    .replace(
        "safety_net: Get help if worse.",
        """\
  - id: fall
    when: signs has fall
    level: emergency
    message: Call now.
    rationale: The same advice as breathing.
    sources: [SRC]
  - id: both_sides
    when: side is both
    level: routine
    message: Mention it.
    rationale: Both sides.
    sources: [SRC]
  - id: parent
    when: weakness is yes
    level: soon
    always_show: true
    message: Show this to a parent.
    rationale: Shown whatever the level, below an emergency.
    sources: [SRC]
safety_net: Get help if worse.""",
    )
)


@pytest.fixture
def layered() -> RuleSet:
    return ruleset_from(LAYERED)


def test_an_emergency_shows_only_its_own_messages_each_once(layered: RuleSet) -> None:
    result = evaluate(layered, {"signs": ("breathing", "fall", "not_sure")})
    assert [r.id for r in result.fired] == ["breathing", "fall", "unsure"]
    assert result.messages == ("Call now.",)  # two emergency rules say the same; the urgent one is left out


def test_below_an_emergency_lower_messages_are_left_out_but_an_always_shown_one_stays(layered: RuleSet) -> None:
    result = evaluate(layered, {"signs": ("not_sure",), "weakness": ("yes",), "side": ("both",)})
    assert result.level.id == "urgent"
    assert [r.id for r in result.fired] == ["unsure", "parent", "both_sides"]
    assert result.messages == ("Get advice today.", "Show this to a parent.")


def test_an_always_shown_message_is_left_out_of_an_emergency(layered: RuleSet) -> None:
    ruleset = layered._replace(rules=tuple(r._replace(stop=False) for r in layered.rules))
    result = evaluate(ruleset, {"signs": ("breathing",), "weakness": ("yes",), "side": ("left",)})
    assert result.level.id == "emergency"
    assert result.messages == ("Call now.",)


def test_a_level_may_have_its_own_safety_net(layered: RuleSet) -> None:
    emergency = evaluate(layered, {"signs": ("breathing",)})
    routine = evaluate(layered, {"signs": ("none",), "weakness": ("no",)})
    assert (emergency.safety_net, routine.safety_net) == ("Call again if worse.", "Get help if worse.")
    assert "If things change:\n  Call again if worse.\n" in report.render_text(emergency)
    assert "## If things change\n\nCall again if worse.\n" in report.render_markdown(emergency)
    assert "Get help if worse." not in report.render_text(emergency)


def test_what_to_tell_the_doctor_lists_what_was_reported_and_the_nos_on_one_line(layered: RuleSet) -> None:
    result = evaluate(layered, {"signs": ("none",), "weakness": ("not_sure",)})
    assert result.reported == (("Weakness", "Not sure"),)
    assert result.said_no == ("Signs",)
    text = report.render_text(result)
    assert "What to tell the doctor:\n  - Weakness: Not sure\n  - You said no to: Signs\n" in text
    data = report.result_data(result)
    assert (data["reported"], data["said_no"]) == ([{"item": "Weakness", "answer": "Not sure"}], ["Signs"])


def test_nothing_reported_still_names_what_was_asked(layered: RuleSet) -> None:
    text = report.render_markdown(evaluate(layered, {"signs": ("none",), "weakness": ("no",)}))
    assert "## What to tell the doctor\n\n- You said no to: Signs, Weakness\n" in text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    level: soon\n    always_show: true\n",
            "    level: soon\n    always_show: yes\n",
            ["rules.yaml:86:18: always_show must be true or false, not text"],
        ),
        (
            "safety_net: Call again if worse.}",
            "safety_net: {en: Call again if worse., xx: 1}}",
            ["rules.yaml:15:97: language 'xx' in safety_net is not the file's language or a declared translation (en)"],
        ),
    ],
)
def test_bad_composition_keys_are_located(old: str, new: str, expected: list[str]) -> None:
    assert LAYERED.count(old) == 1
    assert problems_of(LAYERED.replace(old, new)) == expected


def test_after_emergency_advice_in_plain_mode_b_goes_back_to_change_the_answer(
    layered: RuleSet, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Breathing trouble (1): the advice at once; b goes back to the signs, None of these (4), No to
    # weakness (2), Enter at the review, Enter at the save offer.
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nb\n4\n2\n\n\n"))
    result = plain.run_plain(layered)
    out = capsys.readouterr().out
    assert result is not None and result.level.id == "none"
    # Once in the report and once more just above the undo prompt; not again after going back.
    assert out.count("EMERGENCY: Call now.") == 2
    assert out.rindex("EMERGENCY: Call now.") < out.index("Please check your answers:")


# ---- The bundled rules ----


def held_tests(condition: conditions.Condition) -> list[conditions.Test]:
    """The tests that must hold for the condition to (help) hold: every test not under a `not`."""
    if isinstance(condition, conditions.Test):
        return [condition]
    if isinstance(condition, conditions.Not):
        return []
    return [t for item in condition.items for t in held_tests(item)]


def test_no_bundled_message_that_can_follow_a_not_sure_weakness_assumes_weakness(bundled: RuleSet) -> None:
    unsure = [
        rule
        for rule in bundled.rules
        if any(t.question == "weakness" and "not_sure" in t.choices for t in held_tests(rule.when))
    ]
    assert len(unsure) >= 10
    assert [r.id for r in unsure if re.search(r"\bweakness\b", r.message, re.IGNORECASE)] == []


def test_no_bundled_message_repeats_a_level_action(bundled: RuleSet) -> None:
    actions = {"within about two weeks": "soon", "next routine visit": "routine", "emergency care now": "emergency"}
    repeated = [
        (rule.id, words)
        for rule in bundled.rules
        for words, level in actions.items()
        if words in rule.message and rule.level == level
    ]
    assert repeated == []
