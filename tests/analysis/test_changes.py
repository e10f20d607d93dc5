"""What changed between two rule files (changes.compare): every kind of field, each change exactly as diff reads it."""

from __future__ import annotations

import dataclasses

import pytest
from analysis_files import BASE, changed, ruleset_of

from selfcheck.analysis.changes import compare

REQ = (
    "safety_net:",
    'requirements:\n  - id: weak_care\n    when: weakness is yes\n    at_least: soon\n    source: SRC\n    clause: "1.2"\n    rationale: Testing.\nsafety_net:',
)
WITH_REQ = changed(REQ)
EDITS: dict[str, tuple[str, str]] = {
    "metadata": (
        BASE,
        changed(
            ("id: base", "id: base2"),
            ("title: Base check", "title: Base"),
            ('version: "1.0"', 'version: "1.1"'),
            ("status: active", "status: draft"),
            ("intended_use: Testing the analysis.", "intended_use: Testing."),
            ("population: Adults.", "population: Adults over 18."),
            ('last_reviewed: "2026-11-01"', 'last_reviewed: "2026-11-02"'),
            ('next_review: "2027-06-01"', 'next_review: "2027-07-01"'),
            ("authors: [{name: Tester}]", "authors: [{name: Tester}, {name: Other}]"),
            (
                'reviewers: [{name: Dr Reviewer, date: "2026-11-01"}]',
                'reviewers: [{name: Dr Other, date: "2026-11-01"}]',
            ),
        ),
    ),
    "sources": (
        BASE,
        changed(
            (
                "    - {id: SRC, citation: A source.}",
                '    - {id: SRC, citation: The source., url: "https://example.org"}\n    - {id: NEW, citation: New.}',
            )
        ),
    ),
    "levels": (
        BASE,
        changed(
            (
                "{id: soon, label: Soon, action: Book within two weeks.}",
                "{id: soon, label: Soon now, action: Book this week., stop_when_certain: true, max_questions_after_certain: 2}",
            )
        ),
    ),
    "question fields": (
        BASE,
        changed(
            ("    section: Body\n", "    section: Limbs\n"),
            ("text: Are you weak?", "text: Are you weaker?"),
            ("help: Weak means less strong than usual.", "help: Less strong."),
            ("summary: Weakness", "summary: Weak"),
            ("ask_if: weakness is yes", "ask_if: weakness is yes or weakness is not_sure"),
            ("  - id: side\n    kind: symptom\n", "  - id: side\n    kind: context\n"),
        ),
    ),
    "choices": (
        changed(
            (
                "      - {id: none, label: None of these, exclusive: true}",
                "      - {id: dizzy, label: Dizzy}\n      - {id: none, label: None of these, exclusive: true}",
            )
        ),
        changed(
            (
                "{id: breathing, label: Trouble breathing, red_flag: emergency}",
                "{id: breathing, label: Breathing trouble, help: Short of breath., red_flag: urgent}",
            ),
            ("{id: none, label: None of these, exclusive: true}", "{id: none, label: None of these}"),
            (
                "      - {id: one_side, label: One side}\n",
                "      - {id: one_side, label: One side}\n      - {id: tired, label: Tired}\n",
            ),
        ),
    ),
    "choices reordered": (
        BASE,
        changed(
            (
                "      - {id: one_side, label: One side}\n      - {id: both_sides, label: Both sides}",
                "      - {id: both_sides, label: Both sides}\n      - {id: one_side, label: One side}",
            )
        ),
    ),
    "questions added moved removed": (
        BASE,
        changed(
            (
                "  - id: side\n    kind: symptom\n    type: single\n    ask_if: weakness is yes\n    text: Which side?\n    help: Compare both sides.\n    summary: Side\n    choices:\n      - {id: one_side, label: One side}\n      - {id: both_sides, label: Both sides}\n",
                "",
            ),
            (
                "  - id: weakness\n",
                "  - id: numb\n    kind: symptom\n    type: yesno\n    text: Numb?\n    help: Less feeling.\n    summary: Numbness\n  - id: weakness\n",
            ),
            ("    when: weakness is yes and side is both_sides\n", "    when: weakness is yes\n"),
            ("    when: weakness is yes and side is one_side\n", "    when: numb is yes\n"),
        ),
    ),
    "question moved": (
        BASE,
        changed(
            (
                "  - id: side\n    kind: symptom\n    type: single\n    ask_if: weakness is yes\n    text: Which side?\n    help: Compare both sides.\n    summary: Side\n    choices:\n      - {id: one_side, label: One side}\n      - {id: both_sides, label: Both sides}\n",
                "",
            ),
            (
                "  - id: weakness\n",
                "  - id: side\n    section: Body\n    kind: symptom\n    type: single\n    text: Which side?\n    help: Compare both sides.\n    summary: Side\n    choices:\n      - {id: one_side, label: One side}\n      - {id: both_sides, label: Both sides}\n  - id: weakness\n",
            ),
        ),
    ),
    "rules": (
        BASE,
        changed(
            (
                "    when: signs has not_sure\n    level: urgent\n    message: Get advice today.\n    rationale: Unsure.\n    sources: [SRC]",
                "    when: signs has not_sure and weakness is yes\n    level: soon\n    message: Get advice soon.\n    rationale: Not sure.\n    sources: [SRC]",
            ),
            ("    level: emergency\n    stop: true\n", "    level: emergency\n"),
            (
                "  - id: weak_unsure\n    when: weakness is not_sure\n    level: soon\n    message: If you are not sure, have it checked soon.\n    rationale: Unsure weakness.\n    sources: [SRC]\n",
                "  - id: weak_maybe\n    when: weakness is not_sure\n    level: soon\n    message: If you are not sure, have it checked soon.\n    rationale: Unsure weakness.\n    sources: [SRC]\n",
            ),
        ),
    ),
    "requirements": (
        WITH_REQ,
        changed(
            (
                '    when: weakness is yes\n    at_least: soon\n    source: SRC\n    clause: "1.2"\n    rationale: Testing.\n',
                '    when: weakness is not_sure\n    at_least: routine\n    source: SRC\n    clause: "1.3"\n    rationale: Tested.\n  - id: breath_now\n    when: signs has breathing\n    at_least: emergency\n    source: SRC\n    clause: "2"\n    rationale: Testing.\n',
            ),
            text=WITH_REQ,
        ),
    ),
    "requirement removed": (WITH_REQ, BASE),
    "rule sources": (
        changed(
            (
                "    - {id: SRC, citation: A source.}",
                "    - {id: SRC, citation: A source.}\n    - {id: NEW, citation: New.}",
            )
        ),
        changed(
            (
                "    - {id: SRC, citation: A source.}",
                "    - {id: SRC, citation: A source.}\n    - {id: NEW, citation: New.}",
            ),
            (
                "    level: emergency\n    stop: true\n    message: Call your emergency number now.\n    rationale: Breathing.\n    sources: [SRC]",
                "    level: emergency\n    stop: true\n    message: Call your emergency number now.\n    rationale: Breathing.\n    sources: [SRC, NEW]",
            ),
        ),
    ),
    "choice added before a changed one": (
        BASE,
        changed(
            (
                "      - {id: one_side, label: One side}\n      - {id: both_sides, label: Both sides}",
                "      - {id: tired, label: Tired}\n      - {id: one_side, label: One side}\n      - {id: both_sides, label: Both ways}",
            )
        ),
    ),
    "choice changed and removed in a question placed later": (
        changed(
            (
                "      - {id: both_sides, label: Both sides}",
                "      - {id: both_sides, label: Both sides}\n      - {id: tired, label: Tired}",
            )
        ),
        changed(
            ("      - {id: both_sides, label: Both sides}", "      - {id: both_sides, label: Both ways}"),
            (
                "  - id: weakness\n",
                "  - id: numb\n    kind: symptom\n    type: yesno\n    text: Numb?\n    help: Less feeling.\n    summary: Numbness\n  - id: weakness\n",
            ),
        ),
    ),
    "source removed, authors changed": (
        changed(
            (
                "    - {id: SRC, citation: A source.}",
                "    - {id: SRC, citation: A source.}\n    - {id: OLD, citation: Old.}",
            ),
            ("authors: [{name: Tester}]", "authors: [{name: Tester}, {name: Other}]"),
        ),
        BASE,
    ),
    "texts": (
        BASE,
        changed(
            ("safety_net: Get help sooner if anything gets worse.", "safety_net: Get help sooner."),
            ("disclaimer: This is not a diagnosis.", "disclaimer: Not a diagnosis."),
        ),
    ),
}


EXPECTED: dict[str, list[tuple[object, ...]]] = {
    "metadata": [
        ("metadata", "id changed", 0, "base", "base2", True, ("metadata", "id"), False),
        ("metadata", "title changed", 0, "Base check", "Base", True, ("metadata", "title"), False),
        ("metadata", "version changed", 0, "1.0", "1.1", False, ("metadata", "version"), False),
        ("metadata", "status changed", 0, "active", "draft", False, ("metadata", "status"), False),
        (
            "metadata",
            "intended_use changed",
            0,
            "Testing the analysis.",
            "Testing.",
            True,
            ("metadata", "intended_use"),
            False,
        ),
        ("metadata", "population changed", 0, "Adults.", "Adults over 18.", True, ("metadata", "population"), False),
        (
            "metadata",
            "last_reviewed changed",
            0,
            "2026-11-01",
            "2026-11-02",
            False,
            ("metadata", "last_reviewed"),
            False,
        ),
        ("metadata", "next_review changed", 0, "2027-06-01", "2027-07-01", False, ("metadata", "next_review"), False),
        ("metadata", "authors changed", 0, "Tester", "Tester; Other", True, ("metadata", "authors"), False),
        ("metadata", "reviewers changed", 0, "Dr Reviewer", "Dr Other", False, ("metadata", "reviewers"), False),
    ],
    "sources": [
        (
            "source 'SRC'",
            "citation changed",
            0,
            "A source.",
            "The source.",
            True,
            ("metadata", "sources", 0, "citation"),
            False,
        ),
        ("source 'SRC'", "url changed", 0, "", "https://example.org", True, ("metadata", "sources", 0, "url"), False),
        ("source 'NEW'", "added", 0, "", "", True, ("metadata", "sources", 1), False),
    ],
    "levels": [
        ("level 'soon'", "label changed", 0, "Soon", "Soon now", True, ("levels", 2, "label"), False),
        (
            "level 'soon'",
            "action changed",
            0,
            "Book within two weeks.",
            "Book this week.",
            True,
            ("levels", 2, "action"),
            False,
        ),
        (
            "level 'soon'",
            "stop_when_certain changed",
            0,
            "false",
            "true",
            True,
            ("levels", 2, "stop_when_certain"),
            False,
        ),
        (
            "level 'soon'",
            "max_questions_after_certain changed",
            0,
            "none",
            "2",
            True,
            ("levels", 2, "max_questions_after_certain"),
            False,
        ),
    ],
    "question fields": [
        ("question 'weakness'", "section changed", 32, "Body", "Limbs", True, ("questions", 1, "section"), False),
        (
            "question 'weakness'",
            "text changed",
            32,
            "Are you weak?",
            "Are you weaker?",
            True,
            ("questions", 1, "text"),
            False,
        ),
        (
            "question 'weakness'",
            "help changed",
            32,
            "Weak means less strong than usual.",
            "Less strong.",
            True,
            ("questions", 1, "help"),
            False,
        ),
        ("question 'weakness'", "summary changed", 32, "Weakness", "Weak", True, ("questions", 1, "summary"), False),
        ("question 'side'", "section changed", 39, "Body", "Limbs", True, ("questions", 2, "section"), False),
        ("question 'side'", "kind changed", 39, "symptom", "context", True, ("questions", 2, "kind"), False),
        (
            "question 'side'",
            "ask_if changed",
            39,
            "weakness is yes",
            "weakness is yes or weakness is not_sure",
            True,
            ("questions", 2, "ask_if"),
            False,
        ),
    ],
    "choices": [
        (
            "choice 'signs' 'breathing'",
            "label changed",
            0,
            "Trouble breathing",
            "Breathing trouble",
            True,
            ("questions", 0, "choices", 0, "label"),
            False,
        ),
        (
            "choice 'signs' 'breathing'",
            "help changed",
            0,
            "",
            "Short of breath.",
            True,
            ("questions", 0, "choices", 0, "help"),
            False,
        ),
        (
            "choice 'signs' 'breathing'",
            "red_flag changed",
            0,
            "emergency",
            "urgent",
            True,
            ("questions", 0, "choices", 0, "red_flag"),
            False,
        ),
        (
            "choice 'signs' 'none'",
            "exclusive changed",
            0,
            True,
            False,
            True,
            ("questions", 0, "choices", 2, "exclusive"),
            False,
        ),
        ("choice 'signs' 'dizzy'", "removed", 0, "", "", True, ("questions", 0, "choices", 2), True),
        ("choice 'side' 'tired'", "added", 0, "", "", True, ("questions", 2, "choices", 1), False),
    ],
    "choices reordered": [
        ("question 'side'", "choices reordered", 39, "", "", True, ("questions", 2, "choices"), False),
    ],
    "questions added moved removed": [
        ("question 'numb'", "added", 32, "", "", True, ("questions", 1), False),
        ("question 'side'", "removed", 39, "", "", True, ("questions", 2), True),
        (
            "rule 'weak_both'",
            "when changed",
            59,
            "weakness is yes and side is both_sides",
            "weakness is yes",
            True,
            ("rules", 2, "when"),
            False,
        ),
        (
            "rule 'weak_one'",
            "when changed",
            65,
            "weakness is yes and side is one_side",
            "numb is yes",
            True,
            ("rules", 3, "when"),
            False,
        ),
    ],
    "question moved": [
        ("question 'side'", "ask_if changed", 32, "weakness is yes", "", True, ("questions", 1, "ask_if"), False),
        ("question 'side'", "moved in the order of questions", 32, "", "", True, ("questions", 1), False),
    ],
    "rules": [
        ("rule 'breathing'", "stop changed", 50, "true", "false", True, ("rules", 0, "stop"), False),
        (
            "rule 'unsure'",
            "when changed",
            56,
            "signs has not_sure",
            "signs has not_sure and weakness is yes",
            True,
            ("rules", 1, "when"),
            False,
        ),
        ("rule 'unsure'", "level changed", 56, "urgent", "soon", True, ("rules", 1, "level"), False),
        (
            "rule 'unsure'",
            "message changed",
            56,
            "Get advice today.",
            "Get advice soon.",
            True,
            ("rules", 1, "message"),
            False,
        ),
        ("rule 'unsure'", "rationale changed", 56, "Unsure.", "Not sure.", True, ("rules", 1, "rationale"), False),
        ("rule 'weak_maybe'", "added (soon: weakness is not_sure)", 74, "", "", True, ("rules", 4), False),
        ("rule 'weak_unsure'", "removed", 75, "", "", True, ("rules", 4), True),
    ],
    "requirements": [
        (
            "requirement 'weak_care'",
            "when changed",
            82,
            "weakness is yes",
            "weakness is not_sure",
            True,
            ("requirements", 0, "when"),
            False,
        ),
        (
            "requirement 'weak_care'",
            "at_least changed",
            82,
            "soon",
            "routine",
            True,
            ("requirements", 0, "at_least"),
            False,
        ),
        ("requirement 'weak_care'", "clause changed", 82, "1.2", "1.3", True, ("requirements", 0, "clause"), False),
        (
            "requirement 'weak_care'",
            "rationale changed",
            82,
            "Testing.",
            "Tested.",
            True,
            ("requirements", 0, "rationale"),
            False,
        ),
        (
            "requirement 'breath_now'",
            "added (at least emergency: signs has breathing)",
            88,
            "",
            "",
            True,
            ("requirements", 1),
            False,
        ),
    ],
    "requirement removed": [
        ("requirement 'weak_care'", "removed", 82, "", "", True, ("requirements", 0), True),
    ],
    "rule sources": [
        ("rule 'breathing'", "sources changed", 51, "SRC", "SRC, NEW", True, ("rules", 0, "sources"), False),
    ],
    "choice added before a changed one": [
        ("choice 'side' 'tired'", "added", 0, "", "", True, ("questions", 2, "choices", 0), False),
        (
            "choice 'side' 'both_sides'",
            "label changed",
            0,
            "Both sides",
            "Both ways",
            True,
            ("questions", 2, "choices", 2, "label"),
            False,
        ),
    ],
    "choice changed and removed in a question placed later": [
        ("question 'numb'", "added", 32, "", "", True, ("questions", 1), False),
        (
            "choice 'side' 'both_sides'",
            "label changed",
            0,
            "Both sides",
            "Both ways",
            True,
            ("questions", 3, "choices", 1, "label"),
            False,
        ),
        ("choice 'side' 'tired'", "removed", 0, "", "", True, ("questions", 2, "choices", 2), True),
    ],
    "source removed, authors changed": [
        ("metadata", "authors changed", 0, "Tester; Other", "Tester", True, ("metadata", "authors"), False),
        ("source 'OLD'", "removed", 0, "", "", True, ("metadata", "sources", 1), True),
    ],
    "texts": [
        (
            "text",
            "safety_net changed",
            0,
            "Get help sooner if anything gets worse.",
            "Get help sooner.",
            True,
            ("safety_net",),
            False,
        ),
        ("text", "disclaimer changed", 0, "This is not a diagnosis.", "Not a diagnosis.", True, ("disclaimer",), False),
    ],
}


@pytest.mark.parametrize("case", list(EDITS))
def test_each_kind_of_change_is_reported_with_its_place_text_and_version_need(case: str) -> None:
    old, new = EDITS[case]
    got = compare(ruleset_of(old, "old.yaml"), ruleset_of(new, "new.yaml"))
    assert [dataclasses.astuple(c) for c in got] == EXPECTED[case]


def test_a_file_compared_with_itself_has_no_change() -> None:
    assert compare(ruleset_of(BASE), ruleset_of(BASE)) == []
