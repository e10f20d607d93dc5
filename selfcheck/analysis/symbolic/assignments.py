"""Satisfying assignments read off a diagram: the cheapest (the quietest example answers) and any one.

A mixin of the manager bdd.Bdd. The cheapest has the least total weight of the variables set true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from selfcheck.analysis.symbolic.nodes import TICK_EVERY, Node


class Assignments:
    """Assignments from the diagrams of one manager (mixed into Bdd, which gives the attributes declared here)."""

    _dd: Any
    vars: list[str]
    true: Node
    false: Node

    tick: Callable[[], None]  # between two steps of a long walk (the manager looks at its budget)

    def cheapest(self, node: Node, weight: Mapping[str, int]) -> dict[str, bool] | None:
        """A satisfying assignment with the least total weight of the variables set true (weights >= 0;
        variables not named are free and set false); None when node is false."""
        return self.cheapest_each([node], weight)[0]

    def cheapest_each(self, nodes: Sequence[Node], weight: Mapping[str, int]) -> list[dict[str, bool] | None]:
        """cheapest of each node, in one walk: the least cost below a node does not depend on the root it is
        reached from, so the nodes the diagrams share are costed once (tests6(40)'s monotonicity examples, up to
        three cells of one change each: `analyze --method bdd` 47.6, 47.7 -> 46.5, 45.6 CPU s, A/B, the same
        JSON). The nodes stay referenced for the whole call, so no key is reused by another node.

        Written out as _count is (it is where large files spend their time: 21 s of tests6 N=35's 52 under a
        profiler): a function is its regular node's object and a sign, so no complemented object is made, and
        weights are looked up by level."""
        n = len(self.vars)
        at_level = [weight.get(self._dd.var_at_level(level), 0) for level in range(n)]
        # signed key -> (least cost below, take the high branch); a signed key is the node's id with its sign
        best: dict[int, tuple[int, bool]] = {int(self.true): (0, False)}
        out: list[dict[str, bool] | None] = []
        for node in nodes:
            if node == self.false:
                out.append(None)
                continue
            self._cost(node, at_level, best)
            out.append(self._path(node, best))
        return out

    def _cost(self, node: Node, at_level: Sequence[int], best: dict[int, tuple[int, bool]]) -> None:
        """Fill best for node and every node below it not in best yet (node is not false)."""
        false_key = int(self.false)
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
