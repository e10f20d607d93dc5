"""`selfcheck review`: the whole rule file as a document for clinicians (Markdown, HTML or JSON), or every language."""

from __future__ import annotations

import argparse
import shlex
import sys

from selfcheck.cli import limits, options
from selfcheck.cli.error_handler import EXIT_PROBLEMS, EXIT_USAGE
from selfcheck.cli.output import emit, from_name, output_format
from selfcheck.errors import plural, visible

HELP = "the whole rule file as a document for clinicians to review"
FORMATS = ("markdown", "html", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_rule_file(parser)
    options.add_format(
        parser, FORMATS, None, "document format (default: markdown, or what --output FILE's extension says)"
    )
    options.add_output(parser, "document")
    options.add_lang(parser, "language of the texts, or 'all' for every language side by side")
    limits.add_arguments(parser)
    limits.add_method(parser)


def run(args: argparse.Namespace) -> int:
    from selfcheck.render import review
    from selfcheck.render.review_coverage import coverage_of

    given, args.format = args.format, output_format("review", args.format, args.output, FORMATS)
    if args.format is None:
        return EXIT_USAGE
    method = limits.method(args, "review")
    if method is None:
        return EXIT_USAGE
    note = from_name(given, args.output, args.format, "markdown")
    if args.lang == "all":
        from selfcheck.render import review_languages

        first = options.load_rules(args.file)
        rulesets = [first] + [options.load_rules(args.file, lang, tell=False) for lang in first.metadata.languages[1:]]
        return emit(review_languages.render(rulesets, args.format), args.output, args.force, "review", note)
    ruleset = options.load_rules(args.file, args.lang)
    progress = limits.progress()
    try:
        coverage = coverage_of(ruleset, limits.limits(args), progress, method)
    finally:
        if progress is not None:
            progress.done()
    code = emit(review.render(ruleset, args.format, coverage), args.output, args.force, "review", note)
    # The document is still written; but one whose analysis stopped or found errors is not ready to sign.
    if coverage.stopped:
        sys.stdout.flush()
        print(f"{visible(ruleset.path)}: error: {coverage.stopped} [answer-space]", file=sys.stderr)
        return EXIT_PROBLEMS
    errors = [(check, n) for severity, check, n in coverage.findings if severity == "error"]
    if errors:
        sys.stdout.flush()
        counted = ", ".join(f"{check} {n}" for check, n in errors)
        command = f"selfcheck analyze {shlex.quote(visible(ruleset.path))}"
        print(
            f"{visible(ruleset.path)}: error: the review was written, but selfcheck analyze finds "
            f"{plural(sum(n for _, n in errors), 'error')} in this file ({counted}): run `{command}` to see each one",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return code
