"""Answers files: the same checks as the questions, each problem located."""

from __future__ import annotations

import itertools
from math import prod
from pathlib import Path

import pytest
from conftest import MINI, rule_file, ruleset_from

from selfcheck.engine import flow, gaps
from selfcheck.engine.answers import MAX_ANSWERS_BYTES, Reading, load_answers
from selfcheck.errors import Problem, SelfcheckError
from selfcheck.model.ruleset import Answers, Question, RuleSet


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_yaml_answers_with_unquoted_yes_and_no(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: [none]\nweakness: yes\nside: left\n")
    assert load_answers(mini, path).answers == {"signs": ("none",), "weakness": ("yes",), "side": ("left",)}


def test_json_answers_with_tabs(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, '{\n\t"signs": ["none"],\n\t"weakness": "no"\n}\n', "a.json")
    assert load_answers(mini, path).answers == {"signs": ("none",), "weakness": ("no",)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- none\n", ["1:1: answers must be a mapping of question id to choice id (or a list of ids), not a list"]),
        ("signs: [none]\nweaknes: yes\n", ["2:1: unknown question 'weaknes' (did you mean 'weakness'?)"]),
        (
            "signs: [none]\nweakness: yse\n",
            ["2:11: question 'weakness' has no choice 'yse' (did you mean 'yes'?) (choices: yes, no, not_sure)"],
        ),
        ("signs: [none]\nweakness: true\n", ["2:11: an answer must be a choice id, not a boolean (true)"]),
        ("signs: [none]\nweakness: [yes, no]\n", ["2:11: question 'weakness' takes one answer, not a list"]),
        ("signs: []\nweakness: no\n", ["1:8: question 'signs' needs at least one choice"]),
        (
            "signs: [none]\nweakness: yes\n",
            ["3:1: no answer for question 'side', which these answers lead to (choices: left, right, both)"],
        ),
        ("signs: [none\n", ["2:1: the [ opened at line 1, column 8 is not closed (or a ',' is missing)"]),
    ],
)
def test_bad_answers_are_located(mini: RuleSet, tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path, text)
    assert problem_lines(mini, path) == [f"{path}:{line}" for line in expected]


def problem_lines(ruleset: RuleSet, path: str) -> list[str]:
    """The problems an answers file gives: raised when it cannot be read, else returned with the answers."""
    try:
        reading = load_answers(ruleset, path)
    except SelfcheckError as e:
        return [str(p) for p in e.problems]
    assert reading.problems
    return [str(p) for p in reading.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signs: [none]\nweakness: no\nside: left\n", "3:1: question 'side' is not asked with these answers"),
        (
            "signs: [breathing]\nweakness: yes\n",
            "2:1: question 'weakness' comes after rule 'breathing' ended the questions",
        ),
    ],
)
def test_answers_the_flow_does_not_ask_are_ignored_with_a_warning(
    mini: RuleSet, tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    reading = load_answers(mini, path)
    assert reading.complete
    assert reading.problems == ()
    assert [str(w) for w in reading.warnings] == [f"{path}:{expected}; its answer is ignored"]


def test_none_of_these_ticked_with_a_sign_counts_the_sign_and_says_so(mini: RuleSet, tmp_path: Path) -> None:
    # As plain mode reads "None of these" typed with a sign: the sign is never dropped.
    path = write(tmp_path, "signs: [none, not_sure]\nweakness: no\n")
    reading = load_answers(mini, path)
    assert reading.answers == {"signs": ("not_sure",), "weakness": ("no",)}
    assert reading.problems == ()
    assert [str(w) for w in reading.warnings] == [
        f"{path}:1:8: 'none' is ticked with other choices, which it excludes: 'not_sure' counted, 'none' ignored"
    ]


def test_an_emergency_sign_ticked_with_none_of_these_gives_the_emergency_result(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: [breathing, none, not_sure]\n")
    reading = load_answers(mini, path)
    assert reading.answers == {"signs": ("breathing", "not_sure")}
    assert reading.complete and reading.problems == ()
    assert [str(w) for w in reading.warnings] == [
        f"{path}:1:8: 'none' is ticked with other choices, which it excludes: 'breathing', 'not_sure' counted, "
        "'none' ignored"
    ]


def test_none_of_these_ticked_with_a_typo_is_still_a_problem(mini: RuleSet, tmp_path: Path) -> None:
    # Nothing else ticked is a choice, so nothing can be counted instead: the typo is what to fix.
    path = write(tmp_path, "signs: [none, breathng]\nweakness: no\n")
    assert problem_lines(mini, path) == [
        f"{path}:1:8: 'none' cannot be combined with other choices",
        f"{path}:1:15: question 'signs' has no choice 'breathng' (did you mean 'breathing'?) "
        "(choices: breathing, not_sure, none)",
    ]


def test_a_single_choice_given_as_a_plain_id_for_a_checklist_is_accepted(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: none\nweakness: no\n")
    assert load_answers(mini, path).answers["signs"] == ("none",)


def test_binary_junk_is_refused_with_a_place(mini: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\x00\xff\xfe\x01junk")
    with pytest.raises(SelfcheckError) as info:
        load_answers(mini, str(path))
    assert str(info.value.problems[0]) == f"{path}:1:2: byte 0xff is not UTF-8; save the file as UTF-8"


def test_an_answers_file_cannot_skip_the_emergency_signs(bundled: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "age: under_18\n")
    # Every other missing answer is listed too; the emergency signs come first, before the answer given.
    assert problem_lines(bundled, path)[0] == (
        f"{path}:1:1: no answer for question 'urgent_signs', which these answers lead to "
        f"(choices: {', '.join(bundled.question('urgent_signs').choice_ids)})"
    )


PARTIAL_RULES = rule_file(
    """\
questions:
  - {id: signs, section: S, kind: sign, type: yesno, text: Signs?, help: H., summary: Signs}
  - {id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness}
  - id: side
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: Which side?
    help: H.
    summary: Side
    choices: [{id: left, label: Left}, {id: right, label: Right}]
  - {id: cramps, kind: symptom, type: yesno, text: Cramps?, help: H., summary: Cramps}
  - {id: cramps_where, kind: symptom, type: yesno, ask_if: cramps is yes, text: Legs?, help: H., summary: Where}
rules:
  - {id: r, when: signs is yes, level: emergency, message: Call., rationale: R., sources: [SRC], stop: true}
"""
)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param(
            "signs: no\nweakness: yes\n",
            [
                "3:1: no answer for question 'side', which these answers lead to (choices: left, right)",
                "3:1: no answer for question 'cramps', which these answers lead to (choices: yes, no, not_sure)",
            ],
            id="every missing answer at the end of the file, in the order they are asked",
        ),
        pytest.param(
            "# my answers\nweakness: no\ncramps: yes\n",
            [
                "2:1: no answer for question 'signs', which these answers lead to (choices: yes, no, not_sure)",
                "4:1: no answer for question 'cramps_where', which these answers lead to (choices: yes, no, not_sure)",
            ],
            id="each before the answer that follows it",
        ),
        pytest.param(
            '{"signs": "no", "weakness": "no"}',
            ["1:34: no answer for question 'cramps', which these answers lead to (choices: yes, no, not_sure)"],
            id="a file without a final line break",
        ),
    ],
)
def test_a_partial_answers_file_names_every_missing_answer_at_once(
    tmp_path: Path, answers: str, expected: list[str]
) -> None:
    ruleset = ruleset_from(PARTIAL_RULES)
    path = write(tmp_path, answers)
    assert problem_lines(ruleset, path) == [f"{path}:{line}" for line in expected]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("weaknes", " (did you mean 'weakness'?)"),
        ("cramp", " (did you mean 'cramps' or 'cramps_where'?)"),
        ("cramps_wher", " (did you mean 'cramps_where' or 'cramps'?)"),
        ("sid", " (did you mean 'side'?)"),
        ("fever", ""),
    ],
)
def test_an_unknown_question_id_suggests_close_ids_and_ids_with_the_same_start(
    tmp_path: Path, name: str, suggestion: str
) -> None:
    path = write(tmp_path, f"signs: no\n{name}: no\n")
    assert problem_lines(ruleset_from(PARTIAL_RULES), path)[0] == f"{path}:2:1: unknown question '{name}'{suggestion}"


# Emergency from a sudden weakness, whatever the age; at the age 'child' with a sign, emergency too.
GAP_RULES = rule_file(
    """\
questions:
  - {id: signs, section: S, kind: sign, type: yesno, text: Signs?, help: H., summary: Signs}
  - id: age
    kind: context
    type: single
    text: Age?
    help: H.
    summary: Age
    choices: [{id: child, label: Child}, {id: adult, label: Adult}]
  - {id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness}
  - {id: sudden, kind: symptom, type: yesno, ask_if: weakness is yes, text: Sudden?, help: H., summary: Sudden}
rules:
  - {id: r, when: signs is yes, level: emergency, message: Call., rationale: R., sources: [SRC], stop: true}
  - {id: s, when: sudden is yes, level: emergency, message: Call now., rationale: R., sources: [SRC]}
  - {id: c, when: age is child and weakness is yes, level: emergency, message: Call., rationale: R., sources: [SRC]}
"""
)


@pytest.mark.parametrize(
    ("answers", "complete"),
    [
        pytest.param("signs: no\nage: adlt\nweakness: yes\nsudden: yes\n", True, id="a typo in the age"),
        pytest.param("signs: no\nweakness: yes\nsudden: yes\n", True, id="no age at all"),
        pytest.param("signs: no\nage: adlt\nweakness: yes\nsudden: no\n", False, id="emergency only for a child"),
        pytest.param("signs: no\nage: adlt\nweakness: no\n", False, id="nothing urgent given"),
        pytest.param("signs: maybe\nage: adult\nweakness: yes\nsudden: yes\n", True, id="a typo in the sign"),
    ],
)
def test_a_bad_answer_does_not_hold_back_emergency_advice_the_others_make_certain(
    tmp_path: Path, answers: str, complete: bool
) -> None:
    """The result is given when every way of answering the open question gives emergency; never otherwise."""
    reading = load_answers(ruleset_from(GAP_RULES), str(write(tmp_path, answers)))
    assert (reading.complete, bool(reading.problems)) == (complete, True)


def checklist(n: int, exclusive: bool = False) -> str:
    """A checklist question 'many' of n plain choices c0, c1, ..., and 'None of these' after them if exclusive."""
    choices = [f"{{id: c{i}, label: C{i}}}" for i in range(n)]
    choices += ["{id: none, label: None of these, exclusive: true}"] if exclusive else []
    return f"  - {{id: many, kind: symptom, type: multiple, text: Any?, help: H., summary: Many, choices: [{', '.join(choices)}]}}\n"


def fillings_file(ages: int, many: str) -> RuleSet:
    """Emergency from a sudden weakness; before it, an age of `ages` bands and the checklist `many`, read by no rule."""
    bands = ", ".join(f"{{id: a{i}, label: A{i}}}" for i in range(ages))
    return ruleset_from(
        rule_file(
            f"""\
questions:
  - {{id: age, kind: context, type: single, text: Age?, help: H., summary: Age, choices: [{bands}]}}
{many}  - {{id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness}}
  - {{id: sudden, kind: symptom, type: yesno, text: Sudden?, help: H., summary: Sudden}}
rules:
  - {{id: s, when: weakness is yes and sudden is yes, level: emergency, message: Call., rationale: R., sources: [SRC]}}
"""
        )
    )


def every_way(question: Question) -> list[tuple[str, ...]]:
    """Every answer a person could give: one choice, or any set of ticks the checklist allows."""
    ids = question.choice_ids
    if question.type != "multiple":
        return [(c,) for c in ids]
    subsets = [tuple(c for i, c in enumerate(ids) if mask >> i & 1) for mask in range(1, 1 << len(ids))]
    return [s for s in subsets if question.without_exclusive(list(s)) == list(s)]


def emergency_every_way(ruleset: RuleSet, given: Answers) -> bool:
    """The oracle: emergency now, and for every way of answering each open question the flow comes to."""
    if flow.evaluate(ruleset, given).level.id != "emergency":
        return False
    todo = [dict(given)]
    while todo:
        answers = todo.pop()
        question = flow.walk(ruleset, answers)[1]
        if question is None:
            if flow.evaluate(ruleset, answers).level.id != "emergency":
                return False
            continue
        todo.extend({**answers, question.id: way} for way in every_way(question))
    return True


SUDDEN = {"weakness": ("yes",), "sudden": ("yes",)}
ORACLE_FILES = {
    "gap rules": GAP_RULES,
    "not adult": GAP_RULES.replace(
        "when: age is child and weakness is yes", "when: not age is adult and weakness is yes"
    ),
    "a sign stops at level none": GAP_RULES.replace(
        "level: emergency, message: Call., rationale: R., sources: [SRC], stop: true",
        "level: none, message: Not for you., rationale: R., sources: [SRC], stop: true",
    ),
    "checklist read by rules": GAP_RULES.replace(
        "questions:\n", "questions:\n" + checklist(4, exclusive=True), 1
    ).replace(
        "rules:\n",
        "rules:\n  - {id: m, when: 'many has all [c0, c1]', level: emergency, message: Call., rationale: R., sources: [SRC], stop: true}\n  - {id: n, when: many has c2, level: none, message: Fine., rationale: R., sources: [SRC], stop: true}\n",
        1,
    ),
}


@pytest.mark.parametrize("name", ORACLE_FILES)
def test_emergency_whatever_the_gaps_is_what_trying_every_way_of_filling_them_says(name: str) -> None:
    ruleset = ruleset_from(ORACLE_FILES[name])
    # Every set of given answers: each question left open or answered any way it can be.
    questions = ruleset.questions
    choices = [[None, *every_way(q)] for q in questions]
    said = []
    for picks in itertools.product(*choices):
        given = {q.id: pick for q, pick in zip(questions, picks, strict=True) if pick is not None}
        expected = emergency_every_way(ruleset, given)
        assert gaps.emergency_whatever_the_gaps(ruleset, given) == expected, given
        said.append(expected)
    assert len(said) == prod(len(c) for c in choices) > 100
    assert set(said) == {True, False}  # both answers are met, so the comparison can fail either way


def test_a_long_checklist_left_open_is_filled_every_way_by_its_classes() -> None:
    # Sixteen choices read by no rule (once, more than 8 were never tried and the person was asked instead).
    assert gaps.emergency_whatever_the_gaps(fillings_file(3, checklist(16)), SUDDEN)
    assert not gaps.emergency_whatever_the_gaps(fillings_file(3, checklist(16)), {**SUDDEN, "sudden": ("no",)})


def test_a_checklist_too_large_to_search_is_asked_for_not_assumed() -> None:
    # Seventeen choices, each read by a rule of its own: more groups than the search takes (classes.MAX_GROUPS).
    many = checklist(17)
    ruleset = fillings_file(2, many)
    reading = "".join(
        f"  - {{id: m{i}, when: many has c{i}, level: routine, message: M., rationale: R., sources: [SRC]}}\n"
        for i in range(17)
    )
    wide = ruleset_from(
        rule_file(
            "questions:\n"
            "  - {id: age, kind: context, type: single, text: Age?, help: H., summary: Age, choices: [{id: a0, label: A0}, {id: a1, label: A1}]}\n"
            f"{many}"
            "  - {id: weakness, kind: symptom, type: yesno, text: Weak?, help: H., summary: Weakness}\n"
            "  - {id: sudden, kind: symptom, type: yesno, text: Sudden?, help: H., summary: Sudden}\n"
            "rules:\n"
            "  - {id: s, when: weakness is yes and sudden is yes, level: emergency, message: Call., rationale: R., sources: [SRC]}\n"
            f"{reading}"
        )
    )
    assert gaps.emergency_whatever_the_gaps(ruleset, SUDDEN)  # read by no rule: one group, searched
    assert flow.evaluate(wide, SUDDEN).level.id == "emergency"
    assert not gaps.emergency_whatever_the_gaps(wide, SUDDEN)  # too many groups: the person is asked


def test_an_open_red_flag_checklist_of_the_bundled_file_does_not_hold_back_a_sudden_weakness_today(
    bundled: RuleSet,
) -> None:
    # Every one of its 16 choices gives emergency with these answers; the file once was refused for leaving it out.
    given = {
        "age": ("age_40_59",),
        "diagnosed": ("no",),
        "weakness": ("yes",),
        "grip": ("no",),
        "numbness": ("no",),
        "course": ("sudden",),
        "sudden_when": ("today",),
    }
    assert gaps.emergency_whatever_the_gaps(bundled, given)
    assert all(
        flow.evaluate(bundled, {"urgent_signs": way, **given}).level.id == "emergency"
        for way in [(c,) for c in bundled.question("urgent_signs").choice_ids]
    )


NOT_ADULT = GAP_RULES.replace("when: age is child and weakness is yes", "when: not age is adult and weakness is yes")


def test_emergency_does_not_hold_whatever_the_gaps_when_one_way_of_filling_them_undoes_it() -> None:
    ruleset = ruleset_from(
        NOT_ADULT.replace("{id: adult, label: Adult}", "{id: adult, label: Adult}, {id: old, label: Old}")
    )
    given = {"signs": ("no",), "weakness": ("yes",), "sudden": ("no",)}
    # With no age, 'not age is adult' holds: emergency now, but an adult would not get it.
    assert flow.evaluate(ruleset, given).level.id == "emergency"
    assert not gaps.emergency_whatever_the_gaps(ruleset, given)
    # Sudden weakness gives emergency at every age.
    assert gaps.emergency_whatever_the_gaps(ruleset, {**given, "sudden": ("yes",)})
    assert gaps.unanswered(ruleset, given) == [ruleset.question("age")]


def test_strict_answers_refuse_any_problem_and_an_unfinished_flow(mini: RuleSet, tmp_path: Path) -> None:
    assert load_answers(mini, write(tmp_path, "signs: [none]\nweakness: no\n")).strict() == {
        "signs": ("none",),
        "weakness": ("no",),
    }
    # Complete (the emergency sign ends the questions) but with a problem.
    with pytest.raises(SelfcheckError) as info:
        load_answers(mini, write(tmp_path, "signs: [breathing, breathing]\n")).strict()
    assert [p.message for p in info.value.problems] == ["a choice is listed twice"]
    # No problem in what is there, but the side is still to be answered.
    reading = load_answers(mini, write(tmp_path, "signs: [none]\nweakness: yes\n"))
    with pytest.raises(SelfcheckError) as info:
        reading._replace(problems=()).strict()
    assert info.value.problems == ()


def test_a_json_answers_file_may_have_tabs_where_yaml_allows_none(mini: RuleSet, tmp_path: Path) -> None:
    text = '\t{"signs": ["none"], "weakness": "no"}\n'
    reading = load_answers(mini, write(tmp_path, text, "a.json"))
    assert (reading.answers, reading.complete, reading.problems) == (
        {"signs": ("none",), "weakness": ("no",)},
        True,
        (),
    )
    # As YAML the same text is refused at its tab.
    path = write(tmp_path, text, "a.yaml")
    with pytest.raises(SelfcheckError) as info:
        load_answers(mini, path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:1:1: a tab character is not allowed here; indent with spaces"
    ]


@pytest.mark.parametrize(
    "inside",
    [
        pytest.param("  no\n  not_sure\n", id="indented lines"),
        pytest.param("# one\n# two\n", id="comments"),
        pytest.param("\n\n", id="blank lines"),
    ],
)
def test_answers_above_a_bracket_left_open_are_read_when_the_lines_inside_it_start_no_answer(
    mini: RuleSet, tmp_path: Path, inside: str
) -> None:
    # The cut is made before a line that starts a top-level answer: the lines inside the bracket start none.
    path = write(tmp_path, f"signs: [breathing]\nweakness: [yes,\n{inside}side: left\n")
    reading = load_answers(mini, path)
    assert (reading.answers, reading.complete) == ({"signs": ("breathing",)}, True)
    assert [p.message for p in reading.problems] == [
        "the [ opened at line 2, column 11 is not closed (or a ',' is missing)"
    ]


def test_only_the_last_three_places_above_a_syntax_error_are_tried_as_cuts(mini: RuleSet, tmp_path: Path) -> None:
    # The bracket opened on line 2 is found open on line 5: cuts before lines 5, 4 and 3 all leave it open.
    path = write(tmp_path, "signs: [breathing]\nweakness: [yes,\nno,\nnot_sure\n")
    with pytest.raises(SelfcheckError) as info:
        load_answers(mini, path)
    assert [p.message for p in info.value.problems] == [
        "the [ opened at line 2, column 11 is not closed (or a ',' is missing)"
    ]
    # One line fewer, and the cut before line 2 is among them.
    reading = load_answers(mini, write(tmp_path, "signs: [breathing]\nweakness: [yes,\nnot_sure\n"))
    assert (reading.answers, reading.complete) == ({"signs": ("breathing",)}, True)


def test_a_choice_listed_twice_is_a_problem_at_the_list_and_counts_once(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: [breathing, breathing]\n")
    reading = load_answers(mini, path)
    assert reading.answers == {"signs": ("breathing",)}
    assert [str(p) for p in reading.problems] == [f"{path}:1:8: a choice is listed twice"]


def test_a_blank_answer_names_the_choices_that_can_go_there(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: [none]\nweakness:\n")
    reading = load_answers(mini, path)
    assert reading.answers == {"signs": ("none",)}
    assert [str(p) for p in reading.problems] == [
        f"{path}:2:10: question 'weakness' has no answer yet (choices: yes, no, not_sure)"
    ]


def test_an_unknown_question_first_leaves_the_answers_after_it_read(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "fever: yes\nsigns: [none]\nweakness: no\n")
    reading = load_answers(mini, path)
    assert (reading.answers, reading.complete) == ({"signs": ("none",), "weakness": ("no",)}, True)
    assert [str(p) for p in reading.problems] == [f"{path}:1:1: unknown question 'fever'"]


def test_a_bad_choice_in_a_second_answer_to_one_question_is_a_problem_too(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: [none]\nweakness: no\nweakness: maybe\n")
    reading = load_answers(mini, path)
    assert reading.answers == {"signs": ("none",)}
    assert [str(p) for p in reading.problems] == [
        f"{path}:3:1: duplicate key 'weakness' (first at line 2)",
        f"{path}:3:11: question 'weakness' has no choice 'maybe' (choices: yes, no, not_sure)",
    ]


def test_two_exclusive_choices_ticked_together_count_nothing_and_say_so(mini: RuleSet, tmp_path: Path) -> None:
    ruleset = ruleset_from(
        MINI.replace("{id: not_sure, label: Not sure}", "{id: not_sure, label: Not sure, exclusive: true}")
    )
    path = write(tmp_path, "signs: [not_sure, none]\nweakness: no\n")
    reading = load_answers(ruleset, path)
    assert reading.answers == {"weakness": ("no",)}
    assert [str(w) for w in reading.warnings] == [
        f"{path}:1:8: 'not_sure' is ticked with other choices, which it excludes: nothing counted, 'not_sure' ignored"
    ]


def test_answers_that_are_not_a_mapping_give_no_answers_and_no_result(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "- none\n")
    message = "answers must be a mapping of question id to choice id (or a list of ids), not a list"
    assert load_answers(mini, path) == Reading({}, False, (), (Problem(path, 1, 1, message),))


def test_a_missing_answer_is_placed_before_the_next_answer_the_flow_keeps_not_one_it_ignores(
    mini: RuleSet, tmp_path: Path
) -> None:
    # The side is asked only after a yes to weakness: its answer is not kept, so the gap is at the end.
    path = write(tmp_path, "signs: [none]\nside: left\n")
    assert [str(p) for p in load_answers(mini, path).problems] == [
        f"{path}:3:1: no answer for question 'weakness', which these answers lead to (choices: yes, no, not_sure)"
    ]


def test_a_json_answers_file_with_a_repeated_key_is_read_with_the_problem_located(
    mini: RuleSet, tmp_path: Path
) -> None:
    path = write(tmp_path, '{"signs": ["none"], "signs": ["none"], "weakness": "no"}\n', "a.json")
    reading = load_answers(mini, path)
    assert (reading.answers, reading.complete) == ({"signs": ("none",), "weakness": ("no",)}, True)
    assert [str(p) for p in reading.problems] == [f"{path}:1:21: duplicate key 'signs' (first at line 1)"]


def test_an_answers_file_over_256_kib_is_refused(mini: RuleSet, tmp_path: Path) -> None:
    path = write(tmp_path, "signs: [none]\nweakness: no\n" + "#" * MAX_ANSWERS_BYTES + "\n")
    with pytest.raises(SelfcheckError) as info:
        load_answers(mini, path)
    assert [str(p) for p in info.value.problems] == [f"{path}: file is too large (over {MAX_ANSWERS_BYTES} bytes)"]


def test_the_answers_above_a_syntax_error_keep_their_own_problems(mini: RuleSet, tmp_path: Path) -> None:
    # The cut before line 3 keeps the repeated key, and says so, rather than going further up to avoid it.
    path = write(tmp_path, "signs: [breathing]\nsigns: [breathing]\nweakness: [yes,\n")
    reading = load_answers(mini, path)
    assert (reading.answers, reading.complete) == ({"signs": ("breathing",)}, True)
    assert [str(p) for p in reading.problems] == [
        f"{path}:2:1: duplicate key 'signs' (first at line 1)",
        f"{path}:4:1: a value is missing here (after a ',', a ':' or a '-', or at the end)",
    ]


def test_answers_above_a_bracket_left_open_are_read_past_lines_inside_it_that_start_with_a_tab(
    mini: RuleSet, tmp_path: Path
) -> None:
    # Tabs are allowed inside brackets; a line starting with one starts no answer.
    path = write(tmp_path, "signs: [breathing]\nweakness: [yes,\n\tno,\n\tnot_sure\nside: left\n")
    reading = load_answers(mini, path)
    assert (reading.answers, reading.complete) == ({"signs": ("breathing",)}, True)
    assert [p.message for p in reading.problems] == [
        "the [ opened at line 2, column 11 is not closed (or a ',' is missing)"
    ]
