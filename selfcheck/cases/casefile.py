"""Clinical case files: answers -> expected level and rules, run against a rule file with a coverage summary."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from selfcheck.engine import flow
from selfcheck.engine.answers import read_answers
from selfcheck.engine.flow import Result
from selfcheck.errors import Problem, SelfcheckError, did_you_mean, plural
from selfcheck.model.ruleset import LEVEL_IDS, Answers, Question, RuleSet
from selfcheck.rulefile import file_text, strict_yaml
from selfcheck.rulefile.loader import RULES_HERE, bundled_rules, describe_source, load_ruleset
from selfcheck.rulefile.reader import Reader
from selfcheck.rulefile.yaml_nodes import Node

MAX_CASES_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    answers: Answers
    level: str
    fires: tuple[str, ...]
    not_fires: tuple[str, ...]
    line: int
    col: int


@dataclass(frozen=True)
class CaseFile:
    path: str
    rules: str  # the rule file the cases were written for
    cases: tuple[Case, ...]


def bundled_cases() -> str:
    return str(Path(bundled_rules()).with_name("mmn.cases.yaml"))


CASES_HERE = os.path.join("rules", "mmn.cases.yaml")


def default_cases() -> str:
    """The case file to run when none is named: ./rules/mmn.cases.yaml when it is there, else the bundled one."""
    return CASES_HERE if os.path.lexists(CASES_HERE) else bundled_cases()


def load_cases(path: str, ruleset: RuleSet | None = None, lang: str | None = None) -> tuple[CaseFile, RuleSet]:
    """Read a case file and the rule set it names (or the one given), checking every case's answers."""
    doc = strict_yaml.load(path, MAX_CASES_BYTES)
    r = Reader(doc)
    root = r.mapping(doc.root, "a case file", ("cases",), ("rules", "defaults"))
    if root is None:
        raise SelfcheckError(r.problems)
    get = r.fields(root)
    rules_path = _rules_path(r, get, path, check=ruleset is None)
    # A file that is not a case file (a rule file, say) stops here, before a bad `rules:` names a folder.
    if r.problems:
        raise SelfcheckError(r.problems)
    if ruleset is None:
        ruleset = load_ruleset(rules_path, lang)
    defaults: Answers = {}
    if "defaults" in get:
        defaults, _ = read_answers(r, ruleset, get["defaults"])
    cases: list[Case] = []
    rule_ids = [rule.id for rule in ruleset.rules]
    no_default: dict[str, list[str]] = {}  # question id -> the cases that reach it without an answer
    for node in r.seq(get.get("cases"), "cases"):
        case = _case(r, ruleset, node, defaults, rule_ids, no_default)
        if case is not None:
            if case.id in (c.id for c in cases):
                r.problem(node, f"duplicate case id '{case.id}'")
            cases.append(case)
    # A question added without a default touches many cases: one line for it, not one per case.
    where = root.entries["defaults"][0] if "defaults" in root.entries else root.entries["cases"][0]
    for qid, case_ids in no_default.items():
        r.problem(where, _no_default(ruleset, qid, case_ids))
    if r.problems:
        # Which rule file the cases were read against: a copied case file still names the original in `rules:`.
        raise SelfcheckError(r.problems, f"selfcheck: the cases in {path} were read against {describe_source(ruleset)}")
    return CaseFile(path, rules_path, tuple(cases)), ruleset


def _rules_path(r: Reader, get: dict[str, Node], path: str, check: bool) -> str:
    """The rule file the case file names (relative to it), or the bundled one; checked to be a file if asked."""
    if "rules" not in get:
        return bundled_rules()
    rules_path = str(Path(path).parent / r.text(get["rules"], "rules"))
    refused = file_text.not_a_file(rules_path) if check and not r.problems else ""
    if refused == "no such file":
        r.problem(
            get["rules"],
            f"rule file '{rules_path}' does not exist (a path here is relative to the "
            "case file; or name the rule file: selfcheck test RULES --cases FILE)",
        )
    elif refused:
        r.problem(get["rules"], f"rule file '{rules_path}' {refused}")
    return rules_path


def _no_default(ruleset: RuleSet, qid: str, case_ids: list[str]) -> str:
    """One line for a question added without a default, however many cases it touches."""
    shown = ", ".join(case_ids[:3]) + (f" and {len(case_ids) - 3} more" if len(case_ids) > 3 else "")
    return (
        f"question '{qid}' has no default, and {plural(len(case_ids), 'case')} reach it without answering "
        f"it ({shown}); add it to defaults (choices: {', '.join(ruleset.question(qid).choice_ids)})"
    )


def _case(
    r: Reader, ruleset: RuleSet, node: Node, defaults: Answers, rule_ids: list[str], no_default: dict[str, list[str]]
) -> Case | None:
    m = r.mapping(node, "a case", ("id", "answers", "level"), ("description", "fires", "not_fires"))
    if m is None:
        return None
    get = r.fields(m)
    cid = r.text(get.get("id"), "case id")
    before = len(r.problems)
    given, keys = read_answers(r, ruleset, get["answers"]) if "answers" in get else ({}, {})
    lists = {}
    for name in ("fires", "not_fires"):
        ids = []
        for item in r.seq(get.get(name), name, allow_empty=True):
            rid = r.text(item, "rule id")
            if rid and rid not in rule_ids:
                r.problem(item, f"unknown rule '{rid}'{did_you_mean(rid, rule_ids)}")
            ids.append(rid)
        lists[name] = tuple(ids)
    level = r.one_of(get.get("level"), "level", LEVEL_IDS)
    if len(r.problems) > before:
        return None
    answers = complete(ruleset, given, defaults)
    if isinstance(answers, Question):
        no_default.setdefault(answers.id, []).append(cid)
        return None
    for name, key in keys.items():
        if name not in answers:
            r.problem(key, f"case '{cid}': question '{name}' is not asked with these answers")
    return Case(
        cid,
        r.text(get.get("description"), "description"),
        answers,
        level,
        lists["fires"],
        lists["not_fires"],
        m.line,
        m.col,
    )


def complete(ruleset: RuleSet, given: Answers, defaults: Answers) -> Answers | Question:
    """Fill the questions a case leaves out from the defaults, following the flow; or the first with no default."""
    answers = dict(given)
    while (question := flow.next_question(ruleset, answers)) is not None:
        if question.id not in defaults:
            return question
        answers[question.id] = defaults[question.id]
    return flow.applicable(ruleset, answers)


def check(case: Case, result: Result) -> list[str]:
    """What is wrong with a case's result, in words; empty when it passes."""
    fired = {rule.id for rule in result.fired}
    wrong = []
    if result.level.id != case.level:
        wrong.append(f"expected level {case.level}, got {result.level.id}")
    missing = [rid for rid in case.fires if rid not in fired]
    if missing:
        wrong.append(f"expected to fire but did not: {', '.join(missing)}")
    extra = [rid for rid in case.not_fires if rid in fired]
    if extra:
        wrong.append(f"fired but must not: {', '.join(extra)}")
    return wrong


@dataclass(frozen=True)
class Failure:
    case: Case
    result: Result
    wrong: tuple[str, ...]


@dataclass(frozen=True)
class FileRun:
    """One case file's run: its failures and what its cases covered."""

    case_file: CaseFile
    ruleset: RuleSet
    failures: tuple[Failure, ...]
    fired: frozenset[str]
    levels: frozenset[str]
    answered: frozenset[str]


def run_file(case_file: CaseFile, ruleset: RuleSet) -> FileRun:
    failures = []
    fired_any: set[str] = set()
    levels: set[str] = set()
    answered: set[str] = set()
    for case in case_file.cases:
        result = flow.evaluate(ruleset, case.answers)
        fired_any |= {rule.id for rule in result.fired}
        levels.add(result.level.id)
        answered |= set(result.answers)
        wrong = check(case, result)
        if wrong:
            failures.append(Failure(case, result, tuple(wrong)))
    return FileRun(case_file, ruleset, tuple(failures), frozenset(fired_any), frozenset(levels), frozenset(answered))


def run_case_files(paths: list[str], rules: str | None = None, lang: str | None = None) -> list[FileRun]:
    """Run case files (the bundled or local ones when none are named): each file's failures and coverage."""
    runs = []
    if not paths and rules is None and not os.path.lexists(CASES_HERE) and os.path.lexists(RULES_HERE):
        rules = RULES_HERE  # the bundled cases, run against the rule file being edited here
    for path in paths or [default_cases()]:
        case_file, ruleset = load_cases(path, load_ruleset(rules, lang) if rules else None, lang)
        runs.append(run_file(case_file, ruleset))
    return runs


def failure_line(path: str, failure: Failure) -> str:
    case, result = failure.case, failure.result
    actual = ", ".join(rule.id for rule in result.fired) or "none"
    # A wrong level is already in the message; otherwise say it was right, so every line shows both levels.
    level = "" if result.level.id != case.level else f"level {case.level} as expected; "
    return str(
        Problem(path, case.line, case.col, f"case '{case.id}': {'; '.join(failure.wrong)} ({level}fired: {actual})")
    )


def render_text(runs: list[FileRun]) -> str:
    lines = []
    for run in runs:
        lines += [failure_line(run.case_file.path, f) for f in run.failures]
        lines.append(
            f"{run.case_file.path}: {plural(len(run.case_file.cases), 'case')} against {describe_source(run.ruleset)}"
        )
        lines.append(coverage(run.ruleset, set(run.fired), set(run.levels), set(run.answered)))
    total = sum(len(run.case_file.cases) for run in runs)
    failed = sum(len(run.failures) for run in runs)
    lines.append(f"{total - failed} passed, {failed} failed")
    return "\n".join(lines) + "\n"


def render_json(runs: list[FileRun]) -> str:
    total = sum(len(run.case_file.cases) for run in runs)
    failed = sum(len(run.failures) for run in runs)
    data = {
        "files": [
            {
                "path": run.case_file.path,
                "rules": run.ruleset.path,
                "cases": len(run.case_file.cases),
                "failures": [
                    {
                        "id": f.case.id,
                        "line": f.case.line,
                        "col": f.case.col,
                        "problems": list(f.wrong),
                        "expected": {
                            "level": f.case.level,
                            "fires": list(f.case.fires),
                            "not_fires": list(f.case.not_fires),
                        },
                        "actual": {"level": f.result.level.id, "fired": [rule.id for rule in f.result.fired]},
                    }
                    for f in run.failures
                ],
                "coverage": {
                    "rules_never_fired": [r.id for r in run.ruleset.rules if r.id not in run.fired],
                    "levels_never_reached": [v for v in LEVEL_IDS if v not in run.levels],
                    "questions_never_answered": [q.id for q in run.ruleset.questions if q.id not in run.answered],
                },
            }
            for run in runs
        ],
        "passed": total - failed,
        "failed": failed,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def coverage(ruleset: RuleSet, fired: set[str], levels: set[str], answered: set[str]) -> str:
    never_fired = [rule.id for rule in ruleset.rules if rule.id not in fired]
    never_reached = [level for level in LEVEL_IDS if level not in levels]
    never_answered = [q.id for q in ruleset.questions if q.id not in answered]
    lines = [
        f"  rules fired by some case: {len(ruleset.rules) - len(never_fired)} of {len(ruleset.rules)}",
        f"  rules never fired: {', '.join(never_fired) or '(none)'}",
        f"  levels never reached: {', '.join(never_reached) or '(none)'}",
        f"  questions never answered: {', '.join(never_answered) or '(none)'}",
    ]
    return "\n".join(lines)
