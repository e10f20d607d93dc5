"""Exact counts by a walk over a diagram's nodes with Python integers: one count, marginals, many conjunctions.

A mixin of the manager bdd.Bdd: one count, per-variable marginals, and the counts of many conjunctions with one
space.

dd's own count is a double and loses the last digits of the 10^29 answer sets of a large file; CUDD's arbitrary
precision count in C (native.py) is used where it can be reached, and this walk otherwise, and always for what
only it gives: the memo of the count below every node, which marginals and counts_within read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from selfcheck.analysis.symbolic.nodes import TERMINAL_LEVEL, TICK_EVERY, Node

MAX_KEPT = 200_000  # nodes whose counts are kept between counts (bundled 8x: about 150,000 in the answer space)


class Counting:
    """Counts over the diagrams of one manager (mixed into Bdd, which gives the attributes declared here)."""

    _dd: Any
    vars: list[str]
    true: Node
    false: Node

    # Counts below a regular node and its level, shared by every count. The roots counted are kept alive (and with
    # them every node below them, whose ids are then not reused by another node): a Python object per node kept
    # cost tests6 N=40 about 450 MB. Made on the first count (_counted_vars is then not the number of variables).
    _counts: dict[int, tuple[int, int]]
    _roots: list[Node]
    _counted_vars = -1

    tick: Callable[[], None]  # between two steps of a long walk (the manager looks at its budget)

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
