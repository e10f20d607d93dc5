"""The command line: argparse, one small function per subcommand, main(argv) -> exit code."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from selfcheck import __version__
from selfcheck.errors import Problem, SelfcheckError

if TYPE_CHECKING:
    from selfcheck.model import RuleSet

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
COMMANDS = ("run", "validate", "test")

EPILOG = """\
examples:
  selfcheck                             answer the questions in the terminal
  selfcheck run --plain                 numbered questions, for screen readers and pipes
  selfcheck run --answers answers.yaml --format json
  selfcheck validate rules/mmn.yaml     check a rule file and list every problem
  selfcheck test                        run the bundled clinical cases

exit codes: 0 ok, 1 problems found or bad input, 2 usage or no terminal, 130 stopped

selfcheck never gives a diagnosis: it says how soon to see a doctor and what to tell them.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfcheck",
        description="A symptom self-check for weakness in the hands, arms, legs or feet: "
        "how soon to see a doctor, and what to tell them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"selfcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="answer the questions and get a recommendation (the default)")
    run.add_argument("--rules", metavar="FILE", help="rule file to use (default: the bundled rules/mmn.yaml)")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="numbered questions read with plain input")
    mode.add_argument("--answers", metavar="FILE", help="take the answers from a YAML or JSON file; ask nothing")
    run.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="result format")
    run.add_argument("--output", metavar="FILE", help="write the result to FILE instead of the screen")
    run.add_argument("--force", action="store_true", help="replace FILE if it exists")
    run.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="use colour (default: auto)")
    run.set_defaults(func=cmd_run)

    validate = sub.add_parser("validate", help="check rule files and list every problem")
    validate.add_argument("files", nargs="*", metavar="FILE", help="rule files (default: the bundled one)")
    validate.set_defaults(func=cmd_validate)

    test = sub.add_parser("test", help="run clinical case files against a rule file")
    test.add_argument("cases", nargs="*", metavar="CASES", help="case files (default: the bundled cases)")
    test.add_argument("--rules", metavar="FILE", help="rule file (default: the one each case file names)")
    test.set_defaults(func=cmd_test)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "run")
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        return int(args.func(args))
    except SelfcheckError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("\nStopped. Nothing was saved.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (for example `| head`); there is nobody left to tell.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
    except Exception as e:  # a bug in selfcheck, not something the user did
        if os.environ.get("SELFCHECK_DEBUG"):
            raise
        print(
            f"selfcheck: internal error ({type(e).__name__}: {e}); please report it. "
            "Set SELFCHECK_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _ruleset(path: str | None) -> RuleSet:
    from selfcheck.loader import bundled_rules, load_ruleset

    return load_ruleset(path or bundled_rules())


def cmd_run(args: argparse.Namespace) -> int:
    from selfcheck import report
    from selfcheck.files import write_new

    ruleset = _ruleset(args.rules)
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 2
    if args.answers:
        from selfcheck.answers import load_answers
        from selfcheck.engine import evaluate

        result = evaluate(ruleset, load_answers(ruleset, args.answers))
    else:
        from selfcheck.plain import PlainRunner
        from selfcheck.session import Session

        try:
            result = PlainRunner(Session(ruleset), width=width).run().result()
        except EOFError:
            print("\nStopped: the input ended before the self-check was finished. Nothing was saved.", file=sys.stderr)
            return EXIT_USAGE
    text = report.render(result, args.format, width)
    if args.output:
        write_new(args.output, text, args.force)
        print(f"Saved the result to {args.output}.")
    else:
        sys.stdout.write(("\n" if not args.answers else "") + text)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from selfcheck.loader import bundled_rules, load_ruleset

    problems: list[Problem] = []
    for path in args.files or [bundled_rules()]:
        try:
            ruleset = load_ruleset(path)
        except SelfcheckError as e:
            problems.extend(e.problems)
            continue
        print(f"{path}: ok ({len(ruleset.questions)} questions, {len(ruleset.rules)} rules)")
    if problems:
        raise SelfcheckError(problems)
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from selfcheck.cases import run_case_files

    return run_case_files(args.cases, args.rules)
