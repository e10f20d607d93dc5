"""Clinical requirements: read and checked by the loader, proved or broken over every answer set by analyze."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from analysis_files import BASE, TODAY, analysis_of, answer_sets, changed, rule, ruleset_of
from conftest import problems_of
from generators import HEADER

from selfcheck.analysis.requirements import Proof, answers_file, decided_line, prove, prove_all
from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.model.ruleset import Answers, Requirement, RuleSet
from selfcheck.render.findings import render


def requirement(
    rid: str, when: str, at_least: str = "", at_most: str = "", source: str = "SRC", clause: str = '"1.2"'
) -> str:
    bounds = (f"    at_least: {at_least}\n" if at_least else "") + (f"    at_most: {at_most}\n" if at_most else "")
    return (
        f"  - id: {rid}\n    when: {when}\n{bounds}    source: {source}\n    clause: {clause}\n"
        "    rationale: Testing.\n"
    )


def with_requirements(*items: str, text: str = BASE) -> str:
    return changed(("safety_net:", "requirements:\n" + "".join(items) + "safety_net:"), text=text)


# A requirement with one bound takes 6 lines; the first starts at line 82.
PROVED = requirement("unsure_today", "signs has not_sure", at_least="urgent")
BOTH_SIDES = requirement("both_sides_emergency", "weakness is yes and side is both_sides", at_least="emergency")
ONE_SIDE_CALM = requirement("one_side_calm", "side is one_side", at_most="soon")
NEVER = requirement("never", "signs has breathing and weakness is yes", at_least="emergency")


def lines_of(text: str, verbose: bool = False) -> list[str]:
    """The text report without its last line, which carries the time."""
    return render(analysis_of(text), ruleset_of(text), verbose=verbose).splitlines()[:-1]


def test_a_requirement_the_rules_meet_is_proved_and_said_so() -> None:
    assert lines_of(with_requirements(PROVED)) == [
        "warnings: 2 unread-choice (--verbose lists each)",
        "proved: gap-free: every answer set with a yes to a sign or symptom reaches a rule",
        "proved: monotone in 2 questions: a more worrying answer never gives a less urgent level",
        "proved: 1 of 1 requirement proved over every answer set where they apply",
        "proved: red flags: each of 2 red-flag choices always gives at least its level",
        "proved: reachability: each of 3 questions is asked and each of 5 rules fires in some answer set",
        "proved: the engine gives the counted level on an answer set of every distinct end state",
        "levels: emergency 2, urgent 5, soon 2, routine 0, none 1",
    ]


def test_a_broken_requirement_is_located_with_its_count_smallest_example_and_deciding_rule() -> None:
    assert lines_of(with_requirements(PROVED, BOTH_SIDES))[:6] == [
        "rules.yaml:88:1: error: requirement 'both_sides_emergency' (SRC 1.2) is broken: "
        "'weakness is yes and side is both_sides' must give at least emergency, but 2 of the 2 answer sets "
        "where it applies get a less urgent level [requirement]",
        "    smallest example (urgent, decided by rule 'weak_both'), as an answers file for selfcheck explain "
        "--answers:",
        "      signs: [none]",
        "      weakness: yes",
        "      side: both_sides",
        "warnings: 2 unread-choice (--verbose lists each)",
    ]
    assert lines_of(with_requirements(PROVED, BOTH_SIDES))[8] == (
        "FAILED: 1 of 2 requirements proved; 1 broken, 0 can never apply (see the errors above)"
    )


def test_an_at_most_bound_catches_a_path_that_frightens_people() -> None:
    assert lines_of(with_requirements(ONE_SIDE_CALM))[:5] == [
        "rules.yaml:82:1: error: requirement 'one_side_calm' (SRC 1.2) is broken: 'side is one_side' must give "
        "at most soon, but 1 of the 2 answer sets where it applies gets a more urgent level [requirement]",
        "    smallest example (urgent, decided by rule 'unsure'), as an answers file for selfcheck explain --answers:",
        "      signs: [not_sure]",
        "      weakness: yes",
        "      side: one_side",
    ]


def test_both_bounds_and_a_level_outside_them() -> None:
    both = requirement("one_side_soon", "side is one_side", at_least="soon", at_most="soon")
    assert lines_of(with_requirements(both))[0] == (
        "rules.yaml:82:1: error: requirement 'one_side_soon' (SRC 1.2) is broken: 'side is one_side' must give "
        "at least soon and at most soon, but 1 of the 2 answer sets where it applies gets a level outside them "
        "[requirement]"
    )


def test_a_requirement_that_can_never_apply_is_an_error() -> None:
    assert lines_of(with_requirements(NEVER))[:2] == [
        "rules.yaml:82:1: error: requirement 'never' (SRC 1.2) can never apply: "
        "'signs has breathing and weakness is yes' holds for no answer set the flow allows [requirement]",
        "warnings: 2 unread-choice (--verbose lists each)",
    ]
    assert "FAILED: 0 of 1 requirement proved; 0 broken, 1 can never apply (see the errors above)" in lines_of(
        with_requirements(NEVER)
    )


def test_a_file_without_requirements_says_so_and_verbose_lists_each_warning() -> None:
    lines = lines_of(BASE, verbose=True)
    assert lines[:3] == [
        "rules.yaml:31:14: warning: no rule or condition reads choice 'none' of question 'signs' [unread-choice]",
        "rules.yaml:32:1: warning: no rule or condition reads choice 'no' of question 'weakness' [unread-choice]",
        "warnings: 2 unread-choice",
    ]
    assert "none: no requirements in the rule file: nothing beyond the checks here" in lines


def test_the_smallest_example_pasted_into_an_answers_file_is_explained_with_the_level_that_breaks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(with_requirements(BOTH_SIDES), encoding="utf-8")
    assert main(["analyze", str(rules), "--today", "2026-11-21"]) == 1
    lines = capsys.readouterr().out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("    smallest example"))) + 1
    pasted = [line for line in lines[start:] if line.startswith("      ")]
    answers = tmp_path / "answers.yaml"
    answers.write_text("\n".join(pasted) + "\n", encoding="utf-8")
    assert main(["explain", "--rules", str(rules), "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Result: URGENT: Get advice today.\nRules fired: weak_both\n")


def test_the_states_walked_add_each_requirements_sweep_to_those_of_the_file_without_them() -> None:
    # The work figure of the summary line: the base file walks 54 states (test_registry), each requirement adds
    # the states its condition is followed over, and a broken one also those of its walk for the example.
    analysis = analysis_of(with_requirements(PROVED, BOTH_SIDES, NEVER))
    assert [(p.id, p.states) for p in analysis.requirements] == [
        ("unsure_today", 14),
        ("both_sides_emergency", 23),
        ("never", 12),
    ]
    assert analysis.states == 54 + 14 + 23 + 12


def test_json_gives_every_family_and_requirement_with_status_and_counts() -> None:
    text = with_requirements(PROVED, BOTH_SIDES, NEVER)
    data = json.loads(render(analysis_of(text), ruleset_of(text), "json"))
    assert [(c["id"], c["status"], c["findings"]) for c in data["checks"]] == [
        ("gap", "proved", 0),
        ("monotonicity", "proved", 0),
        ("requirements", "FAILED", 2),
        ("red-flags", "proved", 0),
        ("reachability", "proved", 0),
        ("engine", "proved", 0),
    ]
    assert [(r["id"], r["status"], r["applies"], r["violations"]) for r in data["requirements"]] == [
        ("unsure_today", "proved", 5, 0),
        ("both_sides_emergency", "violated", 2, 2),
        ("never", "unreachable", 0, 0),
    ]
    broken = data["requirements"][1]
    assert broken["example"] == {
        "answers": {"signs": ["none"], "weakness": ["yes"], "side": ["both_sides"]},
        "level": "urgent",
    }
    assert (broken["decided_by"], broken["at_least"], broken["at_most"], broken["clause"]) == (
        ["weak_both"],
        "emergency",
        None,
        "1.2",
    )
    # Not sure with trouble breathing is an emergency. With weakness on both sides weak_both ties with unsure
    # at urgent: one answer set per end state names the rules of that one answer set only.
    assert data["requirements"][0]["satisfied_by"] == ["breathing", "unsure"]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            requirement("r", "sings has breathing", at_least="urgent"),
            ["rules.yaml:83:11: unknown question 'sings' (did you mean 'signs'?)"],
        ),
        (
            requirement("r", "signs has breathin", at_least="urgent"),
            ["rules.yaml:83:21: question 'signs' has no choice 'breathin' (did you mean 'breathing'?)"],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgnt"),
            [
                "rules.yaml:84:15: at_least 'urgnt' is not one of emergency, urgent, soon, routine "
                "(did you mean 'urgent'?)"
            ],
        ),
        (
            requirement("r", "signs has breathing", at_most="emergency"),
            ["rules.yaml:84:14: at_most 'emergency' is not one of urgent, soon, routine, none"],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgent", at_most="routine"),
            ["rules.yaml:85:14: at_most 'routine' is less urgent than at_least 'urgent': no level meets both"],
        ),
        (
            requirement("r", "signs has breathing"),
            ["rules.yaml:82:5: requirement 'r' needs 'at_least' or 'at_most' (or both)"],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgent", source="SCR"),
            ["rules.yaml:85:13: unknown source 'SCR' (did you mean 'SRC'?)"],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgent", clause="1.2"),
            ["rules.yaml:86:13: clause must be text, not a number (1.2); put it in quotes"],
        ),
        (
            requirement("breathing", "signs has breathing", at_least="urgent"),
            ["rules.yaml:82:9: requirement id 'breathing' is also a rule id; give the requirement its own"],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgent")
            + requirement("r", "signs has not_sure", at_least="urgent"),
            ["rules.yaml:88:9: duplicate requirement id 'r' (first at line 82)"],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgent").replace("    rationale", "    because"),
            [
                "rules.yaml:82:5: requirement 'r' is missing 'rationale'",
                "rules.yaml:87:5: unknown key 'because' in requirement 'r' (did you mean 'clause'?)",
            ],
        ),
        (
            requirement("r", "signs has breathing", at_least="urgent").replace("at_least", "at_lest"),
            [
                "rules.yaml:82:5: requirement 'r' needs 'at_least' or 'at_most' (or both)",
                "rules.yaml:84:5: unknown key 'at_lest' in requirement 'r' (did you mean 'at_least'?)",
            ],
        ),
    ],
)
def test_the_loader_checks_requirements_like_everything_else(item: str, expected: list[str]) -> None:
    assert problems_of(with_requirements(item)) == expected


# Small files for the brute-force oracle: 'not', 'has all', stop rules, ask_if chains, both bounds.
ORACLE_FILES = {
    "base": with_requirements(PROVED, BOTH_SIDES, ONE_SIDE_CALM, NEVER),
    "not and has all": with_requirements(
        requirement("not_breathing", "not signs has breathing and weakness in [yes, not_sure]", at_least="soon"),
        requirement("all_signs", "signs has all [breathing, not_sure]", at_least="emergency"),
        requirement("quiet", "not weakness is yes", at_most="soon"),
        requirement("bounded", "weakness is not_sure or side is one_side", at_least="soon", at_most="soon"),
        # Choices no rule reads: the classes of answers must still tell them apart for the requirement.
        requirement("unread", "signs has none and weakness is no", at_most="routine"),
        requirement("unread_broken", "signs has none and weakness is no", at_least="soon"),
    ),
    "a choice only a requirement tells apart": with_requirements(
        requirement("weak_no", "weakness is no", at_least="soon"),
        requirement("weak_unsure_calm", "weakness is not_sure and signs has none", at_most="routine"),
        text=changed(("    when: weakness is not_sure\n", "    when: weakness in [not_sure, no]\n")),
    ),
    # calm: broken by two signs ticked (one answer) and by a yes to weakness (three answers): the example is the
    # yes, one worrying answer where the two ticks are two. unsure_calm: one worrying answer either way, then
    # the fewest answers: not sure of the signs, where side is passed, not a yes to weakness.
    "two ticks or a yes": with_requirements(
        PROVED,
        requirement("calm", "signs has all [breathing, not_sure] or weakness is yes", at_most="routine"),
        requirement("unsure_calm", "signs has not_sure or weakness is yes", at_most="routine"),
    ),
    "ask_if chain and stop": with_requirements(
        requirement("chain", "side is both_sides", at_least="urgent"),
        requirement("unsure_or_one", "signs has not_sure or side is one_side", at_least="urgent"),
        text=changed(
            ("    ask_if: weakness is yes\n", "    ask_if: weakness is yes and not signs has not_sure\n"),
            (
                "    level: urgent\n    message: Weakness on both",
                "    level: urgent\n    stop: true\n    message: Weakness on both",
            ),
        ),
    ),
}


def brute_force(ruleset: RuleSet, req: Requirement) -> tuple[int, int, tuple[str, ...]]:
    """(answer sets where it applies, those outside its bounds, rules deciding where it is met), one by one."""
    applies = violations = 0
    satisfied: set[str] = set()
    for answers in answer_sets(ruleset):
        if not req.when.holds(answers):
            continue
        applies += 1
        result = flow.evaluate(ruleset, answers)
        if req.allows(result.level.id):
            satisfied.update(rule.id for rule in result.fired if rule.level == result.level.id)
        else:
            violations += 1
    return applies, violations, tuple(rule.id for rule in ruleset.rules if rule.id in satisfied)


@pytest.mark.parametrize("text", ORACLE_FILES.values(), ids=ORACLE_FILES.keys())
def test_every_requirement_count_agrees_with_a_brute_force_enumeration(text: str) -> None:
    ruleset = ruleset_of(text)
    proofs: tuple[Proof, ...] = analysis_of(text).requirements
    assert len(proofs) == len(ruleset.requirements) >= 2
    for proof in proofs:
        applies, violations, satisfied_by = brute_force(ruleset, proof.requirement)
        assert (proof.applies, proof.violations) == (applies, violations)
        # The rules that meet it come from one answer set per end state: some of them, never one that does not.
        assert set(proof.satisfied_by) <= set(satisfied_by)
        assert bool(proof.satisfied_by) == bool(satisfied_by)
        if proof.example is not None:
            assert proof.requirement.when.holds(proof.example.answers)
            assert not proof.requirement.allows(flow.evaluate(ruleset, proof.example.answers).level.id)
            assert _cost(ruleset, proof.example.answers) == min_broken_cost(ruleset, proof.requirement)


def _cost(ruleset: RuleSet, answers: Answers) -> tuple[int, int]:
    """(worrying answers, answers): a yes to a sign or symptom, or each choice ticked, is a worrying answer."""
    worry = 0
    for qid, given in answers.items():
        q = ruleset.question(qid)
        if q.type == "multiple":
            worry += sum(1 for cid in given if not q.choice(cid).exclusive)
        elif q.kind in ("sign", "symptom") and q.type == "yesno":
            worry += given == ("yes",)
    return worry, len(answers)


def min_broken_cost(ruleset: RuleSet, req: Requirement) -> tuple[int, int]:
    """The least cost of an answer set that breaks the requirement, one by one (the files here read every
    choice on its own, so a choice ticked is a group of choices ticked)."""
    return min(
        _cost(ruleset, answers)
        for answers in answer_sets(ruleset)
        if req.when.holds(answers) and not req.allows(flow.evaluate(ruleset, answers).level.id)
    )


def test_a_red_flag_is_shorthand_for_a_requirement() -> None:
    lowered = changed(("    level: emergency\n    stop: true", "    level: urgent\n    stop: true"))
    text = with_requirements(
        requirement("breathing_emergency", "signs has breathing", at_least="emergency"), text=lowered
    )
    analysis = analysis_of(text, TODAY)
    red_flag = next(f for f in analysis.errors if f.check == "red-flag")
    proof = analysis.requirements[0]
    assert "but 2 answer sets with it" in red_flag.message
    assert (proof.status, proof.violations, proof.applies) == ("violated", 2, 2)


def test_diff_lists_requirements_added_removed_changed_and_any_whose_status_changed() -> None:
    from selfcheck.analysis.diff import diff
    from selfcheck.render.diff import render as render_diff

    old = with_requirements(PROVED, NEVER)
    # NEW lowers the 'unsure' rule to soon, so unsure_today breaks; never goes; both_sides_emergency comes.
    new = with_requirements(
        PROVED.replace('"1.2"', '"1.3"'),
        BOTH_SIDES,
        text=changed(
            ('version: "1.0"', 'version: "1.1"'),
            ("    when: signs has not_sure\n    level: urgent", "    when: signs has not_sure\n    level: soon"),
        ),
    )
    lines = render_diff(diff(ruleset_of(old, "old.yaml"), ruleset_of(new, "new.yaml"), allow_lower=True)).splitlines()
    assert [line for line in lines if "requirement" in line or line.startswith("  '")] == [
        "  new.yaml:86:13: requirement 'unsure_today': clause changed",
        "  new.yaml:88:5: requirement 'both_sides_emergency': added (at least emergency: weakness is yes and side is "
        "both_sides)",
        "  old.yaml:88:5: requirement 'never': removed",
        "requirements whose status changed:",
        "  'unsure_today': proved -> violated (3 of 5)",
        "  'both_sides_emergency': (not in OLD) -> violated (2 of 2)",
        "new.yaml:82:1: error: requirement 'unsure_today' is violated in NEW (proved in OLD) [requirement]",
        "new.yaml:88:1: error: requirement 'both_sides_emergency' is violated in NEW [requirement]",
    ]


@pytest.mark.slow
def test_a_broken_copy_of_the_bundled_file_fails_with_the_requirement_id() -> None:
    from selfcheck.analysis.requirements import prove_all
    from selfcheck.rulefile.loader import bundled_rules

    text = Path(bundled_rules()).read_text(encoding="utf-8")
    rule_at = text.index("  - id: emergency_rapid_both_sides\n")
    level_at = text.index("    level: emergency\n", rule_at)
    lowered = text[:level_at] + "    level: urgent\n" + text[level_at + len("    level: emergency\n") :]
    proofs, findings = prove_all(ruleset_of(lowered))
    assert all(p.status == "proved" for p in prove_all(ruleset_of(text))[0])
    assert [p.id for p in proofs if p.status != "proved"] == ["both_sides_rapid"]
    assert [f.message.split(" is broken")[0] for f in findings] == [
        "requirement 'both_sides_rapid' (NG127 Rapidly progressive symmetrical limb weakness: refer immediately)"
    ]


@pytest.mark.parametrize("text", ORACLE_FILES.values(), ids=ORACLE_FILES.keys())
def test_a_requirement_proved_on_its_own_flow_counts_as_in_the_analysis(text: str) -> None:
    # selfcheck diff proves requirements without the analysis's shared flow: the counts must not change.
    ruleset = ruleset_of(text)
    by_analysis = [(p.id, p.status, p.applies, p.violations) for p in analysis_of(text).requirements]
    alone = [(p.id, p.status, p.applies, p.violations) for p in prove_all(ruleset)[0]]
    one_by_one = [(p.id, p.status, p.applies, p.violations) for p in (prove(ruleset, r) for r in ruleset.requirements)]
    assert alone == one_by_one == by_analysis
    assert all(p.states > 0 for p in prove_all(ruleset)[0])


@pytest.mark.parametrize(
    ("level", "answers"),
    [
        # The engine gives a level within the bound for the example the walk counted as broken,
        ("emergency", {"signs": ("none",), "weakness": ("yes",), "side": ("both_sides",)}),
        # or keeps answers for which the requirement does not apply.
        ("urgent", {"signs": ("none",), "weakness": ("no",)}),
    ],
)
def test_the_engine_is_the_reference_for_a_broken_requirement(
    monkeypatch: pytest.MonkeyPatch, level: str, answers: dict[str, tuple[str, ...]]
) -> None:
    ruleset = ruleset_of(with_requirements(BOTH_SIDES))
    example = {"signs": ("none",), "weakness": ("yes",), "side": ("both_sides",)}
    real = flow.evaluate

    def disagreeing(rs: RuleSet, given: dict[str, tuple[str, ...]]) -> flow.Result:
        result = real(rs, given)
        return result._replace(level=rs.level(level), answers=answers) if dict(given) == example else result

    monkeypatch.setattr(flow, "evaluate", disagreeing)
    findings = prove_all(ruleset)[1]
    assert [(f.severity, f.check, f.message, f.examples[0].answers) for f in findings] == [
        (
            "error",
            "internal",
            "the analysis expected requirement 'both_sides_emergency' (SRC 1.2) to fail for these answers; "
            "please report this",
            example,
        ),
        (
            "error",
            "requirement",
            "requirement 'both_sides_emergency' (SRC 1.2) is broken: 'weakness is yes and side is both_sides' "
            "must give at least emergency, but 2 of the 2 answer sets where it applies get a less urgent level",
            example,
        ),
    ]


def test_the_example_of_a_broken_requirement_is_an_answers_file_with_its_deciding_rules() -> None:
    ruleset = ruleset_of(
        with_requirements(
            requirement("unsure_both", "signs has not_sure and side is both_sides", at_least="emergency"),
            requirement("calm_soon", "weakness is no", at_least="soon"),
        )
    )
    (both, calm), _ = prove_all(ruleset)
    assert both.example is not None and calm.example is not None
    assert answers_file(both.example.answers, ruleset, "  ") == [
        "  signs: [not_sure]",
        "  weakness: yes",
        "  side: both_sides",
    ]
    assert decided_line(both) == "rule 'unsure', rule 'weak_both'"
    assert answers_file(calm.example.answers, ruleset) == ["signs: [none]", "weakness: no"]
    assert decided_line(calm) == "no rule fires"
    assert answers_file({"signs": ("breathing", "not_sure")}, ruleset) == ["signs: [breathing, not_sure]"]


def _context_questions(seen: str) -> str:
    """Who was seen (the choices in the order given), when (asked only after a doctor), and age: context
    questions, so no answer is worrying and the smallest example is chosen by its other criteria."""
    labels = {"gp": "A doctor", "nobody": "Nobody yet"}
    choices = "".join(f"      - {{id: {c}, label: {labels[c]}}}\n" for c in seen.split())
    return f"""\
questions:
  - id: seen
    kind: context
    type: single
    text: Who have you seen about this?
    help: Pick one.
    summary: Seen
    choices:
{choices}  - id: when
    kind: context
    type: single
    ask_if: seen is gp
    text: When?
    help: Pick one.
    summary: When
    choices:
      - {{id: this_week, label: This week}}
      - {{id: earlier, label: Earlier}}
  - id: age
    kind: context
    type: single
    text: How old are you?
    help: Pick one.
    summary: Age
    choices:
"""


_CONTEXT_TAIL = "safety_net: Get help sooner if anything gets worse.\ndisclaimer: This is not a diagnosis.\n"


def test_the_smallest_example_has_the_fewest_answers_then_the_commonest_ones_then_the_first_in_order() -> None:
    # No rule reads 'adult' or 'child': they are one answer of two ways, 'older' an uncommon one of one way.
    text = (
        HEADER
        + _context_questions("gp nobody")
        + "      - {id: older, label: 65 or over}\n      - {id: adult, label: 18 to 64}\n"
        + "      - {id: child, label: Under 18}\n"
        + "rules:\n"
        + rule("older", "age is older", "soon")
        + rule("recent", "when is this_week", "routine")
        + rule("earlier", "when is earlier", "routine")
        + "requirements:\n"
        + requirement("older_urgent", "age is older", at_least="urgent")
        + requirement("nobody_urgent", "seen is nobody", at_least="urgent")
        + requirement("gp_urgent", "seen is gp", at_least="urgent")
        + _CONTEXT_TAIL
    )
    examples = {p.requirement.id: p.example.answers for p in analysis_of(text).requirements if p.example}
    assert examples == {
        # Two answers, not three: 'when' is passed after nobody, and a question passed is no answer.
        "older_urgent": {"seen": ("nobody",), "age": ("older",)},
        # Two answers either way: the commoner age, of the two ways no rule tells apart.
        "nobody_urgent": {"seen": ("nobody",), "age": ("adult",)},
        # Three answers every way: this week and earlier are as common, and this week comes first.
        "gp_urgent": {"seen": ("gp",), "when": ("this_week",), "age": ("adult",)},
    }


def test_a_question_passed_is_not_an_uncommon_answer_in_the_smallest_example() -> None:
    # Broken by [nobody, older] (two answers, 'when' passed) and by [gp, this week], where the flow stops: as
    # small as each other, so the first in order, nobody.
    text = (
        HEADER
        + _context_questions("nobody gp")
        + "      - {id: older, label: 65 or over}\n      - {id: younger, label: Under 65}\n"
        + "rules:\n"
        + rule("recent", "when is this_week", "emergency").replace("    rationale", "    stop: true\n    rationale")
        + rule("older", "age is older", "emergency")
        + "requirements:\n"
        + requirement("calm", "seen is gp or age is older", at_most="urgent")
        + _CONTEXT_TAIL
    )
    (proof,) = analysis_of(text).requirements
    assert proof.example is not None
    assert (proof.violations, proof.example.answers) == (3, {"seen": ("nobody",), "age": ("older",)})
