"""The numbered plain-text runner: input() and print only, for pipes, screen readers and TERM=dumb."""

from __future__ import annotations

from collections.abc import Callable

from selfcheck.model import Question
from selfcheck.report import wrap
from selfcheck.session import Session

Ask = Callable[[str], str]
Write = Callable[[str], None]


class Back(Exception):
    """The person typed b to go back one question."""


def parse_choice(question: Question, reply: str, default: tuple[str, ...]) -> tuple[str, ...] | str:
    """Turn a reply into choice ids, or return the reason it cannot be used."""
    count = len(question.choices)
    reply = reply.strip()
    if not reply:
        return default if default else f"Please type a number from 1 to {count}."
    parts = [p for p in reply.replace(",", " ").split() if p]
    numbers = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= count:
            return f"'{part[:20]}' is not one of the numbers 1 to {count}."
        numbers.append(int(part))
    if question.type != "multiple" and len(numbers) > 1:
        return "Please choose only one number."
    ids = tuple(dict.fromkeys(question.choices[n - 1].id for n in numbers))
    exclusive = [question.choice(c) for c in ids if question.choice(c).exclusive]
    if exclusive and len(ids) > 1:
        return f"'{exclusive[0].label}' cannot be chosen with other answers."
    return ids


class PlainRunner:
    def __init__(self, session: Session, ask: Ask = input, write: Write = print, width: int = 78) -> None:
        self.session = session
        self.ask = ask
        self.write = write
        self.width = width

    def run(self) -> Session:
        """Ask until the answers are complete and reviewed. EOFError and KeyboardInterrupt pass to the caller."""
        s = self.session
        while True:
            question = s.current()
            if question is None:
                if s.stopped_early() or self.review():
                    return s
                continue
            try:
                s.answer(question, self.ask_question(question))
            except Back:
                if s.can_go_back():
                    s.back()
                else:
                    self.write("This is the first question; there is nothing to go back to.")

    def ask_question(self, question: Question) -> tuple[str, ...]:
        s = self.session
        default = s.default(question)
        self.write("")
        self.write(f"{question.section} - at most {s.left_at_most()} questions left")
        self.write(wrap(question.text, self.width))
        for n, choice in enumerate(question.choices, 1):
            mark = " (current answer)" if choice.id in default else ""
            self.write(wrap(f"{choice.label}{mark}", self.width, "  ", f"{n}) "))
        how = (
            "Type the numbers of all that apply, separated by commas"
            if question.type == "multiple"
            else "Type a number"
        )
        keep = ", Enter to keep the current answer" if default else ""
        back = ", b to go back" if s.can_go_back() else ""
        self.write(f"{how}{keep}; ? for help{back}.")
        while True:
            reply = self.ask("> ")
            if reply.strip().lower() in ("?", "h", "help"):
                self.write(self.help_text(question))
                continue
            if reply.strip().lower() == "b":
                raise Back
            parsed = parse_choice(question, reply, default)
            if isinstance(parsed, str):
                self.write(parsed)
                continue
            return parsed

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
        self.write("Please check your answers:")
        for n, (question, answer) in enumerate(items, 1):
            self.write(wrap(f"{question.summary}: {answer}", self.width, "  ", f"{n}) "))
        self.write("Press Enter to see your result, or type a number to change that answer.")
        while True:
            reply = self.ask("> ").strip()
            if not reply:
                return True
            if reply.isdigit() and 1 <= int(reply) <= len(items):
                s.reopen(items[int(reply) - 1][0])
                return False
            self.write(f"Please press Enter, or type a number from 1 to {len(items)}.")
