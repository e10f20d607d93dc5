"""The diagrams keep to the budget inside one CUDD operation too (time and memory), and say what they did by then."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("dd")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis_files import BASE, TODAY, changed, ruleset_of, with_rule
from generators import checklist
from generators import tests6 as six_tests

from selfcheck.analysis import budget
from selfcheck.analysis.budget import Budget
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding, Locator
from selfcheck.analysis.orchestrate import analyze
from selfcheck.analysis.registry import CHECKS
from selfcheck.analysis.symbolic import bdd
from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.checks import CHECKS as SYMBOLIC
from selfcheck.analysis.symbolic.figures import Figures
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.render.findings import render, summary_line
from selfcheck.render.findings_json import analysis_data

WIDE = 20  # x_i <-> y_i for i < WIDE with every x above every y: the conjunction has about 2^WIDE nodes


def halves(b: Bdd) -> tuple[Node, Node]:
    """Two small diagrams whose conjunction, one CUDD operation, makes about 2^WIDE nodes."""
    xs = [b.add_var(f"x{i}") for i in range(WIDE)]
    ys = [b.add_var(f"y{i}") for i in range(WIDE)]
    same = [(x & y) | (~x & ~y) for x, y in zip(xs, ys, strict=True)]
    return b.all(same[: WIDE // 2]), b.all(same[WIDE // 2 :])


def gives_up(operation: Callable[[], Node]) -> bool:
    """Whether the operation failed as dd reports CUDD giving up (the exception not kept: it would keep the
    diagrams in a reference cycle, freed in any order at the end)."""
    try:
        operation()
    except (ValueError, RuntimeError) as e:
        return bdd.out_of_memory(e)
    return False


def test_cudds_time_limit_ends_one_long_operation() -> None:
    limits = Budget(max_seconds=1000)
    with bdd.limited(limits) as made:
        b = Bdd()
        first, second = halves(b)
        limits.max_seconds = limits.elapsed()  # spent: nothing left for the next operation
        b.guard(force=True)
        assert gives_up(lambda: first & second)  # one operation: without CUDD's limit it runs to the end
    assert made == [b]
    assert b.failure() == "time"
    assert b.failure() is None  # read once: the manager is usable again
    assert b.count(first) == 2 ** (WIDE + WIDE // 2)


def test_cudds_memory_is_capped_below_what_the_budget_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bdd, "resident_mb", lambda: 100.0)  # the process's memory now, fixed for the test
    room = 40
    with bdd.limited(Budget(max_memory_mb=100 + room)):
        b = Bdd()
        config = b._dd.configure()
        # What CUDD counts as its own is its share of the room, not the rest of the process's.
        own = b.native.memory_in_use() / 2**20 if b.native is not None else 0
        assert config["max_memory"] == int((room + own) * bdd.CUDD_SHARE * 2**20)
        assert config["max_cache_hard"] * bdd.CACHE_ENTRY <= config["max_memory"] // 4
        first, second = halves(b)
        assert gives_up(lambda: first & second)  # about 2^20 nodes of 32 bytes: past the cap
    assert b.failure() == "memory"


@pytest.mark.parametrize("max_memory_mb", [None, 4096])
def test_cudds_cache_never_grows_past_its_cap(max_memory_mb: int | None) -> None:
    b = Bdd() if max_memory_mb is None else Bdd(max_memory_mb=max_memory_mb)
    assert b._dd.configure()["max_cache_hard"] == bdd.CACHE_MAX


class StopsAt(Budget):
    """A budget spent at its calls-th look at the clock (as a time limit reached part way)."""

    def __init__(self, calls: int) -> None:
        super().__init__(max_seconds=1000)
        self.calls = calls

    def check(self) -> None:
        self.calls -= 1
        if self.calls <= 0:
            raise budget.OverBudget(self.time_message())
        super().check()


def test_diagrams_stopped_part_way_give_the_nodes_they_held_not_zero() -> None:
    got = analyze(ruleset_of(checklist(24)), TODAY, limits=StopsAt(12), method="bdd")
    assert not got.complete and not got.levels
    assert got.states > 24  # the encoding had made its diagrams: more nodes than variables
    line = summary_line(got)
    assert f"answer sets not all counted (a peak of {got.states:,} diagram nodes, 0 evaluations) in " in line
    assert analysis_data(got)["states"] == got.states


def test_diagrams_stopped_part_way_do_not_claim_to_have_counted_exactly() -> None:
    got = analyze(ruleset_of(checklist(24)), TODAY, limits=StopsAt(12), method="bdd")
    lines = render(got, ruleset_of(checklist(24))).splitlines()
    assert "levels: not counted (the analysis stopped before it counted the answer space)" in lines
    assert "counted by: binary decision diagrams, stopped before they were finished (--method bdd)" in lines
    assert not [line for line in lines if "exactly" in line or "walking" in line]


class NoTimeLeft(Budget):
    """A budget whose clock never runs out between operations, but that leaves CUDD no time inside one."""

    def seconds_left(self) -> float:
        return 0.0


def test_diagrams_stopped_inside_an_operation_say_which_limit_and_keep_only_true_findings() -> None:
    # six_tests(20): its operations need new blocks of nodes, where CUDD looks at its clock (a checklist's few
    # nodes come from those freed; since the diagrams read a test as one choice, six_tests(12) sometimes did not)
    ruleset = ruleset_of(six_tests(20))
    got = analyze(ruleset, TODAY, limits=NoTimeLeft(max_seconds=1000), method="bdd")
    stop = (
        "the analysis stopped at its limit: more than 1000 CPU seconds; it cannot "
        "check every answer set of this file yet"
    )
    messages = [f.message for f in got.errors]
    assert stop in messages and not got.complete
    # Where CUDD gives up depends on the clock; what was found before is what the whole analysis finds.
    whole = {f.message for f in analyze(ruleset, TODAY, method="bdd").errors}
    assert set(messages) - {stop} <= whole


NO_WALK = tuple(c.ID for c in CHECKS if not c.WALKS)
WALKING = tuple(c.ID for c in CHECKS if c.WALKS)
# The base file with a requirement the diagrams prove ("signs has not_sure" gives at least urgent).
WITH_REQUIREMENT = changed(
    (
        "safety_net:",
        "requirements:\n  - id: unsure_today\n    when: signs has not_sure\n    at_least: urgent\n"
        '    source: SRC\n    clause: "1.2"\n    rationale: Testing.\nsafety_net:',
    )
)


def stopped_with(error: BaseException) -> Callable[[Figures, Context], Iterator[Finding]]:
    """A check of the diagrams that meets error at once (as a limit, no memory, or a bug met in its operations)."""

    def check(fig: Figures, ctx: Context) -> Iterator[Finding]:
        raise error
        yield

    return check


def stop_message(why: str) -> str:
    return f"the analysis stopped at its limit: {why}; it cannot check every answer set of this file yet"


def test_diagrams_stopped_before_their_first_operation_give_no_figure_and_keep_the_checks_before() -> None:
    ruleset = ruleset_of(BASE)
    limits = StopsAt(1)  # spent at the first look at the clock, before the first check of the diagrams
    started = time.perf_counter()
    got = analyze(ruleset, TODAY, limits=limits, method="bdd")
    assert 0 <= got.seconds <= time.perf_counter() - started  # how long it took, not a clock reading
    assert [f.message for f in got.errors] == [stop_message(limits.time_message())]
    assert (got.path, got.answer_sets, got.levels, got.rules, got.questions, got.requirements) == (
        ruleset.path,
        0,
        (),
        (),
        (),
        (),
    )
    # No diagram was made: no node held, none counted.
    assert (got.states, got.evaluations, got.complete, got.method) == (0, 0, False, "bdd")
    assert (got.checked, got.unavailable) == (NO_WALK, ())


def test_diagrams_stopped_after_counting_the_levels_give_those_figures_and_no_later_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ruleset = ruleset_of(WITH_REQUIREMENT)
    full = analyze(ruleset, TODAY, method="bdd")
    assert (len(full.rules), len(full.requirements), len(full.questions)) == (5, 1, 3)
    # The gap check counts the cells (the levels); the next one meets the budget.
    over = budget.OverBudget("more than 1 CPU second")
    monkeypatch.setitem(SYMBOLIC, "unreachable-question", stopped_with(over))
    started = time.perf_counter()
    got = analyze(ruleset, TODAY, method="bdd")
    assert 0 <= got.seconds <= time.perf_counter() - started
    assert [f.message for f in got.errors] == [stop_message("more than 1 CPU second")]
    assert (got.answer_sets, got.levels) == (full.answer_sets, full.levels)
    # What the checks not made would have counted is not given: not the rules', questions' or requirements'.
    assert (got.rules, got.questions, got.requirements, got.after_certain) == ((), (), (), ())
    assert (got.monotone_questions, got.red_flags) == (full.monotone_questions, full.red_flags)
    assert (got.complete, got.checked, got.method, got.unavailable) == (False, (*NO_WALK, "gap"), "bdd", ())
    assert got.states > len(ruleset.questions)  # the diagrams the encoding had made
    assert f"({got.states} diagram nodes, {got.evaluations} evaluations)" in summary_line(got)


def test_the_diagrams_count_the_red_flag_choices_and_their_work_as_figures() -> None:
    ruleset = ruleset_of(BASE)
    got = analyze(ruleset, TODAY, method="bdd")
    marked = [c.id for q in ruleset.questions for c in q.choices if c.red_flag]
    assert got.red_flags == len(marked) == analyze(ruleset, TODAY, method="walk").red_flags
    work = re.search(r"\((\d+) diagram nodes, (\d+) evaluations\)", summary_line(got))
    assert work is not None and (int(work[1]), int(work[2])) == (got.states, got.evaluations)
    assert got.states > len(marked) and got.evaluations > 0


def test_a_walking_check_the_diagrams_cannot_count_is_not_checked_and_the_rest_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ruleset = ruleset_of(BASE)
    family = next(c.FAMILY for c in CHECKS if c.ID == "after-certain")
    monkeypatch.delitem(SYMBOLIC, "after-certain")  # as if the diagrams had no version of it yet
    got = analyze(ruleset, TODAY, method="bdd")
    assert got.complete and got.unavailable == (family,)
    assert got.checked == (*NO_WALK, *(cid for cid in WALKING if cid != "after-certain"))
    stopped = analyze(ruleset, TODAY, limits=StopsAt(1), method="bdd")
    assert (stopped.complete, stopped.unavailable) == (False, (family,))


@pytest.mark.parametrize(
    ("error", "limits", "why"),
    [
        (MemoryError(), Budget(max_memory_mb=4096), "the machine ran out of memory"),
        # CUDD giving up an operation as dd reports it, with no error code of CUDD's to tell which limit (as
        # without the native calls): the budget's memory limit when it has one, else the machine's memory.
        (ValueError("`DdNode *node` is `NULL` pointer."), Budget(max_seconds=1000, max_memory_mb=4096), None),
        (ValueError("`DdNode *node` is `NULL` pointer."), Budget(max_seconds=1000), "the machine ran out of memory"),
    ],
)
def test_diagrams_stopped_by_no_memory_say_which_memory(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, limits: Budget, why: str | None
) -> None:
    monkeypatch.setitem(SYMBOLIC, "gap", stopped_with(error))
    got = analyze(ruleset_of(BASE), TODAY, limits=limits, method="bdd")
    assert [f.message for f in got.errors] == [stop_message(why or limits.memory_message())]
    assert (got.complete, got.checked) == (False, NO_WALK)


def test_any_other_error_of_the_diagrams_is_a_bug_raised_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SYMBOLIC, "gap", stopped_with(ValueError("not a limit")))
    with pytest.raises(ValueError, match=r"^not a limit$"):
        analyze(ruleset_of(BASE), TODAY, limits=Budget(max_memory_mb=4096), method="bdd")


def test_cudd_giving_up_at_its_memory_cap_is_the_budgets_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bdd, "resident_mb", lambda: 100.0)  # the process's memory now, fixed for the test
    monkeypatch.setattr(budget, "_peak_memory_mb", lambda: 100.0)  # and its peak, under the budget's limit

    def too_large(fig: Figures, ctx: Context) -> Iterator[Finding]:
        first, second = halves(Bdd())
        first & second  # about 2^20 nodes of 32 bytes: past CUDD's share of the 40 MB left
        yield from ()

    monkeypatch.setitem(SYMBOLIC, "gap", too_large)
    limits = Budget(max_memory_mb=140)
    got = analyze(ruleset_of(BASE), TODAY, limits=limits, method="bdd")
    assert [f.message for f in got.errors] == [stop_message("more than 140 MB of memory")]
    assert got.checked == NO_WALK


def test_without_dd_the_diagrams_are_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bdd.available()

    def no_dd() -> None:
        raise ImportError("No module named 'dd'")

    monkeypatch.setattr(bdd, "_module", no_dd)
    assert not bdd.available()


@pytest.mark.parametrize(
    ("error", "gave_up"),
    [
        (ValueError("`Cudd_bddAnd` returned NULL"), True),
        (RuntimeError("CUDD appears to have run out of memory."), True),
        (ValueError("unknown variable: x"), False),
        (KeyError("NULL"), False),
        (TypeError("run out of memory"), False),
    ],
)
def test_only_dds_errors_for_an_operation_cudd_gave_up_are_out_of_memory(error: Exception, gave_up: bool) -> None:
    assert bdd.out_of_memory(error) is gave_up


@pytest.mark.filterwarnings("ignore:Changed in `dd` version 0.5.7")  # of a key not read here ('mem')
def test_without_the_native_calls_the_peak_of_nodes_is_dds_own_statistic() -> None:
    b = Bdd()
    first, second = b.add_var("x") & b.add_var("y"), b.add_var("z") | b.var("x")
    assert first | second != b.false
    assert b.native is not None
    with_native = b.peak_nodes()
    b.native = None
    assert b.peak_nodes() == with_native > 3
    b.cudd = False  # another backend's manager has no such statistic, nor a count of its nodes
    assert (b.peak_nodes(), b.nodes()) == (0, 0)


def test_quantifiers_over_no_variables_leave_the_function_as_it_is() -> None:
    b = Bdd()
    x, y = b.add_var("x"), b.add_var("y")
    assert (b.exist([], x & y), b.forall([], x | y), b.and_exist([], x, y)) == (x & y, x | y, x & y)
    assert (b.exist(["x"], x & y), b.forall(["x"], x | y), b.and_exist(["x"], x, y)) == (y, y, y)


def test_without_the_native_calls_the_limits_are_cudds_memory_only_and_no_failure_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bdd, "resident_mb", lambda: 100.0)
    b = Bdd(max_memory_mb=140)
    b.native = None
    b.guard(force=True)
    assert b._dd.configure()["max_memory"] == int(40 * bdd.CUDD_SHARE * 2**20)
    assert b.failure() is None


def test_cudds_limits_are_brought_up_to_date_at_most_every_guard_every_seconds_unless_forced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looks: list[int] = []

    def resident() -> float:  # read at each update of CUDD's memory limit
        looks.append(1)
        return 100.0

    monkeypatch.setattr(bdd, "resident_mb", resident)
    b = Bdd(max_memory_mb=140)
    looks.clear()
    b._guarded = time.monotonic() + 3600  # the last update after now: under GUARD_EVERY ago on any machine
    b.guard()
    b.tick()
    assert looks == []
    b.guard(force=True)
    assert looks == [1]
    b._guarded = time.monotonic() - bdd.GUARD_EVERY  # the last update GUARD_EVERY ago
    b.guard()
    assert looks == [1, 1]


@pytest.mark.parametrize("resident", [100.0, 1000.0])
def test_cudds_cache_is_a_quarter_of_its_memory_and_its_memory_at_least_1_mib(
    monkeypatch: pytest.MonkeyPatch, resident: float
) -> None:
    monkeypatch.setattr(bdd, "resident_mb", lambda: resident)
    b = Bdd(max_memory_mb=140)
    config = b._dd.configure()
    # Made before CUDD holds anything of its own: its share of what the rest of the process leaves, or 1 MiB
    # when the budget is already spent.
    cap = max(2**20, int((140 - resident) * bdd.CUDD_SHARE * 2**20))
    assert (cap == 2**20) is (resident > 140)
    assert config["max_cache_hard"] == cap // 4 // bdd.CACHE_ENTRY
    if resident > 140:
        assert config["max_memory"] == 2**20


def test_cudd_is_made_for_the_memory_it_may_use_and_dds_default_without_a_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CUDD grows its unique table loosely up to a fifth of the 32-byte nodes the memory it is made for holds:
    # with a limit, the share the process leaves it (40 MB of 140 left, as above); without, dd's 1 GiB.
    monkeypatch.setattr(bdd, "resident_mb", lambda: 100.0)
    capped = Bdd(max_memory_mb=140)._dd.configure()
    assert capped["loose_up_to"] == int(40 * bdd.CUDD_SHARE * 2**20) // 32 // 5 == 209715
    assert Bdd()._dd.configure()["loose_up_to"] == 2**30 // 32 // 5 == 6710886


def test_cudd_reorders_only_a_manager_made_to_reorder() -> None:
    assert Bdd()._dd.configure()["reordering"] is False
    assert Bdd(reorder=True)._dd.configure()["reordering"] is True


def test_sifting_once_keeps_every_function_and_puts_the_variables_read_together_side_by_side() -> None:
    b = Bdd()
    xs = [b.add_var(f"x{i}") for i in range(3)]
    ys = [b.add_var(f"y{i}") for i in range(3)]
    some_pair = b.any([x & y for x, y in zip(xs, ys, strict=True)])
    before = b.nodes()
    b.reorder()
    assert b.count(some_pair) == 2**6 - 3**3  # every assignment but those with no pair both true
    assert b.nodes() < before
    levels = {name: b._dd.level_of_var(name) for name in b.vars}
    assert all(abs(levels[f"x{i}"] - levels[f"y{i}"]) == 1 for i in range(3))


def test_the_diagrams_monotonicity_check_ticks_the_figures_budget_between_its_operations() -> None:
    # "No weakness" made urgent: a yes then asks the side, and one side gives soon, a less urgent level.
    ruleset = ruleset_of(
        with_rule(
            "  - id: no_weakness\n    when: weakness is no\n    level: urgent\n    message: M.\n"
            "    rationale: R.\n    sources: [SRC]\n"
        )
    )
    ticks: list[int] = []
    fig = Figures(ruleset, lambda: ticks.append(1))
    found = SYMBOLIC["monotonicity"](fig, Context(ruleset, TODAY, Locator(ruleset, None)))
    assert [f.message for f in found] == [
        "a more worrying answer to 'weakness' can give a less urgent level (1 before/after pair)"
    ]
    assert ticks


@pytest.mark.parametrize("resident", [0.5, 100.5])
def test_cudds_share_is_of_what_the_rest_of_the_process_leaves_to_the_byte(
    monkeypatch: pytest.MonkeyPatch, resident: float
) -> None:
    # Half a MiB of the process is half a MiB less for CUDD (not a whole one), and CUDD holds none of its own
    # when its manager is made, nor is any counted as its own without the native calls: 0.8 of 39.5 MiB (or
    # of 139.5) is a whole number of bytes plus 0.6, so even one byte more or less shows.
    monkeypatch.setattr(bdd, "resident_mb", lambda: resident)
    real = bdd._module()
    made: list[tuple[object, ...]] = []

    class Recording:
        """dd.cudd, with the memory each manager is made for recorded."""

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def BDD(self, *memory: object) -> object:
            made.append(memory)
            return real.BDD(*memory)

    monkeypatch.setattr(bdd, "_module", Recording)
    share = int((140 - resident) * bdd.CUDD_SHARE * 2**20)
    assert share > 2**20 and (140 - resident) * bdd.CUDD_SHARE * 2**20 - share > 0.5
    b = Bdd(max_memory_mb=140)
    assert made == [(share,)]
    b.native = None
    b.guard(force=True)
    assert b._dd.configure()["max_memory"] == share
