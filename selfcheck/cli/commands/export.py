"""`selfcheck export`: the rule file as a FHIR R4 Questionnaire."""

from __future__ import annotations

import argparse

from selfcheck.cli import options
from selfcheck.cli.output import emit

HELP = "the rule file in another format (fhir: an R4 Questionnaire)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    options.add_format(parser, ("fhir",), "fhir", "export format (default: fhir)")
    options.add_output(parser, "export")
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.interop.fhir.questionnaire import render_questionnaire

    ruleset = options.load_rules(args.file, args.lang)
    return emit(render_questionnaire(ruleset), args.output, args.force, "Questionnaire")
