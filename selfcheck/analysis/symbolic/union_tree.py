"""The union of a list of diagrams whose items change one at a time, kept as a balanced tree of unions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.nodes import Node


class UnionTree:
    """The union of a list of diagrams whose items change one at a time: a balanced tree of unions over the
    items (node k is the union of nodes 2k and 2k + 1, the items the leaves from len(items) on), brought up to
    date when the union is asked for, along the paths from the changed leaves only."""

    def __init__(self, bdd: Bdd, items: Sequence[Node], tick: Callable[[], None]) -> None:
        self.bdd, self.tick, self.size = bdd, tick, len(items)
        self.tree = [bdd.false] * self.size + list(items)
        self.dirty: set[int] = set(range(self.size, 2 * self.size))

    def set(self, j: int, item: Node) -> None:
        self.tree[self.size + j] = item
        self.dirty.add(self.size + j)

    def value(self) -> Node:
        if self.size == 0:
            return self.bdd.false
        while self.dirty - {1}:
            parents = {k // 2 for k in self.dirty if k > 1}
            for k in sorted(parents, reverse=True):
                self.tick()
                self.tree[k] = self.tree[2 * k] | self.tree[2 * k + 1]
            self.dirty = parents
        self.dirty = set()
        return self.tree[1]  # the root, or the one item
