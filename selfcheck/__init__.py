"""selfcheck: a rule-based symptom self-check that says how soon to see a doctor, never what you have."""

from __future__ import annotations

import importlib

# Not typing.TYPE_CHECKING: importing typing costs a fifth of the start-up budget (see selfcheck/model/records.py);
# mypy takes any name TYPE_CHECKING as true.
TYPE_CHECKING = False

__version__ = "0.4.0"

# The public API, for applications that embed selfcheck and for its tests. Names are imported when
# first used, so `import selfcheck` (and so every command's start-up) pays for none of them.
_HOMES = {
    "load": "selfcheck.rulefile.loader",
    "next_question": "selfcheck.engine.flow",
    "evaluate": "selfcheck.engine.flow",
    "analyze": "selfcheck.analysis.orchestrate",
    "Analysis": "selfcheck.analysis.orchestrate",
    "Result": "selfcheck.engine.flow",
    "RuleSet": "selfcheck.model.ruleset",
    "Question": "selfcheck.model.ruleset",
    "Level": "selfcheck.model.ruleset",
    "Rule": "selfcheck.model.ruleset",
    "Problem": "selfcheck.errors",
    "SelfcheckError": "selfcheck.errors",
}
__all__ = [
    "Analysis",
    "Level",
    "Problem",
    "Question",
    "Result",
    "Rule",
    "RuleSet",
    "SelfcheckError",
    "__version__",
    "analyze",
    "evaluate",
    "load",
    "next_question",
]

if TYPE_CHECKING:
    from selfcheck.analysis.orchestrate import Analysis, analyze
    from selfcheck.engine.flow import Result, evaluate, next_question
    from selfcheck.errors import Problem, SelfcheckError
    from selfcheck.model.ruleset import Level, Question, Rule, RuleSet
    from selfcheck.rulefile.loader import load


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'selfcheck' has no attribute '{name}'")
    return getattr(importlib.import_module(home), name)
