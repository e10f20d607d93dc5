"""Conditions partially evaluated: formulas over numbered tests, with the answered tests put in and simplified.

A formula is True, False, or a tuple: ("t", test index), ("not", f), ("and", *fs), ("or", *fs). Putting in the
truth of the tests on questions already decided and simplifying (subst) leaves True when the condition holds
whatever the open questions' answers turn out to be, False when it fails whatever they are, and otherwise
what is still open. The engine and the analysis of the answer space (selfcheck.engine.space) both use it.
"""

from __future__ import annotations

from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test
from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

# A formula: True, False, or a tagged tuple (see the module docstring). typing is imported for the type checker
# only: importing it costs start-up time on the engine's path (bench/benchmark.py).
Formula = bool | tuple["Any", ...]


def compile_condition(cond: Condition, index: dict[Test, int]) -> Formula:
    """The condition as a formula, numbering each distinct test in index (shared between conditions)."""
    if isinstance(cond, Test):
        return ("t", index.setdefault(cond, len(index)))
    if isinstance(cond, Not):
        return ("not", compile_condition(cond.item, index))
    tag = "and" if isinstance(cond, All) else "or"
    assert isinstance(cond, (All, AnyOf))
    return (tag, *(compile_condition(item, index) for item in cond.items))


def subst(f: Formula, values: dict[int, bool]) -> Formula:
    """f with the tests in values replaced by their truth, simplified."""
    if f is True or f is False:
        return f
    tag = f[0]
    if tag == "t":
        return values.get(f[1], f)
    if tag == "not":
        inner = subst(f[1], values)
        return (not inner) if isinstance(inner, bool) else ("not", inner)
    stop = tag == "or"  # the value that decides an 'or' (True) or an 'and' (False)
    items = []
    for g in f[1:]:
        x = subst(g, values)
        if x is stop:
            return stop
        if x is not (not stop):
            items.append(x)
    if not items:
        return not stop
    return items[0] if len(items) == 1 else (tag, *items)


def closed(f: Formula) -> bool:
    """f's truth when every test still open is on a question that will not be answered (so false)."""
    if f is True or f is False:
        return f
    tag = f[0]
    if tag == "t":
        return False
    if tag == "not":
        return not closed(f[1])
    if tag == "and":
        return all(closed(g) for g in f[1:])
    return any(closed(g) for g in f[1:])
