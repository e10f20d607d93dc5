"""The runners' own words: every language says every phrase, with the same blanks to fill in."""

from __future__ import annotations

import string

import pytest

from selfcheck.render.phrases import PHRASES, say


def blanks(phrase: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}


@pytest.mark.parametrize("lang", sorted(set(PHRASES) - {"en"}))
def test_every_language_has_every_phrase_with_the_same_blanks(lang: str) -> None:
    assert set(PHRASES[lang]) == set(PHRASES["en"])
    for key, phrase in PHRASES["en"].items():
        assert blanks(PHRASES[lang][key]) == blanks(phrase), key


def test_say_fills_in_the_blanks() -> None:
    assert say("es", "not_a_number", part="x", count=3) == "'x' no es uno de los números del 1 al 3."
    assert say("en", "progress", section="Timing", left=2) == "Timing - at most 2 questions left"


def test_a_language_selfcheck_does_not_know_gets_english() -> None:
    assert say("fr", "only_one") == "Please choose only one number."
