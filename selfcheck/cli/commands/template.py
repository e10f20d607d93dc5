"""`selfcheck template`: an answers file to fill in, every question id with its choices."""

from __future__ import annotations

import argparse

from selfcheck.cli import options
from selfcheck.cli.output import emit

HELP = "an answers file to fill in: every question id with its choices, for answers files and cases"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    options.add_output(parser, "template")
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.render.review_document import shown_path
    from selfcheck.render.template import answers_template

    ruleset = options.load_rules(args.file, args.lang)
    return emit(answers_template(ruleset, shown_path(ruleset)), args.output, args.force, "answers template")
