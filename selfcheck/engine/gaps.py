"""Questions an answers file leaves open: which they are, and whether emergency holds however they are answered."""

from __future__ import annotations

from selfcheck.engine import flow
from selfcheck.model.ruleset import Answers, Question, RuleSet

MAX_GAP_FILLINGS = 512  # ways of answering the open questions tried before giving up (and asking for them)


def emergency_whatever_the_gaps(ruleset: RuleSet, given: Answers) -> bool:
    """Whether these answers give emergency now and every way of answering the questions left open does too.

    The open questions are filled in every way (a checklist in every combination of up to 8 choices),
    those they lead to as well; more than MAX_GAP_FILLINGS ways, and the answer is no: the person is
    asked, as before. Both conditions matter: the first is what is shown, the second that nothing a
    missing answer could say would make it wrong.
    """
    if flow.evaluate(ruleset, given).level.id != "emergency":
        return False
    todo: list[dict[str, tuple[str, ...]]] = [dict(given)]
    tried = 0
    while todo:
        answers = todo.pop()
        question = flow.walk(ruleset, answers)[1]
        if question is None:
            if flow.evaluate(ruleset, answers).level.id != "emergency":
                return False
            continue
        ways = _ways_to_answer(question)
        tried += len(ways)
        if not ways or tried > MAX_GAP_FILLINGS:
            return False
        todo.extend({**answers, question.id: way} for way in ways)
    return True


def _ways_to_answer(question: Question) -> list[tuple[str, ...]]:
    ids = question.choice_ids
    if question.type != "multiple":
        return [(c,) for c in ids]
    if len(ids) > 8:
        return []
    subsets = [tuple(c for i, c in enumerate(ids) if mask >> i & 1) for mask in range(1, 1 << len(ids))]
    return [s for s in subsets if question.without_exclusive(list(s)) == list(s)]


def unanswered(ruleset: RuleSet, answers: Answers) -> list[Question]:
    """Every question these answers lead to that has no answer, in the order they are asked.

    A missing answer counts as a question not asked, so the ones after it are still found; those
    that depend on what the missing answer will be show up once it is given.
    """
    filled = dict(answers)
    missing = []
    while (question := flow.next_question(ruleset, filled)) is not None:
        missing.append(question)
        filled[question.id] = ()  # matches nothing, as a question not asked does
    return missing
