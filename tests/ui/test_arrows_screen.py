"""The arrow-key runner on a small screen: the first question and its choices stay in view, Esc on the first says so."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MINI, ruleset_from
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from selfcheck.engine.session import Session
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile.loader import bundled_rules
from selfcheck.ui.arrows import InteractiveRunner, Prompts

DOWN, SPACE, ENTER, ESC = "\x1b[B", " ", "\r", "\x1b"
NO_SIGNS = DOWN + DOWN + SPACE + ENTER
NOTE = "This is the first question; there is nothing to go back to."


class Recorded(Prompts):
    """Prompts that also record the message each one showed, and each pause."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def select(self, message: str, *args: Any, **kwargs: Any) -> Any:
        self.shown.append(message)
        return super().select(message, *args, **kwargs)

    def checkbox(self, message: str, *args: Any, **kwargs: Any) -> Any:
        self.shown.append(message)
        return super().checkbox(message, *args, **kwargs)

    def pause(self, message: str) -> None:
        self.shown.append(f"pause: {message}")
        super().pause(message)


def drive(ruleset: RuleSet, rows: int, *typed: str, to_result: bool = False) -> tuple[list[str], list[str]]:
    """Every line written and every prompt's message, on a screen of rows lines by 80 columns."""
    screen: list[str] = []

    def write(text: str, cls: str = "") -> None:
        screen.extend(text.split("\n"))

    prompts = Recorded()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(typed))
        pipe.close()
        runner = InteractiveRunner(Session(ruleset), prompts, write, width=lambda: 78, rows=lambda: rows)
        runner.run_to_result() if to_result else runner.run()
    return screen, prompts.shown


@pytest.fixture
def mini() -> RuleSet:
    ruleset = ruleset_from(MINI)
    return ruleset._replace(path=bundled_rules(), metadata=ruleset.metadata._replace(status="active"))


def test_on_a_tall_screen_the_prompt_says_what_to_do_and_the_question_is_above_it(mini: RuleSet) -> None:
    screen, shown = drive(mini, 40, NO_SIGNS, DOWN + ENTER, ENTER)
    assert shown == ["Tick all that apply", "Choose one", "Your answers"]
    assert "Any of these?" in screen


def test_on_a_short_screen_the_intro_waits_and_the_prompt_asks_the_question(mini: RuleSet) -> None:
    screen, shown = drive(mini, 8, ENTER, NO_SIGNS, DOWN + ENTER, ENTER)
    assert shown[:3] == [
        "pause: Press any key to start the questions.",
        "Any of these? (arrows move, Space ticks, Enter when done)",
        "Weak? (arrows move, Enter chooses, Esc goes back)",
    ]
    assert screen[-1] != ""  # the lines above the prompt are still written, for the scrollback


def test_esc_on_the_first_question_says_it_is_the_first_and_stays(mini: RuleSet) -> None:
    screen, shown = drive(mini, 40, ESC, NO_SIGNS, DOWN + ENTER, ENTER)
    assert screen[screen.index("Tick all.") + 1] == NOTE
    assert shown == ["Tick all that apply", "Choose one", "Your answers"]


def test_esc_on_the_first_question_of_a_short_screen_puts_the_note_in_the_prompt(mini: RuleSet) -> None:
    _, shown = drive(mini, 8, ENTER, ESC, NO_SIGNS, DOWN + ENTER, ENTER)
    assert shown[1:3] == [
        "Any of these? (arrows move, Space ticks, Enter when done)",
        "This is the first question; there is nothing to go back to. Any of these?\n  (arrows move, Space ticks, Enter when done)",
    ]


def test_the_first_question_note_is_not_shown_again_when_the_question_is_changed_from_the_review(
    mini: RuleSet,
) -> None:
    # Esc on the first question, answer it, then change it from the review: the note was for the prompt asked
    # again just after Esc, and is stale there.
    _, shown = drive(mini, 8, ENTER, ESC, NO_SIGNS, DOWN + ENTER, DOWN + ENTER, ENTER, ENTER)
    assert shown[2].startswith(NOTE)
    assert shown[4] == "Your answers"
    assert shown[5].startswith("Any of these?")
    assert shown[6] == "Your answers"


@pytest.mark.parametrize(
    ("rows", "again"),
    [
        (5, NOTE + " Any of these?\n  (arrows move, Space ticks, Enter when done)"),
        (4, NOTE + " Any of these?"),  # with the keys too, the last choice would be off the screen
    ],
)
def test_the_note_in_the_prompt_leaves_room_for_every_choice(mini: RuleSet, rows: int, again: str) -> None:
    _, shown = drive(mini, rows, ENTER, ESC, NO_SIGNS, DOWN + ENTER, ENTER)
    assert shown[1:3] == ["Any of these? (arrows move, Space ticks, Enter when done)", again]


@pytest.mark.parametrize(("rows", "repeated"), [(24, True), (200, False)])
def test_emergency_advice_is_said_again_above_the_undo_prompt_when_the_report_scrolls_it_away(
    rows: int, repeated: bool
) -> None:
    """At 80x24 the report pushes 'call now' off the top; the person must still see it while the prompt waits."""
    ruleset = bundled_rules_set()
    breathing = ruleset.question("urgent_signs").choice_ids.index("breathing")
    screen, _ = drive(ruleset, rows, ENTER, DOWN * breathing + SPACE + ENTER, ENTER, to_result=True)
    before_prompt = screen[: screen.index("Did you choose something by mistake?")]
    assert before_prompt[-3].startswith("EMERGENCY: Call your local emergency number now") is repeated
    assert sum(line.startswith("EMERGENCY: ") for line in screen) == (2 if repeated else 1)


def bundled_rules_set() -> RuleSet:
    from selfcheck.rulefile.loader import load_ruleset

    return load_ruleset(bundled_rules())
