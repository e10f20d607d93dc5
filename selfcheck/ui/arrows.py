"""The arrow-key runner: the conversation's port over questionary prompts (selfcheck.ui.arrow_prompts)."""

from __future__ import annotations

import contextlib
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import questionary

from selfcheck.engine.flow import Result
from selfcheck.engine.session import Session
from selfcheck.model.ruleset import Question, RuleSet
from selfcheck.render import report
from selfcheck.render.phrases import say
from selfcheck.render.report import wrap
from selfcheck.ui.arrow_prompts import (
    DESCRIPTION_INDENT,
    FIRST,
    Prompts,
    Write,
    color_depth,
    fit,
    printer,
    terminal_rows,
    terminal_width,
)
from selfcheck.ui.conversation import BACK, Answer, Back, Conversation, reminder, unreadable

SEE_RESULT = "<result>"  # cannot be a question id, so it cannot clash with the answers in the review list


def ticked_ok(question: Question, lang: str = "en", width: int = 0) -> Callable[[list[str]], bool | str]:
    """Check a multiple-choice answer: at least one tick, and not only choices that each stand alone.

    'None of these' ticked with a sign is taken: the conversation reads it the safe way (the sign counts).
    A hint is wrapped at width (when given): questionary shows it on one line below the choices, cut off there.
    """
    exclusive = [c for c in question.choices if c.exclusive]

    def validate(ids: list[str]) -> bool | str:
        if not ids:
            alone = say(lang, "or_alone", label=exclusive[0].label) if exclusive else ""
            return fitted(say(lang, "nothing_ticked", alone=alone))
        conflict = unreadable(question, ids)
        if conflict is not None:
            return fitted(say(lang, "tick_alone", label=conflict.label))
        return True

    def fitted(hint: str) -> str:
        return wrap(hint, width) if width else hint

    return validate


class InteractiveRunner:
    """The conversation's port in arrow-key prompts: each step written above a questionary prompt."""

    def __init__(
        self,
        session: Session,
        prompts: Prompts,
        write: Write,
        width: Callable[[], int] = terminal_width,
        rows: Callable[[], int] = terminal_rows,
    ):
        self.session = session
        self.prompts = prompts
        self.write = write
        self.width = width
        self.rows = rows
        self.lang = session.ruleset.language
        self.asking = ""  # the question on screen
        self.noted = ""  # the question whose prompt says it is the first (Esc pressed on a short screen)
        self.repeat: tuple[str, str] | None = None  # the emergency headline, said again above the undo prompt

    def run(self) -> Result:
        """Intro, questions, review; the result once the answers are complete and checked (or emergency advice)."""
        return Conversation(self.session, self).run()

    def run_to_result(self) -> Result:
        """The whole run to the result screen: emergency advice comes at once, before any review, and an
        answer chosen by mistake can still be undone from there."""
        return Conversation(self.session, self).run_to_end(offer_save=False)

    def offer_save(self, result: Result) -> None:
        """Offer to save the report; nothing is written unless the person names a new file."""
        Conversation(self.session, self).offer_save(result)

    # The port.

    def intro(self, title: str, notes: list[str], first: Question | None) -> None:
        self.write(title, "question")
        self.write("", "")
        intro = wrap(say(self.lang, "intro"), self.width())
        self.write(intro, "")
        shown = 2 + intro.count("\n") + 1
        for note in notes:
            self.write("", "")
            self.write(wrap(note, self.width()), "notice")
            shown += 2 + wrap(note, self.width()).count("\n")
        if first is not None and shown + sum(self.heights(first)) > self.rows():
            # On a short screen the first question would scroll the intro away before anyone read it.
            self.write("", "")
            self.prompts.pause(say(self.lang, "press_to_start"))

    def note(self, key: str) -> None:
        if key == "first_question":
            # Only a short screen's prompt comes back to say so: it is asked again with the note in it.
            self.noted = self.asking
        else:
            self.write(wrap(say(self.lang, key), self.width()), "hint")

    def heights(self, question: Question) -> tuple[int, int]:
        """Lines the question takes on screen: what is written above the prompt, and the prompt itself."""
        width = self.width()
        above = 2 + wrap(question.text, width).count("\n") + 1
        above += wrap(question.help, width).count("\n") + 1 if question.help else 0
        indent = 5 if question.type == "multiple" else 3
        prompt = 2 + sum(fit(c.label, width, indent).count("\n") + 1 for c in question.choices)
        described = [fit(c.help, width, DESCRIPTION_INDENT).count("\n") + 1 for c in question.choices if c.help]
        return above, prompt + max(described, default=0)

    def ask_question(self, question: Question, progress: str, default: Answer, back: bool) -> Answer | Back:
        self.asking = question.id
        # The note is for the prompt asked again just after Esc, not for a later visit (from the review, say).
        noted, self.noted = self.noted == question.id, ""
        width = self.width()
        self.write("", "")
        self.write(progress, "progress")
        self.write(wrap(question.text, width), "question")
        if question.help:
            self.write(wrap(question.help, width), "")
        above, prompt = self.heights(question)
        # On a short screen the lines above scroll away under a long list: the prompt itself asks the question.
        short = above + prompt > self.rows()
        indent = 5 if question.type == "multiple" else 3  # pointer, and the tick box for checkboxes
        choices = [
            questionary.Choice(
                fit(c.label, width, indent),
                c.id,
                checked=c.id in default,
                description=fit(c.help, width, DESCRIPTION_INDENT) if c.help else None,
            )
            for c in question.choices
        ]
        answer: Answer | Back
        note = say(self.lang, "first_question")
        multiple = question.type == "multiple"
        if multiple:
            keys = say(self.lang, "checkbox_keys" if back else "checkbox_keys_first")
        else:
            keys = say(self.lang, "select_keys" if back else "select_keys_first")
        message = say(self.lang, "tick_all" if multiple else "choose_one")
        if short:
            # The question and its keys wrapped as one text (questionary would break the keys inside a word),
            # and a blank instruction, which questionary would otherwise fill with its own.
            text = f"{note} {question.text}" if noted else question.text
            message, keys = fit(f"{text} {keys}", width, 2), " "
            if noted and message.count("\n") + 1 + prompt - 2 > self.rows():
                # The note pushed the last choice off the screen (at 80x24, "None of these"): the keys make
                # way for it, as they were shown the first time this question was asked.
                message = fit(text, width, 2)

        def say_first() -> None:
            self.write(wrap(note, width), "hint")

        first: Callable[[], None] | Back = FIRST if short else say_first
        if multiple:
            ticked = self.prompts.checkbox(message, choices, ticked_ok(question, self.lang, width), back, first, keys)
            answer = ticked if isinstance(ticked, Back) else tuple(ticked)
        else:
            start = default[0] if default else None
            chosen = self.prompts.select(message, choices, start, back, keys, first)
            answer = chosen if isinstance(chosen, Back) else (chosen,)
        if isinstance(answer, Back):
            return BACK  # FIRST too: the conversation says it is the first, and this prompt will carry the note
        if question.exclusive_conflict(answer) is None:  # else the conversation's left_out says the answer taken
            labels = question.labels(answer)
            self.write(wrap(say(self.lang, "your_answer", labels=labels), width, "  "), "answer")
        return answer

    def left_out(self, text: str) -> None:
        self.write(wrap(text, self.width(), "  "), "answer")

    def review(self, items: list[tuple[Question, str]]) -> Question | Back | None:
        width = self.width()
        self.write("", "")
        self.write(say(self.lang, "check_before_result"), "question")
        self.write(wrap(say(self.lang, "change_or_result"), width), "")
        choices: list[questionary.Choice] = [questionary.Choice(say(self.lang, "see_result"), SEE_RESULT)]
        choices += [questionary.Choice(fit(f"{q.summary}: {a}", width, 3), q.id) for q, a in items]
        keys = say(self.lang, "select_keys")
        picked = self.prompts.select(say(self.lang, "your_answers"), choices, SEE_RESULT, True, keys)
        if isinstance(picked, Back):
            return BACK
        return None if picked == SEE_RESULT else self.session.ruleset.question(picked)

    def show_result(self, result: Result) -> None:
        """The level and its action first, in words (colour only repeats them), then the report."""
        width = self.width()
        cls = f"level-{result.level.id}"
        self.write("", "")
        if result.level.id == "emergency":
            self.write(wrap(say(self.lang, "act_now"), width), cls)
        self.write("=" * min(width, 72), cls)
        self.write(wrap(report.headline(result), width), cls)
        self.write("=" * min(width, 72), cls)
        self.write("", "")
        body = report.render_text_body(result, width).rstrip("\n")
        self.write(body, "")
        # On a short screen the report scrolls the headline away before the undo prompt: it is said again
        # just above that prompt, so "call now" is on screen whatever the height (4 lines: the prompt's own).
        tall = body.count("\n") + 1 + 5 + wrap(report.headline(result), width).count("\n") + 4 > self.rows()
        again = reminder(result)
        self.repeat = (wrap(again, width), cls) if tall and again else None

    def undo(self) -> bool:
        choices = [
            questionary.Choice(say(self.lang, "no_finish"), "finish"),
            questionary.Choice(say(self.lang, "undo"), "undo"),
        ]
        self.write("", "")
        if self.repeat is not None:
            self.write(*self.repeat)
            self.write("", "")
        self.write(say(self.lang, "undo_question"), "question")
        keys = say(self.lang, "select_keys")
        # Esc, as everywhere else, goes back.
        return self.prompts.select(say(self.lang, "choose_one"), choices, None, True, keys) != "finish"

    def save_format(self, first: bool) -> str | None:
        choices = [
            questionary.Choice(say(self.lang, "no_finish"), "no"),
            questionary.Choice(say(self.lang, "save_text"), "text"),
            questionary.Choice(say(self.lang, "save_markdown"), "markdown"),
        ]
        if first:
            self.write("", "")
        keys = say(self.lang, "select_keys_first")
        fmt = self.prompts.select(say(self.lang, "save_question"), choices, None, False, keys)
        if isinstance(fmt, Back) or fmt == "no":
            self.write(wrap(say(self.lang, "nothing_saved"), self.width()), "hint")
            return None
        return fmt

    def file_name(self, suggestion: str) -> str | Back | None:
        width = self.width()
        self.write(wrap(say(self.lang, "file_keys"), width), "hint")
        # The suggestion is shown, not typed in: a name typed would be added to the end of it.
        # Wrapped between words only: a file name broken at its hyphen would read as two.
        message = textwrap.fill(
            say(self.lang, "file_name", suggestion=suggestion),
            max(width - 2, 20),
            subsequent_indent="  ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        name = self.prompts.text(message, "")
        return suggestion if isinstance(name, str) and not name.strip() else name

    def saved(self, done: bool, message: str) -> None:
        self.write(message, "answer" if done else "notice")


def run_interactive(ruleset: RuleSet, color: str = "auto", offer_save: bool = True) -> Result:
    """The whole arrow-key session: intro to result screen. Ctrl-C, Ctrl-D or SIGINT raise KeyboardInterrupt."""
    depth = color_depth(color)
    runner = InteractiveRunner(Session(ruleset), Prompts(depth, ruleset.language), printer(depth))
    saved = _terminal_modes()
    try:
        result = Conversation(runner.session, runner).run_to_end(offer_save=offer_save)
    except EOFError:
        raise KeyboardInterrupt from None
    finally:
        # prompt_toolkit restores the terminal itself when a prompt ends normally, but older releases the
        # pins allow (3.0.36) leave it in raw mode when SIGTERM or SIGHUP interrupts a prompt.
        _restore_terminal_modes(saved)
    return result


def _terminal_modes() -> list[Any] | None:
    """The terminal's modes when the session starts, to put back whatever ends it."""
    import termios

    try:
        return termios.tcgetattr(sys.stdin.fileno())
    except (termios.error, OSError, ValueError):
        return None


def _restore_terminal_modes(saved: list[Any] | None) -> None:
    import termios

    if saved is not None:
        with contextlib.suppress(termios.error, OSError, ValueError):
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)
