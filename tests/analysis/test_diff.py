"""`selfcheck diff OLD NEW`: what changed, and how many answer sets change level, with examples."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from analysis_files import BASE, answer_sets, changed, rule, ruleset_of, with_questions, with_rule

from selfcheck.analysis.diff import diff
from selfcheck.analysis.joint import Joint
from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.engine.classes import build_domains
from selfcheck.engine.space import Flow
from selfcheck.render.diff import render
from selfcheck.rulefile.loader import bundled_rules, load_ruleset

BUMPED = changed(('version: "1.0"', 'version: "1.1"'))
NUMB = (
    "  - id: numb\n    kind: symptom\n    type: yesno\n    text: Numb?\n    help: Less feeling.\n"
    "    summary: Numbness\n"
)
NUMB_RULE = rule("numb_only", "numb is yes", "routine", "Mention the numbness at your next visit.")
# numb asked last in one file and first among the body questions in the other
NUMB_LAST = with_rule(NUMB_RULE, changed(("rules:\n", NUMB + "rules:\n")))
NUMB_FIRST = with_rule(
    NUMB_RULE, changed(("  - id: weakness\n", NUMB + "  - id: weakness\n"), ('version: "1.0"', 'version: "1.1"'))
)
TAIL = re.compile(r"^\d+ changes?; \d+ answer sets?: \d+ more urgent, \d+ less urgent \(in \d+\.\d\d s\)$")


def diff_lines(old: str, new: str, allow_lower: bool = False) -> list[str]:
    """The text report without its last line (which carries the time)."""
    lines = render(diff(ruleset_of(old, "old.yaml"), ruleset_of(new, "new.yaml"), allow_lower)).splitlines()
    assert TAIL.match(lines[-1]), lines[-1]
    return lines[:-1]


def test_a_file_against_itself_changes_nothing() -> None:
    d = diff(ruleset_of(BASE), ruleset_of(BASE))
    assert (d.changes, d.records, d.higher, d.lower, d.findings) == ((), 10, 0, 0, ())


def test_a_lowered_rule_is_shown_counted_and_fails_unless_allowed() -> None:
    lowered = changed(("both_sides\n    level: urgent", "both_sides\n    level: soon"), text=BUMPED)
    assert diff_lines(BASE, lowered) == [
        "changes from old.yaml to new.yaml:",
        "  new.yaml:4:12: metadata: version changed",
        "    - 1.0",
        "    + 1.1",
        "  new.yaml:65:12: rule 'weak_both': level changed",
        "    - urgent",
        "    + soon",
        "impact over 10 answer sets:",
        "  same level: 9",
        "  more urgent in NEW: 0",
        "  less urgent in NEW: 1 (urgent -> soon: 1)",
        "    old (urgent): signs: [none]; weakness: yes; side: both_sides",
        "    new, where different (soon): (the same answers)",
        "new.yaml: error: 1 answer set gets a less urgent level (--allow-lower if that is intended) [lower-level]",
    ]
    allowed = diff(ruleset_of(BASE), ruleset_of(lowered), allow_lower=True)
    assert [(f.severity, f.check, f.message) for f in allowed.findings] == [
        ("warning", "lower-level", "1 answer set gets a less urgent level (allowed by --allow-lower)")
    ]


def test_a_changed_text_without_a_new_version_is_an_error() -> None:
    assert diff_lines(BASE, changed(("text: Are you weak?", "text: Do you feel weak?"))) == [
        "changes from old.yaml to new.yaml:",
        "  new.yaml:36:11: question 'weakness': text changed",
        "    - Are you weak?",
        "    + Do you feel weak?",
        "impact over 10 answer sets:",
        "  same level: 10",
        "  more urgent in NEW: 0",
        "  less urgent in NEW: 0",
        "new.yaml:4:12: error: 1 change but the version is still 1.0: give it a new one [version]",
    ]


def test_a_new_question_and_rule_raise_the_level_of_the_records_that_reach_it() -> None:
    new = changed(('version: "1.0"', 'version: "1.1"'), text=NUMB_LAST)
    assert diff_lines(BASE, new) == [
        "changes from old.yaml to new.yaml:",
        "  new.yaml:4:12: metadata: version changed",
        "    - 1.0",
        "    + 1.1",
        "  new.yaml:49:5: question 'numb': added",
        "  new.yaml:87:5: rule 'numb_only': added (routine: numb is yes)",
        "impact over 26 answer sets:",
        "  same level: 25",
        "  more urgent in NEW: 1 (none -> routine: 1)",
        "    old (none): signs: [none]; weakness: no",
        "    new, where different (routine): numb: yes",
        "  less urgent in NEW: 0",
    ]


def test_a_moved_question_keeps_one_answer_per_record() -> None:
    d = diff(ruleset_of(NUMB_LAST), ruleset_of(NUMB_FIRST))
    assert [(c.where, c.message) for c in d.changes] == [
        ("metadata", "version changed"),
        ("question 'numb'", "section changed"),  # it takes the section of the question before it
        ("question 'numb'", "moved in the order of questions"),
    ]
    assert (d.records, d.higher, d.lower) == (26, 0, 0)


@pytest.mark.parametrize(
    "new",
    [
        changed(("both_sides\n    level: urgent", "both_sides\n    level: soon")),
        changed(("    when: weakness is not_sure\n", "    when: weakness in [not_sure, no]\n")),
        with_rule(rule("not_weak", "weakness is no", "urgent")),
        changed(("    stop: true\n", "")),
    ],
    ids=["lowered", "widened", "added", "no stop"],
)
def test_level_changes_counted_by_classes_equal_those_counted_one_by_one(new: str) -> None:
    old_rules, new_rules = ruleset_of(BASE), ruleset_of(new)
    # With the same questions in the same order the records are the answer sets of the new file.
    one_by_one: Counter[tuple[str, str]] = Counter()
    for answers in answer_sets(new_rules):
        before = flow.evaluate(old_rules, answers).level.id
        after = flow.evaluate(new_rules, answers).level.id
        if before != after:
            one_by_one[(before, after)] += 1
    d = diff(old_rules, new_rules)
    assert {(a, b): n for a, b, n in d.moves} == dict(one_by_one)


def test_json_report_for_tools() -> None:
    lowered = changed(("both_sides\n    level: urgent", "both_sides\n    level: soon"), text=BUMPED)
    data = json.loads(render(diff(ruleset_of(BASE), ruleset_of(lowered)), "json"))
    assert (data["records"], data["higher"], data["lower"]) == (10, 0, 1)
    assert data["moves"] == [{"old": "urgent", "new": "soon", "records": 1}]
    assert data["examples_lower"] == [
        {
            "answers": {"signs": ["none"], "weakness": ["yes"], "side": ["both_sides"]},
            "level": "urgent",
            "after": {"signs": ["none"], "weakness": ["yes"], "side": ["both_sides"]},
            "after_level": "soon",
        }
    ]
    assert data["findings"] == [
        {
            "severity": "error",
            "check": "lower-level",
            "message": "1 answer set gets a less urgent level (--allow-lower if that is intended)",
        }
    ]


def test_the_bundled_file_against_itself_covers_every_answer_set() -> None:
    bundled = load_ruleset(bundled_rules())
    d = diff(bundled, bundled)
    assert (d.changes, d.higher, d.lower) == ((), 0, 0)
    assert d.records > 10**11


def test_cli_diff_exits_1_on_a_lower_level_and_0_with_allow_lower(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(changed(("both_sides\n    level: urgent", "both_sides\n    level: soon"), text=BUMPED), "utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    assert "  less urgent in NEW: 1 (urgent -> soon: 1)" in capsys.readouterr().out.splitlines()
    assert main(["diff", str(old), str(new), "--allow-lower", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["severity"] == "warning"
    assert main(["diff", str(old), str(tmp_path / "missing.yaml")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'missing.yaml'}: no such file\n"


@pytest.mark.slow
def test_cli_diff_walks_files_with_more_questions_than_the_recursion_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every move of the joint walk goes one question deeper: a recursive walk died here with a RecursionError.
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(with_questions(1100, changed(('version: "1.0"', 'version: "1.1"'))), encoding="utf-8")
    # The two answer sets with trouble breathing stop at once; each of the other eight goes on to 3**1100.
    assert main(["diff", str(old), str(new)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert re.sub(r"in \d+\.\d\d s", "in X s", last) == (
        f"1101 changes; {8 * 3**1100 + 2} answer sets: 0 more urgent, 0 less urgent (in X s)"
    )


def test_a_change_at_the_end_of_a_long_message_is_shown_not_cut_off() -> None:
    from selfcheck.render.diff import _around_change

    old = "Weakness that is slowly getting worse should be checked by a doctor. " * 2 + "Book within about two weeks."
    new = old.replace("two weeks", "2 weeks")
    shown_old, shown_new = _around_change(old, new)
    assert shown_old != shown_new
    assert shown_old.endswith("Book within about two weeks.") and shown_new.endswith("Book within about 2 weeks.")
    assert shown_old.startswith("...") and len(shown_old) <= 100
    assert _around_change("short", "shorter") == ("short", "shorter")


def test_something_removed_is_located_in_old() -> None:
    new = changed(('version: "1.0"', 'version: "1.1"'), text=NUMB_LAST)
    lines = diff_lines(new, BASE)
    assert "  old.yaml:49:5: question 'numb': removed" in lines
    assert "  old.yaml:87:5: rule 'numb_only': removed" in lines
    assert "  new.yaml:4:12: metadata: version changed" in lines


def test_a_level_that_now_ends_the_questions_when_certain_is_a_change_that_needs_a_version() -> None:
    level = "{id: urgent, label: Urgent, action: Get advice today.}"
    marked = changed((level, level[:-1] + ", stop_when_certain: true}"))
    lines = diff_lines(BASE, marked)
    assert lines[:4] == [
        "changes from old.yaml to new.yaml:",
        "  new.yaml:16:79: level 'urgent': stop_when_certain changed",
        "    - false",
        "    + true",
    ]
    assert lines[-1] == "new.yaml:4:12: error: 1 change but the version is still 1.0: give it a new one [version]"


def _yesno(qid: str, section: str = "") -> str:
    where = f"    section: {section}\n" if section else ""
    return f"  - id: {qid}\n{where}    kind: context\n    type: yesno\n    text: {qid}?\n    help: Yes or no.\n    summary: {qid}\n"


def test_the_joint_walk_takes_a_question_only_the_second_file_has_right_after_the_one_it_follows_there() -> None:
    new = changed(
        ("  - id: signs\n", _yesno("first", "Start") + "  - id: signs\n"),
        ("  - id: weakness\n", _yesno("mid") + "  - id: weakness\n"),
        ("rules:\n", _yesno("late") + "rules:\n"),
    )
    old_rules, new_rules = ruleset_of(BASE), ruleset_of(new)
    domains = build_domains([old_rules, new_rules], marks=False)
    joint = Joint(Flow(old_rules, domains), Flow(new_rules, domains))
    assert joint.rank == {"first": 0, "signs": 1, "mid": 2, "weakness": 3, "side": 4, "late": 5}


# 'side' with two more choices no rule reads (one class standing for two answers), read alone by a rule, and
# asked after a yes to weakness in one file, after a yes or not sure in the other.
SIDE4 = with_rule(
    rule("side_both", "side is both_sides", "urgent"),
    changed(
        (
            "      - {id: both_sides, label: Both sides}\n",
            "      - {id: both_sides, label: Both sides}\n      - {id: arm, label: Arm}\n      - {id: leg, label: Leg}\n",
        )
    ),
)
SIDE4_ASKED_MORE = changed(("ask_if: weakness is yes", "ask_if: weakness in [yes, not_sure]"), text=SIDE4)


def test_a_question_one_file_asks_and_the_other_skips_counts_each_answer_to_it_either_way_round() -> None:
    narrow, wide = ruleset_of(SIDE4), ruleset_of(SIDE4_ASKED_MORE)
    # The records are the answer sets of the file that asks more; the other drops the answer it does not ask.
    every = list(answer_sets(wide))
    one_by_one: Counter[tuple[str, str]] = Counter()
    for answers in every:
        before, after = flow.evaluate(narrow, answers).level.id, flow.evaluate(wide, answers).level.id
        if before != after:
            one_by_one[(before, after)] += 1
    assert one_by_one == {("soon", "urgent"): 1}
    there, back = diff(narrow, wide), diff(wide, narrow)
    assert (there.records, {(a, b): n for a, b, n in there.moves}) == (len(every), dict(one_by_one))
    assert (back.records, {(b, a): n for a, b, n in back.moves}) == (len(every), dict(one_by_one))


AGE = (
    "  - id: age\n    kind: context\n    type: single\n    text: How old are you?\n    help: Pick one.\n"
    "    summary: Age\n    choices:\n      - {id: older, label: 65 or over}\n      - {id: adult, label: 18 to 64}\n"
    "      - {id: child, label: Under 18}\n"
)
# An age question (no rule reads 18 to 64 or under 18: one answer of two ways) and a rule on 65 or over, weak_both
# lowered to soon.
WITH_AGE = with_rule(
    rule("unsure_older", "signs has not_sure and age is older", "emergency"),
    changed(
        ("  - id: weakness\n", AGE + "  - id: weakness\n"),
        ('version: "1.0"', 'version: "1.1"'),
        ("both_sides\n    level: urgent", "both_sides\n    level: soon"),
    ),
)


def test_the_example_answers_a_question_only_one_file_asks_with_its_commonest_answer_either_way_round() -> None:
    # Any age gives urgent -> soon: the example says 18 to 64, the answer of two ways, not 65 or over (the first).
    assert diff_lines(BASE, WITH_AGE, allow_lower=True)[9:] == [
        "impact over 26 answer sets:",
        "  same level: 19",
        "  more urgent in NEW: 4 (urgent -> emergency: 4)",
        "    old (urgent): signs: [not_sure]; weakness: no",
        "    new, where different (emergency): age: older; no longer asked: weakness",
        "  less urgent in NEW: 3 (urgent -> soon: 3)",
        "    old (urgent): signs: [none]; weakness: yes; side: both_sides",
        "    new, where different (soon): age: adult",
        "new.yaml: warning: 3 answer sets get a less urgent level (allowed by --allow-lower) [lower-level]",
    ]
    # The other way round, the old file asks it.
    assert diff_lines(WITH_AGE, BUMPED.replace('version: "1.1"', 'version: "1.2"'), allow_lower=True)[9:] == [
        "impact over 26 answer sets:",
        "  same level: 19",
        "  more urgent in NEW: 3 (soon -> urgent: 3)",
        "    old (soon): signs: [none]; age: adult; weakness: yes; side: both_sides",
        "    new, where different (urgent): (the same answers); no longer asked: age",
        "  less urgent in NEW: 4 (emergency -> urgent: 4)",
        "    old (emergency): signs: [not_sure]; age: older",
        "    new, where different (urgent): weakness: no; no longer asked: age",
        "new.yaml: warning: 4 answer sets get a less urgent level (allowed by --allow-lower) [lower-level]",
    ]


def test_files_whose_checklist_has_too_many_groups_to_compare_are_refused_at_the_new_file() -> None:
    from generators import checklist

    from selfcheck.errors import Problem, SelfcheckError

    with pytest.raises(SelfcheckError) as refused:
        diff(ruleset_of(checklist(17), "old.yaml"), ruleset_of(checklist(17), "new.yaml"))
    assert refused.value.problems == (
        Problem(
            "new.yaml",
            0,
            0,
            "question 'list' has 17 independently read groups of choices: too many to compare every combination",
        ),
    )


LOWERED_SAME_VERSION = changed(("both_sides\n    level: urgent", "both_sides\n    level: soon"))


def test_a_comparison_stopped_at_its_limit_lists_the_changes_and_the_version_check_but_no_impact() -> None:
    import time

    from selfcheck.analysis.budget import Budget

    before = time.perf_counter()
    d = diff(ruleset_of(BASE), ruleset_of(LOWERED_SAME_VERSION), limits=Budget(max_states=1))
    took = time.perf_counter() - before
    assert [(c.where, c.message) for c in d.changes] == [("rule 'weak_both'", "level changed")]
    assert (d.records, d.moves, d.examples_lower, d.examples_higher, d.statuses) == (0, (), (), (), ())
    assert [(f.severity, f.check, f.message, f.line, f.col) for f in d.findings] == [
        (
            "error",
            "limit",
            "the comparison stopped at its limit (more than 1 states of the answer space to walk): the changes are "
            "listed, but what they do to the answer sets was not worked out",
            0,
            0,
        ),
        ("error", "version", "1 change but the version is still 1.0: give it a new one", 4, 12),
    ]
    assert 0 <= d.seconds <= took


def test_the_seconds_of_a_finished_comparison_are_how_long_it_took() -> None:
    import time

    before = time.perf_counter()
    d = diff(ruleset_of(BASE), ruleset_of(LOWERED_SAME_VERSION))
    assert d.records == 10
    assert 0 <= d.seconds <= time.perf_counter() - before


def test_a_version_that_went_down_is_an_error_located_at_the_new_files_version() -> None:
    d = diff(ruleset_of(BUMPED), ruleset_of(BASE))
    assert [(c.where, c.message, c.old, c.new) for c in d.changes] == [("metadata", "version changed", "1.1", "1.0")]
    assert [(f.severity, f.check, f.message, f.line, f.col) for f in d.findings] == [
        ("error", "version", "the version went down from 1.1 to 1.0", 4, 12)
    ]


def _without(rule_id: str) -> tuple[str, str]:
    """The replacement that removes rule rule_id of the base file."""
    start = BASE.index(f"  - id: {rule_id}\n")
    end = BASE.index("    sources: [SRC]\n", start) + len("    sources: [SRC]\n")
    return BASE[start:end], ""


def test_the_examples_are_one_per_pair_of_levels_the_biggest_changes_first_and_at_most_three() -> None:
    # Five pairs of levels get less urgent: emergency -> urgent (breathing with not sure: the unsure rule is left)
    # and -> routine (breathing alone), urgent -> none, soon -> routine and soon -> none.
    new = changed(
        ("    level: emergency\n    stop: true", "    level: routine\n    stop: true"),
        _without("weak_both"),
        ("one_side\n    level: soon", "one_side\n    level: routine"),
        _without("weak_unsure"),
        ('version: "1.0"', 'version: "1.1"'),
    )
    d = diff(ruleset_of(BASE), ruleset_of(new), allow_lower=True)
    assert d.moves == (
        ("emergency", "urgent", 1),
        ("emergency", "routine", 1),
        ("urgent", "none", 1),
        ("soon", "routine", 1),
        ("soon", "none", 1),
    )
    # Three levels apart twice (in the order of the moves), then two; the two of one level apart are left out.
    assert [(e.answers, e.level, e.after, e.after_level) for e in d.examples_lower] == [
        ({"signs": ("breathing",)}, "emergency", {"signs": ("breathing",)}, "routine"),
        (
            {"signs": ("none",), "weakness": ("yes",), "side": ("both_sides",)},
            "urgent",
            {"signs": ("none",), "weakness": ("yes",), "side": ("both_sides",)},
            "none",
        ),
        (
            {"signs": ("none",), "weakness": ("not_sure",)},
            "soon",
            {"signs": ("none",), "weakness": ("not_sure",)},
            "none",
        ),
    ]
    assert d.examples_higher == ()


def test_the_engine_disagreeing_with_the_joint_walk_is_an_internal_error_naming_both_answer_sets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # weak_both lowered to soon, weak_one raised to urgent; an engine that reads each file as the other one
    # disagrees with the walk on the example of each direction.
    swapped = changed(
        ("both_sides\n    level: urgent", "both_sides\n    level: soon"),
        ("one_side\n    level: soon", "one_side\n    level: urgent"),
        text=BUMPED,
    )
    old, new = ruleset_of(BASE), ruleset_of(swapped)
    real = flow.evaluate
    monkeypatch.setattr(flow, "evaluate", lambda ruleset, answers: real(new if ruleset is old else old, answers))
    d = diff(old, new, allow_lower=True)
    both = {"signs": ("none",), "weakness": ("yes",), "side": ("both_sides",)}
    one = {"signs": ("none",), "weakness": ("yes",), "side": ("one_side",)}
    assert [(f.severity, f.check, f.message) for f in d.findings] == [
        ("error", "internal", f"diff and engine disagree on {both} / {both}"),
        ("error", "internal", f"diff and engine disagree on {one} / {one}"),
        ("warning", "lower-level", "1 answer set gets a less urgent level (allowed by --allow-lower)"),
    ]
    # The examples carry the engine's levels, the reference.
    assert [(e.level, e.after_level) for e in (*d.examples_lower, *d.examples_higher)] == [
        ("soon", "urgent"),
        ("urgent", "soon"),
    ]


def _requirement(rid: str, when: str, at_least: str) -> str:
    return (
        f"  - id: {rid}\n    when: {when}\n    at_least: {at_least}\n    source: SRC\n"
        f'    clause: "1.2"\n    rationale: Testing.\n'
    )


def test_only_requirements_whose_status_changed_or_that_are_new_are_listed_and_a_new_proved_one_is_no_error() -> None:
    unsure = _requirement("unsure_today", "signs has not_sure", "urgent")
    both = _requirement("both_sides_today", "weakness is yes and side is both_sides", "urgent")
    old = changed(("safety_net:", "requirements:\n" + unsure + "safety_net:"))
    new = changed(("safety_net:", "requirements:\n" + unsure + both + "safety_net:"), text=BUMPED)
    d = diff(ruleset_of(old), ruleset_of(new))
    # unsure_today is proved in both files: not listed; both_sides_today is new and proved: listed, no error.
    assert d.statuses == (("both_sides_today", "", "proved"),)
    assert d.findings == ()


def test_a_checklist_is_compared_by_the_groups_its_rules_read_not_by_its_red_flag_marks() -> None:
    from generators import checklist

    # 16 groups the rules read, the most a comparison lists every combination of, and a red flag no rule reads:
    # marked apart, it would be a 17th group.
    text = checklist(16).replace(
        "      - {id: c15, label: c15}\n",
        "      - {id: c15, label: c15}\n      - {id: flag, label: Flag, red_flag: urgent}\n",
    )
    bumped = text.replace('version: "1.0"', 'version: "1.1"')
    d = diff(ruleset_of(text), ruleset_of(bumped))
    assert [(c.where, c.message) for c in d.changes] == [("metadata", "version changed")]
    assert (d.records, d.moves, d.findings) == (2**17 - 1, (), ())
