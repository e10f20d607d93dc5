"""The review as one document (selfcheck.render.document), built once for the Markdown and the HTML back ends."""

from __future__ import annotations

from selfcheck.model.english import english
from selfcheck.model.ruleset import Question, RuleSet
from selfcheck.render import diagram
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
from selfcheck.render.review_coverage import Coverage, coverage_lines, stopped_parts
from selfcheck.render.review_document import (
    FLOW_INTRO,
    KIND_WORDS,
    REQUIREMENT_COLUMNS,
    TYPE_WORDS,
    asked_when,
    content_digest,
    figures,
    red_flag_words,
    requirement_rows,
    requirements_state,
    reviewers_line,
    safe_url,
    shown_path,
    sign_command,
    sign_note,
    signoff_state,
    spaced,
    translations,
)


def build(ruleset: RuleSet, coverage: Coverage | None = None) -> Document:
    """Every section of the review in order: about, sources, levels, flow, questions, rules, requirements,
    what every person is told, figures, coverage, sign-off."""
    m = ruleset.metadata
    sections = (
        about(ruleset),
        sources(ruleset),
        levels(ruleset),
        (Heading(2, (Words("The flow"),)), Paragraph((Words(FLOW_INTRO),)), Diagram(diagram.build(ruleset), m.title)),
        questions(ruleset),
        rules(ruleset),
        requirements(ruleset, coverage),
        told(ruleset),
        (Heading(2, (Words("Figures"),)), Bullets(tuple((Words(f"{n}: "), v) for n, v in figures(ruleset)))),
        (Heading(2, (Words("Coverage"),)), *covered(coverage)),
        signoff(ruleset, coverage),
    )
    return Document(f"Review: {m.title}", m.language, tuple(b for section in sections for b in section))


def about(ruleset: RuleSet) -> tuple[Block, ...]:
    m = ruleset.metadata
    meta: Text = (
        Words("Rule file "),
        Code(shown_path(ruleset)),
        Words(": id "),
        Code(m.id),
        Words(", version "),
        m.version,
        Words(", status "),
        Strong((Words(m.status),)),
        Words(", sha256 "),
        Code(ruleset.sha256[:12]),
        Words("."),
    )
    people: Text = ()
    for p in m.authors:
        people += (*((Words("; "),) if people else ()), p.name, *((Words(" ("), p.role, Words(")")) if p.role else ()))
    reviewers, last_reviewed = reviewers_line(ruleset)
    items: tuple[Text, ...] = (
        (Strong((Words("Intended use:"),)), Words(" "), m.intended_use),
        (Strong((Words("Population:"),)), Words(" "), m.population),
        (Strong((Words("Language:"),)), Words(" "), m.language, Words("; translations: "), translations(ruleset)),
        (Strong((Words("Authors:"),)), Words(" "), *(people or (Words("none"),))),
        (Strong((Words("Reviewers:"),)), Words(" "), reviewers),
        (
            Strong((Words("Last reviewed:"),)),
            Words(" "),
            last_reviewed,
            Words("; "),
            Strong((Words("next review due:"),)),
            Words(" "),
            m.next_review,
        ),
    )
    return (
        Heading(1, (Words("Review: "), m.title)),
        Paragraph(meta, "meta"),
        Heading(2, (Words("About this rule file"),)),
        Bullets(items),
    )


def sources(ruleset: RuleSet) -> tuple[Block, ...]:
    rows = tuple(
        (
            (Anchor(f"source-{s.id}", s.id),),
            (s.citation,),
            (Link(s.url, s.url, external=True),) if safe_url(s.url) else (s.url,),
        )
        for s in ruleset.metadata.sources
    )
    return Heading(2, (Words("Sources"),)), Table(("Id", "Citation", "Link"), rows, style="sources")


def levels(ruleset: RuleSet) -> tuple[Block, ...]:
    intro = (
        Words("From most to least urgent. Each person gets the most urgent level of the rules that fire, or "),
        Code("none"),
        Words(" if no rule fires."),
    )
    rows = tuple(((Code(v.id),), (v.label,), (v.action,)) for v in ruleset.levels)
    table = Table(
        ("Level", "Label", "What the person is told to do"), rows, tuple(f"level-{v.id}" for v in ruleset.levels)
    )
    return Heading(2, (Words("Levels"),)), Paragraph(intro), table


def questions(ruleset: RuleSet) -> tuple[Block, ...]:
    out: list[Block] = [Heading(2, (Words(f"Questions ({len(ruleset.questions)}), in the order they are asked"),))]
    section = None
    for number, q in enumerate(ruleset.questions, 1):
        if q.section != section:
            section = q.section
            out.append(Heading(3, (q.section,)))
        out.append(Group(question(ruleset, number, q), "question"))
    return tuple(out)


def question(ruleset: RuleSet, number: int, q: Question) -> tuple[Block, ...]:
    detail = (
        Code(q.id),
        Words(f": {TYPE_WORDS[q.type]}; {KIND_WORDS[q.kind]}; shown to the doctor as \u201c"),
        q.summary,
        Words("\u201d."),
    )
    rows = tuple(
        (
            (Code(c.id),),
            (c.label, *((Words(" "), Remark("(only on its own)")) if c.exclusive else ())),
            (c.help,),
            (red_flag_words(ruleset, c.red_flag),),
        )
        for c in q.choices
    )
    return (
        Heading(4, (Words(f"{number}. "), q.text)),
        Paragraph(detail, "small"),
        Paragraph((Words("Help: "), q.help)),
        Paragraph((asked_when(ruleset, q),), "asked"),
        Table(("Choice", "Label", "Help", "Red flag"), rows),
    )


def rules(ruleset: RuleSet) -> tuple[Block, ...]:
    """The rules, one row each: a column per field in Markdown; on the page, the id, level and whether it ends
    the questions in one cell and the condition's code under its English, so the table fits a printed page."""
    text_rows = []
    page_rows = []
    for number, r in enumerate(ruleset.rules, 1):
        label = ruleset.level(r.level).label
        cited: Text = ()
        for s in r.sources:
            cited += (*((Words(", "),) if cited else ()), s)
        text_rows.append(
            (
                (Words(str(number)),),
                (Code(r.id),),
                (english(ruleset, r.when),),
                (label,),
                (Words("yes" if r.stop else "no"),),
                (r.message,),
                (r.rationale,),
                cited,
            )
        )
        links: Text = ()
        for s in r.sources:
            links += (*((Words(", "),) if links else ()), Link(f"#source-{s}", s))
        stop = (Break(), Span("Ends the questions", "stop")) if r.stop else ()
        page_rows.append(
            (
                (Words(str(number)),),
                (Code(r.id), Break(), Strong((label,)), *stop),
                (english(ruleset, r.when), Code(r.when.text(), "when-code")),
                (r.message,),
                (r.rationale,),
                links,
            )
        )
    head = ("#", "Rule", "When", "Level", "Ends the questions", "Message", "Rationale", "Sources")
    page_head = ("#", "Rule, level", "When", "Message", "Rationale", "Sources")
    styles = tuple(f"level-{r.level}" for r in ruleset.rules)
    return (
        Heading(2, (Words(f"Rules ({len(ruleset.rules)}), in file order"),)),
        PerFormat((Table(head, tuple(text_rows)),), (Table(page_head, tuple(page_rows), styles, "rules"),)),
    )


def requirements(ruleset: RuleSet, coverage: Coverage | None) -> tuple[Block, ...]:
    heading = Heading(2, (Words(f"Requirements ({len(ruleset.requirements)}), proved over every answer set"),))
    if not ruleset.requirements:
        return heading, Paragraph((Words("The rule file states no requirements."),))
    rows = tuple(
        ((Code(rid),), (holds,), (source,), (status,), (met_by,))
        for rid, holds, source, status, met_by in requirement_rows(ruleset, coverage)
    )
    return heading, Table(REQUIREMENT_COLUMNS, rows)


def told(ruleset: RuleSet) -> tuple[Block, ...]:
    return (
        Heading(2, (Words("What every person is told"),)),
        Paragraph((Strong((Words("If things change:"),)), Words(" "), ruleset.safety_net)),
        Paragraph((Strong((Words("Please note:"),)), Words(" "), ruleset.disclaimer)),
    )


def covered(coverage: Coverage | None) -> tuple[Block, ...]:
    """The analysis' figures; for one stopped at its limit, what it proved before it stopped, one family a line."""
    if coverage is None or not coverage.stopped:
        return (Lines(tuple((line,) for line in coverage_lines(coverage))),)
    head, families, found = stopped_parts(coverage)
    return (
        Lines(tuple((line,) for line in head)),
        Bullets(tuple((line,) for line in families)),
        Lines(tuple((line,) for line in found)),
    )


def signoff(ruleset: RuleSet, coverage: Coverage | None) -> tuple[Block, ...]:
    """The state of the sign-off and the requirements, the statement a clinician signs, and how to record it."""
    m = ruleset.metadata
    path, digest = shown_path(ruleset), content_digest(ruleset)
    said, version = Words("I have reviewed the rule file "), Words(", version ")
    # The path is text in Markdown and code on the page; in Markdown the digest is a paragraph of its own.
    statement = PerFormat(
        (
            Paragraph((said, path, version, m.version, Words(", whose content digest is"))),
            Paragraph((Code(digest),)),
        ),
        (
            Paragraph(
                (said, Code(path), version, m.version, Words(", whose content digest is "), Code(digest), Words("."))
            ),
        ),
    )
    record = (Words("Record it in the file with "), Code(sign_command(ruleset)), Words(spaced(sign_note(ruleset))))
    blocks = (
        Paragraph((signoff_state(ruleset),)),
        Paragraph((requirements_state(ruleset, coverage),)),
        statement,
        Form(("Name", "Role", "Date", "Signature"), "sign"),
        Paragraph((*record, Words("; the digest must match the one above.")), "small"),
    )
    return Heading(2, (Words("Sign-off"),)), Group(blocks, "signoff")
