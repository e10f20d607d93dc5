"""`selfcheck analyze`: every check catches its defect over the whole answer space, with exact findings."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from analysis_files import (
    BASE,
    BASE_WARNINGS,
    TODAY,
    analysis_of,
    answer_sets,
    changed,
    count_answer_sets,
    rule,
    ruleset_of,
    with_questions,
    with_rule,
)
from conftest import rule_file, ruleset_from
from generators import HEADER

from selfcheck.analysis.checks import monotonicity
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Example, Finding, Locator
from selfcheck.analysis.orchestrate import Analysis, analyze
from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.engine.flow import Result
from selfcheck.errors import Problem
from selfcheck.model.ruleset import Answers, RuleSet
from selfcheck.render.findings import render
from selfcheck.rulefile.loader import bundled_rules, load_ruleset

SUMMARY = re.compile(
    r"^(?P<path>.+): (?P<sets>\d+) answer sets? covered \((?P<states>\d+) states, (?P<evals>\d+) evaluations\) "
    r"in \d+\.\d\d s: (?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?$"
)


FAMILY = re.compile(r"^(proved|FAILED|warning|none|warnings): ")


def report(text: str) -> list[str]:
    """The findings of the verbose text report (errors, then warnings by kind) and its levels line.

    The lines about each family of properties are tested on their own; the summary line carries the time.
    """
    analysis = analysis_of(text)
    lines = render(analysis, ruleset_of(text), verbose=True).splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    return [line for line in lines[:-1] if not FAMILY.match(line)]


def test_the_base_file_passes_and_every_answer_set_is_counted() -> None:
    analysis = analysis_of(BASE)
    assert analysis.errors == ()
    assert [f"rules.yaml:{f.line}:{f.col}: {f.severity}: {f.message} [{f.check}]" for f in analysis.findings] == (
        BASE_WARNINGS
    )
    assert analysis.answer_sets == 10
    assert dict(analysis.levels) == {"emergency": 2, "urgent": 5, "soon": 2, "routine": 0, "none": 1}
    assert dict(analysis.questions) == {"signs": 10, "weakness": 8, "side": 4}
    assert [(r.id, r.fires, r.decides) for r in analysis.rules] == [
        ("breathing", 2, 2),
        ("unsure", 5, 4),
        ("weak_both", 2, 2),
        ("weak_one", 2, 1),
        ("weak_unsure", 2, 1),
    ]


DEFECTS = {
    "no defect": BASE,
    "lowered emergency rule": changed(("    level: emergency\n    stop: true", "    level: urgent\n    stop: true")),
    "unreachable question": changed(("    ask_if: weakness is yes\n", "    ask_if: signs has breathing\n")),
    "dead rule": with_rule(rule("never", "signs has breathing and weakness is yes", "soon")),
    "shadowed rule": with_rule(rule("weak_any", "weakness is yes", "routine")),
    "yes less urgent": with_rule(rule("not_weak", "weakness is no", "urgent")),
    "has all": changed(
        ("    when: signs has not_sure\n", "    when: signs has all [breathing, not_sure] or signs has not_sure\n")
    ),
    # Three choices no rule reads: one class of seven ways to tick some of them.
    "three unread choices": changed(
        (
            "      - {id: not_sure, label: Not sure, red_flag: urgent}\n",
            "      - {id: not_sure, label: Not sure, red_flag: urgent}\n      - {id: cough, label: Coughing}\n"
            "      - {id: tingling, label: Tingling}\n      - {id: cramps, label: Cramps}\n",
        )
    ),
}


@pytest.mark.parametrize("text", DEFECTS.values(), ids=DEFECTS.keys())
def test_levels_counted_by_classes_equal_levels_of_every_answer_set_one_by_one(text: str) -> None:
    ruleset = ruleset_of(text)
    one_by_one = Counter(flow.evaluate(ruleset, answers).level.id for answers in answer_sets(ruleset))
    analysis = analysis_of(text)
    assert {level: n for level, n in analysis.levels if n} == dict(one_by_one)
    assert analysis.answer_sets == count_answer_sets(ruleset) == sum(one_by_one.values())


def test_a_lowered_emergency_rule_breaks_its_red_flag() -> None:
    assert report(DEFECTS["lowered emergency rule"]) == [
        "rules.yaml:29:14: error: choosing 'breathing' in 'signs' must give at least 'emergency', "
        "but 2 answer sets with it get a less urgent level [red-flag]",
        "    answers (urgent): signs: [breathing]",
        *BASE_WARNINGS,
        "levels: emergency 0, urgent 7, soon 2, routine 0, none 1",
    ]


def test_an_unreachable_question_and_the_rules_that_read_it() -> None:
    assert report(DEFECTS["unreachable question"]) == [
        "rules.yaml:32:1: error: a more worrying answer to 'weakness' can give a less urgent level "
        "(1 before/after pair) [monotonicity]",
        "    answers (soon): signs: [none]; weakness: not_sure",
        "    changed to (none): weakness: yes",
        "rules.yaml:39:1: error: question 'side' is never asked [unreachable-question]",
        "rules.yaml:63:1: error: rule 'weak_both' fires for no answer set [dead-rule]",
        "rules.yaml:69:1: error: rule 'weak_one' fires for no answer set [dead-rule]",
        "rules.yaml: warning: 1 answer set say yes to a sign or symptom but no rule fires "
        "(the person is told 'Nothing') [gap]",
        "    answers (none): signs: [none]; weakness: yes",
        *BASE_WARNINGS,
        "levels: emergency 2, urgent 3, soon 1, routine 0, none 2",
    ]


def test_a_dead_rule() -> None:
    assert report(DEFECTS["dead rule"]) == [
        "rules.yaml:81:1: error: rule 'never' fires for no answer set [dead-rule]",
        *BASE_WARNINGS,
        "levels: emergency 2, urgent 5, soon 2, routine 0, none 1",
    ]


def test_a_rule_always_shadowed_by_a_more_urgent_one_is_a_warning() -> None:
    assert report(DEFECTS["shadowed rule"]) == [
        "rules.yaml:81:1: warning: rule 'weak_any' (routine) fires in 4 answer sets, but a more urgent rule "
        "always fires with it, so its level never decides the result [shadowed-rule]",
        "    answers (soon): signs: [none]; weakness: yes; side: one_side",
        *BASE_WARNINGS,
        "levels: emergency 2, urgent 5, soon 2, routine 0, none 1",
    ]


def test_a_rule_that_makes_yes_less_urgent_breaks_monotonicity() -> None:
    assert report(DEFECTS["yes less urgent"]) == [
        "rules.yaml:32:1: error: a more worrying answer to 'weakness' can give a less urgent level "
        "(1 before/after pair) [monotonicity]",
        "    answers (urgent): signs: [none]; weakness: no",
        "    changed to (soon): weakness: yes; side: one_side",
        BASE_WARNINGS[0],
        "levels: emergency 2, urgent 6, soon 2, routine 0, none 0",
    ]


def test_a_lowering_the_engine_does_not_confirm_is_an_internal_error_and_the_finding_shows_the_engine_levels() -> None:
    # Two counted pairs: the engine gives 'none', not the 'urgent' counted, to the first one's answers.
    ruleset = ruleset_of(BASE)
    weakness = ruleset.question("weakness")
    no = {"signs": ("none",), "weakness": ("no",)}
    both, one = ({"signs": ("none",), "weakness": ("yes",), "side": (side,)} for side in ("both_sides", "one_side"))
    ctx = Context(ruleset, TODAY, Locator(ruleset, None))
    assert list(monotonicity.lowering(ctx, weakness, 2, [(no, one, 1, 2), (both, one, 1, 2)])) == [
        Finding(
            "error",
            "internal",
            "the analysis expected urgent then soon here; please report this",
            examples=(Example(no, "none"),),
        ),
        Finding(
            "error",
            "monotonicity",
            "a more worrying answer to 'weakness' can give a less urgent level (2 before/after pairs)",
            weakness.line,
            1,
            (Example(no, "none", one, "soon"), Example(both, "urgent", one, "soon")),
        ),
    ]


def test_a_lowering_is_found_after_a_question_with_no_more_worrying_answer_and_one_never_asked() -> None:
    # 'never' (read by a rule) is asked only after trouble breathing, which stops the questions; 'visit' is
    # context, whose answers are not more or less worrying than each other (its three answers make one pair three).
    never = (
        "  - id: never\n    kind: symptom\n    type: yesno\n    ask_if: signs has breathing\n    text: Never?\n"
        "    help: Yes or no.\n    summary: Never\n"
    )
    visit = "  - id: visit\n    kind: context\n    type: yesno\n    text: Visit?\n    help: Yes or no.\n    summary: Visit\n"
    read = with_rule(rule("never_yes", "never is yes", "soon"), DEFECTS["yes less urgent"])
    text = changed(("  - id: weakness\n", never + visit + "  - id: weakness\n"), text=read)
    assert [f.message for f in analysis_of(text).findings if f.check == "monotonicity"] == [
        "a more worrying answer to 'weakness' can give a less urgent level (3 before/after pairs)"
    ]


@pytest.mark.parametrize("method", ["walk", "bdd"])
def test_the_walk_and_the_diagrams_report_the_same_lowering_with_the_levels_the_engine_gives(method: str) -> None:
    analysis = analysis_of(DEFECTS["yes less urgent"], method=method)
    assert analysis.method == method
    assert [f for f in analysis.findings if f.check in ("monotonicity", "internal")] == [
        Finding(
            "error",
            "monotonicity",
            "a more worrying answer to 'weakness' can give a less urgent level (1 before/after pair)",
            32,
            1,
            (
                Example(
                    {"signs": ("none",), "weakness": ("no",)},
                    "urgent",
                    {"signs": ("none",), "weakness": ("yes",), "side": ("one_side",)},
                    "soon",
                ),
            ),
        )
    ]


def test_the_diagrams_check_of_monotonicity_can_be_stopped_between_its_operations() -> None:
    # The analysis' budget ticks between diagram operations: a tick that stops ends the check there.
    ruleset = ruleset_of(DEFECTS["yes less urgent"])
    ctx = Context(ruleset, TODAY, Locator(ruleset, None))
    ticks: list[int] = []
    assert [f.message for f in monotonicity.symbolic(ctx, lambda: ticks.append(1))] == [
        "a more worrying answer to 'weakness' can give a less urgent level (1 before/after pair)"
    ]
    assert ticks

    class Stop(Exception):
        pass

    def stop() -> None:
        raise Stop

    with pytest.raises(Stop):
        list(monotonicity.symbolic(ctx, stop))


def test_a_stop_rule_that_cuts_off_a_more_urgent_question_breaks_monotonicity_of_the_checklist() -> None:
    text = changed(
        (
            "      - {id: not_sure, label: Not sure, red_flag: urgent}\n",
            "      - {id: not_sure, label: Not sure, red_flag: urgent}\n      - {id: cough, label: Coughing}\n",
        ),
        (
            "  - id: weak_unsure\n",
            rule("cough", "signs has cough", "urgent").replace("    rationale", "    stop: true\n    rationale")
            + "  - id: weak_unsure\n",
        ),
        (
            "    when: weakness is yes and side is both_sides\n    level: urgent",
            "    when: weakness is yes and side is both_sides\n    level: emergency",
        ),
    )
    monotonicity = [line for line in report(text) if "monotonicity" in line or line.startswith("    ")]
    assert monotonicity[:3] == [
        "rules.yaml:21:1: error: a more worrying answer to 'signs' can give a less urgent level "
        "(2 before/after pairs) [monotonicity]",
        "    answers (emergency): signs: [none]; weakness: yes; side: both_sides",
        "    changed to (urgent): signs: [cough]; no longer asked: weakness, side",
    ]


def test_a_question_no_rule_reads_is_a_warning_at_its_line_after_questions_whose_choices_are_all_read() -> None:
    # 'side' (both choices read) comes between the base's unread choices and the unread question.
    assert report(with_questions(1)) == [
        *BASE_WARNINGS,
        "rules.yaml:49:1: warning: no rule or condition reads question 'q0': its answer only goes to the doctor's "
        "summary [unread-choice]",
        "levels: emergency 2, urgent 15, soon 6, routine 0, none 3",
    ]


def test_several_unread_choices_of_one_question_are_one_warning_naming_them_all() -> None:
    text = changed(("    when: weakness is not_sure\n", "    when: side is both_sides\n"))
    unread = [line for line in report(text) if line.endswith("[unread-choice]")]
    assert unread == [
        BASE_WARNINGS[0],
        "rules.yaml:32:1: warning: no rule or condition reads choices 'no', 'not_sure' of question 'weakness' "
        "[unread-choice]",
    ]


def test_a_yes_that_reaches_no_rule_is_a_gap() -> None:
    question = (
        "  - id: cramps\n    kind: symptom\n    type: yesno\n    text: Cramps?\n    help: Painful tightening.\n"
        "    summary: Cramps\n"
    )
    assert report(changed(("  - id: side\n", question + "  - id: side\n")))[:2] == [
        "rules.yaml: warning: 1 answer set say yes to a sign or symptom but no rule fires "
        "(the person is told 'Nothing') [gap]",
        "    answers (none): signs: [none]; weakness: no; cramps: yes",
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "You may have a trapped nerve.",
            ["rules.yaml:72:14: error: the message of rule 'weak_one' reads as a diagnosis: 'You may have' [wording]"],
        ),
        (
            "This suggests a nerve problem.",
            ["rules.yaml:72:14: error: the message of rule 'weak_one' reads as a diagnosis: 'This suggests' [wording]"],
        ),
        (
            "It is likely to be harmless.",
            ["rules.yaml:72:20: error: the message of rule 'weak_one' reads as odds: 'likely' [wording]"],
        ),
        (
            "About 5% of people need more tests.",
            ["rules.yaml:72:20: error: the message of rule 'weak_one' reads as odds: '5%' [wording]"],
        ),
        (
            "Ask about IVIG.",
            ["rules.yaml:72:24: error: the message of rule 'weak_one' reads as treatment advice: 'IVIG' [wording]"],
        ),
        (
            "Take two tablets a day.",
            [
                "rules.yaml:72:14: error: the message of rule 'weak_one' reads as treatment advice: "
                "'Take two tablets' [wording]"
            ],
        ),
        ("If you have trouble breathing, call your emergency number.", []),
    ],
)
def test_wording_that_reads_as_a_diagnosis_odds_or_treatment_advice(message: str, expected: list[str]) -> None:
    text = changed(("    message: Weakness on one side should be checked soon.", f"    message: {message}"))
    assert [line for line in report(text) if "[wording]" in line] == expected


def test_wording_is_checked_in_every_text_of_a_level_and_in_the_safety_net_and_disclaimer_each_located() -> None:
    text = changed(
        (
            "{id: urgent, label: Urgent, action: Get advice today.}",
            "{id: urgent, label: Urgent MMN, action: Get advice today about MMN., safety_net: Call if your MMN is worse.}",
        ),
        ("safety_net: Get help sooner if anything gets worse.", "safety_net: Get help sooner if your MMN gets worse."),
        ("disclaimer: This is not a diagnosis.", "disclaimer: This is not advice about MMN."),
    )
    assert [f.located("rules.yaml") for f in analysis_of(text).findings if f.check == "wording"] == [
        "rules.yaml:16:32: error: the label of level 'urgent' reads as a diagnosis: 'MMN' [wording]",
        "rules.yaml:16:68: error: the action of level 'urgent' reads as a diagnosis: 'MMN' [wording]",
        "rules.yaml:16:99: error: the safety net of level 'urgent' reads as a diagnosis: 'MMN' [wording]",
        "rules.yaml:81:37: error: the safety net reads as a diagnosis: 'MMN' [wording]",
        "rules.yaml:82:38: error: the disclaimer reads as a diagnosis: 'MMN' [wording]",
    ]


def test_an_overdue_review_is_an_error_and_today_can_be_given() -> None:
    overdue = analysis_of(BASE, today=datetime.date(2028, 1, 1))
    assert [f.located("rules.yaml") for f in overdue.errors] == [
        "rules.yaml:11:16: error: the review is overdue: next_review was 2027-06-01 (today is 2028-01-01) [metadata]"
    ]
    assert analysis_of(BASE, today=datetime.date(2027, 6, 1)).errors == ()


def test_metadata_status_reviewers_and_sources() -> None:
    text = changed(
        ("status: active", "status: draft"),
        ('  reviewers: [{name: Dr Reviewer, date: "2026-11-01"}]', "  reviewers: []"),
        (
            "    - {id: SRC, citation: A source.}\n",
            "    - {id: SRC, citation: A source.}\n    - {id: OTHER, citation: B.}\n",
        ),
    )
    assert [f.located("rules.yaml") for f in analysis_of(text).findings if f.check == "metadata"] == [
        "rules.yaml:5:11: warning: status is draft: the rule file has not been signed off for use with people "
        "[metadata]",
        "rules.yaml:9:14: warning: no clinical reviewer is listed [metadata]",
        "rules.yaml:14:12: warning: source 'OTHER' is cited by no rule [metadata]",
    ]
    retired = analysis_of(changed(("status: active", "status: retired")))
    assert [f.message for f in retired.errors] == ["status is retired: this rule file must not be used"]


def test_a_last_review_after_today_is_a_warning_at_its_date_and_a_retired_file_an_error_at_its_status() -> None:
    tomorrow = changed(('last_reviewed: "2026-11-01"', 'last_reviewed: "2026-11-22"'))
    assert [f.located("rules.yaml") for f in analysis_of(tomorrow).findings if f.check == "metadata"] == [
        "rules.yaml:10:18: warning: last_reviewed 2026-11-22 is in the future (today is 2026-11-21) [metadata]"
    ]
    today = changed(('last_reviewed: "2026-11-01"', 'last_reviewed: "2026-11-21"'))
    assert [f for f in analysis_of(today).findings if f.check == "metadata"] == []
    retired = analysis_of(changed(("status: active", "status: retired")))
    assert [f.located("rules.yaml") for f in retired.errors] == [
        "rules.yaml:5:11: error: status is retired: this rule file must not be used [metadata]"
    ]


def test_each_change_after_the_last_sign_off_is_a_warning_where_it_is() -> None:
    # The loader works the changes out (tests/rulefile/test_sign.py); analyze reports each one at its place.
    changes = (
        Problem("rules.yaml", 32, 5, "question 'weakness' changed after the last sign-off (Dr Ada Jones, 2026-11-30)"),
        Problem("rules.yaml", 60, 5, "rule 'unsure' changed after the last sign-off (Dr Ada Jones, 2026-11-30)"),
    )
    ruleset = ruleset_of(BASE)._replace(content_changes=changes)
    found = [f for f in analyze(ruleset, TODAY).findings if f.check == "signoff"]
    assert found == [Finding("warning", "signoff", p.message, p.line, p.col) for p in changes]


def test_json_report_for_tools() -> None:
    analysis = analysis_of(DEFECTS["dead rule"])
    data = json.loads(render(analysis, ruleset_of(DEFECTS["dead rule"]), "json"))
    assert data["answer_sets"] == 10
    assert data["levels"] == {"emergency": 2, "urgent": 5, "soon": 2, "routine": 0, "none": 1}
    assert (data["errors"], data["warnings"]) == (1, 2)
    assert data["findings"][-1] == {
        "severity": "error",
        "check": "dead-rule",
        "message": "rule 'never' fires for no answer set",
        "line": 81,
        "col": 1,
        "examples": [],
    }


def test_findings_are_located_in_the_text_loaded_even_when_the_file_has_gone(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(BASE, encoding="utf-8")
    ruleset = load_ruleset(str(path))
    path.unlink()
    assert [f.located("rules.yaml") for f in analyze(ruleset, TODAY).findings] == BASE_WARNINGS
    # A rule set with no text to parse: findings fall back to the line of their question.
    assert [f.located("rules.yaml") for f in analyze(ruleset._replace(text=""), TODAY).findings] == [
        "rules.yaml:21:1: warning: no rule or condition reads choice 'none' of question 'signs' [unread-choice]",
        BASE_WARNINGS[1],
    ]


@pytest.fixture(scope="module")
def bundled_analysis() -> Analysis:
    return analyze(load_ruleset(bundled_rules()))


@pytest.mark.slow
def test_the_bundled_file_passes_over_its_whole_answer_space(bundled_analysis: Analysis) -> None:
    assert [f.located(bundled_analysis.path) for f in bundled_analysis.errors] == []
    assert bundled_analysis.answer_sets > 10**9
    assert sum(n for _, n in bundled_analysis.levels) == bundled_analysis.answer_sets
    assert all(r.fires for r in bundled_analysis.rules)
    assert all(n for _, n in bundled_analysis.questions)


def test_cli_analyze_prints_findings_then_a_summary_and_exits_1_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(DEFECTS["dead rule"], encoding="utf-8")
    assert main(["analyze", str(path), "--today", "2026-11-21"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{path}:81:1: error: rule 'never' fires for no answer set [dead-rule]"
    summary = SUMMARY.match(lines[-1])
    assert summary is not None
    assert (summary["path"], summary["sets"], summary["errors"], summary["warnings"]) == (str(path), "10", "1", "2")
    path.write_text(BASE, encoding="utf-8")
    assert main(["analyze", str(path), "--today", "2026-11-21", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["errors"] == 0


@pytest.mark.slow
def test_cli_analyze_walks_a_file_with_more_questions_than_the_recursion_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every move of the walk goes one question deeper: a recursive walk died here with a RecursionError.
    path = tmp_path / "rules.yaml"
    path.write_text(with_questions(1100), encoding="utf-8")
    # The two answer sets with trouble breathing stop at once; each of the other eight goes on to 3**1100.
    assert main(["analyze", str(path), "--today", "2026-11-21"]) == 0
    summary = SUMMARY.match(capsys.readouterr().out.splitlines()[-1])
    assert summary is not None
    assert (summary["sets"], summary["errors"], summary["warnings"]) == (str(8 * 3**1100 + 2), "0", "1102")


def test_cli_analyze_refuses_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--today", "21/11/2026"]) == 2
    assert capsys.readouterr().err == ("selfcheck analyze: --today must be a date like 2026-01-31, not '21/11/2026'\n")


def test_a_crash_of_the_engine_on_an_answer_set_is_an_error_with_those_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The engine runs on one answer set of every distinct end state of the walk; this is one of them.
    real = flow.evaluate

    def fragile(ruleset: RuleSet, answers: Answers) -> Result:
        if answers == {"signs": ("breathing",)}:
            raise KeyError("breathing")
        return real(ruleset, answers)

    monkeypatch.setattr(flow, "evaluate", fragile)
    crashes = [f for f in analysis_of(BASE).findings if f.check == "no-crash"]
    assert [(f.severity, f.message, f.examples) for f in crashes] == [
        (
            "error",
            "evaluating these answers crashes (KeyError: 'breathing')",
            (Example({"signs": ("breathing",)}, "?"),),
        )
    ]


def test_the_engine_must_give_the_level_the_walk_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    # One end state of the main walk where the engine says 'urgent' and the counts say 'emergency'.
    real = flow.evaluate

    def wrong(ruleset: RuleSet, answers: Answers) -> Result:
        result = real(ruleset, answers)
        return result._replace(level=ruleset.level("urgent")) if answers == {"signs": ("breathing",)} else result

    monkeypatch.setattr(flow, "evaluate", wrong)
    assert [(f.severity, f.check, f.message, f.examples) for f in analysis_of(BASE).errors] == [
        (
            "error",
            "internal",
            "the analysis expected 'emergency' here; please report this",
            (Example({"signs": ("breathing",)}, "urgent"),),
        )
    ]


def test_the_per_rule_walks_also_report_a_crash_of_the_engine_with_its_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each rule's walk runs the engine again, on one answer set per (level, rule fired): a crash there is the
    # same error, with those answers, when the main walk's cross-check did not meet it.
    real = flow.evaluate

    def fragile(ruleset: RuleSet, answers: Answers) -> Result:
        if answers == {"signs": ("breathing",)}:
            raise KeyError("breathing")
        return real(ruleset, answers)

    monkeypatch.setattr(flow, "evaluate", fragile)
    monkeypatch.setattr(Context, "main_engine", ())
    crashes = [f for f in analysis_of(BASE).findings if f.check == "no-crash"]
    assert [(f.severity, f.message, f.examples) for f in crashes] == [
        (
            "error",
            "evaluating these answers crashes (KeyError: 'breathing')",
            (Example({"signs": ("breathing",)}, "?"),),
        )
    ]


def test_every_answer_set_the_engine_checks_lists_its_answers_in_the_order_they_are_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The main walk's cross-check and each rule's (weak_both reads weakness, then side: two answers after the
    # first one it reads) give the engine answer sets as a person gives them, question by question.
    real = flow.evaluate
    given: list[list[str]] = []

    def recording(ruleset: RuleSet, answers: Answers) -> Result:
        given.append(list(answers))
        return real(ruleset, answers)

    monkeypatch.setattr(flow, "evaluate", recording)
    analysis_of(BASE)
    asked = ["signs", "weakness", "side"]
    assert ["signs", "weakness", "side"] in given
    assert [ids for ids in given if ids != sorted(ids, key=asked.index)] == []


def test_a_dead_rule_at_level_none_is_reported_like_any_other() -> None:
    assert report(with_rule(rule("never_none", "signs has breathing and weakness is yes", "none"))) == [
        "rules.yaml:81:1: error: rule 'never_none' fires for no answer set [dead-rule]",
        *BASE_WARNINGS,
        "levels: emergency 2, urgent 5, soon 2, routine 0, none 1",
    ]


def test_a_rule_at_level_none_is_counted_where_it_fires_and_decides() -> None:
    analysis = analysis_of(with_rule(rule("calm", "weakness is no", "none")))
    # weakness: no after signs: [not_sure] (urgent) and after signs: [none] (the rule decides 'none').
    assert [(r.id, r.fires, r.decides) for r in analysis.rules][-1] == ("calm", 2, 1)


# Two choices no rule reads put four checklist answers in each class the conditions read alike.
WIDE_LOWERED = changed(
    ("    level: emergency\n    stop: true", "    level: urgent\n    stop: true"),
    (
        "      - {id: not_sure, label: Not sure, red_flag: urgent}\n",
        "      - {id: not_sure, label: Not sure, red_flag: urgent}\n"
        "      - {id: cough, label: Coughing}\n      - {id: tingling, label: Tingling}\n",
    ),
)


def test_a_red_flag_counts_every_answer_set_of_each_class() -> None:
    ruleset = ruleset_of(WIDE_LOWERED)
    one_by_one = sum(
        1
        for answers in answer_sets(ruleset)
        if "breathing" in answers["signs"] and flow.evaluate(ruleset, answers).level.id != "emergency"
    )
    assert one_by_one == 8
    flags = [f for f in analysis_of(WIDE_LOWERED).findings if f.check == "red-flag"]
    assert [f.message for f in flags] == [
        "choosing 'breathing' in 'signs' must give at least 'emergency', "
        "but 8 answer sets with it get a less urgent level"
    ]


def test_the_engine_must_agree_on_whether_each_rule_fired(monkeypatch: pytest.MonkeyPatch) -> None:
    # The levels agree (the main walk's cross-check passes); the per-rule walks see that no rule fired.
    real = flow.evaluate
    monkeypatch.setattr(flow, "evaluate", lambda rs, answers: real(rs, answers)._replace(fired=()))
    errors = analysis_of(BASE).errors
    assert [(f.check, f.message, f.examples[0].answers, f.examples[0].level) for f in errors] == [
        (
            "internal",
            "the analysis expected 'emergency' here; please report this",
            {"signs": ("breathing",)},
            "emergency",
        )
    ]


# Fever (red flag: urgent) and fainting (red flag: emergency) on one checklist, in that order.
_TWO_FLAGS = """\
questions:
  - id: signs
    section: Signs
    kind: sign
    type: multiple
    text: Any of these?
    help: Tick all that fit.
    summary: Signs
    choices:
      - {id: fever, label: Fever, red_flag: urgent}
      - {id: faint, label: Fainting, red_flag: emergency}
      - {id: none, label: None of these, exclusive: true}
"""
_AGE = """\
  - id: age
    kind: context
    type: single
    text: How old are you?
    help: Your age now.
    summary: Age
    choices:
      - {id: over_65, label: 65 or over}
      - {id: under_65, label: Under 65}
"""
_TAIL = "safety_net: Get help sooner if anything gets worse.\ndisclaimer: This is not a diagnosis.\n"


def test_a_red_flag_below_its_level_is_found_in_a_class_whose_other_red_flag_is_met() -> None:
    # Fainting left to the fever rule when both are ticked: [fever, faint] meets fever's flag (urgent) and not
    # fainting's. The example is that answer set, not [fever] (below emergency, but without fainting) nor
    # [faint] (the first class with fainting, which is an emergency).
    text = (
        HEADER
        + _TWO_FLAGS
        + "rules:\n"
        + rule("fever", "signs has fever", "urgent")
        + rule("faint", "signs has faint and not signs has fever", "emergency")
        + _TAIL
    )
    assert report(text) == [
        "rules.yaml:21:1: error: a more worrying answer to 'signs' can give a less urgent level "
        "(1 before/after pair) [monotonicity]",
        "    answers (emergency): signs: [faint]",
        "    changed to (urgent): signs: [fever, faint]",
        "rules.yaml:30:14: error: choosing 'faint' in 'signs' must give at least 'emergency', "
        "but 1 answer set with it gets a less urgent level [red-flag]",
        "    answers (urgent): signs: [fever, faint]",
        "rules.yaml:31:14: warning: no rule or condition reads choice 'none' of question 'signs' [unread-choice]",
        "levels: emergency 1, urgent 2, soon 0, routine 0, none 1",
    ]


def test_the_example_of_a_red_flag_goes_on_below_its_level_not_at_it() -> None:
    # After fainting, 65 or over (the first age, as quiet as the other) is an emergency and under 65 is not:
    # the example goes on with under 65.
    text = (
        HEADER
        + _TWO_FLAGS
        + _AGE
        + "rules:\n"
        + rule("fever", "signs has fever", "urgent")
        + rule("faint_older", "signs has faint and age is over_65", "emergency")
        + rule("faint", "signs has faint", "soon")
        + _TAIL
    )
    assert report(text) == [
        "rules.yaml:30:14: error: choosing 'faint' in 'signs' must give at least 'emergency', "
        "but 2 answer sets with it get a less urgent level [red-flag]",
        "    answers (soon): signs: [faint]; age: under_65",
        "rules.yaml:31:14: warning: no rule or condition reads choice 'none' of question 'signs' [unread-choice]",
        "rules.yaml:40:14: warning: no rule or condition reads choice 'under_65' of question 'age' [unread-choice]",
        "levels: emergency 2, urgent 3, soon 1, routine 0, none 2",
    ]


# Routine is certain once x is answered yes (nothing else can fire), and none once it is answered no; after it
# a is asked, and b only after a yes to a.
LONGER_AFTER = rule_file(
    """\
questions:
  - {id: x, kind: symptom, type: yesno, text: X?, help: H., summary: X}
  - {id: a, kind: symptom, type: yesno, text: A?, help: H., summary: A}
  - {id: b, kind: symptom, type: yesno, ask_if: a is yes, text: B?, help: H., summary: B}
rules:
  - {id: r, when: x is yes, level: routine, message: M., rationale: R., sources: [SRC]}
""",
    levels={"routine": {"max_questions_after_certain": "1"}},
)


def test_the_questions_after_a_level_is_certain_are_counted_along_the_longest_way_on() -> None:
    ruleset = ruleset_from(LONGER_AFTER)
    after = {a.level: (a.worst, a.first) for a in analyze(ruleset, TODAY).after_certain}
    # A yes to a asks b too: two questions after either level was certain, not the one of a no.
    assert after == {"routine": (2, "a"), "none": (2, "a")}


def test_a_bound_on_a_level_after_one_with_none_is_checked_too() -> None:
    ruleset = ruleset_from(LONGER_AFTER)
    found = [f for f in analyze(ruleset, TODAY).findings if f.check == "after-certain"]
    assert [(f.severity, f.message) for f in found] == [
        (
            "error",
            "at most 1 question may be asked after 'routine' is certain; these answers ask 2 questions after it "
            "was, from 'a' on",
        )
    ]
