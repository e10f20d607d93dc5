"""`selfcheck sign`: a clinician's review recorded in the rule file, refused for a file analyze finds errors in."""

from __future__ import annotations

import argparse
import os
import sys

import selfcheck
from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from selfcheck.errors import plural, visible

HELP = "record a clinician's review in the rule file, with a digest of the content reviewed"
DESCRIPTION = (
    "Add a review record (name, role, date and a digest of every text a person reads and "
    "everything that decides a level) to metadata.reviewers, and set last_reviewed. The file's comments "
    "and layout are kept. validate and analyze warn, naming what changed, once the content differs from "
    "what was signed; run tells the person who reviewed it only while it matches."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    parser.add_argument("--name", required=True, help="the reviewer's name, as it should appear")
    parser.add_argument("--role", required=True, help="the reviewer's role, such as 'consultant neurologist'")
    parser.add_argument("--date", metavar="DATE", help="the date of the review, YYYY-MM-DD (default: today)")


def run(args: argparse.Namespace) -> int:
    import datetime

    from selfcheck.rulefile import file_text, sign
    from selfcheck.rulefile.loader import default_rules
    from selfcheck.ui.saving import replace_file

    path = args.file or default_rules()
    installed = os.path.join(os.path.dirname(os.path.abspath(selfcheck.__file__)), "rules")
    if os.path.dirname(os.path.abspath(path)) == installed:
        # The copy pip installed is replaced by the next install: a review recorded there is lost.
        print(
            f"selfcheck sign: {path} is the copy installed with selfcheck; sign the rule file you edit "
            "(name it, or run selfcheck sign in the folder that holds rules/mmn.yaml)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    for option, value in (("--name", args.name), ("--role", args.role)):
        if not sign.one_line(value):  # a usage error, as a bad --date is
            print(f"selfcheck sign: {option} must be one line of text, not '{visible(value)}'", file=sys.stderr)
            return EXIT_USAGE
    date = args.date or sign.today()
    try:
        if datetime.date.fromisoformat(date) > datetime.date.today():
            raise ValueError
        if len(date) != 10:
            raise ValueError
    except ValueError:
        print(
            f"selfcheck sign: --date must be a date like 2026-01-31, not in the future, not '{date}'", file=sys.stderr
        )
        return EXIT_USAGE
    refusal = _unprovable(path)
    if refusal:
        print(refusal, file=sys.stderr)
        return EXIT_PROBLEMS
    text = sign.signed_text(path, file_text.read_text(path), args.name, args.role, date)
    replace_file(path, text)
    print(f"{visible(path)}: signed by {args.name} ({args.role}) on {date}.")
    return EXIT_OK


def _unprovable(path: str) -> str:
    """Why a rule file may not be signed: analyze's errors, listed, so nobody vouches for rules that break them."""
    from selfcheck.analysis import orchestrate
    from selfcheck.rulefile.loader import load_ruleset

    errors = orchestrate.analyze(load_ruleset(path)).errors
    if not errors:
        return ""
    lines = [f.located(path) for f in errors]
    lines.append(
        f"selfcheck sign: {visible(path)} was not signed: selfcheck analyze finds {plural(len(errors), 'error')}; "
        "a review cannot vouch for rules that break their own checks and requirements"
    )
    return "\n".join(lines)
