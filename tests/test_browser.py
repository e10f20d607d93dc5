"""LHC-Forms, the US National Library of Medicine's form filler, in headless Chromium: what selfcheck asks, its level."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from selfcheck.cases.casefile import bundled_cases, load_cases
from selfcheck.engine import flow
from selfcheck.interop.fhir import questionnaire
from selfcheck.interop.fhir.importing import answers_from_response, read_response
from selfcheck.model.ruleset import RuleSet

pytestmark = pytest.mark.browser

# Where .ci/browser-setup puts LHC-Forms and playwright-core (outside the repository).
CACHE = Path(os.environ.get("SELFCHECK_BROWSER_CACHE", Path.home() / ".cache" / "selfcheck-browser"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCRIPT = Path(__file__).parent / "browser" / "lforms_stories.mjs"

# Stories told by the bundled cases, so they follow the clinical content as it changes.
STORIES = {
    "sign_sudden_weakness": "An emergency sign",
    "under_18_no_signs": "Under 18",
    "diagnosed_nothing_new": "A specialist sees them, nothing new",
    "typical_hand_weakness_one_side": "A slowly worsening hand",
}
# LHC-Forms does not enforce 'None of these' standing alone, and keeps the answers of items it hides.
TICKED_WITH_NONE = "sign_ticked_with_none_of_these"
CHANGED_MIND = "hand_then_breathing_trouble"


def missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js (node) is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not at {CHROMIUM} (Debian package chromium; .ci/browser-setup installs it)"
    for part in ("lforms/dist/lforms/webcomponent/lhc-forms.js", "playwright-core/index.mjs"):
        if not (CACHE / part).exists():
            return f"{CACHE / part} is missing: run .ci/browser-setup (npm packages lforms and playwright-core)"
    return None


def case_answers(ruleset: RuleSet) -> dict[str, dict[str, tuple[str, ...]]]:
    case_file, _ = load_cases(bundled_cases(), ruleset)
    return {case.id: dict(case.answers) for case in case_file.cases if case.id in STORIES}


def stories(ruleset: RuleSet) -> list[dict[str, Any]]:
    cases = case_answers(ruleset)
    told = [{"id": cid, "title": title, "answers": cases[cid]} for cid, title in STORIES.items()]
    hand = cases["typical_hand_weakness_one_side"]
    told.append(
        {
            "id": TICKED_WITH_NONE,
            "title": "A red flag ticked next to 'None of these'",
            "answers": {**hand, "urgent_signs": ("none", "breathing")},
        }
    )
    told.append(
        {
            "id": CHANGED_MIND,
            "title": "A slowly worsening hand, then breathing trouble ticked after all",
            "answers": hand,
            "afterwards": [("urgent_signs", "none"), ("urgent_signs", "breathing")],
        }
    )
    return told


@pytest.fixture(scope="module")
def filled(bundled: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("lforms")
    (work / "questionnaire.json").write_text(questionnaire.render_questionnaire(bundled), encoding="utf-8")
    (work / "stories.json").write_text(json.dumps(stories(bundled)), encoding="utf-8")
    env = {**os.environ, "CHROMIUM": CHROMIUM}
    run = subprocess.run(
        ["node", str(SCRIPT), str(CACHE), str(work)], capture_output=True, text=True, timeout=600, env=env
    )
    assert run.returncode == 0, run.stderr[-3000:]
    done = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert done["errors"] == []
    # Screenshots to look at: kept in SELFCHECK_SCREENSHOTS when set (CI), else in pytest's temporary folder.
    keep = os.environ.get("SELFCHECK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for result in done["results"]:
            shutil.copy(result["screenshot"], keep)
    return {result["id"]: result for result in done["results"]}


def shown_questions(result: dict[str, Any]) -> list[str]:
    return [link for link in result["shown"] if not link.startswith("advice-")]


@pytest.mark.parametrize("story", list(STORIES))
def test_the_page_shows_the_questions_selfcheck_asks_and_reads_back_to_its_level(
    story: str, filled: dict[str, dict[str, Any]], bundled: RuleSet
) -> None:
    expected = flow.evaluate(bundled, case_answers(bundled)[story])
    result = filled[story]
    assert result["answered"] == list(expected.answers)
    assert result["shown"] == [*expected.answers, f"advice-{expected.level.id}"]
    assert Path(result["screenshot"]).stat().st_size > 10_000
    back = answers_from_response(bundled, json.dumps(result["response"]))
    assert (back, flow.evaluate(bundled, back).level.id) == (expected.answers, expected.level.id)


def test_an_emergency_sign_hides_every_later_question_and_shows_the_emergency_action(
    filled: dict[str, dict[str, Any]], bundled: RuleSet
) -> None:
    assert filled["sign_sudden_weakness"]["shown"] == ["urgent_signs", "advice-emergency"]
    assert bundled.level("emergency").action.startswith("Call")


def test_a_sign_ticked_next_to_none_of_these_on_the_page_counts_as_the_sign(
    filled: dict[str, dict[str, Any]], bundled: RuleSet
) -> None:
    result = filled[TICKED_WITH_NONE]
    assert result["shown"] == ["urgent_signs", "advice-emergency"]
    reading = read_response(bundled, json.dumps(result["response"]))
    assert (reading.answers, reading.problems) == ({"urgent_signs": ("breathing",)}, ())
    assert [w.message for w in reading.warnings] == [
        "'none' is ticked with other choices, which it excludes: 'breathing' counted, 'none' ignored"
    ]
    assert flow.evaluate(bundled, reading.answers).level.id == "emergency"


def test_a_sign_ticked_after_the_whole_form_hides_the_rest_and_its_answers_are_ignored(
    filled: dict[str, dict[str, Any]], bundled: RuleSet
) -> None:
    result = filled[CHANGED_MIND]
    assert result["shown"] == ["urgent_signs", "advice-emergency"]
    reading = read_response(bundled, json.dumps(result["response"]))
    assert (reading.answers, reading.problems) == ({"urgent_signs": ("breathing",)}, ())
    # Whatever the form keeps of the hidden answers is ignored, each with a warning, and changes nothing.
    hidden = [i["linkId"] for i in result["response"]["item"] if i["linkId"] != "urgent_signs"]
    assert [w.message.split("'")[1] for w in reading.warnings] == hidden
    assert flow.evaluate(bundled, reading.answers).level.id == "emergency"
