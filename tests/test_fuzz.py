"""The fuzz script (tools/fuzz.py) on a fixed seed: no mutant of the bundled rule file makes a command fail badly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import fuzz

from selfcheck.analysis import budget


@pytest.mark.slow
def test_two_hundred_mutants_of_the_bundled_rule_file_end_cleanly() -> None:
    """Every command on every mutant: exit 0, 1 or 2, no traceback, every position inside the file."""
    before = budget.MAX_STATES
    assert fuzz.fuzz(seed=11, count=200, log=lambda line: None) == []
    assert before == budget.MAX_STATES  # the fuzzer's small budget is put back


def test_the_checks_catch_what_they_are_for() -> None:
    """The fuzzer's judge, on endings made up to break each rule."""
    text = "a: 1\nb: 2\n"
    assert fuzz.check(["x"], 0, "f.yaml:2:4: fine\n", "f.yaml", text) == []
    assert fuzz.check(["x"], 3, "", "f.yaml", text) == ["x: exit 3"]
    assert fuzz.check(["x"], 1, "f.yaml:9:1: past the end\n", "f.yaml", text) == [
        "x: line 9 outside the file (3 lines): f.yaml:9:1: past the end"
    ]
    assert fuzz.check(["x"], 1, "f.yaml:1:40: too far\n", "f.yaml", text) == [
        "x: column 40 outside line 1: f.yaml:1:40: too far"
    ]
    assert fuzz.check(["x"], 1, "Traceback (most recent call last):\n", "f.yaml", text)[0].startswith(
        "x: internal error"
    )


def test_the_same_seed_makes_the_same_mutants() -> None:
    import random

    data = b"metadata:\n  id: x_y\nrules: []\n"
    first = [fuzz.mutate(random.Random(5), data) for _ in range(20)]
    assert first == [fuzz.mutate(random.Random(5), data) for _ in range(20)]
