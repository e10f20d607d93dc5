"""Conditions in plain English, using question summaries and choice labels, for clinicians reading a rule file."""

from __future__ import annotations

from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test
from selfcheck.model.ruleset import RuleSet


def quoted_choices(ruleset: RuleSet, test: Test, joiner: str) -> str:
    question = ruleset.question(test.question)
    labels = [f'"{question.choice(c).label}"' for c in test.choices]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]


def english_test(ruleset: RuleSet, test: Test, negated: bool = False) -> str:
    """One test, for example: 'Weakness in a limb' is "Yes" or "Not sure"."""
    subject = f"'{ruleset.question(test.question).summary}'"
    if test.op in ("is", "in"):
        verb = "is not" if negated else "is"
        # "is not A or B" would read as "(is not A) or B"; "neither ... nor" cannot be misread.
        if negated and len(test.choices) > 1:
            return f"{subject} is neither {quoted_choices(ruleset, test, 'nor')}"
        return f"{subject} {verb} {quoted_choices(ruleset, test, 'or')}"
    if test.op == "has all":
        verb = "does not include all of" if negated else "includes all of"
        return f"{subject} {verb} {quoted_choices(ruleset, test, 'and')}"
    if negated:
        verb = "does not include" if len(test.choices) == 1 else "includes none of"
        return f"{subject} {verb} {quoted_choices(ruleset, test, 'or')}"
    lead = "includes" if len(test.choices) == 1 else "includes any of"
    return f"{subject} {lead} {quoted_choices(ruleset, test, 'or')}"


def english(ruleset: RuleSet, condition: Condition) -> str:
    """A whole condition, with brackets wherever an 'or' sits inside an 'and' or an 'and' inside an 'or'.

    A test on a question that was not asked is false, so a negated test also holds when the question
    was skipped: the English says so, because a reader would otherwise assume it was answered.
    """
    if isinstance(condition, Test):
        return english_test(ruleset, condition)
    if isinstance(condition, Not):
        if isinstance(condition.item, Test):
            return f"{english_test(ruleset, condition.item, negated=True)} (or was not asked)"
        return f"not ({english(ruleset, condition.item)})"
    if isinstance(condition, All):
        return " and ".join(_grouped(ruleset, item, "and") for item in condition.items)
    return " or ".join(_grouped(ruleset, item, "or") for item in condition.items)


def _grouped(ruleset: RuleSet, item: Condition, parent: str) -> str:
    """Bracket an item whose own 'or' (or 'and') would otherwise read as part of its parent's list."""
    text = english(ruleset, item)
    return f"({text})" if _joiner(item) not in ("", parent) else text


def _joiner(item: Condition) -> str:
    """The word that joins the parts of an item's English, or '' if it has a single part."""
    if isinstance(item, AnyOf):
        return "or"
    if isinstance(item, All):
        return "and"
    negated = isinstance(item, Not)
    test = item.item if isinstance(item, Not) else item
    if not isinstance(test, Test) or len(test.choices) == 1:
        return ""
    if test.op == "has all":
        return "and"
    # "neither A nor B" cannot be misread, whatever surrounds it.
    return "" if negated and test.op in ("is", "in") else "or"
