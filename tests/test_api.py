"""The public API: what an application embedding selfcheck may use, and that importing it costs nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import MINI

import selfcheck


def test_load_next_question_and_evaluate_walk_a_rule_file(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "rules.yaml"  # type: ignore[operator]
    path.write_text(MINI, encoding="utf-8")
    ruleset = selfcheck.load(str(path))
    assert isinstance(ruleset, selfcheck.RuleSet)
    answers: dict[str, tuple[str, ...]] = {}
    asked = []
    while (question := selfcheck.next_question(ruleset, answers)) is not None:
        assert isinstance(question, selfcheck.Question)
        asked.append(question.id)
        answers[question.id] = {"signs": ("none",), "weakness": ("yes",), "side": ("left",)}[question.id]
    assert asked == ["signs", "weakness", "side"]
    result = selfcheck.evaluate(ruleset, answers)
    assert isinstance(result, selfcheck.Result)
    assert (result.level.id, [rule.id for rule in result.fired]) == ("soon", ["weak_one_side"])


def test_load_with_no_path_reads_the_default_rule_file_and_analyze_proves_it() -> None:
    ruleset = selfcheck.load()
    analysis = selfcheck.analyze(ruleset)
    assert isinstance(analysis, selfcheck.Analysis)
    assert analysis.errors == ()


def test_a_broken_file_raises_the_one_error_type_with_located_problems(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "rules.yaml"  # type: ignore[operator]
    path.write_text(MINI.replace("level: soon", "level: soonish"), encoding="utf-8")
    with pytest.raises(selfcheck.SelfcheckError) as info:
        selfcheck.load(str(path))
    [problem] = info.value.problems
    assert isinstance(problem, selfcheck.Problem)
    assert (problem.line, problem.col) == (66, 12)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'diagnose'"):
        selfcheck.diagnose  # noqa: B018


def test_importing_selfcheck_loads_none_of_the_api() -> None:
    code = "import selfcheck, sys; print(sorted(m for m in sys.modules if m.startswith('selfcheck.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_every_public_name_is_listed_and_resolves() -> None:
    assert sorted(selfcheck.__all__) == sorted(["__version__", *selfcheck._HOMES])
    for name in selfcheck.__all__:
        assert getattr(selfcheck, name) is not None
