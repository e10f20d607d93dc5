"""A run in progress: going back, changing answers in the review, re-planning what follows."""

from __future__ import annotations

from conftest import MINI, ruleset_from

from selfcheck.engine.session import Session
from selfcheck.model.ruleset import RuleSet


def test_back_returns_to_the_previous_question_with_its_answer_offered(mini: RuleSet) -> None:
    s = Session(mini)
    s.answer(mini.question("signs"), ("none",))
    s.answer(mini.question("weakness"), ("yes",))
    assert s.current() is mini.question("side")
    s.back()
    assert s.current() is mini.question("weakness")
    assert s.default(mini.question("weakness")) == ("yes",)
    s.back()
    assert s.current() is mini.question("signs")
    assert not s.can_go_back()


def test_changing_an_answer_in_review_replans_and_drops_what_no_longer_applies(mini: RuleSet) -> None:
    s = Session(mini)
    for qid, answer in [("signs", ("none",)), ("weakness", ("yes",)), ("side", ("left",))]:
        s.answer(mini.question(qid), answer)
    assert s.current() is None
    assert [q.id for q, _ in s.review_items()] == ["signs", "weakness", "side"]
    s.reopen(mini.question("weakness"))
    assert s.current() is mini.question("weakness")
    s.answer(mini.question("weakness"), ("no",))
    assert s.answers == {"signs": ("none",), "weakness": ("no",)}
    assert s.current() is None
    assert s.result().level.id == "none"


def test_changing_an_answer_that_opens_a_new_question_asks_it(mini: RuleSet) -> None:
    s = Session(mini)
    s.answer(mini.question("signs"), ("none",))
    s.answer(mini.question("weakness"), ("no",))
    s.reopen(mini.question("weakness"))
    s.answer(mini.question("weakness"), ("yes",))
    assert s.current() is mini.question("side")


def test_a_stop_rule_ends_early(mini: RuleSet) -> None:
    s = Session(mini)
    s.answer(mini.question("signs"), ("breathing",))
    assert s.current() is None
    assert s.stopped_early()
    assert s.result().level.id == "emergency"


def test_a_new_session_offers_no_default_and_cannot_go_back(mini: RuleSet) -> None:
    s = Session(mini)
    assert s.default(mini.question("signs")) == ()
    assert not s.can_go_back()
    s.answer(mini.question("signs"), ("none",))
    assert s.can_go_back()
    assert s.history == ["signs"]


def test_answering_again_uses_up_the_default_and_keeps_the_history_in_order(mini: RuleSet) -> None:
    s = Session(mini)
    s.answer(mini.question("signs"), ("none",))
    s.answer(mini.question("weakness"), ("yes",))
    s.answer(mini.question("side"), ("left",))
    s.back()
    assert s.defaults == {"side": ("left",)}
    s.answer(mini.question("side"), ("right",))
    assert s.defaults == {}
    assert s.history == ["signs", "weakness", "side"]
    # A no to weakness drops the side: it leaves the history too, and weakness moves to its end.
    s.reopen(mini.question("weakness"))
    assert s.history == ["signs", "side"]
    s.answer(mini.question("weakness"), ("no",))
    assert s.history == ["signs", "weakness"]
    assert s.answers == {"signs": ("none",), "weakness": ("no",)}


def test_only_emergency_advice_that_ended_the_questions_is_shown_at_once(mini: RuleSet) -> None:
    s = Session(mini)
    assert not s.shows_at_once()
    assert s.left_at_most() == 3
    s.answer(mini.question("signs"), ("breathing",))
    assert s.shows_at_once()
    assert s.left_at_most() == 0
    # Urgent at the end of the questions is shown after the review.
    s = Session(mini)
    for qid, answer in [("signs", ("not_sure",)), ("weakness", ("no",))]:
        s.answer(mini.question(qid), answer)
    assert s.current() is None
    assert not s.shows_at_once()
    # A finished check that is not an emergency, and one still in progress, are not either.
    s = Session(mini)
    s.answer(mini.question("signs"), ("none",))
    assert s.left_at_most() == 2
    assert not s.shows_at_once()


def test_emergency_advice_the_answers_give_before_it_is_certain_is_not_shown_at_once() -> None:
    text = MINI.replace(
        "when: weakness is yes and side in [left, right]\n    level: soon",
        "when: weakness is yes and not side is both\n    level: emergency",
    )
    ruleset = ruleset_from(text)
    s = Session(ruleset)
    s.answer(ruleset.question("signs"), ("none",))
    s.answer(ruleset.question("weakness"), ("yes",))
    # Emergency holds while the side is unanswered, but 'both' would undo it: the side is asked first.
    assert s.result().level.id == "emergency"
    assert s.current() is ruleset.question("side")
    assert not s.shows_at_once()
