"""The condition language: parsed once at load time into a small tree, evaluated many times, no eval().

    condition := term ("or" term)*
    term      := factor ("and" factor)*
    factor    := "not" factor | "(" condition ")" | test
    test      := QUESTION "is" CHOICE          single choice or yes/no: the answer is CHOICE
               | QUESTION "in" LIST            single choice or yes/no: the answer is one of LIST
               | QUESTION "has" CHOICE         multiple choice: CHOICE was ticked
               | QUESTION "has any" LIST       multiple choice: at least one of LIST was ticked
               | QUESTION "has all" LIST       multiple choice: every one of LIST was ticked
    LIST      := "[" CHOICE ("," CHOICE)* "]"

A test on a question that was not asked is false; "not sure" is a choice like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from selfcheck.model.records import NamedTuple, same_kind

KEYWORDS = frozenset({"and", "or", "not", "is", "in", "has", "any", "all"})
# Deeper nesting of 'not' and brackets than any clinician writes would otherwise exhaust Python's stack.
MAX_NESTING = 20
_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\S))")


class ConditionError(Exception):
    """A syntax error at a 0-based offset in the condition text."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


# The nodes are records (selfcheck/model/records.py): each equal only to its own kind, as a dataclass would be.
@same_kind("offset", "choice_offsets")
class Test(NamedTuple):
    """One comparison of a question's answer with choice ids."""

    question: str
    op: str  # is, in, has, has any, has all
    choices: tuple[str, ...]
    # Where the names stand in the text, for located errors; two tests with the same meaning are equal.
    offset: int = 0
    choice_offsets: tuple[int, ...] = ()

    def holds(self, answers: Mapping[str, tuple[str, ...]]) -> bool:
        answer = answers.get(self.question)
        if answer is None:
            return False
        if self.op == "has all":
            return all(c in answer for c in self.choices)
        return any(c in answer for c in self.choices)

    def text(self) -> str:
        if len(self.choices) == 1 and self.op in ("is", "has"):
            return f"{self.question} {self.op} {self.choices[0]}"
        return f"{self.question} {self.op} [{', '.join(self.choices)}]"


@same_kind()
class Not(NamedTuple):
    """True when its item is false."""

    item: Condition

    def holds(self, answers: Mapping[str, tuple[str, ...]]) -> bool:
        return not self.item.holds(answers)

    def text(self) -> str:
        inner = self.item.text()
        return f"not {inner}" if isinstance(self.item, (Test, Not)) else f"not ({inner})"


@same_kind()
class All(NamedTuple):
    """True when every item is true."""

    items: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, tuple[str, ...]]) -> bool:
        return all(item.holds(answers) for item in self.items)

    def text(self) -> str:
        return " and ".join(f"({i.text()})" if isinstance(i, AnyOf) else i.text() for i in self.items)


@same_kind()
class AnyOf(NamedTuple):
    """True when at least one item is true."""

    items: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, tuple[str, ...]]) -> bool:
        return any(item.holds(answers) for item in self.items)

    def text(self) -> str:
        return " or ".join(i.text() for i in self.items)


Condition = Test | Not | All | AnyOf


def tests(condition: Condition) -> Iterator[Test]:
    """Every test in a condition, left to right."""
    if isinstance(condition, Test):
        yield condition
    elif isinstance(condition, Not):
        yield from tests(condition.item)
    else:
        for item in condition.items:
            yield from tests(item)


def questions_read(condition: Condition) -> frozenset[str]:
    return frozenset(t.question for t in tests(condition))


def parse(text: str) -> Condition:
    """Parse condition text, raising ConditionError with the offset of the first mistake."""
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, int, bool]] = []  # (token, offset, is_word)
        for m in _TOKEN.finditer(text):
            if m.group(1) is not None:
                self.tokens.append((m.group(1), m.start(1), True))
            elif m.group(2) is not None:
                self.tokens.append((m.group(2), m.start(2), False))
        self.pos = 0
        self.depth = 0

    def peek(self) -> tuple[str, int, bool]:
        if self.pos < len(self.tokens):
            return self.tokens[self.pos]
        return ("", len(self.text.rstrip()), False)

    def take(self) -> tuple[str, int, bool]:
        token = self.peek()
        self.pos += 1
        return token

    def expect(self, word: str) -> int:
        token, offset, _ = self.take()
        if token != word:
            raise ConditionError(offset, f"expected '{word}' but found {self.shown(token)}")
        return offset

    @staticmethod
    def shown(token: str) -> str:
        return f"'{token}'" if token else "the end of the condition"

    def parse(self) -> Condition:
        if not self.tokens:
            raise ConditionError(0, "the condition is empty")
        condition = self.condition()
        token, offset, _ = self.peek()
        if token:
            raise ConditionError(offset, f"expected 'and', 'or' or the end but found '{token}'")
        return condition

    def condition(self) -> Condition:
        items = [self.term()]
        while self.peek()[0] == "or":
            self.take()
            items.append(self.term())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def term(self) -> Condition:
        items = [self.factor()]
        while self.peek()[0] == "and":
            self.take()
            items.append(self.factor())
        return items[0] if len(items) == 1 else All(tuple(items))

    def factor(self) -> Condition:
        token, offset, _ = self.peek()
        if token in ("not", "("):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise ConditionError(offset, f"the condition nests 'not' and brackets more than {MAX_NESTING} deep")
        if token == "not":
            self.take()
            inner: Condition = Not(self.factor())
        elif token == "(":
            self.take()
            inner = self.condition()
            self.expect(")")
        else:
            return self.test()
        self.depth -= 1
        return inner

    def name(self, what: str) -> tuple[str, int]:
        token, offset, is_word = self.take()
        if not is_word or token in KEYWORDS:
            raise ConditionError(offset, f"expected {what} but found {self.shown(token)}")
        return token, offset

    def test(self) -> Test:
        question, offset = self.name("a question id")
        op, op_offset, _ = self.take()
        if op == "has" and self.peek()[0] in ("any", "all"):
            op = f"has {self.take()[0]}"
        if op in ("is", "has"):
            token, list_offset, _ = self.peek()
            if token == "[":
                several = "'in [...]'" if op == "is" else "'has any [...]' or 'has all [...]'"
                raise ConditionError(list_offset, f"'{op}' takes one choice id, not a list: write {several}")
            choice, choice_offset = self.name("a choice id")
            return Test(question, op, (choice,), offset, (choice_offset,))
        if op in ("in", "has any", "has all"):
            choices, offsets = self.choice_list()
            return Test(question, op, choices, offset, offsets)
        expected = "'is', 'in', 'has', 'has any' or 'has all'"
        raise ConditionError(op_offset, f"expected {expected} but found {self.shown(op)}")

    def choice_list(self) -> tuple[tuple[str, ...], tuple[int, ...]]:
        self.expect("[")
        choices, offsets = [], []
        while True:
            choice, offset = self.name("a choice id")
            choices.append(choice)
            offsets.append(offset)
            token, token_offset, _ = self.take()
            if token == "]":
                return tuple(choices), tuple(offsets)
            if token != ",":
                raise ConditionError(token_offset, f"expected ',' or ']' but found {self.shown(token)}")
