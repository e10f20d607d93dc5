"""Monotonicity and the questions asked after certain, on diagrams, give the walks' figures on every generated file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("dd")
# The counting and certainty oracles' generated rule files and helpers are reused, not copied.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generators
from analysis_files import BASE, TODAY, changed, ruleset_of, with_questions, with_rule
from test_certainty import ways_on
from test_counting_oracle import joint_counts

from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Locator
from selfcheck.analysis.symbolic.encode import Encoding
from selfcheck.analysis.symbolic.late import after_certain
from selfcheck.analysis.symbolic.monotone import _weights, groups, has_pairs, lowered, monotone
from selfcheck.analysis.symbolic.order import question_order
from selfcheck.analysis.symbolic.paths import Flows, Vars
from selfcheck.engine import flow as engine
from selfcheck.model.ruleset import LEVEL_IDS, Answers, RuleSet


def check_monotonicity(text: str) -> None:
    ruleset = ruleset_of(text)
    found = list(lowered(ruleset))
    assert {lo.question: lo.pairs for lo in found} == joint_counts(ruleset)
    for lo in found:
        assert lo.examples
        cells = [(ra, rb) for _, _, ra, rb in lo.examples]
        assert cells == sorted(set(cells)) and all(ra < rb for ra, rb in cells)
        for before, after, ra, rb in lo.examples:
            # Real answer sets, as the engine keeps them, that differ at the question and what it newly asks.
            assert engine.applicable(ruleset, before) == before and engine.applicable(ruleset, after) == after
            assert engine.evaluate(ruleset, before).level.id == LEVEL_IDS[ra]
            assert engine.evaluate(ruleset, after).level.id == LEVEL_IDS[rb]
            assert before[lo.question] != after[lo.question]
            assert all(after[q] == a for q, a in before.items() if q in after and q != lo.question)


def late_in(ruleset: RuleSet, answers: Answers, level: str) -> tuple[int, str]:
    """The questions an answer set asks from the first point where every way on gives its level, and the
    first of them, by listing every way on from every point."""
    for i in range(len(ruleset.questions) + 1):
        prefix = {q.id: answers[q.id] for q in ruleset.questions[:i] if q.id in answers}
        if all(engine.evaluate(ruleset, way).level.id == level for way in ways_on(ruleset, prefix, i)):
            after = [q.id for q in ruleset.questions[i:] if q.id in answers]
            return len(after), after[0] if after else ""
    raise AssertionError("the last point is always certain")


def check_after_certain(text: str | RuleSet) -> None:
    ruleset = ruleset_of(text) if isinstance(text, str) else text
    walked = Context(ruleset, TODAY, Locator(ruleset, None)).late
    got = after_certain(Encoding(ruleset))
    assert [(a.level, a.worst, a.bound) for a in got] == [(a.level, a.worst, a.bound) for a in walked]
    for a in got:
        answers = a.example.answers
        assert engine.applicable(ruleset, answers) == answers
        assert engine.evaluate(ruleset, answers).level.id == a.level == a.example.level
        assert late_in(ruleset, answers, a.level) == (a.worst, a.first)


# "No weakness" made urgent: a yes then asks the side, and one side gives soon, a less urgent level.
LOWERING = with_rule(
    "  - id: no_weakness\n    when: weakness is no\n    level: urgent\n    message: M.\n"
    "    rationale: R.\n    sources: [SRC]\n"
)


def test_a_yes_that_lowers_the_level_is_counted_with_the_newly_asked_question() -> None:
    ruleset = ruleset_of(LOWERING)
    [found] = lowered(ruleset)
    assert (found.question, found.pairs) == ("weakness", joint_counts(ruleset)["weakness"]) == ("weakness", 1)
    before, after, ra, rb = found.examples[0]
    assert (before, after, LEVEL_IDS[ra], LEVEL_IDS[rb]) == (
        {"signs": ("none",), "weakness": ("no",)},
        {"signs": ("none",), "weakness": ("yes",), "side": ("one_side",)},
        "urgent",
        "soon",
    )


def test_the_bundled_base_file_is_monotone_and_its_late_questions_are_the_walks() -> None:
    assert list(lowered(ruleset_of(BASE))) == []
    check_after_certain(BASE)


def walk_figures(ruleset: RuleSet) -> tuple[dict[str, int], list[tuple[str, int, str]]]:
    """The walks' monotonicity counts (from the check's messages) and questions after certain."""
    from selfcheck.analysis.checks import monotonicity

    ctx = Context(ruleset, TODAY, Locator(ruleset, None))
    counts = {f.message.split("'")[1]: int(f.message.split("(")[1].split(" ")[0]) for f in monotonicity.check(ctx)}
    return counts, [(a.level, a.worst, a.first) for a in ctx.late]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("family", "size"),
    [("bundled", 1), ("bundled", 2), ("interlocked", 12), ("checklist", 10), ("tests6", 12)],
)
def test_the_scaling_families_get_the_walks_figures(family: str, size: int) -> None:
    import generators

    ruleset = ruleset_of(getattr(generators, family)(size))
    counts, late = walk_figures(ruleset)
    assert {lo.question: lo.pairs for lo in lowered(ruleset)} == counts
    got = after_certain(Encoding(ruleset))
    assert [(a.level, a.worst) for a in got] == [(level, worst) for level, worst, _ in late]
    for a in got:
        assert engine.evaluate(ruleset, a.example.answers).level.id == a.level


class Stop(Exception):
    pass


def over_after(calls: int) -> Callable[[], None]:
    """A tick that raises at its given call (as a budget's check past its limit)."""
    seen = [0]

    def tick() -> None:
        seen[0] += 1
        if seen[0] >= calls:
            raise Stop

    return tick


@pytest.mark.parametrize("calls", [1, 2, 4])
def test_both_checks_stop_at_the_budget_between_diagram_operations(calls: int) -> None:
    ruleset = ruleset_of(LOWERING)
    with pytest.raises(Stop):
        list(lowered(ruleset, over_after(calls)))
    with pytest.raises(Stop):
        after_certain(Encoding(ruleset), over_after(calls))


def test_a_bound_exceeded_is_the_same_located_error_with_the_diagrams() -> None:
    from test_after_certain import bounded

    from selfcheck.analysis.orchestrate import analyze

    walk, bdd = (analyze(bounded(0), TODAY, method=m) for m in ("walk", "bdd"))
    assert bdd.method == "bdd" and bdd.unavailable == ()
    assert [f.located("rules.yaml") for f in bdd.errors] == [
        "rules.yaml:15:87: error: at most 0 questions may be asked after 'emergency' is certain; these answers "
        "ask 1 question after it was, from 'cramps' on [after-certain]"
    ]
    assert [f.located("rules.yaml") for f in walk.errors] == [f.located("rules.yaml") for f in bdd.errors]
    assert bdd.errors[0].examples[0].answers == {
        "signs": ("none",),
        "weakness": ("yes",),
        "onset": ("sudden",),
        "cramps": ("no",),
    }


@pytest.mark.parametrize(("questions", "rules", "tests"), [(6, 6, 2), (8, 8, 3), (7, 10, 2)])
def test_a_file_that_asks_every_question_gets_the_walks_late_questions_by_halving(
    questions: int, rules: int, tests: int
) -> None:
    import generators

    ruleset = ruleset_of(generators.wide_rules(questions, rules, tests))
    enc = Encoding(ruleset)
    assert all(a == enc.bdd.true for a in enc.asked)  # no ask_if, no stop, no stopping level held: late.first_sure
    _, walked = walk_figures(ruleset)
    got = after_certain(enc)
    assert [(a.level, a.worst, a.first) for a in got] == walked
    for a in got:
        assert engine.evaluate(ruleset, a.example.answers).level.id == a.level
        assert late_in(ruleset, a.example.answers, a.level) == (a.worst, a.first)


def yes_no(qid: str, ask_if: str = "") -> str:
    return (
        f"  - id: {qid}\n    kind: symptom\n    type: yesno\n"
        + (f"    ask_if: {ask_if}\n" if ask_if else "")
        + f"    text: {qid}?\n    help: Help.\n    summary: {qid}\n"
    )


# Every answer to q1 gives urgent: urgent is certain before any question is answered, so both questions are
# asked after it (the diagrams count the questions of a file that asks every one by halving, late.first_sure).
EITHER_WAY = generators.rule_file(
    yes_no("q0") + yes_no("q1"),
    "".join(generators.rule(f"r_{a}", f"q1 is {a}", "urgent") for a in ("yes", "no", "not_sure")),
)
# The same with q1 asked only after a yes to q0, and the rules on q0: certain at once, then one or two questions.
EITHER_WAY_ASKED_IF = generators.rule_file(
    yes_no("q0") + yes_no("q1", ask_if="q0 is yes"),
    "".join(generators.rule(f"r_{a}", f"q0 is {a}", "urgent") for a in ("yes", "no", "not_sure")),
)


@pytest.mark.parametrize(("text", "every_asked"), [(EITHER_WAY, True), (EITHER_WAY_ASKED_IF, False)])
def test_a_level_certain_before_the_first_question_counts_every_question_after_it(text: str, every_asked: bool) -> None:
    ruleset = ruleset_of(text)
    enc = Encoding(ruleset)
    assert all(a == enc.bdd.true for a in enc.asked) is every_asked
    _, walked = walk_figures(ruleset)
    got = after_certain(enc)
    assert [(a.level, a.worst, a.first) for a in got] == walked == [("urgent", 2, "q0")]
    for a in got:
        assert engine.evaluate(ruleset, a.example.answers).level.id == a.level
        assert late_in(ruleset, a.example.answers, a.level) == (a.worst, a.first)


@pytest.mark.parametrize("calls", [1, 2])
def test_the_questions_after_certain_of_a_file_that_asks_every_question_stop_at_the_budget(calls: int) -> None:
    # Halving over EITHER_WAY's two positions quantifies twice (positions 1 then 0), each after a tick.
    enc = Encoding(ruleset_of(EITHER_WAY))
    assert all(a == enc.bdd.true for a in enc.asked)
    with pytest.raises(Stop):
        after_certain(enc, over_after(calls))


@pytest.mark.parametrize("text", [BASE, with_questions(1)], ids=["base", "with a context question"])
def test_the_monotonicity_examples_weigh_each_answer_as_the_quietest_examples_do(text: str) -> None:
    # Worrying answers (a yes, a plain choice ticked, of a sign or symptom) dearest, then any answer, then
    # every choice but "no" and "none of these": the weights of encode.Encoding.quiet_weights, per choice.
    ruleset = ruleset_of(text)
    v, enc = Vars(ruleset), Encoding(ruleset)
    quiet = {enc.choice_of[name]: weight for name, weight in enc.quiet_weights().items()}
    weights = _weights(v)
    assert {choice: weights[name] for choice, name in v.names.items()} == quiet
    assert len(set(quiet.values())) == 3


def test_the_flows_variables_are_in_the_encodings_order_and_read_back_as_the_answers_set() -> None:
    # Rules reading q2 with q0 and q3 with q1: file, first-read and FORCE orders all differ.
    text = generators.rule_file(
        "".join(yes_no(f"q{i}") for i in range(4)),
        generators.rule("r0", "q2 is yes and q0 is yes", "urgent")
        + generators.rule("r1", "q3 is yes and q1 is yes", "soon"),
    )
    ruleset = ruleset_of(text)
    v, enc = Vars(ruleset), Encoding(ruleset)
    position = {q.id: i for i, q in enumerate(ruleset.questions)}
    by_name = {name: qid for (qid, _), name in v.names.items()}
    order = list(dict.fromkeys(position[by_name[name]] for name in v.bdd.vars))
    assert order == list(dict.fromkeys(position[enc.choice_of[name][0]] for name in enc.bdd.vars))
    assert len({tuple(order), tuple(question_order(ruleset, "reads")), tuple(range(4))}) == 3
    # Variables not in the assignment are not chosen.
    assert v.answers({}) == {}
    assert v.answers({v.names[("q1", "yes")]: True, v.names[("q2", "no")]: False}) == {"q1": ("yes",)}


# A yes to q0 makes urgent certain at once (position 1), and q2 is asked only after a yes to q1.
FIRST_DECIDES = generators.rule_file(
    yes_no("q0") + yes_no("q1") + yes_no("q2", ask_if="q1 is yes"),
    generators.rule("r0", "q0 is yes", "urgent") + generators.rule("r1", "q1 is yes or q2 is yes", "soon"),
)


@pytest.mark.parametrize(
    "name", ["early", "late", "urgent marked", "split", "bound exceeded", "asked if", "first answer decides"]
)
def test_the_questions_after_certain_and_the_first_of_them_are_the_walks_on_chosen_files(name: str) -> None:
    from test_after_certain import bounded
    from test_certainty import ORACLE_FILES

    chosen = {
        **ORACLE_FILES,
        "bound exceeded": bounded(0),
        "asked if": ruleset_of(EITHER_WAY_ASKED_IF),
        "first answer decides": ruleset_of(FIRST_DECIDES),
    }
    check_after_certain(chosen[name])


def test_only_the_yes_no_and_checklist_questions_of_signs_and_symptoms_are_checked_for_monotonicity() -> None:
    # The base file's signs (a checklist) and weakness (yes/no); side is single-choice; q0 is a context yes/no.
    ruleset = ruleset_of(with_questions(1))
    assert [q.id for q in ruleset.questions] == ["signs", "weakness", "side", "q0"]
    assert [q.id for q in ruleset.questions if monotone(q)] == ["signs", "weakness"]


# A checklist no rule reads, with an exclusive answer: replacing "none" by a choice is a pair to check.
UNREAD_CHECKLIST = changed(
    (
        "rules:\n",
        "  - id: aches\n    kind: symptom\n    type: multiple\n    text: Aches?\n    help: Tick all.\n"
        "    summary: Aches\n    choices:\n      - {id: head, label: Head}\n      - {id: back, label: Back}\n"
        "      - {id: none, label: None of these, exclusive: true}\nrules:\n",
    ),
    text=BASE,
)


def test_a_checklist_no_rule_reads_has_a_pair_to_check_and_lowers_no_level() -> None:
    ruleset = ruleset_of(UNREAD_CHECKLIST)
    aches = next(q for q in ruleset.questions if q.id == "aches")
    assert has_pairs(ruleset, aches)
    assert list(lowered(ruleset)) == []
    assert joint_counts(ruleset) == {}


# A yes to q0 gives soon, and urgent needs a no to q0 and a yes to q1. Soon is certain once q0 is yes (no
# emergency rule), so where soon stops when certain q1 is not asked after it; none is certain once q0 is not
# sure, and q1 is still asked there unless none stops when certain too.
SOON_AFTER_A_YES = generators.rule_file(
    yes_no("q0") + yes_no("q1"),
    generators.rule("r0", "q0 is yes", "soon") + generators.rule("r1", "q0 is no and q1 is yes", "urgent"),
)


@pytest.mark.parametrize(
    ("stopping", "expected"),
    [
        (("soon",), [("urgent", 0, ""), ("soon", 0, ""), ("none", 1, "q1")]),
        (("soon", "none"), [("urgent", 0, ""), ("soon", 0, ""), ("none", 0, "")]),
    ],
)
def test_levels_that_stop_when_certain_below_emergency_end_the_questions_as_the_walk_ends_them(
    stopping: tuple[str, ...], expected: list[tuple[str, int, str]]
) -> None:
    text = SOON_AFTER_A_YES
    for level in stopping:
        text = text.replace(f"  - {{id: {level}, ", f"  - {{id: {level}, stop_when_certain: true, ", 1)
    ruleset = ruleset_of(text)
    assert [v.id for v in ruleset.levels if v.ends_when_certain] == ["emergency", *stopping]
    _, walked = walk_figures(ruleset)
    got = after_certain(Encoding(ruleset))
    assert [(a.level, a.worst, a.first) for a in got] == walked == expected


# Back and neck are read only together ('has all'), so each is a group of its own, after head's; ticking head
# as well as both stops the urgent rule: one before/after pair lowers the level (urgent to soon).
HAS_ALL_CHECKLIST = generators.rule_file(
    "  - id: aches\n    kind: symptom\n    type: multiple\n    text: Aches?\n    help: Tick all.\n"
    "    summary: Aches\n    choices:\n      - {id: head, label: Head}\n      - {id: back, label: Back}\n"
    "      - {id: neck, label: Neck}\n      - {id: none, label: None of these, exclusive: true}\n",
    generators.rule("r0", "aches has all [back, neck] and not aches has head", "urgent")
    + generators.rule("r1", "aches has head", "soon"),
)


def test_the_groups_read_alike_before_a_has_all_group_are_kept_and_checked() -> None:
    ruleset = ruleset_of(HAS_ALL_CHECKLIST)
    assert groups(ruleset, ruleset.questions[0]) == ([["head"], ["back"], ["neck"]], [], ["none"])
    assert [(lo.question, lo.pairs) for lo in lowered(ruleset)] == [("aches", 1)]
    check_monotonicity(HAS_ALL_CHECKLIST)


def check_flows_are_the_engines(ruleset: RuleSet) -> None:
    """Every answer set the engine keeps, its level and the questions it asks, as the encoding and flow A of
    the monotonicity check (paths.Track over Vars) give them, and no other answer set."""
    kept: dict[tuple[tuple[str, tuple[str, ...]], ...], str] = {}
    for full in ways_on(ruleset, {}, 0):
        answers = engine.applicable(ruleset, full)
        kept[tuple(sorted(answers.items()))] = engine.evaluate(ruleset, answers).level.id
    enc, v = Encoding(ruleset), Vars(ruleset)
    flows = Flows(v, lambda: None)
    track = flows.at()
    assert enc.count(enc.bdd.true) == v.bdd.count(flows.space) == len(kept)
    for key, level in kept.items():
        answers = dict(key)
        ranks = [r == LEVEL_IDS.index(level) for r in range(len(LEVEL_IDS))]
        asked = [q.id in answers for q in ruleset.questions]
        for bdd, names, space, rank_is, asked_at in (
            (enc.bdd, {name: choice for name, choice in enc.choice_of.items()}, enc.space, enc.rank_is, enc.asked),
            (v.bdd, {name: choice for choice, name in v.names.items()}, flows.space, track.rank_is, track.asked),
        ):
            values = {name: cid in answers.get(qid, ()) for name, (qid, cid) in names.items()}
            assert bdd.let(values, space) == bdd.true, answers
            assert [bdd.let(values, x) == bdd.true for x in rank_is] == ranks, answers
            assert [bdd.let(values, x) == bdd.true for x in asked_at] == asked, answers


def stops_when_certain(text: str, *levels: str) -> str:
    for level in levels:
        text = text.replace(f"  - {{id: {level}, ", f"  - {{id: {level}, stop_when_certain: true, ", 1)
    return text


# Emergency is held before any answer (q0 unanswered is not a yes) and every way on gives it: nothing is asked.
EMERGENCY_AT_ONCE = generators.rule_file(
    yes_no("q0") + yes_no("q1"),
    generators.rule("r0", "not q0 is yes", "emergency")
    + generators.rule("r1", "q0 is yes and q1 in [yes, no, not_sure]", "emergency"),
)
# After a yes to q0 soon is certain, but urgent is held too while q1 is not answered: the questions go on.
HELD_ABOVE = stops_when_certain(
    generators.rule_file(
        yes_no("q0") + yes_no("q1"),
        generators.rule("r0", "q0 is yes", "soon") + generators.rule("r1", "not q1 in [yes, no, not_sure]", "urgent"),
    ),
    "soon",
)
# Emergency is sure after a yes to q0 (q1 is always asked, and any answer gives it) but not held before q1's.
SURE_BEFORE_HELD = generators.rule_file(
    yes_no("q0") + yes_no("q1"), generators.rule("r0", "q0 is yes and q1 in [yes, no, not_sure]", "emergency")
)
# A yes to q0 makes emergency certain at once: q2, which would undo it, is asked only after a no to q0.
ASKED_LATER = generators.rule_file(
    yes_no("q0") + yes_no("q1") + yes_no("q2", ask_if="q0 is no"),
    generators.rule("r0", "q0 is yes and not q2 is yes", "emergency") + generators.rule("r1", "q1 is yes", "soon"),
)


@pytest.mark.parametrize(
    "name",
    [
        "early",
        "late",
        "urgent marked",
        "split",
        "soon stops",
        "soon and none stop",
        "has all",
        "emergency at once",
        "held above",
        "asked later",
        "sure before held",
    ],
)
def test_the_diagrams_answer_sets_levels_and_questions_asked_are_the_engines(name: str) -> None:
    from test_certainty import ORACLE_FILES

    chosen = {
        **ORACLE_FILES,
        "soon stops": ruleset_of(stops_when_certain(SOON_AFTER_A_YES, "soon")),
        "soon and none stop": ruleset_of(stops_when_certain(SOON_AFTER_A_YES, "soon", "none")),
        "has all": ruleset_of(HAS_ALL_CHECKLIST),
        "emergency at once": ruleset_of(EMERGENCY_AT_ONCE),
        "held above": ruleset_of(HELD_ABOVE),
        "asked later": ruleset_of(ASKED_LATER),
        "sure before held": ruleset_of(SURE_BEFORE_HELD),
    }
    check_flows_are_the_engines(chosen[name])


def test_a_file_that_asks_nothing_asks_nothing_after_its_level_is_certain() -> None:
    # No question is ever asked (emergency is certain before the first): none is asked after it either, though
    # a file whose every answer set asks every question would count them all (late.first_sure).
    ruleset = ruleset_of(EMERGENCY_AT_ONCE)
    enc = Encoding(ruleset)
    assert all(a == enc.bdd.false for a in enc.asked)
    _, walked = walk_figures(ruleset)
    assert [(a.level, a.worst, a.first) for a in after_certain(enc)] == walked == [("emergency", 0, "")]
    check_after_certain(ruleset)


# Urgent is held while q0 is not a no, and with a no, after a yes to q1; q1 is asked only after a no, q2 and
# q3 only after a yes to q1. The most asked after certain is 2 (q2, q3 after a no to q0 and a yes to q1);
# before any answer is given, urgent would be certain at once.
CERTAIN_UNANSWERED = generators.rule_file(
    yes_no("q0")
    + yes_no("q1", ask_if="q0 is no")
    + yes_no("q2", ask_if="q1 is yes")
    + yes_no("q3", ask_if="q1 is yes"),
    generators.rule("r0", "not q0 is no", "urgent") + generators.rule("r1", "q1 is yes", "urgent"),
)


def test_the_first_question_after_certain_is_found_on_the_example_not_on_no_answers() -> None:
    ruleset = ruleset_of(CERTAIN_UNANSWERED)
    _, walked = walk_figures(ruleset)
    got = after_certain(Encoding(ruleset))
    assert [(a.level, a.worst, a.first) for a in got if a.level == "urgent"] == [("urgent", 2, "q2")]
    assert [(a.level, a.worst, a.first) for a in got] == walked
    check_after_certain(ruleset)


# A no to q0 gives soon and the questions stop there (soon stops when certain): a yes asks q1, whose no or not
# sure then gives none, less urgent (q1's yes gives urgent). With emergency for the no and soon for q1's yes,
# every rule is at a level that stops when certain, and a yes lowers the level whatever q1's answer.
STOPS_AT_A_NO = {
    (at_no, at_yes): stops_when_certain(
        generators.rule_file(
            yes_no("q0") + yes_no("q1"),
            generators.rule("r0", "q0 is no", at_no) + generators.rule("r1", "q0 is yes and q1 is yes", at_yes),
        ),
        "soon",
    )
    for at_no, at_yes in (("soon", "urgent"), ("emergency", "soon"))
}


@pytest.mark.parametrize(("levels", "pairs"), [(("soon", "urgent"), 2), (("emergency", "soon"), 3)])
def test_a_question_asked_only_where_the_changed_answer_does_not_make_a_level_certain_is_newly_asked(
    levels: tuple[str, str], pairs: int
) -> None:
    # Without certainty, whether q1 is asked would not depend on q0 (no ask_if, no stop rule).
    check_monotonicity(STOPS_AT_A_NO[levels])
    assert joint_counts(ruleset_of(STOPS_AT_A_NO[levels])) == {"q0": pairs}


# None stops when certain: after a yes or a not sure to q0 no rule can fire, so q1 is not asked; after a no it
# is, and only its yes keeps the urgent rule from firing.
NONE_STOPS = stops_when_certain(
    generators.rule_file(yes_no("q0") + yes_no("q1"), generators.rule("r0", "q0 is no and not q1 is yes", "urgent")),
    "none",
)


def test_a_question_the_changed_answer_leaves_unasked_is_not_answered_in_flow_a_either() -> None:
    # No to yes lowers urgent to none where q1 is no or not sure (two pairs; so does a yes to q1 after either):
    # an unanswered q1, which only a yes or a not sure to q0 leaves, is no answer set of flow A after a no.
    check_monotonicity(NONE_STOPS)
    assert joint_counts(ruleset_of(NONE_STOPS)) == {"q0": 2, "q1": 2}


def test_flow_as_track_is_made_between_ticks_of_the_budget() -> None:
    flows = Flows(Vars(ruleset_of(LOWERING)), over_after(1))
    with pytest.raises(Stop):
        flows.at()
    assert flows.track is None  # stopped inside the Track, before anything was kept
