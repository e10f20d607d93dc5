"""`analyze --method bdd` on chosen files, the switch between the methods, and what the output says of them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dd")
# The counting oracle's generated rule files and helpers live in tests/analysis: reused, not copied.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generators
from analysis_files import BASE, TODAY, analysis_of, answer_sets, changed, rule, ruleset_of, with_questions, with_rule
from generators import checklist, header
from test_after_certain import bounded
from test_analysis import DEFECTS
from test_certainty import ORACLE_FILES
from test_requirements import BOTH_SIDES, NEVER, ONE_SIDE_CALM, PROVED, with_requirements
from test_symbolic_paths import EITHER_WAY, check_monotonicity, yes_no

from selfcheck.analysis import orchestrate
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.findings import Example
from selfcheck.analysis.joint import Joint
from selfcheck.analysis.orchestrate import Analysis, analyze
from selfcheck.analysis.requirements import VIOLATED
from selfcheck.analysis.symbolic.monotone import MAX_EXAMPLES, lowered
from selfcheck.analysis.walks import RANKS
from selfcheck.cli.main import main
from selfcheck.engine import flow as engine
from selfcheck.engine.classes import build_domains
from selfcheck.engine.space import Flow
from selfcheck.model.ruleset import Answers, RuleSet
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset

# What the symbolic backend does not check yet: its families say so (not checked).
NOT_YET: set[str] = set()


def both(text: str | RuleSet) -> tuple[Analysis, Analysis]:
    doc = strict_yaml.parse("rules.yaml", text) if isinstance(text, str) else None
    ruleset = build_ruleset(doc) if doc is not None else text
    assert isinstance(ruleset, RuleSet)
    return analyze(ruleset, TODAY, doc, method="walk"), analyze(ruleset, TODAY, doc, method="bdd")


def check_same(text: str | RuleSet) -> None:
    walk, bdd = both(text)
    ruleset = ruleset_of(text) if isinstance(text, str) else text
    assert (walk.method, bdd.method) == ("walk", "bdd")
    assert bdd.complete and bdd.unavailable == ()
    assert bdd.monotone_questions == walk.monotone_questions
    assert [(a.level, a.worst, a.bound) for a in bdd.after_certain] == [
        (a.level, a.worst, a.bound) for a in walk.after_certain
    ]
    assert (bdd.answer_sets, bdd.levels, bdd.rules, bdd.questions) == (
        walk.answer_sets,
        walk.levels,
        walk.rules,
        walk.questions,
    )
    for w, b in zip(walk.requirements, bdd.requirements, strict=True):
        assert (b.id, b.status, b.applies, b.violations) == (w.id, w.status, w.applies, w.violations)
        # The walk names the rules it met on one answer set per end state; the diagrams name every one.
        assert set(w.satisfied_by) <= set(b.satisfied_by)
        if b.example is not None:
            result = engine.evaluate(ruleset, b.example.answers)
            assert not b.requirement.allows(result.level.id) and b.requirement.when.holds(result.answers)
            assert b.decided_by == tuple(rule.id for rule in result.fired if rule.level == result.level.id)
    same = [(f.severity, f.check, f.message, f.line, f.col) for f in walk.findings if f.check not in NOT_YET]
    assert [(f.severity, f.check, f.message, f.line, f.col) for f in bdd.findings] == same
    for f in bdd.findings:
        for example in f.examples:  # every example is an answer set the flow asks in full, at its level
            result = engine.evaluate(ruleset, example.answers)
            assert (dict(result.answers), result.level.id) == (dict(example.answers), example.level)


# One file for each finding and figure the diagrams give, in a fraction of a second each (test_symbolic_oracle.py
# draws many more): the analysis tests' defects, requirements proved, broken (either bound) and never applying,
# a gap, levels that stop when certain, and a bound on the questions after certain exceeded.
GAP_FILE = changed(
    (
        "  - id: side\n",
        "  - id: cramps\n    kind: symptom\n    type: yesno\n    text: Cramps?\n    help: Painful tightening.\n"
        "    summary: Cramps\n  - id: side\n",
    )
)
CHOSEN: dict[str, str | RuleSet] = {
    **DEFECTS,
    "requirements": with_requirements(PROVED, BOTH_SIDES, ONE_SIDE_CALM, NEVER),
    "gap": GAP_FILE,
    **ORACLE_FILES,
    "bound exceeded": bounded(0),
    # Every question asked (late.first_sure), and a bound below the questions asked after urgent is certain.
    "every question asked, bound exceeded": EITHER_WAY.replace(
        "{id: urgent, ", "{id: urgent, max_questions_after_certain: 1, "
    ),
    # A rule at level none on a yes no other rule reads: the answer sets where it fires are no gap.
    "a rule at none on a yes": with_rule(rule("cramps_none", "cramps is yes", "none"), text=GAP_FILE),
    "a shadowed rule and a gap": with_rule(rule("weak_any", "weakness is yes", "routine"), text=GAP_FILE),
    # Emergency whatever q0 says: certain before the first question (the certainty stops at position 0).
    "emergency whatever the first answer": generators.rule_file(
        yes_no("q0") + yes_no("q1"),
        "".join(generators.rule(f"r_{a}", f"q0 is {a}", "emergency") for a in ("yes", "no", "not_sure"))
        + generators.rule("r_q1", "q1 is yes", "soon"),
    ),
    "none stops when certain": BASE.replace(
        "{id: none, label: Nothing", "{id: none, stop_when_certain: true, label: Nothing"
    ),
    "soon stops when certain": BASE.replace("{id: soon, ", "{id: soon, stop_when_certain: true, "),
}


@pytest.mark.parametrize("name", CHOSEN)
def test_the_diagrams_give_the_walks_figures_and_findings_on_chosen_files(name: str) -> None:
    check_same(CHOSEN[name])


def test_the_requirements_rules_are_every_rule_that_meets_one_somewhere() -> None:
    requirement = (
        "requirements:\n  - {id: weak, when: weakness is yes, at_least: soon, source: SRC, clause: '1', "
        "rationale: R.}\n"
    )
    ruleset = ruleset_of(BASE + requirement)
    bdd = analyze(ruleset, TODAY, method="bdd")
    every = [engine.evaluate(ruleset, a) for a in answer_sets(ruleset)]
    met = {
        r.id for res in every if res.answers.get("weakness") == ("yes",) for r in res.fired if r.level == res.level.id
    }
    assert set(bdd.requirements[0].satisfied_by) == met


def test_auto_walks_a_small_file_and_counts_a_large_checklist_symbolically() -> None:
    assert analyze(ruleset_of(BASE), TODAY).method == "walk"
    big = analyze(ruleset_of(checklist(24)), TODAY)
    assert (big.method, big.complete, big.answer_sets) == ("bdd", True, 2**24 - 1)
    walked = analyze(ruleset_of(checklist(24)), TODAY, method="walk")
    assert not walked.complete
    assert [f.message for f in walked.errors] == [
        "question 'list' has 24 independently read groups of choices: too many to check every combination"
    ]


def test_auto_gives_the_walk_up_past_its_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(orchestrate, "AUTO_STATES", 5)
    got = analyze(ruleset_of(with_questions(3)), TODAY)
    assert (got.method, got.complete) == ("bdd", True)
    assert got.levels == analyze(ruleset_of(with_questions(3)), TODAY, method="walk").levels


def test_a_walk_stopped_at_the_callers_own_states_under_the_allowance_is_not_given_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The allowance is the caller's budget (5 states) when that is the smaller: meeting it is the caller's stop.
    monkeypatch.setattr(orchestrate, "AUTO_STATES", 6)
    got = analyze(ruleset_of(BASE), TODAY, limits=Budget(max_states=5))
    assert (got.method, got.complete) == ("walk", False)
    assert [f.message for f in got.errors] == [
        "the analysis stopped at its limit: more than 5 states of the answer space to walk; "
        "it cannot check every answer set of this file yet"
    ]


DIAGRAMS_PROGRESS = re.compile(r"check \d+ of \d+ \([a-z-]+\), binary decision diagrams, \d+ s")


def test_a_walk_auto_gives_up_goes_on_telling_progress_as_the_diagrams_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(orchestrate, "AUTO_STATES", 5)
    seen: list[str] = []
    got = analyze(ruleset_of(BASE), TODAY, progress=seen.append)
    assert got.method == "bdd"
    assert [line for line in seen if DIAGRAMS_PROGRESS.fullmatch(line)] != []


def test_an_answer_space_the_walk_refuses_tells_progress_as_the_diagrams_count_it() -> None:
    seen: list[str] = []
    got = analyze(ruleset_of(checklist(17)), TODAY, progress=seen.append)
    assert (got.method, got.complete) == ("bdd", True)
    assert seen != [] and all(DIAGRAMS_PROGRESS.fullmatch(line) for line in seen), seen


def test_a_walk_auto_gives_up_locates_the_diagrams_findings_as_the_method_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A red flag broken (its emergency rule lowered to urgent): the finding stands at the flagged choice.
    text = BASE.replace("    level: emergency\n    stop: true", "    level: urgent\n    stop: true")
    doc = strict_yaml.parse("rules.yaml", text)
    ruleset = build_ruleset(doc)._replace(source_map=None)  # positions from the document given only
    asked = analyze(ruleset, TODAY, doc, method="bdd")
    monkeypatch.setattr(orchestrate, "AUTO_STATES", 5)
    got = analyze(ruleset, TODAY, doc)
    assert got.method == "bdd"
    located = [(f.check, f.line, f.col) for f in got.findings]
    assert located == [(f.check, f.line, f.col) for f in asked.findings]
    assert ("red-flag", 29, 14) in located  # the choice's place in the document, not its question's line


def test_the_output_says_the_diagrams_counted_and_what_they_proved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert main(["analyze", str(path), "--today", "2026-11-21", "--method", "bdd"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "proved: monotone in 2 questions: a more worrying answer never gives a less urgent level" in out
    assert not [line for line in out if line.startswith("not checked")]
    assert (
        "counted by: binary decision diagrams, exactly (the walk of the answer space is not needed) (--method bdd)"
        in out
    )
    assert out[-1].startswith(f"{path}: 10 answer sets covered (") and " diagram nodes, " in out[-1]


def test_bdd_without_dd_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfcheck.analysis.symbolic import bdd

    monkeypatch.setattr(bdd, "available", lambda: False)
    path = tmp_path / "rules.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert main(["analyze", str(path), "--method", "bdd"]) == 2
    assert capsys.readouterr().err == (
        "selfcheck analyze: --method bdd needs the dd package: pip install 'selfcheck[scale]'\n"
    )


@pytest.mark.parametrize(("limit", "message"), [(["--max-seconds", "0.000001"], "more than 1e-06 CPU seconds")])
def test_a_budget_ends_the_diagrams_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: list[str], message: str
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(checklist(24), encoding="utf-8")
    assert main(["analyze", str(path), "--method", "bdd", *limit]) == 1
    out = capsys.readouterr().out
    assert f"the analysis stopped at its limit: {message}" in out
    assert "FAILED: the analysis stopped at its limit: what is not checked is not proved" in out


@pytest.mark.parametrize("command", ["validate", "run"])
def test_run_and_validate_never_import_the_symbolic_backend(tmp_path: Path, command: str) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(BASE, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("signs: [none]\nweakness: 'no'\n", encoding="utf-8")
    args = [command, str(rules)] if command == "validate" else ["run", "--answers", str(answers), "--rules", str(rules)]
    code = (
        "import sys; from selfcheck.cli.main import main; code = main(sys.argv[1:]); "
        "print(code, sorted(m for m in sys.modules if m == 'dd' or m.startswith(('dd.', 'selfcheck.analysis'))))"
    )
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=root, timeout=60)
    assert proc.stdout.splitlines()[-1] == "0 []", proc.stderr


@pytest.mark.parametrize(
    ("choices", "when", "pairs"),
    [
        # Both choices read alike and nothing else to tick: one class, no more worrying answer to compare.
        ("[{id: c0, label: c0}, {id: c1, label: c1}]", "q0 has any [c0, c1]", False),
        ("[{id: c0, label: c0}, {id: c1, label: c1}]", "q0 has c0", True),  # c1 unread: c0 added to it
        ("[{id: c0, label: c0}, {id: c1, label: c1}]", "q0 has all [c0, c1]", True),
        ("[{id: c0, label: c0}, {id: none, label: None, exclusive: true}]", "q0 has c0", True),
    ],
)
def test_a_checklist_has_before_after_pairs_exactly_when_the_walk_finds_some(
    choices: str, when: str, pairs: bool
) -> None:
    text = (
        header()
        + "questions:\n  - id: q0\n    kind: symptom\n    type: multiple\n    text: Q?\n    help: H.\n"
        + f"    summary: S0\n    choices: {choices}\n"
        + f"rules:\n  - id: r0\n    when: {when}\n    level: soon\n    message: M.\n    rationale: R.\n"
        + "    sources: [SRC]\nsafety_net: S.\ndisclaimer: D.\n"
    )
    walk, bdd = both(text)
    assert walk.monotone_questions == bdd.monotone_questions == int(pairs)


COUNTED_BY_BDD = (
    "Counted by: binary decision diagrams, exactly (the walk of the answer space is not needed) (--method bdd)."
)


def test_review_takes_the_method_and_says_which_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert main(["review", str(path), "--method", "bdd"]) == 0
    assert COUNTED_BY_BDD in capsys.readouterr().out.splitlines()
    assert main(["review", str(path), "--method", "walk"]) == 0
    assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith("Counted by")]
    assert main(["review", str(path), "--method", "bdd", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["coverage"]["method"] == "bdd"


def test_review_does_not_take_figures_another_method_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFCHECK_CACHE", str(tmp_path / "kept"))
    path = tmp_path / "rules.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert main(["analyze", str(path), "--method", "walk"]) == 0  # kept for review
    capsys.readouterr()
    assert main(["review", str(path), "--method", "bdd"]) == 0
    assert COUNTED_BY_BDD in capsys.readouterr().out.splitlines()
    assert main(["review", str(path)]) == 0  # auto takes what was kept: the diagrams' figures, kept last
    assert COUNTED_BY_BDD in capsys.readouterr().out.splitlines()


def test_review_with_bdd_without_dd_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfcheck.analysis.symbolic import bdd

    monkeypatch.setattr(bdd, "available", lambda: False)
    path = tmp_path / "rules.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert main(["review", str(path), "--method", "bdd"]) == 2
    assert capsys.readouterr().err == (
        "selfcheck review: --method bdd needs the dd package: pip install 'selfcheck[scale]'\n"
    )


def engine_runs(monkeypatch: pytest.MonkeyPatch) -> list[Answers]:
    """The answer sets given to the engine from now on, in turn."""
    real, runs = engine.evaluate, []

    def counted(ruleset: RuleSet, answers: Answers) -> engine.Result:
        runs.append(dict(answers))
        return real(ruleset, answers)

    monkeypatch.setattr(engine, "evaluate", counted)
    return runs


# Files whose findings are the figures' own (the monotonicity and requirement checks' examples are checked by
# the engine outside the figures, and not counted there).
@pytest.mark.parametrize(
    "name", ["no defect", "shadowed rule", "lowered emergency rule", "gap", "a shadowed rule and a gap"]
)
def test_the_diagrams_evaluations_are_the_answer_sets_they_gave_the_engine(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    runs = engine_runs(monkeypatch)
    got = analysis_of(str(CHOSEN[name]), method="bdd")
    assert got.evaluations == len(runs) > 0


def test_the_diagrams_evaluations_leave_out_only_the_second_look_at_a_broken_requirements_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The requirement check's findings run the engine on each broken requirement's example again, uncounted.
    runs = engine_runs(monkeypatch)
    got = analysis_of(str(CHOSEN["requirements"]), method="bdd")
    broken = [p for p in got.requirements if p.status == VIOLATED]
    assert len(broken) == 2
    assert got.evaluations == len(runs) - len(broken)


def test_a_crash_of_the_engine_on_an_answer_set_the_diagrams_give_is_an_error_with_those_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = engine.evaluate

    def fragile(ruleset: RuleSet, answers: Answers) -> engine.Result:
        if "breathing" in answers.get("signs", ()):
            raise KeyError("breathing")
        return real(ruleset, answers)

    monkeypatch.setattr(engine, "evaluate", fragile)
    crashes = [f for f in analysis_of(BASE, method="bdd").findings if f.check == "no-crash"]
    assert [(f.severity, f.message, f.examples) for f in crashes] == [
        (
            "error",
            "evaluating these answers crashes (KeyError: 'breathing')",
            (Example({"signs": ("breathing",)}, "?"),),
        )
    ]


@pytest.mark.parametrize("wrong", ["level", "answers"])
def test_the_engine_must_give_the_level_the_diagrams_counted_on_the_answers_given(
    monkeypatch: pytest.MonkeyPatch, wrong: str
) -> None:
    real = engine.evaluate

    def changed_result(ruleset: RuleSet, answers: Answers) -> engine.Result:
        result = real(ruleset, answers)
        if answers != {"signs": ("breathing",)}:
            return result
        if wrong == "level":
            return result._replace(level=ruleset.level("urgent"))
        return result._replace(answers={**answers, "weakness": ("no",)})

    monkeypatch.setattr(engine, "evaluate", changed_result)
    level = "urgent" if wrong == "level" else "emergency"
    assert [(f.severity, f.check, f.message, f.examples) for f in analysis_of(BASE, method="bdd").errors] == [
        (
            "error",
            "internal",
            "the analysis expected 'emergency' here; please report this",
            (Example({"signs": ("breathing",)}, level),),
        )
    ]


def checklist_file(choices: str, rules: str, more: str = "") -> str:
    """A file whose first question is the checklist q0 (choices in flow style), then the questions given."""
    q0 = f"  - id: q0\n    kind: symptom\n    type: multiple\n    text: Q?\n    help: H.\n    summary: S0\n    choices: {choices}\n"
    return generators.rule_file(q0 + more, rules)


# Lowerings the diagrams reach by one path each (no rule at emergency and no level that stops when certain, or
# later questions whose ask_if reads the changed one), and questions with several changes that lower the level.
LOWERINGS: dict[str, str] = {
    # No later question's asking reads q1: its change is counted within the answers to q0 and q2 (9 pairs).
    "between two unrelated questions": generators.rule_file(
        yes_no("q0") + yes_no("q1") + yes_no("q2"),
        generators.rule("r_no", "q1 is no", "urgent") + generators.rule("r_yes", "q1 is yes", "soon"),
    ),
    # A yes to q0 asks q1, and q2 after a yes to q1: the pairs are B's 2 + 3 ways of answering what it newly asks.
    "two questions newly asked, one after the other": generators.rule_file(
        yes_no("q0") + yes_no("q1", ask_if="q0 is yes") + yes_no("q2", ask_if="q0 is yes and q1 is yes"),
        generators.rule("r_no", "q0 is no", "urgent") + generators.rule("r_yes", "q0 is yes", "soon"),
    ),
    # A no to q1 is urgent after a yes to p, a not sure always; a yes is soon, routine or nothing after a yes, no or
    # not sure to p: the no's change lowers urgent to soon only, the not sure's to all three (its cells but the first
    # are its own).
    "a second change with more cells": generators.rule_file(
        yes_no("p") + yes_no("q1"),
        generators.rule("r_no", "q1 is no and p is yes", "urgent")
        + generators.rule("r_not_sure", "q1 is not_sure", "urgent")
        + generators.rule("r_yes", "q1 is yes and p is yes", "soon")
        + generators.rule("r_yes_no", "q1 is yes and p is no", "routine"),
    ),
    # A yes to q1 is soon, routine or nothing after a yes, no or not sure to p; a no urgent, urgent or soon; a not sure
    # urgent after a not sure. The no's change has three cells, the not sure's one cell between its second and third.
    "a second change with a cell between the firsts": generators.rule_file(
        yes_no("p") + yes_no("q1"),
        generators.rule("r_yes", "q1 is yes and p is yes", "soon")
        + generators.rule("r_yes_no", "q1 is yes and p is no", "routine")
        + generators.rule("r_no", "q1 is no and p in [yes, no]", "urgent")
        + generators.rule("r_no_not_sure", "q1 is no and p is not_sure", "soon")
        + generators.rule("r_not_sure", "q1 is not_sure and p is not_sure", "urgent"),
    ),
    # A no to q1 is routine and a yes soon (more urgent), a not sure urgent: the first change (no) lowers nothing.
    "a first change that lowers nothing": generators.rule_file(
        yes_no("p") + yes_no("q1"),
        generators.rule("r_no", "q1 is no", "routine")
        + generators.rule("r_not_sure", "q1 is not_sure", "urgent")
        + generators.rule("r_yes", "q1 is yes", "soon"),
    ),
    # Urgent until b is ticked: the pair is a alone, then a and b (b's variable is below a's, where a before answer
    # read with b free could be given as nothing ticked).
    "a later choice lowering": checklist_file(
        "[{id: a, label: a}, {id: b, label: b}]", generators.rule("r_b", "not q0 has b", "urgent")
    ),
    # The same with an exclusive choice before b, which is still a choice of its own.
    "an exclusive choice before the last": checklist_file(
        "[{id: a, label: a}, {id: none, label: None, exclusive: true}, {id: b, label: b}]",
        generators.rule("r_b", "not q0 has b", "urgent"),
    ),
    # None of these is urgent: replacing it with a choice no rule reads (one class, one pair) lowers the level.
    "an exclusive choice replaced": checklist_file(
        "[{id: a, label: a}, {id: b, label: b}, {id: none, label: None, exclusive: true}]",
        generators.rule("r_none", "q0 has none", "urgent"),
    ),
    # Urgent until both a and b are ticked: ticking either one lowers the level where the other is ticked.
    "two groups each lowering": checklist_file(
        "[{id: a, label: a}, {id: b, label: b}, {id: c, label: c}]",
        generators.rule("r_a", "not q0 has a", "urgent") + generators.rule("r_b", "not q0 has b", "urgent"),
    ),
}


def walk_lowering_cells(ruleset: RuleSet) -> dict[str, list[tuple[int, int]]]:
    """Per question, the first MAX_EXAMPLES (rank before, rank after) cells where a pair lowers the level, by
    the full joint walk of every before/after pair."""
    flow = Flow(ruleset, build_domains([ruleset], marks=False))
    out = {}
    for q in ruleset.questions:
        pairs = flow.domains[q.id].monotone_pairs()
        if pairs:
            summary = Joint(flow, flow, q.id, pairs).run()
            cells = [(ra, rb) for ra in range(RANKS) for rb in range(ra + 1, RANKS) if summary[ra * RANKS + rb]]
            if cells:
                out[q.id] = cells[:MAX_EXAMPLES]
    return out


@pytest.mark.parametrize("name", LOWERINGS)
def test_the_diagrams_count_the_lowering_pairs_and_give_examples_of_the_walks_first_cells(name: str) -> None:
    check_monotonicity(LOWERINGS[name])
    ruleset = ruleset_of(LOWERINGS[name])
    got = {lo.question: [(ra, rb) for _, _, ra, rb in lo.examples] for lo in lowered(ruleset)}
    assert got == walk_lowering_cells(ruleset) != {}
