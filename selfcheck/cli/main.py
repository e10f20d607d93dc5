"""The command line: main(argv) -> exit code; only the named command's module and parser are loaded."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from selfcheck import __version__
from selfcheck.cli.error_handler import EXIT_USAGE, handled
from selfcheck.cli.options import Parser, RawHelp
from selfcheck.errors import did_you_mean, visible

# Each is a module of selfcheck.cli.commands with HELP, add_arguments(parser), run(args) and maybe DESCRIPTION.
COMMANDS = (
    "run",
    "validate",
    "test",
    "review",
    "explain",
    "schema",
    "export",
    "analyze",
    "diff",
    "sign",
    "template",
    "diagram",
)

EPILOG = """\
examples:
  selfcheck                             answer the questions in the terminal
  selfcheck run --plain                 numbered questions, for screen readers and pipes
  selfcheck run --answers answers.yaml --format json
  selfcheck validate my-rules.yaml      check a rule file and list every problem
  selfcheck test                        run the clinical cases
  selfcheck review --format html --output review.html
  selfcheck explain --answers answers.yaml   why those answers give their result
  selfcheck template --output answers.yaml   an answers file to fill in, every question and choice
  selfcheck analyze                     check every answer set a person can give
  selfcheck diff old.yaml new.yaml      what a change does to every answer set's level
  selfcheck sign rules/mmn.yaml --name "Dr A. Jones" --role "consultant neurologist"
  selfcheck diagram --format svg --output flow.svg   the question flow as a picture

Every command names its rule file as RULES (diff: OLD NEW). With no RULES, every command reads
rules/mmn.yaml (and rules/mmn.cases.yaml) in the current folder when it exists, else the copy
bundled with selfcheck, and says which file it read.

exit codes: 0 ok, 1 problems found or bad input, 2 usage or no terminal, 130 stopped;
            3 means a bug in selfcheck itself (please report it)

selfcheck never gives a diagnosis: it says how soon to see a doctor and what to tell them.
"""


def command_parser(name: str) -> argparse.ArgumentParser:
    """One command's parser on its own (`selfcheck NAME`), so its usage errors show its own usage."""
    command = importlib.import_module(f"selfcheck.cli.commands.{name}")
    parser = Parser(prog=f"selfcheck {name}", description=getattr(command, "DESCRIPTION", None))
    command.add_arguments(parser)
    parser.set_defaults(func=command.run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every command under it: for `selfcheck --help`, `--version` and tools."""
    parser = Parser(
        prog="selfcheck",
        description="A symptom self-check for weakness in the hands, arms, legs or feet: "
        "how soon to see a doctor, and what to tell them.",
        epilog=EPILOG,
        formatter_class=RawHelp,
    )
    parser.add_argument("-V", "--version", action="version", version=f"selfcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        command = importlib.import_module(f"selfcheck.cli.commands.{name}")
        each = sub.add_parser(name, help=command.HELP, description=getattr(command, "DESCRIPTION", None))
        command.add_arguments(each)
        each.set_defaults(func=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Started with stdin or stderr closed (`<&-`, `2>&-`): read an empty input, write nowhere, never crash.
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and not args_list[0].startswith("-") and args_list[0] not in COMMANDS:
        known = ", ".join(COMMANDS)
        print(
            f"selfcheck: unknown command '{visible(args_list[0])}'{did_you_mean(args_list[0], COMMANDS)}; "
            f"the commands are {known} (see selfcheck --help)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "-V", "--version")):
        args_list.insert(0, "run")
    if args_list[0] in COMMANDS:
        parser, rest = command_parser(args_list[0]), args_list[1:]
    else:
        parser, rest = build_parser(), args_list
    from selfcheck.model.records import FewerCollections
    from selfcheck.ui import stopping

    previous = stopping.install()
    try:
        with FewerCollections(at_exit=argv is None):  # argv None: this is selfcheck's own process
            return handled(lambda: _parse_and_run(parser, rest))
    finally:
        stopping.restore(previous)


def _parse_and_run(parser: argparse.ArgumentParser, args_list: list[str]) -> int:
    try:
        args = parser.parse_args(args_list)
    except SystemExit as e:  # --help, --version or a usage error, already written
        return int(e.code or 0)
    return int(args.func(args))
