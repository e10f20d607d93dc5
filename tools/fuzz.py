"""Mutate the bundled rule file and check that every command ends cleanly on each mutant.

    python tools/fuzz.py [--seed 11] [--mutants 300] [--keep DIR]

Each mutant is the bundled rule file with one to three mutations (bytes cut or inserted, lines doubled,
swapped or cut, line ends changed, special and control characters, ids misspelt, conditions and numbers
changed, deep nesting). Every command that reads a rule file is run on it in-process (on a mutant both
loaders refuse, just those: validate and run), and each must:
exit 0, 1 or 2 (never 3, an internal error); show no traceback; and place every problem inside the file
(a line the file has, a column that line has). The three commands that walk the answer space (analyze,
review, diff) take turns on every fourth mutant, with a small budget (selfcheck.analysis.budget), so a mutant that is
still valid stops quickly. Prints one line per failure and a summary; exits 1 on any.
The same seed gives the same mutants, so a failure can be replayed and kept with --keep.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import NOTHING_REPORTED  # noqa: E402

from selfcheck.analysis import budget  # noqa: E402
from selfcheck.cli.main import main  # noqa: E402
from selfcheck.rulefile.loader import bundled_rules  # noqa: E402
from selfcheck.rulefile.yaml_nodes import line_starts  # noqa: E402

SPECIALS = [
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\t",
    "\r",
    "\r\n",
    "\x00",
    "\x1b",
    "\x07",
    "\u2028",
    "\x85",
    "\u2029",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!!python/name:os.system ",
    "!",
    "%",
    "@",
    "`",
    "|",
    ">",
    "\\",
    "\ufeff",
    "\u202e",
    "é",
    "ß",
    "😀",
    "---\n",
    "...\n",
    "~",
    "null",
    "yes",
    "no",
    "1e9",
    "-1",
    " ",
    "\n",
    "    ",
]
TOKENS = [
    "and",
    "or",
    "not",
    "is",
    "in",
    "has",
    "any",
    "all",
    "(",
    ")",
    "[",
    "]",
    ",",
    "yes",
    "no",
    "age",
    "urgent_signs",
    "weakness",
    "breathing",
    "none",
    "not_sure",
    "x",
    "'q'",
    "===",
    "==",
    "<",
]
EMERGENCY = "urgent_signs: [breathing]\n" + NOTHING_REPORTED.split("\n", 1)[1]
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): ", re.M)


# One random mutation each: given the file's bytes, its text and lines, and a random offset; None where the
# mutation does not apply to this file (a value is replaced by another type instead).
Mutation = Callable[[random.Random, bytes, str, list[str], int], bytes | None]


def _cut_run(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    return data[:at] + data[at + rng.randrange(1, 200) :]


def _special(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    return data[:at] + rng.choice(SPECIALS).encode() + data[at:]


def _random_bytes(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    return data[:at] + rng.randbytes(rng.randrange(1, 8)) + data[at:]


def _cut_short(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    return data[:at]


def _double_line(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    if not lines:
        return None
    n = rng.randrange(len(lines))
    return "".join(lines[: n + 1] + lines[n:]).encode()


def _swap_lines(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    if len(lines) <= 1:
        return None
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "".join(lines).encode()


def _line_ends(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    return text.replace("\n", rng.choice(["\r", "\r\n", "\u2028", "\x85", "\n\n"])).encode()


def _misspell(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    """An id misspelt where it is used."""
    words = sorted(set(re.findall(r"\b[a-z]+_[a-z_]+\b", text)))
    word = rng.choice(words)
    return text.replace(word, word[:-1] + rng.choice("xyz_"), rng.randrange(1, 4)).encode()


def _junk_condition(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    """A condition made of random tokens."""
    whens = [m.end() for m in re.finditer(r"when: ", text)] or [0]
    start = rng.choice(whens)
    end = text.find("\n", start)
    junk = " ".join(rng.choice(TOKENS) for _ in range(rng.randrange(1, 12)))
    return (text[:start] + junk + text[end:]).encode()


def _indentation(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    if lines:
        n = rng.randrange(len(lines))
        lines[n] = rng.choice(["", " ", "  ", "\t"]) + lines[n].lstrip(" ") if rng.random() < 0.5 else " " + lines[n]
    return "".join(lines).encode()


def _deep_nesting(rng: random.Random, data: bytes, text: str, lines: list[str], at: int) -> bytes | None:
    depth = rng.choice([5, 19, 21, 200, 20_000])
    return data[:at] + (b"[" * depth + b"]" * depth) + data[at:]


def _retype(rng: random.Random, text: str) -> bytes:
    """A value replaced by another type."""
    values = [m.end() for m in re.finditer(r": ", text)] or [0]
    start = rng.choice(values)
    end = text.find("\n", start)
    return (
        text[:start] + rng.choice(["[]", "{}", "~", "true", "12", "'x'", '"\\e[2J"', "[a, [b]]"]) + text[end:]
    ).encode()


MUTATIONS: list[Mutation] = [
    _cut_run,
    _special,
    _random_bytes,
    _cut_short,
    _double_line,
    _swap_lines,
    _line_ends,
    _misspell,
    _junk_condition,
    _indentation,
    _deep_nesting,
]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One random mutation of the file's bytes."""
    text = data.decode("utf-8", "replace")
    lines = text.splitlines(keepends=True)
    kind = rng.randrange(len(MUTATIONS) + 1)  # the last kind is _retype
    at = rng.randrange(len(data) + 1)
    mutated = MUTATIONS[kind](rng, data, text, lines, at) if kind < len(MUTATIONS) else None
    return _retype(rng, text) if mutated is None else mutated


def commands(n: int, rules: str, answers: str, emergency: str, cases: str, out: str) -> list[list[str]]:
    """The commands for a mutant some loader accepts. The three that walk the answer space cost a second or
    more each, so one of them runs on every fourth mutant, in turn."""
    walking = [["analyze", rules], ["review", rules], ["diff", bundled_rules(), rules]]
    return [
        ["run", rules, "--answers", emergency],
        ["run", rules, "--answers", answers, "--format", "markdown", "--output", out, "--force"],
        ["explain", rules, "--answers", answers],
        ["export", "--format", "fhir", rules],
        ["test", rules, "--cases", cases],
    ] + ([walking[n // 4 % len(walking)]] if n % 4 == 0 else [])


def loaders(rules: str, answers: str) -> list[list[str]]:
    """The two ways a rule file is read: validate (every problem) and run (as every other command loads it)."""
    return [["validate", rules], ["run", rules, "--answers", answers, "--format", "json"]]


def run_one(args: list[str]) -> tuple[int, str]:
    """main(args) in this process: its exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as e:  # argparse, on a usage error
            code = int(e.code or 0)
    return code, out.getvalue() + err.getvalue()


def check(args: list[str], code: int, shown: str, path: str, text: str) -> list[str]:
    """What is wrong with one command's ending; empty when it ended cleanly."""
    wrong = []
    if code not in (0, 1, 2):
        wrong.append(f"exit {code}")
    if "Traceback" in shown or "internal error" in shown:
        wrong.append(
            "internal error: " + next((x for x in shown.splitlines() if "internal error" in x or "Error" in x), "")
        )
    starts = line_starts(text)
    for m in LOCATED.finditer(shown):
        if m["path"] != path:
            continue
        line, col = int(m["line"]), int(m["col"])
        if not 1 <= line <= len(starts):
            wrong.append(f"line {line} outside the file ({len(starts)} lines): {shown[m.start() :].splitlines()[0]}")
            continue
        end = starts[line] if line < len(starts) else len(text)
        if not 1 <= col <= end - starts[line - 1] + 1:
            wrong.append(f"column {col} outside line {line}: {shown[m.start() :].splitlines()[0]}")
    return [f"{' '.join(args)}: {w}" for w in wrong]


def fuzz(seed: int, count: int, keep: Path | None = None, log: Callable[[str], None] = print) -> list[str]:
    """Run count mutants made from seed; every failure, as one line each."""
    rng = random.Random(seed)
    original = Path(bundled_rules()).read_bytes()
    failures: list[str] = []
    previous = budget.MAX_STATES
    budget.MAX_STATES = 300  # a still-valid mutant stops its analysis quickly; the budget path is exercised too
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            answers, emergency, cases = folder / "answers.yaml", folder / "emergency.yaml", folder / "cases.yaml"
            answers.write_text(NOTHING_REPORTED, encoding="utf-8")
            emergency.write_text(EMERGENCY, encoding="utf-8")
            cases.write_text(
                Path(bundled_rules()).with_name("mmn.cases.yaml").read_text(encoding="utf-8"), encoding="utf-8"
            )
            for n in range(count):
                data = original
                for _ in range(rng.choice([1, 1, 2, 3])):
                    data = mutate(rng, data)
                rules = folder / f"mutant-{n}.yaml"
                rules.write_bytes(data)
                text = data.decode("utf-8", "replace")
                found: list[str] = []
                codes = []
                for args in loaders(str(rules), str(answers)):
                    code, shown = run_one(args)
                    codes.append(code)
                    found += check(args, code, shown, str(rules), text)
                # A file every loader refuses is refused the same way by the rest: they run on valid ones only.
                if 0 in codes:
                    for args in commands(n, str(rules), str(answers), str(emergency), str(cases), str(folder / "o.md")):
                        code, shown = run_one(args)
                        found += check(args, code, shown, str(rules), text)
                if found and keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / rules.name).write_bytes(data)
                failures += [f"mutant {n}: {f}" for f in found]
                for f in found:
                    log(f"mutant {n}: {f}")
                rules.unlink()
    finally:
        budget.MAX_STATES = previous
    return failures


def main_fuzz(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--mutants", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="save each failing mutant in this folder")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    failures = fuzz(args.seed, args.mutants, args.keep)
    seconds = time.perf_counter() - start
    print(f"{args.mutants} mutants (seed {args.seed}), {len(failures)} failures, {seconds:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main_fuzz())
