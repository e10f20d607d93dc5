"""The diagrams against the walks and a brute-force enumeration on generated files (hypothesis): the slow oracles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("dd")
# The counting and certainty oracles' generated rule files and helpers live in tests/analysis: reused, not copied.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis_files import ruleset_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_certainty import generated_rule_files
from test_counting_oracle import rule_files
from test_symbolic_backend import check_same
from test_symbolic_encoding import check_encoding
from test_symbolic_paths import check_after_certain, check_monotonicity

from selfcheck.analysis.symbolic.encode import Encoding
from selfcheck.model.ruleset import LEVEL_IDS

# These run in the mutation tool's second tier, on the first tier's survivors only: the quick tests of
# test_symbolic_encoding.py, test_symbolic_paths.py and test_symbolic_backend.py are the first.
GENERATED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The encoding's counts (test_symbolic_encoding.py checks the same on chosen files).


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_files())
def test_every_count_agrees_with_a_brute_force_enumeration(text: str) -> None:
    check_encoding(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_files(), level=st.sampled_from(["urgent", "soon", "routine", "none"]))
def test_a_level_that_stops_when_certain_is_encoded_as_the_engine_stops(text: str, level: str) -> None:
    # The generated files' levels are one flow-style line each: the level given gains stop_when_certain.
    stops = text.replace(f"  - {{id: {level}, ", f"  - {{id: {level}, stop_when_certain: true, ", 1)
    assert stops != text
    check_encoding(stops)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_files())
def test_the_chain_of_other_ranks_is_a_quantifier_over_every_later_question(text: str) -> None:
    # Encoding.other quantifies one question at a time from the end: the same as all later questions at once.
    enc = Encoding(ruleset_of(text))
    b = enc.bdd
    for r in range(len(LEVEL_IDS)):
        assert enc.other(r) == [b.exist(enc.later[i], enc.tail[i] & ~enc.rank_is[r]) for i in range(enc.n + 1)]


# Monotonicity and the questions after certain (test_symbolic_paths.py).


@GENERATED
@given(text=rule_files())
def test_monotonicity_counts_what_the_joint_walk_counts_on_generated_files(text: str) -> None:
    check_monotonicity(text)


@GENERATED
@given(text=generated_rule_files())
def test_monotonicity_counts_what_the_joint_walk_counts_where_levels_stop_when_certain(text: str) -> None:
    check_monotonicity(text)


@GENERATED
@given(text=rule_files())
def test_the_questions_after_certain_are_the_walks_on_generated_files(text: str) -> None:
    check_after_certain(text)


@GENERATED
@given(text=generated_rule_files())
def test_the_questions_after_certain_are_the_walks_where_levels_stop_when_certain(text: str) -> None:
    check_after_certain(text)


def stopping(text: str, level: str) -> str:
    """The generated file with one more level that ends the questions once certain."""
    marked = text.replace(f"{{id: {level},", f"{{id: {level}, stop_when_certain: true,", 1)
    assert marked != text
    return marked


@GENERATED
@given(text=rule_files(), level=st.sampled_from(["urgent", "soon", "routine", "none"]))
def test_both_agree_with_the_walks_when_another_level_stops_when_certain(text: str, level: str) -> None:
    check_monotonicity(stopping(text, level))
    check_after_certain(stopping(text, level))


# The whole analysis, walked and counted (test_symbolic_backend.py checks the same on chosen files).


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_files())
def test_the_diagrams_give_the_walks_figures_and_findings(text: str) -> None:
    check_same(text)
