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
        ("weakness is [yes, no]", 12, "'is' takes one choice id, not a list: write 'in [...]'"),
        ("signs has [a, b]", 10, "'has' takes one choice id, not a list: write 'has any [...]' or 'has all [...]'"),
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


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a is x", "a is x"),
        ("a has x", "a has x"),
        ("a in [x]", "a in [x]"),
        ("a has any [x]", "a has any [x]"),
        ("a has all [x]", "a has all [x]"),
        ("not a is x", "not a is x"),
        ("not not a has x", "not not a has x"),
        ("not (a is x and b is y)", "not (a is x and b is y)"),
        ("not (a is x or b is y)", "not (a is x or b is y)"),
        ("(a is x or b is y) and c is z", "(a is x or b is y) and c is z"),
        ("a is x and b is y or c is z", "a is x and b is y or c is z"),
    ],
)
def test_text_brackets_exactly_where_the_meaning_needs_them(text: str, shown: str) -> None:
    assert parse(text).text() == shown
    assert parse(shown) == parse(text)


def test_a_syntax_error_reads_as_its_message() -> None:
    with pytest.raises(ConditionError, match=r"^expected a choice id but found 'and'$"):
        parse("weakness is and")


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("side is ,", 8, "expected a choice id but found ','"),
        ("side in [,]", 9, "expected a choice id but found ','"),
        ("side in [left, ]", 15, "expected a choice id but found ']'"),
        ("( is x", 2, "expected a question id but found 'is'"),
    ],
)
def test_punctuation_is_never_a_name(text: str, offset: int, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse(text)
    assert (info.value.offset, info.value.message) == (offset, message)


def test_each_name_keeps_where_it_stands() -> None:
    single, listed = parse("  side is left"), parse("side in [left,  right]")
    assert isinstance(single, conditions.Test) and isinstance(listed, conditions.Test)
    assert (single.offset, single.choice_offsets) == (2, (10,))
    assert (listed.offset, listed.choice_offsets) == (0, (9, 16))


def test_conditions_with_another_item_under_not_differ() -> None:
    assert parse("not a is x") != parse("not a is y")
    assert parse("not (a is x and b is y)") != parse("not (a is x or b is y)")


def test_equal_alternatives_are_one_set_member() -> None:
    assert len({parse("a is x or b is y"), parse("a  is x or  b is y"), parse("a is x or b is z")}) == 2


NESTED = "the condition nests 'not' and brackets more than 20 deep"


@pytest.mark.parametrize(
    "text",
    [
        "not " * 20 + "a is x",
        "(" * 20 + "a is x" + ")" * 20,
        "not (" * 10 + "a is x" + ")" * 10,
        # Nesting closed again does not count towards the next factor.
        "(a is x) and " + "not " * 20 + "b is y",
        " and ".join(["(" * 20 + "a is x" + ")" * 20] * 3),
    ],
)
def test_nesting_up_to_twenty_deep_is_accepted(text: str) -> None:
    assert parse(text).holds({"a": ("x",), "b": ("z",)}) in (True, False)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("not " * 21 + "a is x", 80),
        ("(" * 21 + "a is x" + ")" * 21, 20),
        ("not (" * 10 + "not a is x" + ")" * 10, 50),
        ("(a is x) and " + "not " * 21 + "b is y", 93),
    ],
)
def test_nesting_deeper_than_twenty_is_refused_where_it_goes_too_deep(text: str, offset: int) -> None:
    with pytest.raises(ConditionError) as info:
        parse(text)
    assert (info.value.offset, info.value.message) == (offset, NESTED)
