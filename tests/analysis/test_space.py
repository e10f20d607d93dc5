"""Answer classes: interchangeable answers grouped by what the conditions read, counts that add up."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pytest
from analysis_files import (
    BASE,
    TODAY,
    analysis_of,
    answer_sets,
    changed,
    rule,
    ruleset_of,
    with_questions,
    with_rule,
)

from selfcheck.analysis.orchestrate import analyze
from selfcheck.analysis.walks import explore
from selfcheck.engine.classes import MAX_GROUPS, Cls, build_domains
from selfcheck.engine.space import NO_RULE, NONE_RANK, Flow, State
from selfcheck.model.partial import Formula
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset

CHECKLIST = changed(
    (
        "      - {id: none, label: None of these, exclusive: true}\n",
        "      - {id: cough, label: Coughing}\n      - {id: fever, label: Fever}\n      - {id: rash, label: Rash}\n"
        "      - {id: none, label: None of these, exclusive: true}\n",
    ),
)


def classes(text: str, qid: str, marks: bool = False) -> list[Cls]:
    return list(build_domains([ruleset_of(text)], marks)[qid].classes)


def test_unread_choices_of_a_checklist_are_counted_not_listed() -> None:
    # breathing and not_sure are read; cough, fever and rash are not; none is exclusive and unread.
    assert classes(CHECKLIST, "signs") == [
        Cls(("breathing",), 8, "set", frozenset({0}), positive=True),
        Cls(("not_sure",), 8, "set", frozenset({1}), positive=True),
        Cls(("breathing", "not_sure"), 8, "set", frozenset({0, 1}), positive=True),
        Cls(("cough",), 7, "unread", positive=True),
        Cls(("none",), 1, "exclusive"),
    ]
    assert sum(c.count for c in classes(CHECKLIST, "signs")) == 2**5 - 1 + 1


def test_choices_read_the_same_way_form_one_group_unless_a_has_all_test_tells_them_apart() -> None:
    together = with_rule(rule("cough_or_fever", "signs has any [cough, fever]", "soon"), CHECKLIST)
    assert [(c.rep, c.count) for c in classes(together, "signs")][:4] == [
        (("breathing",), 2),
        (("not_sure",), 2),
        (("cough",), 6),  # cough, fever or both, with or without rash
        (("breathing", "not_sure"), 2),
    ]
    apart = with_rule(rule("cough_and_fever", "signs has all [cough, fever]", "soon"), CHECKLIST)
    assert len(classes(apart, "signs")) == 2**4 + 1 + 1 - 1  # four groups, rash alone, none


def test_yes_no_answers_read_the_same_way_are_one_class_and_marks_keep_yes_apart() -> None:
    same = changed(
        ("    when: weakness is not_sure\n", "    when: weakness in [yes, not_sure] and signs has not_sure\n")
    )
    assert [c.rep for c in classes(same, "weakness")] == [("yes",), ("no",), ("not_sure",)]
    unread = changed(
        ("    ask_if: weakness is yes\n", "    ask_if: signs has not_sure\n"),
        ("    when: weakness is yes and side is both_sides\n", "    when: side is both_sides\n"),
        ("    when: weakness is yes and side is one_side\n", "    when: side is one_side\n"),
        ("    when: weakness is not_sure\n", "    when: signs has none\n"),
    )
    assert [(c.rep, c.count) for c in classes(unread, "weakness")] == [(("no",), 3)]  # "no" stands for all three
    assert [(c.rep, c.count) for c in classes(unread, "weakness", marks=True)] == [(("yes",), 1), (("no",), 2)]


def test_monotone_pairs_are_yes_instead_of_no_or_one_more_choice() -> None:
    domains = build_domains([ruleset_of(CHECKLIST)], marks=False)
    assert domains["weakness"].monotone_pairs() == ((1, 0), (2, 0))
    # from breathing, not_sure, unread-only and none to one more group; side is not a yes/no question
    assert domains["signs"].monotone_pairs() == ((0, 2), (1, 2), (3, 0), (3, 1), (4, 0), (4, 1), (4, 3))
    assert domains["side"].monotone_pairs() == ()


def test_every_answer_set_one_by_one_follows_the_flow() -> None:
    assert list(answer_sets(ruleset_of(BASE))) == [
        {"signs": ("not_sure",), "weakness": ("yes",), "side": ("one_side",)},
        {"signs": ("not_sure",), "weakness": ("yes",), "side": ("both_sides",)},
        {"signs": ("not_sure",), "weakness": ("no",)},
        {"signs": ("not_sure",), "weakness": ("not_sure",)},
        {"signs": ("breathing",)},  # a stop rule: nothing more is asked
        {"signs": ("breathing", "not_sure")},
        {"signs": ("none",), "weakness": ("yes",), "side": ("one_side",)},
        {"signs": ("none",), "weakness": ("yes",), "side": ("both_sides",)},
        {"signs": ("none",), "weakness": ("no",)},
        {"signs": ("none",), "weakness": ("not_sure",)},
    ]


def test_a_checklist_too_wide_to_enumerate_is_a_finding_not_a_hang() -> None:
    many = "".join(f"      - {{id: c{i}, label: C{i}}}\n" for i in range(17))
    rules = "".join(rule(f"r{i}", f"signs has c{i}", "soon") for i in range(17))
    text = with_rule(rules, changed(("      - {id: none, label: None of these, exclusive: true}\n", many)))
    # The walk refuses it; `--method auto` then counts it symbolically (tests/analysis/symbolic), when dd is there.
    doc = strict_yaml.parse("rules.yaml", text)
    analysis = analyze(build_ruleset(doc), TODAY, doc, method="walk")
    assert [f.located("rules.yaml") for f in analysis.errors] == [
        "rules.yaml:21:9: error: question 'signs' has 19 independently read groups of choices: "
        "too many to check every combination [answer-space]"
    ]
    assert analysis.answer_sets == 0


@pytest.mark.parametrize("text", [BASE, CHECKLIST])
def test_class_counts_add_up_to_every_possible_answer(text: str) -> None:
    ruleset = ruleset_of(text)
    for qid, domain in build_domains([ruleset], marks=True).items():
        q = ruleset.question(qid)
        plain = sum(1 for c in q.choices if not c.exclusive)
        expected = 2**plain - 1 + (len(q.choices) - plain) if q.type == "multiple" else len(q.choices)
        assert sum(c.count for c in domain.classes) == expected, qid


# Small files whose counts the brute-force oracle checks, each for one way of reading answers into classes.
ORACLE_CASES = {
    # 'has all' on a checklist read by two other tests: ticking both choices is what fires the rule.
    "has all": with_rule(rule("cough_and_fever", "signs has all [cough, fever]", "soon"), CHECKLIST),
    # a choice two tests read ('has not_sure' and 'has any [cough, not_sure]'): each of its classes fires both
    "one choice, two tests": with_rule(rule("cough_or_unsure", "signs has any [cough, not_sure]", "soon"), CHECKLIST),
    # an emergency that is no stop rule: the engine ends the questions once that level is certain
    "emergency certain": changed(("    level: emergency\n    stop: true\n", "    level: emergency\n")),
    # three choices read alike: any one, two or all three of them
    "three choices alike": with_rule(rule("any_of_three", "signs has any [cough, fever, rash]", "soon"), CHECKLIST),
    # a red flag no rule reads, on a checklist and on a single-choice question: each gets a class of its own
    "unread red flags": changed(
        ("{id: cough, label: Coughing}", "{id: cough, label: Coughing, red_flag: urgent}"),
        ("{id: one_side, label: One side}", "{id: one_side, label: One side, red_flag: soon}"),
        (
            "{id: both_sides, label: Both sides}",
            "{id: both_sides, label: Both sides}\n      - {id: neither, label: Neither, red_flag: urgent}",
        ),
        text=CHECKLIST,
    ),
    # a symptom checklist no rule reads: ticking any of it with no rule fired is a gap
    "an unread symptom checklist": changed(
        (
            "rules:\n",
            "  - id: numb\n    kind: symptom\n    type: multiple\n    text: Numb?\n    help: H.\n    summary: Numb\n"
            "    choices:\n      - {id: hand, label: Hand}\n      - {id: foot, label: Foot}\n"
            "      - {id: none, label: None, exclusive: true}\nrules:\n",
        )
    ),
    # a yes/no sign no rule reads: a yes to it with no rule fired is a gap
    "an unread sign": changed(
        (
            "rules:\n",
            "  - id: numb\n    kind: sign\n    type: yesno\n    text: Numb?\n    help: H.\n    summary: Numb\nrules:\n",
        )
    ),
}


@pytest.mark.parametrize("text", ORACLE_CASES.values(), ids=ORACLE_CASES.keys())
def test_the_classes_count_what_every_answer_set_one_by_one_gives(text: str) -> None:
    from test_counting_oracle import check_against_brute_force

    check_against_brute_force(text)


def test_a_context_question_has_no_more_worrying_answer() -> None:
    read = with_rule(rule("q0_yes", "q0 is yes", "soon"), with_questions(1))
    domains = build_domains([ruleset_of(read)], marks=False)
    assert [c.rep for c in domains["q0"].classes] == [("yes",), ("no",)]
    assert domains["q0"].question.type == "yesno"
    assert domains["q0"].monotone_pairs() == ()


URGENT_STOPS = changed(
    (
        "{id: urgent, label: Urgent, action: Get advice today.}",
        "{id: urgent, label: Urgent, action: Get advice today., stop_when_certain: true}",
    )
)


def _base_flow(text: str = BASE) -> Flow:
    ruleset = ruleset_of(text)
    return Flow(ruleset, build_domains([ruleset], marks=False))


def _with(state: State, best: int, **slots: Formula) -> State:
    """The state with another level so far and some slots replaced (by slot number, as 's3')."""
    new = list(state[3])
    for name, value in slots.items():
        new[int(name[1:])] = value
    return (state[0], best, state[2], tuple(new))


# BASE's slots: 0-2 the ask_if of signs, weakness and side, 3 the stop rule, 4-8 the rules breathing
# (emergency), unsure (urgent), weak_both (urgent), weak_one (soon), weak_unsure (soon).
AS_URGENT = {
    "the same state": (lambda a: a, True),
    "urgent so far, the rules it drops dropped": (lambda a: _with(a, 1, s5=False, s6=False, s7=False, s8=False), True),
    "emergency so far, every rule dropped": (
        lambda a: _with(a, 0, s4=False, s5=False, s6=False, s7=False, s8=False),
        True,
    ),
    "urgent so far, the emergency rule dropped too": (lambda a: _with(a, 1, s4=False, s5=False), False),
    "soon so far, an urgent rule dropped": (lambda a: _with(a, 2, s6=False), False),
    "a less urgent level so far": (lambda a: _with(a, NO_RULE + 1), False),
    "an ask_if that differs": (lambda a: _with(a, a[1], s2=False), False),
    "a stop rule that differs": (lambda a: _with(a, 0, s3=False), False),
}


@pytest.mark.parametrize(("make", "expected"), AS_URGENT.values(), ids=AS_URGENT.keys())
def test_a_state_is_as_urgent_as_another_only_with_the_same_open_conditions_and_a_level_as_urgent(
    make: Callable[[State], State], expected: bool
) -> None:
    flow = _base_flow()
    a = flow.initial
    assert len(a[3]) == 9 and a[1] == NO_RULE
    assert flow.as_urgent(a, make(a)) is expected


def test_a_state_is_never_as_urgent_as_one_at_another_question() -> None:
    flow = _base_flow()
    a = flow.initial
    later = flow.children(a)[0]
    assert later[0] == 1
    assert flow.as_urgent(a, (later[0], 0, a[2], a[3])) is False
    assert flow.as_urgent((later[0], a[1], a[2], a[3]), (a[0], 0, a[2], a[3])) is False


def test_equal_conditions_count_alike_even_when_they_are_other_objects() -> None:
    flow = _base_flow()
    a = flow.initial
    # Equal formulas as other objects: a copy of each tuple, element for element.
    copied = cast("tuple[Formula, ...]", tuple(tuple(list(f)) if isinstance(f, tuple) else f for f in a[3]))
    assert any(x is not y for x, y in zip(a[3], copied, strict=True))
    assert flow.as_urgent(a, (a[0], a[1], a[2], copied)) is True


def test_a_state_is_as_urgent_as_another_only_where_emergency_alone_ends_the_questions_when_certain() -> None:
    flow = _base_flow(URGENT_STOPS)
    a = flow.initial
    assert flow.as_urgent(a, a) is False


@pytest.mark.parametrize("kind", ["sign", "symptom"])
def test_a_yes_to_a_sign_or_symptom_is_a_positive_answer_of_its_own_class(kind: str) -> None:
    text = changed(("    kind: symptom\n    type: yesno\n", f"    kind: {kind}\n    type: yesno\n"))
    assert classes(text, "weakness") == [
        Cls(("yes",), 1, "one", positive=True, members=("yes",)),
        Cls(("no",), 1, "one", members=("no",)),
        Cls(("not_sure",), 1, "one", members=("not_sure",)),
    ]
    assert classes(text, "side") == [
        Cls(("one_side",), 1, "one", members=("one_side",)),
        Cls(("both_sides",), 1, "one", members=("both_sides",)),
    ]


@pytest.mark.parametrize(
    ("exclusive", "quiet"),
    [(("dont_know", "none"), "none"), (("dont_know", "prefer_not"), "dont_know")],
)
def test_exclusive_choices_no_rule_reads_are_one_class_shown_as_none_where_there_is_one(
    exclusive: tuple[str, ...], quiet: str
) -> None:
    listed = "".join(f"      - {{id: {cid}, label: {cid}, exclusive: true}}\n" for cid in exclusive)
    text = changed(("      - {id: none, label: None of these, exclusive: true}\n", listed))
    assert classes(text, "signs")[-1] == Cls((quiet,), 2, "exclusive")


def test_an_exclusive_choice_a_rule_reads_is_a_class_of_its_own() -> None:
    text = with_rule(rule("nothing", "signs has none", "routine"))
    assert classes(text, "signs")[-1] == Cls(("none",), 1, "exclusive")


def test_a_checklist_of_as_many_groups_as_allowed_has_every_combination() -> None:
    many = "".join(f"      - {{id: c{i}, label: C{i}}}\n" for i in range(MAX_GROUPS - 2))
    rules = "".join(rule(f"r{i}", f"signs has c{i}", "soon") for i in range(MAX_GROUPS - 2))
    text = with_rule(rules, changed(("      - {id: none, label: None of these, exclusive: true}\n", many)))
    assert len(classes(text, "signs")) == 2**MAX_GROUPS - 1


@pytest.mark.parametrize("kind", ["sign", "symptom"])
def test_marks_keep_the_yes_of_a_sign_or_symptom_apart(kind: str) -> None:
    unread = changed(
        ("    kind: symptom\n    type: yesno\n", f"    kind: {kind}\n    type: yesno\n"),
        ("    ask_if: weakness is yes\n", "    ask_if: signs has not_sure\n"),
        ("    when: weakness is yes and side is both_sides\n", "    when: side is both_sides\n"),
        ("    when: weakness is yes and side is one_side\n", "    when: side is one_side\n"),
        ("    when: weakness is not_sure\n", "    when: signs has none\n"),
    )
    assert [(c.rep, c.count) for c in classes(unread, "weakness", marks=True)] == [(("yes",), 1), (("no",), 2)]


def test_marks_give_each_red_flag_choice_no_rule_reads_a_class_of_its_own() -> None:
    text = changed(
        ("{id: cough, label: Coughing}", "{id: cough, label: Coughing, red_flag: urgent}"),
        ("{id: fever, label: Fever}", "{id: fever, label: Fever, red_flag: urgent}"),
        text=CHECKLIST,
    )
    assert [c.rep for c in classes(text, "signs", marks=False)][-2:] == [("cough",), ("none",)]
    reps = [c.rep for c in classes(text, "signs", marks=True)]
    assert ("cough",) in reps and ("fever",) in reps and ("cough", "fever") in reps


def _listed(text: str) -> list[str]:
    return [" ".join(f"{q}={','.join(a)}" for q, a in answers.items()) for answers in answer_sets(ruleset_of(text))]


# Urgent advice ends the questions once certain; an emergency rule on later answers may still be open.
STILL_OPEN = rule("late", "weakness is yes and side is both_sides and signs has not_sure", "emergency")
NEVER_FIRES = rule("late", "side is both_sides and weakness is not_sure", "emergency")  # side needs weakness yes


def test_urgent_advice_that_ends_when_certain_waits_while_an_emergency_can_still_follow() -> None:
    text = with_questions(1, with_rule(STILL_OPEN, URGENT_STOPS))
    after = [f"signs=none weakness={w} q0={x}" for w in ("no", "not_sure") for x in ("yes", "no", "not_sure")]
    assert _listed(text) == [
        # not sure of the signs is urgent, but weakness on both sides would make it an emergency: asked on
        "signs=not_sure weakness=yes side=one_side",
        "signs=not_sure weakness=yes side=both_sides",
        "signs=not_sure weakness=no",
        "signs=not_sure weakness=not_sure",
        "signs=breathing",
        "signs=breathing,not_sure",
        *(f"signs=none weakness=yes side=one_side q0={x}" for x in ("yes", "no", "not_sure")),
        "signs=none weakness=yes side=both_sides",  # urgent, and no emergency rule can fire any more
        *after,
    ]
    assert dict(analysis_of(text).levels) == {"emergency": 3, "urgent": 4, "soon": 6, "routine": 0, "none": 3}


def test_urgent_advice_that_ends_when_certain_ends_the_questions_when_no_emergency_can_follow() -> None:
    text = with_questions(1, with_rule(NEVER_FIRES, URGENT_STOPS))
    listed = _listed(text)
    # The emergency rule is still open after the signs, but no way on makes it fire: urgent is certain.
    assert listed[:3] == ["signs=not_sure", "signs=breathing", "signs=breathing,not_sure"]
    assert len(listed) == 13
    analysis = analysis_of(text)
    assert dict(analysis.levels) == {"emergency": 2, "urgent": 2, "soon": 6, "routine": 0, "none": 3}
    assert [f.message for f in analysis.errors] == ["rule 'late' fires for no answer set"]


@pytest.mark.parametrize(
    "text",
    [
        BASE,
        CHECKLIST,
        with_questions(1, with_rule(STILL_OPEN)),
        with_questions(1, with_rule(NEVER_FIRES)),
        with_rule(rule("late", "side is both_sides and signs has not_sure", "emergency"), ORACLE_CASES["has all"]),
    ],
    ids=["base", "checklist", "still open", "never fires", "has all"],
)
def test_a_level_is_certain_at_a_state_exactly_when_every_answer_set_below_it_gets_it(text: str) -> None:
    # Where only emergency ends the questions once certain, the walk's counts below each state do not
    # depend on the certainty search (an emergency so far is settled without it): they are its oracle.
    flow = _base_flow(text)
    assert flow.stopping == {0}
    ex = explore(flow)
    checked = 0
    for state, summary in ex.summary.items():
        ranks = {min(rank, NONE_RANK) for rank, n in enumerate(summary) if n}
        expected = ranks.pop() if len(ranks) == 1 else None
        assert flow.certain(state) == expected, (state, summary)
        checked += expected is None
    assert checked  # some states are mixed


@pytest.mark.parametrize(
    ("case", "check", "answers"),
    [
        ("an unread sign", "gap", {"signs": ("none",), "weakness": ("no",), "numb": ("yes",)}),
        ("an unread symptom checklist", "gap", {"signs": ("none",), "weakness": ("no",), "numb": ("hand",)}),
        # "none of these" where the answers can, then the yes the gap needs
        ("unread red flags", "gap", {"signs": ("none",), "weakness": ("yes",), "side": ("neither",)}),
        ("unread red flags", "red-flag", {"signs": ("cough",), "weakness": ("no",)}),
    ],
)
def test_an_example_says_no_and_none_of_these_wherever_the_finding_allows(
    case: str, check: str, answers: dict[str, tuple[str, ...]]
) -> None:
    found = [f for f in analysis_of(ORACLE_CASES[case]).findings if f.check == check]
    assert found[0].examples[0].answers == answers


def test_the_state_at_a_question_steps_a_skipped_question_as_passed_and_an_answered_one_with_its_class() -> None:
    # 'side' is skipped (asked only after a yes to weakness) though the rules read it.
    flow = _base_flow()
    answers = {"signs": ("none",), "weakness": ("no",)}
    passed = flow.step(flow.step(flow.step(flow.initial, flow.class_of(0, ("none",))), flow.class_of(1, ("no",))), None)
    assert flow.state_at(answers, 3) is passed
    assert flow.state_at(answers, 0) is flow.initial
