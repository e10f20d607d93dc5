"""CUDD's exact count in C (symbolic.native) gives the Python walk's count on every diagram, or is not used."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("dd")

from selfcheck.analysis.symbolic.bdd import Bdd, Node


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
