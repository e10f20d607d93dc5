"""Properties that hold for any input: the loader never crashes, the engine is total, deterministic and monotone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FOOTER, header, ruleset_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.engine import flow
from selfcheck.engine.answers import load_answers
from selfcheck.errors import SelfcheckError
from selfcheck.model.ruleset import LEVEL_IDS, Answers, RuleSet, level_rank
from selfcheck.render import report
from selfcheck.rulefile import file_text, strict_yaml
from selfcheck.rulefile.loader import build_ruleset, bundled_rules

FIXTURES = [HealthCheck.function_scoped_fixture]
BUNDLED_BYTES = Path(bundled_rules()).read_bytes()


def load_bytes(data: bytes, path: str = "rules.yaml") -> RuleSet:
    return build_ruleset(strict_yaml.parse(path, file_text.decode(path, data)))


def assert_loads_or_locates(data: bytes) -> None:
    """The only outcomes: a rule set, or SelfcheckError with problems that name the file."""
    try:
        ruleset = load_bytes(data)
    except SelfcheckError as e:
        assert e.problems
        for problem in e.problems:
            assert problem.path == "rules.yaml"
            assert problem.line >= 0 and problem.col >= 0
            assert problem.message
            assert (problem.line == 0) == (problem.col == 0)
    else:
        assert isinstance(ruleset, RuleSet)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_load_or_give_located_problems(data: bytes) -> None:
    assert_loads_or_locates(data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc: -[]{},'\"#&*!|>?%@`\t\n\r\x00\x85\ufeffé")), max_size=300))
def test_yaml_like_text_loads_or_gives_located_problems(text: str) -> None:
    assert_loads_or_locates(text.encode("utf-8"))


@st.composite
def mutated_rules(draw: st.DrawFn) -> bytes:
    """The bundled rule file with a few slices deleted, replaced or duplicated."""
    data = BUNDLED_BYTES
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 200)))
        how = draw(st.sampled_from(["delete", "replace", "duplicate"]))
        middle = b"" if how == "delete" else data[start:end] * 2 if how == "duplicate" else draw(st.binary(max_size=20))
        data = data[:start] + middle + data[end:]
    return data


@settings(max_examples=100, deadline=None)
@given(mutated_rules())
def test_a_damaged_rule_file_loads_or_gives_located_problems(data: bytes) -> None:
    assert_loads_or_locates(data)


@st.composite
def any_answers(draw: st.DrawFn, ruleset: RuleSet) -> Answers:
    """Well-formed answers to any subset of the questions, asked or not."""
    answers: Answers = {}
    for question in ruleset.questions:
        if not draw(st.booleans()):
            continue
        ids = question.choice_ids
        if question.type == "multiple":
            answers[question.id] = tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True)))
        else:
            answers[question.id] = (draw(st.sampled_from(ids)),)
    return answers


def walk_answers(data: st.DataObject, ruleset: RuleSet) -> Answers:
    """Complete answers drawn by following the question flow, as a person would."""
    answers: Answers = {}
    while (question := flow.next_question(ruleset, answers)) is not None:
        if question.type == "multiple":
            # An exclusive choice ('none of these') alone, or any non-empty set of the others.
            alone = [(c.id,) for c in question.choices if c.exclusive]
            others = st.lists(
                st.sampled_from([c.id for c in question.choices if not c.exclusive]), min_size=1, unique=True
            )
            answers[question.id] = tuple(data.draw(st.one_of(st.sampled_from(alone), others) if alone else others))
        else:
            answers[question.id] = (data.draw(st.sampled_from(question.choice_ids)),)
    return answers


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_any_answers_give_exactly_one_level_and_the_same_every_time(bundled: RuleSet, data: st.DataObject) -> None:
    answers = data.draw(any_answers(bundled))
    first = flow.evaluate(bundled, answers)
    assert first.level.id in LEVEL_IDS
    assert first.level == bundled.level(first.level.id)
    # The level is the most urgent among the rules that fired, and 'none' only when nothing fired.
    assert first.level.id == min((r.level for r in first.fired), key=level_rank, default="none")
    again = flow.evaluate(bundled, dict(reversed(list(answers.items()))))
    assert again == first


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_the_answers_in_a_result_rerun_to_the_same_result(
    bundled: RuleSet, tmp_path: Path, data: st.DataObject
) -> None:
    result = flow.evaluate(bundled, walk_answers(data, bundled))
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(report.result_data(result)["answers"]), encoding="utf-8")
    rerun = flow.evaluate(bundled, load_answers(bundled, str(path)).strict())
    assert rerun == result
    assert report.render_json(rerun) == report.render_json(result)


# Generated rule files whose rules test only for 'yes' (or 'yes' and 'not sure'), joined with and/or: answering
# yes instead of no can only make more tests hold, so the level must never become less urgent. Only emergency
# rules may stop the questions: a stop at a lower level could hide a more urgent answer.
@st.composite
def positive_rule_files(draw: st.DrawFn) -> str:
    count = draw(st.integers(2, 6))
    names = [f"q{i}" for i in range(count)]

    def test(among: list[str]) -> str:
        name = draw(st.sampled_from(among))
        return f"{name} is yes" if draw(st.booleans()) else f"{name} in [yes, not_sure]"

    def condition(among: list[str]) -> str:
        terms = [
            " and ".join(test(among) for _ in range(draw(st.integers(1, 2)))) for _ in range(draw(st.integers(1, 2)))
        ]
        return " or ".join(f"({t})" if len(terms) > 1 and " and " in t else t for t in terms)

    lines = [header(), "questions:"]
    for i, name in enumerate(names):
        lines += [f"  - id: {name}", "    kind: symptom", "    type: yesno", "    text: Q?", "    help: H."]
        lines += [f"    summary: S{i}"]
        if i and draw(st.booleans()):
            lines += [f"    ask_if: {condition(names[:i])}"]
    lines += ["rules:"]
    for i in range(draw(st.integers(1, 6))):
        level = draw(st.sampled_from(LEVEL_IDS[:4]))
        lines += [f"  - id: r{i}", f"    when: {condition(names)}", f"    level: {level}", "    message: M."]
        lines += ["    rationale: R.", "    sources: [SRC]"]
        if level == "emergency" and draw(st.booleans()):
            lines += ["    stop: true"]
    return "\n".join(lines) + "\n" + FOOTER


def check_monotone(text: str, data: st.DataObject) -> None:
    ruleset = ruleset_from(text)
    answers = {q.id: (data.draw(st.sampled_from(q.choice_ids)),) for q in ruleset.questions}
    before = flow.evaluate(ruleset, answers).level.id
    for qid in [q for q, ids in answers.items() if ids == ("no",)]:
        after = flow.evaluate(ruleset, {**answers, qid: ("yes",)}).level.id
        assert level_rank(after) <= level_rank(before), (qid, answers)


@settings(max_examples=100, deadline=None)
@given(text=positive_rule_files(), data=st.data())
def test_yes_instead_of_no_never_lowers_the_level_on_generated_rule_files(text: str, data: st.DataObject) -> None:
    check_monotone(text, data)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(text=positive_rule_files(), data=st.data())
def test_yes_instead_of_no_never_lowers_the_level_on_many_generated_rule_files(text: str, data: st.DataObject) -> None:
    check_monotone(text, data)
