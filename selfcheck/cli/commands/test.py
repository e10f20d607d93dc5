"""`selfcheck test`: clinical case files run against a rule file, each failure with expected and actual results."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_PROBLEMS

HELP = "run clinical case files against a rule file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(
        parser,
        several=True,
        help="rule files, each tested with the case file beside it (rules/x.yaml: rules/x.cases.yaml); "
        "default: the cases in ./rules/mmn.cases.yaml if it exists, else the bundled cases",
    )
    parser.add_argument(
        "--cases",
        action="append",
        default=[],
        metavar="FILE",
        help="a case file to run instead, against RULES or else the rule file it names (again for more)",
    )
    options.add_format(parser)
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.cases.casefile import render_json, render_text, run_case_files
    from selfcheck.cases.selection import plan

    runs = [
        run for cases, rules in plan(args.files or [], args.cases) for run in run_case_files(cases, rules, args.lang)
    ]
    sys.stdout.write(render_json(runs) if args.format == "json" else render_text(runs))
    return EXIT_PROBLEMS if any(run.failures for run in runs) else EXIT_OK
