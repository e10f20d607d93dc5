"""The condition language: parsed once, evaluated many times, never eval'd."""

from __future__ import annotations

import pytest

from selfcheck.model import conditions
from selfcheck.model.conditions import All, AnyOf, ConditionError, Not, parse, questions_read

ANSWERS = {"weakness": ("yes",), "side": ("left",), "signs": ("a", "b")}


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("weakness is yes", True),
        ("weakness is no", False),
        ("side in [left, right]", True),
        ("side in [both]", False),
        ("signs has a", True),
        ("signs has any [c, b]", True),
        ("signs has all [a, b]", True),
        ("signs has all [a, c]", False),
        ("not weakness is no", True),
        ("weakness is yes and side is right", False),
        ("weakness is no or side is left", True),
        ("not (weakness is no or side is right)", True),
        ("unasked is yes", False),
        ("not unasked is yes", True),
    ],
)
def test_conditions_evaluate_against_answers(text: str, holds: bool) -> None:
    assert parse(text).holds(ANSWERS) is holds


def test_and_binds_tighter_than_or() -> None:
    t = conditions.Test
    assert parse("a is x or b is y and c is z") == AnyOf(
        (t("a", "is", ("x",)), All((t("b", "is", ("y",)), t("c", "is", ("z",)))))
    )


def test_text_round_trips_to_the_same_tree() -> None:
    cond = parse("not (a is x or b in [p,q]) and c has all [r, s]")
    assert cond.text() == "not (a is x or b in [p, q]) and c has all [r, s]"
    assert parse(cond.text()) == cond
    assert isinstance(cond, All) and isinstance(cond.items[0], Not)


def test_questions_read_lists_every_question_named() -> None:
    assert questions_read(parse("a is x or (b is y and not c has z)")) == {"a", "b", "c"}


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("", 0, "the condition is empty"),
        ("weakness", 8, "expected 'is', 'in', 'has', 'has any' or 'has all' but found the end of the condition"),
        ("weakness iss yes", 9, "expected 'is', 'in', 'has', 'has any' or 'has all' but found 'iss'"),
        ("weakness is", 11, "expected a choice id but found the end of the condition"),
        ("weakness is yes and", 19, "expected a question id but found the end of the condition"),
        ("weakness is yes side is left", 16, "expected 'and', 'or' or the end but found 'side'"),
        ("side in [left right]", 14, "expected ',' or ']' but found 'right'"),
        ("side in left", 8, "expected '[' but found 'left'"),
        ("(weakness is yes", 16, "expected ')' but found the end of the condition"),
        ("weakness is and", 12, "expected a choice id but found 'and'"),
        ("__import__('os') is x", 10, "expected 'is', 'in', 'has', 'has any' or 'has all' but found '('"),
    ],
)
def test_syntax_errors_name_their_offset(text: str, offset: int, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse(text)
    assert (info.value.offset, info.value.message) == (offset, message)


def test_equal_conditions_ignore_where_their_names_stand() -> None:
    spaced, tight = parse("a  is  x and not (b in [p,  q])"), parse("a is x and not (b in [p, q])")
    assert spaced == tight
    assert (spaced != tight) is False  # tuple's own != would compare the offsets too
    assert hash(spaced) == hash(tight)
    assert len({spaced, tight}) == 1


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("a is x and b is y", "a is x or b is y"),
        ("not a is x", "a is x"),
        ("a has x", "a has any [x]"),
        ("a in [x, y]", "a in [y, x]"),
    ],
)
def test_conditions_of_another_meaning_differ(left: str, right: str) -> None:
    assert parse(left) != parse(right)
    assert (parse(left) == parse(right)) is False


def test_a_condition_never_equals_a_plain_tuple() -> None:
    cond = parse("a is x or b is y")
    assert cond != tuple(cond) and cond != (tuple(cond.items),)
