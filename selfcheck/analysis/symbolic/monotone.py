"""Monotonicity on diagrams: per sign or symptom question, the before/after pairs whose changed answer lowers the level.

The definition is the walk's (selfcheck.analysis.orchestrate, checks/monotonicity.py, walks.Joint): at a
point where question q is asked, the answer changes from a class of answers to a more worrying one (the
pairs of space.Domain.monotone_pairs), every other answer is kept, and every way of answering the questions
the change newly asks is taken. Here one vector holds the answers of every question asked in either flow:
flow A reads q, flow B reads q's primed copy (selfcheck.analysis.symbolic.paths), each through its own
asked, and a pair lowers the level when B's rank is less urgent than A's. Pairs are counted as the walk
counts them: once per answer of the before class and per after class.

The after classes are made concrete: B ticks the first choice of the group added (or says yes), which the
conditions read as any answer of that class. Groups are those of the classes the rules read
(space._classes without marks), worked out here without their limit on the number of groups.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from selfcheck.analysis.budget import charge
from selfcheck.analysis.space import conditions_of
from selfcheck.analysis.symbolic.bdd import Node
from selfcheck.analysis.symbolic.paths import RANKS, Track, Vars, answered
from selfcheck.engine import flow as engine
from selfcheck.model.conditions import Test, tests
from selfcheck.model.records import NamedTuple
from selfcheck.model.ruleset import Answers, Question, RuleSet

MAX_EXAMPLES = 3


class Lowered(NamedTuple):
    """For one question: the before/after pairs that lower the level, and up to MAX_EXAMPLES of them."""

    question: str
    pairs: int
    # (before answers, after answers, rank before, rank after), one per (rank before, rank after), fewest first
    examples: tuple[tuple[Answers, Answers, int, int], ...]


def groups(ruleset: RuleSet, q: Question) -> tuple[list[list[str]], list[str], list[str]]:
    """A checklist's groups of choices the conditions read alike (in file order), its unread plain choices,
    and its exclusive choices (as space._classes makes them without marks)."""
    read: set[Test] = {t for c in conditions_of(ruleset) for t in tests(c) if t.question == q.id}
    by_sig: dict[frozenset[Test], list[str]] = {}
    unread: list[str] = []
    for c in q.choices:
        sig = frozenset(t for t in read if c.id in t.choices)
        if c.exclusive:
            continue
        if sig:
            by_sig.setdefault(sig, []).append(c.id)
        else:
            unread.append(c.id)
    out: list[list[str]] = []
    for sig, ids in by_sig.items():
        # Two choices in one 'has all' test are not interchangeable: ticking one is not ticking both.
        if len(ids) > 1 and any(t.op == "has all" for t in sig):
            out += [[cid] for cid in ids]
        else:
            out.append(ids)
    return out, unread, [c.id for c in q.choices if c.exclusive]


def monotone(q: Question) -> bool:
    """Whether the check reads the question: a sign or symptom with a yes/no or checklist answer."""
    return q.kind != "context" and q.type in ("yesno", "multiple")


def _same(v: Vars, qid: str, cid: str) -> Node:
    a, b = v.var(qid, cid), v.var(qid, cid, True)
    return (a & b) | (~a & ~b)


def _cube(v: Vars, q: Question, on: Sequence[str]) -> Node:
    """q' answered with exactly the choices on."""
    return v.bdd.all(v.var(q.id, c.id, True) if c.id in on else ~v.var(q.id, c.id, True) for c in q.choices)


def pairs_relation(v: Vars, q: Question) -> Node:
    """(q before, q' after) for every before/after pair of the question (false when it has none)."""
    bdd = v.bdd
    if q.type == "yesno":
        read = {t for c in conditions_of(v.ruleset) for t in tests(c) if t.question == q.id}
        yes = frozenset(t for t in read if "yes" in t.choices)
        like_yes = [c.id for c in q.choices if frozenset(t for t in read if c.id in t.choices) == yes]
        before = v.valid(q) & ~bdd.any(v.var(q.id, c) for c in like_yes)
        return before & _cube(v, q, ["yes"])
    gs, unread, exclusive = groups(v.ruleset, q)
    plain = [c.id for c in q.choices if not c.exclusive]
    out = bdd.false
    ticked = bdd.any(v.var(q.id, c) for c in plain) & ~bdd.any(v.var(q.id, c) for c in exclusive)
    for g in gs:
        # Tick one more group: before has none of it; after is before with its first choice too.
        keep = bdd.all(_same(v, q.id, c) for c in plain if c != g[0])
        no_exclusive_after = bdd.all(~v.var(q.id, c, True) for c in exclusive)
        add = ticked & ~bdd.any(v.var(q.id, c) for c in g) & v.var(q.id, g[0], True) & keep & no_exclusive_after
        out = out | add
    alone = (v.valid(q) & bdd.any(v.var(q.id, c) for c in exclusive)) if exclusive else bdd.false
    for target in [g[0] for g in gs] + unread[:1]:
        out = out | (alone & _cube(v, q, [target]))  # an exclusive answer replaced by one choice
    return out


def lowered(ruleset: RuleSet) -> Iterator[Lowered]:
    """For each sign or symptom question whose more worrying answers can give a less urgent level: the count
    of such before/after pairs and up to MAX_EXAMPLES of them, as answers (the caller checks them with the
    engine)."""
    questions = [q for q in ruleset.questions if monotone(q)]
    v = Vars(ruleset, [q.id for q in questions])
    bdd = v.bdd
    a = Track(v)
    weights = _weights(v)
    more_urgent_a = []  # A's rank is more urgent than r
    acc = bdd.false
    for r in range(RANKS):
        more_urgent_a.append(acc)
        acc = acc | a.rank_is[r]
    prefix, done = bdd.true, 0  # A's answers to the questions before done are valid where asked, else none
    for q in questions:
        pos = v.position[q.id]
        for i in range(done, pos):
            charge()
            prefix = prefix & answered(v, ruleset.questions[i], a.asked[i])
        done = pos
        rel = pairs_relation(v, q)
        # Flow B is flow A reading q from its copy: the same functions with q's variables renamed.
        copy = dict(zip(v.names_of(q.id), v.names_of(q.id, True), strict=True))
        b_rank = [bdd.rename(copy, x) for x in a.rank_is]
        hit = a.asked[pos] & rel & bdd.any(b_rank[rb] & more_urgent_a[rb] for rb in range(RANKS))
        # Conjoined question by question, the most telling first: a question with no lowering pair is
        # usually shown so before the whole space is built.
        for i in range(pos + 1, len(ruleset.questions)):
            if hit == bdd.false:
                break
            charge()
            either = a.asked[i] | bdd.rename(copy, a.asked[i])
            hit = hit & answered(v, ruleset.questions[i], either)
        hit = hit & prefix
        if hit == bdd.false:
            continue
        free = v.primes - len(v.names_of(q.id, True))
        n = bdd.count(hit) >> free
        examples: list[tuple[Answers, Answers, int, int]] = []
        for ra in range(RANKS):
            for rb in range(ra + 1, RANKS):
                cell = hit & a.rank_is[ra] & b_rank[rb]
                if len(examples) == MAX_EXAMPLES or cell == bdd.false:
                    continue
                got = bdd.cheapest(cell, weights)
                assert got is not None
                before = engine.applicable(ruleset, v.answers(got))
                after = engine.applicable(ruleset, v.answers(got, primed=q.id))
                examples.append((before, after, ra, rb))
        yield Lowered(q.id, n, tuple(examples))


def _weights(v: Vars) -> dict[str, int]:
    """Per variable, the cost of setting it for the quietest example (as encode.Encoding.quiet_weights):
    fewest worrying answers, then fewest answers, then "no" and "none of these" over other choices."""
    out = {}
    for (qid, cid, _), name in v.names.items():
        q = v.ruleset.question(qid)
        symptom = q.kind in ("sign", "symptom")
        worry = symptom and (
            cid == "yes" if q.type == "yesno" else q.type == "multiple" and not q.choice(cid).exclusive
        )
        out[name] = 1_000_000 * worry + 1_000 + (0 if cid in ("no", "none") else 1)
    return out
