"""Clinical case files: answers -> expected level and rules, run against a rule file with a coverage summary."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from selfcheck import engine, yamlfile
from selfcheck.answers import read_answers
from selfcheck.engine import Result
from selfcheck.errors import Problem, SelfcheckError, did_you_mean
from selfcheck.loader import bundled_rules, load_ruleset
from selfcheck.model import LEVEL_IDS, Answers, RuleSet
from selfcheck.nodes import Reader
from selfcheck.yamlfile import Node

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


def load_cases(path: str, ruleset: RuleSet | None = None) -> tuple[CaseFile, RuleSet]:
    """Read a case file and the rule set it names (or the one given), checking every case's answers."""
    doc = yamlfile.load(path, MAX_CASES_BYTES)
    r = Reader(doc)
    root = r.mapping(doc.root, "a case file", ("cases",), ("rules", "defaults"))
    if root is None:
        raise SelfcheckError(r.problems)
    get = {name: value for name, (_, value) in root.entries.items()}
    rules_path = bundled_rules()
    if "rules" in get:
        rules_path = str(Path(path).parent / r.text(get["rules"], "rules"))
    if ruleset is None:
        ruleset = load_ruleset(rules_path)
    defaults: Answers = {}
    if "defaults" in get:
        defaults, _ = read_answers(r, ruleset, get["defaults"])
    cases: list[Case] = []
    rule_ids = [rule.id for rule in ruleset.rules]
    for node in r.seq(get.get("cases"), "cases"):
        case = _case(r, ruleset, node, defaults, rule_ids)
        if case is not None:
            if case.id in (c.id for c in cases):
                r.problem(node, f"duplicate case id '{case.id}'")
            cases.append(case)
    if r.problems:
        raise SelfcheckError(r.problems)
    return CaseFile(path, rules_path, tuple(cases)), ruleset


def _case(r: Reader, ruleset: RuleSet, node: Node, defaults: Answers, rule_ids: list[str]) -> Case | None:
    m = r.mapping(node, "a case", ("id", "answers", "level"), ("description", "fires", "not_fires"))
    if m is None:
        return None
    get = {name: value for name, (_, value) in m.entries.items()}
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
    if isinstance(answers, str):
        r.problem(get["answers"], f"case '{cid}': {answers}")
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


def complete(ruleset: RuleSet, given: Answers, defaults: Answers) -> Answers | str:
    """Fill the questions a case leaves out from the defaults, following the flow; or say what is missing."""
    answers = dict(given)
    while (question := engine.next_question(ruleset, answers)) is not None:
        if question.id not in defaults:
            return f"no answer for question '{question.id}' and no default for it"
        answers[question.id] = defaults[question.id]
    return engine.applicable(ruleset, answers)


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


def run_case_files(paths: list[str], rules: str | None = None) -> int:
    """Run case files and print failures and coverage; 0 when every case passes, 1 otherwise."""
    failures = 0
    total = 0
    for path in paths or [bundled_cases()]:
        case_file, ruleset = load_cases(path, load_ruleset(rules) if rules else None)
        fired_any: set[str] = set()
        levels: set[str] = set()
        answered: set[str] = set()
        for case in case_file.cases:
            total += 1
            result = engine.evaluate(ruleset, case.answers)
            fired_any |= {rule.id for rule in result.fired}
            levels.add(result.level.id)
            answered |= set(result.answers)
            wrong = check(case, result)
            if wrong:
                failures += 1
                actual = ", ".join(rule.id for rule in result.fired) or "none"
                print(Problem(path, case.line, case.col, f"case '{case.id}': {'; '.join(wrong)} (fired: {actual})"))
        print(f"{case_file.path}: {len(case_file.cases)} cases against {ruleset.path}")
        print(coverage(ruleset, fired_any, levels, answered))
    print(f"{total - failures} passed, {failures} failed")
    sys.stdout.flush()
    return 1 if failures else 0


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
