"""Answers files (YAML or JSON: question id -> choice id or list of ids), checked against a rule set."""

from __future__ import annotations

from collections.abc import Mapping

from selfcheck.engine import flow, gaps
from selfcheck.errors import Problem, SelfcheckError, did_you_mean, did_you_mean_id
from selfcheck.model.records import NamedTuple
from selfcheck.model.ruleset import Answers, Level, Question, Rule, RuleSet
from selfcheck.rulefile import file_text, strict_yaml, yaml_nodes
from selfcheck.rulefile.reader import Reader
from selfcheck.rulefile.yaml_nodes import Map, Node, Scalar, Seq

MAX_ANSWERS_BYTES = 256 * 1024


class Reading(NamedTuple):
    """Answers read from a file or a response, as the question flow takes them."""

    answers: Answers  # the answers the flow keeps, in question order
    complete: bool  # the flow asks nothing more, so the result can be given
    warnings: tuple[Problem, ...]  # answers to questions the flow does not ask: ignored
    problems: tuple[Problem, ...]  # everything else wrong: reported after the result, exit 1

    def strict(self) -> Answers:
        """The answers, or SelfcheckError when anything is wrong (for callers that cannot give a result first)."""
        if self.problems or not self.complete:
            raise SelfcheckError(self.problems)
        return self.answers


def load_answers(ruleset: RuleSet, path: str) -> Reading:
    """Read an answers file and follow the flow with its valid answers; problems are returned, not raised.

    Only a file that cannot be read or parsed at all raises SelfcheckError.
    """
    text = file_text.read_text(path, MAX_ANSWERS_BYTES)
    if path.endswith(".json"):
        return check_answers(ruleset, strict_yaml.parse_json(path, text, keep_going=True))
    try:
        return check_answers(ruleset, strict_yaml.parse(path, text, keep_going=True))
    except SelfcheckError as e:
        reading = _before_the_break(ruleset, path, text, e.problems)
        if reading is None:
            raise
        return reading


def _before_the_break(ruleset: RuleSet, path: str, text: str, broken: tuple[Problem, ...]) -> Reading | None:
    """The answers above a YAML syntax error, when they alone end the questions (an emergency sign ticked).

    The file is cut before the line of the error, or before one of the top-level answers just above it (a
    bracket or quote left open starts earlier than where it is found); the error is still reported.
    """
    if len(broken) != 1 or broken[0].line <= 1:
        return None
    at = broken[0].line
    lines = text.splitlines(keepends=True)
    starts = {n for n, line in enumerate(lines[:at], 1) if line[:1] not in ("", " ", "\t", "#", "\n", "-")}
    for cut in sorted(starts | {at})[-3:][::-1]:
        try:
            doc = strict_yaml.parse(path, "".join(lines[: cut - 1]), keep_going=True)
        except SelfcheckError:
            continue
        reading = check_answers(ruleset, doc)
        if reading.complete:
            return reading._replace(problems=tuple(sorted({*reading.problems, *broken})))
        return None
    return None


def check_answers(ruleset: RuleSet, doc: yaml_nodes.Document) -> Reading:
    """Answers from a parsed file: every id and type checked, then the valid ones taken through the flow."""
    r = Reader(doc)
    noted: list[Problem] = []
    answers, keys = read_answers(r, ruleset, doc.root, noted)
    if not isinstance(doc.root, Map):
        return Reading({}, False, (), tuple(r.problems))
    reading = follow_flow(ruleset, r, answers, keys, doc.root)
    return reading._replace(warnings=tuple(sorted({*reading.warnings, *noted})))


def follow_flow(ruleset: RuleSet, r: Reader, given: Answers, keys: Mapping[str, Node], where: Node) -> Reading:
    """Take the valid answers through the engine's flow, as a person answering them one by one would.

    A bad answer is left out, not a reason to refuse the rest: when the flow asks nothing more (after an
    emergency sign ends the questions, say) the result is given, and the problems after it. Answers to
    questions the flow does not ask are ignored with a warning, but only once the flow is complete: before
    that, fixing a bad answer may change which questions are asked.
    """
    kept, missing = flow.walk(ruleset, given)
    warnings: list[Problem] = []
    if missing is None:
        reasons = flow.skip_reasons(ruleset, given)
        for name in given:
            if name in kept:
                continue
            reason = reasons.get(name)
            if isinstance(reason, Rule):
                why = f"comes after rule '{reason.id}' ended the questions"
            elif isinstance(reason, Level):
                why = f"comes after level '{reason.id}' was already certain, which ended the questions"
            else:
                why = "is not asked with these answers"
            node = keys[name]
            warnings.append(Problem(r.doc.path, node.line, node.col, f"question '{name}' {why}; its answer is ignored"))
    elif not r.problems:
        # With a bad answer (or a misspelt question id) that problem names what to fix; the flow may then go on.
        order = [q.id for q in ruleset.questions]
        text = r.doc.text
        # In an answers file the end of it; in a response (where is an item inside it), where it says.
        end = (where.line, where.col) if where is not r.doc.root else _end_of(text)
        for asked, question in enumerate(gaps.unanswered(ruleset, kept), 1):
            # Where the answer belongs: before the answer to the next question asked, or at the end of the file;
            # several at one place are told in the order they are asked.
            later = [keys[q] for q in order[order.index(question.id) + 1 :] if q in kept and q in keys]
            line, col = (later[0].line, later[0].col) if later else end
            message = (
                f"no answer for question '{question.id}', which these answers lead to "
                f"(choices: {', '.join(question.choice_ids)})"
            )
            r.problems.append(Problem(r.doc.path, line, col, message, asked))
    # A bad or missing answer must not hold back emergency advice that the valid answers already give
    # whatever it would be (a typo in the age next to "sudden weakness today", say): the result first, the
    # problems after it, exit 1, as when an emergency sign ends the questions.
    complete = missing is None or gaps.emergency_whatever_the_gaps(ruleset, given)
    return Reading(kept, complete, tuple(sorted(warnings)), tuple(sorted(set(r.problems))))


def _end_of(text: str) -> tuple[int, int]:
    """The place after the last character: the start of the line after a final line break."""
    last = text.rsplit("\n", 1)[-1]
    return text.count("\n") + 1, len(last) + 1


def read_answers(
    r: Reader, ruleset: RuleSet, root: Node, noted: list[Problem] | None = None
) -> tuple[Answers, dict[str, Scalar]]:
    """Answers and the key node of each, checking ids and types but not the flow.

    With noted, 'None of these' ticked with a sign is read the safe way with a warning there (the sign
    counts); without it (a case file, which must say what it means) that is a problem.
    """
    if not isinstance(root, Map):
        r.problem(
            root,
            "answers must be a mapping of question id to choice id (or a list of ids), "
            f"not {yaml_nodes.describe(root)}",
        )
        return {}, {}
    answers: Answers = {}
    keys: dict[str, Scalar] = {}
    ids = [q.id for q in ruleset.questions]
    again: dict[str, list[Node]] = {}
    for key, value in root.duplicates:
        again.setdefault(str(key.value), []).append(value)
    for name, (key, value) in root.entries.items():
        if name not in ids:
            r.problem(key, f"unknown question '{name}'{did_you_mean_id(name, ids)}")
            continue
        keys[name] = key
        question = ruleset.question(name)
        valid = _valid_choices(r, question, value, noted)
        # A question answered twice is a problem already; the safe reading keeps every sign ticked in either
        # checklist, and no answer at all for a single choice given two ways.
        for other in again.get(name, []):
            more = _valid_choices(r, question, other)
            if question.type == "multiple":
                valid = question.without_exclusive(list(dict.fromkeys(valid + more)))
            elif more != valid:
                valid = []
        if valid:
            answers[name] = tuple(valid)
    return answers, keys


def _valid_choices(r: Reader, question: Question, value: Node, noted: list[Problem] | None = None) -> list[str]:
    """The valid choice ids in one answer, each bad one a problem; a checklist keeps its valid ticks."""
    name = question.id
    chosen = _choice_ids(r, value, question.type == "multiple", name, question.choice_ids)
    valid: list[str] = []
    for cid, node in chosen:
        if cid not in question.choice_ids:
            r.problem(
                node,
                f"question '{name}' has no choice '{cid}'{did_you_mean(cid, question.choice_ids)}"
                f" (choices: {', '.join(question.choice_ids)})",
            )
        elif cid in valid:
            r.problem(value, "a choice is listed twice")
        else:
            valid.append(cid)
    valid = exclusive_reading(r, question, [cid for cid, _ in chosen], valid, value, noted)
    # The valid choices of a checklist stand even next to a typo, so a ticked emergency sign is never lost.
    return valid


def exclusive_reading(
    r: Reader, question: Question, given: list[str], valid: list[str], where: Node, noted: list[Problem] | None
) -> list[str]:
    """The valid choices of a checklist read the one safe way when 'None of these' is ticked with others.

    given is every choice named, valid or not; a sign ticked next to 'None of these' is still ticked, with a
    warning in noted. Without noted (a case file, which must say what it means), or when nothing else ticked is
    a choice at all, that is a problem.
    """
    conflict = question.exclusive_conflict(list(dict.fromkeys(given)))
    if conflict is None:
        return valid
    kept = question.without_exclusive(valid)
    if noted is None or kept == valid:
        r.problem(where, f"'{conflict.id}' cannot be combined with other choices")
    else:
        counted = f"{', '.join(repr(c) for c in kept)} counted" if kept else "nothing counted"
        message = f"'{conflict.id}' is ticked with other choices, which it excludes: {counted}, '{conflict.id}' ignored"
        noted.append(Problem(r.doc.path, where.line, where.col, message))
    return kept


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
            r.problem(item, f"an answer must be a choice id, not {yaml_nodes.describe(item)}")
    return chosen
