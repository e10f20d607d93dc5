"""`selfcheck run`: the questions in the terminal (arrow keys or plain), or answers from a file; the result."""

from __future__ import annotations

import argparse
import os
import sys

from selfcheck.cli import options
from selfcheck.cli.error_handler import EXIT_OK, EXIT_USAGE
from selfcheck.cli.output import after_result, from_name, output_format
from selfcheck.errors import SelfcheckError, visible
from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from selfcheck.engine.answers import Reading
    from selfcheck.engine.flow import Result
    from selfcheck.model.ruleset import RuleSet

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
    if args.output is not None:
        from selfcheck.ui.saving import refuse_existing

        # Before the questions or the answers file, not after: nobody should answer them all to be told the
        # file cannot be written.
        refuse_existing(args.output, args.force)
    reading: Reading | None = None
    result: Result | None
    if args.answers:
        from selfcheck.engine.flow import evaluate

        try:
            reading = options.load_answers(ruleset, args.answers)
        except SelfcheckError as e:  # refused, so no advice at all: the person still hears what to do now
            from selfcheck.render.phrases import say

            raise SelfcheckError(e.problems, say(ruleset.language, "no_advice")) from None
        result = evaluate(ruleset, reading.answers)
    else:
        result = ask(ruleset, args, width)
        if result is None:
            return EXIT_USAGE
    text = report.render(result, args.format, width)
    if args.output is not None:
        save(args, text, given)
    elif args.answers:
        sys.stdout.write(text)
    elif args.format != "text":  # another format than the runner's text result: printed after it
        sys.stdout.write("\n" + text)
    return EXIT_OK if reading is None else after_result(reading)


def ask(ruleset: RuleSet, args: argparse.Namespace, width: int) -> Result | None:
    """The questions in the terminal and the text result on screen, always (with --output and --format too).

    None when there is no terminal, or piped input ended before the result (each said on stderr).
    """
    on_screen = args.output is None and args.format == "text"  # the text result is the whole output: offer to save it
    how = run_mode(args.plain, os.environ.get("TERM", ""), sys.stdin.isatty() and sys.stdout.isatty())
    if how == "none":
        print(NO_TERMINAL, file=sys.stderr)
        return None
    if how == "interactive":
        # Imported only here: questionary costs about 150 ms that validate and --answers never pay.
        from selfcheck.ui.arrows import run_interactive

        return run_interactive(ruleset, args.color, offer_save=on_screen)
    from selfcheck.ui.plain import run_plain

    return run_plain(ruleset, width, offer_save=on_screen)


def save(args: argparse.Namespace, text: str, given: str | None) -> None:
    """The result written to --output; when that fails after an answers file, printed instead."""
    from selfcheck.ui.saving import write_new  # only here: tempfile and pathlib cost about 5 ms at start-up

    try:
        write_new(args.output, text, args.force)
    except SelfcheckError:
        if args.answers:  # nothing was shown: the advice is not lost with the file
            sys.stdout.write(text)
        raise
    print(f"Saved the result to {visible(args.output)}{from_name(given, args.output, args.format, 'text')}.")
