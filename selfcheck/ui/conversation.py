"""The one conversation both runners hold: questions, going back, review, emergency advice at once, undo, save."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from selfcheck.engine.flow import Result
from selfcheck.engine.session import Session
from selfcheck.model.ruleset import Choice, Question
from selfcheck.render import report
from selfcheck.render.phrases import say
from selfcheck.render.report import notes, render
from selfcheck.ui import stopping
from selfcheck.ui.saving import offers_save, report_name, save_report

Answer = tuple[str, ...]


def unreadable(question: Question, ids: Sequence[str]) -> Choice | None:
    """The exclusive choice in ids when nothing but choices that stand alone is ticked together, else None.

    Only then is an answer refused: with a sign ticked next to 'None of these' there is a safe reading.
    """
    conflict = question.exclusive_conflict(ids)
    return conflict if conflict is not None and not question.without_exclusive(list(ids)) else None


def safe_reading(question: Question, ids: Answer, lang: str = "en") -> tuple[Answer, str]:
    """'None of these' ticked with a sign: the sign counts, as in an answers file, and the note says what was done.

    The one rule for every runner, so a contradictory checklist never withholds the advice its sign calls for.
    """
    conflict = question.exclusive_conflict(ids)
    if conflict is None:
        return ids, ""
    kept = tuple(question.without_exclusive(list(ids)))
    return kept, say(lang, "left_out", label=conflict.label, labels=question.labels(kept))


class Partial(NamedTuple):
    """An answer read only in part: the choices read, and what to say of each part that could not be read."""

    ids: Answer
    left_out: tuple[str, ...]


def urgent_part(session: Session, question: Question, ids: Answer) -> bool:
    """Whether these choices alone, read the safe way, give emergency advice at once (the engine decides).

    The one rule for every runner: an answer with parts that cannot be read ('2,x') is then taken without
    them, as an answers file is, so a typo never withholds or delays the advice; otherwise it is asked again.
    """
    kept, _ = safe_reading(question, ids)
    if not kept:
        return False
    trial = Session(session.ruleset, dict(session.answers), list(session.history), dict(session.defaults))
    trial.answer(question, kept)
    return trial.shows_at_once()


def reminder(result: Result) -> str:
    """What is said again just above the undo prompt, so "call now" is in view there: the emergency headline.

    The words every runner repeats, from the report's own headline; '' for any other level.
    """
    return report.headline(result) if result.level.id == "emergency" else ""


class Back:
    """What a port returns when the person asks to go back (Esc, or b in plain mode)."""


BACK = Back()


class Port(Protocol):
    """What a runner does at the terminal, one step at a time; the conversation decides which step comes when.

    A port shows and reads; it never changes the session. Each runner words and lays out a step its own way
    (a select or a numbered list, Esc or b), so the steps are the conversation's, not prompt primitives.
    """

    def intro(self, title: str, notes: list[str], first: Question | None) -> None:
        """The title, the intro and the rule file's notes, before the first question (which is given)."""

    def ask_question(self, question: Question, progress: str, default: Answer, back: bool) -> Answer | Partial | Back:
        """One question (a checklist when it is multiple choice): the choice ids taken, or BACK.

        A Partial only when the parts read give emergency advice at once by themselves (urgent_part).

        back says whether going back is offered; without it a port may answer a request to go back itself
        (saying that this is the first question) or return BACK, and the conversation says it.
        """

    def note(self, key: str) -> None:
        """Say what the conversation just did, by phrase key: back_one, back_to_last, keeping, first_question.

        A port may leave out a note its screen already makes plain.
        """

    def left_out(self, text: str) -> None:
        """Say what was left out of an answer and why: an exclusive choice ticked with a sign (the safe reading),
        or a part of a typed answer that could not be read, next to a sign that gives emergency advice."""

    def review(self, items: list[tuple[Question, str]]) -> Question | Back | None:
        """The answers given, before the result: a question to change, BACK for the last one, None for the result."""

    def show_result(self, result: Result) -> None:
        """The result, its action first."""

    def undo(self) -> bool:
        """After emergency advice shown at once: True to go back and change the last answer, False to finish."""

    def save_format(self, first: bool) -> str | None:
        """Offer to save the report (again, when not first): 'text', 'markdown', or None (declined, said so)."""

    def file_name(self, suggestion: str) -> str | Back | None:
        """The name to save the report under; BACK to choose again; None to end the offer without a word."""

    def saved(self, done: bool, message: str) -> None:
        """What came of saving: the report's path, or why it was not written."""


class Conversation:
    """The questions through a port to the result, in the order every runner keeps.

    Emergency advice comes at once, before any review, and nothing after it withholds it: the person may go
    back to change an answer chosen by mistake, and whatever the answers then give is shown again.
    """

    def __init__(self, session: Session, port: Port) -> None:
        self.session = session
        self.port = port
        self.lang = session.ruleset.language

    def run_to_end(self, offer_save: bool = True) -> Result:
        """Intro, questions, review, the result screen, the undo offer after emergency advice, and with offer_save
        the offer to save the report. The result is always shown: a person who answered is never left without
        the advice (with --output too, where the report also goes to the file)."""
        result = self.run()
        self.port.show_result(result)
        while self.session.shows_at_once() and self.port.undo():
            self.port.note("back_one")
            self.session.back()
            result = self.questions()
            self.port.show_result(result)
        if offer_save and offers_save(result):
            self.offer_save(result)
        return result

    def run(self) -> Result:
        """The intro, then the questions to the result (not shown)."""
        ruleset = self.session.ruleset
        self.port.intro(ruleset.metadata.title, notes(ruleset), self.session.current())
        return self.questions()

    def questions(self) -> Result:
        """Ask until the answers are complete, then the review; emergency advice comes at once, without it."""
        s = self.session
        reopened = ""  # the question being changed from the review, where going back keeps the earlier answer
        while True:
            stopping.check()  # a stop a finalizer swallowed is raised before anything more is asked
            question = s.current()
            if question is None:
                if s.shows_at_once():
                    return s.result()
                picked = self.port.review(s.review_items())
                if picked is None:
                    return s.result()
                if isinstance(picked, Back):
                    self.port.note("back_to_last")
                    s.back()
                else:
                    s.reopen(picked)
                    reopened = picked.id
                continue
            left = s.left_at_most()
            progress = say(self.lang, "progress_1" if left == 1 else "progress", section=question.section, left=left)
            answer = self.port.ask_question(
                question, progress, s.default(question), s.can_go_back() or question.id == reopened
            )
            if isinstance(answer, Back):
                if question.id == reopened:
                    self.port.note("keeping")
                    s.answer(question, s.default(question))
                elif s.can_go_back():
                    self.port.note("back_one")
                    s.back()
                else:
                    self.port.note("first_question")
                continue
            self.take(question, answer)
            if question.id == reopened:
                reopened = ""

    def take(self, question: Question, answer: Answer | Partial) -> None:
        """Record an answer read the safe way: a sign ticked next to 'None of these' counts, the parts of a
        Partial that were read count, and the port says what was left out."""
        if isinstance(answer, Partial):
            for text in answer.left_out:
                self.port.left_out(text)
            answer = answer.ids
        kept, left_out = safe_reading(question, answer, self.lang)
        if left_out:
            self.port.left_out(left_out)
        self.session.answer(question, kept)

    def offer_save(self, result: Result) -> None:
        """Offer to save the report; nothing is written unless the person names a new file."""
        first = True
        while True:
            fmt = self.port.save_format(first)
            first = False
            if fmt is None:
                return
            text = render(result, fmt)
            suggestion = report_name(fmt)
            while True:
                name = self.port.file_name(suggestion)
                if name is None:
                    return
                if isinstance(name, Back):
                    break
                done, message = save_report(name, text, self.lang)
                self.port.saved(done, message)
                if done:
                    return
