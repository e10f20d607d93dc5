"""A run in progress: going back, changing answers in the review, re-planning what follows."""

from __future__ import annotations

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
