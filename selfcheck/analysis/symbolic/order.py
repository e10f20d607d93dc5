"""The order of the diagrams' variables: the questions in file order, as the rules first read them, or by FORCE."""

from __future__ import annotations

from selfcheck.model.conditions import tests
from selfcheck.model.ruleset import RuleSet


def question_order(ruleset: RuleSet, order: str) -> list[int]:
    """Positions of the questions in variable order: "file"; "reads" (as the rules first read them, so
    questions read together sit together; then the rest in file order); or "force" (file order improved by
    FORCE, Aloul, Markov and Sakallah 2003: each question moved to the mean centre of the conditions that
    read it, rounds kept while the conditions' total span shrinks)."""
    n = len(ruleset.questions)
    if order == "file":
        return list(range(n))
    if order == "force":
        return _force(ruleset)
    position = {q.id: i for i, q in enumerate(ruleset.questions)}
    out: list[int] = []
    seen: set[int] = set()
    conds = [r.when for r in ruleset.rules] + [q.ask_if for q in ruleset.questions if q.ask_if is not None]
    for cond in conds:
        for t in tests(cond):
            p = position[t.question]
            if p not in seen:
                seen.add(p)
                out.append(p)
    return out + [i for i in range(n) if i not in seen]


def _force(ruleset: RuleSet, rounds: int = 30) -> list[int]:
    position = {q.id: i for i, q in enumerate(ruleset.questions)}
    edges = [{position[t.question] for t in tests(r.when)} for r in ruleset.rules]
    edges += [
        {position[t.question] for t in tests(q.ask_if)} | {position[q.id]}
        for q in ruleset.questions
        if q.ask_if is not None
    ]
    spans = [sorted(e) for e in edges if len(e) > 1]
    order = list(range(len(ruleset.questions)))

    def span(order: list[int]) -> int:
        at = {p: i for i, p in enumerate(order)}
        return sum(max(at[p] for p in e) - min(at[p] for p in e) for e in spans)

    best, best_span = order, span(order)
    for _ in range(rounds):
        at = {p: i for i, p in enumerate(order)}
        pulls: dict[int, list[float]] = {p: [] for p in order}
        for e in spans:
            centre = sum(at[p] for p in e) / len(e)
            for p in e:
                pulls[p].append(centre)
        order = sorted(order, key=lambda p: (sum(pulls[p]) / len(pulls[p]) if pulls[p] else at[p], at[p]))
        got = span(order)
        if got < best_span:
            best, best_span = order, got
    return best
