"""The syntactic proof of monotonicity (symbolic.upward): which changes it spares the diagrams, and that the
counts stay the joint walk's on files where it must and must not take its shortcut."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("dd")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generators as generate
from analysis_files import BASE, changed, rule, ruleset_of, with_rule
from test_symbolic_paths import check_monotonicity, joint_counts

from selfcheck.analysis.symbolic import upward
from selfcheck.analysis.symbolic.monotone import _moved, changes, lowered
from selfcheck.analysis.symbolic.paths import Vars
from selfcheck.model.conditions import parse

# A yes/no question after weakness, read by the rules below.
LATER = changed(
    (
        "rules:\n",
        "  - id: cramps\n    kind: symptom\n    type: yesno\n    text: Cramps?\n    help: H.\n"
        "    summary: Cramps\nrules:\n",
    )
)


def ranks(text: str, qid: str) -> list[frozenset[int] | None]:
    """What lowering_ranks says of each change of the question, in changes() order."""
    ruleset = ruleset_of(text)
    v, flow = Vars(ruleset), upward.Flow(ruleset)
    q = ruleset.question(qid)
    return [flow.lowering_ranks(v.position[qid], _moved(v, flow, q, c)) for c in changes(v, q)]


@pytest.mark.parametrize(
    ("condition", "moved", "expected"),
    [
        ("weakness is yes", {"weakness is yes": upward.UP}, upward.UP),
        ("not weakness is yes", {"weakness is yes": upward.UP}, upward.DOWN),
        ("not (weakness is yes or side is one_side)", {"weakness is yes": upward.DOWN}, upward.UP),
        ("weakness is yes and not side is one_side", {"weakness is yes": upward.UP, "side is one_side": upward.UP}, 3),
        ("side is one_side", {"weakness is yes": upward.UP}, 0),
    ],
)
def test_a_condition_moves_as_its_tests_do_with_not_turning_them_round(
    condition: str, moved: dict[str, int], expected: int
) -> None:
    got = upward.moves(parse(condition), {parse(t): way for t, way in moved.items()})
    assert got == expected


def test_the_base_file_is_proved_but_for_the_not_sure_that_a_yes_stops_firing() -> None:
    # weakness no -> yes newly asks the side, read only by rules that may come to fire; not sure -> yes stops
    # 'weak_unsure' (soon); every change to the signs checklist makes rules fire (breathing is a stop rule
    # that may come to fire at emergency: nothing is more urgent).
    assert ranks(BASE, "weakness") == [frozenset(), frozenset({2})]
    assert set(ranks(BASE, "signs")) == {frozenset()}
    check_monotonicity(BASE)


def test_a_rule_on_the_less_worrying_answer_is_the_rank_it_may_lower_from() -> None:
    text = with_rule(rule("no_weakness", "weakness is no", "urgent"))
    assert ranks(text, "weakness") == [frozenset({1}), frozenset({2})]
    check_monotonicity(text)
    assert joint_counts(ruleset_of(text)) == {"weakness": 1}


def test_a_question_that_may_stop_being_asked_leaves_every_rank_to_the_diagrams() -> None:
    text = changed(
        (
            "      - {id: both_sides, label: Both sides}\n",
            "      - {id: both_sides, label: Both sides}\n"
            "  - id: why\n    kind: symptom\n    type: yesno\n    ask_if: weakness in [no, not_sure]\n"
            "    text: Why?\n    help: H.\n    summary: Why\n",
        ),
        text=LATER,
    )
    text = with_rule(rule("why", "why is yes", "emergency"), text)
    assert ranks(text, "weakness") == [None, None]
    check_monotonicity(text)
    # A says why is yes (emergency); B's yes drops why and asks the side (urgent or soon): 2 signs answers
    # asking weakness x 2 before answers x 3 cramps answers x 2 sides.
    assert joint_counts(ruleset_of(text)) == {"weakness": 24}


def test_a_stop_rule_that_may_come_to_fire_allows_only_the_more_urgent_levels() -> None:
    # A yes to weakness may stop the questions at routine: the cramps' emergency is then never asked.
    text = with_rule(rule("stop_weak", "weakness is yes", "routine") + "    stop: true\n", LATER)
    text = with_rule(rule("cramps", "cramps is yes", "emergency"), text)
    assert ranks(text, "weakness") == [frozenset({0, 1, 2}), frozenset({0, 1, 2})]
    check_monotonicity(text)
    assert set(joint_counts(ruleset_of(text))) == {"weakness"}


def test_a_stop_rule_that_may_stop_firing_newly_asks_what_follows() -> None:
    # weakness no stops the questions; a yes asks cramps, and "no cramps" is then a rule that may not fire.
    text = with_rule(rule("stop_no", "weakness is no", "soon") + "    stop: true\n", LATER)
    text = with_rule(rule("calm", "not cramps is yes", "urgent"), text)
    assert ranks(text, "weakness")[0] == frozenset({1, 2})
    check_monotonicity(text)


def test_a_stop_rule_that_may_fire_either_way_leaves_every_rank_to_the_diagrams() -> None:
    text = with_rule(rule("stop_odd", "weakness is yes and not cramps is yes", "soon") + "    stop: true\n", LATER)
    text = with_rule(rule("stop_later", "cramps is yes and side is one_side", "routine") + "    stop: true\n", text)
    text = changed(
        ("    summary: Cramps\n", "    summary: Cramps\n    ask_if: side is one_side or weakness is no\n"), text=text
    )
    assert None in ranks(text, "weakness")
    check_monotonicity(text)


def test_a_file_proved_whole_builds_no_flow_diagrams() -> None:
    assert (
        list(lowered(ruleset_of(BASE.replace("    when: weakness is not_sure\n", "    when: weakness is yes\n")))) == []
    )


# Back and neck read only together, and under a not: ticking one of them while the other is ticked makes
# 'has all' hold, so the urgent rule may stop firing (urgent to soon), and the proof must leave urgent to the
# diagrams; one of them alone in place of "none of these" makes neither rule move.
NOT_BOTH = generate.rule_file(
    "  - id: aches\n    kind: symptom\n    type: multiple\n    text: Aches?\n    help: Tick all.\n"
    "    summary: Aches\n    choices:\n      - {id: head, label: Head}\n      - {id: back, label: Back}\n"
    "      - {id: neck, label: Neck}\n      - {id: none, label: None of these, exclusive: true}\n",
    generate.rule("apart", "not aches has all [back, neck]", "urgent")
    + generate.rule("both", "aches has all [back, neck]", "soon"),
)


def test_ticking_one_choice_of_a_has_all_may_make_it_hold_and_stop_a_rule_on_its_negation() -> None:
    # changes() order: tick back, tick neck, then none replaced by back, by neck, by head (the unread choice).
    assert ranks(NOT_BOTH, "aches") == [frozenset({1}), frozenset({1}), frozenset(), frozenset(), frozenset()]
    check_monotonicity(NOT_BOTH)
    # back ticked with neck, or neck with back, each with head or without
    assert joint_counts(ruleset_of(NOT_BOTH)) == {"aches": 4}


def test_a_question_newly_asked_just_after_the_changed_one_is_followed() -> None:
    # A yes to weakness newly asks the side (the next question), where one side stops "not one side" firing.
    text = with_rule(rule("not_one", "not side is one_side", "urgent"))
    assert ranks(text, "weakness") == [frozenset({1}), frozenset({1, 2})]
    check_monotonicity(text)
    assert set(joint_counts(ruleset_of(text))) == {"weakness"}


def test_a_stop_rule_that_may_stop_firing_newly_asks_a_later_question_whatever_its_ask_if() -> None:
    # weakness no stops the questions; a yes goes on to cramps, asked (when the signs are none) in flow B only.
    text = with_rule(rule("stop_no", "weakness is no", "soon") + "    stop: true\n", LATER)
    text = changed(("    summary: Cramps\n", "    summary: Cramps\n    ask_if: signs has none\n"), text=text)
    text = with_rule(rule("calm", "not cramps is yes", "urgent"), text)
    assert ranks(text, "weakness")[0] == frozenset({1, 2})
    check_monotonicity(text)
    assert "weakness" in joint_counts(ruleset_of(text))


def test_a_newly_asked_question_no_condition_reads_moves_no_rule() -> None:
    text = changed(
        (
            "      - {id: both_sides, label: Both sides}\n",
            "      - {id: both_sides, label: Both sides}\n"
            "  - id: since\n    kind: context\n    type: yesno\n    ask_if: weakness is yes\n"
            "    text: Since today?\n    help: H.\n    summary: Since\n",
        )
    )
    assert ranks(text, "weakness") == ranks(BASE, "weakness") == [frozenset(), frozenset({2})]
    check_monotonicity(text)


def test_a_stop_rule_on_a_newly_asked_question_that_may_come_to_fire_allows_only_the_more_urgent_levels() -> None:
    # A yes to weakness asks the side, and one side may stop the questions at routine: cramps' emergency is then
    # never asked.
    text = with_rule(rule("stop_side", "side is one_side", "routine") + "    stop: true\n", LATER)
    text = with_rule(rule("cramps", "cramps is yes", "emergency"), text)
    assert ranks(text, "weakness")[0] == frozenset({0, 1, 2})
    check_monotonicity(text)
    assert set(joint_counts(ruleset_of(text))) == {"weakness"}


def test_a_test_that_holds_before_and_after_the_change_does_not_move() -> None:
    # Not sure to yes: "weakness in [yes, not_sure]" holds on both, so its routine rule cannot stop firing;
    # only 'weak_unsure' (soon) can.
    text = with_rule(rule("either", "weakness in [yes, not_sure]", "routine"))
    assert ranks(text, "weakness") == [frozenset(), frozenset({2})]
    check_monotonicity(text)


def test_a_later_question_asked_in_both_flows_alike_is_not_newly_asked() -> None:
    # Cramps is asked whatever weakness is, so the change moves no test on it: "not cramps" cannot stop firing.
    text = with_rule(rule("calm", "not cramps is yes", "urgent"), LATER)
    assert ranks(text, "weakness") == [frozenset(), frozenset({2})]
    check_monotonicity(text)
