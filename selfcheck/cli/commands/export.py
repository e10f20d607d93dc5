"""`selfcheck export`: the rule file as a FHIR R4 Questionnaire."""

from __future__ import annotations

import argparse
import os
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_USAGE
from selfcheck.cli.output import emit
from selfcheck.errors import visible

HELP = "the rule file in another format (fhir: an R4 Questionnaire)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    options.add_format(parser, ("fhir",), None, "export format (default: fhir, R4 JSON)")
    options.add_output(parser, "export")
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.interop.fhir.questionnaire import render_questionnaire

    # The Questionnaire is JSON: a file named .json (or without an extension) takes it; .xml or .txt is refused.
    extension = os.path.splitext(args.output or "")[1].lower()
    if args.format is None and extension not in ("", ".json"):
        print(
            f"selfcheck export: the Questionnaire is FHIR JSON, not what the name {visible(args.output or '')} says: "
            "name the file .json, or give --format fhir to write JSON there anyway",
            file=sys.stderr,
        )
        return EXIT_USAGE
    ruleset = options.load_rules(args.file, args.lang)
    return emit(render_questionnaire(ruleset), args.output, args.force, "Questionnaire")
