"""The model's records: what equality, repr and the SHA-256 of a rule set mean."""

from __future__ import annotations

import hashlib

import pytest

from selfcheck.model.ruleset import RuleSet, text_sha256


def test_two_rule_sets_with_the_same_content_are_equal_whatever_the_text(bundled: RuleSet) -> None:
    reformatted = bundled._replace(text=bundled.text + "\n# a comment\n")
    assert reformatted == bundled
    assert (reformatted != bundled) is False  # tuple's own != would compare the texts too
    assert hash(reformatted) == hash(bundled)
    assert bundled._replace(safety_net="Other.") != bundled


def test_a_rule_set_repr_leaves_out_the_file_text(bundled: RuleSet) -> None:
    shown = repr(bundled)
    assert shown.startswith(f"RuleSet(path={bundled.path!r}, metadata=Metadata(")
    assert "text=" not in shown.split("metadata=", 1)[0]
    assert bundled.text not in shown


def test_sha256_is_the_digest_of_the_texts_utf8_bytes(bundled: RuleSet) -> None:
    assert bundled.sha256 == hashlib.sha256(bundled.text.encode("utf-8")).hexdigest()
    assert text_sha256("é") == hashlib.sha256("é".encode()).hexdigest()


def test_an_answer_reads_as_its_labels_in_the_order_given(mini: RuleSet) -> None:
    signs = mini.question("signs")
    assert signs.labels(("not_sure", "breathing")) == "Not sure, Breathing trouble"
    assert mini.question("weakness").labels(("yes",)) == "Yes"


@pytest.mark.parametrize(
    ("ids", "conflict"),
    [
        (("none",), None),  # alone is fine
        (("breathing", "not_sure"), None),  # no exclusive choice
        (("breathing", "none"), "none"),
        (("none", "none"), "none"),  # listed twice is not alone either
        (("typo", "none"), "none"),  # an unknown id beside it still counts
    ],
)
def test_an_exclusive_choice_must_stand_alone(mini: RuleSet, ids: tuple[str, ...], conflict: str | None) -> None:
    found = mini.question("signs").exclusive_conflict(ids)
    assert (found.id if found else None) == conflict
