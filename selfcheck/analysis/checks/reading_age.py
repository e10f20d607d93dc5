"""Texts a person reads in a result should read at about school grade 6 to 7 (Flesch-Kincaid): a warning."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis import wording
from selfcheck.analysis.checks.wording import result_texts
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding

ID = "reading-age"
FAMILY = ""
WALKS = False


def check(ctx: Context) -> Iterator[Finding]:
    for what, text, path in result_texts(ctx.ruleset):
        grade = wording.reading_grade(text)
        # A grade means little for a label or a text of a few words.
        if grade > wording.MAX_GRADE and len(text.split()) >= wording.MIN_WORDS:
            line, col = ctx.where.at(*path)
            message = (
                f"{what} reads at school grade {grade:.1f} (Flesch-Kincaid); aim for about 6 to 7 "
                "(reading age 11 to 12): use shorter sentences and words"
            )
            yield Finding("warning", ID, message, line, col)
