"""`selfcheck run`: the questions in the terminal (arrow keys or plain), or answers from a file; the result."""

from __future__ import annotations

import argparse
import os
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_USAGE
from selfcheck.cli.output import after_result, from_name, output_format
from selfcheck.errors import visible
from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from selfcheck.engine.answers import Reading
    from selfcheck.engine.flow import Result

HELP = "answer the questions and get a recommendation (the default)"
FORMATS = ("text", "markdown", "json", "fhir")

NO_TERMINAL = (
    "selfcheck: there is no terminal to ask the questions in. Use `selfcheck run --plain` to answer "
    "numbered questions (for pipes and screen readers), or `selfcheck run --answers FILE` to take the "
    "answers from a file."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="numbered questions read with plain input")
    mode.add_argument("--answers", metavar="FILE", help="take the answers from a YAML or JSON file; ask nothing")
    options.add_format(
        parser, FORMATS, None, "result format (fhir: R4 JSON; default: text, or what --output FILE's extension says)"
    )
    options.add_lang(parser)
    options.add_output(parser, "result")
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="use colour (default: auto)"
    )


def run_mode(plain: bool, term: str, terminal: bool) -> str:
    """How to ask: 'plain' when asked for or on a dumb terminal, 'interactive' in a terminal, else 'none'."""
    if plain or term == "dumb":
        return "plain"
    return "interactive" if terminal else "none"


def run(args: argparse.Namespace) -> int:
    from selfcheck.render import report

    given, args.format = args.format, output_format("run", args.format, args.output, FORMATS)
    if args.format is None:
        return EXIT_USAGE
    ruleset = options.load_rules(args.file, args.lang, tell=False)  # the intro names a file that is not bundled
    width = report.screen_width(options.terminal_columns())
    on_screen = args.output is None and args.format == "text"  # the text result, and the offer to save it
    result: Result | None
    reading: Reading | None = None
    if args.answers:
        from selfcheck.engine.flow import evaluate

        reading = options.load_answers(ruleset, args.answers)
        result = evaluate(ruleset, reading.answers)
    else:
        how = run_mode(args.plain, os.environ.get("TERM", ""), sys.stdin.isatty() and sys.stdout.isatty())
        if how == "none":
            print(NO_TERMINAL, file=sys.stderr)
            return EXIT_USAGE
        if args.output is not None:
            from selfcheck.ui.saving import refuse_existing

            # Before the questions, not after: nobody should answer them all to be told the file is taken.
            refuse_existing(args.output, args.force)
        if how == "interactive":
            # Imported only here: questionary costs about 150 ms that validate and --answers never pay.
            from selfcheck.ui.arrows import run_interactive

            result = run_interactive(ruleset, args.color, offer_save=on_screen)
        else:
            from selfcheck.ui.plain import run_plain

            result = run_plain(ruleset, width, show_result=on_screen)
            if result is None:  # the piped input ended first
                return EXIT_USAGE
    text = report.render(result, args.format, width)
    if args.output is not None:
        from selfcheck.ui.saving import write_new  # only here: tempfile and pathlib cost about 5 ms at start-up

        write_new(args.output, text, args.force)
        print(f"Saved the result to {visible(args.output)}{from_name(given, args.output, args.format, 'text')}.")
    elif args.answers:
        sys.stdout.write(text)
    elif not on_screen:  # another format than the runner's text result: printed after it
        sys.stdout.write("\n" + text)
    return EXIT_OK if reading is None else after_result(reading)
