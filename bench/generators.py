"""Generated rule files, the one home of them: the scaling families of issue 15 and the hostile large files.

bench/scaling.py and bench/benchmark.py time them; the tests import them from here too (pytest puts bench/
on the path, see pyproject.toml), so a family is written once. Every generator returns the text of a valid
rule file (the loader accepts it); what each costs the analysis is what bench/scaling.py measures.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# The start every rule file of the tests and the generators shares: metadata, then the five levels. Each
# keyword of header() replaces one metadata value (YAML text; None leaves the key out, a new key comes after
# sources), and levels= changes or adds keys of a level by its id, so a file shows only what is special about
# it. The defaults are the tests' small draft file (tests/conftest.py MINI).
METADATA: dict[str, str] = {
    "id": "mini",
    "title": "Mini check",
    "version": '"1.0"',
    "status": "draft",
    "intended_use": "Testing.",
    "population": "Adults.",
    "authors": "[{name: Tester}]",
    "reviewers": "[]",
    "last_reviewed": '"2026-01-01"',
    "next_review": '"2027-01-01"',
    "sources": "\n    - {id: SRC, citation: A source.}",
}
LEVEL_TEXTS: dict[str, dict[str, str]] = {
    "emergency": {"label": "Emergency", "action": "Call now."},
    "urgent": {"label": "Urgent", "action": "Today."},
    "soon": {"label": "Soon", "action": "Two weeks."},
    "routine": {"label": "Routine", "action": "Next visit."},
    "none": {"label": "None", "action": "Nothing."},
}


def header(levels: Mapping[str, Mapping[str, str]] | None = None, **metadata: str | None) -> str:
    """The metadata and levels of a rule file, ending in a newline; the questions and rules come after it."""
    lines = ["metadata:"]
    for key, value in {**METADATA, **metadata}.items():
        if value is not None:
            space = "" if value.startswith("\n") else " "  # a block (the default sources) starts on the next line
            lines.append(f"  {key}:{space}{value}")
    lines.append("levels:")
    for level, keys in LEVEL_TEXTS.items():
        merged = {"id": level, **keys, **(levels or {}).get(level, {})}
        lines.append("  - {" + ", ".join(f"{key}: {value}" for key, value in merged.items()) + "}")
    return "\n".join(lines) + "\n"


# What every generated file starts with: an active, reviewed file with one source (SRC), so the analysis of a
# generated file reports what its questions and rules do, not its paperwork.
HEADER = header(
    {
        "urgent": {"action": "Get advice today."},
        "soon": {"action": "Book within two weeks."},
        "routine": {"action": "Mention it at your next visit."},
        "none": {"label": "Nothing", "action": "Nothing on this checklist."},
    },
    id="base",
    title="Base check",
    status="active",
    intended_use="Testing the analysis.",
    reviewers='[{name: Dr Reviewer, date: "2026-11-01"}]',
    last_reviewed='"2026-11-01"',
    next_review='"2027-06-01"',
)
TAIL = "safety_net: Get help sooner if anything gets worse.\ndisclaimer: This is not a diagnosis.\n"
LEVELS = ("emergency", "urgent", "soon", "routine")


def question(qid: str, qtype: str, choices: list[str] | None = None, ask_if: str = "") -> str:
    """One symptom question (yesno, single or multiple) with choices named by their ids."""
    text = f"  - id: {qid}\n    kind: symptom\n    type: {qtype}\n    text: Question {qid}?\n"
    text += f"    help: Answer it.\n    summary: {qid}\n"
    if ask_if:
        text += f"    ask_if: {ask_if}\n"
    if choices:
        text += "    choices:\n" + "".join(f"      - {{id: {c}, label: {c}}}\n" for c in choices)
    return text


def rule(rid: str, when: str, level: str, message: str = "See a doctor.") -> str:
    """One rule citing SRC."""
    return (
        f"  - id: {rid}\n    when: {when}\n    level: {level}\n    message: {message}\n"
        "    rationale: Testing.\n    sources: [SRC]\n"
    )


def rule_file(questions: str, rules: str) -> str:
    return HEADER + "questions:\n" + questions + "rules:\n" + rules + TAIL


def interlocked(n: int) -> str:
    """N single-choice questions; rule i reads q_i and q_(i + N/2), so no question is independent of another."""
    questions = "".join(question(f"q{i}", "single", ["a", "b", "c"]) for i in range(n))
    rules = "".join(rule(f"r{i}", f"q{i} is a and q{(i + n // 2) % n} in [a, b]", LEVELS[i % 4]) for i in range(n))
    return rule_file(questions, rules)


def checklist(c: int) -> str:
    """One checklist whose C choices are each read by a rule of their own."""
    choices = [f"c{i}" for i in range(c)]
    rules = "".join(rule(f"r{i}", f"list has c{i}", LEVELS[i % 4]) for i in range(c))
    return rule_file(question("list", "multiple", choices), rules)


def wide_rules(questions: int = 40, rules: int = 40, tests: int = 6, seed: int = 9) -> str:
    """Many yes/no questions read by many rules of `tests` tests each, picked at random (seeded).

    With the defaults (about 19 KB: 40 questions, 40 rules of 6 tests each; validate says ok) `analyze` ran
    out of memory (issue 15).
    """
    rng = random.Random(seed)
    qs = "".join(
        f"  - id: q{i}\n    kind: symptom\n    type: yesno\n    text: Question {i}?\n"
        f"    help: Help {i}.\n    summary: Q{i}\n"
        for i in range(questions)
    )
    out = []
    for r in range(rules):
        picked = rng.sample(range(questions), tests)
        when = " and ".join(f"q{q} is {rng.choice(('yes', 'no'))}" for q in picked)
        out.append(rule(f"r{r}", when, ("urgent", "soon", "routine")[r % 3], f"M{r}."))
    return rule_file(qs, "".join(out))


def tests6(n: int) -> str:
    """The issue's family: N yes/no questions and N rules of 6 tests each."""
    return wide_rules(n, n, 6)


def bundled_text() -> str:
    return (ROOT / "rules" / "mmn.yaml").read_text(encoding="utf-8")


def bundled(copies: int) -> str:
    """The bundled file's questions and rules copied, ids suffixed, each copy asked after the last said none."""
    import yaml

    doc = yaml.load(bundled_text(), Loader=yaml.BaseLoader)  # every scalar stays text: 'yes', 'no' are ids
    ids = [q["id"] for q in doc["questions"]]
    word = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    questions, rules = [], []
    for k in range(copies):
        suffix = f"_c{k}"

        def rename(condition: str, suffix: str = suffix) -> str:
            return word.sub(lambda m: m.group(1) + suffix, condition)

        for q in doc["questions"]:
            q2 = dict(q, id=q["id"] + suffix)
            if "ask_if" in q2:
                q2["ask_if"] = rename(q2["ask_if"])
            if k and "ask_if" not in q:
                q2["ask_if"] = f"{ids[0]}_c{k - 1} has none"
            questions.append(q2)
        rules += [dict(r, id=r["id"] + suffix, when=rename(r["when"])) for r in doc["rules"]]
    out = _typed(dict(doc, questions=questions, rules=rules))
    # Left out, not copied: renamed per copy, the at_least requirements hold (62 of 62 proved at 2 copies), but
    # they change what the 8x figures of issue 15 time (auto then counts with the diagrams); the at_most ones
    # would not hold, since another copy's answers may raise the level.
    out.pop("requirements", None)
    return str(yaml.dump(out, allow_unicode=True, sort_keys=False, width=1000))


def _typed(node: Any, key: str = "") -> Any:
    """The booleans and counts BaseLoader left as text, back to what the loader wants."""
    if isinstance(node, dict):
        return {k: _typed(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_typed(v, key) for v in node]
    if node in ("true", "false"):
        return node == "true"
    if key.startswith("max_") and node.isdigit():
        return int(node)
    return node


def many_rules(count: int) -> str:
    """The bundled rule file with its rules replaced by count small ones, the last repeating the first id."""
    head, rest = bundled_text().split("\nrules:\n", 1)
    one = "  - id: r{}\n    when: age is under_18\n    level: routine\n"
    one += "    message: M.\n    rationale: R.\n    sources: [NG127]\n"
    rules = "".join(one.format(i) for i in range(count - 1)) + one.format(0)
    return head + "\nrules:\n" + rules + rest[rest.index("\nsafety_net:") :]


# name -> (generator, sizes bench/scaling.py measures by default, how a size reads)
FAMILIES: dict[str, tuple[Callable[[int], str], list[int], str]] = {
    "bundled": (bundled, [1, 2, 4, 8], "{}x"),
    "interlocked": (interlocked, [10, 14, 18, 22, 26, 40], "{} questions"),
    "checklist": (checklist, [8, 12, 16, 17, 20, 24], "{} choices"),
    "tests6": (tests6, [10, 20, 30, 40], "{} questions"),
}
