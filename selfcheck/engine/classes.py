"""Answer classes: the answers to each question that every condition of a rule file reads alike, one class each."""

# Two answers to a question are interchangeable when every condition in the file (rules and ask_if) reads
# them the same way: a choice no condition reads is as good as any other unread choice, and for a
# multiple-choice question only which groups of identically read choices were ticked matters. The flow
# (selfcheck.engine.space) is then explored question by question with every condition partially evaluated on
# the answers so far; two paths that leave every condition in the same state have the same future, so each
# such state is explored once (memoised) and the number of answer sets it stands for is counted, not listed.
# The engine's certainty check (selfcheck.engine.certainty) searches that flow to know whether a level is
# certain; the analysis (selfcheck.analysis) walks it to count every answer set.

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from math import prod

from selfcheck.model.conditions import Condition, Test, tests
from selfcheck.model.records import NamedTuple, new_record, same_kind
from selfcheck.model.ruleset import Choice, Question, RuleSet

# More independent groups of choices in one checklist than this would make 2**n branches at one question.
MAX_GROUPS = 16


class TooManyGroups(ValueError):
    """A checklist whose read choices form too many groups to list every combination of them."""

    def __init__(self, question: str, message: str) -> None:
        super().__init__(message)
        self.question = question


@same_kind()
class Cls(NamedTuple):
    """A class of interchangeable answers to one question: a representative answer and how many it stands for.

    A record (selfcheck.model.records), not a frozen dataclass: the bundled file's red-flag checklist has 32,768
    classes, and a dataclass's __init__ made them in 90 ms of the analysis' 450 (new_record: 15 ms).
    """

    rep: tuple[str, ...]
    count: int  # type: ignore[assignment]  # (the field hides tuple.count, which nothing calls on a class)
    kind: str  # one (single/yesno), set (groups ticked), unread (only unread choices), exclusive
    groups: frozenset[int] = frozenset()
    positive: bool = False  # a "yes" or a ticked symptom: used to find answers that reach no rule
    members: tuple[str, ...] = ()  # for a single or yes/no question, every choice the class stands for


@dataclass(frozen=True)
class Domain:
    question: Question
    classes: tuple[Cls, ...]

    def monotone_pairs(self) -> tuple[tuple[int, int], ...]:
        """(before, after) class pairs where after is before with 'yes' instead of no/not sure, or one more choice."""
        q, cs = self.question, self.classes
        if q.kind == "context":
            return ()
        if q.type == "yesno":
            yes = next(i for i, c in enumerate(cs) if "yes" in c.members)
            return tuple((i, yes) for i, c in enumerate(cs) if i != yes)
        if q.type != "multiple":
            return ()
        singles = {next(iter(c.groups)): i for i, c in enumerate(cs) if c.kind == "set" and len(c.groups) == 1}
        by_groups = {c.groups: i for i, c in enumerate(cs) if c.kind == "set"}
        unread = [i for i, c in enumerate(cs) if c.kind == "unread"]
        pairs: list[tuple[int, int]] = []
        for i, c in enumerate(cs):
            if c.kind == "set":
                pairs += [(i, by_groups[c.groups | {g}]) for g in sorted(singles) if g not in c.groups]
            elif c.kind == "unread":
                pairs += [(i, j) for j in singles.values()]
            else:
                pairs += [(i, j) for j in [*singles.values(), *unread]]
        return tuple(pairs)


def build_domains(rulesets: Sequence[RuleSet], marks: bool, also: Sequence[Condition] = ()) -> dict[str, Domain]:
    """One Domain per question id over all the files given (a later file's question wins on type and choices).

    With marks, red-flag choices and the "yes" of sign and symptom questions get classes of their own, so
    the checks can name them; without, classes are as coarse as the conditions allow. Classes also tell
    apart what the conditions in `also` read (a requirement may read a choice no rule reads).
    """
    questions: dict[str, Question] = {}
    read: dict[str, set[Test]] = {}
    extra: dict[str, list[Choice]] = {}
    for ruleset in rulesets:
        for q in ruleset.questions:
            if q.id in questions:
                # A choice only an earlier file has is kept, and read as not chosen by the later one.
                before = [*questions[q.id].choices, *extra.get(q.id, [])]
                extra[q.id] = [c for c in before if c.id not in q.choice_ids]
            questions[q.id] = q
            read.setdefault(q.id, set())
        for cond in conditions_of(ruleset):
            for t in tests(cond):
                read.setdefault(t.question, set()).add(t)
    for cond in also:
        for t in tests(cond):
            read.setdefault(t.question, set()).add(t)
    return {qid: Domain(q, _classes(q, read[qid], extra.get(qid, []), marks)) for qid, q in questions.items()}


def conditions_of(ruleset: RuleSet) -> Iterator[Condition]:
    for q in ruleset.questions:
        if q.ask_if is not None:
            yield q.ask_if
    for rule in ruleset.rules:
        yield rule.when


def _classes(q: Question, read: set[Test], extra: list[Choice], marks: bool) -> tuple[Cls, ...]:
    choices = [(c.id, c.exclusive, c.red_flag) for c in (*q.choices, *extra)]
    ordered = sorted(read, key=lambda t: (t.op, t.choices))
    symptom = q.kind in ("sign", "symptom")

    def signature(cid: str, red_flag: str) -> frozenset[object]:
        sig: set[object] = {i for i, t in enumerate(ordered) if cid in t.choices}
        if marks and red_flag:
            sig.add(("red_flag", cid))
        if marks and symptom and q.type == "yesno" and cid == "yes":
            sig.add("yes")
        return frozenset(sig)

    if q.type != "multiple":
        return _single_classes(q, [(cid, signature(cid, red_flag)) for cid, _, red_flag in choices])
    return _checklist_classes(
        q, [(cid, is_exclusive, signature(cid, red_flag)) for cid, is_exclusive, red_flag in choices], ordered
    )


def _single_classes(q: Question, signed: list[tuple[str, frozenset[object]]]) -> tuple[Cls, ...]:
    """The classes of a single-choice or yes/no question: one per group of choices the conditions read alike."""
    symptom = q.kind in ("sign", "symptom")
    groups: dict[frozenset[object], list[str]] = {}
    for cid, sig in signed:
        groups.setdefault(sig, []).append(cid)
    # "no" stands for answers nobody reads where it can: examples then read as a quiet answer.
    return tuple(
        Cls(
            ("no",) if "no" in ids else (ids[0],),
            len(ids),
            "one",
            positive=symptom and q.type == "yesno" and "yes" in ids,
            members=tuple(ids),
        )
        for ids in groups.values()
    )


@dataclass
class _Sorted:
    """A checklist's choices sorted by how the conditions read them."""

    sets: dict[frozenset[object], list[str]] = field(default_factory=dict)  # read, by signature
    unread: list[str] = field(default_factory=list)
    unread_exclusive: list[str] = field(default_factory=list)
    exclusive: list[str] = field(default_factory=list)  # read exclusive choices


def _sort_choices(signed: list[tuple[str, bool, frozenset[object]]]) -> _Sorted:
    out = _Sorted()
    for cid, is_exclusive, sig in signed:
        if is_exclusive:
            (out.exclusive if sig else out.unread_exclusive).append(cid)
        elif sig:
            out.sets.setdefault(sig, []).append(cid)
        else:
            out.unread.append(cid)
    return out


def _choice_groups(
    q: Question, sets: dict[frozenset[object], list[str]], ordered: list[Test], position: dict[str, int]
) -> list[list[str]]:
    """The groups of interchangeable read choices of a checklist, in the order of their first choice."""
    group_list: list[list[str]] = []
    for sig, ids in sets.items():
        # Two choices in one 'has all' test are not interchangeable: ticking one is not ticking both.
        if len(ids) > 1 and any(isinstance(s, int) and ordered[s].op == "has all" for s in sig):
            group_list += [[cid] for cid in ids]
        else:
            group_list.append(ids)
    if len(group_list) > MAX_GROUPS:
        raise TooManyGroups(q.id, f"question '{q.id}' has {len(group_list)} independently read groups of choices")
    group_list.sort(key=lambda ids: position[ids[0]])
    return group_list


def _checklist_classes(
    q: Question, signed: list[tuple[str, bool, frozenset[object]]], ordered: list[Test]
) -> tuple[Cls, ...]:
    """The classes of a checklist: which groups were ticked, only unread choices, or an exclusive choice."""
    symptom = q.kind in ("sign", "symptom")
    sort = _sort_choices(signed)
    position = {cid: i for i, (cid, _, _) in enumerate(signed)}
    group_list = _choice_groups(q, sort.sets, ordered, position)
    free = 2 ** len(sort.unread)
    firsts = [ids[0] for ids in group_list]
    ways = [2 ** len(ids) - 1 for ids in group_list]  # the ticks of a group that tick some of it
    classes: list[Cls] = []
    add = classes.append
    n = len(group_list)
    for size in range(1, n + 1):
        # The groups chosen, their first choices and their ways, drawn alike by three combinations in step.
        drawn = zip(combinations(range(n), size), combinations(firsts, size), combinations(ways, size), strict=True)
        for chosen, rep, w in drawn:
            add(new_record(Cls, (rep, free * prod(w), "set", frozenset(chosen), symptom, ())))
    if sort.unread:
        classes.append(Cls((sort.unread[0],), free - 1, "unread", positive=symptom))
    if sort.unread_exclusive:
        # "None of these" stands for the exclusive answers nobody reads where it can: examples read quietly.
        quiet = "none" if "none" in sort.unread_exclusive else sort.unread_exclusive[0]
        classes.append(Cls((quiet,), len(sort.unread_exclusive), "exclusive"))
    classes += [Cls((cid,), 1, "exclusive") for cid in sort.exclusive]
    return tuple(classes)
