"""`selfcheck explain`: why an answers file gives its result, rule by rule and part by part."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import options
from selfcheck.cli.output import after_result

HELP = "why an answers file gives its result, rule by rule"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", metavar="FILE", required=True, help="answers file (YAML or JSON)")
    options.add_rule_file(parser)
    options.add_format(parser)
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.render import explain

    ruleset = options.load_rules(args.file, args.lang)
    reading = options.load_answers(ruleset, args.answers)
    sys.stdout.write(explain.render(explain.explain(ruleset, reading.answers), args.format))
    return after_result(reading)
