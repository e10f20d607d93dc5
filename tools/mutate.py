"""Mutation testing (mutmut) of engine, conditions, loader and analysis, one module at a time, with figures.

    .venv/bin/pip install -e '.[test,mutation]'
    nice -n 10 .venv/bin/python tools/mutate.py [MODULE ...] [--list] [--diffs]

Each module is mutated in its own scratch copy of the checkout (build/mutation/MODULE, git-ignored) with
only the test files that cover it (never the slow, pty or browser tests), one worker. The script prints,
per module, the mutants killed, survived, timed out and not covered, the total percentage killed, and
every survivor (with --diffs, its diff). docs/mutation.md keeps the figures and why each survivor is left.
CI does not run this: a module takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
FAST = "not slow and not pty and not browser"

# module (as mutmut names it) -> (its file, the test files that cover it)
TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "conditions": ("selfcheck/model/conditions.py", ("tests/model/test_conditions.py", "tests/engine/test_flow.py")),
    "engine": (
        "selfcheck/engine/flow.py",
        (
            "tests/engine/test_flow.py",
            "tests/test_certainty.py",
            "tests/engine/test_session.py",
            "tests/engine/test_answers.py",
        ),
    ),
    "loader": (
        "selfcheck/rulefile/loader.py",
        (
            "tests/rulefile/test_loader.py",
            "tests/model/test_ruleset.py",
            "tests/analysis/test_requirements.py",
            "tests/test_certainty.py",
        ),
    ),
    "space": (
        "selfcheck/engine/space.py",
        (
            "tests/analysis/test_space.py",
            "tests/analysis/test_analysis.py",
            "tests/analysis/test_requirements.py",
            "tests/analysis/test_after_certain.py",
            "tests/analysis/test_diff.py",
            "tests/test_certainty.py",
        ),
    ),
    "walks": (
        "selfcheck/analysis/walks.py",
        (
            "tests/analysis/test_space.py",
            "tests/analysis/test_analysis.py",
            "tests/analysis/test_after_certain.py",
            "tests/analysis/test_requirements.py",
        ),
    ),
    "partial": (
        "selfcheck/model/partial.py",
        ("tests/model/test_partial.py", "tests/test_certainty.py", "tests/analysis/test_space.py"),
    ),
    "requirements": ("selfcheck/analysis/requirements.py", ("tests/analysis/test_requirements.py",)),
    "analysis": (
        "selfcheck/analysis/orchestrate.py",
        (
            "tests/analysis/test_analysis.py",
            "tests/analysis/test_requirements.py",
            "tests/analysis/test_after_certain.py",
            "tests/analysis/test_wording.py",
        ),
    ),
}

# The survivors issue 14 names, written by hand (mutmut's operators do not make the first): each must fail
# the module's tests. (module, what the mutant does, the text replaced, its replacement)
NAMED: tuple[tuple[str, str, str, str], ...] = (
    (
        "engine",
        "ask_if checked on the raw answers instead of the kept ones",
        "not question.ask_if.holds(kept)",
        "not question.ask_if.holds(answers)",
    ),
    (
        "conditions",
        "Not.text() losing the brackets around an 'and'",
        "isinstance(self.item, (Test, Not))",
        "isinstance(self.item, (Test, Not, All))",
    ),
    ("loader", "a one-choice question accepted", "0 < len(choices) < 2", "0 < len(choices) < 1"),
    ("analysis", "a dead rule at level none not reported", "if not fires:", "if not fires and rule.level != 'none':"),
    ("analysis", "red-flag counts ignoring class sizes", "ex.ways[state] * count * n", "ex.ways[state] * n"),
)

# mutmut's exit codes of a mutant's test run, as its `results` names them
KILLED = ("killed", "timeout", "caught by type check")


def prepare(module: str) -> Path:
    """A fresh scratch copy of the checkout whose pyproject.toml tells mutmut what to mutate and test."""
    path, test_files = TARGETS[module]
    work = WORK / module
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # Everything the tests may read (bench/ holds the generated rule files tests import), not .git or the venv.
    skip = shutil.ignore_patterns(
        ".git", ".venv", ".*_cache", ".hypothesis", "build", "dist", "__pycache__", "*.egg-info"
    )
    shutil.copytree(ROOT, work, ignore=skip, dirs_exist_ok=True)
    also = sorted(p.name + ("/" if p.is_dir() else "") for p in work.iterdir() if p.name not in ("selfcheck", "tests"))
    config = {
        "source_paths": ["selfcheck"],
        "only_mutate": [path],
        "also_copy": also,
        "pytest_add_cli_args_test_selection": list(test_files),
        "pytest_add_cli_args": ["-m", FAST, "-p", "no:cacheprovider"],
        "use_git_change_detection": False,
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (work / "pyproject.toml").write_text(text + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return work


def mutmut(work: Path, *args: str) -> str:
    command = [sys.executable, "-m", "mutmut", *args]
    done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        raise SystemExit(f"mutmut {' '.join(args)} failed in {work}:\n{tail}")
    return done.stdout or ""


def statuses(work: Path) -> dict[str, str]:
    """Every mutant of the run in work, with its status (killed, survived, timeout, no tests, ...)."""
    found = {}
    for line in mutmut(work, "results", "--all", "true").splitlines():
        m = re.fullmatch(r"\s+(\S+): (.+)", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def measure(module: str, diffs: bool) -> Counter[str]:
    work = prepare(module)
    print(f"== {module}: {TARGETS[module][0]} with {' '.join(TARGETS[module][1])}", flush=True)
    mutmut(work, "run", "--max-children", "1")
    found = statuses(work)
    counts = Counter(found.values())
    killed = sum(counts[s] for s in KILLED)
    others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s != "killed")
    print(f"{module}: {killed}/{len(found)} killed ({percent(killed, len(found))}){'; ' + others if others else ''}")
    for name, status in sorted(found.items()):
        if status not in KILLED:
            print(f"  {status}: {name}")
            if diffs:
                print(mutmut(work, "show", name))
    return counts


def named() -> int:
    """Each hand-written mutant in a scratch copy, with the module's test files: how many the tests kill."""
    work = WORK / "named"
    killed = 0
    for module, what, old, new in NAMED:
        path, test_files = TARGETS[module]
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", ".*cache"))
        source = (work / path).read_text(encoding="utf-8")
        if source.count(old) != 1:
            raise SystemExit(f"{path}: the text of mutant '{what}' is not there exactly once: {old}")
        (work / path).write_text(source.replace(old, new), encoding="utf-8")
        # The copy comes first on the path, before the editable install of the checkout.
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", FAST, *test_files]
        env = {**os.environ, "PYTHONPATH": str(work)}
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
        status = "killed" if done.returncode == 1 else "survived" if done.returncode == 0 else "error"
        if status == "error":
            raise SystemExit(f"pytest exited {done.returncode} on mutant '{what}':\n{done.stdout}{done.stderr}")
        killed += status == "killed"
        print(f"{module}: {status}: {what} ({path}: {old} -> {new})", flush=True)
    print(f"named: {killed}/{len(NAMED)} killed")
    return 0 if killed == len(NAMED) else 1


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "no mutants"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"any of {', '.join(TARGETS)} (default: every one)")
    parser.add_argument("--list", action="store_true", help="the modules and their test files, then stop")
    parser.add_argument("--named", action="store_true", help="only the survivors issue 14 names, by hand")
    parser.add_argument("--diffs", action="store_true", help="show each survivor's diff")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in TARGETS]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}: choose from {', '.join(TARGETS)}")
    if args.list:
        for module, (path, test_files) in TARGETS.items():
            print(f"{module}: {path} <- {' '.join(test_files)}")
        return 0
    if args.named:
        return named()
    total: Counter[str] = Counter()
    for module in args.modules or TARGETS:
        total += measure(module, args.diffs)
    killed, whole = sum(total[s] for s in KILLED), sum(total.values())
    print(f"total: {killed}/{whole} killed ({percent(killed, whole)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
