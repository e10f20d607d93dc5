"""Generated hostile rule files shared by the hostile-input tests and bench/benchmark.py."""

from __future__ import annotations

from pathlib import Path

from selfcheck.rulefile.loader import bundled_rules

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


def wide_rules(questions: int = 40, rules: int = 40, tests: int = 6, seed: int = 9) -> str:
    """A valid rule file whose answer space defeats the analysis: many yes/no questions read by many rules.

    With the defaults (about 19 KB: 40 questions, 40 rules of 6 tests each) `analyze` ran out of memory.
    """
    import random

    from conftest import MINI

    rng = random.Random(seed)
    head = MINI[: MINI.index("questions:\n")]
    out = [head, "questions:\n"]
    for i in range(questions):
        out.append(
            f"  - id: q{i}\n    kind: symptom\n    type: yesno\n    text: Question {i}?\n"
            f"    help: Help {i}.\n    summary: Q{i}\n"
        )
    out.append("rules:\n")
    levels = ("urgent", "soon", "routine")
    for r in range(rules):
        picked = rng.sample(range(questions), tests)
        when = " and ".join(f"q{q} is {rng.choice(('yes', 'no'))}" for q in picked)
        out.append(
            f"  - id: r{r}\n    when: {when}\n    level: {levels[r % 3]}\n"
            f"    message: M{r}.\n    rationale: R{r}.\n    sources: [SRC]\n"
        )
    out.append("safety_net: Get help if worse.\ndisclaimer: Not a diagnosis.\n")
    return "".join(out)
