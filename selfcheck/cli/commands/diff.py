"""`selfcheck diff OLD NEW`: what changed between two rule files and which answer sets change level."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import limits, options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_PROBLEMS

HELP = "what changed between two rule files and which answer sets change level"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the rule file before the change")
    parser.add_argument("new", metavar="NEW", help="the rule file after the change")
    options.add_format(parser)
    parser.add_argument(
        "--allow-lower", action="store_true", help="do not fail when some answer sets get a lower level"
    )
    limits.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.analysis import diff
    from selfcheck.render.diff import render
    from selfcheck.rulefile.loader import load_ruleset

    old, new = load_ruleset(args.old), load_ruleset(args.new)
    for ruleset in (old, new):
        options.tell_read(ruleset)
    result = diff.diff(old, new, args.allow_lower, limits.limits(args))
    sys.stdout.write(render(result, args.format))
    return EXIT_PROBLEMS if any(f.severity == "error" for f in result.findings) else EXIT_OK
