"""The pure engine: which question comes next, and the result for a set of answers. No I/O."""

from __future__ import annotations

from collections.abc import Mapping

from selfcheck.engine import certainty
from selfcheck.model.conditions import Condition, tests
from selfcheck.model.records import NamedTuple
from selfcheck.model.ruleset import Answers, Level, Question, Rule, RuleSet, level_rank


class RuleTrace(NamedTuple):
    """Whether a rule fired, and the tests in its condition that held."""

    rule: Rule
    fired: bool
    held: tuple[str, ...]


class Result(NamedTuple):
    level: Level
    fired: tuple[Rule, ...]  # most urgent first, then in file order
    answers: Answers  # only the answers to questions that were asked, in question order
    summary: tuple[tuple[str, str], ...]  # (what the doctor reads, what the person answered)
    trace: tuple[RuleTrace, ...]
    skipped: tuple[str, ...]  # questions not asked, in question order
    ruleset: RuleSet

    @property
    def shown(self) -> tuple[Rule, ...]:
        """The fired rules whose messages the person reads, each message once.

        Those at the result's level, and (unless the result is an emergency, which shows only its own
        messages) any marked always_show. The others are left out: their advice is less urgent than the
        result's and would contradict it, and what they are about is in what to tell the doctor.
        """
        emergency = self.level.id == "emergency"
        seen: set[str] = set()
        shown: list[Rule] = []
        for rule in self.fired:
            if (rule.level == self.level.id or (rule.always_show and not emergency)) and rule.message not in seen:
                seen.add(rule.message)
                shown.append(rule)
        return tuple(shown)

    @property
    def messages(self) -> tuple[str, ...]:
        """The messages the person reads (see shown); `fired` has every rule that fired."""
        return tuple(rule.message for rule in self.shown)

    @property
    def safety_net(self) -> str:
        return self.ruleset.safety_net_for(self.level)

    @property
    def reported(self) -> tuple[tuple[str, str], ...]:
        """What to tell the doctor: every answer that reports something, as (what the doctor reads, the answer).

        A No, or a checklist's "None of these", reports nothing: those are in said_no instead.
        """
        return tuple((q.summary, q.labels(ids)) for q, ids in self._asked() if not _says_no(q, ids))

    @property
    def said_no(self) -> tuple[str, ...]:
        """What the person said No (or "None of these") to, for one line of the report."""
        return tuple(q.summary for q, ids in self._asked() if _says_no(q, ids))

    def _asked(self) -> list[tuple[Question, tuple[str, ...]]]:
        return [(q, self.answers[q.id]) for q in self.ruleset.questions if q.id in self.answers]


def _says_no(question: Question, ids: tuple[str, ...]) -> bool:
    """Whether an answer reports nothing: No, or a checklist's exclusive "None of these"."""
    return all(cid == "no" or (cid == "none" and question.choice(cid).exclusive) for cid in ids)


def walk(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> tuple[Answers, Question | None]:
    """Follow the question flow: the answers that still apply, and the next question to ask (None when done).

    An unanswered question does not end the walk, so changing an earlier answer keeps the later
    answers that still apply; the first unanswered question that applies is the next one.
    """
    kept, question, _ = _walk(ruleset, answers, None)
    return kept, question


# Why a question was not asked: the rule that ended the questions, the level that was already certain
# (which ended them), the ask_if that did not hold, or None when it applied but has no answer.
SkipReason = Rule | Level | Condition | None


def skip_reasons(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> dict[str, SkipReason]:
    """Every question the walk does not keep an answer for, in question order, with why it was skipped."""
    reasons: dict[str, SkipReason] = {}
    _walk(ruleset, answers, reasons)
    return reasons


def stopped(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> Rule | None:
    """The first rule that ends the questions and holds for these answers, or None."""
    return _stop([rule for rule in ruleset.rules if rule.stop], answers)


def ended_by(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> Rule | Level | None:
    """Why the questions ended before the last one: a stop rule that fired, or a level already certain."""
    return _walk(ruleset, answers, None)[2]


def certain_level(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> Level | None:
    """The level that ended the questions because these answers made it certain, or None.

    Certain means every way the flow could go on gives this level, and so do the answers as they are.
    Only emergency, and levels marked `stop_when_certain` in the rule file, end the questions so. Answers
    after the point where the level became certain are not looked at (the walk drops them).
    """
    why = ended_by(ruleset, answers)
    return why if isinstance(why, Level) else None


def _stop(stops: list[Rule], answers: Mapping[str, tuple[str, ...]]) -> Rule | None:
    return next((rule for rule in stops if rule.when.holds(answers)), None)


def _walk(
    ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]], reasons: dict[str, SkipReason] | None
) -> tuple[Answers, Question | None, Rule | Level | None]:
    kept: Answers = {}
    first_missing: Question | None = None
    why: dict[str, SkipReason] = {} if reasons is None else reasons  # the reasons, or where none are wanted
    stops = [rule for rule in ruleset.rules if rule.stop]
    # Whether a stop rule holds changes only when an answer is kept, so it is checked only then.
    ended: Rule | Level | None = _stop(stops, kept)
    sure = certainty.prepared(ruleset)
    # The rules that decide certainty, partially evaluated as the questions before the current one are
    # decided. Certainty can change only when one of the questions they read is decided, or after a search.
    progress = sure.start()
    due = True
    for index, question in enumerate(ruleset.questions):
        if ended is None and due and first_missing is None:
            ended, due = sure.check(progress, kept, index)
        if ended is not None:
            # The questions end, but never before an earlier question is answered: the emergency signs
            # come first and must not be skipped by a later answer.
            why.update((q.id, ended) for q in ruleset.questions[index:])
            return kept, first_missing, ended
        if question.ask_if is not None and not question.ask_if.holds(kept):
            why[question.id] = question.ask_if
        elif question.id in answers:
            kept[question.id] = tuple(answers[question.id])
            ended = _stop(stops, kept)
        else:
            why[question.id] = None
            if first_missing is None:
                first_missing = question
        if index in sure.read and first_missing is None:
            sure.advance(progress, index, kept)
            due = True
    if ended is None and due and first_missing is None:
        # After the last question too: emergency advice is then shown at once, without the review first.
        ended = sure.check(progress, kept, len(ruleset.questions))[0]
    return kept, first_missing, ended


def applicable(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> Answers:
    """The answers to questions that would still be asked, dropping the rest."""
    return walk(ruleset, answers)[0]


def next_question(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> Question | None:
    """The next question to ask given the answers so far, or None when the result is ready."""
    return walk(ruleset, answers)[1]


def questions_left_at_most(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> int:
    """An upper bound on the questions still to come, counting the next one."""
    kept, current = walk(ruleset, answers)
    if current is None:
        return 0
    index = ruleset.questions.index(current)
    left = 0
    for question in ruleset.questions[index:]:
        cond = question.ask_if
        # A condition that reads only answered questions is decided; anything else might still be asked.
        if cond is None or any(t.question not in kept for t in tests(cond)) or cond.holds(kept):
            left += 1
    return left


def evaluate(ruleset: RuleSet, answers: Mapping[str, tuple[str, ...]]) -> Result:
    """The result: the most urgent level among the rules that fired (`none` if none did), with a trace."""
    kept = applicable(ruleset, answers)
    trace = tuple(
        RuleTrace(rule, rule.when.holds(kept), tuple(t.text() for t in tests(rule.when) if t.holds(kept)))
        for rule in ruleset.rules
    )
    fired = sorted((t.rule for t in trace if t.fired), key=lambda rule: level_rank(rule.level))
    level_id = fired[0].level if fired else "none"
    summary = tuple((q.summary, q.labels(kept[q.id])) for q in ruleset.questions if q.id in kept)
    skipped = tuple(q.id for q in ruleset.questions if q.id not in kept)
    return Result(ruleset.level(level_id), tuple(fired), kept, summary, trace, skipped, ruleset)
