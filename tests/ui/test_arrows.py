"""The arrow-key runner, driven in-process: keys through a prompt_toolkit pipe, what it writes recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import ColorDepth, DummyOutput

from selfcheck.cli import main as cli
from selfcheck.cli.commands import run as run_command
from selfcheck.engine.flow import Result, evaluate
from selfcheck.engine.session import Session
from selfcheck.interop.fhir import questionnaire_response
from selfcheck.model.ruleset import RuleSet
from selfcheck.render import report
from selfcheck.rulefile.loader import bundled_rules, load_ruleset
from selfcheck.ui.arrows import InteractiveRunner, Prompts, color_depth, fit, run_interactive, ticked_ok

UP, DOWN, SPACE, ENTER, ESC = "\x1b[A", "\x1b[B", " ", "\r", "\x1b"
CTRL_C, CTRL_D, CTRL_U = "\x03", "\x04", "\x15"

# Keys for the mini rule set: signs (checkbox: breathing, not sure, none of these), weakness (yes/no/not sure),
# side (left/right/both, asked after a yes).
NO_SIGNS = DOWN + DOWN + SPACE + ENTER
YES, NO = ENTER, DOWN + ENTER
RIGHT = DOWN + ENTER
SEE_RESULT = ENTER

INTRO = [
    "Mini check",
    "",
    "This self-check asks you some questions, then tells you how soon to see a",
    "doctor and what to tell them. It is not a diagnosis. Nothing you answer is",
    "stored or sent anywhere; at the end you can choose to save the result to a",
    "file.",
    "",
    "If you feel very unwell now, do not wait for this check: call your local",
    "emergency number.",
    "",
    "Use the arrow keys to move and Enter to answer. Esc goes back one question.",
    "Ctrl-C stops at any time.",
]
SIGNS = ["", "Signs - at most 3 questions left", "Any of these?", "Tick all."]
WEAK = ["", "Body - at most 2 questions left", "Weak?", "Weak means less strong."]
SIDE = ["", "Body - at most 1 question left", "Which side?", "Compare both sides."]
REVIEW = [
    "",
    "Please check your answers before you see the result.",
    'Choose an answer to change it, or choose "See my result".',
]


@pytest.fixture
def mini(mini: RuleSet) -> RuleSet:
    """The mini rule file signed off (status active) and read as the bundled copy, so the screens carry no notices.

    tests/render/test_report.py checks the notices themselves.
    """
    return mini._replace(path=bundled_rules(), metadata=mini.metadata._replace(status="active"))


def drive(ruleset: RuleSet, *typed: str) -> tuple[list[str], Result]:
    """Run the questions and the result screen on typed keys; return every line written and the result.

    The pipe is closed after the keys, so a prompt left waiting ends the test with EOFError, not a hang.
    """
    screen: list[str] = []

    def write(text: str, cls: str = "") -> None:
        screen.extend(text.split("\n"))

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(typed))
        pipe.close()
        runner = InteractiveRunner(Session(ruleset), Prompts(), write, width=lambda: 78)
        result = runner.run()
        runner.show_result(result)
    return screen, result


def test_a_whole_run_to_the_result(mini: RuleSet) -> None:
    screen, result = drive(mini, NO_SIGNS, YES, RIGHT, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("right",)}
    assert screen == [
        *INTRO,
        *SIGNS,
        "  Your answer: None of these",
        *WEAK,
        "  Your answer: Yes",
        *SIDE,
        "  Your answer: Right",
        *REVIEW,
        "",
        "=" * 72,
        "SOON: Two weeks.",
        "=" * 72,
        "",
        "Why:",
        "  - Book an appointment.",
        "",
        "What to tell the doctor:",
        "  - Weakness: Yes",
        "  - Side: Right",
        "  - You said no to: Signs",
        "",
        "If things change:",
        "  Get help if worse.",
        "",
        "Not a diagnosis.",
        "",
        screen[-1],  # the footer names the rule file's hash; the action was said once, at the top
    ]
    assert screen[-1].startswith("Rule file mini version 1.0 (active), sha256 ")


def test_an_emergency_sign_ends_the_questions_with_the_advice_first(mini: RuleSet) -> None:
    screen, result = drive(mini, SPACE + ENTER)  # tick "Breathing trouble"
    assert result.level.id == "emergency"
    assert result.answers == {"signs": ("breathing",)}
    assert screen[len(INTRO) : len(INTRO) + 10] == [
        *SIGNS,
        "  Your answer: Breathing trouble",
        "",
        "PLEASE ACT NOW. You do not need to answer any more questions.",
        "=" * 72,
        "EMERGENCY: Call now.",
        "=" * 72,
    ]
    assert "Please check your answers before you see the result." not in screen
    assert screen[-1].startswith("Rule file mini version 1.0 (active), sha256 ")


def drive_to_result(ruleset: RuleSet, *typed: str) -> tuple[list[str], Result]:
    """Like drive, through the whole result screen: the offer to undo a mis-tick after emergency advice too."""
    screen: list[str] = []

    def write(text: str, cls: str = "") -> None:
        screen.extend(text.split("\n"))

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(typed))
        pipe.close()
        result = InteractiveRunner(Session(ruleset), Prompts(), write, width=lambda: 78).run_to_result()
    return screen, result


def test_after_emergency_advice_a_mis_tick_can_be_undone(mini: RuleSet) -> None:
    # tick "Breathing trouble": the advice at once; "go back" (one Down), untick it (the pointer starts on
    # it), tick "None of these", then No to weakness and the review as usual
    undo = DOWN + ENTER
    screen, result = drive_to_result(mini, SPACE + ENTER, undo, SPACE + DOWN + DOWN + SPACE + ENTER, NO, SEE_RESULT)
    assert result.level.id == "none"
    assert result.answers == {"signs": ("none",), "weakness": ("no",)}
    first = screen.index("EMERGENCY: Call now.")
    assert screen.index("Going back one question.") > first
    assert "Please check your answers before you see the result." in screen[first:]


def test_finishing_after_emergency_advice_keeps_it(mini: RuleSet) -> None:
    screen, result = drive_to_result(mini, SPACE + ENTER, ENTER)  # tick "Breathing trouble", then finish
    assert result.level.id == "emergency"
    assert screen.count("EMERGENCY: Call now.") == 1
    assert "Going back one question." not in screen


def test_a_stop_below_emergency_keeps_the_review(mini: RuleSet) -> None:
    # "Not sure" ends the questions here, at urgent: the review still comes, where any answer can change
    stopping = mini._replace(rules=tuple(r._replace(stop=True) if r.id == "unsure" else r for r in mini.rules))
    screen, result = drive(stopping, DOWN + SPACE + ENTER, SEE_RESULT)
    assert result.level.id == "urgent"
    assert result.answers == {"signs": ("not_sure",)}
    assert "Please check your answers before you see the result." in screen
    assert "PLEASE ACT NOW. You do not need to answer any more questions." not in screen


def test_an_emergency_is_not_followed_by_the_save_offer(mini: RuleSet) -> None:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(SPACE + ENTER + ENTER)  # tick "Breathing trouble", then "No, finish here"
        pipe.close()
        result = run_interactive(mini, "never")  # a save prompt would meet the closed input and stop
    assert result.level.id == "emergency"


def test_esc_goes_back_with_the_earlier_answer_chosen(mini: RuleSet) -> None:
    # yes, then Esc at "Which side?": back at "Weak?" Enter keeps yes, so the side is asked again
    screen, result = drive(mini, NO_SIGNS, YES, ESC, ENTER, RIGHT, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("right",)}
    start = len(INTRO) + len(SIGNS) + 1
    assert screen[start : start + 15] == [
        *WEAK,
        "  Your answer: Yes",
        *SIDE,
        "Going back one question.",
        *WEAK,
        "  Your answer: Yes",
    ]


def test_going_back_and_changing_an_answer_drops_the_questions_that_no_longer_apply(mini: RuleSet) -> None:
    # Esc at "Which side?", then the earlier "Yes" is highlighted: one Down is "No"
    screen, result = drive(mini, NO_SIGNS, YES, ESC, NO, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("no",)}
    assert result.level.id == "none"
    assert screen.count("Which side?") == 1


def test_esc_on_a_checkbox_goes_back_with_the_earlier_ticks(mini: RuleSet) -> None:
    # Esc at "Weak?": back at the signs, "None of these" still ticked and Enter keeps it
    screen, result = drive(mini, NO_SIGNS, ESC, ENTER, NO, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("no",)}
    assert screen.count("  Your answer: None of these") == 2


def test_the_review_changes_an_answer_and_asks_what_follows(mini: RuleSet) -> None:
    # first weakness is no; in the review choose "Weakness: No" (the second answer), change it to yes
    # (one Up from the earlier "No"), then the side is asked, then the review comes back
    screen, result = drive(mini, NO_SIGNS, NO, DOWN + DOWN + ENTER, UP + ENTER, RIGHT, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("right",)}
    assert result.level.id == "soon"
    assert screen.count("Please check your answers before you see the result.") == 2
    assert screen.index("Which side?") > screen.index("Please check your answers before you see the result.")


def test_esc_on_an_answer_opened_from_the_review_keeps_it(mini: RuleSet) -> None:
    screen, result = drive(mini, NO_SIGNS, NO, DOWN + ENTER, ESC, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("no",)}
    assert "Keeping your earlier answer." in screen


def test_esc_in_the_review_goes_back_to_the_last_question(mini: RuleSet) -> None:
    # Esc in the review reopens "Weak?" with "No" highlighted; one Up is "Yes"
    screen, result = drive(mini, NO_SIGNS, NO, ESC, UP + ENTER, RIGHT, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("right",)}
    assert "Going back to the last question." in screen


@pytest.mark.parametrize("stop", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_or_ctrl_d_stops_with_exit_130_and_saves_nothing(
    stop: str, mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = in_a_terminal(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(NO_SIGNS + stop)
        assert cli.main(["run", "--rules", rules]) == 130
    assert capsys.readouterr().err == "\nStopped. Nothing was saved.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.yaml"]


def save(mini: RuleSet, *typed: str) -> Result:
    """A run with no signs and no weakness, then the save offer on typed keys."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(NO_SIGNS + NO + SEE_RESULT + "".join(typed))
        pipe.close()
        return run_interactive(mini, "never")


def test_the_report_is_saved_only_to_a_new_file_the_person_names(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    # Save as text; "mine.txt" exists so it is refused and the name asked again; then "report.txt"
    result = save(mini, DOWN + ENTER, CTRL_U + "mine.txt" + ENTER, CTRL_U + "report.txt" + ENTER)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("NONE: Nothing.\n\nWhat to tell the doctor:\n  - You said no to: Signs, Weakness\n")
    assert result.level.id == "none"


def test_the_suggested_name_saves_markdown(mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    save(mini, DOWN + DOWN + ENTER, ENTER)
    assert (tmp_path / "selfcheck-report.md").read_text(encoding="utf-8").startswith("# Mini check: result\n")


def test_a_name_typed_at_the_save_prompt_is_the_name_not_added_to_the_suggestion(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    save(mini, DOWN + ENTER, "mine.txt" + ENTER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_the_save_prompt_shows_the_suggested_name_that_enter_takes(mini: RuleSet) -> None:
    shown: list[str] = []

    class Recorded(Prompts):
        def text(self, message: str, default: str) -> str:
            shown.append(f"{message} [{default}]")
            return ""

    runner = InteractiveRunner(Session(mini), Recorded(), lambda text, cls="": None, width=lambda: 78)
    assert runner.file_name("selfcheck-report.txt") == "selfcheck-report.txt"
    assert shown == ["File name (Enter for selfcheck-report.txt): []"]


def test_the_hints_and_the_file_name_prompt_are_wrapped_at_a_narrow_width(mini: RuleSet) -> None:
    # At 40 columns the terminal would otherwise break the hint inside a word.
    written: list[str] = []
    shown: list[str] = []

    class Recorded(Prompts):
        def text(self, message: str, default: str) -> str:
            shown.append(message)
            return "mine.txt"

    runner = InteractiveRunner(Session(mini), Recorded(), lambda text, cls="": written.append(text), width=lambda: 38)
    runner.note("back_one")
    assert runner.file_name("selfcheck-report.txt") == "mine.txt"
    assert written == [
        "Going back one question.",
        "Type a name for the file, or press\nEnter for the one shown; Esc goes\nback.",
    ]
    assert shown == ["File name (Enter for\n  selfcheck-report.txt):"]


def test_declining_the_save_offer_writes_nothing(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    save(mini, ENTER)
    assert list(tmp_path.iterdir()) == []


def test_esc_at_the_file_name_goes_back_to_the_offer(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    save(mini, DOWN + ENTER, ESC, ENTER)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("ticked", "verdict"),
    [
        (["breathing"], True),
        (["breathing", "not_sure"], True),
        (["none"], True),
        ([], 'Nothing is ticked yet: press Space to tick an answer (or "None of these"), then Enter.'),
        (["breathing", "none"], True),  # taken: the conversation reads it the safe way
    ],
)
def test_ticked_answers_are_checked(mini: RuleSet, ticked: list[str], verdict: bool | str) -> None:
    assert ticked_ok(mini.question("signs"))(ticked) == verdict


def test_a_checkbox_refuses_only_choices_that_all_stand_alone(mini: RuleSet) -> None:
    signs = mini.question("signs")
    alone = signs._replace(choices=tuple(c._replace(exclusive=c.id != "breathing") for c in signs.choices))
    assert ticked_ok(alone)(["not_sure", "none"]) == '"Not sure" cannot be ticked together with other answers.'
    assert ticked_ok(alone)(["breathing", "none"]) is True


def test_enter_with_nothing_ticked_takes_the_highlighted_sign_and_gives_the_emergency_advice_at_once(
    mini: RuleSet,
) -> None:
    # The newcomer trial: the pointer on a sign, Enter without Space. Refusing it withheld the advice.
    screen, result = drive(mini, ENTER)
    assert result.level.id == "emergency"
    assert result.answers == {"signs": ("breathing",)}
    assert "  Your answer: Breathing trouble" in screen


@pytest.mark.parametrize(("keys", "taken"), [(DOWN + ENTER, ("not_sure",)), (DOWN + DOWN + ENTER, ("none",))])
def test_enter_with_nothing_ticked_takes_the_highlighted_choice_that_stands_alone(
    mini: RuleSet, keys: str, taken: tuple[str, ...]
) -> None:
    _, result = drive(mini, keys, NO, SEE_RESULT)
    assert result.answers == {"signs": taken, "weakness": ("no",)}


def test_enter_after_space_takes_what_is_ticked_not_the_highlighted_choice(mini: RuleSet) -> None:
    _, result = drive(mini, DOWN + DOWN + SPACE + UP + UP + ENTER, NO, SEE_RESULT)
    assert result.answers == {"signs": ("none",), "weakness": ("no",)}


def test_none_of_these_ticked_with_a_sign_gives_the_emergency_advice_at_once(mini: RuleSet) -> None:
    # "Breathing trouble" and "None of these" ticked, then Enter: as in plain mode and an answers file, the sign
    # counts, "None of these" is left out with a note, and the advice follows with no untick asked for.
    screen, result = drive(mini, SPACE + DOWN + DOWN + SPACE + ENTER)
    assert result.level.id == "emergency"
    assert result.answers == {"signs": ("breathing",)}
    assert screen[len(INTRO) : len(INTRO) + 10] == [
        *SIGNS,
        "  'None of these' cannot be chosen with other answers, so it was left out.",
        "  Your answer: Breathing trouble.",
        "",
        "PLEASE ACT NOW. You do not need to answer any more questions.",
        "=" * 72,
        "EMERGENCY: Call now.",
    ]
    assert not any("cannot be ticked together" in line for line in screen)


@pytest.mark.parametrize(
    ("color", "depth"), [("never", ColorDepth.DEPTH_1_BIT), ("always", ColorDepth.DEPTH_4_BIT), ("auto", None)]
)
def test_color_option(color: str, depth: ColorDepth | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert color_depth(color) == depth


def test_no_color_in_the_environment_turns_auto_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert color_depth("auto") == ColorDepth.DEPTH_1_BIT
    assert color_depth("always") == ColorDepth.DEPTH_4_BIT  # an explicit choice wins


def test_long_choices_wrap_under_their_first_line() -> None:
    label = "Sudden weakness, numbness, a drooping face, or speech or sight trouble that has now gone"
    assert fit(label, 48, 5).split("\n") == [
        "Sudden weakness, numbness, a drooping face,",
        "     or speech or sight trouble that has now",
        "     gone",
    ]


def in_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """`selfcheck run` as if in a terminal (keys from a pipe), on the mini rules; the rule file's path."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINI, encoding="utf-8")
    monkeypatch.setattr(run_command, "run_mode", lambda plain, term, terminal: "interactive")
    return str(rules)


def test_output_takes_the_result_instead_of_the_save_offer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules, out = in_a_terminal(monkeypatch, tmp_path), tmp_path / "result.md"
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(NO_SIGNS + NO + SEE_RESULT)
        pipe.close()
        assert cli.main(["run", "--rules", rules, "--output", str(out), "--format", "markdown"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Mini check: result\n")
    assert capsys.readouterr().out == f"Saved the result to {out}.\n"


@pytest.mark.parametrize("fmt", ["json", "markdown", "fhir"])
def test_another_format_is_printed_after_the_result_screen_instead_of_the_save_offer(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = in_a_terminal(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(NO_SIGNS + NO + SEE_RESULT)
        pipe.close()  # a save offer would meet the closed input and stop with 130
        assert cli.main(["run", "--rules", rules, "--format", fmt]) == 0
    out = capsys.readouterr().out
    result = evaluate(load_ruleset(rules), {"signs": ("none",), "weakness": ("no",)})
    if fmt == "fhir":  # the response carries the moment it was authored
        assert out == "\n" + questionnaire_response.render_response(result, json.loads(out)["authored"])
    else:
        assert out == "\n" + report.render(result, fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.yaml"]


def test_an_output_file_that_exists_is_refused_before_any_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules, out = in_a_terminal(monkeypatch, tmp_path), tmp_path / "result.txt"
    out.write_text("keep me", encoding="utf-8")
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.close()  # a question would meet the closed input and stop with 130
        assert cli.main(["run", "--rules", rules, "--output", str(out)]) == 1
    assert capsys.readouterr().err == f"{out}: already exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "keep me"


def test_a_draft_rule_file_says_so_before_the_first_question(mini: RuleSet) -> None:
    draft = mini._replace(metadata=mini.metadata._replace(status="draft"))
    screen, _ = drive(draft, NO_SIGNS, NO, SEE_RESULT)
    notice = screen.index("Please note: this check is a draft. No clinician has reviewed its questions")
    assert screen[notice - 1] == ""
    assert screen[notice + 1] == "and advice yet, so if you are in any doubt, talk to a doctor."
    assert notice < screen.index("Signs - at most 3 questions left")


@pytest.mark.parametrize("width", [78, 40])
def test_a_checklist_hint_fits_the_screen_width(mini: RuleSet, width: int) -> None:
    # questionary shows the hint on one line and cuts it at the screen's edge ("then" without "Enter.").
    hint = ticked_ok(mini.question("signs"), width=width)([])
    assert isinstance(hint, str)
    assert all(len(line) <= width for line in hint.split("\n"))
    assert (
        " ".join(hint.split())
        == 'Nothing is ticked yet: press Space to tick an answer (or "None of these"), then Enter.'
    )
