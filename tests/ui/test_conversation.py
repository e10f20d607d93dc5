"""The one conversation both runners hold, driven through a fake port: every step it asks for, in order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck.engine.flow import Result, evaluate
from selfcheck.engine.session import Session
from selfcheck.model.ruleset import Question, RuleSet
from selfcheck.ui.conversation import (
    BACK,
    Answer,
    Back,
    Conversation,
    reminder,
    safe_reading,
    unreadable,
    urgent_part,
)

NOTES = (
    "These questions and advice come from the rule file rules.yaml (version 1.0), not from the copy that comes "
    "with selfcheck. | Please note: this check is a draft. No clinician has reviewed its questions and advice "
    "yet, so if you are in any doubt, talk to a doctor."
)


class Fake:
    """A port that writes each step it is asked for as one line, and replies from a script.

    In a reply, "back" is going back (Esc or b); a comma separates the ticks of a checklist; "" at the review
    is "see my result" and at the save offer "no". The script running out is the input ending.
    """

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.log: list[str] = []

    def reply(self) -> str:
        if not self.replies:
            raise EOFError
        return self.replies.pop(0)

    def intro(self, title: str, notes: list[str], first: Question | None) -> None:
        self.log.append(f"intro {title}: {' | '.join(notes)}; first {first.id if first else None}")

    def ask_question(self, question: Question, progress: str, default: Answer, back: bool) -> Answer | Back:
        self.log.append(f"ask {question.id} ({progress}) default [{','.join(default)}]{' back' if back else ''}")
        reply = self.reply()
        return BACK if reply == "back" else tuple(reply.split(","))

    def note(self, key: str) -> None:
        self.log.append(f"note {key}")

    def left_out(self, text: str) -> None:
        self.log.append(f"left out: {text}")

    def review(self, items: list[tuple[Question, str]]) -> Question | Back | None:
        self.log.append("review " + "; ".join(f"{q.id}: {a}" for q, a in items))
        reply = self.reply()
        if reply == "back":
            return BACK
        return next((q for q, _ in items if q.id == reply), None)

    def show_result(self, result: Result) -> None:
        self.log.append(f"result {result.level.id}")

    def undo(self) -> bool:
        self.log.append("undo?")
        return self.reply() == "undo"

    def save_format(self, first: bool) -> str | None:
        self.log.append(f"save? {'first' if first else 'again'}")
        return self.reply() or None

    def file_name(self, suggestion: str) -> str | Back | None:
        self.log.append(f"name? {suggestion}")
        reply = self.reply()
        return BACK if reply == "back" else reply

    def saved(self, done: bool, message: str) -> None:
        self.log.append(f"saved {done}: {message}")


def talk(ruleset: RuleSet, *replies: str, offer_save: bool = True) -> tuple[Result, list[str]]:
    port = Fake(*replies)
    result = Conversation(Session(ruleset), port).run_to_end(offer_save)
    assert port.replies == [], "every scripted reply is used"
    return result, port.log


INTRO = f"intro Mini check: {NOTES}; first signs"
SIGNS = "ask signs (Signs - at most 3 questions left) default []"
WEAK = "ask weakness (Body - at most 2 questions left) default [] back"
SIDE = "ask side (Body - at most 1 question left) default [] back"


def test_a_whole_run_asks_reviews_shows_the_result_and_offers_to_save(mini: RuleSet) -> None:
    result, log = talk(mini, "none", "yes", "right", "", "")
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("right",)}
    assert log == [
        INTRO,
        SIGNS,
        WEAK,
        SIDE,
        "review signs: None of these; weakness: Yes; side: Right",
        "result soon",
        "save? first",
    ]


def test_an_emergency_answer_shows_the_advice_at_once_with_no_review_and_no_save_offer(mini: RuleSet) -> None:
    result, log = talk(mini, "breathing", "")
    assert result.level.id == "emergency"
    assert log == [INTRO, SIGNS, "result emergency", "undo?"]


@pytest.mark.parametrize(
    ("replies", "asked"),
    [
        (["breathing", ""], [SIGNS]),
        (["not_sure,breathing", ""], [SIGNS]),
        (
            ["none", "yes", "back", "back", "breathing", ""],
            [
                SIGNS,
                WEAK,
                SIDE,
                "note back_one",
                "ask weakness (Body - at most 2 questions left) default [yes] back",
                "note back_one",
                "ask signs (Signs - at most 3 questions left) default [none]",
            ],
        ),
        (
            ["none", "no", "signs", "breathing", ""],
            [
                SIGNS,
                WEAK,
                "review signs: None of these; weakness: No",
                "ask signs (Signs - at most 2 questions left) default [none] back",
            ],
        ),
    ],
    ids=["first answer", "with another tick", "after going back", "changed in the review"],
)
def test_emergency_advice_comes_straight_after_the_answer_that_makes_it_certain(
    mini: RuleSet, replies: list[str], asked: list[str]
) -> None:
    # However the emergency sign is reached: no review, no more questions, no save offer; only the undo.
    result, log = talk(mini, *replies)
    assert result.level.id == "emergency"
    assert log == [INTRO, *asked, "result emergency", "undo?"]


LEFT_OUT = "left out: 'None of these' cannot be chosen with other answers, so it was left out. Your answer: {}."


@pytest.mark.parametrize(
    ("replies", "counted", "level", "after"),
    [
        (["breathing,none", ""], ("breathing",), "emergency", ["result emergency", "undo?"]),
        (["none,breathing", ""], ("breathing",), "emergency", ["result emergency", "undo?"]),
        (["none,not_sure", "no", "", ""], ("not_sure",), "urgent", [WEAK]),
    ],
    ids=["sign first", "none first", "not an emergency"],
)
def test_none_of_these_with_a_sign_counts_the_sign_says_so_and_the_advice_follows(
    mini: RuleSet, replies: list[str], counted: tuple[str, ...], level: str, after: list[str]
) -> None:
    # Every runner's answer goes through the one safe reading: the sign is never dropped, nothing is re-asked.
    labels = mini.question("signs").labels(counted)
    result, log = talk(mini, *replies)
    assert result.level.id == level
    assert result.answers["signs"] == counted
    assert log[1 : 3 + len(after)] == [SIGNS, LEFT_OUT.format(labels), *after]


@pytest.mark.parametrize(
    ("ids", "kept", "said"),
    [
        (("breathing",), ("breathing",), ""),
        (("none",), ("none",), ""),
        (("breathing", "not_sure"), ("breathing", "not_sure"), ""),
        (
            ("breathing", "none"),
            ("breathing",),
            "'None of these' cannot be chosen with other answers, so it was left out. Your answer: Breathing trouble.",
        ),
        (
            ("none", "not_sure", "breathing"),
            ("not_sure", "breathing"),
            "'None of these' cannot be chosen with other answers, so it was left out. "
            "Your answer: Not sure, Breathing trouble.",
        ),
    ],
)
def test_safe_reading(mini: RuleSet, ids: Answer, kept: Answer, said: str) -> None:
    assert safe_reading(mini.question("signs"), ids) == (kept, said)


def test_safe_reading_speaks_the_rule_files_language(mini: RuleSet) -> None:
    _, said = safe_reading(mini.question("signs"), ("breathing", "none"), "es")
    assert said == (
        "'None of these' no se puede elegir junto con otras respuestas, así que se ha quitado. "
        "Su respuesta: Breathing trouble."
    )


def test_only_choices_that_all_stand_alone_are_unreadable(mini: RuleSet) -> None:
    signs = mini.question("signs")
    assert unreadable(signs, ["breathing", "none"]) is None
    assert unreadable(signs, ["none"]) is None
    alone = signs._replace(choices=tuple(c._replace(exclusive=c.id != "breathing") for c in signs.choices))
    conflict = unreadable(alone, ["not_sure", "none"])
    assert conflict is not None and conflict.id == "not_sure"
    assert unreadable(alone, ["breathing", "not_sure", "none"]) is None


def test_the_reminder_is_the_emergency_headline_and_nothing_below_it(mini: RuleSet) -> None:
    assert reminder(evaluate(mini, {"signs": ("breathing",)})) == "EMERGENCY: Call now."
    assert reminder(evaluate(mini, {"signs": ("none",), "weakness": ("no",)})) == ""


def test_after_the_undo_the_changed_answers_result_is_shown_and_nothing_hides_a_new_emergency(mini: RuleSet) -> None:
    # Breathing, then undo: back at the signs with the tick offered; "Not sure" alone gives urgent after the
    # review; undo is offered only after emergency advice.
    result, log = talk(mini, "breathing", "undo", "not_sure", "no", "", "")
    assert result.level.id == "urgent"
    assert log == [
        INTRO,
        SIGNS,
        "result emergency",
        "undo?",
        "note back_one",
        "ask signs (Signs - at most 3 questions left) default [breathing]",
        "ask weakness (Body - at most 2 questions left) default [] back",
        "review signs: Not sure; weakness: No",
        "result urgent",
        "save? first",
    ]


def test_undo_then_the_same_emergency_sign_shows_the_advice_again(mini: RuleSet) -> None:
    result, log = talk(mini, "breathing", "undo", "breathing", "")
    assert result.level.id == "emergency"
    assert log.count("result emergency") == 2
    assert log[-2:] == ["result emergency", "undo?"]


def test_going_back_offers_the_earlier_answer(mini: RuleSet) -> None:
    _, log = talk(mini, "none", "yes", "back", "yes", "left", "", "")
    assert log[:7] == [
        INTRO,
        SIGNS,
        WEAK,
        SIDE,
        "note back_one",
        "ask weakness (Body - at most 2 questions left) default [yes] back",
        SIDE,
    ]


def test_going_back_on_the_first_question_says_it_is_the_first_and_asks_it_again(mini: RuleSet) -> None:
    _, log = talk(mini, "back", "none", "no", "", "")
    assert log[:4] == [INTRO, SIGNS, "note first_question", SIGNS]


def test_back_in_the_review_reopens_the_last_question(mini: RuleSet) -> None:
    _, log = talk(mini, "none", "no", "back", "no", "", "")
    assert log[3:7] == [
        "review signs: None of these; weakness: No",
        "note back_to_last",
        "ask weakness (Body - at most 2 questions left) default [no] back",
        "review signs: None of these; weakness: No",
    ]


def test_back_on_an_answer_opened_from_the_review_keeps_it(mini: RuleSet) -> None:
    result, log = talk(mini, "none", "no", "weakness", "back", "", "")
    assert result.answers == {"signs": ("none",), "weakness": ("no",)}
    assert log[3:7] == [
        "review signs: None of these; weakness: No",
        "ask weakness (Body - at most 2 questions left) default [no] back",
        "note keeping",
        "review signs: None of these; weakness: No",
    ]


def test_an_answer_changed_in_the_review_asks_what_follows_then_reviews_again(mini: RuleSet) -> None:
    result, log = talk(mini, "none", "no", "weakness", "yes", "left", "", "")
    assert result.answers == {"signs": ("none",), "weakness": ("yes",), "side": ("left",)}
    assert log[3:] == [
        "review signs: None of these; weakness: No",
        "ask weakness (Body - at most 2 questions left) default [no] back",
        SIDE,
        "review signs: None of these; weakness: Yes; side: Left",
        "result soon",
        "save? first",
    ]


def test_without_offer_save_the_result_is_the_last_step(mini: RuleSet) -> None:
    _, log = talk(mini, "none", "no", "", offer_save=False)
    assert log[-1] == "result none"


def test_the_save_offer_asks_again_for_a_name_that_is_taken_and_goes_back_on_request(
    mini: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path
    monkeypatch.chdir(folder)
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    _, log = talk(mini, "none", "no", "", "text", "back", "markdown", "mine.txt", "report.md")
    assert log[-8:] == [
        "result none",
        "save? first",
        "name? selfcheck-report.txt",
        "save? again",
        "name? selfcheck-report.md",
        "saved False: mine.txt already exists. selfcheck never replaces a file: please choose another name.",
        "name? selfcheck-report.md",
        f"saved True: Saved the report to {folder / 'report.md'}.",
    ]
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (folder / "report.md").read_text(encoding="utf-8").startswith("# Mini check: result\n")


def test_the_conversation_and_the_plain_runner_do_not_import_questionary() -> None:
    # Only the arrow-key runner touches prompt_toolkit (about 150 ms to import, and a terminal to draw on).
    code = (
        "import sys, selfcheck.ui.conversation, selfcheck.ui.plain; "
        "print(sorted(m for m in ('questionary', 'prompt_toolkit') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=60)
    assert proc.stdout == "[]\n", proc.stderr


@pytest.mark.parametrize(
    ("ids", "urgent"),
    [
        (("breathing",), True),
        (("breathing", "none"), True),  # read the safe way: the sign counts
        (("not_sure",), False),  # urgent, not emergency
        (("none",), False),
        ((), False),
    ],
)
def test_urgent_part_asks_the_engine_whether_the_parts_read_give_emergency_advice_at_once(
    mini: RuleSet, ids: Answer, urgent: bool
) -> None:
    session = Session(mini)
    assert urgent_part(session, mini.question("signs"), ids) is urgent
    assert session.answers == {}  # the session itself is not changed


def test_urgent_part_follows_the_rules_not_the_question(mini: RuleSet) -> None:
    # The same choice without its emergency rule: nothing to take at once.
    calm = mini._replace(rules=tuple(r for r in mini.rules if r.id != "breathing"))
    assert urgent_part(Session(calm), calm.question("signs"), ("breathing",)) is False
