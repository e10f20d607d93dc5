"""`selfcheck test`: clinical case files run against a rule file, each failure with expected and actual results."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_PROBLEMS

HELP = "run clinical case files against a rule file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "cases",
        nargs="*",
        metavar="CASES",
        help="case files (default: ./rules/mmn.cases.yaml if it exists, else the bundled cases)",
    )
    options.add_rule_file(
        parser, "option", "rule file (default: the one each case file names; rules/mmn.yaml here for the bundled cases)"
    )
    options.add_format(parser)
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.cases.casefile import render_json, render_text, run_case_files

    runs = run_case_files(args.cases, args.file, args.lang)
    sys.stdout.write(render_json(runs) if args.format == "json" else render_text(runs))
    return EXIT_PROBLEMS if any(run.failures for run in runs) else EXIT_OK
