"""Plain mode: numbered questions read with input(), for pipes and screen readers."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINI, plain_replies

from selfcheck.cli.main import main
from selfcheck.engine.flow import Result, evaluate
from selfcheck.engine.session import Session
from selfcheck.model.ruleset import RuleSet
from selfcheck.render.report import render_markdown, render_text
from selfcheck.rulefile.loader import load_ruleset
from selfcheck.ui import plain
from selfcheck.ui.plain import PlainRunner, parse_choice

ROOT = Path(__file__).resolve().parents[2]


def run_plain(ruleset: RuleSet, replies: list[str]) -> tuple[Session, str]:
    """Run plain mode in-process on scripted replies; return the session and everything written."""
    feed: Iterator[str] = iter(replies)
    out: list[str] = []

    def ask(prompt: str) -> str:
        out.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    session = PlainRunner(Session(ruleset), ask=ask, write=out.append).run()
    return session, "\n".join(out)


def test_a_whole_run_with_review(mini: RuleSet) -> None:
    session, shown = run_plain(mini, ["3", "1", "2", ""])
    assert session.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("right",)}
    assert session.result().level.id == "soon"
    assert "  1) Breathing trouble\n  2) Not sure\n  3) None of these\n" in shown
    assert "Please check your answers:\n  1) Signs: None of these\n  2) Weakness: Yes\n  3) Side: Right\n" in shown


def test_the_first_screen_shows_section_progress_and_how_to_answer(mini: RuleSet) -> None:
    _, shown = run_plain(mini, ["3", "2", ""])
    lines = shown.splitlines()
    assert lines[:3] == ["Mini check", "", "This self-check asks you some questions, then tells you how soon to see a"]
    assert "It is not a diagnosis. Nothing you answer is stored or sent anywhere." in shown.replace("\n", " ")
    first = lines.index("Signs - at most 3 questions left") - 1
    assert lines[first : first + 7] == [
        "",
        "Signs - at most 3 questions left",
        "Any of these?",
        "  1) Breathing trouble",
        "  2) Not sure",
        "  3) None of these",
        "Type the numbers of all that apply, separated by commas; ? for help.",
    ]


def test_help_back_and_invalid_input(mini: RuleSet) -> None:
    session, shown = run_plain(mini, ["?", "9", "3", "b", "", "x", "2", ""])
    assert "  Tick all." in shown
    assert "'9' is not one of the numbers 1 to 3." in shown
    assert (
        "Type the numbers of all that apply, separated by commas, Enter to keep the\ncurrent answer; ? for help."
        in shown
    )
    assert "'x' is not one of the numbers 1 to 3." in shown
    assert session.answers == {"signs": ("none",), "weakness": ("no",)}


@pytest.mark.parametrize(
    ("typed", "counted", "said"),
    [
        ("1,3", ("breathing",), "answer: Breathing trouble."),
        ("3, 2", ("not_sure",), "answer: Not sure."),
    ],
)
def test_none_of_these_typed_with_a_sign_counts_the_sign_and_says_so(
    mini: RuleSet, typed: str, counted: tuple[str, ...], said: str
) -> None:
    # As an answers file reads it: the sign is never dropped, and the person is told what was done.
    session, shown = run_plain(mini, [typed, "2", ""])
    assert session.answers["signs"] == counted
    lines = shown.splitlines()
    note = lines.index("'None of these' cannot be chosen with other answers, so it was left out. Your")
    assert lines[note + 1] == said


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1,x", ["'x' was not one of the numbers 1 to 3 and was left out."]),
        ("x 1", ["'x' was not one of the numbers 1 to 3 and was left out."]),
        ("1,4", ["'4' was not one of the numbers 1 to 3 and was left out."]),
        (
            "0,1,x,0",
            [
                "'0' was not one of the numbers 1 to 3 and was left out.",
                "'x' was not one of the numbers 1 to 3 and was left out.",
            ],
        ),
        (
            "1,3,x",
            [
                "'x' was not one of the numbers 1 to 3 and was left out.",
                "'None of these' cannot be chosen with other answers, so it was left out. Your",
                "answer: Breathing trouble.",
            ],
        ),
    ],
)
def test_a_typo_next_to_an_emergency_sign_gives_the_advice_at_once_and_says_what_was_left_out(
    mini: RuleSet, typed: str, said: list[str]
) -> None:
    # As an answers file reads it: the parts that name choices give emergency advice by themselves, so the
    # part that cannot be read is left out rather than holding the advice back while the question is asked again.
    session, shown = run_plain(mini, [typed])
    assert session.answers == {"signs": ("breathing",)}
    assert session.shows_at_once()
    lines = shown.splitlines()
    assert lines[lines.index("> ") + 1 :] == said


@pytest.mark.parametrize("typed", ["2,x", "x", "2,9", "3,x"])
def test_a_typo_with_no_emergency_sign_is_asked_again(mini: RuleSet, typed: str) -> None:
    session, shown = run_plain(mini, [typed, "3", "2", ""])
    assert session.answers == {"signs": ("none",), "weakness": ("no",)}
    lines = shown.splitlines()
    first = lines.index("> ")
    part = typed.split(",")[-1]
    assert lines[first : first + 3] == ["> ", f"'{part}' is not one of the numbers 1 to 3.", "> "]


def test_choices_that_all_stand_alone_typed_together_are_refused(mini: RuleSet) -> None:
    signs = mini.question("signs")
    alone = signs._replace(choices=tuple(c._replace(exclusive=c.id != "breathing") for c in signs.choices))
    assert parse_choice(alone, "2,3", ()) == "'Not sure' cannot be chosen with other answers."
    assert parse_choice(alone, "1,3", ()) == ("breathing", "none")


def test_review_can_change_an_answer_and_replan(mini: RuleSet) -> None:
    session, shown = run_plain(mini, ["3", "2", "2", "1", "1", ""])
    assert session.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("left",)}
    assert shown.count("Please check your answers:") == 2


def test_b_on_an_answer_opened_from_the_review_keeps_it(mini: RuleSet) -> None:
    # As Esc does in the arrow-key runner: the review comes back with the answer as it was.
    session, shown = run_plain(mini, ["3", "2", "2", "b", ""])
    assert session.answers == {"signs": ("none",), "weakness": ("no",)}
    assert shown.count("Please check your answers:") == 2
    lines = shown.splitlines()
    assert lines[lines.index("Keeping your earlier answer.") + 2] == "Please check your answers:"


def test_an_emergency_answer_goes_straight_to_the_result(mini: RuleSet) -> None:
    session, shown = run_plain(mini, ["1"])
    assert session.result().level.id == "emergency"
    assert "Please check your answers" not in shown


def test_end_of_input_stops(mini: RuleSet) -> None:
    with pytest.raises(EOFError):
        run_plain(mini, ["3"])


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("", "Please type a number from 1 to 3."),
        ("1 2", ("breathing", "not_sure")),
        ("2,2", ("not_sure",)),
        ("0", "'0' is not one of the numbers 1 to 3."),
    ],
)
def test_parse_choice(mini: RuleSet, reply: str, expected: object) -> None:
    assert parse_choice(mini.question("signs"), reply, ()) == expected


def test_single_choice_takes_one_number(mini: RuleSet) -> None:
    assert parse_choice(mini.question("side"), "1,2", ()) == "Please choose only one number."


def selfcheck(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60
    )


# Every question of the bundled rules answered: no signs, 40-59, not diagnosed, nothing reported.
NOTHING: dict[str, tuple[str, ...]] = {
    "urgent_signs": ("none",),
    "age": ("age_40_59",),
    "diagnosed": ("no",),
    "back_pain_with": ("none",),
    "body_signs": ("none",),
    "weakness_where": ("hand",),
    "weakness_side": ("right_more",),
    "numbness_where": ("same_place",),
    "duration": ("months_1_to_12",),
    "course": ("weeks_months",),
}


def replies_for(bundled: RuleSet, **answers: str) -> list[str]:
    """The plain-mode replies for these answers, every other question answered as in NOTHING (or No)."""
    given = {q.id: ("no",) for q in bundled.questions if q.type == "yesno"} | NOTHING
    return plain_replies(bundled, given | {qid: tuple(ids.split(",")) for qid, ids in answers.items()})


def test_piped_plain_session_end_to_end(tmp_path: Path, bundled: RuleSet) -> None:
    # no signs, 40-59, not diagnosed, weak right hand with wrist drop, nothing else, 1-12 months, worsening
    replies = [*replies_for(bundled, weakness="yes", wrist_drop="yes"), ""]
    out = tmp_path / "result.json"
    proc = selfcheck("run", "--plain", "--format", "json", "--output", str(out), stdin="\n".join(replies) + "\n")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data["level"] == "soon"
    assert [f["id"] for f in data["fired"]] == ["soon_weakness_worsening", "soon_drop"]


@pytest.mark.parametrize("typo", ["x", "17"])
def test_a_piped_typo_next_to_an_emergency_sign_shows_the_emergency_result(bundled: RuleSet, typo: str) -> None:
    signs = bundled.question("urgent_signs")
    count = len(signs.choices)
    face = signs.choice_ids.index("face_droop") + 1
    done = selfcheck("run", "--plain", stdin=f"{face},{typo}\n")
    lines = done.stdout.splitlines()
    note = lines.index(f"> '{typo}' was not one of the numbers 1 to {count} and was left out.")
    assert lines[note + 1 : note + 4] == [
        "",
        "EMERGENCY: Call your local emergency number now (for example 999 in the UK,",
        "911 in the US, 112 in the EU).",
    ]
    assert done.returncode == 0, done.stderr


def test_piped_plain_session_that_runs_out_of_input_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "result.txt"
    proc = selfcheck("run", "--plain", "--output", str(out), stdin="14\n3\n")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Stopped: the input ended before the self-check was finished. Nothing was saved."
    assert not out.exists()


EMERGENCY = "EMERGENCY: Call your local emergency number now (for example 999 in the UK,"


@pytest.mark.child
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_emergency_advice_is_shown_on_screen_when_the_result_also_goes_to_a_file(
    tmp_path: Path, bundled: RuleSet, fmt: str
) -> None:
    face = bundled.question("urgent_signs").choice_ids.index("face_droop") + 1
    out = tmp_path / f"result.{fmt}"
    done = selfcheck("run", "--plain", "--output", str(out), stdin=f"{face}\n\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert EMERGENCY in lines
    assert f"Saved the result to {out}" in lines[-1]
    assert "face" in out.read_text(encoding="utf-8").lower()


@pytest.mark.child
def test_an_output_file_that_cannot_be_written_is_refused_before_the_first_question(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "result.txt"
    done = selfcheck("run", "--plain", "--output", str(out), stdin="2\n\n")
    assert done.returncode == 1
    assert done.stderr == f"{out}: folder '{out.parent}' does not exist\n"
    assert done.stdout == ""  # nothing asked, so no answer is lost


@pytest.mark.child
@pytest.mark.parametrize("columns", ["1", "2", "21"])
def test_a_terminal_too_narrow_for_a_margin_still_gets_the_questions_and_the_advice(
    bundled: RuleSet, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    face = bundled.question("urgent_signs").choice_ids.index("face_droop") + 1
    monkeypatch.setenv("COLUMNS", columns)
    done = selfcheck("run", "--plain", stdin=f"{face}\n\n")
    assert (done.returncode, done.stderr) == (0, "")
    assert "EMERGENCY: Call" in done.stdout  # wrapped at 20 columns


@pytest.mark.child
@pytest.mark.parametrize("ending", ["\r", "\r\n", "\u2028"])
def test_piped_lines_ended_another_way_are_read_as_lines_not_as_one_answer(bundled: RuleSet, ending: str) -> None:
    # '16\r3\r3...' once ticked three choices at the first question, "None of these" was left out, and a
    # person who reported nothing was sent to the emergency number.
    replies = [*replies_for(bundled), ""]
    with_newlines = selfcheck("run", "--plain", stdin="\n".join(replies) + "\n")
    other = selfcheck("run", "--plain", stdin=ending.join(replies) + ending)
    assert (other.returncode, other.stderr) == (0, "")
    assert other.stdout == with_newlines.stdout
    assert "EMERGENCY" not in other.stdout


def test_a_reply_holding_line_breaks_answers_one_prompt_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["16\r3\u20282", "4"])
    monkeypatch.setattr(plain, "read_reply", lambda prompt: next(typed))
    replies = plain.Replies()
    assert [replies("> ") for _ in range(4)] == ["16", "3", "2", "4"]


def offer(ruleset: RuleSet, replies: list[str]) -> list[str]:
    """The save offer after a run with no signs and no weakness, on scripted replies; every line written."""
    session, _ = run_plain(ruleset, ["3", "2", ""])
    feed: Iterator[str] = iter(replies)
    out: list[str] = []

    def ask(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    PlainRunner(session, ask=ask, write=out.append).offer_save(session.result())
    return out


OFFER = ["", "To save this report, type t for text or m for Markdown; press Enter to finish."]


def test_the_save_offer_writes_only_a_new_file(mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    shown = offer(mini, ["x", "t", "mine.txt", "report.txt"])
    assert shown == [
        *OFFER,
        "Please type t, m, or press Enter to finish.",
        "File name (Enter for selfcheck-report.txt, b to go back):",
        "mine.txt already exists. selfcheck never replaces a file: please choose\nanother name.",
        "File name (Enter for selfcheck-report.txt, b to go back):",
        shown[-1],
    ]
    # Wrapped at the width like every other line, with the path kept whole.
    assert shown[-1].replace("\n", " ") == f"Saved the report to {tmp_path / 'report.txt'}."
    assert f"{tmp_path / 'report.txt'}." in shown[-1].split("\n")
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("NONE: Nothing.\n")


def test_the_save_offer_suggests_a_markdown_name(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    offer(mini, ["m", ""])
    assert (tmp_path / "selfcheck-report.md").read_text(encoding="utf-8").startswith("# Mini check: result\n")


@pytest.mark.parametrize(
    "replies", [[""], [], ["t"], ["t", "b"]], ids=["enter", "end of input", "end at the name", "b then end"]
)
def test_the_save_offer_ends_without_writing(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replies: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    offer(mini, replies)
    assert list(tmp_path.iterdir()) == []


def test_a_piped_plain_run_ends_quietly_at_the_save_offer(tmp_path: Path, bundled: RuleSet) -> None:
    # no signs, 18-39, not diagnosed, no to every symptom question, Enter at the review
    proc = selfcheck("run", "--plain", stdin="\n".join([*replies_for(bundled, age="age_18_39"), "", ""]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("\nTo save this report, type t for text or m for Markdown; press Enter to finish.\n> ")
    assert proc.stderr == ""


class Terminal(io.StringIO):
    """Typed replies at a terminal, where the input ending means Ctrl-D."""

    def isatty(self) -> bool:
        return True


def whole_run(
    ruleset: RuleSet,
    stdin: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    **options: bool,
) -> tuple[Result | None, str, str]:
    """plain.run_plain on stdin; the result, and what it printed on stdout and stderr."""
    monkeypatch.setattr(sys, "stdin", stdin)
    result = plain.run_plain(ruleset, **options)
    out, err = capsys.readouterr()
    return result, out, err


def test_a_whole_plain_run_shows_the_text_result_then_offers_to_save_it(
    mini: RuleSet, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result, out, err = whole_run(mini, io.StringIO("3\n2\n\n\n"), monkeypatch, capsys)
    assert result is not None and result.answers == {"signs": ("none",), "weakness": ("no",)}
    assert out.endswith(f"> \n{render_text(result)}\n{OFFER[1]}\n> Nothing was saved.\n")
    assert err == ""


def test_an_emergency_ends_the_plain_run_with_the_result_and_no_save_offer(
    mini: RuleSet, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result, out, _ = whole_run(mini, io.StringIO("1\n"), monkeypatch, capsys)
    assert result is not None and result.level.id == "emergency"
    undo = "If you chose something by mistake, type b to go back and change it. Press\nEnter to finish.\n> "
    # The headline is said again just above the undo prompt: the report scrolls it away on a short screen.
    assert out.endswith(f"> \n{render_text(result)}\nEMERGENCY: Call now.\n\n{undo}")


def test_below_emergency_nothing_is_repeated_after_the_report(mini: RuleSet) -> None:
    runner = PlainRunner(Session(mini), ask=lambda prompt: "", write=lambda text: None)
    runner.show_result(evaluate(mini, {"signs": ("none",), "weakness": ("no",)}))
    assert runner.repeat == ""


def test_without_offer_save_the_plain_run_ends_with_the_text_result(
    mini: RuleSet, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result, out, _ = whole_run(mini, io.StringIO("3\n2\n\n"), monkeypatch, capsys, offer_save=False)
    assert result is not None and result.level.id == "none"
    assert out.endswith(f"> \n{render_text(result)}")


def test_piped_input_that_ends_early_stops_the_plain_run_with_no_result(
    mini: RuleSet, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result, _, err = whole_run(mini, io.StringIO("3\n"), monkeypatch, capsys)
    assert result is None
    assert err == "\nStopped: the input ended before the self-check was finished. Nothing was saved.\n"


def test_ctrl_d_at_a_terminal_stops_the_plain_run_as_ctrl_c_does(
    mini: RuleSet, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(KeyboardInterrupt):
        whole_run(mini, Terminal("3\n"), monkeypatch, capsys)


def test_plain_run_in_another_format_prints_it_after_the_text_result_instead_of_the_save_offer(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINI, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("3\n2\n\n"))
    assert main(["run", "--plain", "--rules", str(rules), "--format", "markdown"]) == 0
    result = evaluate(load_ruleset(str(rules)), {"signs": ("none",), "weakness": ("no",)})
    assert capsys.readouterr().out.endswith(f"> \n{render_text(result)}\n{render_markdown(result)}")
