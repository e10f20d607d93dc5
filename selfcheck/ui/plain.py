"""The numbered plain-text runner: input() and print only, for pipes, screen readers and TERM=dumb."""

from __future__ import annotations

import io
import sys
import textwrap
from collections.abc import Callable

from selfcheck.engine.answers import without_exclusive
from selfcheck.engine.flow import Result
from selfcheck.engine.session import Session
from selfcheck.errors import visible
from selfcheck.model.ruleset import Question, RuleSet
from selfcheck.render.phrases import say
from selfcheck.render.report import notes, render, render_text, wrap
from selfcheck.ui.saving import offers_save, report_name, save_report

Ask = Callable[[str], str]
Write = Callable[[str], None]


def read_reply(prompt: str) -> str:
    """input(), except that bytes which are not UTF-8 arrive as U+FFFD (a reply to refuse), not as a crash."""
    if isinstance(sys.stdin, io.TextIOWrapper) and sys.stdin.errors == "strict":
        sys.stdin.reconfigure(errors="replace")
    return input(prompt)


def number(reply: str, count: int) -> int | None:
    """The number 1..count a reply names, or None; '²' and a 5,000-digit number are not numbers to int()."""
    if not reply.isdecimal() or len(reply) > len(str(count)):
        return None
    n = int(reply)
    return n if 1 <= n <= count else None


class Back(Exception):
    """The person typed b to go back one question."""


def parse_choice(question: Question, reply: str, default: tuple[str, ...], lang: str = "en") -> tuple[str, ...] | str:
    """Turn a reply into choice ids, or return the reason it cannot be used (in lang)."""
    count = len(question.choices)
    reply = reply.strip()
    if not reply:
        return default if default else say(lang, "number_range", count=count)
    parts = [p for p in reply.replace(",", " ").split() if p]
    numbers = []
    for part in parts:
        n = number(part, count)
        if n is None:
            return say(lang, "not_a_number", part=visible(part[:20]), count=count)
        numbers.append(n)
    if question.type != "multiple" and len(numbers) > 1:
        return say(lang, "only_one")
    ids = tuple(dict.fromkeys(question.choices[n - 1].id for n in numbers))
    conflict = question.exclusive_conflict(ids)
    if conflict is not None and not without_exclusive(question, list(ids)):
        return say(lang, "not_with_others", label=conflict.label)
    return ids


def safe_reading(question: Question, ids: tuple[str, ...], lang: str = "en") -> tuple[tuple[str, ...], str]:
    """'None of these' typed with a sign: the sign counts, as in an answers file, and what was done is said."""
    conflict = question.exclusive_conflict(ids)
    if conflict is None:
        return ids, ""
    kept = tuple(without_exclusive(question, list(ids)))
    return kept, say(lang, "left_out", label=conflict.label, labels=question.labels(kept))


class PlainRunner:
    def __init__(self, session: Session, ask: Ask = read_reply, write: Write = print, width: int = 78) -> None:
        self.session = session
        self.ask = ask
        self.write = write
        self.width = width
        self.lang = session.ruleset.language

    def say(self, text: str) -> None:
        """The runner's own words, each line wrapped at the width like everything else it shows.

        A word longer than the width (a file's path) stays whole, so it can still be copied.
        """
        lines = (
            textwrap.fill(line, self.width, break_long_words=False, break_on_hyphens=False) for line in text.split("\n")
        )
        self.write("\n".join(lines))

    def run(self) -> Session:
        """Ask until the answers are complete and reviewed. EOFError and KeyboardInterrupt pass to the caller."""
        s = self.session
        self.write(s.ruleset.metadata.title)
        self.write("")
        self.write(wrap(say(self.lang, "plain_intro"), self.width))
        for note in notes(s.ruleset):
            self.write("")
            self.write(wrap(note, self.width))
        return self.questions()

    def questions(self) -> Session:
        """Ask until the answers are complete, then the review; emergency advice comes at once, without it."""
        s = self.session
        while True:
            question = s.current()
            if question is None:
                if s.shows_at_once() or self.review():
                    return s
                continue
            try:
                s.answer(question, self.ask_question(question))
            except Back:
                if s.can_go_back():
                    s.back()
                else:
                    self.say(say(self.lang, "first_question"))

    def ask_question(self, question: Question) -> tuple[str, ...]:
        s = self.session
        default = s.default(question)
        self.write("")
        left = s.left_at_most()
        self.say(say(self.lang, "progress_1" if left == 1 else "progress", section=question.section, left=left))
        self.write(wrap(question.text, self.width))
        for n, choice in enumerate(question.choices, 1):
            mark = say(self.lang, "current") if choice.id in default else ""
            self.write(wrap(f"{choice.label}{mark}", self.width, "  ", f"{n}) "))
        how = say(self.lang, "type_many" if question.type == "multiple" else "type_one")
        keep = say(self.lang, "keep") if default else ""
        back = say(self.lang, "go_back") if s.can_go_back() else ""
        self.say(f"{how}{keep}{say(self.lang, 'for_help')}{back}.")
        while True:
            reply = self.ask("> ")
            if reply.strip().lower() in ("?", "h", "help"):
                self.write(self.help_text(question))
                continue
            if reply.strip().lower() == "b":
                raise Back
            parsed = parse_choice(question, reply, default, self.lang)
            if isinstance(parsed, str):
                self.say(parsed)
                continue
            kept, note = safe_reading(question, parsed, self.lang)
            if note:
                self.say(note)
            return kept

    def help_text(self, question: Question) -> str:
        lines = [wrap(question.help, self.width, "  ")]
        for n, choice in enumerate(question.choices, 1):
            if choice.help:
                lines.append(wrap(f"{choice.label}: {choice.help}", self.width, "  ", f"{n}) "))
        return "\n".join(lines)

    def review(self) -> bool:
        """Show the answers; True to see the result, False after an answer was reopened."""
        s = self.session
        items = s.review_items()
        self.write("")
        self.say(say(self.lang, "check_answers"))
        for n, (question, answer) in enumerate(items, 1):
            self.write(wrap(f"{question.summary}: {answer}", self.width, "  ", f"{n}) "))
        self.say(say(self.lang, "enter_or_number"))
        while True:
            reply = self.ask("> ").strip()
            if not reply:
                return True
            chosen = number(reply, len(items))
            if chosen is not None:
                s.reopen(items[chosen - 1][0])
                return False
            self.say(say(self.lang, "enter_or_range", count=len(items)))

    def offer_save(self, result: Result) -> None:
        """After the result: save the report to a new file the person names. The input ending just ends it."""
        self.write("")
        self.write(wrap(say(self.lang, "plain_save"), self.width))
        try:
            while True:
                reply = self.ask("> ").strip().lower()
                if not reply:
                    self.say(say(self.lang, "nothing_saved"))
                    return
                if reply not in ("t", "m"):
                    self.say(say(self.lang, "plain_save_again"))
                elif self.save_as(result, "markdown" if reply == "m" else "text"):
                    return
                else:
                    self.write(wrap(say(self.lang, "plain_save"), self.width))
        except EOFError:
            return

    def save_as(self, result: Result, fmt: str) -> bool:
        """Ask for a file name until the report is written (True) or the person types b (False)."""
        text = render(result, fmt)
        suggestion = report_name(fmt)
        while True:
            self.say(say(self.lang, "plain_file_name", suggestion=suggestion))
            reply = self.ask("> ").strip()
            if reply.lower() == "b":
                return False
            saved, message = save_report(reply or suggestion, text, self.lang)
            self.say(message)
            if saved:
                return True

    def show_result(self, result: Result) -> None:
        self.write("")
        self.write(render_text(result, self.width).rstrip("\n"))

    def offer_undo(self) -> bool:
        """After emergency advice shown at once: True (having stepped back) to change an answer chosen by
        mistake; False to finish, also when the input ends."""
        self.write("")
        self.write(wrap(say(self.lang, "plain_undo"), self.width))
        try:
            reply = self.ask("> ").strip().lower()
        except EOFError:
            return False
        if reply != "b":
            return False
        self.session.back()
        return True


def run_plain(ruleset: RuleSet, width: int = 78, show_result: bool = True) -> Result | None:
    """The whole plain session: questions, review, then with show_result the text result and the save offer.

    None when piped input ended before the result (said on stderr); Ctrl-D at a terminal raises KeyboardInterrupt.
    """
    runner = PlainRunner(Session(ruleset), width=width)
    ask: Callable[[], Session] = runner.run
    while True:
        try:
            result = ask().result()
        except EOFError:
            if sys.stdin.isatty():  # Ctrl-D typed at a terminal: a person stopping, like Ctrl-C
                raise KeyboardInterrupt from None
            print("\nStopped: the input ended before the self-check was finished. Nothing was saved.", file=sys.stderr)
            return None
        if not show_result:
            return result
        runner.show_result(result)
        # Emergency advice comes at once, before any review; a sign ticked by mistake can still be undone.
        if not (runner.session.shows_at_once() and runner.offer_undo()):
            break
        ask = runner.questions
    if offers_save(result):
        runner.offer_save(result)
    return result
