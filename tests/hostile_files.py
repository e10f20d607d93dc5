"""Generated hostile rule files shared by the hostile-input tests and bench/benchmark.py."""

from __future__ import annotations

from pathlib import Path

from selfcheck.loader import bundled_rules

# A complete answers file for the bundled rules: no signs, an adult, nothing reported.
NOTHING_REPORTED = """\
urgent_signs: [none]
age: age_40_59
diagnosed: no
weakness: no
grip: no
thinning: no
cramps: no
twitching: no
numbness: no
stiffness: no
speech_swallow: no
fatigue: no
back_pain: no
"""


def many_rules(count: int) -> str:
    """The bundled rule file with its rules replaced by count small ones, the last repeating the first id."""
    text = Path(bundled_rules()).read_text(encoding="utf-8")
    head, rest = text.split("\nrules:\n", 1)
    rule = "  - id: r{}\n    when: age is under_18\n    level: routine\n"
    rule += "    message: M.\n    rationale: R.\n    sources: [NG127]\n"
    rules = "".join(rule.format(i) for i in range(count - 1)) + rule.format(0)
    return head + "\nrules:\n" + rules + rest[rest.index("\nsafety_net:") :]
