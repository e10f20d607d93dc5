"""The model's records: what equality, repr and the SHA-256 of a rule set mean."""

from __future__ import annotations

import hashlib

from selfcheck.model import RuleSet, text_sha256


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
