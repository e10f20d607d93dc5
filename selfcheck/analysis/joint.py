"""Two flows walked side by side over one answer set (the diff's and the monotonicity check's joint summaries)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from selfcheck.analysis.walks import RANKS, Move, Summary, add_summary, answers_of, post_order, quietness
from selfcheck.engine.space import ASK, DONE, NONE_RANK, Flow, State
from selfcheck.model.ruleset import Answers

Pending = frozenset[tuple[str, int]]  # answers one flow gave that the other has still to reach
JState = tuple[State, State, Pending, Pending, bool]  # (state a, state b, pending for a, for b, diverged)
JMove = tuple[Move, Move]


class Joint:
    """Two flows walked side by side over one answer set: a question both ask gets one answer.

    Questions are taken in a merged order; when only one flow asks a question the other asks later, the
    answer waits for it (pending), so the two flows always see the same answer. With diverge set to a
    question id and class pairs, the flows may take one pair (before, after) there once: the monotonicity
    check compares each answer set with the same answers changed at that one question.
    """

    def __init__(
        self,
        a: Flow,
        b: Flow,
        diverge: str = "",
        pairs: tuple[tuple[int, int], ...] = (),
        prune: Callable[[JState], bool] | None = None,
    ) -> None:
        self.a, self.b = a, b
        # A joint state prune says has no answer set in any cell the caller reads is summarised as empty,
        # unwalked: the summaries are then exact in those cells only.
        self.prune = prune
        self.diverge, self.pairs = diverge, pairs
        merged = [q.id for q in a.questions]
        rest = [q.id for q in b.questions if q.id not in a.order]
        for qid in rest:
            # Place a question only the second file has right after the question it follows there.
            before = [q.id for q in b.questions[: b.order[qid]] if q.id in merged]
            merged.insert(merged.index(before[-1]) + 1 if before else 0, qid)
        self.rank = {qid: i for i, qid in enumerate(merged)}
        self.summary: dict[JState, Summary] = {}
        self.root: JState = (a.initial, b.initial, frozenset(), frozenset(), False)

    def leaf(self, js: JState) -> int | None:
        a, b = js[0], js[1]
        if self.a.status(a) == DONE and self.b.status(b) == DONE:
            return min(self.a.finish(a), NONE_RANK) * RANKS + min(self.b.finish(b), NONE_RANK)
        return None

    def moves(self, js: JState) -> list[tuple[JMove, int, JState]]:
        a, b = js[0], js[1]
        sa, sb = self.a.status(a), self.b.status(b)
        qa = self.a.question_at(a).id if sa != DONE else ""
        qb = self.b.question_at(b).id if sb != DONE else ""
        if qa and qa == qb:
            if sa == ASK and sb == ASK:
                return self._both_ask(js, qa)
            return self._one_asks(js, qa, sa, sb)
        first = bool(qa) and (not qb or self.rank[qa] <= self.rank[qb])
        return self._one_on(js, first, qa if first else qb, sa if first else sb)

    def _both_ask(self, js: JState, qid: str) -> list[tuple[JMove, int, JState]]:
        """Both flows ask the question: one answer for both, or (diverging there) one pair of classes."""
        a, b, pa, pb, div = js
        fa, fb = self.a, self.b
        classes = fa.domains[qid].classes
        out: list[tuple[JMove, int, JState]] = [
            (((qid, k), (qid, k)), cls.count, (fa.step(a, k), fb.step(b, k), pa, pb, div))
            for k, cls in enumerate(classes)
        ]
        if not div and qid == self.diverge:
            for k, k2 in self.pairs:
                child = (fa.step(a, k), fb.step(b, k2), pa, pb, True)
                out.append((((qid, k), (qid, k2)), classes[k].count, child))
        return out

    def _one_asks(self, js: JState, qid: str, sa: str, sb: str) -> list[tuple[JMove, int, JState]]:
        """Both flows are at the question and at most one asks it: that one's classes, the other passes."""
        a, b, pa, pb, div = js
        fa, fb = self.a, self.b
        classes = fa.domains[qid].classes
        ka = range(len(classes)) if sa == ASK else (None,)
        kb = range(len(classes)) if sb == ASK else (None,)
        out: list[tuple[JMove, int, JState]] = []
        for i in ka:
            for j in kb:
                count = classes[i].count if i is not None else classes[j].count if j is not None else 1
                pair: JMove = ((qid, i) if i is not None else None, (qid, j) if j is not None else None)
                out.append((pair, count, (fa.step(a, i), fb.step(b, j), pa, pb, div)))
        return out

    def _one_on(self, js: JState, first: bool, qid: str, status: str) -> list[tuple[JMove, int, JState]]:
        """One flow (the first when first) takes its question on; an answer the other asks later waits for it."""
        a, b, pa, pb, div = js
        me, other = (self.a, self.b) if first else (self.b, self.a)
        mine, theirs = (a, b) if first else (b, a)
        pend_me, pend_other = (pa, pb) if first else (pb, pa)
        waiting = dict(pend_me)
        pend_me = frozenset(p for p in pend_me if p[0] != qid)
        options: list[tuple[int | None, int, frozenset[tuple[str, int]]]] = []
        if status != ASK:
            options.append((None, 1, pend_other))
        elif qid in waiting:
            options.append((waiting[qid], 1, pend_other))
        else:
            later = qid in other.order and other.status(theirs) != DONE and other.order[qid] >= theirs[0]
            for k, cls in enumerate(me.domains[qid].classes):
                options.append((k, cls.count, pend_other | {(qid, k)} if later else pend_other))
        out: list[tuple[JMove, int, JState]] = []
        for choice, n, po in options:
            step = me.step(mine, choice)
            single: Move = (qid, choice) if choice is not None else None
            if first:
                out.append(((single, None), n, (step, theirs, pend_me, po, div)))
            else:
                out.append(((None, single), n, (theirs, step, po, pend_me, div)))
        return out

    def visit(self, js: JState) -> Summary:
        cells: dict[JState, int] = {}  # the cell of each end state met (-1: pruned)
        prune = self.prune

        def expand(j: JState) -> list[tuple[JMove, int, JState]]:
            cell = self.leaf(j)
            if cell is None:
                if prune is None or not prune(j):
                    return self.moves(j)
                cell = -1
            cells[j] = cell
            return []

        def finish(j: JState, moves: Sequence[tuple[JMove, int, JState]]) -> None:
            if j in cells:
                cell = cells.pop(j)
                self.summary[j] = tuple(1 if i == cell else 0 for i in range(RANKS * RANKS))
                return
            acc = [0] * (RANKS * RANKS)
            for _, count, child in moves:
                add_summary(acc, count, self.summary[child])
            self.summary[j] = tuple(acc)

        post_order(js, self.summary, expand, finish)
        return self.summary[js]

    def run(self) -> Summary:
        return self.visit(self.root)

    def witness(self, cell: int) -> tuple[Answers, Answers]:
        """Answers in each flow for one answer set that lands in the cell (rank a * RANKS + rank b)."""
        js = self.root
        path_a: list[Move] = []
        path_b: list[Move] = []
        while self.leaf(js) is None:
            candidates = [m for m in self.moves(js) if self.visit(m[2])[cell]]
            (ma, mb), _, js = min(candidates, key=lambda m: (quietness(self.a, m[0][0]), quietness(self.b, m[0][1])))
            path_a.append(ma)
            path_b.append(mb)
        return answers_of(self.a, path_a), answers_of(self.b, path_b)

    def cells(self, wanted: Callable[[int, int], bool]) -> Iterator[tuple[int, int, int]]:
        """(rank a, rank b, count) for each non-empty cell of the root summary that is wanted."""
        summary = self.run()
        for ra in range(RANKS):
            for rb in range(RANKS):
                if summary[ra * RANKS + rb] and wanted(ra, rb):
                    yield ra, rb, summary[ra * RANKS + rb]
