"""Wording patterns: what reads as a diagnosis, odds or treatment advice, and what does not."""

from __future__ import annotations

import pytest

from selfcheck.wording import Hit, hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You have a trapped nerve.", [Hit("a diagnosis", 0, "You have")]),
        ("you might have a nerve problem", [Hit("a diagnosis", 0, "you might have")]),
        ("This is consistent with a nerve problem.", [Hit("a diagnosis", 5, "is consistent with")]),
        ("Weak grip suggests a nerve problem.", [Hit("a diagnosis", 10, "suggests")]),
        ("People diagnosed with it do well.", [Hit("a diagnosis", 7, "diagnosed")]),
        ("It sounds like a stroke.", [Hit("a diagnosis", 3, "sounds like"), Hit("a diagnosis", 17, "stroke")]),
        ("There is a 1 in 10 chance.", [Hit("odds", 11, "1 in 10"), Hit("odds", 19, "chance")]),
        ("Nine out of 10 people, 90 percent.", [Hit("odds", 23, "90 percent")]),
        ("Ask for a steroid dose.", [Hit("treatment advice", 10, "steroid"), Hit("treatment advice", 18, "dose")]),
        ("Stop taking your medicine.", [Hit("treatment advice", 0, "Stop taking your medicine")]),
    ],
)
def test_wording_that_a_person_must_never_read(text: str, expected: list[Hit]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "If you have trouble breathing, call your emergency number now.",
        "When you have numbness, tell the doctor.",
        "Tell the doctor what you have noticed.",
        "You have had cancer and now have new back pain.",
        "This self-check is not a diagnosis. It does not give treatment advice.",
        "Book an appointment within about two weeks.",
        "We suggest you book an appointment.",
    ],
)
def test_plain_instructions_are_not_flagged(text: str) -> None:
    assert hits(text) == []
