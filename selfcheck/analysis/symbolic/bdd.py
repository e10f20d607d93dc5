"""The one typed door to `dd` (binary decision diagrams, its CUDD binding): nodes, quantifiers, exact counts.

dd has no type stubs, so everything the symbolic backend uses of it goes through this module: a Node
protocol (the operators dd's Function has), and Bdd, a manager with the few operations the encoding needs.
Counting is done exactly: dd's count is a double and loses the last digits of the 10^29 answer sets of a
large file, so a count is CUDD's arbitrary precision one in C where it can be reached (native.py), else a
walk over the diagram's nodes with Python integers, which marginals and counts_within read too. The cheapest satisfying
assignment (weights per variable set true) gives the quietest example answers.

dd is optional (the `scale` extra): `available()` says whether dd.cudd imports; nothing else imports it, and
`run` and `validate` never import this module (tests/test_architecture.py).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from selfcheck.analysis.budget import resident_mb

if TYPE_CHECKING:
    from selfcheck.analysis.budget import Budget
    from selfcheck.analysis.symbolic.native import Native

TERMINAL_LEVEL = 2**31 - 1  # CUDD's level of the constants
MAX_KEPT = 200_000  # nodes whose counts are kept between counts (bundled 8x: about 150,000 in the answer space)
# CUDD's own accounting leaves out part of what it takes from the system (the unique table's growth, the
# allocator's overhead): tests6(40) peaked at 608 MiB with CUDD capped at 512 MiB. So CUDD gets this share of
# what the budget leaves after the rest of the process.
CUDD_SHARE = 0.8
CACHE_ENTRY = 32  # bytes of one entry of CUDD's computed table (DdCache: four words)
# The most entries CUDD's computed table may grow to (32 MiB): left to grow, it took 200 MiB of bundled 8x's
# 627 and 70 of tests6(40)'s 996, with no time gained (8x 11.1 and 13.5 s uncapped, 12.9 and 10.2 s capped,
# on a busy machine); at 2^18 entries tests6(40) took 190 s against 70.
CACHE_MAX = 2**20
GUARD_EVERY = 0.01  # seconds between two updates of CUDD's own limits from the budget
TICK_EVERY = 4096  # nodes between two looks at the budget in the walks over a diagram's nodes


class Node(Protocol):
    """A function in the diagram (dd's Function): the boolean operators, and its top node's parts."""

    def __and__(self, other: Node) -> Node: ...
    def __or__(self, other: Node) -> Node: ...
    def __invert__(self) -> Node: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __int__(self) -> int: ...

    @property
    def low(self) -> Node: ...
    @property
    def high(self) -> Node: ...
    @property
    def level(self) -> int: ...
    @property
    def var(self) -> str | None: ...
    @property
    def negated(self) -> bool: ...


def _module() -> Any:
    return importlib.import_module("dd.cudd")


def available() -> bool:
    """Whether dd can be imported (pip install 'selfcheck[scale]')."""
    try:
        _module()
    except ImportError:
        return False
    return True


def out_of_memory(e: Exception) -> bool:
    """Whether dd raised e because CUDD gave up an operation (a NULL result: a limit, or no memory left)."""
    return isinstance(e, (ValueError, RuntimeError)) and ("NULL" in str(e) or "run out of memory" in str(e))


# The budget the managers made inside `limited()` keep to, and those managers (for the nodes they made).
_limits: Budget | None = None
_made: list[Bdd] = []


@contextmanager
def limited(limits: Budget) -> Iterator[list[Bdd]]:
    """Every manager made in the with block keeps to limits inside its operations too (CUDD's own time and
    memory limits, updated from the budget whenever it is looked at); the block gets the managers made."""
    global _limits, _made
    before = _limits, _made
    _limits, _made = limits, []
    try:
        yield _made
    finally:
        for made in _made:  # the budget no longer keeps the managers (and their nodes) alive
            limits.unwatch(made.guard)
        _limits, _made = before


class Bdd:
    """One diagram manager: variables by name, in the order declared (CUDD may reorder them when asked)."""

    def __init__(
        self, reorder: bool = False, max_memory_mb: int | None = None, tick: Callable[[], None] | None = None
    ) -> None:
        """max_memory_mb bounds CUDD's own memory: an operation past it fails (out_of_memory) instead of growing
        without end, since one operation cannot be stopped from Python. tick is called between the operations
        of all() and any() (a budget's clock)."""
        self.limits = _limits
        self.max_memory_mb = max_memory_mb
        if self.limits is not None and self.limits.max_memory_mb is not None:
            self.max_memory_mb = min(max_memory_mb or self.limits.max_memory_mb, self.limits.max_memory_mb)
        # CUDD sizes its cache and how far its unique table grows from the memory it is told it may use: the
        # default (1 GiB) lets the cache alone grow to 256 MiB, past a smaller budget before any node is made.
        cap = self._cudd_share(0)
        self._dd: Any = _module().BDD(cap) if cap is not None else _module().BDD()
        self.cudd = True
        self._dd.configure(reordering=reorder)
        # CUDD lets its cache grow past its memory limit: a quarter of it at most, and never past CACHE_MAX.
        entries = CACHE_MAX if cap is None else min(CACHE_MAX, max(2**12, cap // 4 // CACHE_ENTRY))
        self._dd.configure(max_cache_hard=entries)
        from selfcheck.analysis.symbolic.native import Native  # only with a manager: ctypes is not free to import

        self.native: Native | None = Native.of(self._dd)
        self._guarded = 0.0
        self._tick = tick or (lambda: None)
        if self.limits is not None:
            _made.append(self)
            self.limits.watch(self.guard)
        self.guard(force=True)
        self.vars: list[str] = []
        self.true: Node = self._dd.true
        self.false: Node = self._dd.false
        # Counts below a regular node and its level, shared by every count. The roots counted are kept alive
        # (and with them every node below them, whose ids are then not reused by another node): a Python object
        # per node kept cost tests6 N=40 about 450 MB.
        self._counts: dict[int, tuple[int, int]] = {}
        self._roots: list[Node] = []
        assert int(self.false) & 1 and not int(self.true) & 1  # the complement bit (see _value)

    def tick(self) -> None:
        """Between two operations: the caller's tick (a budget's clock), then CUDD's own limits brought up to date."""
        self._tick()
        self.guard()

    def guard(self, force: bool = False) -> None:
        """CUDD's limits from what the budget has left: its time limit (when dd's manager can be reached, see
        selfcheck.analysis.symbolic.native) and its memory (CUDD_SHARE of what the rest of the process leaves)."""
        now = time.monotonic()
        if not force and now - self._guarded < GUARD_EVERY:
            return
        self._guarded = now
        if self.limits is not None and self.native is not None:
            self.native.seconds_left(self.limits.seconds_left())
        cap = self._cudd_share(self.native.memory_in_use() if self.native is not None else 0)
        if cap is not None:
            self._dd.configure(max_memory=cap)

    def _cudd_share(self, cudd: int) -> int | None:
        """The bytes CUDD may use: CUDD_SHARE of what the memory limit leaves after the rest of the process
        (its resident memory less the cudd bytes CUDD counts as its own); None with no limit."""
        if self.max_memory_mb is None:
            return None
        rest = max(0.0, resident_mb() - cudd / 2**20)
        return max(2**20, int((self.max_memory_mb - rest) * CUDD_SHARE * 2**20))

    def failure(self) -> str | None:
        """Which of CUDD's own limits made it give up an operation ("time", "memory", "nodes"), or None (then
        forgotten); None too without the native calls (out_of_memory then tells a failed operation)."""
        return self.native.failure() if self.native is not None else None

    def peak_nodes(self) -> int:
        """The most nodes the manager held at once (the work the diagrams did, for a run that stopped)."""
        if self.native is not None:
            return self.native.peak_nodes()
        return int(self._dd.statistics()["peak_live_nodes"]) if self.cudd else 0

    def add_var(self, name: str) -> Node:
        self._dd.declare(name)
        self.vars.append(name)
        node: Node = self._dd.var(name)
        return node

    def var(self, name: str) -> Node:
        node: Node = self._dd.var(name)
        return node

    def all(self, nodes: Iterable[Node]) -> Node:
        out = self.true
        for n in nodes:
            self.tick()
            out = out & n
        return out

    def any(self, nodes: Iterable[Node]) -> Node:
        out = self.false
        for n in nodes:
            self.tick()
            out = out | n
        return out

    def ite(self, cond: Node, then: Node, otherwise: Node) -> Node:
        got: Node = self._dd.ite(cond, then, otherwise)
        return got

    def exist(self, names: Sequence[str], node: Node) -> Node:
        if not names:
            return node
        got: Node = self._dd.exist(list(names), node)
        return got

    def and_exist(self, names: Sequence[str], a: Node, b: Node) -> Node:
        """exist(names, a & b) in one operation (CUDD's AndAbstract), without making a & b: tests6 N=40's
        questions after certain went from 18 s to 7 s with it, and from 1.2 GB to 600 MB."""
        if not names:
            return a & b
        got: Node = _module().and_exists(a, b, set(names))
        return got

    def restrict(self, node: Node, care: Node) -> Node:
        """A function equal to node wherever care holds, and often much smaller: CUDD's Cudd_bddRestrict, whose
        result reads no variable node does not."""
        got: Node = _module().restrict(node, care)
        return got

    def forall(self, names: Sequence[str], node: Node) -> Node:
        if not names:
            return node
        got: Node = self._dd.forall(list(names), node)
        return got

    def let(self, values: Mapping[str, bool], node: Node) -> Node:
        """node with the named variables set to constants."""
        if not values:
            return node
        # Booleans, not the constant nodes: dd then cofactors by one cube (Cudd_Cofactor) where nodes would make it
        # compose a vector of every variable (Cudd_bddVectorCompose): bundled 8x's monotonicity 6.3 s -> 5.5 s.
        got: Node = self._dd.let({k: bool(v) for k, v in values.items()}, node)
        return got

    def meets(self, a: Node, b: Node, within: Node | None = None) -> bool:
        """Whether a & b (& within) is satisfiable, found without making the conjunction where CUDD's own
        test can be reached (selfcheck.analysis.symbolic.native): bundled 8x's questions after certain ask it
        at every position of every level."""
        if self.native is not None:
            unless = None if within is None else int(~within)
            return not self.native.disjoint(int(a), int(b), unless)
        both = a & b if within is None else a & b & within
        return both != self.false

    def support(self, node: Node) -> frozenset[str]:
        """The variables node reads."""
        return frozenset(self._dd.support(node))

    def reorder(self) -> None:
        """Sift the variable order once now (CUDD), to shrink the diagrams made so far."""
        if self.cudd:
            _module().reorder(self._dd)

    def nodes(self) -> int:
        """Live nodes in the manager (memory; CUDD only, else 0)."""
        if self.cudd:
            return len(self._dd)
        return 0

    def count(self, node: Node) -> int:
        """How many assignments of every declared variable satisfy node: exact (Python integers). In C where
        CUDD's exact count can be reached (selfcheck.analysis.symbolic.native), else by the Python walk."""
        if self.native is not None:
            got = self.native.count(int(node), len(self.vars))
            if got is not None:
                return got
        return self.walked(node)

    def walked(self, node: Node) -> int:
        """count(node) by the Python walk, which keeps the count below every node it meets (the memo that
        marginals and counts_within read)."""
        n = len(self.vars)
        # A variable added since changes every count below a node; and the kept nodes cost memory (CUDD cannot
        # free them), so past MAX_KEPT they are let go and counted again when met.
        if self._counted_vars != n or len(self._counts) > MAX_KEPT:
            self._counts = {int(self.true): (1, n)}
            self._roots = []
            self._counted_vars = n
        self._count(node, n)
        return self._value(node, n) << self._level(node, n)

    _counted_vars = -1

    def _level(self, node: Node, n: int) -> int:
        level = node.level
        return n if level == TERMINAL_LEVEL else level

    def _value(self, node: Node, n: int) -> int:
        """Assignments of the variables at node's level and below that satisfy it (its regular node counted).

        CUDD's edges may be complemented: the low bit of a node's id says so (a complemented function has the
        count of its regular node subtracted from all assignments of those variables)."""
        key = int(node)
        below = self._counts[key & ~1][0]
        return (1 << (n - self._level(node, n))) - below if key & 1 else below

    def marginals(self, node: Node) -> dict[str, int]:
        """For every declared variable, how many satisfying assignments of node set it true: one pass down
        the diagram (ways to reach each node from the top) over the counts below each node."""
        n = len(self.vars)
        total = self.walked(node)
        names = [self._dd.var_at_level(level) for level in range(n)]
        ranged = [0] * (n + 1)  # added to every level in a range (a variable an edge skips is true in half)
        exact = [0] * n
        if node == self.false:
            return dict.fromkeys(names, 0)
        top = self._level(node, n)
        if top:  # the variables above the root are free: true in half of the assignments
            ranged[0] += total >> 1
            ranged[top] -= total >> 1
        ways: dict[int, tuple[int, Node]] = {int(node): (1 << top, node)}  # the variables above it are free
        by_level: dict[int, list[int]] = {top: [int(node)]}
        for level in range(top, n):
            self.tick()
            for key in by_level.pop(level, ()):
                here, f = ways.pop(key)
                for bit, child in enumerate(self._children(f)):
                    if child != self.false:
                        self._spread(level, here, bit, child, n, (ways, by_level, exact, ranged))
        out: dict[str, int] = {}
        running = 0
        for level in range(n):
            running += ranged[level]
            out[names[level]] = exact[level] + running
        return out

    def counts_within(self, space: Node, xs: Sequence[Node]) -> list[int]:
        """count(space & x) for each x, by one pass down space: x is conjoined only with the subfunctions of
        space at the level where x's own variables start (the frontier there), not with all of space, so the
        parts of space above x are neither rebuilt nor counted again."""
        n = len(self.vars)
        self.walked(space)  # every node of space counted (the memo)
        out = [0] * len(xs)
        queries: dict[int, list[int]] = {}
        for i, x in enumerate(xs):
            if x == self.false:
                continue
            if x == self.true:
                out[i] = self.walked(space)
                continue
            queries.setdefault(x.level, []).append(i)
        if space == self.false or not queries:
            return out
        frontier: dict[int, tuple[int, Node]] = {int(space): (1, space)}  # node -> ways to it from above a
        for a in range(max(queries) + 1):
            self.tick()
            for i in queries.get(a, ()):
                total = 0
                for ways, f in frontier.values():
                    h = f & xs[i]
                    if h != self.false:
                        self._count(h, n)
                        total += (ways * self._value(h, n)) << (self._level(h, n) - a)
                out[i] = total
            frontier = self._step_down(frontier, a, n)
        return out

    def _step_down(self, frontier: dict[int, tuple[int, Node]], a: int, n: int) -> dict[int, tuple[int, Node]]:
        """The frontier one level down: a node at level a gives its ways to its cofactors; any other node
        below it has the variable at a free, so twice the ways."""
        out: dict[int, tuple[int, Node]] = {}
        for key, (ways, f) in frontier.items():
            if self._level(f, n) == a:
                for child in self._children(f):
                    if child != self.false:
                        k = int(child)
                        got = out.get(k)
                        out[k] = ((got[0] if got else 0) + ways, child)
            else:
                got = out.get(key)
                out[key] = ((got[0] if got else 0) + 2 * ways, f)
        return out

    def _spread(
        self,
        level: int,
        here: int,
        bit: int,
        child: Node,
        n: int,
        into: tuple[dict[int, tuple[int, Node]], dict[int, list[int]], list[int], list[int]],
    ) -> None:
        """One edge of the downward pass: the assignments through it, and the ways to reach its child."""
        ways, by_level, exact, ranged = into
        below = self._level(child, n)
        through = (here * self._value(child, n)) << (below - level - 1)
        if bit:
            exact[level] += through
        if below > level + 1:  # skipped variables: true in half of these assignments
            ranged[level + 1] += through >> 1
            ranged[below] -= through >> 1
        if below < n:
            k = int(child)
            got = ways.get(k)
            if got is None:
                by_level.setdefault(below, []).append(k)
            ways[k] = ((got[0] if got else 0) + (here << (below - level - 1)), child)

    def _children(self, node: Node) -> tuple[Node, Node]:
        """node's cofactors (its regular node's children, complemented when node is)."""
        if node.negated:
            return ~node.low, ~node.high
        return node.low, node.high

    def _count(self, root: Node, n: int) -> None:
        """Count every regular node below root not counted yet (an explicit stack: deep files). The loop is
        written out (no calls per node, a child's level read from the memo): it is where large files spend
        their time."""
        memo = self._counts
        if (int(root) & ~1) in memo:
            return
        self._roots.append(root)
        stack = [root]
        left = TICK_EVERY
        while stack:
            node = stack[-1]
            key = int(node) & ~1
            if key in memo:
                stack.pop()
                continue
            low, high = node.low, node.high
            kl, kh = int(low), int(high)
            got_low, got_high = memo.get(kl & ~1), memo.get(kh & ~1)
            if got_low is None or got_high is None:
                if got_low is None:
                    stack.append(low)
                if got_high is None:
                    stack.append(high)
                continue
            stack.pop()
            level = node.level
            cl, ll = got_low
            ch, lh = got_high
            if kl & 1:
                cl = (1 << (n - ll)) - cl
            if kh & 1:
                ch = (1 << (n - lh)) - ch
            # The regular node's own count: node.low and node.high are its children, whatever node's sign.
            memo[key] = ((cl << (ll - level - 1)) + (ch << (lh - level - 1)), level)
            left -= 1
            if not left:  # a diagram of millions of nodes is counted for seconds: the budget still holds
                left = TICK_EVERY
                self.tick()

    def cheapest(self, node: Node, weight: Mapping[str, int]) -> dict[str, bool] | None:
        """A satisfying assignment with the least total weight of the variables set true (weights >= 0;
        variables not named are free and set false); None when node is false.

        Written out as _count is (it is where large files spend their time: 21 s of tests6 N=35's 52 under a
        profiler): a function is its regular node's object and a sign, so no complemented object is made, and
        weights are looked up by level."""
        if node == self.false:
            return None
        n = len(self.vars)
        at_level = [weight.get(self._dd.var_at_level(level), 0) for level in range(n)]
        true_key, false_key = int(self.true), int(self.false)
        # signed key -> (least cost below, take the high branch); a signed key is the node's id with its sign
        best: dict[int, tuple[int, bool]] = {true_key: (0, False)}
        # A node waiting for its children keeps their signed keys, so its cofactors are read once (each read
        # makes a Function object): tests6(40)'s examples 17 s -> 14 s.
        stack: list[tuple[Node, int, int, int]] = [(node, int(node), 0, 0)]
        while stack:
            obj, key, kl, kh = stack[-1]
            if key in best:
                stack.pop()
                continue
            if not kl:
                sign = key & 1
                low, high = obj.low, obj.high  # the regular node's children: the sign is applied to their keys
                kl, kh = int(low) ^ sign, int(high) ^ sign
                open_low = kl != false_key and kl not in best
                open_high = kh != false_key and kh not in best
                if open_low or open_high:
                    stack[-1] = (obj, key, kl, kh)
                    if open_low:
                        stack.append((low, kl, 0, 0))
                    if open_high:
                        stack.append((high, kh, 0, 0))
                    continue
            stack.pop()
            got_low, got_high = best.get(kl), best.get(kh)
            if got_high is None:  # only the low branch is satisfiable
                assert got_low is not None
                best[key] = (got_low[0], False)
            else:
                take_high = got_high[0] + at_level[obj.level]
                best[key] = (take_high, True) if got_low is None or take_high < got_low[0] else (got_low[0], False)
            if not len(best) % TICK_EVERY:
                self.tick()
        return self._path(node, best)

    def _path(self, node: Node, best: Mapping[int, tuple[int, bool]]) -> dict[str, bool]:
        """The variables on the path from node to true that takes the high branch where best says (its
        second item, per signed key)."""
        true_key = int(self.true)
        out: dict[str, bool] = {}
        at, key = node, int(node)
        while key != true_key:
            take = best[key][1]
            assert at.var is not None
            out[at.var] = take
            sign = key & 1
            at = at.high if take else at.low
            key = int(at) ^ sign
        return out

    def some(self, node: Node) -> dict[str, bool] | None:
        """One satisfying assignment (the variables on one path to true; the others free, set false), found
        in one walk down: in a reduced diagram every node but false reaches true. None when node is false."""
        if node == self.false:
            return None
        true_key, false_key = int(self.true), int(self.false)
        out: dict[str, bool] = {}
        at, key = node, int(node)
        while key != true_key:
            sign = key & 1
            assert at.var is not None
            low = at.low
            take = (int(low) ^ sign) == false_key
            out[at.var] = take
            at = at.high if take else low
            key = int(at) ^ sign
        return out
