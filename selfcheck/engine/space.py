"""The answer space of a rule file as a flow of states of partially evaluated conditions, explored by classes."""

from __future__ import annotations

from collections.abc import Mapping

from selfcheck.engine.classes import Domain
from selfcheck.engine.effects import effects_of
from selfcheck.model.conditions import Condition, Test, tests
from selfcheck.model.partial import Formula, closed, compile_condition, subst
from selfcheck.model.ruleset import LEVEL_IDS, Question, RuleSet, level_rank

NONE_RANK = LEVEL_IDS.index("none")
MIXED = -1  # the answer sets below a state get different levels
NO_RULE = NONE_RANK + 1  # the rank of a flow where no rule fired (the level is then `none` too)

DONE, ASK, SKIP = "done", "ask", "skip"
# (position, most urgent rank so far, a sign or symptom answered yes, the conditions' slots)
State = tuple[int, int, bool, tuple[Formula, ...]]


class _Interned(tuple[object, ...]):
    """A state of one flow, made once per distinct state (Flow._settle keeps one object for each), so hashed by
    identity: the walks look states up in dicts about 800,000 times for the bundled file, and a tuple would hash
    all its slots (nested formulas) on every look-up, a hash worked out once and kept would still be a call in
    Python on every one (bundled file, the whole analysis in-process, best of 5: 0.50 s -> 0.36 s)."""

    __slots__ = ()
    __hash__ = object.__hash__


class Flow:
    """One rule file's question flow over given domains, as states of partially evaluated conditions.

    Slots hold, in order: the ask_if of each question, the condition of each stop rule, the condition
    of each rule. A rule that can no longer change the level (one at least as urgent has fired) is
    dropped from the state (set false), so that states which differ only in such rules merge. With
    positive, the state also records whether a sign or symptom was answered yes. (Requirements and rule
    coverage follow their conditions beside a flow, in analysis/tracking.py, not in its slots.)
    """

    def __init__(
        self,
        ruleset: RuleSet,
        domains: dict[str, Domain],
        positive: bool = False,
    ) -> None:
        self.ruleset = ruleset
        self.domains = domains
        self.questions = ruleset.questions
        self.n = len(self.questions)
        self.order = {q.id: i for i, q in enumerate(self.questions)}
        index: dict[Test, int] = {}
        slots = self._compile_slots(index)
        self.rank = [level_rank(rule.level) for rule in ruleset.rules]
        self.tests = sorted(index, key=index.__getitem__)
        self.by_question = self._slots_by_question()
        self.values: list[list[dict[int, bool]]] = []
        self.unasked: list[dict[int, bool]] = []
        # Classes the conditions read alike (and alike in being a yes, when positive is followed) step every
        # state to the same next state: each such effect is worked out once per state (a checklist whose
        # red-flag choices have classes of their own has thousands of classes but few effects).
        self.effect: list[list[int]] = []
        self.first_of_effect: list[list[int]] = []
        self.effect_values: list[list[dict[int, bool]]] = []
        self.effect_positive: list[list[bool]] = []
        for q in self.questions:
            effects = effects_of(q, self.tests, domains[q.id].classes, positive)
            self.values.append(effects.values)
            self.first_of_effect.append(effects.firsts)
            self.effect.append(effects.of_class)
            self.effect_values.append(effects.shared)
            self.effect_positive.append(effects.positives)
            self.unasked.append(dict.fromkeys(effects.mine, False))
        self.stopping = frozenset({0} | {level_rank(v.id) for v in ruleset.levels if v.ends_when_certain})
        # Per best rank so far: the rules that can no longer change the level.
        self._droppable = [[j for j, rank in enumerate(self.rank) if rank >= b] for b in range(NO_RULE + 1)]
        self._unique: dict[State, int] = {}
        self._states: dict[tuple[object, ...], State] = {}  # the one object of each distinct state, by value
        # The joint walks ask the same state the same things many times over.
        self._status: dict[State, str] = {}
        self._step: dict[tuple[State, int], State] = {}
        self._finish: dict[State, int] = {}
        self.initial: State = self._settle(0, NO_RULE, False, slots)

    def _compile_slots(self, index: dict[Test, int]) -> list[Formula]:
        """The initial slots (see the class docstring), numbering the tests in index; sets the slot bounds."""
        slots: list[Formula] = [
            True if q.ask_if is None else compile_condition(q.ask_if, index) for q in self.questions
        ]
        self.stop_slots = []
        for rule in self.ruleset.rules:
            if rule.stop:
                self.stop_slots.append(len(slots))
                slots.append(compile_condition(rule.when, index))
        self.rule_start = len(slots)
        slots += [compile_condition(rule.when, index) for rule in self.ruleset.rules]
        self.rule_end = len(slots)
        return slots

    def _slots_by_question(self) -> list[list[int]]:
        """Per question, the slots whose condition reads it (in slot order)."""
        rules = self.ruleset.rules
        conds: list[Condition | None] = [q.ask_if for q in self.questions]
        conds += [r.when for r in rules if r.stop] + [r.when for r in rules]
        by_question: list[list[int]] = [[] for _ in self.questions]
        for s, cond in enumerate(conds):
            for qid in {t.question for t in tests(cond)} if cond is not None else ():
                by_question[self.order[qid]].append(s)
        return by_question

    def _settle(
        self, pos: int, best: int, positive: bool, slots: list[Formula], changed: list[int] | None = None
    ) -> State:
        """The state with rules that hold taken into the level so far; changed: the only slots that may have
        changed since the last settled state (None: any)."""
        start, end, was = self.rule_start, self.rule_end, best
        for s in range(start, end) if changed is None else changed:
            if start <= s < end and slots[s] is True and self.rank[s - start] < best:
                best = self.rank[s - start]
        if changed is None or best != was:
            # A rule that can no longer change the level is dropped (see the class docstring); with the same
            # level as before, those were dropped already (a dropped rule stays false).
            for j in self._droppable[best]:
                slots[start + j] = False
        key = (pos, best, positive, tuple(slots))
        # One object per distinct state: a dict then finds it by identity, without comparing slot by slot.
        got = self._states.get(key)
        if got is None:
            got = self._states[key] = _Interned(key)  # type: ignore[assignment]
        return got  # type: ignore[return-value]

    def status(self, state: State) -> str:
        got = self._status.get(state)
        if got is None:
            pos, _, _, slots = state
            if pos >= self.n or any(closed(slots[s]) for s in self.stop_slots) or self._ends_certain(state):
                got = DONE
            else:
                got = ASK if slots[pos] else SKIP
            self._status[state] = got
        return got

    def _ends_certain(self, state: State) -> bool:
        """The engine ends the questions here: a level that stops when certain is given now and certain."""
        rank = min(self.finish(state), NONE_RANK)
        return rank in self.stopping and self.certain(state) == rank

    def certain(self, state: State) -> int | None:
        """The level rank every answer set from this state on gets (`none` when no rule fires), or None."""
        rank = unique_rank(self, state, self._unique)
        return None if rank == MIXED else rank

    def as_urgent(self, a: State, b: State) -> bool:
        """Whether every way on from b, answered as from a, gives a level at least as urgent as from a.

        True when b is a with a level so far as urgent or more, and so with the rules that level drops:
        the open conditions are the same, so the same questions are asked and any rule that fires on from a
        fires from b or cannot change b's level. Only where no level but emergency ends the questions once
        certain (an emergency then ends both, or b alone, whose level is then the most urgent).
        """
        if a[0] != b[0] or b[1] > a[1] or self.stopping != {0}:
            return False
        start, end, best = self.rule_start, self.rule_end, b[1]
        for i, (x, y) in enumerate(zip(a[3], b[3], strict=True)):
            if x is not y and x != y and not (y is False and start <= i < end and self.rank[i - start] >= best):
                return False
        return True

    def settled_rank(self, state: State) -> int | None:
        """The level rank of every way on from state when that needs no search: at the end, or when every
        rule more urgent than the best so far already fails; else None."""
        pos, best, _, slots = state
        if pos >= self.n or any(closed(slots[s]) for s in self.stop_slots):
            return min(self.finish(state), NONE_RANK)
        start = self.rule_start
        if all(slots[start + j] is False for j, rank in enumerate(self.rank) if rank < best):
            return min(best, NONE_RANK)
        return None

    def children(self, state: State) -> list[State]:
        """The states one question on: one per class of answers when the question is asked, else one."""
        if state[3][state[0]]:
            return [self.step(state, k) for k in range(len(self.values[state[0]]))]
        return [self.step(state, None)]

    def state_at(self, answers: Mapping[str, tuple[str, ...]], upto: int) -> State:
        """The state once the questions before upto are decided, with these answers to those asked."""
        state = self.initial
        for pos in range(upto):
            answer = answers.get(self.questions[pos].id)
            state = self.step(state, None if answer is None else self.class_of(pos, answer))
        return state

    def class_of(self, pos: int, answer: tuple[str, ...]) -> int:
        """The class of answers a given answer to the question at pos belongs to (the tests read it alike)."""
        qid = self.questions[pos].id
        mine = {i: self.tests[i].holds({qid: answer}) for i in self.unasked[pos]}
        for k, values in enumerate(self.values[pos]):
            if values == mine:
                return k
        raise ValueError(f"no class of answers to '{qid}' reads {answer} alike")

    def steps(self, state: State) -> list[State]:
        """The state one question on for each class of answers to the question asked there, in class order."""
        effects = [self.step(state, k) for k in self.first_of_effect[state[0]]]
        return [effects[e] for e in self.effect[state[0]]]

    def step(self, state: State, cls: int | None) -> State:
        """Answer the current question with a class, or pass it unasked (cls None)."""
        key = (state, -1 if cls is None else self.effect[state[0]][cls])
        got = self._step.get(key)
        if got is None:
            got = self._step[key] = self._next(state, key[1])
        return got

    def _next(self, state: State, effect: int) -> State:
        pos, best, positive, slots = state
        values = self.unasked[pos] if effect < 0 else self.effect_values[pos][effect]
        new = list(slots)
        for s in self.by_question[pos]:
            new[s] = subst(new[s], values)
        new[pos] = True  # this question's ask_if is spent; a constant lets states merge
        if effect >= 0 and not positive:
            positive = self.effect_positive[pos][effect]
        return self._settle(pos + 1, best, positive, new, self.by_question[pos])

    def finish(self, state: State) -> int:
        """The level rank at the end of the flow (NO_RULE when no rule fired)."""
        got = self._finish.get(state)
        if got is None:
            got = self._finish[state] = self._finished(state)
        return got

    def _finished(self, state: State) -> int:
        _, best, _, slots = state
        # Most rule slots are False (failed or dropped) or True by the end: closed() is called for the others.
        rules = slots[self.rule_start : self.rule_end]
        fired = [j for j, f in enumerate(rules) if f is True or (f is not False and closed(f))]
        return min([best, *(self.rank[j] for j in fired)])

    def question_at(self, state: State) -> Question:
        return self.questions[state[0]]


def unique_rank(flow: Flow, root: State, memo: dict[State, int]) -> int:
    """The level rank every answer set below root gets (`none` when no rule fires), or MIXED.

    A depth-first walk, each state once (memo), that stops at the first level that differs. The flow's own
    stops for certainty are not needed here: a state where the questions end because its level is certain
    gets that level whichever way it is continued.
    """
    got = memo.get(root)
    if got is not None:
        return got
    frames: _Frames = []
    if _push(flow, memo, frames, root) is not None:
        return memo[root]
    while frames:
        state, children, seen = frames[-1]
        while children:
            child = children.pop()
            rank = memo.get(child)
            if rank is None:
                rank = _push(flow, memo, frames, child)
                if rank is None:
                    break
            if rank == MIXED or (seen[0] != MIXED - 1 and rank != seen[0]):
                return _mixed(memo, frames)
            seen[0] = rank
        else:
            frames.pop()
            memo[state] = seen[0]
            if frames:
                parent = frames[-1][2]
                if parent[0] != MIXED - 1 and parent[0] != seen[0]:
                    return _mixed(memo, frames)
                parent[0] = seen[0]
    return memo[root]


_Frames = list[tuple["State", list["State"], list[int]]]  # the walk's path: state, children left, [rank so far]


def _push(flow: Flow, memo: dict[State, int], frames: _Frames, state: State) -> int | None:
    """The state's rank when the flow settles it there (memoised); otherwise it goes on the path, None."""
    rank = flow.settled_rank(state)
    if rank is not None:
        memo[state] = rank
        return rank
    frames.append((state, flow.children(state), [MIXED - 1]))
    return None


def _mixed(memo: dict[State, int], frames: _Frames) -> int:
    """Every state on the path is MIXED: one of their answer sets differs."""
    for state, _, _ in frames:
        memo[state] = MIXED
    return MIXED
