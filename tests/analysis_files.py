"""Inline rule files for the analysis and diff tests: a clean base, and the defects the checks must catch."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from itertools import product

from conftest import ruleset_from
from generators import HEADER

from selfcheck.analysis.orchestrate import Analysis, analyze
from selfcheck.analysis.walks import explore
from selfcheck.engine import flow
from selfcheck.engine.classes import build_domains
from selfcheck.engine.space import Flow
from selfcheck.model.ruleset import Answers, Question, RuleSet
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset

TODAY = datetime.date(2026, 11, 21)

# Ten answer sets: breathing (alone or with not_sure) stops at once; otherwise not_sure or none, then
# weakness yes (and a side), no or not sure.
_BODY = """\
questions:
  - id: signs
    section: Signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all that fit.
    summary: Signs
    choices:
      - {id: breathing, label: Trouble breathing, red_flag: emergency}
      - {id: not_sure, label: Not sure, red_flag: urgent}
      - {id: none, label: None of these, exclusive: true}
  - id: weakness
    section: Body
    kind: symptom
    type: yesno
    text: Are you weak?
    help: Weak means less strong than usual.
    summary: Weakness
  - id: side
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: Which side?
    help: Compare both sides.
    summary: Side
    choices:
      - {id: one_side, label: One side}
      - {id: both_sides, label: Both sides}
rules:
  - id: breathing
    when: signs has breathing
    level: emergency
    stop: true
    message: Call your emergency number now.
    rationale: Breathing.
    sources: [SRC]
  - id: unsure
    when: signs has not_sure
    level: urgent
    message: Get advice today.
    rationale: Unsure.
    sources: [SRC]
  - id: weak_both
    when: weakness is yes and side is both_sides
    level: urgent
    message: Weakness on both sides needs advice today.
    rationale: Both sides.
    sources: [SRC]
  - id: weak_one
    when: weakness is yes and side is one_side
    level: soon
    message: Weakness on one side should be checked soon.
    rationale: One side.
    sources: [SRC]
  - id: weak_unsure
    when: weakness is not_sure
    level: soon
    message: If you are not sure, have it checked soon.
    rationale: Unsure weakness.
    sources: [SRC]
safety_net: Get help sooner if anything gets worse.
disclaimer: This is not a diagnosis.
"""
BASE = HEADER + _BODY  # the shared header of every generated rule file (bench/generators.py)

# The two warnings the base file has on purpose: answers kept only for the doctor's summary.
BASE_WARNINGS = [
    "rules.yaml:31:14: warning: no rule or condition reads choice 'none' of question 'signs' [unread-choice]",
    "rules.yaml:32:1: warning: no rule or condition reads choice 'no' of question 'weakness' [unread-choice]",
]


def rule(rule_id: str, when: str, level: str, message: str = "Book an appointment.") -> str:
    """A rule to add at the end of the rules."""
    return (
        f"  - id: {rule_id}\n    when: {when}\n    level: {level}\n    message: {message}\n"
        f"    rationale: Testing.\n    sources: [SRC]\n"
    )


def changed(*replacements: tuple[str, str], text: str = BASE) -> str:
    """The base file with each (old, new) text replaced once; old must be there."""
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def with_rule(extra: str, text: str = BASE) -> str:
    return changed(("safety_net:", extra + "safety_net:"), text=text)


# Inline rule files become rule sets through conftest.ruleset_from, as everywhere else.
ruleset_of = ruleset_from


def analysis_of(text: str, today: datetime.date = TODAY, method: str = "auto") -> Analysis:
    doc = strict_yaml.parse("rules.yaml", text)
    return analyze(build_ruleset(doc), today, doc, method=method)


def with_questions(n: int, text: str = BASE) -> str:
    """The base file with n more yes/no questions no rule reads, after the others (each one triples the answer sets)."""
    added = "".join(
        f"  - id: q{i}\n    kind: context\n    type: yesno\n    text: Question {i}?\n"
        f"    help: Say yes or no.\n    summary: Q{i}\n"
        for i in range(n)
    )
    return changed(("rules:\n", added + "rules:\n"), text=text)


def answer_sets(ruleset: RuleSet) -> Iterator[Answers]:
    """Every answer set a person can give through the flow, one by one with the engine (exponential: small files)."""

    def options(q: Question) -> Iterable[tuple[str, ...]]:
        if q.type != "multiple":
            return [(c.id,) for c in q.choices]
        plain = [c.id for c in q.choices if not c.exclusive]
        subsets = [
            tuple(cid for cid, on in zip(plain, mask, strict=True) if on)
            for mask in product((False, True), repeat=len(plain))
        ]
        return [s for s in subsets if s] + [(c.id,) for c in q.choices if c.exclusive]

    def grow(answers: Answers) -> Iterator[Answers]:
        question = flow.next_question(ruleset, answers)
        if question is None:
            yield flow.applicable(ruleset, answers)
            return
        for option in options(question):
            yield from grow({**answers, question.id: option})

    yield from grow({})


def count_answer_sets(ruleset: RuleSet) -> int:
    """How many answer sets a person can give, counted by the walk without listing them."""
    ex = explore(Flow(ruleset, build_domains([ruleset], marks=False)))
    return sum(ex.summary[ex.root])
