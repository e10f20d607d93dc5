"""Answers files (YAML or JSON: question id -> choice id or list of ids), checked against a rule set."""

from __future__ import annotations

from selfcheck import engine, yamlfile
from selfcheck.errors import SelfcheckError, did_you_mean, did_you_mean_id
from selfcheck.model import Answers, Question, RuleSet
from selfcheck.nodes import Reader
from selfcheck.yamlfile import Map, Node, Scalar, Seq

MAX_ANSWERS_BYTES = 256 * 1024


def load_answers(ruleset: RuleSet, path: str) -> Answers:
    """Read an answers file and check it against the questions and the flow; raise with every problem."""
    text = yamlfile.read_text(path, MAX_ANSWERS_BYTES)
    parse = yamlfile.parse_json if path.endswith(".json") else yamlfile.parse
    return check_answers(ruleset, parse(path, text, keep_going=True))


def check_answers(ruleset: RuleSet, doc: yamlfile.Document) -> Answers:
    """Answers from a parsed file: every id and type checked, then checked against the question flow."""
    r = Reader(doc)
    answers, keys = read_answers(r, ruleset, doc.root)
    if r.problems:
        raise SelfcheckError(r.problems)
    kept = engine.applicable(ruleset, answers)
    for name in answers:
        if name not in kept:
            r.problem(keys[name], f"question '{name}' is not asked with these answers; remove it")
    order = [q.id for q in ruleset.questions]
    end = (doc.text.count("\n") + 1, 1) if doc.text.endswith("\n") else _end_of(doc.text)
    for question in unanswered(ruleset, kept):
        # Where the answer belongs: before the answer to the next question asked, or at the end of the file.
        later = [keys[q] for q in order[order.index(question.id) + 1 :] if q in kept]
        where = (later[0].line, later[0].col) if later else end
        r.problem(
            where,
            f"no answer for question '{question.id}', which these answers lead to "
            f"(choices: {', '.join(question.choice_ids)})",
        )
    if r.problems:
        raise SelfcheckError(r.problems)
    return kept


def unanswered(ruleset: RuleSet, answers: Answers) -> list[Question]:
    """Every question these answers lead to that has no answer, in the order they are asked.

    A missing answer counts as a question not asked, so the ones after it are still found; those
    that depend on what the missing answer will be show up once it is given.
    """
    filled = dict(answers)
    missing = []
    while (question := engine.next_question(ruleset, filled)) is not None:
        missing.append(question)
        filled[question.id] = ()  # matches nothing, as a question not asked does
    return missing


def _end_of(text: str) -> tuple[int, int]:
    last = text.rsplit("\n", 1)[-1]
    return text.count("\n") + 1, len(last) + 1


def read_answers(r: Reader, ruleset: RuleSet, root: Node) -> tuple[Answers, dict[str, Scalar]]:
    """Answers and the key node of each, checking ids and types but not the flow."""
    if not isinstance(root, Map):
        r.problem(
            root,
            f"answers must be a mapping of question id to choice id (or a list of ids), not {yamlfile.describe(root)}",
        )
        return {}, {}
    answers: Answers = {}
    keys: dict[str, Scalar] = {}
    ids = [q.id for q in ruleset.questions]
    for name, (key, value) in root.entries.items():
        if name not in ids:
            r.problem(key, f"unknown question '{name}'{did_you_mean_id(name, ids)}")
            continue
        keys[name] = key
        question = ruleset.question(name)
        chosen = _choice_ids(r, value, question.type == "multiple", name, question.choice_ids)
        bad = False
        for cid, node in chosen:
            if cid not in question.choice_ids:
                r.problem(
                    node,
                    f"question '{name}' has no choice '{cid}'{did_you_mean(cid, question.choice_ids)}"
                    f" (choices: {', '.join(question.choice_ids)})",
                )
                bad = True
        conflict = question.exclusive_conflict([cid for cid, _ in chosen])
        if conflict is not None:
            r.problem(value, f"'{conflict.id}' cannot be combined with other choices")
            bad = True
        if len({cid for cid, _ in chosen}) != len(chosen):
            r.problem(value, "a choice is listed twice")
            bad = True
        if chosen and not bad:
            answers[name] = tuple(cid for cid, _ in chosen)
    return answers, keys


def _choice_ids(r: Reader, node: Node, multiple: bool, name: str, choices: tuple[str, ...]) -> list[tuple[str, Node]]:
    items: tuple[Node, ...] = node.items if isinstance(node, Seq) else (node,)
    if isinstance(node, Seq) and not multiple:
        r.problem(node, f"question '{name}' takes one answer, not a list")
        return []
    if isinstance(node, Seq) and not items:
        r.problem(node, f"question '{name}' needs at least one choice")
        return []
    chosen: list[tuple[str, Node]] = []
    for item in items:
        if isinstance(item, Scalar) and isinstance(item.value, str):
            chosen.append((item.value, item))
        elif isinstance(item, Scalar) and item.value is None and not isinstance(node, Seq):
            # A blank left in a template (`selfcheck template`): say what can go there.
            r.problem(item, f"question '{name}' has no answer yet (choices: {', '.join(choices)})")
        else:
            r.problem(item, f"an answer must be a choice id, not {yamlfile.describe(item)}")
    return chosen
