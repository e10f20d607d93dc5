"""Partial evaluation: put in what is decided, and what is left holds exactly when the condition would."""

from __future__ import annotations

from itertools import product

import pytest

from selfcheck.model import conditions
from selfcheck.model.conditions import parse
from selfcheck.model.partial import Formula, atoms, closed, compile_condition, subst

# Each test reads its own question, so every residual that is not True or False still depends on what is open.
CONDITIONS = [
    "a is x",
    "not a is x",
    "not not a is x",
    "a is x and b is y",
    "a is x or b is y",
    "a is x and b is y and c is z",
    "a is x or b is y or c is z",
    "not (a is x and b is y)",
    "not (a is x or b is y) and c is z",
    "(a is x or b is y) and not c is z",
    "a is x and not (b is y or c is z)",
    "a is x or b is y and not c is z",
    "not a is x or b is y",
    "not a is x and not b is y",
]


def answers_for(tests: list[conditions.Test], truth: dict[int, bool]) -> dict[str, tuple[str, ...]]:
    """Answers under which test i holds exactly when truth[i]; a test not in truth is on a question not asked."""
    return {t.question: (t.choices[0] if truth[i] else "other",) for i, t in enumerate(tests) if i in truth}


def numbers_in(f: Formula) -> set[int]:
    if isinstance(f, bool):
        return set()
    if f[0] == "t":
        return {f[1]}
    if f[0] == "not":
        return numbers_in(f[1])
    return {i for g in f[1] for i in numbers_in(g)}


@pytest.mark.parametrize("text", CONDITIONS)
def test_whatever_is_put_in_the_rest_decides_as_the_condition_does(text: str) -> None:
    cond = parse(text)
    index: dict[conditions.Test, int] = {}
    formula = compile_condition(cond, index)
    tests = sorted(index, key=index.__getitem__)
    n = len(tests)
    for decided in product((None, False, True), repeat=n):
        known = {i: v for i, v in enumerate(decided) if v is not None}
        rest = subst(formula, known)
        assert numbers_in(rest) <= set(range(n)) - set(known), (text, known, rest)
        # Not asked is false: closed() is the condition on the answers so far.
        assert closed(rest) is cond.holds(answers_for(tests, known)), (text, known)
        outcomes = set()
        for values in product((False, True), repeat=n):
            truth = {**dict(enumerate(values)), **known}
            holds = cond.holds(answers_for(tests, truth))
            outcomes.add(holds)
            assert subst(rest, truth) is holds, (text, truth)
        # True or False exactly when the open questions cannot change the outcome.
        assert (rest if isinstance(rest, bool) else None) == (outcomes.pop() if len(outcomes) == 1 else None)


@pytest.mark.parametrize(
    ("text", "known", "left"),
    [
        ("a is x and b is y", {0: True}, ("t", 1)),
        ("a is x or b is y", {0: False}, ("t", 1)),
        ("a is x and b is y and c is z", {1: True}, ("and", (("t", 0), ("t", 2)))),
        ("a is x or b is y or c is z", {0: False}, ("or", (("t", 1), ("t", 2)))),
        ("not (a is x and b is y)", {1: True}, ("not", ("t", 0))),
        ("not a is x", {}, ("not", ("t", 0))),
        ("(a is x or b is y) and c is z", {2: True}, ("or", (("t", 0), ("t", 1)))),
    ],
)
def test_what_is_left_is_simplified(text: str, known: dict[int, bool], left: Formula) -> None:
    # The walks tell states apart by these residuals: an 'and' of one item would be a state of its own.
    assert subst(compile_condition(parse(text), {}), known) == left


def test_a_decided_formula_stays_decided() -> None:
    assert subst(True, {0: False}) is True
    assert subst(False, {0: True}) is False
    assert (closed(True), closed(False)) == (True, False)


def test_a_decided_formula_reads_no_test() -> None:
    assert atoms(True) == []
    assert atoms(False) == []


def test_conditions_share_the_numbers_of_their_tests() -> None:
    index: dict[conditions.Test, int] = {}
    first = compile_condition(parse("a is x and not b is y"), index)
    second = compile_condition(parse("b is y or a is x"), index)
    assert first == ("and", (("t", 0), ("not", ("t", 1))))
    assert second == ("or", (("t", 1), ("t", 0)))
    assert atoms(first) == [0, 1] and atoms(second) == [1, 0] and atoms(True) == []


def test_a_formula_with_none_of_its_tests_decided_comes_back_as_itself() -> None:
    # The walks substitute into every slot that reads a question: a slot untouched makes no new tuples.
    formula = compile_condition(parse("(a is x or not b is y) and c is z"), {})
    assert subst(formula, {5: True}) is formula
    assert subst(formula, {2: True}) is formula[1][0]


def test_an_and_of_one_item_built_in_python_is_the_item() -> None:
    item = conditions.Test("a", "is", ("x",))
    assert compile_condition(conditions.All((item,)), {}) == ("t", 0)
    assert compile_condition(conditions.AnyOf((conditions.Not(item),)), {}) == ("not", ("t", 0))
