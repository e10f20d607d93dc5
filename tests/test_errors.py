"""Problems: the order they are told in."""

from __future__ import annotations

from selfcheck.errors import Problem, SelfcheckError


def test_problems_sort_by_place_then_by_the_order_given_there_then_by_message() -> None:
    given = [
        Problem("f.yaml", 3, 1, "no answer for 'side'", 1),
        Problem("f.yaml", 3, 1, "no answer for 'cramps'", 2),
        Problem("f.yaml", 2, 5, "z first: an earlier line"),
        Problem("f.yaml", 3, 1, "b: no order, so before the ordered ones"),
        Problem("f.yaml", 3, 1, "a: no order"),
    ]
    assert [str(p) for p in SelfcheckError(given).problems] == [
        "f.yaml:2:5: z first: an earlier line",
        "f.yaml:3:1: a: no order",
        "f.yaml:3:1: b: no order, so before the ordered ones",
        "f.yaml:3:1: no answer for 'side'",
        "f.yaml:3:1: no answer for 'cramps'",
    ]


def test_a_problem_without_an_order_reads_as_before() -> None:
    p = Problem("f.yaml", 1, 2, "m")
    assert (p.order, str(p)) == (0, "f.yaml:1:2: m")
    assert sorted([Problem("f.yaml", 1, 2, "z"), p]) == [p, Problem("f.yaml", 1, 2, "z")]
