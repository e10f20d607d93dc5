"""Monotonicity on diagrams: per sign or symptom question, the before/after pairs whose changed answer lowers the level.

The definition is the walk's (selfcheck.analysis.orchestrate, checks/monotonicity.py, joint.Joint): at a
point where question q is asked, the answer changes from a class of answers to a more worrying one (the
pairs of space.Domain.monotone_pairs), every other answer is kept, and every way of answering the questions
the change newly asks is taken. Here one vector holds the answers of every question asked in either flow
(selfcheck.analysis.symbolic.paths): flow A reads it as it is, flow B is flow A with the after answer to q
put in (a cofactor: B ticks the group's first choice, says yes, or gives the one choice), each read
through its own asked, and a pair lowers the level when B's rank is less urgent than A's. Pairs are
counted as the walk counts them: once per answer of the before class and per after class.

The after answer stands for its class: the conditions read every answer of a class alike. Groups are those
of the classes the rules read (selfcheck.engine.classes._classes without marks), worked out here without
their limit on the number of groups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from selfcheck.analysis.symbolic import upward
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.analysis.symbolic.paths import NONE_RANK, RANKS, Flows, Track, Vars, answered
from selfcheck.engine import flow as engine
from selfcheck.engine.classes import conditions_of
from selfcheck.model.conditions import Test, tests
from selfcheck.model.records import NamedTuple
from selfcheck.model.ruleset import Answers, Question, RuleSet

MAX_EXAMPLES = 3


Example = tuple[Answers, Answers, int, int]  # before answers, after answers, their level ranks
Kept = dict[tuple[str, frozenset[tuple[str, bool]], int], Node]  # (what, after answer, rank or position): B's


class Lowered(NamedTuple):
    """For one question: the before/after pairs that lower the level, and up to MAX_EXAMPLES of them."""

    question: str
    pairs: int
    # (before answers, after answers, rank before, rank after), one per (rank before, rank after), fewest first
    examples: tuple[Example, ...]


def groups(ruleset: RuleSet, q: Question) -> tuple[list[list[str]], list[str], list[str]]:
    """A checklist's groups of choices the conditions read alike (in file order), its unread plain choices,
    and its exclusive choices (as selfcheck.engine.classes._classes makes them without marks)."""
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


def has_pairs(ruleset: RuleSet, q: Question) -> bool:
    """Whether the question has before/after pairs (space.Domain.monotone_pairs is not empty), without its
    classes (a checklist may have too many)."""
    if not monotone(q):
        return False
    if q.type == "yesno":
        read = {t for c in conditions_of(ruleset) for t in tests(c) if t.question == q.id}
        return len({frozenset(t for t in read if c.id in t.choices) for c in q.choices}) > 1
    gs, unread, exclusive = groups(ruleset, q)
    # The walk's pairs: one more group ticked (two groups at least), a group added to the unread choices, or an
    # exclusive answer replaced by a group or an unread choice. One group alone is one class: nothing to compare.
    return len(gs) >= 2 or bool(unread and gs) or bool(exclusive and (gs or unread))


class Change(NamedTuple):
    """Some before/after pairs of one question: the before answers are those that `before` (a function of the
    question's variables) allows once `fixed` is put in, the after answer is the before one with `after` put in."""

    fixed: dict[str, bool]
    before: Node
    after: dict[str, bool]


def changes(v: Vars, q: Question) -> list[Change]:
    """The question's before/after pairs (space.Domain.monotone_pairs), made concrete: a yes for a no or
    not sure, one more group of choices ticked (its first choice), or an exclusive answer replaced by one
    choice. Each pair once per before answer, as the walk counts them."""
    bdd = v.bdd
    names = {c.id: v.names[(q.id, c.id)] for c in q.choices}

    def only(*on: str) -> dict[str, bool]:
        return {names[c.id]: c.id in on for c in q.choices}

    if q.type == "yesno":
        read = {t for c in conditions_of(v.ruleset) for t in tests(c) if t.question == q.id}
        yes = frozenset(t for t in read if "yes" in t.choices)
        like_yes = {c.id for c in q.choices if frozenset(t for t in read if c.id in t.choices) == yes}
        return [Change(only(c.id), bdd.true, only("yes")) for c in q.choices if c.id not in like_yes]
    gs, unread, exclusive = groups(v.ruleset, q)
    plain = [c.id for c in q.choices if not c.exclusive]
    ticked = bdd.any(v.var(q.id, c) for c in plain) & ~bdd.any(v.var(q.id, c) for c in exclusive)
    out = []
    for g in gs:
        # Tick one more group: before has none of it; after is before with its first choice too.
        none_of_g = {names[c]: False for c in g}
        out.append(Change(none_of_g, bdd.let(none_of_g, ticked), {names[g[0]]: True}))
    for e in exclusive:
        for target in [g[0] for g in gs] + unread[:1]:
            out.append(Change(only(e), bdd.true, only(target)))
    return out


def lowered(ruleset: RuleSet, tick: Callable[[], None] = lambda: None) -> Iterator[Lowered]:
    """For each sign or symptom question whose more worrying answers can give a less urgent level: the count
    of such before/after pairs and up to MAX_EXAMPLES of them, as answers (the caller checks them with the
    engine); tick is called between diagram operations (the analysis' budget)."""
    questions = [q for q in ruleset.questions if monotone(q)]
    v = Vars(ruleset)
    bdd = v.bdd
    flows = Flows(v, tick)
    syntax = upward.Flow(ruleset)
    for q in questions:
        pos = v.position[q.id]
        todo = [(c, r) for c in changes(v, q) if (r := _ranks(syntax.lowering_ranks(pos, _moved(v, syntax, q, c))))]
        if not todo:
            continue  # every change can only make rules fire, or raise the level from where it lowers it
        a = flows.at()
        n = 0
        cells: dict[tuple[int, int], tuple[Node, Change]] = {}
        kept: Kept = {}  # the cofactors the question's changes share (see _lowering)
        for change, ranks in todo:
            tick()
            hit, before_rank = _lowering(v, a, pos, change, ranks, flows, kept)
            if hit == bdd.false:
                continue
            n += bdd.count(hit) >> len(change.fixed)
            _add_cells(v, a, cells, hit, before_rank, change)
        if n:
            yield Lowered(q.id, n, _examples(v, cells))


def _ranks(ranks: frozenset[int] | None) -> list[int]:
    """The level ranks of flow A a change may lower from (symbolic.upward; None: any), none excepted."""
    return list(range(NONE_RANK)) if ranks is None else sorted(r for r in ranks if r < NONE_RANK)


def _moved(v: Vars, syntax: upward.Flow, q: Question, change: Change) -> dict[Test, int]:
    """How the change moves each test on q (symbolic.upward.test_moves)."""
    names = [(t, [v.names[(q.id, c)] for c in t.choices]) for t in syntax.read.get(q.id, ())]
    return {t: upward.test_moves(t, ns, change.fixed, change.after) for t, ns in names}


def _add_cells(
    v: Vars,
    a: Track,
    cells: dict[tuple[int, int], tuple[Node, Change]],
    hit: Node,
    before_rank: dict[int, Node],
    change: Change,
) -> None:
    """The (rank before, rank after) cells this change lowers the level in, that no other change had, as far
    as _examples reads them: the first MAX_EXAMPLES cells in order. A cell past the last of the first
    MAX_EXAMPLES found so far can never be one of them, so it is not made (tests6(40): each cell is two
    conjunctions with a diagram of the whole space, 41 s of the check when all were made)."""
    after = {**change.fixed, **change.after}
    for ra, before in sorted(before_rank.items()):
        below: Node | None = None  # hit & before, made for the first cell of this rank that is needed
        at_after: Node | None = None  # below with the changed variables set as after
        for rb in range(ra + 1, RANKS):
            if (ra, rb) in cells:
                continue
            if len(cells) >= MAX_EXAMPLES and (ra, rb) > sorted(cells)[MAX_EXAMPLES - 1]:
                return
            if below is None:
                # hit is in flow A's ranks given: with one rank, within it already (bundled 8x, tests6(40): most)
                below = hit if len(before_rank) == 1 else hit & before
                if below == v.bdd.false:
                    break
            if at_after is None:
                at_after = below & v.bdd.all(v.bdd.var(x) if on else ~v.bdd.var(x) for x, on in after.items())
            # below & let(after, rank_is[rb]) in one operation: below does not read the changed variables (hit
            # has them put in), so it is below with them set as after, rank_is[rb] read there, and them let
            # free. No cofactor of the whole rank diagram is made (tests6(40): 15 s of the check's 30).
            cell = v.bdd.and_exist(list(after), at_after, a.rank_is[rb])
            if cell != v.bdd.false:
                cells[(ra, rb)] = (cell, change)


def _examples(v: Vars, cells: dict[tuple[int, int], tuple[Node, Change]]) -> tuple[Example, ...]:
    """The quietest vector of each of the first MAX_EXAMPLES (rank before, rank after) cells, as the answers
    the engine keeps before and after the change."""
    out = []
    chosen = sorted(cells)[:MAX_EXAMPLES]
    picked = v.bdd.cheapest_each([cells[c][0] for c in chosen], _weights(v))
    for (ra, rb), got in zip(chosen, picked, strict=True):
        change = cells[(ra, rb)][1]
        assert got is not None
        values = {**got, **change.fixed}
        before = engine.applicable(v.ruleset, v.answers(values))
        after = engine.applicable(v.ruleset, v.answers({**values, **change.after}))
        out.append((before, after, ra, rb))
    return tuple(out)


def _lowering(
    v: Vars,
    a: Track,
    pos: int,
    change: Change,
    ranks: list[int],
    flows: Flows,
    kept: Kept,
) -> tuple[Node, dict[int, Node]]:
    """The vectors (with the question's fixed variables put in) where the change lowers the level from one
    of the given ranks, and flow A's rank there: flow B is flow A with the after answer put in; every
    question asked in either flow answered, the others not. kept keeps the cofactors a question's changes
    share (a yes/no question's changes have one after answer): B's "less urgent than" per rank, and B's asked
    per position."""
    bdd = v.bdd
    reads = flows.reads
    after = {**change.fixed, **change.after}
    n = len(v.ruleset.questions)
    # When no later question's asked reads q, both flows ask the same questions: the space (A's, without q)
    # is known before the levels are compared, and the ranks restricted to it are much smaller.
    care = flows.without(range(pos, pos + 1)) if not any(pos in reads[i] for i in range(pos + 1, n)) else bdd.true
    before_rank: dict[int, Node] = {}
    lower = bdd.false
    b_answer = frozenset(after.items())

    def let_after(what: str, i: int, node: Node) -> Node:
        key = (what, b_answer, i)
        got = kept.get(key)
        if got is None:
            got = kept[key] = bdd.let(after, node)
        return got

    for ra in ranks:
        before_rank[ra] = bdd.let(change.fixed, a.rank_is[ra])
        lower = lower | (before_rank[ra] & let_after("less urgent", ra, flows.less_urgent[ra]))
    # care once, on the union, not on each rank's part: the cells are made within hit, so within care too.
    hit = change.before & a.asked[pos] & (lower & care)
    if care != bdd.true or hit == bdd.false:
        return hit, before_rank
    # Then the rest of the space, question by question: first the questions flow B newly asks, in file order
    # (a lowering that needs one of them unanswered is gone once it is), then the others from the end, which
    # keeps the conjunction smaller (bundled 8x: 1.6 s against 4.5 s in file order).
    changed = set(after)
    # Where A's asked does not read the changed answer, both flows ask question i alike and its answered is
    # A's, made once; past the last position that reads it, the answered of all the rest is A's too, made once.
    alike = {i: pos not in reads[i] or not changed & flows.asked_support[i] for i in range(pos + 1, n)}
    last = max((i for i, same in alike.items() if not same), default=pos)
    rest: list[Node] = []
    for i in range(pos + 1, last + 1):
        flows.tick()
        if alike[i]:
            rest.append(flows.answered[i])
            continue
        mine, theirs = bdd.let(change.fixed, a.asked[i]), let_after("asked", i, a.asked[i])
        asked = mine | theirs
        if bdd.meets(theirs, ~mine):  # flow B newly asks question i
            hit = hit & answered(v, v.ruleset.questions[i], asked)
            if hit == bdd.false:
                return hit, before_rank
        else:
            rest.append(answered(v, v.ruleset.questions[i], asked))
    # The rest from the end (the last positions first), which keeps the conjunction smaller.
    for x in [flows.answered_from[last + 1], *reversed(rest)]:
        flows.tick()
        hit = hit & x
    return hit & flows.without(range(pos, n)), before_rank


def _weights(v: Vars) -> dict[str, int]:
    """Per variable, the cost of setting it for the quietest example (as encode.Encoding.quiet_weights):
    fewest worrying answers, then fewest answers, then "no" and "none of these" over other choices."""
    out = {}
    for (qid, cid), name in v.names.items():
        q = v.ruleset.question(qid)
        symptom = q.kind in ("sign", "symptom")
        worry = symptom and (
            cid == "yes" if q.type == "yesno" else q.type == "multiple" and not q.choice(cid).exclusive
        )
        out[name] = 1_000_000 * worry + 1_000 + (0 if cid in ("no", "none") else 1)
    return out
