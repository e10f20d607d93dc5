"""The one typed door to `dd` (binary decision diagrams, its CUDD binding): nodes, quantifiers, exact counts.

dd has no type stubs, so everything the symbolic backend uses of it goes through this module and the two mixed
into its manager Bdd: the few operations the encoding needs here, exact counts in counting.py, satisfying
assignments in assignments.py (nodes.py types the nodes). A count is CUDD's arbitrary precision one in C where
it can be reached (native.py), else counting.py's walk with Python integers.

dd is optional (the `scale` extra): `available()` says whether dd.cudd imports; nothing else imports it, and
`run` and `validate` never import this module (tests/test_architecture.py).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from selfcheck.analysis.budget import resident_mb
from selfcheck.analysis.symbolic.assignments import Assignments
from selfcheck.analysis.symbolic.counting import Counting
from selfcheck.analysis.symbolic.nodes import Node

if TYPE_CHECKING:
    from selfcheck.analysis.budget import Budget
    from selfcheck.analysis.symbolic.native import Native

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


class Bdd(Counting, Assignments):
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
