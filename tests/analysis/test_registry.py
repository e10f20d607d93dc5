"""The analysis checks as a registry: one module per check with an ID, and analyze runs exactly the registry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_files import BASE, TODAY, analysis_of, rule, with_rule

from selfcheck.analysis import budget
from selfcheck.analysis import orchestrate as analysis
from selfcheck.analysis import registry as analysis_registry
from selfcheck.analysis.checks import monotonicity
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


def test_a_budget_met_part_way_keeps_what_was_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped at the monotonicity walks: the checks before say proved, the rest not checked, and it is an error."""

    def over(ctx: Context) -> Iterator[Finding]:
        raise budget.OverBudget("more than 1 second of walking the answer space")
        yield  # a generator, as every check

    monkeypatch.setattr(monotonicity, "check", over)
    doc = yamlfile.parse("rules.yaml", BASE)
    ruleset = build_ruleset(doc)
    result = analysis.analyze(ruleset, TODAY, doc)
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
    result = analysis_of(BASE)
    assert [f.message for f in result.errors] == [
        "the analysis stopped at its limit: the machine ran out of memory; "
        "it cannot check every answer set of this file yet"
    ]
    assert not result.complete and "gap" in result.checked
