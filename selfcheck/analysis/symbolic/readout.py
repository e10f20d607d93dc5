"""Answer sets read back from an encoding's diagrams: how many, the quietest, any one, whether one is in.

A mixin of encode.Encoding: it reads the space and the variables the encoding made.
"""

from __future__ import annotations

from collections.abc import Mapping

from selfcheck.analysis.symbolic.bdd import Bdd
from selfcheck.analysis.symbolic.nodes import Node
from selfcheck.model.ruleset import Answers, Question


class Readout:
    """Reads answer sets off the diagrams of an encoding (mixed into Encoding, which gives the attributes here)."""

    bdd: Bdd
    space: Node
    questions: tuple[Question, ...]
    names: list[list[str]]
    choice_of: dict[str, tuple[str, str]]

    def count(self, x: Node) -> int:
        """Answer sets the flow allows in x."""
        return self.bdd.count(self.space & x)

    def witness(self, x: Node, weights: Mapping[str, int] | None = None) -> Answers | None:
        """The cheapest answer set in x the flow allows (weights per variable set true), or None if none."""
        picked = self.bdd.cheapest(self.space & x, weights if weights is not None else self.quiet_weights())
        if picked is None:
            return None
        return self.answers(picked)

    def some(self, x: Node) -> Answers | None:
        """Some answer set in x the flow allows (one walk down the diagram), or None if none."""
        picked = self.bdd.some(self.space & x)
        return None if picked is None else self.answers(picked)

    def holds(self, answers: Answers, x: Node) -> bool:
        """Whether the answer set is one the flow allows and in x (two walks down the diagrams)."""
        chosen = {(qid, cid) for qid, cids in answers.items() for cid in cids}
        values = {name: choice in chosen for name, choice in self.choice_of.items()}
        return self.bdd.let(values, self.space) == self.bdd.true and self.bdd.let(values, x) == self.bdd.true

    def answers(self, picked: Mapping[str, bool]) -> Answers:
        """The engine answers of an assignment (choices in the question's order)."""
        chosen: dict[str, list[str]] = {}
        for name, on in picked.items():
            if on:
                qid, cid = self.choice_of[name]
                chosen.setdefault(qid, []).append(cid)
        out: Answers = {}
        for q in self.questions:
            if q.id in chosen:
                out[q.id] = tuple(c.id for c in q.choices if c.id in chosen[q.id])
        return out

    def quiet_weights(self) -> dict[str, int]:
        """Weights for the quietest example: fewest worrying answers, then fewest answers, then "no" and
        "none of these" over other choices (as selfcheck.analysis.walks.quietness orders them)."""
        weights: dict[str, int] = {}
        for pos, q in enumerate(self.questions):
            symptom = q.kind in ("sign", "symptom")
            for name, c in zip(self.names[pos], q.choices, strict=True):
                worry = symptom and (c.id == "yes" if q.type == "yesno" else q.type == "multiple" and not c.exclusive)
                quiet = c.id in ("no", "none")
                weights[name] = 1_000_000 * worry + 1_000 + (0 if quiet else 1)
        return weights
