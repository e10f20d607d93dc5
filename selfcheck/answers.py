"""Answers files (YAML or JSON: question id -> choice id or list of ids), checked against a rule set."""

from __future__ import annotations

from selfcheck import engine, yamlfile
from selfcheck.errors import SelfcheckError, did_you_mean
from selfcheck.model import Answers, RuleSet
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
    missing = engine.next_question(ruleset, kept)
    if missing is not None and not r.problems:
        r.problem(doc.root, f"no answer for question '{missing.id}', which these answers lead to")
    if r.problems:
        raise SelfcheckError(r.problems)
    return kept


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
            r.problem(key, f"unknown question '{name}'{did_you_mean(name, ids)}")
            continue
        keys[name] = key
        question = ruleset.question(name)
        chosen = _choice_ids(r, value, question.type == "multiple", name)
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


def _choice_ids(r: Reader, node: Node, multiple: bool, name: str) -> list[tuple[str, Node]]:
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
        else:
            r.problem(item, f"an answer must be a choice id, not {yamlfile.describe(item)}")
    return chosen
