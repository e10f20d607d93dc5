"""The Markdown back end of the document model (selfcheck.render.document): blocks apart by one blank line."""

from __future__ import annotations

import re

from selfcheck.escape import md
from selfcheck.render import diagram_text
from selfcheck.render.document import (
    Anchor,
    Block,
    Break,
    Bullets,
    Code,
    Diagram,
    Document,
    Form,
    Group,
    Heading,
    Inline,
    Lines,
    Link,
    Paragraph,
    Remark,
    Span,
    Strong,
    Table,
    Text,
    Words,
)


def render(document: Document) -> str:
    return "\n\n".join(block(b) for b in document.blocks) + "\n"


def block(b: Block) -> str:
    if isinstance(b, Heading):
        return "#" * b.level + " " + inline(b.text)
    if isinstance(b, Paragraph):
        return f"**{inline(b.text)}**" if b.style == "asked" else inline(b.text)
    if isinstance(b, Lines):
        return "\n".join(inline(line) for line in b.lines)
    if isinstance(b, Bullets):
        return "\n".join(f"- {inline(item)}" for item in b.items)
    if isinstance(b, Table):
        return "\n".join([_row(b.head), "|" + "---|" * len(b.head), *(_row([inline(c) for c in r]) for r in b.rows)])
    if isinstance(b, Form):
        return "\n".join([_row(b.head), "|" + "---|" * len(b.head), "|" + " |" * len(b.head)])
    if isinstance(b, Diagram):
        return "```mermaid\n" + diagram_text.render_mermaid(b.flow).rstrip("\n") + "\n```"
    blocks = b.blocks if isinstance(b, Group) else b.markdown
    return "\n\n".join(block(inner) for inner in blocks)


def _row(cells: list[str] | tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def inline(text: Text) -> str:
    return "".join(_piece(piece) for piece in text)


def _piece(piece: Inline) -> str:
    if isinstance(piece, str):
        return md(piece)
    if isinstance(piece, Words | Remark):
        return piece.text
    if isinstance(piece, Code):
        return code(piece.text)
    if isinstance(piece, Strong):
        return f"**{inline(piece.text)}**"
    if isinstance(piece, Link):
        # An autolink shows the address itself; one it cannot hold is shown as text, never linked.
        return f"<{piece.href}>" if piece.external and ">" not in piece.href else md(piece.text)
    if isinstance(piece, Span | Anchor):
        return md(piece.text)
    assert isinstance(piece, Break)
    return " "


def code(text: str) -> str:
    """A code span: inside it a backslash is literal, so the text is never escaped, only fenced by more
    backticks than it holds in a row (CommonMark)."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"
