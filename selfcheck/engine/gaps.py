"""Questions an answers file leaves open: which they are, and whether emergency holds however they are answered."""

from __future__ import annotations

from selfcheck.engine import flow
from selfcheck.model.ruleset import Answers, Question, RuleSet, level_rank


def emergency_whatever_the_gaps(ruleset: RuleSet, given: Answers) -> bool:
    """Whether these answers give emergency now and every way of answering the questions left open does too.

    Both conditions matter: the first is what is shown, the second that nothing a missing answer could say
    would make it wrong. The second is the certainty search of the engine (selfcheck.engine.space) over a flow
    whose answered questions can take only the answer given (or be passed, where the open ones decide that
    they are not asked), so a checklist left open counts every way of ticking it by its classes, not one by
    one. A file too large to search that way gets no: the person is asked, as before.
    """
    if flow.evaluate(ruleset, given).level.id != "emergency":
        return False
    # Imported only here: an answers file with a gap is rare, and the search costs what validate never pays.
    from selfcheck.engine.classes import Domain, build_domains
    from selfcheck.engine.space import Flow

    try:
        domains = build_domains([ruleset], marks=False)
        every = Flow(ruleset, domains)
        fixed = dict(domains)
        for pos, question in enumerate(ruleset.questions):
            if question.id in given:
                one = domains[question.id].classes[every.class_of(pos, given[question.id])]
                fixed[question.id] = Domain(question, (one,))
        answered = Flow(ruleset, fixed)
        return answered.certain(answered.initial) == level_rank("emergency")
    except ValueError:  # too many groups of choices to search, or an answer no class stands for
        return False


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
