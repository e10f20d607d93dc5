"""End to end in a real pseudo-terminal: `python -m selfcheck` driven with pexpect, as a person would."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import MINI

from selfcheck.engine import flow
from selfcheck.model.ruleset import RuleSet

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
UP, DOWN, SPACE, ENTER, ESC = "\x1b[A", "\x1b[B", " ", "\r", "\x1b"
# SGR parameters that set a colour (30-38, 40-48, 90-97, 100-107); bold, italic and resets are not colour.
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def spawn(cwd: Path, *args: str, rows: int = 40, columns: int = 100, **env: str) -> pexpect.spawn:
    """selfcheck in a 100x40 terminal (or the size given); NO_COLOR and TERM from the test's own environment do not
    leak in."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "PROMPT_TOOLKIT_COLOR_DEPTH")}
    # No cursor position requests: prompt_toolkit would wait for a reply pexpect never sends.
    base.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color", PYTHONPATH=str(ROOT), COLUMNS=str(columns))
    base.update(env)
    return pexpect.spawn(
        sys.executable,
        ["-m", "selfcheck", *args],
        cwd=str(cwd),
        env=base,
        dimensions=(rows, columns),
        encoding="utf-8",
        timeout=15,
    )


def answer(child: pexpect.spawn, question: str, keys: str) -> None:
    """Wait until the question and its prompt are on screen, then type."""
    # Where the intro and the first question do not fit on the screen together, the intro waits for a key.
    if child.expect_exact([question, "Press any key to start the questions."]) == 1:
        child.send(ENTER)
        child.expect_exact(question)
    child.expect(r"Tick all that apply|Choose one|Your answers|Save this report")
    child.send(keys)


def finish(child: pexpect.spawn) -> tuple[int, str]:
    """Wait for the end; the exit status and everything shown since the last expect."""
    child.expect(pexpect.EOF)
    rest: str = child.before
    child.close()
    return child.exitstatus, rest


@pytest.fixture
def rules(tmp_path: Path) -> str:
    path = tmp_path / "rules.yaml"
    path.write_text(MINI, encoding="utf-8")
    return str(path)


def test_a_full_run_of_the_bundled_rules_to_the_result(tmp_path: Path, bundled: RuleSet) -> None:
    child = spawn(tmp_path)
    child.expect_exact("It is not a diagnosis. Nothing you answer is stored or sent anywhere")
    # None of these, 18 to 39, not diagnosed, No to everything else; the keys follow the file's own order.
    given: dict[str, tuple[str, ...]] = {}
    first = {"urgent_signs": "none", "age": "age_18_39", "diagnosed": "no"}
    while (question := flow.next_question(bundled, given)) is not None:
        choice = first.get(question.id, "none" if question.type == "multiple" else "no")
        tick = SPACE if question.type == "multiple" else ""
        answer(child, question.text[:30], DOWN * question.choice_ids.index(choice) + tick + ENTER)
        given[question.id] = (choice,)
    answer(child, "Please check your answers before you see the result.", ENTER)
    child.expect_exact("NOTHING ON THIS CHECKLIST: You did not say yes to any of the changes this check asks about.")
    child.expect_exact("What to tell the doctor:")
    child.expect_exact("This self-check is not a diagnosis.")
    answer(child, "Rule file mmn_selfcheck", ENTER)  # No, finish here
    child.expect_exact("Nothing was saved.")
    status, _ = finish(child)
    assert status == 0
    assert list(tmp_path.iterdir()) == []


def test_an_emergency_sign_shows_the_advice_at_once_and_ends(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Do you have any of these right now", SPACE + ENTER)  # sudden weakness
    child.expect_exact("PLEASE ACT NOW. You do not need to answer any more questions.")
    child.expect_exact("EMERGENCY: Call your local emergency number now")
    child.expect_exact("What to tell the doctor:")
    answer(child, "Did you choose something by mistake?", ENTER)  # No, finish here
    status, rest = finish(child)
    assert status == 0
    assert "How old are you?" not in rest
    assert "Save this report" not in rest


def at_the_signs_on_80x24(tmp_path: Path) -> pexpect.spawn:
    """selfcheck on an 80x24 terminal, past the intro, with the emergency signs' checklist drawn."""
    child = spawn(tmp_path, rows=24, columns=80, NO_COLOR="1")
    child.expect_exact("Press any key to start the questions.")
    child.send(ENTER)
    child.expect_exact("None of these")  # the checklist's last choice: the prompt is drawn
    return child


def test_a_sign_ticked_with_none_of_these_on_80x24_gives_the_emergency_advice_at_once(tmp_path: Path) -> None:
    # The new-user trial's keys: a sign ticked (Down, Space), then "None of these" too (Up twice wraps round to
    # it, Space), Enter. The sign counts, "None of these" is left out with the note, the advice follows.
    child = at_the_signs_on_80x24(tmp_path)
    child.send(DOWN + SPACE + UP + UP + SPACE + ENTER)
    child.expect_exact("'None of these' cannot be chosen with other answers, so it was left out.")
    child.expect_exact("Your answer: One side of the face drooping.")
    child.expect_exact("PLEASE ACT NOW. You do not need to answer any more questions.")
    child.expect_exact("EMERGENCY: Call your local emergency number now")
    answer(child, "Did you choose something by mistake?", ENTER)  # No, finish here
    status, rest = finish(child)
    assert status == 0
    assert "cannot be ticked together" not in rest


def test_enter_on_a_highlighted_sign_with_nothing_ticked_on_80x24_gives_the_emergency_advice_at_once(
    tmp_path: Path,
) -> None:
    # The newcomer trial's keys: Down to "One side of the face drooping", Enter without Space.
    child = at_the_signs_on_80x24(tmp_path)
    child.send(DOWN + ENTER)
    child.expect_exact("Your answer: One side of the face drooping\r")
    child.expect_exact("PLEASE ACT NOW. You do not need to answer any more questions.")
    child.expect_exact("EMERGENCY: Call your local emergency number now")
    answer(child, "Did you choose something by mistake?", ENTER)  # No, finish here
    status, rest = finish(child)
    assert status == 0
    assert "Nothing is ticked yet" not in rest


@pytest.mark.parametrize(("choice", "then"), [("none", "How old are you?"), ("not_sure", "How old are you?")])
def test_enter_on_a_highlighted_choice_that_stands_alone_takes_it(
    tmp_path: Path, bundled: RuleSet, choice: str, then: str
) -> None:
    signs = bundled.question("urgent_signs")
    label = signs.choices[signs.choice_ids.index(choice)].label
    child = at_the_signs_on_80x24(tmp_path)
    child.send(DOWN * signs.choice_ids.index(choice) + ENTER)
    child.expect_exact(f"Your answer: {label}\r")
    child.expect_exact(then)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert "Nothing is ticked yet" not in child.before


def test_plain_mode_on_80x24_says_the_emergency_action_again_just_above_its_last_prompt(tmp_path: Path) -> None:
    # The report's explanation scrolls the headline off a 24-line screen: the lines still on it when the last
    # prompt waits must hold the action.
    child = spawn(tmp_path, rows=24, columns=80, TERM="dumb")
    child.expect_exact("Type the numbers of all that apply, separated by commas")
    child.sendline("1")  # the first sign: sudden weakness or numbness
    child.expect_exact("Enter to finish.\r\n> ")
    lines = child.before.replace("\r", "").split("\n")
    prompt = max(i for i, line in enumerate(lines) if line.startswith("If you chose something by mistake"))
    assert lines[prompt - 3 : prompt] == [
        "EMERGENCY: Call your local emergency number now (for example 999 in the UK,",
        "911 in the US, 112 in the EU).",
        "",
    ]
    child.sendline("")
    status, _ = finish(child)
    assert status == 0


def test_a_mis_tick_can_be_undone_after_the_emergency_advice(tmp_path: Path) -> None:
    # The whole way back and on is driven in-process (test_runner); here: the real terminal goes back.
    child = spawn(tmp_path)
    answer(child, "Do you have any of these right now", SPACE + ENTER)  # sudden weakness, by mistake
    child.expect_exact("EMERGENCY: Call your local emergency number now")
    answer(child, "Did you choose something by mistake?", DOWN + ENTER)  # go back
    child.expect_exact("Going back one question.")
    child.expect_exact("Do you have any of these right now")
    child.expect_exact("Tick all that apply")
    child.sendcontrol("c")
    status, _ = finish(child)
    assert status == 130


def test_go_back_and_change_an_answer(tmp_path: Path, rules: str) -> None:
    child = spawn(tmp_path, "--rules", rules)
    answer(child, "Any of these?", DOWN * 2 + SPACE + ENTER)
    answer(child, "Weak?", ENTER)  # Yes
    child.expect_exact("Esc goes back")
    answer(child, "Which side?", ESC)
    child.expect_exact("Going back one question.")
    answer(child, "Weak?", DOWN + ENTER)  # the earlier Yes is highlighted: one down is No
    child.expect_exact("Your answer: No")
    answer(child, "Please check your answers", ENTER)
    child.expect_exact("NONE: Nothing.")
    child.expect_exact("You said no to: Signs, Weakness")
    answer(child, "Rule file mini", ENTER)
    status, _ = finish(child)
    assert status == 0


def test_review_and_change_an_answer(tmp_path: Path, rules: str) -> None:
    child = spawn(tmp_path, "--rules", rules)
    answer(child, "Any of these?", DOWN * 2 + SPACE + ENTER)
    answer(child, "Weak?", DOWN + ENTER)  # No
    answer(child, "Please check your answers", DOWN * 2 + ENTER)  # "Weakness: No"
    answer(child, "Weak?", UP + ENTER)  # Yes
    answer(child, "Which side?", DOWN + ENTER)  # Right, asked now that the answer changed
    answer(child, "Please check your answers", ENTER)
    child.expect_exact("SOON: Two weeks.")
    child.expect_exact("Side: Right")
    answer(child, "Rule file mini", DOWN + ENTER)  # save as text
    child.expect_exact("File name (Enter for selfcheck-report.txt):")
    child.send(ENTER)  # the suggested name
    child.expect_exact("Saved the report to")
    status, _ = finish(child)
    assert status == 0
    assert (tmp_path / "selfcheck-report.txt").read_text(encoding="utf-8").startswith("SOON: Two weeks.\n")


def test_ctrl_c_stops_with_exit_130_and_no_traceback(tmp_path: Path, rules: str) -> None:
    child = spawn(tmp_path, "--rules", rules)
    answer(child, "Any of these?", DOWN * 2 + SPACE + ENTER)
    answer(child, "Weak?", "\x03")
    child.expect_exact("Stopped. Nothing was saved.")
    status, rest = finish(child)
    assert status == 130
    assert "Traceback" not in child.before + rest


@pytest.mark.parametrize("where", ["checkbox", "select"])
def test_an_external_sigint_stops_every_prompt(tmp_path: Path, rules: str, where: str) -> None:
    child = spawn(tmp_path, "--rules", rules)
    child.expect_exact("Tick all that apply")
    if where == "select":
        child.send(DOWN * 2 + SPACE + ENTER)
        child.expect_exact("Choose one")
    child.kill(signal.SIGINT)
    child.expect_exact("Stopped. Nothing was saved.")
    status, _ = finish(child)
    assert status == 130


def test_without_a_terminal_run_stops_and_names_the_other_ways(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TERM"} | {"PYTHONPATH": str(ROOT), "TERM": "xterm"}
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "run"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "selfcheck: there is no terminal to ask the questions in. Use `selfcheck run --plain` to answer "
        "numbered questions (for pipes and screen readers), or `selfcheck run --answers FILE` to take the "
        "answers from a file.\n"
    )


@pytest.mark.parametrize("stop", ["c", "d"], ids=["ctrl-c", "ctrl-d"])
def test_a_dumb_terminal_gets_plain_mode_which_stops_the_same_way(tmp_path: Path, rules: str, stop: str) -> None:
    child = spawn(tmp_path, "--rules", rules, TERM="dumb")
    child.expect_exact("Type the numbers of all that apply, separated by commas")
    child.sendline("3")
    child.expect_exact("Weak?")
    child.sendcontrol(stop)
    child.expect_exact("Stopped. Nothing was saved.")
    status, _ = finish(child)
    assert status == 130


def run_to_the_result(tmp_path: Path, rules: str, *args: str, **env: str) -> str:
    """A whole run on the mini rules; everything the terminal received, escapes included."""
    child = spawn(tmp_path, "--rules", rules, *args, **env)
    answer(child, "Any of these?", DOWN * 2 + SPACE + ENTER)
    answer(child, "Weak?", ENTER)
    answer(child, "Which side?", ENTER)
    answer(child, "Please check your answers", ENTER)
    child.expect_exact("SOON: Two weeks.")
    shown: str = child.before + child.after
    answer(child, "Rule file mini", ENTER)
    status, rest = finish(child)
    assert status == 0
    return shown + rest


@pytest.mark.parametrize(
    ("args", "env"), [((), {"NO_COLOR": "1"}), (("--color", "never"), {})], ids=["NO_COLOR", "--color never"]
)
def test_no_colour_when_asked(tmp_path: Path, rules: str, args: tuple[str, ...], env: dict[str, str]) -> None:
    shown = run_to_the_result(tmp_path, rules, *args, **env)
    assert "SOON: Two weeks." in shown
    assert COLOUR.findall(shown) == []


def test_colour_otherwise_and_always_wins_over_no_color(tmp_path: Path, rules: str) -> None:
    # The other side of the tests above: the pattern does find the colours when they are used.
    assert COLOUR.search(run_to_the_result(tmp_path, rules))
    assert COLOUR.search(run_to_the_result(tmp_path, rules, "--color", "always", NO_COLOR="1"))
