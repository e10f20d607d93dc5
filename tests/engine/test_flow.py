"""The engine: which question comes next, which answers still apply, and the result."""

from __future__ import annotations

import pytest
from conftest import MINI, ruleset_from

from selfcheck.engine import flow as engine
from selfcheck.errors import SelfcheckError
from selfcheck.model.ruleset import RuleSet


def ids(question: object) -> str | None:
    return getattr(question, "id", None)


def test_questions_come_in_file_order_and_follow_ups_only_when_they_apply(mini: RuleSet) -> None:
    assert ids(engine.next_question(mini, {})) == "signs"
    assert ids(engine.next_question(mini, {"signs": ("none",)})) == "weakness"
    assert ids(engine.next_question(mini, {"signs": ("none",), "weakness": ("yes",)})) == "side"
    assert engine.next_question(mini, {"signs": ("none",), "weakness": ("no",)}) is None


def test_a_stop_rule_ends_the_questions_at_once(mini: RuleSet) -> None:
    assert engine.next_question(mini, {"signs": ("breathing",)}) is None


def test_answers_to_questions_that_no_longer_apply_are_dropped(mini: RuleSet) -> None:
    answers = {"signs": ("none",), "weakness": ("no",), "side": ("left",)}
    assert engine.applicable(mini, answers) == {"signs": ("none",), "weakness": ("no",)}
    assert engine.applicable(mini, {"signs": ("breathing",), "weakness": ("yes",)}) == {"signs": ("breathing",)}


def test_questions_left_is_an_upper_bound_that_shrinks(mini: RuleSet) -> None:
    assert engine.questions_left_at_most(mini, {}) == 3
    assert engine.questions_left_at_most(mini, {"signs": ("none",)}) == 2
    assert engine.questions_left_at_most(mini, {"signs": ("none",), "weakness": ("yes",)}) == 1
    assert engine.questions_left_at_most(mini, {"signs": ("none",), "weakness": ("no",)}) == 0


def test_the_result_is_the_most_urgent_level_with_only_its_own_messages(mini: RuleSet) -> None:
    result = engine.evaluate(mini, {"signs": ("not_sure",), "weakness": ("yes",), "side": ("left",)})
    assert result.level.id == "urgent"
    assert [r.id for r in result.fired] == ["unsure", "weak_one_side"]
    # "Book an appointment" would contradict "today": a lower rule's message is not shown (issue 12).
    assert result.messages == ("Get advice today.",)
    assert result.summary == (("Signs", "Not sure"), ("Weakness", "Yes"), ("Side", "Left"))
    assert result.skipped == ()


def test_no_rule_fired_means_level_none(mini: RuleSet) -> None:
    result = engine.evaluate(mini, {"signs": ("none",), "weakness": ("no",)})
    assert result.level.id == "none"
    assert result.level.action == "Nothing."
    assert result.fired == ()
    assert result.skipped == ("side",)


def test_the_trace_says_which_rules_fired_and_which_tests_held(mini: RuleSet) -> None:
    result = engine.evaluate(mini, {"signs": ("none",), "weakness": ("yes",), "side": ("both",)})
    trace = {t.rule.id: (t.fired, t.held) for t in result.trace}
    assert trace == {
        "breathing": (False, ()),
        "unsure": (False, ()),
        "weak_one_side": (False, ("weakness is yes",)),
    }


def test_evaluate_ignores_answers_that_do_not_apply(mini: RuleSet) -> None:
    result = engine.evaluate(mini, {"signs": ("none",), "weakness": ("no",), "side": ("left",)})
    assert result.level.id == "none"
    assert "side" not in result.answers


def test_a_stop_rule_never_skips_an_earlier_unanswered_question(bundled: RuleSet) -> None:
    # Nothing new under a specialist ends the questions, but the emergency signs before it must still be asked.
    known = {"diagnosed": ("yes_specialist",), "anything_new": ("no",)}
    assert ids(engine.next_question(bundled, {"age": ("age_40_59",), **known})) == "urgent_signs"
    assert engine.next_question(bundled, {"urgent_signs": ("none",), "age": ("age_40_59",), **known}) is None


def test_being_under_18_never_ends_the_questions(bundled: RuleSet) -> None:
    # NG127 covers people over 16: a young person is asked every red flag and timing question.
    assert ids(engine.next_question(bundled, {"urgent_signs": ("none",), "age": ("under_18",)})) == "diagnosed"


def test_stopped_names_the_first_stop_rule_that_holds(mini: RuleSet) -> None:
    assert engine.stopped(mini, {"signs": ("none",)}) is None
    stop = engine.stopped(mini, {"signs": ("breathing",)})
    assert stop is not None and stop.id == "breathing"


def test_skip_reasons_say_what_ended_or_skipped_each_question_not_kept(mini: RuleSet) -> None:
    reasons = engine.skip_reasons(mini, {"signs": ("breathing",)})
    assert {qid: getattr(why, "id", why) for qid, why in reasons.items()} == {
        "weakness": "breathing",
        "side": "breathing",
    }
    side = mini.question("side")
    assert engine.skip_reasons(mini, {"signs": ("none",), "weakness": ("no",)}) == {"side": side.ask_if}
    assert engine.skip_reasons(mini, {"signs": ("none",)}) == {"weakness": None, "side": side.ask_if}
    assert engine.skip_reasons(mini, {"signs": ("none",), "weakness": ("yes",), "side": ("left",)}) == {}


# A follow-up of a follow-up: 'hand' is asked only if 'side' was, and 'side' only after a yes to weakness.
CHAIN = MINI.replace(
    "rules:\n",
    """\
  - id: hand
    kind: symptom
    type: yesno
    ask_if: side is left
    text: The left hand?
    help: The hand you write with or the other.
    summary: Left hand
rules:
""",
    1,
)


def test_a_follow_up_is_asked_on_the_answers_kept_not_on_a_dropped_one() -> None:
    chain = ruleset_from(CHAIN)
    # 'side' no longer applies after a No to weakness: its stale answer must not ask 'hand'.
    stale = {"signs": ("none",), "weakness": ("no",), "side": ("left",)}
    assert engine.next_question(chain, stale) is None
    assert engine.applicable(chain, {**stale, "hand": ("yes",)}) == {"signs": ("none",), "weakness": ("no",)}
    reasons = engine.skip_reasons(chain, {**stale, "hand": ("yes",)})
    assert reasons == {"side": chain.question("side").ask_if, "hand": chain.question("hand").ask_if}
    assert engine.evaluate(chain, {**stale, "hand": ("yes",)}).skipped == ("side", "hand")


def rules_added(*rules: str, text: str = MINI) -> RuleSet:
    """MINI with these rules (YAML list items) after its own."""
    return ruleset_from(text.replace("safety_net:", "".join(rules) + "safety_net:", 1))


BOTH_SIDES_EMERGENCY = """\
  - id: both_sides
    when: weakness is yes and side is both
    level: emergency
    message: Call now.
    rationale: Both sides at once.
    sources: [SRC]
"""


def test_emergency_made_certain_by_the_last_answer_ends_the_questions_there() -> None:
    rs = rules_added(BOTH_SIDES_EMERGENCY)
    complete = {"signs": ("none",), "weakness": ("yes",), "side": ("both",)}
    certain = engine.certain_level(rs, complete)
    assert certain is not None and certain.id == "emergency"
    assert engine.certain_level(rs, {**complete, "side": ("left",)}) is None


def test_nothing_is_certain_while_an_earlier_question_is_unanswered() -> None:
    rs = rules_added(BOTH_SIDES_EMERGENCY)
    later_only = {"weakness": ("yes",), "side": ("both",)}
    assert engine.certain_level(rs, later_only) is None
    assert engine.ended_by(rs, later_only) is None
    assert ids(engine.next_question(rs, later_only)) == "signs"


def test_a_stop_rule_on_the_last_answer_is_what_ended_the_questions() -> None:
    rs = rules_added(
        "  - id: both_stop\n    when: side is both\n    level: urgent\n    stop: true\n"
        "    message: Today.\n    rationale: Both.\n    sources: [SRC]\n"
    )
    why = engine.ended_by(rs, {"signs": ("none",), "weakness": ("yes",), "side": ("both",)})
    assert getattr(why, "id", None) == "both_stop"


def test_a_level_is_certain_only_when_certainty_ended_the_questions(mini: RuleSet) -> None:
    # The breathing stop rule ended these questions: that is a rule, not a level made certain.
    assert getattr(engine.ended_by(mini, {"signs": ("breathing",)}), "id", None) == "breathing"
    assert engine.certain_level(mini, {"signs": ("breathing",)}) is None


@pytest.mark.parametrize(
    "when", ["not signs has breathing", "not weakness is yes", "signs has none or not signs has none"]
)
def test_a_stop_rule_that_holds_before_any_answer_is_refused(when: str) -> None:
    """It would end the questions before the emergency signs are asked: nobody would be told to act."""
    with pytest.raises(SelfcheckError) as info:
        rules_added(
            f"  - id: calm\n    when: {when}\n    level: routine\n    stop: true\n"
            "    message: Book.\n    rationale: Calm.\n    sources: [SRC]\n"
        )
    [problem] = info.value.problems
    assert problem.message == (
        "rule 'calm' has stop: true but holds before any question is answered, so no question would be asked, "
        "not even the emergency signs: make it need an answer (such as 'q is x')"
    )


def test_a_stop_rule_that_needs_an_answer_is_accepted() -> None:
    rs = rules_added(
        "  - id: calm\n    when: signs has none and not weakness is yes\n    level: routine\n    stop: true\n"
        "    message: Book.\n    rationale: Calm.\n    sources: [SRC]\n"
    )
    assert engine.next_question(rs, {}) is not None


def test_questions_left_leaves_out_a_later_question_already_ruled_out() -> None:
    extra = (
        "  - id: extra\n    kind: context\n    type: yesno\n    text: Anything else?\n"
        "    help: Say yes or no.\n    summary: Extra\n"
    )
    rs = ruleset_from(MINI.replace("  - id: side\n", extra + "  - id: side\n", 1))
    # After a No to weakness, 'side' cannot be asked: only 'extra' is left.
    assert engine.questions_left_at_most(rs, {"signs": ("none",), "weakness": ("no",)}) == 1
    assert engine.questions_left_at_most(rs, {"signs": ("none",), "weakness": ("yes",)}) == 2
    assert engine.questions_left_at_most(rs, {"signs": ("none",)}) == 3


def test_what_to_tell_the_doctor_leaves_each_no_for_the_line_of_nos(mini: RuleSet) -> None:
    said_no = engine.evaluate(mini, {"signs": ("none",), "weakness": ("no",)})
    assert (said_no.reported, said_no.said_no) == ((), ("Signs", "Weakness"))
    told = engine.evaluate(mini, {"signs": ("not_sure",), "weakness": ("yes",), "side": ("left",)})
    assert told.reported == (("Signs", "Not sure"), ("Weakness", "Yes"), ("Side", "Left"))
    assert told.said_no == ()


def test_only_an_exclusive_none_of_a_checklist_reports_nothing() -> None:
    # An exclusive "Not sure" is still something to tell the doctor; a single question's "none" is an answer.
    text = MINI.replace(
        "      - {id: not_sure, label: Not sure}", "      - {id: not_sure, label: Not sure, exclusive: true}"
    )
    text = text.replace("      - {id: both, label: Both}", "      - {id: none, label: Neither}")
    rs = ruleset_from(text)
    unsure = engine.evaluate(rs, {"signs": ("not_sure",), "weakness": ("yes",), "side": ("none",)})
    assert unsure.reported == (("Signs", "Not sure"), ("Weakness", "Yes"), ("Side", "Neither"))
    assert unsure.said_no == ()


def test_an_unanswered_question_keeps_a_level_that_could_still_change_from_being_certain() -> None:
    # Emergency holds after breathing for now, but a yes to weakness would lift it: weakness must be asked.
    rs = ruleset_from(
        MINI.replace(
            "    when: signs has breathing\n    level: emergency\n    stop: true\n",
            "    when: signs has breathing and not weakness is yes\n    level: emergency\n",
            1,
        )
    )
    assert engine.evaluate(rs, {"signs": ("breathing",)}).level.id == "emergency"
    assert engine.certain_level(rs, {"signs": ("breathing",)}) is None
    assert ids(engine.next_question(rs, {"signs": ("breathing",)})) == "weakness"


def test_the_bundled_level_none_is_true_for_a_person_who_said_not_sure(bundled: RuleSet) -> None:
    # "Not sure" to the hand, numbness, thinning, speech and tiredness questions, no to the rest: no rule gives a
    # level, and the words must not say this person said no (clinical notes: "Not sure" is never read as a no).
    unsure = {"grip", "numbness", "thinning", "speech_swallow", "fatigue"}
    given: dict[str, tuple[str, ...]] = {"urgent_signs": ("none",), "age": ("age_40_59",)}
    while (question := engine.next_question(bundled, given)) is not None:
        given[question.id] = (
            ("not_sure",) if question.id in unsure else ("none" if question.type == "multiple" else "no",)
        )
    assert unsure <= set(given)
    level = engine.evaluate(bundled, given).level
    assert (level.id, level.action) == (
        "none",
        "You did not say yes to any of the changes this check asks about. "
        "If you were not sure about some of them, or you are worried, talk to a doctor.",
    )
