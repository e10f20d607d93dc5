"""The names in a rule file's conditions checked against its questions: known, asked before, and their choices."""

from __future__ import annotations

from selfcheck.errors import did_you_mean
from selfcheck.model import conditions
from selfcheck.model.conditions import Condition, ConditionError, Test
from selfcheck.model.ruleset import Question
from selfcheck.rulefile.kinds import CONDITION
from selfcheck.rulefile.specread import SpecReader
from selfcheck.rulefile.yaml_nodes import Node, Scalar


class ConditionNames:
    """Parses conditions and checks every name in them, each problem located in the condition's text.

    questions fills as the loader reads them (so an ask_if sees only the questions before it);
    question_lines has every question id in the file from the start, to tell "asked later" from "unknown";
    duplicated, the ids given twice (already reported).
    """

    def __init__(
        self,
        reader: SpecReader,
        questions: dict[str, Question],
        question_lines: dict[str, int],
        duplicated: set[str],
    ) -> None:
        self.r = reader
        self.questions = questions
        self.question_lines = question_lines
        self.duplicated = duplicated

    def condition(self, node: Node, asker: str = "") -> Condition | None:
        """Parse condition text and check every name; asker is set for ask_if, which may look only backwards."""
        r = self.r
        text = r.value(CONDITION, node, "condition")
        if not text or not isinstance(node, Scalar):
            return None
        raw = str(node.value)
        try:
            cond = conditions.parse(raw)
        except ConditionError as e:
            r.problem(r.position(node, e.offset), e.message)
            return None
        ok = True
        for test in conditions.tests(cond):
            ok = self._test_ok(node, test, asker) and ok  # every test checked, so every problem is told
        return cond if ok else None

    def _test_ok(self, node: Scalar, test: Test, asker: str) -> bool:
        """Whether one test of a condition names a question it may read and that question's choices."""
        r = self.r
        # Positions are worked out only for a problem: most conditions have none.
        if test.question in self.duplicated:
            return False  # which copy is meant is unknown; the duplicate id is the one problem to tell
        question = self.questions.get(test.question)
        if test.question == asker:
            r.problem(r.position(node, test.offset), f"question '{asker}' cannot depend on its own answer")
            return False
        if question is None:
            if asker and test.question in self.question_lines:
                r.problem(
                    r.position(node, test.offset),
                    f"question '{asker}' cannot depend on '{test.question}', which is asked later "
                    f"(line {self.question_lines[test.question]})",
                )
            else:
                known = list(self.questions) if asker else list(self.question_lines)
                r.problem(
                    r.position(node, test.offset),
                    f"unknown question '{test.question}'{did_you_mean(test.question, known)}",
                )
            return False
        ok = True
        if question.type == "multiple" and not test.op.startswith("has"):
            r.problem(
                r.position(node, test.offset),
                f"'{test.question}' is a multiple-choice question: use 'has', 'has any [...]' or 'has all [...]'",
            )
            ok = False
        elif question.type != "multiple" and test.op.startswith("has"):
            r.problem(r.position(node, test.offset), f"'{test.question}' takes one answer: use 'is' or 'in [...]'")
            ok = False
        for choice, offset in zip(test.choices, test.choice_offsets, strict=True):
            if choice not in question.choice_ids:
                r.problem(
                    r.position(node, offset),
                    f"question '{test.question}' has no choice '{choice}'{did_you_mean(choice, question.choice_ids)}",
                )
                ok = False
        return ok
