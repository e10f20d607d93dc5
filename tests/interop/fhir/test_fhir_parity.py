"""A standard form filler (simulated over fhirpathpy) asks what selfcheck asks and reaches selfcheck's level."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator

import pytest
from conftest import MINI, rule_file, ruleset_from
from fhir_filler import (
    Answers,
    Chooser,
    Filler,
    checklist_answers,
    first,
    last,
    middle,
    override,
    pick,
    random_choice,
)

from selfcheck.engine import flow
from selfcheck.errors import SelfcheckError
from selfcheck.interop.fhir import questionnaire, questionnaire_response
from selfcheck.interop.fhir.importing import answers_from_response
from selfcheck.model.ruleset import RuleSet

pytestmark = pytest.mark.slow

# Stop rules in the middle of the flow, one that reads a 'not' and one that holds before any answer could
# change it; ask_if conditions with 'not', 'has all' and brackets; a question only a stop rule reads.
FLOW_RULES = """\
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
      - {id: chest, label: Chest pain, red_flag: urgent}
      - {id: not_sure, label: Not sure, red_flag: urgent}
      - {id: none, label: None of these, exclusive: true}
  - id: age
    section: You
    kind: context
    type: single
    text: How old?
    help: Your age.
    summary: Age
    choices:
      - {id: child, label: Under 18}
      - {id: adult, label: 18 to 64}
      - {id: older, label: 65 or over}
  - id: weakness
    section: Body
    kind: symptom
    type: yesno
    text: Weak?
    help: Weak means less strong.
    summary: Weakness
  - id: where
    kind: symptom
    type: multiple
    ask_if: weakness in [yes, not_sure]
    text: Where?
    help: Tick all.
    summary: Where
    choices:
      - {id: hand, label: A hand}
      - {id: foot, label: A foot}
      - {id: face, label: The face}
      - {id: not_sure, label: Not sure, exclusive: true}
  - id: side
    kind: symptom
    type: single
    ask_if: where has all [hand, foot] or not (weakness is no or where has face)
    text: Which side?
    help: Compare both sides.
    summary: Side
    choices:
      - {id: left, label: Left}
      - {id: right, label: Right}
      - {id: both, label: Both}
  - id: onset
    kind: symptom
    type: single
    ask_if: not side is both and weakness is yes
    text: How did it start?
    help: Think back.
    summary: Onset
    choices:
      - {id: sudden, label: Suddenly}
      - {id: slow, label: Slowly}
      - {id: not_sure, label: Not sure}
  - id: cramps
    kind: symptom
    type: yesno
    ask_if: not where has any [hand, foot]
    text: Cramps?
    help: Painful tightening.
    summary: Cramps
rules:
  - id: breathing
    when: signs has breathing
    level: emergency
    stop: true
    message: Call now.
    rationale: R.
    sources: [SRC]
  - id: child
    when: age is child and not signs has chest
    level: soon
    stop: true
    message: See a doctor.
    rationale: R.
    sources: [SRC]
  - id: chest_unsure
    when: signs has all [chest, not_sure]
    level: urgent
    stop: true
    message: Today.
    rationale: R.
    sources: [SRC]
  - id: face
    when: where has face and not onset is slow
    level: emergency
    stop: true
    message: Call now.
    rationale: R.
    sources: [SRC]
  - id: sudden
    when: onset is sudden
    level: emergency
    message: Call now.
    rationale: R.
    sources: [SRC]
  - id: unsure
    when: signs has any [chest, not_sure]
    level: urgent
    message: Get advice today.
    rationale: R.
    sources: [SRC]
  - id: focal
    when: where has all [hand, foot] and not side is both
    level: soon
    message: Book.
    rationale: R.
    sources: [SRC]
  - id: cramps
    when: cramps is yes and not weakness is yes
    level: routine
    message: Mention it.
    rationale: R.
    sources: [SRC]
"""

# The mini file with a stop rule on a 'not': it holds before any answer, so nothing is asked at all.
NOTHING_ASKED = MINI.replace("when: signs has breathing", "when: not signs has none")


def flow_file() -> RuleSet:
    return ruleset_from(rule_file(FLOW_RULES))


def filler_for(ruleset: RuleSet) -> Filler:
    return Filler(json.loads(questionnaire.render_questionnaire(ruleset)))


def exhaustive(filler: Filler, size: int = 3) -> Iterator[Answers]:
    """Every way down the form, each checklist ticked with at most `size` choices."""
    stack: list[Answers] = [{}]
    while stack:
        answers = stack.pop()
        _, enabled = filler.evaluate(answers)
        todo = [link for link in filler.questions(enabled) if link not in answers]
        if not todo:
            yield answers
            continue
        link = todo[0]
        options = filler.options[link]
        many = link in filler.repeats
        for codes in checklist_answers(options, size) if many else ((c,) for c, _ in options):
            stack.append({**answers, link: tuple(codes)})


def exclusive_or(code_of: Callable[[list[tuple[str, bool]]], str], many: set[str]) -> Chooser:
    """A checklist gets its exclusive choice ('None of these'), or the base pick when it has none."""

    def choose(link: str, options: list[tuple[str, bool]], _rng: random.Random) -> tuple[str, ...]:
        exclusive = [c for c, x in options if x]
        return (exclusive[-1],) if link in many and exclusive else (code_of(options),)

    return choose


def sweeps(filler: Filler, rng: random.Random) -> Iterator[Answers]:
    """Every choice of every item with the rest picked alike, then checklist combinations."""
    many = filler.repeats
    choosers = [
        exclusive_or(first, many),
        exclusive_or(last, many),
        exclusive_or(middle, many),
        pick(first),
        pick(last),
    ]
    for chooser in choosers:
        for link, options in filler.options.items():
            for code, _ in options:
                yield filler.fill(override(link, (code,), chooser), rng)
    for link in many:
        for ticks in checklist_answers(filler.options[link], 2):
            yield filler.fill(override(link, tuple(ticks), random_choice(many)), rng)


def random_walk(filler: Filler, rng: random.Random, n: int) -> Answers:
    """The n-th random walk: two kinds mostly 'None of these', one 'Not sure'-heavy, one that changes an answer."""
    many = filler.repeats
    kind = n % 4
    if kind < 2:
        return filler.fill(random_choice(many, none=0.7), rng)
    if kind == 2:
        return filler.fill(random_choice(many, not_sure=0.7, none=0.3), rng)
    # Change an answer after filling the form: the answers of items it hides stay in the response.
    answers = filler.fill(random_choice(many, none=0.7), rng)
    # An early answer, since it decides most about which later items are shown.
    order = [link for link in filler.options if link in answers]
    link = rng.choice(order[: max(1, len(order) // 3)])
    changed = random_choice(many, none=0.3)(link, filler.options[link], rng)
    return filler.fill(random_choice(many, none=0.7), rng, {**answers, link: changed})


def sampled(filler: Filler, seed: int, wanted: int = 0) -> Iterator[Answers]:
    """Sweeps, checklist combinations, random and 'Not sure'-heavy walks, and walks that change an answer.

    The random kinds go on, in turn, until `wanted` distinct answer sets were given (the bundled file's
    content changes; the figure the test asks for should not depend on it), at most 20,000 walks.
    """
    rng = random.Random(seed)
    given: set[tuple[tuple[str, tuple[str, ...]], ...]] = set()

    def walks() -> Iterator[Answers]:
        yield from sweeps(filler, rng)
        for n in range(20_000):
            if n >= 1_000 and len(given) >= wanted:
                return
            yield random_walk(filler, rng, n)

    for answers in walks():
        given.add(tuple(sorted(answers.items())))
        yield answers


def disagreements(ruleset: RuleSet, filler: Filler, answers: Answers) -> list[str]:
    """Where the filler and selfcheck part ways for these answers (hidden items' answers included)."""
    found = []
    _, enabled = filler.evaluate(answers)
    result = flow.evaluate(ruleset, answers)
    if flow.next_question(ruleset, answers) is not None:
        found.append("selfcheck still has a question")
    if filler.questions(enabled) != list(result.answers):
        found.append(f"shown {filler.questions(enabled)}, selfcheck asks {list(result.answers)}")
    if filler.level(answers) != result.level.id:
        found.append(f"level {filler.level(answers)} from the expressions, {result.level.id} from selfcheck")
    # The filler has answered everything it shows, so the result's advice is shown, and only it.
    advice = [link for link in enabled if link.startswith("advice-")]
    if advice != [f"advice-{result.level.id}"]:
        found.append(f"advice shown {advice}, selfcheck gives {result.level.id}")
    # selfcheck's own completed response answers exactly the items the Questionnaire enables.
    own = json.loads(questionnaire_response.render_response(result, "2026-01-01T00:00:00+00:00"))
    given = {i["linkId"]: tuple(a["valueCoding"]["code"] for a in i["answer"]) for i in own.get("item", [])}
    if filler.questions(filler.evaluate(given)[1]) != list(given):
        found.append("selfcheck's own response leaves out an enabled item or answers a hidden one")
    # The filler's response, completed, reads back through selfcheck to the same answers.
    response = {**filler.response(answers), "status": "completed", "questionnaire": own["questionnaire"]}
    back = answers_from_response(ruleset, json.dumps(response))
    if flow.evaluate(ruleset, back).level != result.level:
        found.append("the read-back gives another level")
    return [f"{answers}: {f}" for f in found]


def parity(ruleset: RuleSet, answer_sets: Iterator[Answers]) -> tuple[int, list[str]]:
    filler = filler_for(ruleset)
    seen: set[tuple[tuple[str, tuple[str, ...]], ...]] = set()
    found: list[str] = []
    for answers in answer_sets:
        key = tuple(sorted(answers.items()))
        if key not in seen:
            seen.add(key)
            found += disagreements(ruleset, filler, answers)
    return len(seen), found


def test_the_filler_shows_what_selfcheck_asks_on_the_bundled_file(bundled: RuleSet) -> None:
    filler = filler_for(bundled)
    count, found = parity(bundled, sampled(filler, 16, wanted=1000))
    assert found[:5] == []
    assert count >= 1000


def every_answer_set(ruleset: RuleSet) -> set[tuple[tuple[str, tuple[str, ...]], ...]]:
    """selfcheck's side, by brute force: every complete answer set its own flow allows."""
    found = set()
    stack: list[Answers] = [{}]
    while stack:
        answers = stack.pop()
        question = flow.next_question(ruleset, answers)
        if question is None:
            found.add(tuple(sorted(answers.items())))
            continue
        options = [(c.id, c.exclusive) for c in question.choices]
        many = question.type == "multiple"
        for codes in checklist_answers(options, len(options)) if many else ((c,) for c, _ in options):
            stack.append({**answers, question.id: tuple(codes)})
    return found


def test_the_filler_goes_down_every_path_selfcheck_allows_in_a_file_with_not_and_has_all() -> None:
    ruleset = flow_file()
    filler = filler_for(ruleset)
    paths = list(exhaustive(filler))
    expected = every_answer_set(ruleset)
    assert {tuple(sorted(answers.items())) for answers in paths} == expected
    count, found = parity(ruleset, iter(paths))
    assert (count, found[:5]) == (len(expected), [])
    assert count > 400


@pytest.mark.parametrize("levels", [("urgent",), ("urgent", "soon")])
def test_levels_marked_stop_when_certain_end_the_questions_in_the_form_too(levels: tuple[str, ...]) -> None:
    ruleset = ruleset_from(rule_file(FLOW_RULES, {level: {"stop_when_certain": "true"} for level in levels}))
    assert [v.id for v in ruleset.levels if v.stop_when_certain] == list(levels)
    paths = list(exhaustive(filler_for(ruleset)))
    expected = every_answer_set(ruleset)
    assert {tuple(sorted(answers.items())) for answers in paths} == expected
    assert parity(ruleset, iter(paths)) == (len(expected), [])


def test_the_filler_agrees_on_a_file_with_not_and_has_all_when_answers_change() -> None:
    ruleset = flow_file()
    count, found = parity(ruleset, sampled(filler_for(ruleset), 19))
    assert found[:5] == []
    assert count > 200


def test_a_stop_rule_that_holds_before_any_answer_never_reaches_a_form() -> None:
    # It would end the questions before the first one; the loader refuses it (tests/rulefile/test_loader.py).
    with pytest.raises(SelfcheckError):
        ruleset_from(NOTHING_ASKED)
