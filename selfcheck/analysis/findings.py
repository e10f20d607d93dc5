"""Findings (the one type every analysis check yields), their examples, and where they are in the file."""

from __future__ import annotations

from dataclasses import dataclass

from selfcheck.model.ruleset import Answers, RuleSet
from selfcheck.rulefile import sourcemap
from selfcheck.rulefile.sourcemap import SourceMap
from selfcheck.rulefile.yaml_nodes import Map, Node, Scalar

INTERNAL = "internal"  # the id of a finding where the analysis disagrees with the engine: a bug to report


@dataclass(frozen=True)
class Example:
    """An answer set and its level; for a comparison, a second answer set and its level."""

    answers: Answers
    level: str
    after: Answers | None = None
    after_level: str = ""


@dataclass(frozen=True)
class Finding:
    severity: str  # error or warning
    check: str
    message: str
    line: int = 0
    col: int = 0
    examples: tuple[Example, ...] = ()

    def located(self, path: str) -> str:
        where = f"{path}:{self.line}:{self.col}" if self.line > 0 else path
        return f"{where}: {self.severity}: {self.message} [{self.check}]"


class Locator:
    """Line and column of parts of the rule file, from the source map the loader kept with the rule set."""

    def __init__(self, ruleset: RuleSet, source: SourceMap | None = None) -> None:
        self.ruleset = ruleset
        self.source = source if source is not None else sourcemap.places(ruleset)

    def node(self, *path: str | int) -> Node | None:
        node = self.source.node(*path) if self.source is not None else None
        if isinstance(node, Map) and self.ruleset.metadata.language in node.entries:
            inner = node.entries[self.ruleset.metadata.language][1]  # a text with translations: the default one
            if isinstance(inner, Scalar):
                return inner
        return node

    def at(self, *path: str | int, offset: int = -1) -> tuple[int, int]:
        node = self.node(*path)
        if node is None:
            return 0, 0
        if offset >= 0 and isinstance(node, Scalar) and self.source is not None:
            return self.source.position(node, offset)
        return node.line, node.col

    def choice(self, qid: str, cid: str) -> tuple[int, int]:
        q = self.ruleset.question(qid)
        qi = self.ruleset.questions.index(q)
        if cid in q.choice_ids:
            line, col = self.at("questions", qi, "choices", q.choice_ids.index(cid), "id")
            if line:
                return line, col
        return q.line, 1


def format_answers(answers: Answers, multiple: set[str]) -> str:
    """Answers on one line, as in an answers file: q: a, checklist: [a, b]."""
    return "; ".join(
        f"{qid}: [{', '.join(ids)}]" if qid in multiple else f"{qid}: {ids[0]}" for qid, ids in answers.items()
    )


def example_lines(example: Example, ruleset: RuleSet, before: str = "answers", after: str = "changed to") -> list[str]:
    """An example as indented lines: the answers and level, and for a comparison what differs."""
    multiple = {q.id for q in ruleset.questions if q.type == "multiple"}
    lines = [f"    {before} ({example.level}): {format_answers(example.answers, multiple)}"]
    if example.after is not None:
        changed = {q: a for q, a in example.after.items() if example.answers.get(q) != a}
        gone = [q for q in example.answers if q not in example.after]
        text = format_answers(changed, multiple) or "(the same answers)"
        if gone:
            text += f"; no longer asked: {', '.join(gone)}"
        lines.append(f"    {after} ({example.after_level}): {text}")
    return lines
