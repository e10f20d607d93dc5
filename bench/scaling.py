"""How `selfcheck analyze` grows with the rule file: generated families, CPU time and peak memory per size.

    python bench/scaling.py [--timeout SECONDS] [--family NAME ...] [--sizes 1,2,4]

Each run is a fresh `selfcheck analyze` process (CPU seconds of the child, its peak resident memory);
a run that passes the timeout is stopped and shown as such. The growth between the two largest sizes
that finished is printed as a factor per size step and as the exponent of a power law (time ~ size^k).
Families (the issue-15 list):

- bundled-Nx: the bundled questions and rules copied N times, each copy asked only when the one before
  ticked "none" of its emergency signs (so the copies are linked, not independent);
- interlocked-N: N single-choice questions, rule i reads q_i and q_(i + N/2);
- checklist-C: one checklist whose C choices are each read by a rule of their own;
- tests6-N: N yes/no questions and N rules of 6 tests each.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HEAD = """\
metadata:
  id: bench
  title: Benchmark file
  version: "1.0"
  status: active
  intended_use: Measuring the analysis.
  population: Adults.
  authors: [{name: Bench}]
  reviewers: [{name: Dr Bench, date: "2026-11-01"}]
  last_reviewed: "2026-11-01"
  next_review: "2027-06-01"
  sources:
    - {id: SRC, citation: A source.}
levels:
  - {id: emergency, label: Emergency, action: Call now.}
  - {id: urgent, label: Urgent, action: Get advice today.}
  - {id: soon, label: Soon, action: Book within two weeks.}
  - {id: routine, label: Routine, action: Mention it at your next visit.}
  - {id: none, label: Nothing, action: Nothing on this checklist.}
"""
TAIL = "safety_net: Get help sooner if anything gets worse.\ndisclaimer: This is not a diagnosis.\n"
LEVELS = ("emergency", "urgent", "soon", "routine")


def _question(qid: str, qtype: str, choices: list[str] | None = None, ask_if: str = "") -> str:
    text = f"  - id: {qid}\n    kind: symptom\n    type: {qtype}\n    text: Question {qid}?\n"
    text += f"    help: Answer it.\n    summary: {qid}\n"
    if ask_if:
        text += f"    ask_if: {ask_if}\n"
    if choices:
        text += "    choices:\n" + "".join(f"      - {{id: {c}, label: {c}}}\n" for c in choices)
    return text


def _rule(rid: str, when: str, level: str) -> str:
    return (
        f"  - id: {rid}\n    when: {when}\n    level: {level}\n    message: See a doctor.\n"
        "    rationale: Benchmark.\n    sources: [SRC]\n"
    )


def interlocked(n: int) -> str:
    questions = "".join(_question(f"q{i}", "single", ["a", "b", "c"]) for i in range(n))
    rules = "".join(_rule(f"r{i}", f"q{i} is a and q{(i + n // 2) % n} in [a, b]", LEVELS[i % 4]) for i in range(n))
    return HEAD + "questions:\n" + questions + "rules:\n" + rules + TAIL


def checklist(c: int) -> str:
    choices = [f"c{i}" for i in range(c)]
    question = _question("list", "multiple", choices)
    rules = "".join(_rule(f"r{i}", f"list has c{i}", LEVELS[i % 4]) for i in range(c))
    return HEAD + "questions:\n" + question + "rules:\n" + rules + TAIL


def tests6(n: int) -> str:
    questions = "".join(_question(f"q{i}", "yesno") for i in range(n))
    rules = "".join(
        _rule(f"r{i}", " and ".join(f"q{(i + k * 7) % n} is yes" for k in range(6)), LEVELS[i % 4]) for i in range(n)
    )
    return HEAD + "questions:\n" + questions + "rules:\n" + rules + TAIL


def bundled(copies: int) -> str:
    """The bundled file's questions and rules copied, ids suffixed, each copy asked after the last said none."""
    text = (ROOT / "rules" / "mmn.yaml").read_text(encoding="utf-8")
    doc = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar stays text: 'yes' and 'no' are choice ids
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
    out.pop("requirements", None)  # the requirements read the first copy's ids only; the analysis is what is timed
    return yaml.dump(out, allow_unicode=True, sort_keys=False, width=1000)


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


FAMILIES: dict[str, tuple[Callable[[int], str], list[int]]] = {
    "bundled": (bundled, [1, 2, 4, 8]),
    "interlocked": (interlocked, [10, 14, 18, 22, 26, 40]),
    "checklist": (checklist, [8, 12, 16, 17, 24]),
    "tests6": (tests6, [10, 20, 30, 40]),
}


def measure(path: Path, timeout: float) -> tuple[str, float, int]:
    """(outcome, CPU seconds, peak KiB) of one `selfcheck analyze` run in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = (
        "import resource, sys\n"
        "from selfcheck.cli.main import main\n"
        "try:\n    code = main(sys.argv[1:])\nexcept MemoryError:\n    code = 99\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    argv = [sys.executable, "-c", code, "analyze", str(path), "--today", "2026-12-01", "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"stopped after {timeout:.0f} s", time.monotonic() - start, 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = done.stderr.strip().splitlines()[-1:] or ["0"]
    peak = int(last[0]) if last[0].isdigit() else 0
    outcome = {0: "ok", 1: "findings", 99: "MemoryError"}.get(done.returncode, f"exit {done.returncode}")
    return outcome, cpu, peak


def growth(rows: list[tuple[int, float]]) -> str:
    """Factor per size step and power-law exponent between the two largest sizes that finished."""
    if len(rows) < 2:
        return "-"
    (n1, t1), (n2, t2) = rows[-2], rows[-1]
    if t1 <= 0 or t2 <= 0:
        return "-"
    per_step = (t2 / t1) ** (1 / (n2 - n1))
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    return f"x{per_step:.2f} per unit of size, size^{exponent:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped")
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these families")
    parser.add_argument("--sizes", help="comma-separated sizes instead of the family's own")
    args = parser.parse_args(argv)
    print("| family | size | outcome | CPU s | peak MiB |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.family or list(FAMILIES):
            make, sizes = FAMILIES[name]
            if args.sizes:
                sizes = [int(s) for s in args.sizes.split(",")]
            finished: list[tuple[int, float]] = []
            for size in sizes:
                path = Path(tmp) / f"{name}-{size}.yaml"
                path.write_text(make(size), encoding="utf-8")
                outcome, cpu, peak = measure(path, args.timeout)
                print(f"| {name} | {size} | {outcome} | {cpu:.2f} | {peak / 1024:.0f} |", flush=True)
                if outcome in ("ok", "findings"):
                    finished.append((size, cpu))
                else:
                    break  # a bigger size would only take longer
            print(f"| {name} | growth | {growth(finished)} | | |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
