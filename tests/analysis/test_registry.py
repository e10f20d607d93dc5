"""The analysis checks as a registry: one module per check with an ID, and analyze runs exactly the registry."""

from __future__ import annotations

import re
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from analysis_files import BASE, TODAY, analysis_of, changed, rule, with_rule

from selfcheck.analysis import budget
from selfcheck.analysis import orchestrate as analysis
from selfcheck.analysis import registry as analysis_registry
from selfcheck.analysis.checks import monotonicity, red_flag
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.render.findings import render
from selfcheck.rulefile import strict_yaml as yamlfile
from selfcheck.rulefile.loader import build_ruleset

PACKAGE = Path(analysis_registry.__file__).resolve().parent / "checks"


def test_every_check_module_is_in_the_registry_once() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert sorted(c.__name__.rsplit(".", 1)[1] for c in analysis_registry.CHECKS) == sorted(modules)


def test_check_ids_are_unique_and_each_module_names_its_own() -> None:
    found = [i for c in analysis_registry.CHECKS for i in (c.ID,)]
    assert len(found) == len(set(found))
    for c in analysis_registry.CHECKS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", c.ID), c.ID
        assert isinstance(c.WALKS, bool) and isinstance(c.FAMILY, str)


def test_the_checks_that_need_no_walk_come_first() -> None:
    walks = [c.WALKS for c in analysis_registry.CHECKS]
    assert walks == sorted(walks)


def test_every_finding_carries_the_id_of_a_registered_check() -> None:
    defects = with_rule(rule("dead", "weakness is yes and weakness is no", "soon"))
    ids = {i for c in analysis_registry.CHECKS for i in analysis_registry.ids(c)}
    result = analysis_of(defects)
    assert {f.check for f in result.findings} <= ids
    assert "dead-rule" in {f.check for f in result.findings}


def test_analyze_runs_what_the_registry_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    class Extra:
        ID, FAMILY, WALKS = "extra", "", True

        @staticmethod
        def check(ctx: Context) -> Iterator[Finding]:
            yield Finding(
                "warning",
                "extra",
                f"{len(ctx.ruleset.rules)} rules, {sum(ctx.main.summary[ctx.main.root])} answer sets",
            )

    monkeypatch.setattr(analysis, "CHECKS", (*analysis_registry.CHECKS, Extra))
    result = analysis_of(BASE)
    assert [f.message for f in result.findings if f.check == "extra"] == ["5 rules, 10 answer sets"]
    assert result.checked[-1] == "extra"


def _over_budget(ctx: Context) -> Iterator[Finding]:
    """A check that meets the budget at once."""
    raise budget.OverBudget("more than 1 second of walking the answer space")
    yield  # a generator, as every check


def test_a_budget_met_part_way_keeps_what_was_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped at the monotonicity walks: the checks before say proved, the rest not checked, and it is an error."""

    monkeypatch.setattr(monotonicity, "check", _over_budget)
    doc = yamlfile.parse("rules.yaml", BASE)
    ruleset = build_ruleset(doc)
    # The walk's budget (with auto and no dd installed the message also says how to get the scale extra).
    result = analysis.analyze(ruleset, TODAY, doc, method="walk")
    assert not result.complete and result.answer_sets == 10
    assert result.checked[-1] == "after-certain" and "monotonicity" not in result.checked
    assert [f.message for f in result.errors] == [
        "the analysis stopped at its limit: more than 1 second of walking the answer space; "
        "it cannot check every answer set of this file yet"
    ]
    lines = render(result, ruleset).splitlines()
    assert [line for line in lines if not line.startswith(("rules.yaml", "warnings", "levels"))] == [
        "checks finished: unread-choice, wording, reading-age, metadata, signoff, gap, unreachable-question, "
        "red-flag, after-certain",
        "checks not finished: monotonicity, dead-rule, shadowed-rule, no-crash, requirement",
        "proved: gap-free: every answer set with a yes to a sign or symptom reaches a rule",
        "not checked: monotonicity (the analysis stopped at its limit first)",
        "not checked: the requirements (the analysis stopped at its limit first)",
        "proved: red flags: each of 2 red-flag choices always gives at least its level",
        "not checked: reachability of every question and rule (the analysis stopped at its limit first)",
        "not checked: the engine's agreement with the counts (the analysis stopped at its limit first)",
        "FAILED: the analysis stopped at its limit: what is not checked is not proved",
    ]


def test_running_out_of_memory_ends_the_analysis_like_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(ctx: Context) -> Iterator[Finding]:
        raise MemoryError
        yield

    monkeypatch.setattr(monotonicity, "check", exhausted)
    result = analysis_of(BASE, method="walk")
    assert [f.message for f in result.errors] == [
        "the analysis stopped at its limit: the machine ran out of memory; "
        "it cannot check every answer set of this file yet"
    ]
    assert not result.complete and "gap" in result.checked


# The base file with one requirement: "signs has not_sure" must give at least urgent.
WITH_REQUIREMENT = changed(
    (
        "safety_net:",
        "requirements:\n  - id: unsure_today\n    when: signs has not_sure\n    at_least: urgent\n"
        '    source: SRC\n    clause: "1.2"\n    rationale: Testing.\nsafety_net:',
    )
)
NO_WALK = [c.ID for c in analysis_registry.CHECKS if not c.WALKS]
WALKING = [c.ID for c in analysis_registry.CHECKS if c.WALKS]


def test_an_answer_space_too_large_to_walk_keeps_the_checks_that_need_no_walk_and_gives_no_figure() -> None:
    many = "".join(f"      - {{id: c{i}, label: C{i}}}\n" for i in range(17))
    rules = "".join(rule(f"r{i}", f"signs has c{i}", "soon") for i in range(17))
    text = with_rule(rules, changed(("      - {id: none, label: None of these, exclusive: true}\n", many)))
    before = time.perf_counter()
    # The walk refuses it (with dd installed, `--method auto` counts it symbolically: tests/analysis/symbolic).
    doc = yamlfile.parse("rules.yaml", text)
    result = analysis.analyze(build_ruleset(doc), TODAY, doc, method="walk")
    assert 0 <= result.seconds <= time.perf_counter() - before  # how long it took, not a clock reading
    assert [(f.check, f.message) for f in result.errors] == [
        (
            "answer-space",
            "question 'signs' has 19 independently read groups of choices: too many to check every combination",
        )
    ]
    assert (result.path, result.answer_sets, result.levels, result.rules, result.questions) == (
        "rules.yaml",
        0,
        (),
        (),
        (),
    )
    assert (result.states, result.evaluations, result.complete, result.checked) == (0, 0, False, tuple(NO_WALK))


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (
            budget.OverBudget("more than 1 second of walking the answer space"),
            "more than 1 second of walking the answer space",
        ),
        (MemoryError(), "the machine ran out of memory"),
    ],
)
def test_a_walk_stopped_part_way_is_one_answer_space_error_and_every_check_before_it_counts(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, why: str
) -> None:
    def stopped(ctx: Context) -> Iterator[Finding]:
        raise error
        yield

    full = analysis_of(WITH_REQUIREMENT)
    monkeypatch.setattr(monotonicity, "check", stopped)
    result = analysis_of(WITH_REQUIREMENT, method="walk")
    assert [(f.check, f.message) for f in result.errors] == [
        ("answer-space", f"the analysis stopped at its limit: {why}; it cannot check every answer set of this file yet")
    ]
    assert result.checked == (*NO_WALK, *WALKING[: WALKING.index("monotonicity")])
    assert result.complete is False
    # The walks made before the stop keep their figures; the ones not made (the per-rule walks and the
    # requirements' proofs come after monotonicity) give none, and none is made after the stop.
    assert (result.answer_sets, result.levels, result.questions) == (full.answer_sets, full.levels, full.questions)
    assert result.after_certain == full.after_certain != ()
    assert (result.rules, result.requirements) == ((), ())
    assert (len(full.rules), len(full.requirements)) == (5, 1)


def test_every_check_runs_to_the_end_on_a_file_with_no_defect() -> None:
    before = time.perf_counter()
    result = analysis_of(BASE)
    assert 0 <= result.seconds <= time.perf_counter() - before
    assert result.checked == (*NO_WALK, *WALKING)
    assert result.complete is True
    # The work figures of the summary line, as the README's samples show them for bigger files.
    assert (result.states, result.evaluations) == (54, 37)


PROGRESS = re.compile(r"check (\d+) of (\d+) \(([a-z-]+)\), [\d,]+ states walked, \d+ s")


def test_progress_is_told_each_walking_check_in_turn_with_its_number() -> None:
    seen: list[str] = []
    doc = yamlfile.parse("rules.yaml", BASE)
    limits = budget.Budget.default()
    analysis.analyze(build_ruleset(doc), TODAY, doc, limits, seen.append)
    told = [PROGRESS.fullmatch(line) for line in seen]
    assert all(told), seen
    steps = list(dict.fromkeys((int(m[1]), int(m[2]), m[3]) for m in told if m))
    assert steps == [(n, len(WALKING), cid) for n, cid in enumerate(WALKING, 1)]
    assert limits.on_tick is None  # the reporter is taken off once the walks are done


def test_positions_come_from_the_document_given_when_the_rule_set_has_none() -> None:
    lowered = BASE.replace("    level: emergency\n    stop: true", "    level: urgent\n    stop: true")
    doc = yamlfile.parse("rules.yaml", lowered)
    by_hand = build_ruleset(doc)._replace(source_map=None)
    flags = [f for f in analysis.analyze(by_hand, TODAY, doc).findings if f.check == "red-flag"]
    assert [(f.line, f.col) for f in flags] == [(29, 14)]
    assert [(f.line, f.col) for f in analysis.analyze(by_hand, TODAY).findings if f.check == "red-flag"] == [
        (21, 1)  # without it, only the line of the question, which the record keeps
    ]


def test_the_walks_charge_the_budget_analyze_is_given() -> None:
    doc = yamlfile.parse("rules.yaml", BASE)
    limits = budget.Budget(max_states=5)
    result = analysis.analyze(build_ruleset(doc), TODAY, doc, limits, method="walk")
    assert [(f.check, f.message) for f in result.errors] == [
        (
            "answer-space",
            "the analysis stopped at its limit: more than 5 states of the answer space to walk; "
            "it cannot check every answer set of this file yet",
        )
    ]
    assert limits.states == 6 and budget._active is None


def test_a_walk_stopped_before_the_questions_after_certain_makes_no_such_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(red_flag, "check", _over_budget)
    result = analysis_of(BASE)
    assert result.checked == (*NO_WALK, *WALKING[: WALKING.index("red-flag")])
    assert (result.answer_sets, result.after_certain) == (10, ())


def test_without_dd_a_walk_stopped_at_its_budget_says_how_to_get_the_method_that_scales(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(monotonicity, "check", _over_budget)
    monkeypatch.setattr(analysis, "_can_count_symbolically", lambda: False)  # as if dd were not installed
    assert [f.message for f in analysis_of(BASE).errors] == [
        "the analysis stopped at its limit: more than 1 second of walking the answer space; "
        "it cannot check every answer set of this file yet "
        "(pip install 'selfcheck[scale]' adds a method that can (--method bdd))"
    ]


SYMBOLIC_PROGRESS = re.compile(r"check (\d+) of (\d+) \(([a-z-]+)\), binary decision diagrams, \d+ s")


def test_progress_is_told_each_check_the_diagrams_count_in_turn_with_its_number() -> None:
    from selfcheck.analysis.symbolic.checks import CHECKS as SYMBOLIC

    seen: list[str] = []
    doc = yamlfile.parse("rules.yaml", BASE)
    limits = budget.Budget.default()
    result = analysis.analyze(build_ruleset(doc), TODAY, doc, limits, seen.append, method="bdd")
    told = [SYMBOLIC_PROGRESS.fullmatch(line) for line in seen]
    assert seen and all(told), seen
    steps = list(dict.fromkeys((int(m[1]), int(m[2]), m[3]) for m in told if m))
    counted = [(n, len(WALKING), cid) for n, cid in enumerate(WALKING, 1) if cid in SYMBOLIC]
    assert steps == counted
    assert result.checked == (*NO_WALK, *(cid for _, _, cid in counted))
    assert limits.on_tick is None  # the reporter is taken off once the diagrams are done


def test_the_walk_asked_for_takes_its_progress_reporter_off_when_done() -> None:
    seen: list[str] = []
    doc = yamlfile.parse("rules.yaml", BASE)
    limits = budget.Budget.default()
    analysis.analyze(build_ruleset(doc), TODAY, doc, limits, seen.append, method="walk")
    assert seen and limits.on_tick is None


def test_without_dd_a_walk_asked_for_and_stopped_at_its_budget_gives_no_hint_of_another_method(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(monotonicity, "check", _over_budget)
    monkeypatch.setattr(analysis, "_can_count_symbolically", lambda: False)  # as if dd were not installed
    assert [f.message for f in analysis_of(BASE, method="walk").errors] == [
        "the analysis stopped at its limit: more than 1 second of walking the answer space; "
        "it cannot check every answer set of this file yet"
    ]


def test_auto_counts_symbolically_a_file_whose_conditions_read_more_questions_than_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The base file's rules read signs, weakness and side; only side has an ask_if (on weakness).
    monkeypatch.setattr(analysis, "AUTO_QUESTIONS", 3)
    assert analysis_of(BASE).method == "walk"
    monkeypatch.setattr(analysis, "AUTO_QUESTIONS", 2)
    assert analysis_of(BASE).method == "bdd"


def test_a_walk_auto_gives_up_lists_each_check_once_as_the_diagrams_count_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from selfcheck.analysis.symbolic.checks import CHECKS as SYMBOLIC

    monkeypatch.setattr(analysis, "AUTO_STATES", 5)
    result = analysis_of(BASE)
    assert result.method == "bdd"
    assert result.checked == (*NO_WALK, *(cid for cid in WALKING if cid in SYMBOLIC))


def test_a_walk_auto_gives_up_leaves_nothing_it_built_alive_when_the_diagrams_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The diagrams do not start inside the handler of the walk's stop (its frames would keep the walk's
    states), nor on the walk's context."""
    from selfcheck.analysis import walks

    made: list[weakref.ref[walks.Explored]] = []

    class Kept(walks.Explored):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(weakref.ref(self))

    seen: list[tuple[object, int]] = []
    symbolic = analysis._symbolic

    def diagrams(ctx: Context, *args: Any) -> Any:
        seen.append((sys.exc_info()[1], sum(ref() is not None for ref in made)))
        return symbolic(ctx, *args)

    monkeypatch.setattr(walks, "Explored", Kept)
    monkeypatch.setattr(analysis, "_symbolic", diagrams)
    # An allowance the first walking checks finish within: their explored walks are in the walk's context.
    monkeypatch.setattr(analysis, "AUTO_STATES", analysis_of(BASE).states)
    made.clear()
    assert analysis_of(BASE).method == "bdd"
    assert made  # the walk built some
    assert seen == [(None, 0)]


def test_a_walk_auto_gives_up_after_some_checks_lists_each_of_them_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from selfcheck.analysis.symbolic.checks import CHECKS as SYMBOLIC

    # An allowance of the states the whole analysis counts: the first walking checks finish within it, a later
    # one goes past it, and the diagrams count every walking check again.
    monkeypatch.setattr(analysis, "AUTO_STATES", analysis_of(BASE).states)
    result = analysis_of(BASE)
    assert result.method == "bdd"
    assert result.checked == (*NO_WALK, *(cid for cid in WALKING if cid in SYMBOLIC))


def test_each_family_counts_its_checks_ids_in_registry_order_with_those_they_also_report() -> None:
    from selfcheck.analysis import registry
    from selfcheck.analysis.checks import no_crash

    assert registry.ids(no_crash) == ("no-crash", "internal")
    assert registry.family_checks() == {
        "gap": ("gap",),
        "reachability": ("unreachable-question", "dead-rule"),
        "red-flags": ("red-flag",),
        "after-certain": ("after-certain",),
        "monotonicity": ("monotonicity",),
        "engine": ("no-crash", "internal"),
        "requirements": ("requirement",),
    }


def test_the_default_budget_bounds_states_and_memory_but_not_time() -> None:
    from selfcheck.analysis import budget

    b = budget.Budget.default()
    assert (b.max_states, b.max_seconds, b.max_memory_mb) == (budget.MAX_STATES, None, budget.MAX_MEMORY_MB)
    assert b.seconds_left() is None


def test_the_clock_is_looked_at_once_every_256_states_charged() -> None:
    from selfcheck.analysis import budget

    b = budget.Budget()
    ticks: list[int] = []
    b.on_tick = lambda: ticks.append(b.states)
    b.charge()
    assert b.states == 1
    b.charge(budget._CHECK_EVERY - 2)
    assert ticks == []
    b.charge()  # the 256th state
    assert ticks == [budget._CHECK_EVERY]
    b.charge(budget._CHECK_EVERY - 1)
    assert ticks == [budget._CHECK_EVERY]
    b.charge()
    assert ticks == [budget._CHECK_EVERY, 2 * budget._CHECK_EVERY]


def test_the_time_left_and_the_time_spent_are_in_cpu_seconds_since_the_budget_was_made() -> None:
    from selfcheck.analysis import budget

    b = budget.Budget(max_seconds=1000)
    b.start = time.process_time() - 5.0  # as if made five CPU seconds ago
    assert 5.0 <= b.elapsed() < 6.0
    assert 994.0 < b.seconds_left() <= 995.0  # type: ignore[operator]
    spent = budget.Budget(max_seconds=0)
    spent.start -= 1.0
    assert spent.seconds_left() == 0.0


def test_the_time_limit_is_said_in_cpu_seconds_one_in_the_singular() -> None:
    from selfcheck.analysis import budget

    assert budget.Budget(max_seconds=1).time_message() == "more than 1 CPU second"
    assert budget.Budget(max_seconds=2).time_message() == "more than 2 CPU seconds"
    assert budget.Budget(max_seconds=0.5).time_message() == "more than 0.5 CPU seconds"


def test_the_resident_memory_is_the_resident_pages_of_the_process_in_mib() -> None:
    import os

    from selfcheck.analysis import budget

    got = budget.resident_mb()
    with open("/proc/self/statm", encoding="ascii") as statm:
        size, resident = (int(n) for n in statm.read().split()[:2])
    expected = resident * os.sysconf("SC_PAGE_SIZE") / 2**20
    assert abs(got - expected) < 0.05 * expected
    assert got < size * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_a_budget_made_active_inside_another_gives_the_outer_one_back_after() -> None:
    from selfcheck.analysis import budget

    outer, inner = budget.Budget(), budget.Budget()
    with budget.limit(outer):
        with budget.limit(inner) as active:
            assert active is inner
            budget.charge(3)
        assert budget._active is outer
        budget.charge(2)
    assert budget._active is None
    assert (outer.states, inner.states) == (2, 3)


def test_a_finding_is_located_at_its_line_and_column_from_line_one_on() -> None:
    from selfcheck.analysis.findings import Finding

    assert Finding("error", "x", "M.", 1, 3).located("f.yaml") == "f.yaml:1:3: error: M. [x]"
    assert Finding("warning", "x", "M.").located("f.yaml") == "f.yaml: warning: M. [x]"


def test_an_example_is_written_as_an_answers_file_line_and_a_comparison_says_what_changed() -> None:
    from conftest import MINI, ruleset_from

    from selfcheck.analysis.findings import Example, example_lines

    mini = ruleset_from(MINI)
    before = {"signs": ("breathing", "not_sure"), "weakness": ("yes",), "side": ("left",)}
    assert example_lines(Example(before, "emergency"), mini) == [
        "    answers (emergency): signs: [breathing, not_sure]; weakness: yes; side: left"
    ]
    after = {"signs": ("not_sure",), "weakness": ("yes",)}
    assert example_lines(Example(before, "emergency", after, "urgent"), mini, "OLD", "NEW") == [
        "    OLD (emergency): signs: [breathing, not_sure]; weakness: yes; side: left",
        "    NEW (urgent): signs: [not_sure]; no longer asked: side",
    ]
    assert example_lines(Example(before, "emergency", dict(before), "emergency"), mini)[1] == (
        "    changed to (emergency): (the same answers)"
    )


def test_the_peak_memory_is_the_processs_maximum_resident_size_in_mib() -> None:
    import resource

    from selfcheck.analysis import budget

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    got = budget._peak_memory_mb()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the peak only grows
    assert before / 1024 <= got <= after / 1024


class _Clock:
    """A process clock that says what the test sets."""

    def __init__(self, now: float) -> None:
        self.now = now

    def process_time(self) -> float:
        return self.now


def test_the_time_limit_is_spent_only_past_its_cpu_seconds_counted_from_when_the_budget_was_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = _Clock(100.0)  # a process that has already spent 100 CPU seconds
    monkeypatch.setattr(budget, "time", clock)
    b = budget.Budget(max_seconds=2)
    clock.now = 102.0  # exactly the limit: not more than it
    b.check()
    clock.now = 102.5
    with pytest.raises(budget.OverBudget, match=r"^more than 2 CPU seconds$"):
        b.check()


def test_the_memory_limit_is_spent_only_past_its_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    b = budget.Budget(max_memory_mb=100)
    monkeypatch.setattr(budget, "_peak_memory_mb", lambda: 100.0)  # exactly the limit: not more than it
    b.check()
    monkeypatch.setattr(budget, "_peak_memory_mb", lambda: 100.5)
    with pytest.raises(budget.OverBudget, match=r"^more than 100 MB of memory$"):
        b.check()


def test_the_resident_memory_is_what_the_process_holds_now_not_its_peak() -> None:
    block = bytearray(b"\1") * (64 * 2**20)  # 64 MiB written, so resident, then given back
    assert block[-1] == 1
    del block
    assert budget.resident_mb() < budget._peak_memory_mb() - 32


def test_a_place_the_file_does_not_have_is_line_0_column_0_and_an_offset_counts_after_a_quote() -> None:
    from conftest import ruleset_from

    from selfcheck.analysis.findings import Locator

    at = Locator(ruleset_from(BASE)).at
    assert BASE.splitlines()[3] == '  version: "1.0"'
    assert at("metadata", "version") == (4, 12)  # the quote
    assert at("metadata", "version", offset=0) == (4, 13)  # the text's first character
    assert at("metadata", "version", offset=2) == (4, 15)
    assert at("metadata", "no such field") == (0, 0)


class _FakeUsage:
    """getrusage's answer as the test sets it: only the field the budget reads."""

    def __init__(self, ru_maxrss: int) -> None:
        self.ru_maxrss = ru_maxrss


def _fake_resource(ru_maxrss: int) -> Any:
    fake = type(sys)("resource")
    fake.RUSAGE_SELF = 0  # type: ignore[attr-defined]
    fake.getrusage = lambda who: _FakeUsage(ru_maxrss)  # type: ignore[attr-defined]
    return fake


@pytest.mark.parametrize(
    ("platform", "ru_maxrss", "mib"),
    [
        ("linux", 3 * 1024, 3.0),  # kilobytes on Linux and the BSDs
        ("linux", 1536, 1.5),
        ("darwin", 3 * 1024 * 1024, 3.0),  # bytes on macOS
        ("darwin", 1536 * 1024, 1.5),
    ],
)
def test_the_peak_memory_reads_ru_maxrss_in_the_unit_of_each_system(
    monkeypatch: pytest.MonkeyPatch, platform: str, ru_maxrss: int, mib: float
) -> None:
    monkeypatch.setitem(sys.modules, "resource", _fake_resource(ru_maxrss))
    monkeypatch.setattr(sys, "platform", platform)
    assert budget._peak_memory_mb() == mib


def test_without_the_resource_module_the_peak_memory_is_0_and_no_memory_limit_is_spent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on Windows: `import resource` fails, so the system cannot say, and the memory limit never stops a run.
    monkeypatch.setitem(sys.modules, "resource", None)
    assert budget._peak_memory_mb() == 0.0
    budget.Budget(max_memory_mb=0).check()
