"""The manager on random diagrams, and CUDD's own calls: exact counts, marginals, union trees, time limit, errors."""

from __future__ import annotations

import ctypes
import random
from typing import Any

import pytest

pytest.importorskip("dd")

from selfcheck.analysis.symbolic import native
from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.native import Native
from selfcheck.analysis.symbolic.nodes import TICK_EVERY, Node
from selfcheck.analysis.symbolic.union_tree import UnionTree


def random_function(bdd: Bdd, xs: list[Node], rng: random.Random) -> Node:
    """A random disjunction of random cubes, complemented half of the time (CUDD's complemented edges)."""
    f = bdd.false
    for _ in range(rng.randint(0, 12)):
        cube = bdd.true
        for x in rng.sample(xs, rng.randint(1, min(6, len(xs)))):
            cube = cube & (x if rng.random() < 0.5 else ~x)
        f = f | cube
    return ~f if rng.random() < 0.5 else f


@pytest.fixture
def bdd() -> Bdd:
    got = Bdd()
    if got.native is None or not got.native.counts:
        pytest.skip("CUDD's exact count cannot be reached in this dd")
    return got


@pytest.mark.parametrize("variables", [1, 7, 64, 65, 130])
def test_native_count_is_the_walks_on_random_diagrams(bdd: Bdd, variables: int) -> None:
    xs = [bdd.add_var(f"x{i}") for i in range(variables)]
    rng = random.Random(variables)
    for _ in range(60):
        f = random_function(bdd, xs, rng)
        assert bdd.native is not None
        assert bdd.native.count(int(f), variables) == bdd.walked(f)
        assert bdd.count(f) == bdd.walked(f)


def test_counts_past_two_to_the_64_are_exact(bdd: Bdd) -> None:
    xs = [bdd.add_var(f"x{i}") for i in range(100)]
    # x0 or x1: three quarters of 2^100, which a double would round
    assert bdd.count(xs[0] | xs[1]) == 3 * 2**98
    assert bdd.count(~(xs[0] & xs[1] & xs[2])) == 7 * 2**97
    assert bdd.count(bdd.true) == 2**100
    assert bdd.count(bdd.false) == 0
    odd = bdd.false
    for x in xs[:70]:  # parity of 70 variables: half of all, with a complemented edge on every level
        odd = (odd & ~x) | (~odd & x)
    assert bdd.count(odd) == 2**99 == bdd.walked(odd)


def test_a_variable_declared_later_doubles_the_count(bdd: Bdd) -> None:
    x = bdd.add_var("x")
    assert bdd.count(x) == 1
    bdd.add_var("y")
    assert bdd.count(x) == 2 == bdd.walked(x)


def test_without_native_counts_the_count_is_the_walks() -> None:
    bdd = Bdd()
    bdd.native = None
    xs = [bdd.add_var(f"x{i}") for i in range(70)]
    assert bdd.count(xs[0] | ~xs[69]) == 3 * 2**68


def reference_cheapest(bdd: Bdd, f: Node, weight: dict[str, int]) -> dict[str, bool] | None:
    """The least total weight of a path to true, ties to the low branch first (top down), by plain recursion."""
    memo: dict[int, tuple[int, dict[str, bool]] | None] = {}

    def go(g: Node) -> tuple[int, dict[str, bool]] | None:
        if g == bdd.true:
            return 0, {}
        if g == bdd.false:
            return None
        if int(g) not in memo:
            low, high = bdd._children(g)
            assert g.var is not None
            options = []
            if (got := go(low)) is not None:
                options.append((got[0], 0, {**got[1], g.var: False}))
            if (got := go(high)) is not None:
                options.append((got[0] + weight[g.var], 1, {**got[1], g.var: True}))
            cost, _, path = min(options, key=lambda o: (o[0], o[1]))
            memo[int(g)] = cost, path
        return memo[int(g)]

    got = go(f)
    return None if got is None else got[1]


def test_cheapest_is_the_least_weight_path_with_ties_to_low() -> None:
    bdd = Bdd()
    xs = [bdd.add_var(f"x{i}") for i in range(24)]
    rng = random.Random(5)
    for _ in range(150):
        f = random_function(bdd, xs, rng)
        weight = {f"x{i}": rng.choice([0, 1, 2, 1000]) for i in range(24)}  # many ties
        assert bdd.cheapest(f, weight) == reference_cheapest(bdd, f, weight)


def test_cheapest_each_is_each_diagrams_cheapest_when_they_share_nodes_and_one_is_false() -> None:
    bdd = Bdd()
    xs = [bdd.add_var(f"x{i}") for i in range(16)]
    rng = random.Random(11)
    for _ in range(60):
        f = random_function(bdd, xs, rng)
        # f's own nodes, under other roots, complemented, and the false diagram among them
        nodes = [f, f & xs[3], ~f, bdd.false, f | xs[0], f]
        weight = {f"x{i}": rng.choice([0, 1, 2, 1000]) for i in range(16)}
        assert bdd.cheapest_each(nodes, weight) == [reference_cheapest(bdd, g, weight) for g in nodes]


def test_a_variable_the_weights_do_not_name_costs_nothing() -> None:
    bdd = Bdd()
    x, y = bdd.add_var("x"), bdd.add_var("y")
    # x is free, y costs 1: setting x is the cheapest way (on a tie the low branch, y, would be taken).
    assert bdd.cheapest(x | y, {"y": 1}) == {"x": True}
    assert bdd.cheapest_each([x | y, y], {"y": 1}) == [{"x": True}, {"y": True}]


def functions_below(bdd: Bdd, roots: list[Node]) -> set[int]:
    """Every function reachable from the roots but false (true included), by its signed key: what cheapest costs."""
    out: set[int] = set()
    stack = list(roots)
    while stack:
        g = stack.pop()
        if g != bdd.false and int(g) not in out:
            out.add(int(g))
            stack.extend(bdd._children(g) if g != bdd.true else ())
    return out


def test_cheapest_looks_at_the_budget_once_for_every_tick_every_functions_it_costs() -> None:
    ticks: list[int] = []
    bdd = Bdd(tick=lambda: ticks.append(1))
    xs = [bdd.add_var(f"x{i}") for i in range(13)]
    ys = [bdd.add_var(f"y{i}") for i in range(13)]
    f = bdd.false
    for x, y in zip(xs, ys, strict=True):  # with every x read before any y: a node per set of x's true
        f = f | (x & y)
    g = xs[0] & ys[0]
    assert len(functions_below(bdd, [f])) > 2 * TICK_EVERY
    weight = {name: 1 for name in bdd.vars}
    ticks.clear()
    assert bdd.cheapest(f, weight) == reference_cheapest(bdd, f, weight)
    assert len(ticks) == len(functions_below(bdd, [f])) // TICK_EVERY
    # The functions two roots share are costed once; a diagram of a few functions is costed without a look.
    ticks.clear()
    bdd.cheapest_each([f, g, f], weight)
    assert len(ticks) == len(functions_below(bdd, [f, g])) // TICK_EVERY
    ticks.clear()
    assert bdd.cheapest(g, weight) == {"x0": True, "y0": True}
    assert ticks == []


@pytest.mark.parametrize("variables", [1, 5, 12])
def test_meets_is_whether_the_conjunction_is_satisfiable_on_random_diagrams(bdd: Bdd, variables: int) -> None:
    xs = [bdd.add_var(f"x{i}") for i in range(variables)]
    rng = random.Random(variables)
    for _ in range(80):
        a, b, w = (random_function(bdd, xs, rng) for _ in range(3))
        assert bdd.meets(a, b) == ((a & b) != bdd.false)
        assert bdd.meets(a, b, w) == ((a & b & w) != bdd.false)


def test_meets_without_the_native_calls_is_the_same_test(bdd: Bdd) -> None:
    x, y = bdd.add_var("x"), bdd.add_var("y")
    bdd.native = None
    assert bdd.meets(x, y)
    assert not bdd.meets(x, ~x)
    assert not bdd.meets(x, y, ~y)
    assert bdd.meets(x | y, ~x, y)


def test_support_is_the_variables_a_function_reads(bdd: Bdd) -> None:
    x, y, _ = bdd.add_var("x"), bdd.add_var("y"), bdd.add_var("z")
    assert bdd.support((x & y) | (x & ~y)) == {"x"}
    assert bdd.support(x | ~y) == {"x", "y"}
    assert bdd.support(bdd.true) == frozenset()


@pytest.mark.parametrize("variables", [3, 9])
def test_marginals_and_counts_within_are_one_count_each_on_random_diagrams(variables: int) -> None:
    # Random functions skip levels (a variable free below an edge) and share nodes: every path of the walks.
    b = Bdd()
    xs = [b.add_var(f"x{i}") for i in range(variables)]
    rng = random.Random(variables)
    for _ in range(30):
        space = random_function(b, xs, rng)
        got = b.marginals(space)
        assert got == {name: b.count(space & b.var(name)) for name in b.vars}
        queries = [random_function(b, xs[rng.randint(0, variables - 1) :], rng) for _ in range(6)]
        queries += [b.true, b.false]
        assert b.counts_within(space, queries) == [b.count(space & x) for x in queries]
        assert b.counts_within(space, [b.true, b.false]) == [b.count(space), 0]


class FakeCudd:
    """The CUDD calls Native makes for its time limit and error code, recorded (no manager behind them)."""

    def __init__(self, elapsed_ms: int = 0, error: int = 0) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.error = error
        self.Cudd_ReadElapsedTime = lambda manager: elapsed_ms
        self.Cudd_SetTimeLimit = lambda manager, limit: self.calls.append(("limit", limit))
        self.Cudd_UnsetTimeLimit = lambda manager: self.calls.append(("unset",))
        self.Cudd_ReadErrorCode = lambda manager: self.error
        self.Cudd_ClearErrorCode = lambda manager: self.calls.append(("clear",))


def test_cudds_time_limit_is_the_milliseconds_left_after_those_spent() -> None:
    lib = FakeCudd(elapsed_ms=500)
    native = Native(lib, 1)
    for seconds in (2.5, 0.0004, -1.0, None):
        native.seconds_left(seconds)
    assert lib.calls == [("limit", 3000), ("limit", 500), ("limit", 500), ("unset",)]


@pytest.mark.parametrize(
    ("code", "failure"), [(0, None), (1, "memory"), (2, "nodes"), (3, "memory"), (4, "time"), (7, "CUDD error 7")]
)
def test_cudds_error_code_says_which_limit_and_is_then_cleared(code: int, failure: str | None) -> None:
    lib = FakeCudd(error=code)
    assert Native(lib, 1).failure() == failure
    assert lib.calls == [("clear",)]


def test_a_union_tree_is_the_union_of_its_items_as_they_change() -> None:
    b = Bdd()
    xs = [b.add_var(f"x{i}") for i in range(8)]
    rng = random.Random(3)
    for size in (0, 1, 2, 3, 5, 8):
        items = [random_function(b, xs, rng) for _ in range(size)]
        tree = UnionTree(b, items, lambda: None)
        assert tree.value() == b.any(items)
        for _ in range(4):
            if size:
                j = rng.randrange(size)
                items[j] = random_function(b, xs, rng)
                tree.set(j, items[j])
            assert tree.value() == b.any(items)


class FakeCounting:
    """CUDD's exact count as Native calls it, recorded: an answer of two 32-bit digits (most significant first),
    or no count at all (NULL, as when CUDD has no memory for it); digit_bits wide digits (CUDD 3's are 32)."""

    def __init__(self, digits: tuple[int, ...] = (5, 7), digit_bits: int = 32) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.number = (ctypes.c_uint32 * len(digits))(*digits) if digits else None
        self.Cudd_ApaNumberOfDigits = lambda bits: -(-bits // digit_bits)

        def count(manager: object, node: int, nvars: int, digits_out: Any) -> int | None:
            self.calls.append(("count", node, nvars))
            if self.number is None:
                return None
            digits_out._obj.value = len(self.number)  # the count's length, written where Native points
            return ctypes.addressof(self.number)

        self.Cudd_ApaCountMinterm = count
        self.Cudd_FreeApaNumber = lambda number: self.calls.append(("free", number))


def test_cudds_exact_count_is_read_most_significant_digit_first_then_freed() -> None:
    lib = FakeCounting(digits=(5, 7))
    native = Native(lib, 1)
    assert native.counts is True
    # A dd id is CUDD's pointer plus 2 (dd's Function.__int__).
    assert native.count(12, 40) == 5 * 2**32 + 7
    assert lib.number is not None
    assert lib.calls == [("count", 10, 40), ("free", ctypes.addressof(lib.number))]


def test_no_exact_count_from_cudd_is_none_and_nothing_is_freed() -> None:
    lib = FakeCounting(digits=())
    assert Native(lib, 1).count(12, 40) is None
    assert lib.calls == [("count", 10, 40)]


@pytest.mark.parametrize(("lib", "counts"), [(FakeCounting(digit_bits=16), False), (FakeCudd(), False)])
def test_cudds_exact_count_is_used_only_with_32_bit_digits_and_every_call_it_needs(lib: object, counts: bool) -> None:
    # 16-bit digits (an older CUDD on some platforms) would be read wrong; a CUDD without the calls has none.
    native = Native(lib, 1)
    assert native.counts is counts
    assert native.count(12, 40) is None
    assert getattr(lib, "calls", []) == []


class OtherLayout:
    """An object of dd.cudd's module that is not its BDD: no constant node to find the manager by."""

    __module__ = "dd.cudd"


class OneField:
    """An object whose one field (just after the object header) points to a manager-like object: a bytes
    object whose word at Native's offset of the constant one is that one (`true` gives it plus 2, as dd's ids)."""

    __slots__ = ("manager",)

    def __init__(self) -> None:
        self.manager = bytes(range(1, 65))

    @property
    def true(self) -> int:
        word = ctypes.c_void_p.from_address(id(self.manager) + native._ONE_AT).value
        assert word is not None
        return word + 2


def test_the_manager_is_the_first_field_that_holds_dds_constant_and_none_is_found_elsewhere() -> None:
    Bdd()  # dd.cudd imported: Native.of loads the library of the manager's module
    holder = OneField()
    assert native._manager(holder) == id(holder.manager)  # the first field after the reference count and type
    assert native._manager(OtherLayout()) is None
    assert Native.of(OtherLayout()) is None  # the library loads and its calls are set up, but no manager is found
