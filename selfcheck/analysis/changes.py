"""What changed in a rule file's content between OLD and NEW: metadata, levels, questions, choices, rules, texts."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from selfcheck.model.ruleset import Question, Requirement, Rule, RuleSet

# Metadata a clinician may change without a new version: who reviewed it and when, and its status.
UNVERSIONED = ("version", "status", "reviewers", "last_reviewed", "next_review")


@dataclass(frozen=True)
class Change:
    """One difference between OLD and NEW, located in the file it is in."""

    where: str  # what changed, for example "question 'grip'"
    message: str
    line: int = 0  # in NEW, or in OLD for something removed
    old: str = ""
    new: str = ""
    versioned: bool = True  # needs a new version number
    at: tuple[str | int, ...] = ()  # where in NEW's document (OLD's when removed): keys and list indexes
    removed: bool = False


def compare(old: RuleSet, new: RuleSet) -> list[Change]:
    """Every difference in metadata, levels, questions, choices, rules and texts, in NEW's file order."""
    out: list[Change] = []
    _metadata_changes(out, old, new)
    _level_changes(out, old, new)
    _question_changes(out, old, new)
    _rule_changes(out, old, new)
    _requirement_changes(out, old, new)
    _field(out, "text", "safety_net", old.safety_net, new.safety_net, 0, True, ("safety_net",))
    _field(out, "text", "disclaimer", old.disclaimer, new.disclaimer, 0, True, ("disclaimer",))
    return out


def _metadata_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    mo, mn = old.metadata, new.metadata
    for name in (
        "id",
        "title",
        "version",
        "status",
        "language",
        "intended_use",
        "population",
        "last_reviewed",
        "next_review",
    ):
        versioned = name not in UNVERSIONED
        _field(out, "metadata", name, getattr(mo, name), getattr(mn, name), 0, versioned, ("metadata", name))
    for name in ("authors", "reviewers"):
        a = "; ".join(p.name for p in getattr(mo, name))
        b = "; ".join(p.name for p in getattr(mn, name))
        _field(out, "metadata", name, a, b, 0, name not in UNVERSIONED, ("metadata", name))
    _keyed(
        out,
        "source",
        {s.id: s for s in mo.sources},
        {s.id: s for s in mn.sources},
        ("citation", "url"),
        ("metadata", "sources"),
    )


def _level_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    for i, (lo, ln) in enumerate(zip(old.levels, new.levels, strict=False)):
        for name in ("label", "action"):
            _field(out, f"level '{ln.id}'", name, getattr(lo, name), getattr(ln, name), 0, True, ("levels", i, name))
        # Which questions are asked (stop_when_certain) and what analyze must prove are content too.
        for name in ("stop_when_certain", "max_questions_after_certain"):
            a, b = (str(getattr(v, name)).lower() for v in (lo, ln))
            _field(out, f"level '{ln.id}'", name, a, b, 0, True, ("levels", i, name))


def _question_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    """Questions added, changed, moved in the order (the fewest that explain the new order) and removed."""
    qo = {q.id: q for q in old.questions}
    qn = {q.id: q for q in new.questions}
    common_old = [q for q in qo if q in qn]
    common_new = [q for q in qn if q in qo]
    # The fewest questions that moved: those outside the longest run both orders share.
    matcher = difflib.SequenceMatcher(a=common_old, b=common_new, autojunk=False)
    kept = {common_new[b.b + i] for b in matcher.get_matching_blocks() for i in range(b.size)}
    index = {q.id: i for i, q in enumerate(new.questions)}
    for q in new.questions:
        at = ("questions", index[q.id])
        if q.id not in qo:
            out.append(Change(f"question '{q.id}'", "added", q.line, at=at))
            continue
        _question(out, qo[q.id], q, at, ("questions", old.questions.index(qo[q.id])))
        if q.id not in kept:
            out.append(Change(f"question '{q.id}'", "moved in the order of questions", q.line, at=at))
    out += [
        Change(f"question '{q.id}'", "removed", q.line, at=("questions", i), removed=True)
        for i, q in enumerate(old.questions)
        if q.id not in qn
    ]


def _rule_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    _by_id(out, "rule", old.rules, new.rules, lambda r: f"{r.level}: {r.when.text()}", _rule)


def _requirement_changes(out: list[Change], old: RuleSet, new: RuleSet) -> None:
    _by_id(
        out, "requirement", old.requirements, new.requirements, lambda r: f"{r.bound()}: {r.when.text()}", _requirement
    )


class _Record(Protocol):
    """What _by_id reads of a rule or a requirement."""

    @property
    def id(self) -> str: ...

    @property
    def line(self) -> int: ...


R = TypeVar("R", bound=_Record)


def _by_id(
    out: list[Change],
    kind: str,
    old: tuple[R, ...],
    new: tuple[R, ...],
    summary: Callable[[R], str],
    changed: Callable[[list[Change], R, R, tuple[str | int, ...]], None],
) -> None:
    """The records of one list (rules, requirements) added, changed and removed, matched by id, in NEW's order."""
    section = f"{kind}s"
    before = {x.id: x for x in old}
    for i, x in enumerate(new):
        at = (section, i)
        if x.id not in before:
            out.append(Change(f"{kind} '{x.id}'", f"added ({summary(x)})", x.line, at=at))
        else:
            changed(out, before[x.id], x, at)
    after = {x.id for x in new}
    out += [
        Change(f"{kind} '{x.id}'", "removed", x.line, at=(section, i), removed=True)
        for i, x in enumerate(old)
        if x.id not in after
    ]


def _field(
    out: list[Change],
    where: str,
    name: str,
    a: str,
    b: str,
    line: int,
    versioned: bool,
    at: tuple[str | int, ...] = (),
) -> None:
    if a != b:
        out.append(Change(where, f"{name} changed", line, a, b, versioned, at))


def _keyed(
    out: list[Change],
    what: str,
    a: dict[str, Any],
    b: dict[str, Any],
    names: tuple[str, ...],
    at: tuple[str | int, ...],
    old_at: tuple[str | int, ...] | None = None,
) -> None:
    """Records matched by id; at is where their list is in NEW, old_at in OLD (for a removed one)."""
    new_index = {key: i for i, key in enumerate(b)}
    for key in b:
        if key not in a:
            out.append(Change(f"{what} '{key}'", "added", at=(*at, new_index[key])))
            continue
        for name in names:
            value_a, value_b = getattr(a[key], name), getattr(b[key], name)
            _field(out, f"{what} '{key}'", name, value_a, value_b, 0, True, (*at, new_index[key], name))
    out += [
        Change(f"{what} '{key}'", "removed", at=(*(at if old_at is None else old_at), i), removed=True)
        for i, key in enumerate(a)
        if key not in b
    ]


def _question(
    out: list[Change], a: Question, b: Question, at: tuple[str | int, ...], old_at: tuple[str | int, ...]
) -> None:
    where = f"question '{b.id}'"
    for name in ("section", "text", "help", "type", "kind", "summary"):
        _field(out, where, name, getattr(a, name), getattr(b, name), b.line, True, (*at, name))
    ask_a = a.ask_if.text() if a.ask_if is not None else ""
    ask_b = b.ask_if.text() if b.ask_if is not None else ""
    _field(out, where, "ask_if", ask_a, ask_b, b.line, True, (*at, "ask_if"))
    _keyed(
        out,
        f"choice '{b.id}'",
        {c.id: c for c in a.choices},
        {c.id: c for c in b.choices},
        ("label", "help", "exclusive", "red_flag"),
        (*at, "choices"),
        (*old_at, "choices"),
    )
    if [c for c in a.choice_ids if c in b.choice_ids] != [c for c in b.choice_ids if c in a.choice_ids]:
        out.append(Change(where, "choices reordered", b.line, at=(*at, "choices")))


def _rule(out: list[Change], a: Rule, b: Rule, at: tuple[str | int, ...]) -> None:
    where = f"rule '{b.id}'"
    _field(out, where, "when", a.when.text(), b.when.text(), b.line, True, (*at, "when"))
    for name in ("level", "message", "rationale"):
        _field(out, where, name, getattr(a, name), getattr(b, name), b.line, True, (*at, name))
    _field(out, where, "sources", ", ".join(a.sources), ", ".join(b.sources), b.line, True, (*at, "sources"))
    _field(out, where, "stop", str(a.stop).lower(), str(b.stop).lower(), b.line, True, (*at, "stop"))


def _requirement(out: list[Change], a: Requirement, b: Requirement, at: tuple[str | int, ...]) -> None:
    where = f"requirement '{b.id}'"
    _field(out, where, "when", a.when.text(), b.when.text(), b.line, True, (*at, "when"))
    for name in ("at_least", "at_most", "source", "clause", "rationale"):
        _field(out, where, name, getattr(a, name), getattr(b, name), b.line, True, (*at, name))
