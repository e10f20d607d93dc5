"""`selfcheck schema`: the JSON Schema of rule files, for editors and tools."""

from __future__ import annotations

import argparse

from selfcheck.cli import options
from selfcheck.cli.output import emit

HELP = "print the JSON Schema of rule files (for editors and tools)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_output(parser, "schema")


def run(args: argparse.Namespace) -> int:
    from selfcheck.rulefile.schema import schema_text

    return emit(schema_text(), args.output, args.force, "schema")
