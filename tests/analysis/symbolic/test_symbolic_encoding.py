"""The BDD encoding of the answer space counts what a brute-force enumeration by the engine counts."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("dd")
# The counting oracle's generated rule files and helpers live in tests/analysis: reused, not copied.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis_files import BASE, answer_sets, ruleset_of
from test_certainty import ORACLE_FILES
from test_counting_oracle import _positive
from test_symbolic_native import random_function

from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.encode import GAP, NO_RULE, Encoding
from selfcheck.engine import flow as engine
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet, level_rank


def brute_cells(ruleset: RuleSet) -> tuple[list[int], dict[str, int]]:
    """Per main-walk cell, and per question asked, the answer sets of an enumeration by the engine."""
    cells = [0] * (GAP + 1)
    asked: Counter[str] = Counter()
    for answers in answer_sets(ruleset):
        result = engine.evaluate(ruleset, answers)
        if result.fired:
            cells[level_rank(result.level.id)] += 1
        else:
            cells[GAP if _positive(ruleset, answers) else NO_RULE] += 1
        asked.update(answers.keys())
    return cells, {q.id: asked[q.id] for q in ruleset.questions}


def check_encoding(text: str | RuleSet, order: str = "force") -> None:
    ruleset = ruleset_of(text) if isinstance(text, str) else text
    enc = Encoding(ruleset, order)
    cells, asked = brute_cells(ruleset)
    assert [enc.count(c) for c in enc.cells] == cells
    assert enc.count(enc.bdd.true) == sum(cells)
    assert {q.id: enc.count(enc.asked[i]) for i, q in enumerate(ruleset.questions)} == asked
    every = list(answer_sets(ruleset))
    results = [engine.evaluate(ruleset, a) for a in every]
    for j, rule in enumerate(ruleset.rules):
        fires = sum(1 for r in results if rule in r.fired)
        decides = sum(1 for r in results if rule in r.fired and r.level.id == rule.level)
        got_decides = enc.count(enc.fires[j] & enc.rank_is[level_rank(rule.level)])
        assert (enc.count(enc.fires[j]), got_decides) == (fires, decides), rule.id
    for rank in range(len(LEVEL_IDS)):
        example = enc.witness(enc.rank_is[rank])
        assert (example is None) == (not any(level_rank(r.level.id) == rank for r in results))
        if example is not None:
            assert engine.evaluate(ruleset, example).level.id == LEVEL_IDS[rank]
            assert engine.applicable(ruleset, example) == example


def test_the_base_file_has_its_ten_answer_sets_by_level() -> None:
    enc = Encoding(ruleset_of(BASE))
    assert [enc.count(c) for c in enc.cells] == [2, 5, 2, 0, 0, 1, 0]
    assert enc.witness(enc.cells[1]) == {"signs": ("not_sure",), "weakness": ("no",)}


@pytest.mark.parametrize("name", ORACLE_FILES)
def test_certainty_ends_the_flow_as_the_engine_ends_it(name: str) -> None:
    check_encoding(ORACLE_FILES[name])


@pytest.mark.parametrize("order", ["file", "reads", "force"])
def test_the_variable_order_changes_no_count(order: str) -> None:
    check_encoding(BASE, order)


def test_the_marginal_counts_are_those_of_one_count_per_variable() -> None:
    enc = Encoding(ruleset_of(BASE))
    b = enc.bdd
    # The last two start below the first variable, which is free in them.
    second, last = b.var(b.vars[1]), b.var(b.vars[-1])
    for x in (enc.space, enc.space & enc.cells[1], b.true, b.false, enc.space & ~enc.positive, ~second, second & last):
        got = b.marginals(x)
        assert got == {name: b.count(x & b.var(name)) for name in b.vars}


def test_counts_within_the_space_are_those_of_one_count_each() -> None:
    enc = Encoding(ruleset_of(BASE))
    b = enc.bdd
    xs = [*enc.fires, *enc.cells, b.true, b.false, enc.positive, *(b.var(name) for name in b.vars)]
    assert b.counts_within(enc.space, xs) == [b.count(enc.space & x) for x in xs]


def test_some_answer_set_of_a_cell_is_in_it() -> None:
    enc = Encoding(ruleset_of(BASE))
    b = enc.bdd
    for x in (*enc.cells, *enc.fires, enc.positive, b.true, b.false, ~enc.positive):
        picked = b.some(enc.space & x)
        assert (picked is None) == (enc.space & x == b.false)
        if picked is not None:
            assert b.let({name: picked.get(name, False) for name in b.vars}, enc.space & x) == b.true


def test_some_answer_set_read_back_is_one_the_flow_allows_in_the_function_and_none_where_there_is_none() -> None:
    ruleset = ruleset_of(BASE)
    enc = Encoding(ruleset)
    b = enc.bdd
    for x in (*enc.cells, *enc.fires, enc.positive, b.true, b.false, ~enc.positive):
        answers = enc.some(x)
        assert (answers is None) == (enc.space & x == b.false)
        if answers is not None:
            assert enc.holds(answers, x) and engine.applicable(ruleset, answers) == answers


def test_counts_stay_exact_while_the_nodes_of_diagrams_counted_before_are_freed_and_made_again() -> None:
    # The walk keys its memo by node id: the roots it counted are kept, so CUDD never frees their nodes and gives
    # their ids to others. Hundreds of random functions, each let go once counted, are past CUDD's garbage
    # collection (which frees the nodes no function holds).
    b = Bdd()
    if b.native is None or not b.native.counts:
        pytest.skip("CUDD's exact count cannot be reached in this dd")
    xs = [b.add_var(f"x{i}") for i in range(16)]
    rng = random.Random(1)
    for _ in range(500):
        f = random_function(b, xs, rng)
        assert b.walked(f) == b.native.count(int(f), len(xs))


def test_an_answer_set_the_flow_allows_holds_in_exactly_one_cell() -> None:
    ruleset = ruleset_of(BASE)
    enc = Encoding(ruleset)
    cells, _ = brute_cells(ruleset)
    seen = [0] * len(cells)
    for answers in answer_sets(ruleset):
        inside = [c for c, cell in enumerate(enc.cells) if enc.holds(answers, cell)]
        assert len(inside) == 1, answers
        seen[inside[0]] += 1
        # An answer the flow does not allow (a question left out) holds nowhere.
        first = ruleset.questions[0].id
        assert not enc.holds({q: a for q, a in answers.items() if q != first}, enc.bdd.true)
    assert seen == cells


def test_a_witness_is_the_cheapest_under_the_weights_given() -> None:
    enc = Encoding(ruleset_of(BASE))
    weights = enc.quiet_weights()
    no = next(name for name, choice in enc.choice_of.items() if choice == ("weakness", "no"))
    assert enc.witness(enc.cells[1]) == {"signs": ("not_sure",), "weakness": ("no",)}
    # "no" made dearer than any other answer: the cheapest urgent answer set says "not sure" instead.
    weights[no] = 10 * max(weights.values())
    assert enc.witness(enc.cells[1], weights) == {"signs": ("not_sure",), "weakness": ("not_sure",)}


@pytest.mark.parametrize("name", ["base", *ORACLE_FILES])
def test_the_chain_of_other_ranks_is_a_quantifier_over_every_later_question_on_chosen_files(name: str) -> None:
    # Encoding.other quantifies one question at a time from the end: the same as all later questions at once
    # over the flow without certainty stops (tail); test_symbolic_oracle.py draws many more files.
    enc = Encoding(ruleset_of(BASE) if name == "base" else ORACLE_FILES[name])
    b = enc.bdd
    assert enc.tail[0] != b.true and enc.tail[enc.n] == b.true
    for r in range(len(LEVEL_IDS)):
        assert enc.other(r) == [b.exist(enc.later[i], enc.tail[i] & ~enc.rank_is[r]) for i in range(enc.n + 1)]
