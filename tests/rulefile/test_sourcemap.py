"""The source map the loader keeps with a rule set: every tool's positions, and no tool parses the file again."""

from __future__ import annotations

import textwrap

import pytest
from analysis_files import BASE, BASE_WARNINGS, TODAY, changed, ruleset_of
from conftest import MINI, ruleset_from
from test_languages import TRANSLATED, in_language

from selfcheck.analysis.diff import diff
from selfcheck.analysis.orchestrate import analyze
from selfcheck.render import review, review_document, review_languages
from selfcheck.render.diff import render
from selfcheck.rulefile import sourcemap, strict_yaml, yaml_nodes
from selfcheck.rulefile.sourcemap import SourceMap

SMALL = """\
metadata:
  id: small
  sources:
    - {id: SRC, citation: A source.}
questions:
  - id: weakness
    text: "Weak\\
      \\ or numb?"
    choices:
      - {id: left, label: Left}
"""


@pytest.fixture
def places() -> SourceMap:
    return SourceMap(strict_yaml.parse("rules.yaml", textwrap.dedent(SMALL)))


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ((), (1, 1)),
        (("metadata",), (2, 3)),
        (("metadata", "id"), (2, 7)),
        (("metadata", "sources", 0, "citation"), (4, 27)),
        (("questions", 0, "choices", 0, "label"), (10, 27)),
        (("questions", 0, "choices", 1, "label"), (0, 0)),
        (("questions", 0, "ask_if"), (0, 0)),
        (("metadata", "id", "deeper"), (0, 0)),
        (("questions", -1), (0, 0)),
    ],
)
def test_a_path_gives_the_line_and_column_of_its_node(
    places: SourceMap, path: tuple[str | int, ...], where: tuple[int, int]
) -> None:
    assert places.at(*path) == where


def test_a_key_and_the_deepest_node_along_a_path(places: SourceMap) -> None:
    key = places.key("questions", 0, "choices")
    assert key is not None and (key.value, key.line, key.col) == ("choices", 9, 5)
    assert places.key("questions", 0, "ask_if") is None
    assert places.key() is None  # the root is no entry's value
    node = places.deepest("questions", 0, "ask_if")  # a field left out: the question holding it
    assert (node.line, node.col) == (6, 5)


def test_a_character_inside_a_quoted_text_over_two_lines(places: SourceMap) -> None:
    scalar = places.node("questions", 0, "text")
    assert isinstance(scalar, yaml_nodes.Scalar) and scalar.value == "Weak or numb?"
    assert places.position(scalar, scalar.value.index("numb")) == (8, 12)
    assert places.position(scalar, 0) == (7, 12)


# A double-quoted value's escapes, each standing for one character (an escaped line break for none): the place of
# the value's character at the offset is that of the source character making it.
@pytest.mark.parametrize(
    ("source", "value", "offset", "where"),
    [
        (r'"\x41\u00e9\U0001F600b"', "A\u00e9\U0001f600b", 3, (1, 25)),
        (r'"a\x20b"', "a b", 1, (1, 6)),  # a space written as an escape is where the escape is
        (r'"say \"hi\" now"', 'say "hi" now', 9, (1, 16)),  # an escape of a quote is a visible character
        (r'"a\tb"', "a\tb", 1, (1, 6)),
        ('"a\\\n  \\nb"', "a\nb", 1, (2, 3)),  # an escaped line break stands for nothing, the \n after it
        ('"a\\\r\n  \\nb"', "a\nb", 1, (2, 3)),  # so does one written CR LF
        ('"a\\\n  b"', "ab", 1, (2, 3)),
        ('"a\\\n\\nb"', "a\nb", 1, (2, 1)),  # the line after the break starts with the \n
    ],
)
def test_a_character_after_escapes_is_placed_where_its_escape_is(
    source: str, value: str, offset: int, where: tuple[int, int]
) -> None:
    places = SourceMap(strict_yaml.parse("f.yaml", f"a: {source}\n"))
    scalar = places.node("a")
    assert isinstance(scalar, yaml_nodes.Scalar) and scalar.value == value
    assert places.position(scalar, offset) == where


def test_the_loader_keeps_the_map_with_the_rule_set_but_it_is_not_content() -> None:
    ruleset = ruleset_from(MINI)
    kept = sourcemap.places(ruleset)
    assert kept is ruleset.source_map and kept is not None
    assert kept.at("questions", 2, "ask_if") == (42, 13)
    # Formatting is not content: two loads are equal, and the map is not in the repr.
    assert ruleset == ruleset_from(MINI) and "source_map" not in repr(ruleset)
    # A map describes one text: with the text replaced, it gives no places.
    assert sourcemap.places(ruleset._replace(text="")) is None


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading or parsing any file fail: every position must come from the loaded rule set."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a rule file was read or parsed again for positions")

    monkeypatch.setattr(strict_yaml, "read_text", refuse)
    monkeypatch.setattr(strict_yaml._Builder, "build", refuse)


WORDED = changed(
    ("disclaimer: This is not a diagnosis.", 'disclaimer: "This is not a diagnosis.\n  You may have MMN."')
)


def test_analyze_takes_every_position_from_the_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = ruleset_of(WORDED)
    no_parsing(monkeypatch)
    assert [f.located("rules.yaml") for f in analyze(ruleset, TODAY).findings] == [
        *BASE_WARNINGS,
        "rules.yaml:83:3: error: the disclaimer reads as a diagnosis: 'You may have' [wording]",
        "rules.yaml:83:16: error: the disclaimer reads as a diagnosis: 'MMN' [wording]",
    ]


def test_diff_takes_the_places_of_changes_from_both_rule_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    old = ruleset_of(BASE, "old.yaml")
    new = ruleset_of(
        changed(
            ('version: "1.0"', 'version: "1.1"'),
            (
                "    when: weakness is not_sure\n    level: soon\n",
                "    when: weakness is not_sure\n    level: routine\n",
            ),
        ),
        "new.yaml",
    )
    no_parsing(monkeypatch)
    lines = render(diff(old, new, allow_lower=True)).splitlines()
    assert [line for line in lines if line.startswith("  new.yaml:")] == [
        "  new.yaml:4:12: metadata: version changed",
        "  new.yaml:77:12: rule 'weak_unsure': level changed",
    ]


def test_review_of_languages_marks_fallbacks_from_the_rule_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    english, spanish = in_language(TRANSLATED, "en"), in_language(TRANSLATED, "es")
    no_parsing(monkeypatch)
    rows = dict(review_languages.side_by_side([english, spanish]))
    assert rows["level emergency label"] == ["Emergency", "(not translated: shows the en text)"]
    assert rows["question weakness text"] == ["Weak?", "¿Débil?"]


def test_the_review_digest_comes_from_the_nodes_the_loader_read(monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = ruleset_from(MINI)
    digest = review_document.content_digest(ruleset._replace(source_map=None))  # parsed from the text: the old way
    no_parsing(monkeypatch)
    assert review_document.content_digest(ruleset) == digest
    assert review.render(ruleset, "markdown").count(digest) == 1
