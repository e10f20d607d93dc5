"""`selfcheck analyze`: every answer set a person can give checked, not a sample; exit 1 on any error."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import limits, options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from selfcheck.errors import visible

HELP = "check every answer set a person can give, not a sample"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    options.add_format(parser)
    parser.add_argument("--today", metavar="DATE", help="check the review date as if today were DATE (YYYY-MM-DD)")
    parser.add_argument("--verbose", action="store_true", help="list every warning, not only their count by kind")
    limits.add_arguments(parser)
    limits.add_method(parser)


def run(args: argparse.Namespace) -> int:
    import datetime

    from selfcheck.analysis import orchestrate
    from selfcheck.render.findings import render
    from selfcheck.rulefile.loader import default_rules, load_ruleset

    today = None
    if args.today:
        try:
            today = datetime.date.fromisoformat(args.today)
        except ValueError:
            print(
                f"selfcheck analyze: --today must be a date like 2026-01-31, not '{visible(args.today)}'",
                file=sys.stderr,
            )
            return EXIT_USAGE
    method = limits.method(args, "analyze")
    if method is None:
        return EXIT_USAGE
    ruleset = load_ruleset(args.file or default_rules())
    options.tell_read(ruleset)
    progress = limits.progress()
    try:
        result = orchestrate.analyze(ruleset, today, limits=limits.limits(args), progress=progress, method=method)
    finally:
        if progress is not None:
            progress.done()
    from selfcheck.render.review_coverage import remember

    remember(ruleset, result, today)  # so a review of this file today need not walk it again
    sys.stdout.write(render(result, ruleset, args.format, verbose=args.verbose))
    return EXIT_PROBLEMS if result.errors else EXIT_OK
