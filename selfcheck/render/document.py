"""A small immutable document (headings, paragraphs, lists, tables, notes) that the Markdown and HTML back ends write.

A document is built once (selfcheck.render.review_blocks) and written by selfcheck.render.document_markdown and
selfcheck.render.document_html, which escape every text in one place (selfcheck.escape). In the text of a block a
plain `str` is text from the rule file, escaped for the back end (in Markdown also folded onto one line);
selfcheck's own words are `Words`, written as they are in Markdown (they may hold Markdown) and escaped in HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selfcheck.render.diagram import Flow


@dataclass(frozen=True)
class Words:
    """selfcheck's own words: as they are in Markdown, escaped in HTML."""

    text: str


@dataclass(frozen=True)
class Code:
    """An identifier, a condition or a command, in a monospace font; style is the page's class for it."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    text: Text


@dataclass(frozen=True)
class Remark:
    """A remark of selfcheck's on a text: italic on the page, plain in Markdown."""

    text: str


@dataclass(frozen=True)
class Span:
    """Text the page styles (style is its class); plain in Markdown."""

    text: str
    style: str


@dataclass(frozen=True)
class Link:
    """A link: to a web address (external), or to an Anchor in the document ('#name')."""

    href: str
    text: str
    external: bool = False


@dataclass(frozen=True)
class Anchor:
    """Text that links in the document lead to, by name."""

    name: str
    text: str


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph or a table cell."""


Inline = str | Words | Code | Strong | Remark | Span | Link | Anchor | Break
Text = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for the title, 2 for a section, 3 and 4 below
    text: Text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; style "asked" is the one a reader must not miss (bold), other styles are the page's classes."""

    text: Text
    style: str = ""


@dataclass(frozen=True)
class Lines:
    """Short statements, one a line in Markdown (one paragraph) and one paragraph each on the page."""

    lines: tuple[Text, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; row_styles (the page's class per row) and style (the table's) may be empty."""

    head: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    row_styles: tuple[str, ...] = ()
    style: str = ""


@dataclass(frozen=True)
class Form:
    """A table to fill in by hand: the header and one empty row."""

    head: tuple[str, ...]
    style: str = ""


@dataclass(frozen=True)
class Diagram:
    """The question flow: Mermaid text in Markdown, laid out by Graphviz on the page."""

    flow: Flow
    title: str


@dataclass(frozen=True)
class Group:
    """Blocks that belong together (a question, the sign-off): kept on one printed page; style is its class."""

    blocks: tuple[Block, ...]
    style: str


@dataclass(frozen=True)
class PerFormat:
    """The same content laid out for each back end: for where a printed page needs another shape than a text
    table (the rules in fewer, taller columns)."""

    markdown: tuple[Block, ...]
    html: tuple[Block, ...]


Block = Heading | Paragraph | Lines | Bullets | Table | Form | Diagram | Group | PerFormat


@dataclass(frozen=True)
class Document:
    title: str  # the page's title, plain text from the rule file
    language: str
    blocks: tuple[Block, ...]
