"""`selfcheck analyze` counts the questions asked after the level was already certain, and checks the bound."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import ruleset_from
from test_certainty import (
    EARLY,
    LATE,
    QUESTIONS,
    RULES,
    SPLIT,
    URGENT_STOPS,
    asked,
    expected_stop,
    head,
    rules,
    ways_on,
)

from selfcheck.analysis.orchestrate import analyze
from selfcheck.model.ruleset import LEVEL_IDS, Answers, RuleSet
from selfcheck.render.findings import render

TODAY = datetime.date(2026, 6, 1)
# Emergency is certain after onset, but neither rule holds before cramps is answered, so cramps is asked.
NEEDS_CRAMPS = SPLIT.replace("not cramps is yes", "cramps in [no, not_sure]")


def without_sudden_weakness(ruleset: RuleSet) -> RuleSet:
    return ruleset._replace(rules=tuple(r for r in ruleset.rules if r.id != "sudden_weakness"))


def worst(ruleset: RuleSet) -> dict[str, tuple[int, str]]:
    return {a.level: (a.worst, a.first) for a in analyze(ruleset, TODAY).after_certain}


def brute_force_worst(ruleset: RuleSet) -> dict[str, int]:
    """Per level: the most questions any answer set asks after the first point where its level was certain,
    by listing every answer set and every way on from every point along it."""
    out: dict[str, int] = {}
    for full in ways_on(ruleset, {}, 0):
        final = asked(ruleset, full)
        answers: Answers = {q: full[q] for q in final}
        level = level_of_answers(ruleset, answers)
        for n in range(len(final) + 1):
            prefix = {q: answers[q] for q in final[:n]}
            start = ruleset.questions.index(ruleset.question(final[n])) if n < len(final) else len(ruleset.questions)
            if all(level_of_answers(ruleset, way) == level for way in ways_on(ruleset, prefix, start)):
                out[level] = max(out.get(level, 0), len(final) - n)
                break
    return out


def level_of_answers(ruleset: RuleSet, answers: Answers) -> str:
    ranks = [LEVEL_IDS.index(r.level) for r in ruleset.rules if r.when.holds(answers)]
    return LEVEL_IDS[min(ranks, default=4)]


def test_emergency_that_ends_the_questions_leaves_nothing_asked_after_it_was_certain() -> None:
    assert worst(rules(EARLY))["emergency"] == (0, "")
    assert worst(rules(LATE))["emergency"] == (0, "")


def test_a_question_asked_only_because_no_rule_holds_yet_is_counted() -> None:
    ruleset = without_sudden_weakness(rules(EARLY, extra=NEEDS_CRAMPS))
    assert worst(ruleset)["emergency"] == (1, "cramps")


def test_levels_that_do_not_end_the_questions_show_how_much_is_asked_after_them() -> None:
    assert worst(rules(EARLY))["urgent"] == (3, "cramps")  # unsure signs, no weakness: cramps, twitching, numbness
    assert worst(rules(EARLY, levels=URGENT_STOPS))["urgent"] == (0, "")


@pytest.mark.parametrize(
    "ruleset",
    [
        rules(EARLY),
        rules(LATE),
        rules(EARLY, levels=URGENT_STOPS),
        without_sudden_weakness(rules(EARLY, extra=NEEDS_CRAMPS)),
    ],
    ids=["early", "late", "urgent marked", "needs cramps"],
)
def test_the_worst_cases_equal_those_of_every_answer_set_one_by_one(ruleset: RuleSet) -> None:
    assert {level: n for level, (n, _) in worst(ruleset).items()} == brute_force_worst(ruleset)
    for full in ways_on(ruleset, {}, 0):  # the flow the analysis walks is the engine's
        assert asked(ruleset, full) == list(expected_stop(ruleset, full))


def bounded(bound: int | None) -> RuleSet:
    """The needs-cramps file with the sudden_weakness rule taken out of its text, and a bound on emergency."""
    levels = None if bound is None else {"emergency": {"max_questions_after_certain": str(bound)}}
    sudden = RULES[RULES.index("  - id: sudden_weakness") : RULES.index("  - id: weakness\n")]
    return ruleset_from(head(levels) + "".join(QUESTIONS[q] for q in EARLY) + RULES.replace(sudden, "") % NEEDS_CRAMPS)


def test_exceeding_the_bound_is_a_located_error_with_an_example() -> None:
    ruleset = bounded(0)
    analysis = analyze(ruleset, TODAY)
    assert [f.located("rules.yaml") for f in analysis.errors] == [
        "rules.yaml:15:87: error: at most 0 questions may be asked after 'emergency' is certain; these answers "
        "ask 1 question after it was, from 'cramps' on [after-certain]"
    ]
    text = render(analysis, ruleset)
    assert "    answers (emergency): signs: [none]; weakness: yes; onset: sudden; cramps: no\n" in text
    assert "most questions asked after the level was certain: emergency 1 (from 'cramps'), urgent 3" in text
    assert (
        "  emergency: 1 question after it was certain, from 'cramps' on, for example (as an answers file):\n"
        "      signs: [none]\n      weakness: yes\n      onset: sudden\n      cramps: no\n"
    ) in text
    assert (
        "FAILED: 1 of 1 bound on the questions asked after a level is certain exceeded (see the errors above)\n" in text
    )


def test_a_bound_that_holds_is_no_finding_and_json_reports_every_level() -> None:
    analysis = analyze(bounded(1), TODAY)
    assert analysis.errors == ()
    text = render(analysis, bounded(None))
    assert "proved: each level's bound on the questions asked after it is certain holds over every answer set\n" in text
    data = json.loads(render(analysis, bounded(None), "json"))
    assert data["after_certain"]["emergency"] == {
        "worst": 1,
        "first": "cramps",
        "example": {
            "answers": {
                "signs": ["none"],
                "weakness": ["yes"],
                "onset": ["sudden"],
                "cramps": ["no"],
            },
            "level": "emergency",
        },
    }
    assert list(data["after_certain"]) == list(LEVEL_IDS)
