"""The command line: argparse, one small function per subcommand, main(argv) -> exit code."""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Callable, Sequence

from selfcheck import __version__
from selfcheck.errors import Problem, SelfcheckError, did_you_mean, plural, visible
from selfcheck.records import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from _typeshed import SupportsWrite

    from selfcheck.answers import Reading
    from selfcheck.engine import Result
    from selfcheck.model import RuleSet

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
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

With no FILE, every command reads rules/mmn.yaml (and rules/mmn.cases.yaml) in the current
folder when it exists, else the copy bundled with selfcheck, and says which file it read.

exit codes: 0 ok, 1 problems found or bad input, 2 usage or no terminal, 130 stopped;
            3 means a bug in selfcheck itself (please report it)

selfcheck never gives a diagnosis: it says how soon to see a doctor and what to tell them.
"""

RULES_HELP = "rule file (default: ./rules/mmn.yaml if it exists, else the bundled copy)"


def terminal_columns(fallback: int = 80) -> int:
    """shutil.get_terminal_size().columns without importing shutil, which costs about 2 ms of every start."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else fallback


class _Help(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal as argparse would make it, found without shutil."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _RawHelp(_Help, argparse.RawDescriptionHelpFormatter):
    """The top-level help: the epilog's examples keep their lines."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and so every command's parser) with the shutil-free help formatter."""

    def __init__(self, *, formatter_class: type[argparse.HelpFormatter] = _Help, **kwargs: Any) -> None:
        super().__init__(formatter_class=formatter_class, **kwargs)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse drops write errors here; selfcheck's error boundary reports them (`--help > /dev/full`).
        if message:
            (file or sys.stderr).write(message)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with only, just that command's parser (the rest cost about 3 ms of every start)."""
    parser = _Parser(
        prog="selfcheck",
        description="A symptom self-check for weakness in the hands, arms, legs or feet: "
        "how soon to see a doctor, and what to tell them.",
        epilog=EPILOG,
        formatter_class=_RawHelp,
    )
    parser.add_argument("-V", "--version", action="version", version=f"selfcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if only in (None, "run"):
        run = sub.add_parser("run", help="answer the questions and get a recommendation (the default)")
        run.add_argument("--rules", metavar="FILE", help=RULES_HELP)
        mode = run.add_mutually_exclusive_group()
        mode.add_argument("--plain", action="store_true", help="numbered questions read with plain input")
        mode.add_argument("--answers", metavar="FILE", help="take the answers from a YAML or JSON file; ask nothing")
        run.add_argument(
            "--format",
            choices=RUN_FORMATS,
            help="result format (fhir: R4 JSON; default: text, or what --output FILE's extension says)",
        )
        _add_lang(run)
        run.add_argument("--output", metavar="FILE", help="write the result to FILE instead of the screen")
        run.add_argument("--force", action="store_true", help="replace FILE if it exists")
        run.add_argument(
            "--color", choices=("auto", "always", "never"), default="auto", help="use colour (default: auto)"
        )
        run.set_defaults(func=cmd_run)

    if only in (None, "validate"):
        validate = sub.add_parser("validate", help="check rule files and list every problem")
        validate.add_argument(
            "files",
            nargs="*",
            metavar="FILE",
            help="rule files (default: ./rules/mmn.yaml if it exists, else the bundled copy)",
        )
        validate.set_defaults(func=cmd_validate)

    if only in (None, "test"):
        test = sub.add_parser("test", help="run clinical case files against a rule file")
        test.add_argument(
            "cases",
            nargs="*",
            metavar="CASES",
            help="case files (default: ./rules/mmn.cases.yaml if it exists, else the bundled cases)",
        )
        test.add_argument(
            "--rules",
            metavar="FILE",
            help="rule file (default: the one each case file names; rules/mmn.yaml here for the bundled cases)",
        )
        test.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
        _add_lang(test)
        test.set_defaults(func=cmd_test)

    if only in (None, "review"):
        review = sub.add_parser("review", help="the whole rule file as a document for clinicians to review")
        review.add_argument("file", nargs="?", metavar="FILE", help=RULES_HELP)
        review.add_argument(
            "--format",
            choices=REVIEW_FORMATS,
            help="document format (default: markdown, or what --output FILE's extension says)",
        )
        review.add_argument("--output", metavar="FILE", help="write the document to FILE instead of the screen")
        review.add_argument("--force", action="store_true", help="replace FILE if it exists")
        review.add_argument(
            "--lang", metavar="CODE", help="language of the texts, or 'all' for every language side by side"
        )
        _add_limits(review)
        review.set_defaults(func=cmd_review)

    if only in (None, "explain"):
        explain = sub.add_parser("explain", help="why an answers file gives its result, rule by rule")
        explain.add_argument("--answers", metavar="FILE", required=True, help="answers file (YAML or JSON)")
        explain.add_argument("--rules", metavar="FILE", help=RULES_HELP)
        explain.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
        _add_lang(explain)
        explain.set_defaults(func=cmd_explain)

    if only in (None, "schema"):
        schema = sub.add_parser("schema", help="print the JSON Schema of rule files (for editors and tools)")
        schema.add_argument("--output", metavar="FILE", help="write the schema to FILE instead of the screen")
        schema.add_argument("--force", action="store_true", help="replace FILE if it exists")
        schema.set_defaults(func=cmd_schema)

    if only in (None, "export"):
        export = sub.add_parser("export", help="the rule file in another format (fhir: an R4 Questionnaire)")
        export.add_argument("file", nargs="?", metavar="FILE", help=RULES_HELP)
        export.add_argument("--format", choices=("fhir",), default="fhir", help="export format (default: fhir)")
        export.add_argument("--output", metavar="FILE", help="write the export to FILE instead of the screen")
        export.add_argument("--force", action="store_true", help="replace FILE if it exists")
        _add_lang(export)
        export.set_defaults(func=cmd_export)

    if only in (None, "analyze"):
        analyze = sub.add_parser("analyze", help="check every answer set a person can give, not a sample")
        analyze.add_argument("file", nargs="?", metavar="FILE", help=RULES_HELP)
        analyze.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
        analyze.add_argument("--today", metavar="DATE", help="check the review date as if today were DATE (YYYY-MM-DD)")
        analyze.add_argument("--verbose", action="store_true", help="list every warning, not only their count by kind")
        _add_limits(analyze)
        analyze.set_defaults(func=cmd_analyze)

    if only in (None, "diff"):
        diff = sub.add_parser("diff", help="what changed between two rule files and which answer sets change level")
        diff.add_argument("old", metavar="OLD", help="the rule file before the change")
        diff.add_argument("new", metavar="NEW", help="the rule file after the change")
        diff.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
        diff.add_argument(
            "--allow-lower", action="store_true", help="do not fail when some answer sets get a lower level"
        )
        _add_limits(diff)
        diff.set_defaults(func=cmd_diff)

    if only in (None, "sign"):
        sign = sub.add_parser(
            "sign",
            help="record a clinician's review in the rule file, with a digest of the content reviewed",
            description="Add a review record (name, role, date and a digest of every text a person reads and "
            "everything that decides a level) to metadata.reviewers, and set last_reviewed. The file's comments "
            "and layout are kept. validate and analyze warn, naming what changed, once the content differs from "
            "what was signed; run tells the person who reviewed it only while it matches.",
        )
        sign.add_argument("file", nargs="?", metavar="FILE", help=RULES_HELP)
        sign.add_argument("--name", required=True, help="the reviewer's name, as it should appear")
        sign.add_argument("--role", required=True, help="the reviewer's role, such as 'consultant neurologist'")
        sign.add_argument("--date", metavar="DATE", help="the date of the review, YYYY-MM-DD (default: today)")
        sign.set_defaults(func=cmd_sign)

    if only in (None, "template"):
        template = sub.add_parser(
            "template",
            help="an answers file to fill in: every question id with its choices, for answers files and cases",
        )
        template.add_argument("file", nargs="?", metavar="FILE", help="rule file (default: the bundled one)")
        template.add_argument("--output", metavar="FILE", help="write the template to FILE instead of the screen")
        template.add_argument("--force", action="store_true", help="replace FILE if it exists")
        _add_lang(template)
        template.set_defaults(func=cmd_template)

    if only in (None, "diagram"):
        diagram = sub.add_parser("diagram", help="the question flow as a diagram (Mermaid, Graphviz DOT or SVG)")
        diagram.add_argument("file", nargs="?", metavar="FILE", help="rule file (default: the bundled one)")
        diagram.add_argument(
            "--format",
            choices=("mermaid", "dot", "svg"),
            default="mermaid",
            help="diagram format (default: mermaid; svg needs Graphviz's dot)",
        )
        diagram.add_argument("--output", metavar="FILE", help="write the diagram to FILE instead of the screen")
        diagram.add_argument("--force", action="store_true", help="replace FILE if it exists")
        _add_lang(diagram)
        diagram.set_defaults(func=cmd_diagram)
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
    parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
    from selfcheck import stopping

    previous = stopping.install()
    try:
        return _dispatch(lambda: _parse_and_run(parser, args_list))
    finally:
        stopping.restore(previous)


def _parse_and_run(parser: argparse.ArgumentParser, args_list: list[str]) -> int:
    try:
        args = parser.parse_args(args_list)
    except SystemExit as e:  # --help, --version or a usage error, already written
        return int(e.code or 0)
    return int(args.func(args))


def _dispatch(command: Callable[[], int]) -> int:
    """Run the command: the one error boundary, so nothing a person causes shows a traceback."""
    from selfcheck import stopping

    if sys.stdout is None:  # started with stdout closed (`>&-`): nowhere to show anything
        print("selfcheck: standard output is closed, so nothing can be shown", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors in ("strict", "surrogateescape"):
        # A terminal that cannot show a character (PYTHONIOENCODING=ascii or LC_ALL=C and Spanish texts, say)
        # gets '?', not an internal error: advice with a few '?' in it is still advice.
        import codecs

        codecs.register_error("selfcheck", _unshowable)
        sys.stdout.reconfigure(errors="selfcheck")
    try:
        code = command()
        sys.stdout.flush()  # here, so a full disk or a closed pipe is met inside this boundary
        return code
    except SelfcheckError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt as e:
        print("\nStopped. Nothing was saved.", file=sys.stderr)
        return stopping.exit_code(e, EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (for example `| head`); there is nobody left to tell.
        _drop_stdout()
        return EXIT_PROBLEMS
    except OSError as e:
        # Every file selfcheck opens names itself in a SelfcheckError; what is left is a standard stream:
        # stdout full (`> /dev/full`) or gone, or the terminal hung up.
        _drop_stdout()
        if e.filename:
            print(f"selfcheck: {visible(str(e.filename))}: {e.strerror or e}", file=sys.stderr)
        elif e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            print(f"selfcheck: cannot write the output: {e.strerror}", file=sys.stderr)
        else:
            print(f"selfcheck: reading the input or writing the output failed: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # a bug in selfcheck, not something the user did
        if os.environ.get("SELFCHECK_DEBUG"):
            raise
        print(
            f"selfcheck: internal error ({type(e).__name__}: {e}); please report it. "
            "Set SELFCHECK_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _unshowable(error: UnicodeError) -> tuple[str | bytes, int]:
    """'?' for a character the output cannot encode; bytes read with surrogateescape are written back as they came."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    if all(0xDC80 <= ord(ch) <= 0xDCFF for ch in chunk):
        return bytes(ord(ch) - 0xDC00 for ch in chunk), error.end
    return "?" * len(chunk), error.end


def _drop_stdout() -> None:
    """Point stdout at /dev/null once it cannot be written, so the final flush cannot fail again at exit."""
    import contextlib

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", metavar="CODE", help="language of the texts, such as es (default: the rule file's own language)"
    )


def _add_limits(parser: argparse.ArgumentParser) -> None:
    from selfcheck import limits

    limits.add_arguments(parser)


def _ruleset(path: str | None, lang: str | None = None, tell: bool = True) -> RuleSet:
    """Load a rule file in a language, telling the person on stderr when texts fall back to the default.

    With tell, a clinician's command also says on stderr which file it read, so nobody signs off a file
    nobody checked.
    """
    from selfcheck.loader import default_rules, describe_source, load_ruleset

    ruleset = load_ruleset(path or default_rules(), lang)
    if tell:
        print(f"selfcheck: read {describe_source(ruleset)}", file=sys.stderr)
    if lang and lang not in ruleset.metadata.languages:
        languages = ", ".join(ruleset.metadata.languages)
        print(
            f"Note: this rule file has no '{visible(lang)}' translation (it has: {languages}); "
            f"showing '{ruleset.language}' instead.",
            file=sys.stderr,
        )
    elif ruleset.missing_translations:
        from selfcheck.words import say

        count = len(ruleset.missing_translations)
        key = "missing_texts_1" if count == 1 else "missing_texts"
        print(say(ruleset.language, key, count=count, code=lang, default=ruleset.metadata.language), file=sys.stderr)
    return ruleset


RUN_FORMATS = ("text", "markdown", "json", "fhir")
REVIEW_FORMATS = ("markdown", "html", "json")
EXTENSION_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json"}
EXTENSION_FORMATS.update({".html": "html", ".htm": "html"})


def output_format(command: str, given: str | None, output: str | None, formats: tuple[str, ...]) -> str | None:
    """The format to write: --format if given, else the one --output's extension names (saying so), else the first.

    None (after telling the person why) when the extension names a format the command cannot write.
    """
    if given or not output:
        return given or formats[0]
    extension = os.path.splitext(output)[1].lower()
    fmt = EXTENSION_FORMATS.get(extension)
    if fmt is None:
        return formats[0]
    if fmt not in formats:
        print(
            f"selfcheck {command}: cannot write {fmt} (from the name {output}); the formats are "
            f"{', '.join(formats)}: choose one with --format",
            file=sys.stderr,
        )
        return None
    return fmt


def from_name(given: str | None, output: str | None, fmt: str, default: str) -> str:
    """What the saved message adds when --output's name chose the format: said once the file is written."""
    return f" in {fmt} (from its name; --format chooses another)" if not given and output and fmt != default else ""


def cmd_run(args: argparse.Namespace) -> int:
    from selfcheck import report

    given, args.format = args.format, output_format("run", args.format, args.output, RUN_FORMATS)
    if args.format is None:
        return EXIT_USAGE
    ruleset = _ruleset(args.rules, args.lang, tell=False)  # the intro names a file that is not the bundled one
    width = report.screen_width(terminal_columns())
    on_screen = args.output is None and args.format == "text"  # the text result, and the offer to save it
    result: Result | None
    reading: Reading | None = None
    if args.answers:
        from selfcheck.engine import evaluate

        reading = _answers(ruleset, args.answers)
        result = evaluate(ruleset, reading.answers)
    else:
        how = run_mode(args.plain, os.environ.get("TERM", ""), sys.stdin.isatty() and sys.stdout.isatty())
        if how == "none":
            print(NO_TERMINAL, file=sys.stderr)
            return EXIT_USAGE
        if args.output is not None:
            from selfcheck.files import refuse_existing

            # Before the questions, not after: nobody should answer them all to be told the file is taken.
            refuse_existing(args.output, args.force)
        if how == "interactive":
            # Imported only here: questionary costs about 150 ms that validate and --answers never pay.
            from selfcheck.runner import run_interactive

            result = run_interactive(ruleset, args.color, offer_save=on_screen)
        else:
            from selfcheck.plain import run_plain

            result = run_plain(ruleset, width, show_result=on_screen)
            if result is None:  # the piped input ended first
                return EXIT_USAGE
    text = report.render(result, args.format, width)
    if args.output is not None:
        from selfcheck.files import write_new  # only here: tempfile and pathlib cost about 5 ms at start-up

        write_new(args.output, text, args.force)
        print(f"Saved the result to {visible(args.output)}{from_name(given, args.output, args.format, 'text')}.")
    elif args.answers:
        sys.stdout.write(text)
    elif not on_screen:  # another format than the runner's text result: printed after it
        sys.stdout.write("\n" + text)
    return EXIT_OK if reading is None else _after_result(reading)


def _answers(ruleset: RuleSet, path: str) -> Reading:
    """An answers file as the flow takes it; refused only when the flow cannot reach a result."""
    from selfcheck.answers import load_answers

    reading = load_answers(ruleset, path)
    if not reading.complete:
        raise SelfcheckError(reading.problems)
    return reading


def _after_result(reading: Reading) -> int:
    """Once the result is out: the answers that were ignored, then the problems; exit 1 if there are any."""
    sys.stdout.flush()
    for warning in reading.warnings:
        print(warning._replace(message=f"warning: {warning.message}"), file=sys.stderr)
    for problem in reading.problems:
        print(problem, file=sys.stderr)
    return EXIT_PROBLEMS if reading.problems else EXIT_OK


NO_TERMINAL = (
    "selfcheck: there is no terminal to ask the questions in. Use `selfcheck run --plain` to answer "
    "numbered questions (for pipes and screen readers), or `selfcheck run --answers FILE` to take the "
    "answers from a file."
)


def run_mode(plain: bool, term: str, terminal: bool) -> str:
    """How to ask: 'plain' when asked for or on a dumb terminal, 'interactive' in a terminal, else 'none'."""
    if plain or term == "dumb":
        return "plain"
    return "interactive" if terminal else "none"


def cmd_validate(args: argparse.Namespace) -> int:
    from selfcheck import yamlfile
    from selfcheck.loader import build_ruleset, default_rules, describe_source

    problems: list[Problem] = []
    for path in args.files or [default_rules()]:
        try:
            ruleset = build_ruleset(yamlfile.load(path, keep_going=True))
        except SelfcheckError as e:
            problems.extend(e.problems)
            continue
        # Missing translations are warnings: the text falls back to the default language, so the file still works.
        warnings = ruleset.translation_gaps + ruleset.content_changes
        for w in warnings:
            print(w._replace(message=f"warning: {w.message}"), file=sys.stderr)
        noted = f", {plural(len(warnings), 'warning')}" if warnings else ""
        counts = f"{len(ruleset.questions)} questions, {len(ruleset.rules)} rules{noted}"
        print(f"{describe_source(ruleset)}: ok ({counts})")
    if problems:
        raise SelfcheckError(problems)
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from selfcheck.cases import run_case_files

    return run_case_files(args.cases, args.rules, args.format, args.lang)


def _emit(text: str, output: str | None, force: bool, what: str, note: str = "") -> int:
    from selfcheck.files import write_new

    if output is not None:
        write_new(output, text, force)
        print(f"Saved the {what} to {visible(output)}{note}.")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from selfcheck import review

    given, args.format = args.format, output_format("review", args.format, args.output, REVIEW_FORMATS)
    if args.format is None:
        return EXIT_USAGE
    note = from_name(given, args.output, args.format, "markdown")
    if args.lang == "all":
        from selfcheck import review_languages

        first = _ruleset(args.file)
        rulesets = [first] + [_ruleset(args.file, lang, tell=False) for lang in first.metadata.languages[1:]]
        return _emit(review_languages.render(rulesets, args.format), args.output, args.force, "review", note)
    from selfcheck import limits

    ruleset = _ruleset(args.file, args.lang)
    progress = limits.progress()
    try:
        coverage = review.coverage_of(ruleset, limits.limits(args), progress)
    finally:
        if progress is not None:
            progress.done()
    code = _emit(review.render(ruleset, args.format, coverage), args.output, args.force, "review", note)
    # The document is still written; but one whose analysis stopped or found errors is not ready to sign.
    if coverage.stopped:
        sys.stdout.flush()
        print(f"{visible(ruleset.path)}: error: {coverage.stopped} [answer-space]", file=sys.stderr)
        return EXIT_PROBLEMS
    errors = [(check, n) for severity, check, n in coverage.findings if severity == "error"]
    if errors:
        sys.stdout.flush()
        counted = ", ".join(f"{check} {n}" for check, n in errors)
        print(
            f"{visible(ruleset.path)}: error: the review was written, but selfcheck analyze finds "
            f"{plural(sum(n for _, n in errors), 'error')} in this file ({counted}): run it for each one",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return code


def cmd_explain(args: argparse.Namespace) -> int:
    from selfcheck import explain

    ruleset = _ruleset(args.rules, args.lang)
    reading = _answers(ruleset, args.answers)
    sys.stdout.write(explain.render(explain.explain(ruleset, reading.answers), args.format))
    return _after_result(reading)


def cmd_schema(args: argparse.Namespace) -> int:
    from selfcheck.schema import schema_text

    return _emit(schema_text(), args.output, args.force, "schema")


def cmd_export(args: argparse.Namespace) -> int:
    from selfcheck.fhir import render_questionnaire

    ruleset = _ruleset(args.file, args.lang)
    return _emit(render_questionnaire(ruleset), args.output, args.force, "Questionnaire")


def cmd_analyze(args: argparse.Namespace) -> int:
    import datetime

    from selfcheck import analysis
    from selfcheck.analysis_report import render
    from selfcheck.loader import default_rules, describe_source, load_ruleset

    today = None
    if args.today:
        try:
            today = datetime.date.fromisoformat(args.today)
        except ValueError:
            print(
                f"selfcheck analyze: --today must be a date like 2026-01-31, not '{visible(args.today)}'",
                file=sys.stderr,
            )
            return EXIT_USAGE
    from selfcheck import limits

    ruleset = load_ruleset(args.file or default_rules())
    print(f"selfcheck: read {describe_source(ruleset)}", file=sys.stderr)
    progress = limits.progress()
    try:
        result = analysis.analyze(ruleset, today, limits=limits.limits(args), progress=progress)
    finally:
        if progress is not None:
            progress.done()
    from selfcheck import review

    review.remember(ruleset, result, today)  # so a review of this file today need not walk it again
    sys.stdout.write(render(result, ruleset, args.format, verbose=args.verbose))
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from selfcheck import diff
    from selfcheck.loader import describe_source, load_ruleset

    old, new = load_ruleset(args.old), load_ruleset(args.new)
    for ruleset in (old, new):
        print(f"selfcheck: read {describe_source(ruleset)}", file=sys.stderr)
    from selfcheck import limits

    result = diff.diff(old, new, args.allow_lower, limits.limits(args))
    sys.stdout.write(diff.render(result, args.format))
    return EXIT_PROBLEMS if any(f.severity == "error" for f in result.findings) else EXIT_OK


def cmd_sign(args: argparse.Namespace) -> int:
    import datetime

    from selfcheck import sign, yamlfile
    from selfcheck.files import replace_file
    from selfcheck.loader import default_rules

    path = args.file or default_rules()
    if os.path.dirname(os.path.abspath(path)) == os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules"):
        # The copy pip installed is replaced by the next install: a review recorded there is lost.
        print(
            f"selfcheck sign: {path} is the copy installed with selfcheck; sign the rule file you edit "
            "(name it, or run selfcheck sign in the folder that holds rules/mmn.yaml)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    date = args.date or sign.today()
    try:
        if datetime.date.fromisoformat(date) > datetime.date.today():
            raise ValueError
        if len(date) != 10:
            raise ValueError
    except ValueError:
        print(
            f"selfcheck sign: --date must be a date like 2026-01-31, not in the future, not '{date}'", file=sys.stderr
        )
        return EXIT_USAGE
    refusal = _unprovable(path)
    if refusal:
        print(refusal, file=sys.stderr)
        return EXIT_PROBLEMS
    text = sign.signed_text(path, yamlfile.read_text(path), args.name, args.role, date)
    replace_file(path, text)
    print(f"{visible(path)}: signed by {args.name} ({args.role}) on {date}.")
    return EXIT_OK


def _unprovable(path: str) -> str:
    """Why a rule file may not be signed: analyze's errors, listed, so nobody vouches for rules that break them."""
    from selfcheck import analysis
    from selfcheck.loader import load_ruleset

    errors = analysis.analyze(load_ruleset(path)).errors
    if not errors:
        return ""
    lines = [f.located(path) for f in errors]
    lines.append(
        f"selfcheck sign: {visible(path)} was not signed: selfcheck analyze finds {plural(len(errors), 'error')}; "
        "a review cannot vouch for rules that break their own checks and requirements"
    )
    return "\n".join(lines)


def cmd_template(args: argparse.Namespace) -> int:
    from selfcheck.review import shown_path
    from selfcheck.template import answers_template

    ruleset = _ruleset(args.file, args.lang)
    return _emit(answers_template(ruleset, shown_path(ruleset)), args.output, args.force, "answers template")


def cmd_diagram(args: argparse.Namespace) -> int:
    from selfcheck import diagram

    ruleset = _ruleset(args.file, args.lang)
    if args.format != "svg":
        return _emit(diagram.render(ruleset, args.format), args.output, args.force, "diagram")
    from selfcheck.diagram_svg import layout

    if args.output:
        from selfcheck.files import refuse_existing

        refuse_existing(args.output, args.force)
    drawn = layout(diagram.render(ruleset, "dot"))
    if drawn.problem:
        print(f"selfcheck diagram: {drawn.problem}; or use --format mermaid or dot.", file=sys.stderr)
        return EXIT_USAGE
    return _emit(drawn.svg, args.output, args.force, "diagram")
