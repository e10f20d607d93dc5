"""The README's sample outputs are what the program prints now: tools/readme_samples.py writes them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import readme_samples

TEXT = readme_samples.README.read_text(encoding="utf-8")
NAMES = [m.group(1) for m in readme_samples.MARKER.finditer(TEXT)]
MARKS = {"arrow-screen": [pytest.mark.pty], "analyze-lowered": [pytest.mark.slow]}


def test_every_sample_in_the_readme_has_a_command_that_makes_it() -> None:
    assert NAMES, "README.md has no <!-- sample: NAME --> blocks"
    assert [n for n in NAMES if n not in readme_samples.SAMPLES] == []
    assert sorted(set(NAMES)) == sorted(NAMES)


@pytest.mark.parametrize("name", [pytest.param(n, marks=MARKS.get(n, []), id=n) for n in NAMES])
def test_a_readme_sample_is_what_the_program_prints(name: str) -> None:
    fresh = readme_samples.masked(readme_samples.produce(name))
    shown = readme_samples.masked(readme_samples.block(TEXT, name))
    assert fresh == shown, f"README.md sample '{name}' has drifted: run python tools/readme_samples.py"


def test_timings_are_compared_masked() -> None:
    assert readme_samples.masked("in 1.70 s: 2 errors; 12.5 s") == "in #.## s: 2 errors; #.## s"
