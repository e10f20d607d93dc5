"""The document model's two back ends: every kind of block and text, written as Markdown and as HTML, escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from selfcheck.render import document_html, document_markdown, review
from selfcheck.render.document import (
    Anchor,
    Break,
    Bullets,
    Code,
    Document,
    Form,
    Group,
    Heading,
    Lines,
    Link,
    Paragraph,
    PerFormat,
    Remark,
    Span,
    Strong,
    Table,
    Words,
)
from selfcheck.rulefile.loader import load_ruleset

DOCUMENT = Document(
    "Title <1>",
    "en",
    (
        Heading(1, (Words("Review: "), "T *1*")),
        Paragraph((Words("Rule "), Code("a_b"), Words(", status "), Strong((Words("draft"),)), Words(".")), "meta"),
        Bullets(((Strong((Words("Authors:"),)), Words(" "), "A <b>", Words(" ("), " 1. role", Words(")")),)),
        Table(
            ("Id", "Link"),
            (
                ((Anchor("source-G", "G_1"),), (Link("https://e.org/?a=1&b=2", "https://e.org/?a=1&b=2", True),)),
                (("x|y",), ("javascript:alert(1)",)),
            ),
            ("level-soon", ""),
            "sources",
        ),
        Group(
            (
                Paragraph(("Asked only if a is yes.",), "asked"),
                Paragraph((Words("Label "), Remark("(only on its own)"), Break(), Span("Ends", "stop"))),
            ),
            "question",
        ),
        Lines((("line one",), ("line *two*",))),
        PerFormat((Paragraph((Words("as text"),)),), (Paragraph((Words("on the page"),)),)),
        Form(("Name", "Date"), "sign"),
    ),
)


def test_the_markdown_back_end_writes_each_block_apart_and_escapes_only_the_rule_files_text() -> None:
    assert document_markdown.render(DOCUMENT).split("\n") == [
        "# Review: T \\*1\\*",
        "",
        "Rule `a_b`, status **draft**.",
        "",
        "- **Authors:** A \\<b\\> (1\\. role)",
        "",
        "| Id | Link |",
        "|---|---|",
        "| G\\_1 | <https://e.org/?a=1&b=2> |",
        "| x\\|y | javascript:alert(1) |",
        "",
        "**Asked only if a is yes.**",
        "",
        "Label (only on its own) Ends",
        "",
        "line one",
        "line \\*two\\*",
        "",
        "as text",
        "",
        "| Name | Date |",
        "|---|---|",
        "| | |",
        "",
    ]


def test_the_html_back_end_writes_one_element_a_line_with_every_text_escaped() -> None:
    assert document_html.blocks(DOCUMENT.blocks) == [
        "<h1>Review: T *1*</h1>",
        '<p class="meta">Rule <code>a_b</code>, status <strong>draft</strong>.</p>',
        "<ul>",
        "<li><strong>Authors:</strong> A &lt;b&gt; ( 1. role)</li>",
        "</ul>",
        '<table class="sources">',
        "<thead><tr><th>Id</th><th>Link</th></tr></thead>",
        "<tbody>",
        '<tr class="level-soon"><td><span id="source-G">G_1</span></td>'
        '<td><a class="external" href="https://e.org/?a=1&amp;b=2">https://e.org/?a=1&amp;b=2</a></td></tr>',
        "<tr><td>x|y</td><td>javascript:alert(1)</td></tr>",
        "</tbody>",
        "</table>",
        '<div class="question">',
        '<p class="asked">Asked only if a is yes.</p>',
        '<p>Label <em>(only on its own)</em><br><span class="stop">Ends</span></p>',
        "</div>",
        "<p>line one</p>",
        "<p>line *two*</p>",
        "<p>on the page</p>",
        '<table class="sign">',
        "<thead><tr><th>Name</th><th>Date</th></tr></thead>",
        "<tbody>",
        "<tr><td></td><td></td></tr>",
        "</tbody>",
        "</table>",
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("rules/mmn.yaml", "`rules/mmn.yaml`"),
        ("my_rules *1*.yaml", "`my_rules *1*.yaml`"),
        ("a`b", "`` a`b ``"),
        ("``x", "``` ``x ```"),
    ],
)
def test_markdown_code_is_never_backslash_escaped_only_fenced(text: str, span: str) -> None:
    assert document_markdown.inline((Code(text),)) == span


def test_a_markdown_link_the_autolink_cannot_hold_is_shown_as_text() -> None:
    assert document_markdown.inline((Link("https://e.org/a>b", "https://e.org/a>b", True),)) == "https://e.org/a\\>b"


def test_the_sign_command_in_the_markdown_review_can_be_copied_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A backslash inside a code span is shown, not read as an escape: the command must be the file's own name.
    monkeypatch.chdir(tmp_path)
    Path("my_rules.yaml").write_text(MINI, encoding="utf-8")
    text = review.render(load_ruleset("my_rules.yaml"), "markdown")
    assert (
        'Record it in the file with `selfcheck sign my_rules.yaml --name "NAME" --role "ROLE" --date YYYY-MM-DD`; '
        "the digest must match the one above."
    ) in text.splitlines()
