"""Options every command shares, defined once: the rule file, --lang, --format, --output/--force, "read PATH"."""

from __future__ import annotations

import argparse
import os
import sys

from selfcheck.errors import SelfcheckError, visible
from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from _typeshed import SupportsWrite

    from selfcheck.engine.answers import Reading
    from selfcheck.model.ruleset import RuleSet

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


class Help(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal as argparse would make it, found without shutil."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class RawHelp(Help, argparse.RawDescriptionHelpFormatter):
    """The top-level help: the epilog's examples keep their lines."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser (and so every command's parser) with the shutil-free help formatter."""

    def __init__(self, *, formatter_class: type[argparse.HelpFormatter] = Help, **kwargs: Any) -> None:
        super().__init__(formatter_class=formatter_class, **kwargs)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse drops write errors here; selfcheck's error boundary reports them (`--help > /dev/full`).
        if message:
            (file or sys.stderr).write(message)


class _RuleFile(argparse.Action):
    """The rule file as RULES, or as `--rules FILE` (kept, hidden, so older scripts still work): one value in args."""

    def __init__(self, *args: Any, several: bool = False, one_way: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.several = several
        self.one_way = one_way  # several rule files, named all as RULES or all with --rules

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: Any = None
    ) -> None:
        given = [values] if isinstance(values, str) else list(values or ())
        before = getattr(namespace, self.dest, None)
        if self.several:
            # One way of naming them: `validate m.yaml --rules m.yaml` would check the file twice.
            form, seen = ("--rules" if option_string else "RULES"), getattr(namespace, "rules_named_as", "")
            if self.one_way and given and seen and seen != form:
                parser.error("the rule files are named both as RULES and with --rules; name them all as RULES")
            if given:
                namespace.rules_named_as = form
            setattr(namespace, self.dest, [*(before or ()), *given])
        elif given and before is not None:
            parser.error("the rule file is named twice (RULES and --rules); name it once")
        elif given:
            setattr(namespace, self.dest, given[0])


def add_rule_file(
    parser: argparse.ArgumentParser, several: bool = False, help: str = RULES_HELP, one_way: bool = False
) -> None:
    """The rule file a command reads, given the same way on every command: RULES, optional (args.file), or with
    several, RULES ... (args.files). `--rules FILE`, how run, explain and test once took it, still works; with
    one_way, several files are named all one way or the other (`test` names case files as RULES after --rules)."""
    dest = "files" if several else "file"
    nargs = "*" if several else "?"
    how: dict[str, Any] = {"action": _RuleFile, "several": several, "one_way": one_way}
    parser.add_argument(dest, nargs=nargs, metavar="RULES", help=help, **how)
    parser.add_argument("--rules", metavar="FILE", dest=dest, help=argparse.SUPPRESS, **how)


def add_lang(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help=help or "language of the texts, such as es (default: the rule file's own language)",
    )


def add_format(
    parser: argparse.ArgumentParser,
    choices: tuple[str, ...] = ("text", "json"),
    default: str | None = "text",
    help: str = "output format (default: text)",
) -> None:
    parser.add_argument("--format", choices=choices, default=default, help=help)


def add_output(parser: argparse.ArgumentParser, what: str) -> None:
    """--output FILE and --force: every command that writes a file writes it the same way (cli.output.emit)."""
    parser.add_argument("--output", metavar="FILE", help=f"write the {what} to FILE instead of the screen")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def tell_read(ruleset: RuleSet) -> None:
    """The one place that says which rule file a command read, so nobody signs off a file nobody checked."""
    from selfcheck.rulefile.loader import describe_source

    print(f"selfcheck: read {describe_source(ruleset)}", file=sys.stderr)


def load_rules(path: str | None, lang: str | None = None, tell: bool = True) -> RuleSet:
    """Load a rule file in a language, telling the person on stderr when texts fall back to the default.

    With tell, a clinician's command also says on stderr which file it read.
    """
    from selfcheck.rulefile.loader import default_rules, load_ruleset

    ruleset = load_ruleset(path or default_rules(), lang)
    if tell:
        tell_read(ruleset)
    if lang and lang not in ruleset.metadata.languages:
        languages = ", ".join(ruleset.metadata.languages)
        print(
            f"Note: this rule file has no '{visible(lang)}' translation (it has: {languages}); "
            f"showing '{ruleset.language}' instead.",
            file=sys.stderr,
        )
    elif ruleset.missing_translations:
        from selfcheck.render.phrases import say

        count = len(ruleset.missing_translations)
        key = "missing_texts_1" if count == 1 else "missing_texts"
        print(say(ruleset.language, key, count=count, code=lang, default=ruleset.metadata.language), file=sys.stderr)
    return ruleset


def load_answers(ruleset: RuleSet, path: str) -> Reading:
    """An answers file, or a FHIR QuestionnaireResponse (JSON) for this rule file, as the flow takes it; refused
    only when the flow cannot reach a result."""
    from selfcheck.engine.answers import load_answers as read

    text = _response_text(path)
    if text is None:
        reading = read(ruleset, path)
    else:
        from selfcheck.interop.fhir.importing import read_response

        reading = read_response(ruleset, text, path)
    if not reading.complete:
        raise SelfcheckError(reading.problems)
    return reading


def _response_text(path: str) -> str | None:
    """The text of a .json file that names a resourceType, as a QuestionnaireResponse does (what `run --format
    fhir` writes and form fillers send), else None: an answers file, read as one.

    A look for the key's name, not json.loads: importing json would add about 1.5 ms to every `run --answers`
    (bench/startup_ab.py). No answers file holds it (no question id or choice id is 'resourceType'), and
    read_response refuses, with its place, a file that names another resourceType.
    """
    from selfcheck.engine.answers import MAX_ANSWERS_BYTES
    from selfcheck.rulefile.file_text import read_text

    if not path.endswith(".json"):
        return None
    try:
        text = read_text(path, MAX_ANSWERS_BYTES)
    except SelfcheckError:  # the answers reader says so, with its place
        return None
    return text if '"resourceType"' in text else None
