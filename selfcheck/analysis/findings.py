"""Findings, where they are in the file, and the checks that need no walk of the answer space."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from selfcheck.analysis import wording
from selfcheck.analysis.space import conditions_of
from selfcheck.model.conditions import tests
from selfcheck.model.ruleset import Answers, RuleSet
from selfcheck.rulefile.sourcemap import SourceMap
from selfcheck.rulefile.strict_yaml import Map, Node, Scalar


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
        self.source = source if source is not None else ruleset.places

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


def unread_findings(ruleset: RuleSet, where: Locator) -> list[Finding]:
    """Choices no rule or ask_if reads: a warning, since some questions are asked only for the doctor."""
    read: dict[str, set[str]] = {}
    for cond in conditions_of(ruleset):
        for t in tests(cond):
            read.setdefault(t.question, set()).update(t.choices)
    findings = []
    for q in ruleset.questions:
        unread = [c.id for c in q.choices if c.id not in read.get(q.id, set())]
        if not unread:
            continue
        if len(unread) == len(q.choices):
            message = f"no rule or condition reads question '{q.id}': its answer only goes to the doctor's summary"
            findings.append(Finding("warning", "unread-choice", message, q.line, 1))
        else:
            line, col = where.choice(q.id, unread[0])
            message = f"no rule or condition reads {_list(unread, 'choice')} of question '{q.id}'"
            findings.append(Finding("warning", "unread-choice", message, line, col))
    return findings


def _list(ids: list[str], noun: str) -> str:
    quoted = ", ".join(f"'{i}'" for i in ids)
    return f"{noun} {quoted}" if len(ids) == 1 else f"{noun}s {quoted}"


def wording_findings(ruleset: RuleSet, where: Locator) -> list[Finding]:
    """Texts a person reads in a result must not read as a diagnosis, odds or treatment advice."""
    texts: list[tuple[str, str, tuple[str | int, ...]]] = []
    for i, rule in enumerate(ruleset.rules):
        texts.append((f"the message of rule '{rule.id}'", rule.message, ("rules", i, "message")))
    for i, level in enumerate(ruleset.levels):
        texts.append((f"the label of level '{level.id}'", level.label, ("levels", i, "label")))
        texts.append((f"the action of level '{level.id}'", level.action, ("levels", i, "action")))
        if level.safety_net:
            texts.append((f"the safety net of level '{level.id}'", level.safety_net, ("levels", i, "safety_net")))
    texts.append(("the safety net", ruleset.safety_net, ("safety_net",)))
    texts.append(("the disclaimer", ruleset.disclaimer, ("disclaimer",)))
    findings = []
    for what, text, path in texts:
        for hit in wording.hits(text):
            line, col = where.at(*path, offset=hit.offset)
            message = f"{what} reads as {hit.what}: '{hit.words}'"
            findings.append(Finding("error", "wording", message, line, col))
        grade = wording.reading_grade(text)
        # A grade means little for a label or a text of a few words.
        if grade > wording.MAX_GRADE and len(text.split()) >= wording.MIN_WORDS:
            line, col = where.at(*path)
            message = (
                f"{what} reads at school grade {grade:.1f} (Flesch-Kincaid); aim for about 6 to 7 "
                "(reading age 11 to 12): use shorter sentences and words"
            )
            findings.append(Finding("warning", "reading-age", message, line, col))
    return findings


def metadata_findings(ruleset: RuleSet, today: datetime.date, where: Locator) -> list[Finding]:
    """Sources cited and defined, the review date, the status and the sign-off."""
    meta = ruleset.metadata
    findings = []
    # The loader refuses a rule citing a source not defined, so only sources cited by no rule are left.
    cited = {sid for rule in ruleset.rules for sid in rule.sources}
    for i, source in enumerate(meta.sources):
        if source.id not in cited:
            line, col = where.at("metadata", "sources", i, "id")
            findings.append(Finding("warning", "metadata", f"source '{source.id}' is cited by no rule", line, col))
    line, col = where.at("metadata", "next_review")
    if _date(meta.next_review) and _date(meta.next_review) < today:  # type: ignore[operator]
        message = f"the review is overdue: next_review was {meta.next_review} (today is {today.isoformat()})"
        findings.append(Finding("error", "metadata", message, line, col))
    line, col = where.at("metadata", "last_reviewed")
    if _date(meta.last_reviewed) and _date(meta.last_reviewed) > today:  # type: ignore[operator]
        message = f"last_reviewed {meta.last_reviewed} is in the future (today is {today.isoformat()})"
        findings.append(Finding("warning", "metadata", message, line, col))
    line, col = where.at("metadata", "status")
    if meta.status == "draft":
        message = "status is draft: the rule file has not been signed off for use with people"
        findings.append(Finding("warning", "metadata", message, line, col))
    elif meta.status == "retired":
        findings.append(Finding("error", "metadata", "status is retired: this rule file must not be used", line, col))
    if not meta.reviewers:
        line, col = where.at("metadata", "reviewers")
        findings.append(Finding("warning", "metadata", "no clinical reviewer is listed", line, col))
    # What changed after the last `selfcheck sign`, worked out when the file was loaded.
    findings += [Finding("warning", "signoff", p.message, p.line, p.col) for p in ruleset.content_changes]
    return findings


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None


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
