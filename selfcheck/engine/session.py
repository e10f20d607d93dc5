"""The state of one self-check in progress: answers, the way back, and review. Pure; runners do the I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from selfcheck.engine import flow as engine
from selfcheck.model.ruleset import Answers, Question, RuleSet


@dataclass
class Session:
    ruleset: RuleSet
    answers: Answers = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # question ids in the order they were answered
    defaults: dict[str, tuple[str, ...]] = field(default_factory=dict)  # earlier answers to offer again

    def current(self) -> Question | None:
        """The question to ask now, or None when the answers are complete."""
        return engine.next_question(self.ruleset, self.answers)

    def default(self, question: Question) -> tuple[str, ...]:
        return self.defaults.get(question.id, ())

    def answer(self, question: Question, choice_ids: tuple[str, ...]) -> None:
        """Record an answer and drop the answers that no longer apply."""
        self.answers[question.id] = choice_ids
        self.defaults.pop(question.id, None)
        self.answers = engine.applicable(self.ruleset, self.answers)
        self.history = [qid for qid in self.history if qid in self.answers and qid != question.id]
        self.history.append(question.id)

    def can_go_back(self) -> bool:
        return bool(self.history)

    def back(self) -> None:
        """Step back to the previous question, keeping its answer to offer as the default."""
        qid = self.history.pop()
        self.defaults[qid] = self.answers.pop(qid)
        self.answers = engine.applicable(self.ruleset, self.answers)

    def reopen(self, question: Question) -> None:
        """Ask an answered question again (from the review), its answer offered as the default."""
        self.defaults[question.id] = self.answers.pop(question.id)
        self.history = [qid for qid in self.history if qid != question.id]

    def stopped_early(self) -> bool:
        """True when the questions ended at once: a stop rule fired (an emergency sign, someone out of scope),
        or the answers made emergency advice (or another level that ends the questions) certain."""
        return engine.ended_by(self.ruleset, self.answers) is not None

    def shows_at_once(self) -> bool:
        """True when the questions ended with emergency advice: it is shown at once, with no review first.

        Every other way the questions end (a stop rule, another level that ended them) keeps the review,
        where any answer can still be changed.
        """
        return self.current() is None and self.stopped_early() and self.result().level.id == "emergency"

    def review_items(self) -> list[tuple[Question, str]]:
        return [(q, q.labels(self.answers[q.id])) for q in self.ruleset.questions if q.id in self.answers]

    def left_at_most(self) -> int:
        return engine.questions_left_at_most(self.ruleset, self.answers)

    def result(self) -> engine.Result:
        return engine.evaluate(self.ruleset, self.answers)
