"""Conditions partially evaluated: formulas over numbered tests, with the answered tests put in and simplified.

A formula is True, False, or a tagged tuple, each form a precise type below: ("t", test number), ("not", f),
("and", (f, ...)) or ("or", (f, ...)). Putting in the truth of the tests on questions already decided and
simplifying (subst) leaves True when the condition holds whatever the open questions' answers turn out to
be, False when it fails whatever they are, and otherwise what is still open. The engine and the analysis of
the answer space (selfcheck.engine.space) both use it.

Why tagged tuples and not NamedTuple records: the walks keep every residual in their states, and the garbage
collector stops tracking a plain tuple of untracked items (numbers, strings, other such tuples) but never an
instance of a tuple subclass. With a NamedTuple per form, `selfcheck analyze` of bench/generators.py's
checklist family 14 took 1.45 s CPU against 1.19 s (best of 5 runs each, 2026-12-01); with the collector off
the two took the same time (1.01 s and 0.98 s). The type checker reads each form exactly (the tag narrows it),
so the code below is checked as records would be.
"""

from __future__ import annotations

from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test
from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Literal

    # typing is imported for the type checker only: importing it costs start-up time on the engine's path.
    Atom = tuple[Literal["t"], int]  # one test, by its number
    Negation = tuple[Literal["not"], "Formula"]  # of a formula still open, never of True or False
    Junction = tuple[Literal["and", "or"], tuple["Formula", ...]]  # two or more items, none True or False
    Formula = bool | Atom | Negation | Junction
else:
    Formula = bool | tuple


def compile_condition(cond: Condition, index: dict[Test, int]) -> Formula:
    """The condition as a formula, numbering each distinct test in index (shared between conditions)."""
    if isinstance(cond, Test):
        return ("t", index.setdefault(cond, len(index)))
    if isinstance(cond, Not):
        return ("not", compile_condition(cond.item, index))
    assert isinstance(cond, (All, AnyOf))
    items = tuple(compile_condition(item, index) for item in cond.items)
    # The parser makes no 'and' of one item, but a condition built in Python may: subst would unwrap it.
    if len(items) == 1:
        return items[0]
    return ("and", items) if isinstance(cond, All) else ("or", items)


def subst(f: Formula, values: dict[int, bool]) -> Formula:
    """f with the tests in values replaced by their truth, simplified.

    A formula none of whose tests is in values comes back as the same object: the walks put the answer into
    every slot that reads the question at every step, and most of a slot is on other questions.
    """
    if f is True or f is False:
        return f
    if f[0] == "t":
        return values.get(f[1], f)
    if f[0] == "not":
        return _subst_not(f, values)
    stop = f[0] == "or"  # the value that decides an 'or' (True) or an 'and' (False)
    items = []
    changed = False
    for g in f[1]:
        x = subst(g, values)
        if x is stop:
            return stop
        if x is not g:
            changed = True
            if x is (not stop):
                continue
        items.append(x)
    if not changed:
        return f
    if not items:
        return not stop
    return items[0] if len(items) == 1 else (f[0], tuple(items))


def _subst_not(f: Negation, values: dict[int, bool]) -> Formula:
    inner = subst(f[1], values)
    if inner is f[1]:
        return f
    return (not inner) if inner is True or inner is False else ("not", inner)


def closed(f: Formula) -> bool:
    """f's truth when every test still open is on a question that will not be answered (so false)."""
    if f is True or f is False:
        return f
    if f[0] == "t":
        return False
    if f[0] == "not":
        return not closed(f[1])
    if f[0] == "and":
        return all(closed(g) for g in f[1])
    return any(closed(g) for g in f[1])


def atoms(f: Formula) -> list[int]:
    """The numbers of the tests f still reads, in order (with repeats)."""
    if f is True or f is False:
        return []
    if f[0] == "t":
        return [f[1]]
    if f[0] == "not":
        return atoms(f[1])
    return [i for g in f[1] for i in atoms(g)]
