"""`selfcheck template`: an answers file to fill in, every question with its id, choices and when it is asked."""

from __future__ import annotations

import textwrap

from selfcheck.model.english import english
from selfcheck.model.ruleset import RuleSet

WIDTH = 100


def _comment(text: str, indent: str = "") -> list[str]:
    """Text as comment lines of at most WIDTH characters."""
    lines = textwrap.wrap(" ".join(text.split()), WIDTH - 2, initial_indent=indent, subsequent_indent=indent + "  ")
    return [f"# {line}" for line in lines]


def answers_template(ruleset: RuleSet, name: str) -> str:
    """A YAML answers file with every question left blank and its choices in comments above it.

    Loaded as it is, each blank is reported with its place, so nothing can be left out by mistake.
    """
    m = ruleset.metadata
    out = [
        f"# Answers for {m.id} version {m.version}, written by `selfcheck template`",
        f"# from {name}.",
        "# Every question is listed in the order it is asked. After each id write the id of one",
        "# choice; a question marked 'tick all that apply' takes a list, such as [hand, foot].",
        "# A question asked only under a condition is commented out: remove the '# ' in front of it",
        "# when its condition holds for your answers, and leave it out otherwise.",
        "# Use it with `selfcheck run --answers FILE` or `selfcheck explain --answers FILE`, or copy",
        "# the lines into the answers of a case in a case file (`selfcheck test`).",
    ]
    section = None
    for number, q in enumerate(ruleset.questions, 1):
        if q.section != section:
            section = q.section
            out += ["", *_comment(f"---- {q.section} ----")]
        kind = {"multiple": "tick all that apply", "single": "one answer", "yesno": "one answer"}[q.type]
        out += ["", *_comment(f"{number}. {q.text} ({kind})")]
        if q.ask_if is not None:
            out += _comment(f"Asked only if {english(ruleset, q.ask_if)}.", "   ")
        for c in q.choices:
            only = " (only on its own)" if c.exclusive else ""
            out += _comment(f"{c.id}: {c.label}{only}", "   ")
        out.append(f"{'# ' if q.ask_if is not None else ''}{q.id}:")
    return "\n".join(out) + "\n"
