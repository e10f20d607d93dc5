"""Shared helpers: build rule sets from inline YAML so tests read like specifications."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pytest
from generators import header

from selfcheck.errors import SelfcheckError
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset, bundled_rules, load_ruleset

# What `run --answers` says after the problems of an answers file it refuses: no advice came of it.
NO_ADVICE = (
    "No advice was given: the answers file cannot be read as it is. If you have any of the emergency signs, "
    "or feel very unwell now, do not wait: call your local emergency number."
)

# The end of every test rule file; the start is bench/generators.py header(), which the generated files share.
FOOTER = """\
safety_net: Get help if worse.
disclaimer: Not a diagnosis.
"""


def rule_file(body: str, levels: Mapping[str, Mapping[str, str]] | None = None, **metadata: str | None) -> str:
    """A whole rule file: the shared header, the body (questions, rules and anything else), the shared footer."""
    return header(levels, **metadata) + body + FOOTER


# A small but complete rule file; tests change pieces of it.
MINI = rule_file("""\
questions:
  - id: signs
    section: Signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Signs
    choices:
      - {id: breathing, label: Breathing trouble, red_flag: emergency}
      - {id: not_sure, label: Not sure}
      - {id: none, label: None of these, exclusive: true}
  - id: weakness
    section: Body
    kind: symptom
    type: yesno
    text: Weak?
    help: Weak means less strong.
    summary: Weakness
  - id: side
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: Which side?
    help: Compare both sides.
    summary: Side
    choices:
      - {id: left, label: Left}
      - {id: right, label: Right}
      - {id: both, label: Both}
rules:
  - id: breathing
    when: signs has breathing
    level: emergency
    stop: true
    message: Call now.
    rationale: Breathing.
    sources: [SRC]
  - id: unsure
    when: signs has not_sure
    level: urgent
    message: Get advice today.
    rationale: Unsure.
    sources: [SRC]
  - id: weak_one_side
    when: weakness is yes and side in [left, right]
    level: soon
    message: Book an appointment.
    rationale: Focal weakness.
    sources: [SRC]
""")


def ruleset_from(text: str, path: str = "rules.yaml") -> RuleSet:
    """Build a rule set from inline YAML (dedented), as the loader would from a file."""
    return build_ruleset(strict_yaml.parse(path, textwrap.dedent(text)))


def problems_of(text: str, path: str = "rules.yaml") -> list[str]:
    """The located problem lines a rule file gives, in the order they are printed."""
    with pytest.raises(SelfcheckError) as info:
        ruleset_from(text, path)
    return [str(p) for p in info.value.problems]


def plain_replies(ruleset: RuleSet, answers: dict[str, tuple[str, ...]]) -> list[str]:
    """The numbers a person types in plain mode to give these answers, question by question as the flow asks.

    Derived from the rule set, so a test of the bundled rules does not break when a question or choice moves.
    """
    from selfcheck.engine import flow  # only here: the other helpers need no engine

    replies: list[str] = []
    given: dict[str, tuple[str, ...]] = {}
    while (question := flow.next_question(ruleset, given)) is not None:
        chosen = answers[question.id]
        replies.append(",".join(str(question.choice_ids.index(c) + 1) for c in chosen))
        given[question.id] = chosen
    return replies


@pytest.fixture
def mini() -> RuleSet:
    return ruleset_from(MINI)


@pytest.fixture(scope="session")
def bundled() -> RuleSet:
    return load_ruleset(bundled_rules())


@pytest.fixture(autouse=True)
def _no_analysis_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the analyses kept for review (selfcheck.analysis.cache) unless it asks to."""
    monkeypatch.setenv("SELFCHECK_CACHE", "off")
