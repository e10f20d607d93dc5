"""`selfcheck validate`: every problem of each rule file, located; translation gaps and unsigned changes as warnings."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_OK
from selfcheck.errors import Problem, SelfcheckError, plural

HELP = "check rule files and list every problem"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(
        parser,
        several=True,
        help="rule files (default: ./rules/mmn.yaml if it exists, else the bundled copy)",
        one_way=True,
    )


def run(args: argparse.Namespace) -> int:
    from selfcheck.rulefile import strict_yaml
    from selfcheck.rulefile.loader import build_ruleset, default_rules, describe_source

    problems: list[Problem] = []
    for path in args.files or [default_rules()]:
        try:
            ruleset = build_ruleset(strict_yaml.load(path, keep_going=True))
        except SelfcheckError as e:
            problems.extend(e.problems)
            continue
        # Missing translations are warnings: the text falls back to the default language, so the file still works.
        warnings = ruleset.translation_gaps + ruleset.content_changes
        for w in warnings:
            print(w._replace(message=f"warning: {w.message}"), file=sys.stderr)
        noted = f", {plural(len(warnings), 'warning')}" if warnings else ""
        counts = f"{len(ruleset.questions)} questions, {len(ruleset.rules)} rules{noted}"
        print(f"{describe_source(ruleset)}: ok ({counts})")
    if problems:
        raise SelfcheckError(problems)
    return EXIT_OK
