"""Which case files `selfcheck test` runs against which rule file: RULES, --cases, or the file each names."""

from __future__ import annotations

import os

from selfcheck.errors import Problem, SelfcheckError
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.yaml_nodes import Map

# A rule file always has these at its top; a case file never has.
_RULE_FILE_KEYS = frozenset(("questions", "metadata"))


def is_rule_file(path: str) -> bool:
    """Whether a file named as RULES is a rule file. Anything else is taken as a case file, as `selfcheck test
    CASES ...` named them before the rule file was given the same way on every command: such scripts still run,
    and a file that cannot be read says why just as it did."""
    try:
        root = strict_yaml.load(path, keep_going=True).root
    except SelfcheckError:
        return False
    return isinstance(root, Map) and bool(root.entries.keys() & _RULE_FILE_KEYS)


def cases_beside(rules: str) -> str:
    """The case file written for a rule file, beside it: rules/mmn.yaml -> rules/mmn.cases.yaml."""
    stem, ext = os.path.splitext(rules)
    return f"{stem}.cases{ext or '.yaml'}"


Plan = list[tuple[list[str], str | None]]  # (case files, the rule file to run them against or None: their own)


def plan(named: list[str], cases: list[str]) -> Plan:
    """What to run: named RULES (case files among them count as --cases) each with the case file beside it, or
    the --cases files against the one rule file named, or (none named) against the rule file each one names."""
    rule_files = [path for path in named if is_rule_file(path)]
    cases = [path for path in named if path not in rule_files] + cases
    if len(rule_files) > 1 and cases:
        raise SelfcheckError(
            [Problem(rule_files[1], 0, 0, "with --cases, name one rule file (each case file runs against it)")]
        )
    if not rule_files:
        return [(cases, None)]
    if cases:
        return [(cases, rule_files[0])]
    missing = [rules for rules in rule_files if not os.path.lexists(cases_beside(rules))]
    if missing:
        raise SelfcheckError(
            [
                Problem(rules, 0, 0, f"no case file beside it ({cases_beside(rules)}); name one with --cases FILE")
                for rules in missing
            ]
        )
    return [([cases_beside(rules)], rules) for rules in rule_files]
