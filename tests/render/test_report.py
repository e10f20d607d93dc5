"""The result renderers: one string per format, wrapped to a screen's width for text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from selfcheck.engine.flow import Result, evaluate
from selfcheck.interop.fhir import questionnaire_response
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import report
from selfcheck.rulefile.loader import bundled_rules


@pytest.mark.parametrize(
    ("columns", "width"),
    [(40, 38), (80, 78), (100, 98), (250, 98), (23, 21), (22, 20), (21, 20), (2, 20), (1, 20), (0, 20)],
)
def test_the_screen_width_leaves_a_margin_stops_at_100_columns_and_is_never_under_20(columns: int, width: int) -> None:
    assert report.screen_width(columns) == width


@pytest.mark.parametrize(
    ("fmt", "renderer"),
    [("text", report.render_text), ("markdown", report.render_markdown), ("json", report.render_json)],
)
def test_render_picks_the_renderer_of_each_format(mini: RuleSet, fmt: str, renderer: Callable[[Result], str]) -> None:
    result = evaluate(mini, {"signs": ("none",), "weakness": ("no",)})
    assert report.render(result, fmt) == renderer(result)


def test_render_fhir_is_a_questionnaire_response(mini: RuleSet) -> None:
    result = evaluate(mini, {"signs": ("none",), "weakness": ("no",)})
    text = report.render(result, "fhir")
    assert json.loads(text)["resourceType"] == "QuestionnaireResponse"
    assert text == questionnaire_response.render_response(result, json.loads(text)["authored"])


def test_a_draft_rule_file_says_so_in_the_result_and_a_signed_off_one_does_not(mini: RuleSet) -> None:
    answers = {"signs": ("none",), "weakness": ("no",)}
    draft = report.render_text(evaluate(mini, answers)).splitlines()
    assert draft[-4:-1] == [
        "Please note: this check is a draft. No clinician has reviewed its questions",
        "and advice yet, so if you are in any doubt, talk to a doctor.",
        "",
    ]
    assert draft[-1].startswith("Rule file mini version 1.0 (draft)")
    assert "_Please note: this check is a draft." in report.render_markdown(evaluate(mini, answers))
    active = mini._replace(metadata=mini.metadata._replace(status="active"))
    assert "this check is a draft" not in report.render_text(evaluate(active, answers))


def test_a_draft_whose_signed_review_covers_it_is_not_called_a_draft_next_to_the_review(mini: RuleSet) -> None:
    from selfcheck.model.ruleset import Person

    answers = {"signs": ("none",), "weakness": ("no",)}
    signed = mini._replace(path=bundled_rules(), reviewed_by=Person("Dr B", "GP", "2026-12-01", "sha256:x"))
    text = report.render_text(evaluate(signed, answers), 200)
    reviewed = "These questions and advice were reviewed by Dr B (GP) on 2026-12-01."
    assert f"{reviewed}\n\nRule file mini version 1.0 (reviewed 2026-12-01), sha256 " in text
    assert "draft" not in text
    active = signed._replace(metadata=signed.metadata._replace(status="active"))
    assert "Rule file mini version 1.0 (active), sha256 " in report.render_text(evaluate(active, answers), 200)


def test_the_notices_name_a_rule_file_that_is_not_the_bundled_copy_and_a_draft(mini: RuleSet) -> None:
    own = "These questions and advice come from the rule file rules.yaml (version 1.0), not from the copy that comes with selfcheck."
    draft = (
        "Please note: this check is a draft. No clinician has reviewed its questions and advice yet, "
        "so if you are in any doubt, talk to a doctor."
    )
    active = mini._replace(metadata=mini.metadata._replace(status="active"))
    assert report.notes(active) == [own]
    assert report.notes(mini._replace(metadata=mini.metadata._replace(status="draft"))) == [own, draft]
    assert report.notes(active._replace(path=bundled_rules())) == []


def test_a_file_with_the_bundled_text_gets_no_notice_that_its_rules_are_not_the_bundled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfcheck.rulefile.loader import load_ruleset

    text = Path(bundled_rules()).read_text(encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "edited.yaml").write_text(text.replace('version: "0.', 'version: "9.', 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert not any("not from the copy" in note for note in report.notes(load_ruleset("copy.yaml")))
    assert any("edited.yaml" in note for note in report.notes(load_ruleset("edited.yaml")))


@pytest.mark.parametrize("width", [38, 58, 78])
def test_every_line_of_the_text_result_fits_the_width_the_footer_too(width: int) -> None:
    from selfcheck.rulefile.loader import load_ruleset

    result = evaluate(load_ruleset(bundled_rules()), {"urgent_signs": ("breathing",)})
    lines = report.render_text(result, width).splitlines()
    assert [line for line in lines if len(line) > width] == []
    assert any(line.startswith("Rule file ") for line in lines)
