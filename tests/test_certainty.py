"""The questions end as soon as the answers make emergency advice certain, whatever the rest would be."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from conftest import header, problems_of, ruleset_from
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from selfcheck.cli.main import main
from selfcheck.engine import certainty
from selfcheck.engine import flow as engine
from selfcheck.engine.classes import MAX_GROUPS, TooManyGroups, build_domains
from selfcheck.engine.session import Session
from selfcheck.model.conditions import parse
from selfcheck.model.ruleset import LEVEL_IDS, Answers, RuleSet, level_rank
from selfcheck.ui.arrows import InteractiveRunner, Prompts
from selfcheck.ui.plain import PlainRunner

ROOT = Path(__file__).resolve().parent.parent
DOWN, SPACE, ENTER = "\x1b[B", " ", "\r"

# Urgent advice ends the questions too once it is certain, when its level says so.
URGENT_STOPS = {"urgent": {"stop_when_certain": "true"}}


def head(levels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    return header(levels, id="onset", title="Onset check") + "questions:\n"


QUESTIONS = {
    "signs": """\
  - id: signs
    section: Signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Signs
    choices:
      - {id: breathing, label: Breathing trouble}
      - {id: not_sure, label: Not sure}
      - {id: none, label: None of these, exclusive: true}
""",
    "weakness": """\
  - id: weakness
    section: Body
    kind: symptom
    type: yesno
    text: Weak?
    help: Weak means less strong.
    summary: Weakness
""",
    "onset": """\
  - id: onset
    kind: symptom
    type: single
    ask_if: weakness is yes
    text: How did it start?
    help: Think of the first minute.
    summary: Onset
    choices:
      - {id: sudden, label: Within minutes}
      - {id: slow, label: Over weeks}
      - {id: not_sure, label: Not sure}
""",
}
for name in ("cramps", "twitching", "numbness"):
    QUESTIONS[name] = f"""\
  - id: {name}
    kind: symptom
    type: yesno
    text: Any {name}?
    help: Over the last month.
    summary: {name.capitalize()}
"""
RULES = """\
rules:
  - id: breathing
    when: signs has breathing
    level: emergency
    message: Call now.
    rationale: Breathing.
    sources: [SRC]
  - id: unsure
    when: signs has not_sure
    level: urgent
    message: Get advice today.
    rationale: Unsure.
    sources: [SRC]
  - id: sudden_weakness
    when: weakness is yes and onset is sudden
    level: emergency
    message: Call now, it came on suddenly.
    rationale: Stroke until shown otherwise.
    sources: [SRC]
  - id: weakness
    when: weakness is yes
    level: soon
    message: Book an appointment.
    rationale: Weakness.
    sources: [SRC]
  - id: cramps
    when: cramps is yes or twitching is yes or numbness is yes
    level: routine
    message: Mention it.
    rationale: Minor.
    sources: [SRC]
%s
safety_net: Get help if worse.
disclaimer: Not a diagnosis.
"""
EARLY = ("signs", "weakness", "onset", "cramps", "twitching", "numbness")
LATE = ("signs", "weakness", "cramps", "twitching", "numbness", "onset")


def rules(
    order: tuple[str, ...] = EARLY, levels: Mapping[str, Mapping[str, str]] | None = None, extra: str = ""
) -> RuleSet:
    return ruleset_from(head(levels) + "".join(QUESTIONS[q] for q in order) + RULES % extra)


def asked(ruleset: RuleSet, script: dict[str, tuple[str, ...]]) -> list[str]:
    """The questions the engine asks, one by one, when the person answers from the script."""
    answers: Answers = {}
    while (question := engine.next_question(ruleset, answers)) is not None:
        answers[question.id] = script[question.id]
    return list(answers)


STORY = {
    "signs": ("none",),
    "weakness": ("yes",),
    "onset": ("sudden",),
    "cramps": ("no",),
    "twitching": ("no",),
    "numbness": ("no",),
}


def test_emergency_certain_early_ends_the_questions_at_once() -> None:
    ruleset = rules(EARLY)
    assert asked(ruleset, STORY) == ["signs", "weakness", "onset"]
    answers = {"signs": ("none",), "weakness": ("yes",), "onset": ("sudden",)}
    assert engine.next_question(ruleset, answers) is None
    assert engine.certain_level(ruleset, answers) == ruleset.level("emergency")
    result = engine.evaluate(ruleset, answers)
    assert result.level.id == "emergency"
    # An emergency shows only its own messages (issue 12); the lower rule still fired.
    assert result.messages == ("Call now, it came on suddenly.",)
    assert len(result.fired) == 2
    assert result.skipped == ("cramps", "twitching", "numbness")
    reasons = engine.skip_reasons(ruleset, answers)
    assert reasons == dict.fromkeys(("cramps", "twitching", "numbness"), ruleset.level("emergency"))


def test_emergency_certain_only_at_the_last_question_asks_everything_then_ends() -> None:
    ruleset = rules(LATE)
    assert asked(ruleset, STORY) == ["signs", "weakness", "cramps", "twitching", "numbness", "onset"]
    # At the end the emergency advice still ends the questions at once: runners show it without the review.
    assert engine.certain_level(ruleset, {q: STORY[q] for q in LATE}) == ruleset.level("emergency")


def test_answers_that_never_make_emergency_certain_ask_every_question() -> None:
    ruleset = rules(EARLY)
    script = {**STORY, "onset": ("slow",)}
    assert asked(ruleset, script) == list(EARLY)
    assert engine.certain_level(ruleset, script) is None
    assert engine.ended_by(ruleset, script) is None
    assert engine.evaluate(ruleset, script).level.id == "soon"


def test_an_emergency_sign_needs_no_stop_flag_to_end_the_questions() -> None:
    ruleset = rules(EARLY)
    assert asked(ruleset, {**STORY, "signs": ("breathing",)}) == ["signs"]


def test_later_answers_given_anyway_are_dropped_once_emergency_is_certain() -> None:
    ruleset = rules(EARLY)
    assert engine.applicable(ruleset, STORY) == {"signs": ("none",), "weakness": ("yes",), "onset": ("sudden",)}


def test_an_earlier_unanswered_question_is_still_asked() -> None:
    # A later answer cannot make the questions end before an earlier question is answered.
    ruleset = rules(EARLY)
    answers = {"weakness": ("yes",), "onset": ("sudden",)}
    assert engine.next_question(ruleset, answers) == ruleset.question("signs")
    assert engine.certain_level(ruleset, answers) is None


def test_urgent_ends_the_questions_only_when_marked_and_only_when_no_emergency_can_follow() -> None:
    unmarked = rules(EARLY)
    marked = rules(EARLY, levels=URGENT_STOPS)
    unsure = {**STORY, "signs": ("not_sure",), "onset": ("slow",)}
    assert asked(unmarked, unsure) == list(EARLY)
    # Unsure signs give urgent, but a yes to weakness could still give emergency: keep asking until it cannot.
    assert asked(marked, {**unsure, "weakness": ("no",)}) == ["signs", "weakness"]
    assert asked(marked, unsure) == ["signs", "weakness", "onset"]
    assert engine.evaluate(marked, {"signs": ("not_sure",), "weakness": ("no",)}).level.id == "urgent"


# Certain only when the rules are searched: each rule alone leaves the answer open.
SPLIT = """\
  - id: sudden_then_cramps
    when: weakness is yes and onset is sudden and cramps is yes
    level: emergency
    message: Call now.
    rationale: Split.
    sources: [SRC]
  - id: sudden_no_cramps
    when: weakness is yes and onset is sudden and not cramps is yes
    level: emergency
    message: Call now.
    rationale: Split.
    sources: [SRC]
"""


def test_certainty_that_only_a_search_of_the_flow_shows_ends_the_questions() -> None:
    ruleset = rules(("signs", "weakness", "cramps", "onset", "twitching", "numbness"), extra=SPLIT)
    ruleset = ruleset._replace(rules=tuple(r for r in ruleset.rules if r.id != "sudden_weakness"))
    # After a sudden onset, one of the two rules fires whatever the answer on cramps was: nothing more to ask.
    assert asked(ruleset, STORY) == ["signs", "weakness", "cramps", "onset"]
    reordered = rules(("signs", "weakness", "onset", "cramps", "twitching", "numbness"), extra=SPLIT)
    reordered = reordered._replace(rules=tuple(r for r in reordered.rules if r.id != "sudden_weakness"))
    # With cramps still to come, `not cramps is yes` holds for now and either answer keeps an emergency rule.
    assert asked(reordered, STORY) == ["signs", "weakness", "onset"]


def test_a_level_given_only_by_answers_still_to_come_does_not_end_the_questions() -> None:
    # Both rules need an answer on cramps: emergency is certain after onset, but no rule holds yet, so
    # stopping there would show no emergency message at all. The question is asked.
    split = SPLIT.replace("not cramps is yes", "cramps in [no, not_sure]")
    ruleset = rules(EARLY, extra=split)
    ruleset = ruleset._replace(rules=tuple(r for r in ruleset.rules if r.id != "sudden_weakness"))
    assert asked(ruleset, STORY) == ["signs", "weakness", "onset", "cramps"]
    assert engine.evaluate(ruleset, {q: STORY[q] for q in EARLY[:4]}).level.id == "emergency"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            "stop_when_certain: false",
            "15:77: emergency advice always ends the questions as soon as it is certain; remove 'stop_when_certain'",
        ),
        ("stop_when_certain: yes", "15:77: stop_when_certain must be true or false, not text"),
        (
            "max_questions_after_certain: -1",
            "15:87: max_questions_after_certain must be a whole number, 0 or more, not a number (-1)",
        ),
        (
            "max_questions_after_certain: two",
            "15:87: max_questions_after_certain must be a whole number, 0 or more, not text",
        ),
        (
            "max_questions_after_certain: 1.5",
            "15:87: max_questions_after_certain must be a whole number, 0 or more, not a number (1.5)",
        ),
    ],
)
def test_the_level_keys_are_checked(keys: str, message: str) -> None:
    key, value = keys.split(": ")
    text = head({"emergency": {key: value}})
    assert problems_of(text + "".join(QUESTIONS[q] for q in EARLY) + RULES % "") == [f"rules.yaml:{message}"]


# A brute-force oracle: every answer set of small rule files, and at every point along each, whether the
# level is already certain, by listing every way on. The engine must stop exactly at the first such point.


def choices_of(ruleset: RuleSet, qid: str) -> list[tuple[str, ...]]:
    q = ruleset.question(qid)
    if q.type != "multiple":
        return [(c,) for c in q.choice_ids]
    plain = [c.id for c in q.choices if not c.exclusive]
    subsets = [s for n in range(1, len(plain) + 1) for s in itertools.combinations(plain, n)]
    return subsets + [(c.id,) for c in q.choices if c.exclusive]


def level_of(ruleset: RuleSet, answers: Answers) -> int:
    ranks = [level_rank(r.level) for r in ruleset.rules if r.when.holds(answers)]
    return min(ranks, default=level_rank("none"))


def ways_on(ruleset: RuleSet, answers: Answers, start: int) -> Iterator[Answers]:
    """Every way the flow goes on from question start (no stopping for certainty), stop rules obeyed."""
    if start == len(ruleset.questions) or any(r.stop and r.when.holds(answers) for r in ruleset.rules):
        yield answers
        return
    q = ruleset.questions[start]
    if q.ask_if is not None and not q.ask_if.holds(answers):
        yield from ways_on(ruleset, answers, start + 1)
        return
    for choice in choices_of(ruleset, q.id):
        yield from ways_on(ruleset, {**answers, q.id: choice}, start + 1)


def expected_stop(ruleset: RuleSet, full: Answers) -> Answers:
    """The answers asked before the questions end, by the definition: the first point where the level the
    answers give is one that ends when certain, and every way on gives it too."""
    prefix: Answers = {}
    for i, q in enumerate(ruleset.questions):
        rank = level_of(ruleset, prefix)
        if ruleset.level(LEVEL_IDS[rank]).ends_when_certain and all(
            level_of(ruleset, way) == rank for way in ways_on(ruleset, prefix, i)
        ):
            return prefix
        if any(r.stop and r.when.holds(prefix) for r in ruleset.rules):
            return prefix
        if q.id in full:
            prefix[q.id] = full[q.id]
    return prefix


ORACLE_FILES = {
    "early": rules(EARLY),
    "late": rules(LATE),
    "urgent marked": rules(EARLY, levels=URGENT_STOPS),
    "split": rules(EARLY, extra=SPLIT),
}


@pytest.mark.parametrize("name", ORACLE_FILES)
def test_the_engine_stops_exactly_where_the_level_first_becomes_certain(name: str) -> None:
    ruleset = ORACLE_FILES[name]
    stops = 0
    for full in ways_on(ruleset, {}, 0):
        expected = expected_stop(ruleset, full)
        assert engine.applicable(ruleset, full) == expected, full
        assert asked(ruleset, full) == list(expected)
        stops += len(expected) < len(full)
    assert stops  # every file here ends early for some answers


# The runners: the emergency advice comes at once, with no further question and no review first.


@pytest.fixture
def onset_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(head() + "".join(QUESTIONS[q] for q in EARLY) + RULES % ""), encoding="utf-8")
    return path


def test_plain_mode_stops_at_the_question_that_makes_emergency_certain() -> None:
    replies = iter(["3", "1", "1"])  # none of these, weak: yes, within minutes; nothing more is read
    shown: list[str] = []
    session = PlainRunner(Session(rules(EARLY)), ask=lambda _: next(replies), write=shown.append).run()
    assert session.stopped_early()
    assert session.answers == {"signs": ("none",), "weakness": ("yes",), "onset": ("sudden",)}
    assert "How did it start?" in shown
    assert "Any cramps?" not in shown
    assert "Please check your answers:" not in shown


def test_plain_mode_from_a_pipe_shows_the_advice_after_the_third_answer(onset_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "selfcheck", "run", "--plain", "--rules", str(onset_file)],
        input="3\n1\n1\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    after = done.stdout.split("How did it start?", 1)[1]
    assert "> \nEMERGENCY: Call now.\n" in after
    assert "Any cramps?" not in done.stdout
    assert done.stderr == ""


def test_the_arrow_key_runner_stops_at_the_question_that_makes_emergency_certain() -> None:
    screen: list[str] = []
    keys = DOWN + DOWN + SPACE + ENTER + ENTER + ENTER  # none of these, weak: yes, within minutes
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()  # one more prompt would meet the closed input and stop the test
        runner = InteractiveRunner(Session(rules(EARLY)), Prompts(), lambda t, c="": screen.extend(t.split("\n")))
        result = runner.run()
        runner.show_result(result)
    assert result.level.id == "emergency"
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "onset": ("sudden",)}
    start = screen.index("How did it start?")
    assert screen[start + 2 : start + 6] == [
        "  Your answer: Within minutes",
        "",
        "PLEASE ACT NOW. You do not need to answer any more questions.",
        "=" * 72,
    ]
    assert "Any cramps?" not in screen


@pytest.mark.pty
def test_in_a_terminal_the_advice_comes_right_after_the_deciding_answer(onset_file: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color", PYTHONPATH=str(ROOT), COLUMNS="100")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "selfcheck", "run", "--rules", str(onset_file)],
        cwd=str(onset_file.parent),
        env=env,
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=15,
    )
    for question, keys in (("Any of these?", DOWN + DOWN + SPACE + ENTER), ("Weak?", ENTER), ("How did it", ENTER)):
        child.expect_exact(question)
        child.expect("Tick all that apply|Choose one")
        child.send(keys)
    child.expect_exact("PLEASE ACT NOW. You do not need to answer any more questions.")
    child.expect_exact("EMERGENCY: Call now.")
    child.expect_exact("Did you choose something by mistake?")  # a mis-tick can still be undone
    child.send(ENTER)  # No, finish here
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.exitstatus == 0
    assert "Any cramps?" not in rest
    assert "check your answers" not in rest


def test_an_answers_file_with_more_answers_gives_the_advice_and_warns_about_the_rest(
    onset_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = onset_file.parent / "answers.yaml"
    answers.write_text("signs: [none]\nweakness: yes\nonset: sudden\ncramps: no\ntwitching: yes\n", encoding="utf-8")
    assert main(["run", "--rules", str(onset_file), "--answers", str(answers), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["level"] == "emergency"
    assert list(data["answers"]) == ["signs", "weakness", "onset"]
    why = "was already certain, which ended the questions; its answer is ignored"
    assert err.splitlines() == [
        f"{answers}:4:1: warning: question 'cramps' comes after level 'emergency' {why}",
        f"{answers}:5:1: warning: question 'twitching' comes after level 'emergency' {why}",
    ]


def test_explain_says_the_questions_ended_because_emergency_was_certain(
    onset_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = onset_file.parent / "answers.yaml"
    answers.write_text("signs: [none]\nweakness: yes\nonset: sudden\n", encoding="utf-8")
    assert main(["explain", "--rules", str(onset_file), "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert (
        "Questions skipped (3):\n"
        "  cramps: level emergency was already certain, which ended the questions\n"
        "  twitching: level emergency was already certain, which ended the questions\n"
        "  numbness: level emergency was already certain, which ended the questions\n"
    ) in out


@st.composite
def generated_rule_files(draw: st.DrawFn) -> str:
    """Small rule files whose conditions mix 'is', 'in' and 'not', so that a level can be certain before
    any rule holds on its own, and ask_if conditions that leave questions out."""
    names = [f"q{i}" for i in range(draw(st.integers(2, 4)))]

    def test(among: list[str]) -> str:
        name = draw(st.sampled_from(among))
        choice = draw(st.sampled_from(["is yes", "is no", "in [no, not_sure]", "in [yes, not_sure]"]))
        return ("not " if draw(st.booleans()) else "") + f"{name} {choice}"

    def condition(among: list[str]) -> str:
        terms = [
            " and ".join(test(among) for _ in range(draw(st.integers(1, 2)))) for _ in range(draw(st.integers(1, 2)))
        ]
        return " or ".join(f"({t})" if len(terms) > 1 and " and " in t else t for t in terms)

    levels = URGENT_STOPS if draw(st.booleans()) else None
    lines = [head(levels)]
    for i, name in enumerate(names):
        lines += [
            f"  - id: {name}",
            "    kind: symptom",
            "    type: yesno",
            "    text: Q?",
            "    help: H.",
            f"    summary: S{i}",
        ]
        if i and draw(st.booleans()):
            lines += [f"    ask_if: {condition(names[:i])}"]
    lines += ["rules:"]
    for i in range(draw(st.integers(1, 5))):
        level = draw(st.sampled_from(LEVEL_IDS[:4]))
        when = condition(names)
        lines += [f"  - id: r{i}", f"    when: {when}", f"    level: {level}", "    message: M."]
        lines += ["    rationale: R.", "    sources: [SRC]"]
        # A stop rule that holds before any answer is refused by the loader (it would ask nothing).
        if draw(st.integers(0, 5)) == 0 and not parse(when).holds({}):
            lines += ["    stop: true"]
    lines += ["safety_net: S.", "disclaimer: D."]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(text=generated_rule_files())
def test_on_generated_rule_files_the_engine_stops_exactly_where_the_level_first_becomes_certain(text: str) -> None:
    ruleset = ruleset_from(text)
    for full in ways_on(ruleset, {}, 0):
        expected = expected_stop(ruleset, full)
        assert engine.applicable(ruleset, full) == expected, (text, full)
        # Stopping early never changes the level the answers would have given.
        assert engine.evaluate(ruleset, full).level.id == LEVEL_IDS[level_of(ruleset, full)]


def test_marked_urgent_does_not_end_the_questions_while_an_undecided_emergency_rule_could_still_fire() -> None:
    # No emergency rule is ruled out yet (the breathing sign is gone): urgent holds, but weakness is still to come.
    ruleset = rules(EARLY, levels=URGENT_STOPS)
    ruleset = ruleset._replace(rules=tuple(r for r in ruleset.rules if r.id != "breathing"))
    unsure = {**STORY, "signs": ("not_sure",), "onset": ("slow",)}
    assert asked(ruleset, {**unsure, "weakness": ("no",)}) == ["signs", "weakness"]
    assert asked(ruleset, unsure) == ["signs", "weakness", "onset"]
    assert engine.certain_level(ruleset, {"signs": ("not_sure",)}) is None


# A checklist read by more groups of choices than the search can list: only the rules can show certainty.
TOO_MANY = "".join(f"      - {{id: c{i}, label: C{i}}}\n" for i in range(MAX_GROUPS + 1))
MANY_RULES = "".join(
    f"  - {{id: r{i}, when: many has c{i}, level: soon, message: M., rationale: R., sources: [SRC]}}\n"
    for i in range(MAX_GROUPS + 1)
)
TOO_BIG = f"""\
  - id: weakness
    kind: symptom
    type: yesno
    text: Weak?
    help: Weak means less strong.
    summary: Weakness
  - id: cramps
    kind: symptom
    type: yesno
    text: Cramps?
    help: Over the last month.
    summary: Cramps
  - id: many
    kind: symptom
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Many
    choices:
{TOO_MANY}rules:
  - id: weak
    when: weakness is yes
    level: emergency
    message: Call now.
    rationale: Weakness.
    sources: [SRC]
  - id: cramps
    when: cramps is yes
    level: urgent
    message: Get advice today.
    rationale: Cramps.
    sources: [SRC]
{MANY_RULES}safety_net: Get help if worse.
disclaimer: Not a diagnosis.
"""


def test_a_file_too_large_to_search_still_ends_the_questions_when_the_rules_alone_make_the_level_certain() -> None:
    ruleset = ruleset_from(head(URGENT_STOPS) + TOO_BIG)
    with pytest.raises(TooManyGroups):
        build_domains([ruleset], marks=False)
    script = {"weakness": ("no",), "cramps": ("yes",), "many": ("c0",)}
    # Emergency holds: nothing can undo it.
    assert asked(ruleset, {**script, "weakness": ("yes",)}) == ["weakness"]
    # Urgent holds and the only emergency rule has failed: urgent is certain.
    assert asked(ruleset, script) == ["weakness", "cramps"]
    assert engine.certain_level(ruleset, {"weakness": ("no",), "cramps": ("yes",)}) == ruleset.level("urgent")
    # Neither holds yet: the checklist is asked.
    assert asked(ruleset, {**script, "cramps": ("no",)}) == ["weakness", "cramps", "many"]


NOTHING_STOPS = {"none": {"stop_when_certain": "true"}}
NOTHING_RULES = """\
rules:
  - id: weakness
    when: weakness is yes
    level: soon
    message: Book an appointment.
    rationale: Weakness.
    sources: [SRC]
  - id: cramps
    when: cramps is yes
    level: routine
    message: Mention it.
    rationale: Minor.
    sources: [SRC]
safety_net: Get help if worse.
disclaimer: Not a diagnosis.
"""


def test_a_marked_none_ends_the_questions_once_no_rule_can_fire() -> None:
    text = head(NOTHING_STOPS) + "".join(QUESTIONS[q] for q in ("weakness", "cramps", "twitching")) + NOTHING_RULES
    ruleset = ruleset_from(text)
    script = {"weakness": ("no",), "cramps": ("no",), "twitching": ("yes",)}
    # Twitching is read by no rule: after two noes nothing can fire, and it is not asked.
    assert asked(ruleset, script) == ["weakness", "cramps"]
    assert engine.certain_level(ruleset, {"weakness": ("no",), "cramps": ("no",)}) == ruleset.level("none")
    assert asked(ruleset, {**script, "cramps": ("yes",)}) == ["weakness", "cramps", "twitching"]
    assert engine.certain_level(ruleset, {"weakness": ("no",)}) is None


def test_a_rule_sets_certainty_is_worked_out_once_and_at_most_eight_are_kept() -> None:
    certainty._PREPARED.clear()
    first = rules(EARLY)
    assert certainty.prepared(first) is certainty.prepared(first)
    assert certainty.prepared(first).ruleset is first
    others = [rules(EARLY) for _ in range(8)]
    for ruleset in others:
        assert certainty.prepared(ruleset).ruleset is ruleset
        assert len(certainty._PREPARED) <= 8
    # The ninth emptied the cache: the last one is kept alone.
    assert list(certainty._PREPARED) == [id(others[-1])]


def test_a_cached_entry_of_another_rule_set_at_the_same_id_is_not_used() -> None:
    # An id can be reused once a rule set is gone; the entry then holds the old one.
    old, new = rules(EARLY), rules(LATE)
    certainty._PREPARED[id(new)] = certainty.Prepared(old)
    assert certainty.prepared(new).ruleset is new
    assert certainty._PREPARED[id(new)].ruleset is new


# A checklist of as many read groups as the search can list, and a red-flag choice no rule reads.
AT_THE_LIMIT = "".join(f"      - {{id: c{i}, label: C{i}}}\n" for i in range(MAX_GROUPS))
AT_THE_LIMIT_RULES = "".join(
    f"  - {{id: r{i}, when: many has c{i}, level: soon, message: M., rationale: R., sources: [SRC]}}\n"
    for i in range(MAX_GROUPS)
)
MANY_WITH_A_RED_FLAG = f"""\
  - id: many
    kind: symptom
    type: multiple
    text: Any of these?
    help: Tick all.
    summary: Many
    choices:
{AT_THE_LIMIT}      - {{id: flagged, label: Flagged, red_flag: urgent}}
"""


def test_the_search_for_certainty_reads_answers_as_the_rules_do_not_as_the_red_flag_marks() -> None:
    questions = "".join(QUESTIONS[q] for q in ("weakness", "onset", "cramps")) + MANY_WITH_A_RED_FLAG
    ruleset = ruleset_from(head() + questions + "rules:\n" + SPLIT + AT_THE_LIMIT_RULES + RULES.split("\n%s\n")[1])
    # Marked apart, the red flag would be one group too many to search.
    with pytest.raises(TooManyGroups):
        build_domains([ruleset], marks=True)
    # After a sudden onset either answer on cramps gives emergency: only the search shows it, and it ends there.
    assert asked(ruleset, {**STORY, "many": ("c0",)}) == ["weakness", "onset"]
