"""The engine: which question comes next, which answers still apply, and the result."""

from __future__ import annotations

from selfcheck.engine import flow as engine
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
