"""An analysis that did not finish says plainly what was proved and what was not: refused, or stopped part way."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import pytest
from analysis_files import BASE, TODAY
from generators import checklist
from scaling import MAX_MEMORY_MB, classify

from selfcheck.analysis import budget
from selfcheck.analysis import orchestrate as analysis
from selfcheck.analysis.checks import monotonicity
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.render.findings import render
from selfcheck.render.review_coverage import counted_by, coverage_from, stopped_parts
from selfcheck.render.review_document import not_proved
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset

REFUSED = "(the answer space was refused as too large to check every combination)"


def analysed(name: str, text: str) -> tuple[analysis.Analysis, str]:
    """The walk's analysis (the symbolic backend, when installed, counts what the walk refuses) and its text."""
    doc = strict_yaml.parse(name, text)
    ruleset = build_ruleset(doc)
    result = analysis.analyze(ruleset, TODAY, doc, method="walk")
    return result, render(result, ruleset)


def test_a_refused_answer_space_is_located_at_its_question_and_called_refused_not_a_limit() -> None:
    result, text = analysed("cl17.yaml", checklist(17))
    lines = text.splitlines()
    assert lines[0] == (
        "cl17.yaml:21:9: error: question 'list' has 17 independently read groups of choices: "
        "too many to check every combination [answer-space]"
    )
    assert [line for line in lines if line.startswith(("not checked", "FAILED", "levels"))] == [
        f"not checked: gap-free {REFUSED}",
        f"not checked: monotonicity {REFUSED}",
        f"not checked: the requirements {REFUSED}",
        f"not checked: red flags {REFUSED}",
        f"not checked: reachability of every question and rule {REFUSED}",
        f"not checked: the bounds on the questions asked after a level is certain {REFUSED}",
        f"not checked: the engine's agreement with the counts {REFUSED}",
        "FAILED: the answer space was refused as too large to check every combination: what is not checked is "
        "not proved",
        f"levels: not counted {REFUSED}",
    ]
    assert "stopped at its limit" not in text
    assert re.fullmatch(
        r"cl17\.yaml: answer sets not all counted \(0 states walked, 0 evaluations\) in \d+\.\d\d s: "
        r"1 error, 0 warnings",
        lines[-1],
    ), lines[-1]
    ruleset = build_ruleset(strict_yaml.parse("cl17.yaml", checklist(17)))
    data = json.loads(render(result, ruleset, "json"))
    assert (data["stopped"]["reason"], data["findings"][0]["line"], data["findings"][0]["col"]) == ("refused", 21, 9)


def test_a_refused_answer_space_of_a_rule_set_without_positions_is_located_at_its_questions_line() -> None:
    doc = strict_yaml.parse("cl17.yaml", checklist(17))
    by_hand = build_ruleset(doc)._replace(source_map=None)  # as if built by hand: no document to place it in
    result = analysis.analyze(by_hand, TODAY, method="walk")
    assert result.refused
    # Only the line of the question, which its record keeps; the column is not known, so the line's first.
    assert [(f.check, f.line, f.col) for f in result.errors] == [("answer-space", by_hand.question("list").line, 1)]
    assert (
        by_hand.question("list").line == analysis.analyze(build_ruleset(doc), TODAY, doc, method="walk").errors[0].line
    )


def test_without_dd_on_the_path_auto_walks_and_a_refused_file_says_how_to_get_the_method_that_scales(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)  # no dd to find
    result = analysis.analyze(build_ruleset(strict_yaml.parse("cl17.yaml", checklist(17))), TODAY)
    assert (result.method, result.refused) == ("walk", True)
    assert [f.message for f in result.errors] == [
        "question 'list' has 17 independently read groups of choices: too many to check every combination "
        f"({analysis.SCALE_HINT})"
    ]


def test_the_review_of_a_refused_file_says_refused() -> None:
    result, _ = analysed("cl17.yaml", checklist(17))
    coverage = coverage_from(result)
    head, families, _ = stopped_parts(coverage)
    assert head[0] == (
        "The whole-answer-space analysis was refused: question 'list' has 17 independently read groups of "
        "choices: too many to check every combination."
    )
    assert families[0] == f"Not checked: gap-free {REFUSED}."
    assert not_proved(coverage) == f"not proved {REFUSED}"


def test_errors_a_check_found_before_the_limit_fail_its_family_instead_of_not_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def two_then_over(ctx: Context) -> Iterator[Finding]:
        yield Finding("error", monotonicity.ID, "first counterexample", 5, 3)
        yield Finding("error", monotonicity.ID, "second counterexample", 7, 3)
        raise budget.OverBudget("more than 1 second of walking the answer space")

    monkeypatch.setattr(monotonicity, "check", two_then_over)
    result, text = analysed("rules.yaml", BASE)
    lines = text.splitlines()
    assert "checks not finished: monotonicity, dead-rule, shadowed-rule, no-crash, requirement" in lines
    assert "FAILED: monotonicity: 2 errors found before the limit (see above); the rest not proved" in lines
    assert not any(line.startswith("not checked: monotonicity") for line in lines)
    ruleset = build_ruleset(strict_yaml.parse("rules.yaml", BASE))
    checks = {c["id"]: (c["status"], c["findings"]) for c in json.loads(render(result, ruleset, "json"))["checks"]}
    assert checks["monotonicity"] == ("FAILED", 2)
    assert checks["requirements"] == ("not checked", 0)
    # The review lists no finding one by one, so it says where they are listed instead of "see above".
    _, families, _ = stopped_parts(coverage_from(result))
    assert (
        "FAILED: monotonicity: 2 errors found before the limit (selfcheck analyze lists them); the rest not proved."
        in families
    )
    stopped_bdd = dataclasses.replace(coverage_from(result), method="bdd")
    assert counted_by(stopped_bdd) == [
        "Counted by: binary decision diagrams, stopped before they were finished (--method bdd)."
    ]


def stopped_json(reason: str, why: str) -> str:
    finding = {"check": "answer-space", "message": why}
    return json.dumps({"stopped": {"finished": [], "not_finished": [], "reason": reason}, "findings": [finding]})


@pytest.mark.parametrize(
    ("code", "stdout", "outcome"),
    [
        (1, stopped_json("refused", "question 'list' has 17 groups: too many to check every combination"), "refused"),
        (1, stopped_json("limit", "the analysis stopped at its limit: more than 5 seconds of walking"), "over 5 s"),
        (
            1,
            stopped_json("limit", f"the analysis stopped at its limit: more than {MAX_MEMORY_MB} MB of memory"),
            f"over {MAX_MEMORY_MB} MB",
        ),
        (1, json.dumps({"findings": []}), "findings"),
        (0, json.dumps({"findings": []}), "ok"),
        (99, "", "MemoryError"),
    ],
)
def test_the_scaling_bench_classifies_a_run_by_its_outcome_not_by_words(code: int, stdout: str, outcome: str) -> None:
    assert classify(code, stdout, 5).startswith(outcome)
