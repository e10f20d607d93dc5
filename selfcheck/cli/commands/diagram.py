"""`selfcheck diagram`: the question flow as Mermaid, Graphviz DOT, or SVG laid out by Graphviz."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_USAGE
from selfcheck.cli.output import emit, from_name, output_format

HELP = "the question flow as a diagram (Mermaid, Graphviz DOT or SVG)"
FORMATS = ("mermaid", "dot", "svg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    options.add_format(
        parser,
        FORMATS,
        None,
        "diagram format (default: mermaid, or what --output FILE's extension says; svg needs Graphviz's dot)",
    )
    options.add_output(parser, "diagram")
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.render import diagram_text

    given, args.format = args.format, output_format("diagram", args.format, args.output, FORMATS)
    if args.format is None:
        return EXIT_USAGE
    note = from_name(given, args.output, args.format, "mermaid")
    ruleset = options.load_rules(args.file, args.lang)
    if args.format != "svg":
        return emit(diagram_text.render(ruleset, args.format), args.output, args.force, "diagram", note)
    from selfcheck.render.diagram_svg import layout

    if args.output:
        from selfcheck.ui.saving import refuse_existing

        refuse_existing(args.output, args.force)
    drawn = layout(diagram_text.render(ruleset, "dot"))
    if drawn.problem:
        print(f"selfcheck diagram: {drawn.problem}; or use --format mermaid or dot.", file=sys.stderr)
        return EXIT_USAGE
    return emit(drawn.svg, args.output, args.force, "diagram", note)
