"""`selfcheck diagram`: the question flow as Mermaid, Graphviz DOT, or SVG laid out by Graphviz."""

from __future__ import annotations

import argparse
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_USAGE
from selfcheck.cli.output import emit

HELP = "the question flow as a diagram (Mermaid, Graphviz DOT or SVG)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser, help="rule file (default: the bundled one)")
    options.add_format(
        parser, ("mermaid", "dot", "svg"), "mermaid", "diagram format (default: mermaid; svg needs Graphviz's dot)"
    )
    options.add_output(parser, "diagram")
    options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.render import diagram

    ruleset = options.load_rules(args.file, args.lang)
    if args.format != "svg":
        return emit(diagram.render(ruleset, args.format), args.output, args.force, "diagram")
    from selfcheck.render.diagram_svg import layout

    if args.output:
        from selfcheck.ui.saving import refuse_existing

        refuse_existing(args.output, args.force)
    drawn = layout(diagram.render(ruleset, "dot"))
    if drawn.problem:
        print(f"selfcheck diagram: {drawn.problem}; or use --format mermaid or dot.", file=sys.stderr)
        return EXIT_USAGE
    return emit(drawn.svg, args.output, args.force, "diagram")
