"""The HTML back end of the document model (selfcheck.render.document): the body's elements, one a line, escaped."""

from __future__ import annotations

from selfcheck.escape import html_text as e
from selfcheck.render import diagram_text
from selfcheck.render.diagram_svg import layout, pages
from selfcheck.render.document import (
    Anchor,
    Block,
    Break,
    Bullets,
    Code,
    Diagram,
    Form,
    Group,
    Heading,
    Inline,
    Lines,
    Link,
    Paragraph,
    PerFormat,
    Remark,
    Span,
    Strong,
    Table,
    Text,
    Words,
)


def blocks(bs: tuple[Block, ...]) -> list[str]:
    """The lines of HTML for the blocks, in order."""
    return [line for b in bs for line in block(b)]


def block(b: Block) -> list[str]:
    if isinstance(b, Heading):
        return [f"<h{b.level}>{inline(b.text)}</h{b.level}>"]
    if isinstance(b, Paragraph):
        return [f"<p{_class(b.style)}>{inline(b.text)}</p>"]
    if isinstance(b, Lines):
        return [f"<p>{inline(line)}</p>" for line in b.lines]
    if isinstance(b, Bullets):
        return ["<ul>", *(f"<li>{inline(item)}</li>" for item in b.items), "</ul>"]
    if isinstance(b, Table):
        return table(b.head, [[inline(c) for c in row] for row in b.rows], b.row_styles, b.style)
    if isinstance(b, Form):
        return table(b.head, [[""] * len(b.head)], (), b.style)
    if isinstance(b, Diagram):
        return figures(b)
    if isinstance(b, Group):
        return [f'<div class="{e(b.style)}">', *blocks(b.blocks), "</div>"]
    assert isinstance(b, PerFormat)
    return blocks(b.html)


def _class(style: str) -> str:
    return f' class="{e(style)}"' if style else ""


def table(head: tuple[str, ...], rows: list[list[str]], row_styles: tuple[str, ...], style: str) -> list[str]:
    """A table from cells that are already HTML."""
    out = [f"<table{_class(style)}>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>"]
    out.append("<tbody>")
    for i, row in enumerate(rows):
        cls = _class(row_styles[i]) if row_styles else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return [*out, "</tbody>", "</table>"]


def inline(text: Text) -> str:
    return "".join(_piece(piece) for piece in text)


def _piece(piece: Inline) -> str:
    if isinstance(piece, str):
        return e(piece)
    if isinstance(piece, Words):
        return e(piece.text)
    if isinstance(piece, Code):
        return f"<code{_class(piece.style)}>{e(piece.text)}</code>"
    if isinstance(piece, Strong):
        return f"<strong>{inline(piece.text)}</strong>"
    if isinstance(piece, Remark):
        return f"<em>{e(piece.text)}</em>"
    if isinstance(piece, Span):
        return f'<span class="{e(piece.style)}">{e(piece.text)}</span>'
    if isinstance(piece, Link):
        external = ' class="external"' if piece.external else ""
        return f'<a{external} href="{e(piece.href)}">{e(piece.text)}</a>'
    if isinstance(piece, Anchor):
        return f'<span id="{e(piece.name)}">{e(piece.text)}</span>'
    assert isinstance(piece, Break)
    return "<br>"


def figures(d: Diagram) -> list[str]:
    """The flow as inline SVG laid out by Graphviz: whole on screen, a page at a time in print.

    Without Graphviz, the Mermaid text and how to get Graphviz.
    """
    drawn = layout(diagram_text.render_dot(d.flow, d.title), f"The question flow of {d.title}")
    if not drawn.svg:
        return [
            '<figure class="flow">',
            f"<p><strong>No picture here:</strong> {e(drawn.problem)}. The same flow as Mermaid text:</p>",
            f"<pre>{e(diagram_text.render_mermaid(d.flow))}</pre>",
            "</figure>",
        ]
    out = ['<figure class="flow flow-screen">', drawn.svg.rstrip("\n"), "</figure>"]
    # A whole flow is several A4 pages tall: printed in one piece, a page break would cut through boxes.
    for page in pages(d.flow, d.title):
        out += ['<figure class="flow flow-page">', page.svg.rstrip("\n"), "</figure>"]
    return out
