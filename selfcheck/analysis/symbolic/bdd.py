"""The one typed door to `dd` (binary decision diagrams, CUDD when it is there): nodes, quantifiers, exact counts.

dd has no type stubs, so everything the symbolic backend uses of it goes through this module: a Node
protocol (the operators dd's Function has), and Bdd, a manager with the few operations the encoding needs.
Counting is done here, exactly, over the diagram's nodes with Python integers: CUDD's own count is a
double and loses the last digits of the 10^29 answer sets of a large file. The cheapest satisfying
assignment (weights per variable set true) gives the quietest example answers.

dd is optional (the `scale` extra): `available()` says whether it imports; nothing else imports it, and
`run` and `validate` never import this module (tests/test_architecture.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

TERMINAL_LEVEL = 2**31 - 1  # CUDD's level of the constants


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
    try:
        return importlib.import_module("dd.cudd")
    except ImportError:
        return importlib.import_module("dd.autoref")


def available() -> bool:
    """Whether dd can be imported (pip install 'selfcheck[scale]')."""
    try:
        _module()
    except ImportError:
        return False
    return True


class Bdd:
    """One diagram manager: variables by name, in the order declared (CUDD may reorder them when asked)."""

    def __init__(self, reorder: bool = False) -> None:
        self._dd: Any = _module().BDD()
        self.cudd = hasattr(self._dd, "statistics") and type(self._dd).__module__ == "dd.cudd"
        self._dd.configure(reordering=reorder)
        self.vars: list[str] = []
        self.true: Node = self._dd.true
        self.false: Node = self._dd.false

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
            out = out & n
        return out

    def any(self, nodes: Iterable[Node]) -> Node:
        out = self.false
        for n in nodes:
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

    def forall(self, names: Sequence[str], node: Node) -> Node:
        if not names:
            return node
        got: Node = self._dd.forall(list(names), node)
        return got

    def let(self, values: Mapping[str, bool], node: Node) -> Node:
        """node with the named variables set to constants."""
        if not values:
            return node
        got: Node = self._dd.let({k: self.true if v else self.false for k, v in values.items()}, node)
        return got

    def reorder(self) -> None:
        """Sift the variable order once now (CUDD), to shrink the diagrams made so far."""
        if self.cudd:
            _module().reorder(self._dd)

    def nodes(self) -> int:
        """Live nodes in the manager (memory; CUDD only, else 0)."""
        if self.cudd:
            return int(self._dd.statistics()["n_nodes"])
        return 0

    def count(self, node: Node) -> int:
        """How many assignments of every declared variable satisfy node: exact (Python integers)."""
        n = len(self.vars)
        if node == self.false:
            return 0
        memo: dict[int, int] = {}
        top = self._count(node, memo, n)
        return top << self._level(node, n)

    def _level(self, node: Node, n: int) -> int:
        level = node.level
        return n if level == TERMINAL_LEVEL else level

    def _children(self, node: Node) -> tuple[Node, Node]:
        if node.negated:
            return ~node.low, ~node.high
        return node.low, node.high

    def _count(self, root: Node, memo: dict[int, int], n: int) -> int:
        """Satisfying assignments of the variables at root's level and below (an explicit stack: deep files)."""
        stack = [root]
        while stack:
            node = stack[-1]
            key = int(node)
            if key in memo:
                stack.pop()
                continue
            if node == self.true:
                memo[key] = 1
                stack.pop()
                continue
            if node == self.false:
                memo[key] = 0
                stack.pop()
                continue
            low, high = self._children(node)
            todo = [c for c in (low, high) if int(c) not in memo]
            if todo:
                stack.extend(todo)
                continue
            level = node.level
            memo[key] = (memo[int(low)] << (self._level(low, n) - level - 1)) + (
                memo[int(high)] << (self._level(high, n) - level - 1)
            )
            stack.pop()
        return memo[int(root)]

    def cheapest(self, node: Node, weight: Mapping[str, int]) -> dict[str, bool] | None:
        """A satisfying assignment with the least total weight of the variables set true (weights >= 0;
        variables not named are free and set false); None when node is false."""
        if node == self.false:
            return None
        best: dict[int, tuple[int, bool]] = {}  # node -> (least cost below, take the high branch)
        stack = [node]
        while stack:
            top = stack[-1]
            key = int(top)
            if key in best or top == self.true:
                if top == self.true:
                    best[key] = (0, False)
                stack.pop()
                continue
            if top == self.false:
                stack.pop()
                continue
            low, high = self._children(top)
            todo = [c for c in (low, high) if int(c) not in best and c != self.false]
            if todo:
                stack.extend(todo)
                continue
            name = top.var
            assert name is not None
            options = []
            if low != self.false:
                options.append((best[int(low)][0], False))
            if high != self.false:
                options.append((best[int(high)][0] + weight.get(name, 0), True))
            best[key] = min(options)
            stack.pop()
        out: dict[str, bool] = {}
        at = node
        while at != self.true:
            low, high = self._children(at)
            take = best[int(at)][1]
            assert at.var is not None
            out[at.var] = take
            at = high if take else low
        return out
