"""The numbered plain-text runner: input() and print only, for pipes, screen readers and TERM=dumb."""

from __future__ import annotations

import io
import sys
import textwrap
from collections.abc import Callable

from selfcheck.engine.flow import Result
from selfcheck.engine.session import Session
from selfcheck.errors import visible
from selfcheck.model.ruleset import Question, RuleSet
from selfcheck.render.phrases import say
from selfcheck.render.report import render_text, wrap
from selfcheck.ui.conversation import BACK, Answer, Back, Conversation, Partial, reminder, unreadable, urgent_part

Ask = Callable[[str], str]
Write = Callable[[str], None]


def read_reply(prompt: str) -> str:
    """input(), except that bytes which are not UTF-8 arrive as U+FFFD (a reply to refuse), not as a crash."""
    if isinstance(sys.stdin, io.TextIOWrapper) and sys.stdin.errors == "strict":
        sys.stdin.reconfigure(errors="replace")
    fd = _terminal_input()
    if fd is None:
        return input(prompt)
    # At a terminal the prompt is shown first and the line waited for where Ctrl-C is never lost (see
    # stopping.wait_readable).
    from selfcheck.ui import stopping

    sys.stdout.write(prompt)
    sys.stdout.flush()
    stopping.wait_readable(fd)
    return input()


class Replies:
    """Replies read with read_reply, one line each, where any line break ends a line, not only '\\n'.

    input() splits piped input at '\\n' alone, so a file saved with bare '\\r' endings (or U+2028 between its
    lines) would arrive as one reply: '16\\r3\\r3' would tick three choices at the first question. Such a
    reply is split into its lines (str.splitlines), the first answers this prompt and the rest wait for the
    next ones, as they would have with '\\n'. A terminal turns Enter into '\\n' itself, so nothing changes there.
    """

    def __init__(self) -> None:
        self.waiting: list[str] = []

    def __call__(self, prompt: str) -> str:
        if self.waiting:
            sys.stdout.write(prompt)  # as input() would have shown it
            return self.waiting.pop(0)
        first, *self.waiting = read_reply(prompt).splitlines() or [""]
        return first


def _terminal_input() -> int | None:
    """The file descriptor of standard input when it is a terminal that hands over whole lines, else None."""
    import termios

    try:
        fd = sys.stdin.fileno()
        # Only in canonical mode does a read return one line at most, so no typed-ahead line can wait unseen
        # in a buffer while select() waits on the terminal.
        return fd if sys.stdin.isatty() and termios.tcgetattr(fd)[3] & termios.ICANON else None
    except (AttributeError, ValueError, OSError, termios.error):  # replaced (tests), closed, or not a terminal
        return None


def number(reply: str, count: int) -> int | None:
    """The number 1..count a reply names, or None; '²' and a 5,000-digit number are not numbers to int()."""
    if not reply.isdecimal() or len(reply) > len(str(count)):
        return None
    n = int(reply)
    return n if 1 <= n <= count else None


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
    alone = unreadable(question, ids)
    if alone is not None:
        return say(lang, "not_with_others", label=alone.label)
    return ids  # 'None of these' with a sign is read the safe way by the conversation (safe_reading)


def read_parts(question: Question, reply: str, lang: str = "en") -> Partial | None:
    """The numbers in a reply that name choices, and what to say of each part that does not; None when every
    part does, none does, or a one-answer question gets more than one number (parse_choice says why then)."""
    count = len(question.choices)
    ids: list[str] = []
    left_out: list[str] = []
    for part in reply.replace(",", " ").split():
        n = number(part, count)
        if n is None:
            left_out.append(say(lang, "part_left_out", part=visible(part[:20]), count=count))
        else:
            ids.append(question.choices[n - 1].id)
    kept = tuple(dict.fromkeys(ids))
    if not kept or not left_out or (question.type != "multiple" and len(kept) > 1):
        return None
    return Partial(kept, tuple(dict.fromkeys(left_out)))


class PlainRunner:
    """The conversation's port in numbered plain text: each step printed, each reply read with ask."""

    def __init__(self, session: Session, ask: Ask | None = None, write: Write = print, width: int = 78) -> None:
        self.session = session
        self.ask = ask or Replies()
        self.write = write
        self.width = width
        self.lang = session.ruleset.language
        self.repeat = ""  # the emergency headline, said again just above the undo prompt

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
        Conversation(self.session, self).run()
        return self.session

    def questions(self) -> Session:
        """Ask until the answers are complete, then the review; emergency advice comes at once, without it."""
        Conversation(self.session, self).questions()
        return self.session

    def offer_save(self, result: Result) -> None:
        """After the result: save the report to a new file the person names. The input ending just ends it."""
        Conversation(self.session, self).offer_save(result)

    # The port.

    def intro(self, title: str, notes: list[str], first: Question | None) -> None:
        self.write(title)
        self.write("")
        self.write(wrap(say(self.lang, "plain_intro"), self.width))
        for note in notes:
            self.write("")
            self.write(wrap(note, self.width))

    def ask_question(self, question: Question, progress: str, default: Answer, back: bool) -> Answer | Partial | Back:
        self.write("")
        self.say(progress)
        self.write(wrap(question.text, self.width))
        for n, choice in enumerate(question.choices, 1):
            mark = say(self.lang, "current") if choice.id in default else ""
            self.write(wrap(f"{choice.label}{mark}", self.width, "  ", f"{n}) "))
        how = say(self.lang, "type_many" if question.type == "multiple" else "type_one")
        keep = say(self.lang, "keep") if default else ""
        go_back = say(self.lang, "go_back") if back else ""
        self.say(f"{how}{keep}{say(self.lang, 'for_help')}{go_back}.")
        while True:
            reply = self.ask("> ")
            if reply.strip().lower() in ("?", "h", "help"):
                self.write(self.help_text(question))
                continue
            if reply.strip().lower() == "b":
                return BACK
            parsed = parse_choice(question, reply, default, self.lang)
            if isinstance(parsed, str):
                # Parts that cannot be read next to a sign that gives emergency advice: the advice comes at
                # once, and the conversation says what was left out; any other answer is asked again.
                partial = read_parts(question, reply, self.lang)
                if partial is not None and urgent_part(self.session, question, partial.ids):
                    return partial
                self.say(parsed)
                continue
            return parsed

    def help_text(self, question: Question) -> str:
        lines = [wrap(question.help, self.width, "  ")]
        for n, choice in enumerate(question.choices, 1):
            if choice.help:
                lines.append(wrap(f"{choice.label}: {choice.help}", self.width, "  ", f"{n}) "))
        return "\n".join(lines)

    def note(self, key: str) -> None:
        # Going back shows the question again with its progress line, which says where the person is.
        if key in ("first_question", "keeping"):
            self.say(say(self.lang, key))

    def left_out(self, text: str) -> None:
        self.say(text)

    def review(self, items: list[tuple[Question, str]]) -> Question | Back | None:
        self.write("")
        self.say(say(self.lang, "check_answers"))
        for n, (question, answer) in enumerate(items, 1):
            self.write(wrap(f"{question.summary}: {answer}", self.width, "  ", f"{n}) "))
        self.say(say(self.lang, "enter_or_number"))
        while True:
            reply = self.ask("> ").strip()
            if not reply:
                return None
            chosen = number(reply, len(items))
            if chosen is not None:
                return items[chosen - 1][0]
            self.say(say(self.lang, "enter_or_range", count=len(items)))

    def show_result(self, result: Result) -> None:
        self.write("")
        self.write(render_text(result, self.width).rstrip("\n"))
        # The report scrolls the headline away on a short screen (at 80x24, above the explanation): "call now"
        # is said again just above the undo prompt, as the arrow-key runner does.
        self.repeat = reminder(result)

    def undo(self) -> bool:
        """b to go back and change an answer chosen by mistake; Enter, anything else or the input ending finish."""
        self.write("")
        if self.repeat:
            self.write(wrap(self.repeat, self.width))
            self.write("")
        self.write(wrap(say(self.lang, "plain_undo"), self.width))
        try:
            return self.ask("> ").strip().lower() == "b"
        except EOFError:
            return False

    def save_format(self, first: bool) -> str | None:
        if first:
            self.write("")
        self.write(wrap(say(self.lang, "plain_save"), self.width))
        while True:
            try:
                reply = self.ask("> ").strip().lower()
            except EOFError:  # piped input that ends after the result: the run is simply over
                return None
            if not reply:
                self.say(say(self.lang, "nothing_saved"))
                return None
            if reply in ("t", "m"):
                return "markdown" if reply == "m" else "text"
            self.say(say(self.lang, "plain_save_again"))

    def file_name(self, suggestion: str) -> str | Back | None:
        self.say(say(self.lang, "plain_file_name", suggestion=suggestion))
        try:
            reply = self.ask("> ").strip()
        except EOFError:
            return None
        if reply.lower() == "b":
            return BACK
        return reply or suggestion

    def saved(self, done: bool, message: str) -> None:
        self.say(message)


def run_plain(ruleset: RuleSet, width: int = 78, offer_save: bool = True) -> Result | None:
    """The whole plain session: questions, review, the text result, then with offer_save the offer to save it.

    None when piped input ended before the result (said on stderr); Ctrl-D at a terminal raises KeyboardInterrupt.
    """
    runner = PlainRunner(Session(ruleset), width=width)
    try:
        return Conversation(runner.session, runner).run_to_end(offer_save)
    except EOFError:  # the input ended before the result: undo and the save offer end quietly themselves
        if sys.stdin.isatty():  # Ctrl-D typed at a terminal: a person stopping, like Ctrl-C
            raise KeyboardInterrupt from None
        print("\nStopped: the input ended before the self-check was finished. Nothing was saved.", file=sys.stderr)
        return None
