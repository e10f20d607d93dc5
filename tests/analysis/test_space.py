"""Answer classes: interchangeable answers grouped by what the conditions read, counts that add up."""

from __future__ import annotations

import pytest
from analysis_files import BASE, TODAY, answer_sets, changed, rule, ruleset_of, with_rule

from selfcheck.analysis.orchestrate import analyze
from selfcheck.engine.space import Cls, build_domains
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
    assert [f.message for f in analysis.errors] == [
        "question 'signs' has 19 independently read groups of choices: too many to check every combination"
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
