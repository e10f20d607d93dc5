"""Mutation testing (mutmut) of engine, conditions, loader and analysis, one module at a time, with figures.

    .venv/bin/pip install -e '.[test,mutation]'
    nice -n 10 .venv/bin/python tools/mutate.py [MODULE ...] [--list] [--diffs]
    nice -n 10 .venv/bin/python tools/mutate.py MODULE --survivors [--only NAME ...] [--only-from FILE]

Each module is mutated in its own scratch copy of the checkout (build/mutation/MODULE, git-ignored) with
only the test files that cover it (never the slow, pty, browser or child tests), one worker
(SELFCHECK_MUTATE_JOBS=N for N). The script prints, per module, the mutants killed, survived, timed out and
not covered, the total percentage killed, and every survivor (with --diffs, its diff). docs/mutation.md keeps
the figures and why each survivor is left.
CI does not run this: a module takes minutes.
"""

from __future__ import annotations

import argparse
import fnmatch
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
FAST = "not slow and not pty and not browser and not child"
# One worker unless SELFCHECK_MUTATE_JOBS says more: a timeout's limit is set from the unmutated run, so workers
# competing for the cores can turn a slow mutant into a timeout, which is counted as killed.
JOBS = os.environ.get("SELFCHECK_MUTATE_JOBS", "1")

# Each module's fast test files come in two tiers: the first, the files written for it (quick, run on every
# mutant); the second, every other fast test file that reaches it (the whole command line, the API, the sign-off,
# the languages), run only on the first tier's survivors. A mutant the first tier kills, the two together kill
# too, so the figures are those of one run over both tiers, in a fraction of its time.
LOADER_FIRST = (
    "tests/rulefile/test_loader.py",
    "tests/rulefile/test_loader_places.py",
    "tests/rulefile/test_sourcemap.py",
    "tests/rulefile/test_strict_yaml.py",
    "tests/rulefile/test_schema.py",
    "tests/model/test_ruleset.py",
    "tests/test_hostile_positions.py",
    "tests/test_hostile_injection.py",
)
LOADER_WIDER = (
    "tests/rulefile/test_sign.py",
    "tests/test_languages.py",
    "tests/analysis/test_requirements.py",
    "tests/test_certainty.py",
    "tests/test_api.py",
    "tests/cli/test_main.py",
)
# The reading of any file (size, encoding, strict YAML, positions) is tested where a hostile file is refused.
RULEFILE_FIRST = (
    *LOADER_FIRST,
    "tests/rulefile/test_file_text.py",
    "tests/test_hostile.py",
    "tests/test_hostile_io.py",
    "tests/cli/test_rule_file.py",
)
RULEFILE_WIDER = (
    *LOADER_WIDER,
    "tests/test_properties.py",
    "tests/test_fuzz.py",
    "tests/test_errors.py",
    "tests/test_hostile_output.py",
    "tests/engine/test_answers.py",
    "tests/test_hostile_answers.py",
)
ANALYSIS_FIRST = (
    "tests/analysis/test_space.py",
    "tests/analysis/test_analysis.py",
    "tests/analysis/test_requirements.py",
    "tests/analysis/test_registry.py",
)
ANALYSIS_WIDER = (
    "tests/analysis/test_after_certain.py",  # its brute-force oracle takes 12 s: too slow for every mutant
    "tests/analysis/test_counting_oracle.py",
    "tests/analysis/test_cache.py",
    "tests/analysis/test_diff.py",
    "tests/analysis/test_wording.py",
    "tests/test_certainty.py",
    "tests/test_hostile_budget.py",
    "tests/test_api.py",
    "tests/cli/test_main.py",
)

# The walks' own tests: the joint walk of two files (the diff) and of one file where one side has stopped while
# the other asks (the counting oracle's lowered pairs) are met only there.
WALKS_FIRST = (*ANALYSIS_FIRST, "tests/analysis/test_diff.py", "tests/analysis/test_counting_oracle.py")
WALKS_WIDER = tuple(f for f in ANALYSIS_WIDER if f not in WALKS_FIRST)

# The diagrams' quick tests, and their hypothesis oracles (walks and brute force against the diagrams: slow).
SYMBOLIC_FIRST = (
    "tests/analysis/symbolic/test_symbolic_encoding.py",
    "tests/analysis/symbolic/test_symbolic_paths.py",
    "tests/analysis/symbolic/test_symbolic_backend.py",
    "tests/analysis/symbolic/test_symbolic_budget.py",
    "tests/analysis/symbolic/test_symbolic_native.py",
    "tests/analysis/symbolic/test_symbolic_upward.py",
)
SYMBOLIC_ORACLE = "tests/analysis/symbolic/test_symbolic_oracle.py"

# module -> (its files, space-separated, the first tier of test files, the second tier); figures are per file
TARGETS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "conditions": (
        "selfcheck/model/conditions.py",
        ("tests/model/test_conditions.py", "tests/engine/test_flow.py"),
        ("tests/rulefile/test_loader.py", "tests/model/test_english.py", "tests/test_certainty.py"),
    ),
    # The conditions in plain English, as clinicians read them in the review, the explanation and the diagrams.
    "english": (
        "selfcheck/model/english.py",
        ("tests/model/test_english.py", "tests/render/test_phrases.py"),
        ("tests/render/test_explain.py", "tests/render/test_review.py", "tests/render/test_diagram.py"),
    ),
    "engine": (
        "selfcheck/engine/flow.py",
        (
            "tests/engine/test_flow.py",
            "tests/test_certainty.py",
            "tests/engine/test_session.py",
            "tests/engine/test_answers.py",
        ),
        ("tests/test_api.py", "tests/analysis/test_analysis.py"),
    ),
    # rulefile/loader.py and the three modules split out of it (issue 14): the loader as measured before.
    "loader": (
        "selfcheck/rulefile/loader.py selfcheck/rulefile/read_metadata.py selfcheck/rulefile/condition_names.py "
        "selfcheck/rulefile/read_rules.py",
        LOADER_FIRST,
        LOADER_WIDER,
    ),
    # Since issue 14's point 2 the loader's located checks of the file's shape come from one spec (spec.py, its
    # kinds in kinds.py), read by specread.py over the strict YAML reader's nodes and source map.
    "rulefile": (
        "selfcheck/rulefile/spec.py selfcheck/rulefile/specread.py selfcheck/rulefile/kinds.py "
        "selfcheck/rulefile/reader.py selfcheck/rulefile/strict_yaml.py selfcheck/rulefile/sourcemap.py "
        "selfcheck/rulefile/yaml_nodes.py selfcheck/rulefile/yaml_syntax.py selfcheck/rulefile/file_text.py",
        RULEFILE_FIRST,
        RULEFILE_WIDER,
    ),
    "space": (
        "selfcheck/engine/space.py selfcheck/engine/classes.py selfcheck/engine/effects.py",
        ANALYSIS_FIRST,
        ANALYSIS_WIDER,
    ),
    "walks": ("selfcheck/analysis/walks.py selfcheck/analysis/joint.py", WALKS_FIRST, WALKS_WIDER),
    "partial": (
        "selfcheck/model/partial.py",
        ("tests/model/test_partial.py", "tests/test_certainty.py", "tests/analysis/test_space.py"),
        (),
    ),
    "requirements": ("selfcheck/analysis/requirements.py", ("tests/analysis/test_requirements.py",), ANALYSIS_FIRST),
    # The orchestration also chooses the method and stops or refuses a walk: those tests are its own too. Its
    # diagrams' path (by_diagrams.py) and its result (outcome.py) were split out of orchestrate.py (issue 14).
    "analysis": (
        "selfcheck/analysis/orchestrate.py selfcheck/analysis/by_diagrams.py selfcheck/analysis/outcome.py "
        "selfcheck/analysis/context.py",
        (
            *ANALYSIS_FIRST,
            "tests/analysis/test_stopped_outcomes.py",
            "tests/analysis/test_analysis_collections.py",
            "tests/analysis/symbolic/test_symbolic_backend.py",
            "tests/analysis/symbolic/test_symbolic_budget.py",
        ),
        (*ANALYSIS_WIDER, SYMBOLIC_ORACLE),
    ),
    # The wording and reading-age checks have their own test file (quick: 1.4 s).
    "checks": (
        "selfcheck/analysis/checks/*",
        (*ANALYSIS_FIRST, "tests/analysis/test_wording.py"),
        tuple(f for f in ANALYSIS_WIDER if f != "tests/analysis/test_wording.py"),
    ),
    # The diagrams (needs dd, in the test extra). The first tier is their quick tests (about 1 s a file); the
    # walk-vs-diagrams and brute-force hypothesis oracles (about 10 s where a mutant reaches them) are in
    # test_symbolic_oracle.py, run on the first tier's survivors with the analysis' own tests.
    "symbolic": (
        "selfcheck/analysis/symbolic/*",
        SYMBOLIC_FIRST,
        (SYMBOLIC_ORACLE, *ANALYSIS_FIRST),
    ),
    # When emergency advice is certain and the questions stop (safety-critical): its own tests and the engine's.
    "certainty": (
        "selfcheck/engine/certainty.py",
        ("tests/test_certainty.py", "tests/engine/test_flow.py"),
        ("tests/engine/test_session.py", "tests/engine/test_answers.py", "tests/test_api.py"),
    ),
    # An answers file read and followed, the gaps in it, and one question at a time. (Not test_hostile.py: its
    # junk-on-a-pipe test fails under mutmut's trampolines, so the second tier could not start.)
    "answers": (
        "selfcheck/engine/answers.py selfcheck/engine/gaps.py selfcheck/engine/session.py",
        ("tests/engine/test_answers.py", "tests/engine/test_session.py", "tests/test_hostile_answers.py"),
        (
            "tests/test_certainty.py",
            "tests/engine/test_flow.py",
            "tests/ui/test_plain.py",
            "tests/ui/test_conversation.py",
            "tests/cases/test_casefile.py",
            "tests/interop/fhir/test_questionnaire.py",
            "tests/test_api.py",
            "tests/cli/test_main.py",
        ),
    ),
    # The rules and requirements followed along the walks, and the questions asked after a level is certain.
    "sweep": (
        "selfcheck/analysis/sweep.py selfcheck/analysis/tracking.py selfcheck/analysis/after_certain.py",
        (*ANALYSIS_FIRST, "tests/analysis/test_diff.py"),
        tuple(f for f in ANALYSIS_WIDER if f != "tests/analysis/test_diff.py"),
    ),
    # Two versions of a rule file compared, and the analysis' cache.
    "diff": (
        "selfcheck/analysis/diff.py selfcheck/analysis/changes.py selfcheck/analysis/cache.py",
        ("tests/analysis/test_diff.py", "tests/analysis/test_cache.py", "tests/analysis/test_changes.py"),
        (
            "tests/rulefile/test_sourcemap.py",
            "tests/analysis/test_requirements.py",
            "tests/cli/test_rule_file.py",
            "tests/test_hostile_budget.py",
            "tests/cli/test_main.py",
        ),
    ),
    # The analysis' budget, its registry of checks, its findings and the wording rules.
    "budget": (
        "selfcheck/analysis/budget.py selfcheck/analysis/registry.py selfcheck/analysis/findings.py "
        "selfcheck/analysis/wording.py",
        (
            "tests/analysis/test_registry.py",
            "tests/analysis/test_wording.py",
            "tests/test_hostile_budget.py",
            "tests/analysis/test_stopped_outcomes.py",
        ),
        (*ANALYSIS_FIRST, "tests/analysis/test_analysis_collections.py", "tests/cli/test_main.py"),
    ),
}

# The survivors issue 14 names, written by hand (mutmut's operators do not make the first): each must fail
# the module's tests. (module, what the mutant does, the text replaced, its replacement)
NAMED: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "engine",
        "selfcheck/engine/flow.py",
        "ask_if checked on the raw answers instead of the kept ones",
        "not question.ask_if.holds(kept)",
        "not question.ask_if.holds(answers)",
    ),
    (
        "conditions",
        "selfcheck/model/conditions.py",
        "Not.text() losing the brackets around an 'and'",
        "isinstance(self.item, (Test, Not))",
        "isinstance(self.item, (Test, Not, All))",
    ),
    (
        "loader",
        "selfcheck/rulefile/loader.py",
        "a one-choice question accepted",
        "0 < len(choices) < 2",
        "0 < len(choices) < 1",
    ),
    (
        "analysis",
        "selfcheck/analysis/checks/dead_rule.py",
        "a dead rule at level none not reported",
        "if not covered.fires:",
        "if not covered.fires and rule.level != 'none':",
    ),
    (
        "analysis",
        "selfcheck/analysis/checks/red_flag.py",
        "red-flag counts ignoring class sizes",
        "ex.ways[state] * count * n",
        "ex.ways[state] * n",
    ),
)

# mutmut's exit codes of a mutant's test run, as its `results` names them
KILLED = ("killed", "timeout", "caught by type check")


def prepare(work: Path, path: str, test_files: tuple[str, ...]) -> Path:
    """A fresh scratch copy of the checkout whose pyproject.toml tells mutmut what to mutate and test."""
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
        "only_mutate": path.split(),
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


def refresh(work: Path, path: str) -> None:
    """The checkout's tests, tools, bench, rules and unmutated sources copied over a kept scratch copy.

    The mutants stay, and so does the selection of test files: mutmut resets every result when it changes, so a
    test file added to a tier since is run only by a fresh run.

    A mutated file changed in the checkout since the copy was made is said, not copied: its mutants are of the
    copy, so its figures need a fresh run.
    """
    mutated = {f for pattern in path.split() for f in ROOT.glob(pattern)}
    for source in sorted((ROOT / "selfcheck").rglob("*.py")):
        relative = source.relative_to(ROOT)
        if source in mutated:
            if (work / relative).read_text(encoding="utf-8") != source.read_text(encoding="utf-8"):
                print(f"note: {relative} changed since this run began; its mutants are of the old copy", flush=True)
            continue
        for place in (work, work / "mutants"):
            (place / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, place / relative)
    for place in (work, work / "mutants"):
        for folder in ("tests", "tools", "bench", "rules"):  # what the tests import and read
            skip = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / folder, place / folder, dirs_exist_ok=True, ignore=skip)


def tier(
    work: Path, path: str, test_files: tuple[str, ...], how: str, only: list[str] | None, among: tuple[str, ...] = ()
) -> dict[str, str]:
    """One tier's run in work: every mutant (afresh or resumed), the last run's survivors (those among the names
    or patterns given, if any), or only the ones named."""
    if how == "fresh" or not (work / "mutants").is_dir():
        prepare(work, path, test_files)
    else:
        refresh(work, path)
    if only is None and how == "survivors":
        only = [name for name, status in statuses(work).items() if status not in KILLED and chosen(name, among)]
    if only is None:
        mutmut(work, "run", "--max-children", JOBS)
    elif only:
        mutmut(work, "run", "--max-children", JOBS, *only)
    return statuses(work)


def chosen(name: str, among: tuple[str, ...]) -> bool:
    """Whether a mutant is one of the names or fnmatch patterns given (every mutant when none is given)."""
    return not among or any(fnmatch.fnmatchcase(name, pattern) for pattern in among)


def measure(module: str, diffs: bool, how: str, first_only: bool = False, among: tuple[str, ...] = ()) -> Counter[str]:
    """Run the module's mutants on the first tier of its tests, then the survivors on both tiers.

    With names or patterns given (a --survivors run), only the last run's survivors among them are run again, on
    each tier: the others keep the status they had, and are counted so in the figures."""
    path, first, wider = TARGETS[module]
    if first_only:
        wider = ()
    print(f"== {module}: {path} with {' '.join(first)}; survivors also with {' '.join(wider) or 'nothing more'}")
    found = tier(WORK / module / "first", path, first, how, None, among)
    left = [name for name, status in found.items() if status not in KILLED and chosen(name, among)]
    if among:
        print(f"{len(left)} survivors among those named, run on the second tier: {' '.join(sorted(left)) or 'none'}")
    if wider and left:
        # The second tier re-runs its own survivors too, on a resumed or --survivors run.
        wide = tier(WORK / module / "wide", path, first + wider, "fresh" if how == "fresh" else "resume", left)
        found.update({name: wide[name] for name in left})
    files = sorted({file_of(name) for name in found})
    for file in files if len(files) > 1 else ():
        summary(file, Counter(status for name, status in found.items() if file_of(name) == file))
    counts = Counter(found.values())
    summary(module, counts)
    for name, status in sorted(found.items()):
        if status not in KILLED:
            print(f"  {status}: {name}")
            if diffs:
                work = WORK / module / ("wide" if wider else "first")
                print(mutmut(work, "show", name))
    return counts


def file_of(mutant: str) -> str:
    """The module a mutant is in: selfcheck.analysis.context for selfcheck.analysis.context.x_level_of__mutmut_1."""
    return re.split(r"\.x[_\u01c1]", mutant, maxsplit=1)[0]


def summary(what: str, counts: Counter[str]) -> None:
    killed, whole = sum(counts[s] for s in KILLED), sum(counts.values())
    others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s != "killed")
    print(f"{what}: {killed}/{whole} killed ({percent(killed, whole)}){'; ' + others if others else ''}", flush=True)


def named() -> int:
    """Each hand-written mutant in a scratch copy, with the first tier of its module's tests: how many they kill."""
    work = WORK / "named"
    killed = 0
    for module, path, what, old, new in NAMED:
        test_files = TARGETS[module][1]
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
    parser.add_argument("--first", action="store_true", help="only the first tier (its survivors are then left)")
    ways = parser.add_mutually_exclusive_group()
    ways.add_argument("--resume", action="store_true", help="go on with a stopped run (tests, unmutated code afresh)")
    ways.add_argument("--survivors", action="store_true", help="re-run only the last run's survivors on the tests now")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="with --survivors: only these mutants")
    parser.add_argument(
        "--only-from", type=Path, metavar="FILE", help="with --survivors: only the mutants named in FILE, one a line"
    )
    args = parser.parse_args(argv)
    among = tuple(args.only)
    if args.only_from:
        lines = args.only_from.read_text(encoding="utf-8").splitlines()
        among += tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    if (args.only or args.only_from) and not args.survivors:
        parser.error("--only and --only-from restrict a --survivors run")
    if (args.only or args.only_from) and not among:
        parser.error("--only-from: the file names no mutant")
    unknown = [m for m in args.modules if m not in TARGETS]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}: choose from {', '.join(TARGETS)}")
    if args.list:
        for module, (path, first, wider) in TARGETS.items():
            print(f"{module}: {path} <- {' '.join(first)}; survivors also <- {' '.join(wider) or 'nothing more'}")
        return 0
    if args.named:
        return named()
    total: Counter[str] = Counter()
    for module in args.modules or TARGETS:
        how = "resume" if args.resume else "survivors" if args.survivors else "fresh"
        total += measure(module, args.diffs, how, args.first, among)
    killed, whole = sum(total[s] for s in KILLED), sum(total.values())
    print(f"total: {killed}/{whole} killed ({percent(killed, whole)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
