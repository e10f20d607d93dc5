"""Texts from a rule file made literal for each output: Markdown, HTML, XHTML; control characters found."""

from __future__ import annotations

import functools
import re

# Control characters a person-facing text may not hold: C0 but tab and line feed, DEL and C1. A terminal
# obeys them (ESC starts an escape sequence, CR overwrites the line), and XML refuses them.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#~"})


# The two patterns below are compiled when first used: every start-up imports this module for CONTROL (the
# loader checks texts with it), and compiling them cost 0.4 ms that `validate` and `run` never use.
@functools.cache
def _md_line_start() -> re.Pattern[str]:
    """What makes a line a list item, a quote, a heading underline or a numbered item when it starts one."""
    return re.compile(r"^(?:([-+=])|\d+([.)]))(?=[-+=\s]|$)")


@functools.cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 does not allow at all, escaped or not."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def md(text: str) -> str:
    """Text as literal Markdown on one line: HTML, links, images and emphasis escaped, line breaks folded."""
    flat = " ".join(text.split()).translate(_MD_SPECIAL)
    # The backslash goes before the punctuation: before a digit it would not be an escape.
    return _md_line_start().sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], flat)


def html_text(text: str) -> str:
    """Text for HTML, in an element or a quoted attribute: &, <, >, " and ' escaped."""
    import html

    return html.escape(text, quote=True)


def xml_text(text: str) -> str:
    """Text for XHTML (a FHIR narrative): markup escaped, and characters XML refuses replaced by U+FFFD."""
    import html

    return html.escape(_not_xml().sub("\ufffd", text), quote=True)
