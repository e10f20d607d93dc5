"""Why a set of answers gave its result: every rule's condition marked held or failed, questions asked and skipped."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from selfcheck.engine import flow
from selfcheck.engine.flow import Result, evaluate
from selfcheck.model.conditions import All, AnyOf, Condition, Not, Test
from selfcheck.model.english import english
from selfcheck.model.ruleset import Answers, Level, Rule, RuleSet
from selfcheck.render import report


@dataclass(frozen=True)
class Mark:
    """One node of a condition with whether it held; every node is evaluated, none short-circuited."""

    node: Condition
    held: bool
    items: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Skipped:
    question: str
    reason: str  # in plain English


@dataclass(frozen=True)
class Explanation:
    result: Result
    marks: tuple[Mark, ...]  # one per rule, in file order
    skipped: tuple[Skipped, ...]


def mark(condition: Condition, answers: Mapping[str, tuple[str, ...]]) -> Mark:
    if isinstance(condition, Test):
        return Mark(condition, condition.holds(answers))
    if isinstance(condition, Not):
        inner = mark(condition.item, answers)
        return Mark(condition, not inner.held, (inner,))
    items = tuple(mark(item, answers) for item in condition.items)
    held = all(i.held for i in items) if isinstance(condition, All) else any(i.held for i in items)
    return Mark(condition, held, items)


def explain(ruleset: RuleSet, answers: Answers) -> Explanation:
    result = evaluate(ruleset, answers)
    kept = result.answers
    marks = tuple(mark(rule.when, kept) for rule in ruleset.rules)
    return Explanation(result, marks, tuple(_skipped(ruleset, kept)))


def _skipped(ruleset: RuleSet, kept: Answers) -> list[Skipped]:
    """Why each question was not asked: a rule ended the questions, or its ask_if did not hold."""
    skipped = []
    for qid, why in flow.skip_reasons(ruleset, kept).items():
        if isinstance(why, Rule):
            skipped.append(Skipped(qid, f"rule {why.id} ended the questions"))
        elif isinstance(why, Level):
            skipped.append(Skipped(qid, f"level {why.id} was already certain, which ended the questions"))
        elif why is not None:
            skipped.append(Skipped(qid, f"asked only if {english(ruleset, why)}"))
        else:
            # Only a hand-written answers file can leave a question out while a later answer ends the flow.
            skipped.append(Skipped(qid, "not answered"))
    return skipped


def answer_labels(ruleset: RuleSet, answers: Answers, question_id: str) -> str:
    if question_id not in answers:
        return "not asked"
    return ruleset.question(question_id).labels(answers[question_id])


def _node_text(m: Mark) -> str:
    if isinstance(m.node, All):
        return "all of:"
    if isinstance(m.node, AnyOf):
        return "any of:"
    if isinstance(m.node, Not):
        return "not:"
    return m.node.text()


def _mark_lines(ruleset: RuleSet, answers: Answers, m: Mark, depth: int) -> list[str]:
    text = "  " * depth + _node_text(m)
    if isinstance(m.node, Test):
        text += f"  [answer: {answer_labels(ruleset, answers, m.node.question)}]"
    lines = [f"    {'held  ' if m.held else 'failed'}  {text}"]
    for item in m.items:
        lines += _mark_lines(ruleset, answers, item, depth + 1)
    return lines


def render_text(x: Explanation) -> str:
    rs, result = x.result.ruleset, x.result
    lines = [f"Result: {report.headline(result)}"]
    fired_ids = ", ".join(rule.id for rule in result.fired) or "none"
    lines += [f"Rules fired: {fired_ids}", ""]
    lines += [f"Questions asked ({len(result.answers)}):"]
    width = max((len(q) for q in result.answers), default=0)
    lines += [f"  {qid:<{width}}  {answer_labels(rs, result.answers, qid)}" for qid in result.answers]
    lines += ["", f"Questions skipped ({len(x.skipped)}):"]
    lines += [f"  {s.question}: {s.reason}" for s in x.skipped] or ["  (none)"]
    lines += ["", f"Rules ({len(result.fired)} of {len(rs.rules)} fired):"]
    for rule, m in zip(rs.rules, x.marks, strict=True):
        stop = ", ends the questions" if rule.stop else ""
        lines.append(f"  {'FIRED    ' if m.held else 'not fired'}  {rule.id} ({rule.level}{stop})")
        lines += _mark_lines(rs, result.answers, m, 0)
    meta = rs.metadata
    lines += ["", f"Rule file {meta.id} version {meta.version} ({meta.status}), sha256 {rs.sha256[:12]}."]
    return "\n".join(lines) + "\n"


def _mark_data(ruleset: RuleSet, answers: Answers, m: Mark) -> dict[str, Any]:
    if isinstance(m.node, Test):
        return {
            "test": m.node.text(),
            "held": m.held,
            "question": m.node.question,
            "answer": list(answers.get(m.node.question, ())),
            "asked": m.node.question in answers,
        }
    op = "and" if isinstance(m.node, All) else "or" if isinstance(m.node, AnyOf) else "not"
    return {"op": op, "held": m.held, "items": [_mark_data(ruleset, answers, i) for i in m.items]}


def explanation_data(x: Explanation) -> dict[str, Any]:
    rs, result = x.result.ruleset, x.result
    return {
        "result": report.result_data(result),
        "asked": [
            {"id": qid, "answer": list(ids), "labels": [rs.question(qid).choice(c).label for c in ids]}
            for qid, ids in result.answers.items()
        ],
        "skipped": [{"id": s.question, "reason": s.reason} for s in x.skipped],
        "rules": [
            {
                "id": rule.id,
                "level": rule.level,
                "stop": rule.stop,
                "fired": m.held,
                "when": rule.when.text(),
                "condition": _mark_data(rs, result.answers, m),
            }
            for rule, m in zip(rs.rules, x.marks, strict=True)
        ],
    }


def render_json(x: Explanation) -> str:
    return json.dumps(explanation_data(x), indent=2, ensure_ascii=False) + "\n"


def render(x: Explanation, fmt: str) -> str:
    return render_json(x) if fmt == "json" else render_text(x)
