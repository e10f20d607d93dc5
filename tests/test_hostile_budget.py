"""A rule file too large to analyze: `analyze` and `review` stop at a budget with a clear message, never MemoryError."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from analysis_files import BASE
from generators import interlocked, wide_rules

from selfcheck.analysis import budget, orchestrate
from selfcheck.analysis.budget import Budget
from selfcheck.cli.main import main
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset

ROOT = Path(__file__).resolve().parent.parent
STOPPED = "the analysis stopped at its limit: {}; it cannot check every answer set of this file yet"
NOT_CHECKED = "not checked: {} (the analysis stopped at its limit first)"
# The families of properties analyze reports, in its order, for a run that walked nothing.
NONE_CHECKED = [
    NOT_CHECKED.format(family)
    for family in (
        "gap-free",
        "monotonicity",
        "the requirements",
        "red flags",
        "reachability of every question and rule",
        "the bounds on the questions asked after a level is certain",
        "the engine's agreement with the counts",
    )
]
NO_WALK = "unread-choice, wording, reading-age, metadata, signoff"  # the checks that need no walk
WALKS = (
    "gap, unreachable-question, red-flag, after-certain, monotonicity, dead-rule, shadowed-rule, no-crash, requirement"
)


def stopped_before_any_walk(path: Path, why: str) -> list[str]:
    """analyze's lines, but the summary, for the wide file stopped before its first walk finished."""
    return [
        f"{path}: error: {STOPPED.format(why)} [answer-space]",
        "warnings: 40 unread-choice (--verbose lists each)",
        f"checks finished: {NO_WALK}",
        f"checks not finished: {WALKS}",
        *NONE_CHECKED,
        "FAILED: the analysis stopped at its limit: what is not checked is not proved",
        "levels: not counted (the analysis stopped before it counted the answer space)",
    ]


@pytest.fixture(scope="module")
def wide() -> RuleSet:
    return build_ruleset(strict_yaml.parse("wide.yaml", wide_rules()))


@pytest.mark.parametrize(
    ("limits", "why"),
    [
        (Budget(max_states=2000), "more than 2,000 states of the answer space to walk"),
        (Budget(max_seconds=0), "more than 0 CPU seconds"),
        (Budget(max_memory_mb=1), "more than 1 MB of memory"),
    ],
    ids=["states", "seconds", "memory"],
)
def test_the_analysis_stops_at_each_limit_with_one_error(wide: RuleSet, limits: Budget, why: str) -> None:
    result = orchestrate.analyze(wide, limits=limits)
    assert not result.complete
    assert [(f.severity, f.check, f.message) for f in result.errors] == [("error", "answer-space", STOPPED.format(why))]
    assert budget._active is None  # the budget applies only inside that analysis


def test_the_bundled_file_is_analyzed_within_the_default_budget(bundled: RuleSet) -> None:
    assert orchestrate.analyze(bundled).complete


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The default budget made small, so the commands meet it at once; and the wide file on disk."""
    monkeypatch.setattr(budget, "MAX_STATES", 2000)
    path = tmp_path / "wide.yaml"
    path.write_text(wide_rules(), encoding="utf-8")
    return path


def test_analyze_stops_with_the_message_and_exit_1(capsys: pytest.CaptureFixture[str], small_budget: Path) -> None:
    assert main(["analyze", str(small_budget)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == stopped_before_any_walk(small_budget, "more than 2,000 states of the answer space to walk")
    assert re.fullmatch(
        rf"{re.escape(str(small_budget))}: answer sets not all counted \(2,001 states walked, 0 evaluations\) "
        r"in \d+\.\d\d s: 1 error, 40 warnings",
        out[-1],
    ), out[-1]


def coverage_section(document: str) -> list[str]:
    return document.split("\n## Coverage\n\n")[1].split("\n\n## Sign-off\n")[0].splitlines()


def test_review_writes_the_document_says_what_was_not_proved_and_exits_1(
    capsys: pytest.CaptureFixture[str], small_budget: Path
) -> None:
    assert main(["review", str(small_budget)]) == 1
    captured = capsys.readouterr()
    why = STOPPED.format("more than 2,000 states of the answer space to walk")
    assert coverage_section(captured.out) == [
        f"The whole-answer-space analysis did not finish: {why}.",
        f"Checks that finished: {NO_WALK}.",
        f"Checks not finished: {WALKS}.",
        "",
        *(f"- N{line[1:]}." for line in NONE_CHECKED),
        "- FAILED: the analysis stopped at its limit: what is not checked is not proved.",
        "",
        "Errors so far: 1 (answer-space 1).",
        "Warnings so far: 40 (unread-choice 40).",
    ]
    assert captured.err.splitlines()[-1] == f"{small_budget}: error: {why} [answer-space]"


@pytest.fixture
def part_way(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A generated file and a limit on states that the walks reach in the monotonicity check, after the gap,
    reachability, red-flag and after-certain checks have finished (the limit read off a full run's progress)."""
    path = tmp_path / "interlocked.yaml"
    path.write_text(interlocked(8), encoding="utf-8")
    seen: list[str] = []
    orchestrate.analyze(build_ruleset(strict_yaml.parse(str(path), interlocked(8))), progress=seen.append)
    at = next(line for line in seen if "(monotonicity)" in line).split("), ")[1].split(" states")[0]
    monkeypatch.setattr(budget, "MAX_STATES", int(at.replace(",", "")))
    return path


PART_WAY = [
    "checks finished: unread-choice, wording, reading-age, metadata, signoff, gap, unreachable-question, red-flag, "
    "after-certain",
    "checks not finished: monotonicity, dead-rule, shadowed-rule, no-crash, requirement",
    "proved: gap-free: every answer set with a yes to a sign or symptom reaches a rule",
    NOT_CHECKED.format("monotonicity"),
    NOT_CHECKED.format("the requirements"),
    "proved: red flags: each of 0 red-flag choices always gives at least its level",
    NOT_CHECKED.format("reachability of every question and rule"),
    NOT_CHECKED.format("the engine's agreement with the counts"),
    "FAILED: the analysis stopped at its limit: what is not checked is not proved",
]


def test_analyze_stopped_part_way_says_what_the_checks_that_finished_proved(
    capsys: pytest.CaptureFixture[str], part_way: Path
) -> None:
    assert main(["analyze", str(part_way)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{part_way}: error: the analysis stopped at its limit: more than ")
    assert out[1:-2] == ["warnings: 8 unread-choice (--verbose lists each)", *PART_WAY]
    # The answer sets were all counted: the walk that counts them had finished.
    assert out[-2] == "levels: emergency 81, urgent 1458, soon 972, routine 648, none 1296"


def test_review_stopped_part_way_says_what_was_proved_and_what_was_not(
    capsys: pytest.CaptureFixture[str], part_way: Path
) -> None:
    assert main(["review", str(part_way)]) == 1
    section = coverage_section(capsys.readouterr().out)
    assert section[1:] == [
        "Checks that finished: unread-choice, wording, reading-age, metadata, signoff, gap, unreachable-question, "
        "red-flag, after-certain.",
        "Checks not finished: monotonicity, dead-rule, shadowed-rule, no-crash, requirement.",
        "",
        "- Proved: gap-free: every answer set with a yes to a sign or symptom reaches a rule.",
        "- Not checked: monotonicity (the analysis stopped at its limit first).",
        "- Not checked: the requirements (the analysis stopped at its limit first).",
        "- Proved: red flags: each of 0 red-flag choices always gives at least its level.",
        "- Not checked: reachability of every question and rule (the analysis stopped at its limit first).",
        "- Not checked: the engine's agreement with the counts (the analysis stopped at its limit first).",
        "- FAILED: the analysis stopped at its limit: what is not checked is not proved.",
        "",
        "Errors so far: 1 (answer-space 1).",
        "Warnings so far: 8 (unread-choice 8).",
    ]


def test_the_json_of_a_stopped_analysis_lists_the_checks_that_finished(
    capsys: pytest.CaptureFixture[str], part_way: Path
) -> None:
    assert main(["analyze", str(part_way), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["stopped"] == {
        "finished": PART_WAY[0].split(": ")[1].split(", "),
        "not_finished": PART_WAY[1].split(": ")[1].split(", "),
        "reason": "limit",
    }
    assert [(c["id"], c["status"]) for c in data["checks"]] == [
        ("gap", "proved"),
        ("monotonicity", "not checked"),
        ("requirements", "not checked"),
        ("red-flags", "proved"),
        ("reachability", "not checked"),
        ("engine", "not checked"),
        ("answer-space", "FAILED"),
    ]


@pytest.mark.slow
def test_the_file_that_ran_out_of_memory_stops_cleanly_at_a_memory_budget_too_small_for_it(tmp_path: Path) -> None:
    """The issue's file (40 yes/no questions, 40 rules of 6 tests), in a fresh process, with a memory budget
    well under the about 980 MiB it needs to finish (which the default of 1024 MB allows: bench/scaling.py
    measures that run; a test does not time it)."""
    path = tmp_path / "wide.yaml"
    path.write_text(wide_rules(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "analyze", str(path), "--max-memory", "300"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert (
        first
        == f"{path}: error: the analysis stopped at its limit: more than 300 MB of memory; it cannot check every answer set of this file yet [answer-space]"
    ), first
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr


def test_diff_stops_at_the_budget_too(capsys: pytest.CaptureFixture[str], small_budget: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(wide_rules(seed=8), encoding="utf-8")
    assert main(["diff", str(old), str(small_budget)]) == 1
    why = "more than 2,000 states of the answer space to walk"
    message = (
        f"the comparison stopped at its limit ({why}): the changes are listed, but what they do to the "
        "answer sets was not worked out"
    )
    out = capsys.readouterr().out.splitlines()
    # The changes need no walk: they are listed all the same, and the impact is said to be missing.
    assert out[0] == f"changes from {old} to {small_budget}:"
    assert "impact: not worked out (the comparison stopped at its limit; see below)" in out
    assert f"{small_budget}: error: {message} [limit]" in out
    assert re.fullmatch(r"\d+ changes?; impact not worked out \(in \d+\.\d\d s\)", out[-1]), out[-1]


def test_diff_of_a_renamed_choice_gives_examples_not_an_internal_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The fuzzer's case: an example answer with a choice only the old file has crashed the engine (exit 3)."""
    from conftest import MINI

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(MINI, encoding="utf-8")
    new.write_text(MINI.replace("left", "left_side").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    captured = capsys.readouterr()
    assert "internal" not in captured.out + captured.err
    assert f"{new}: error: " in captured.out and "less urgent level" in captured.out


@pytest.fixture
def wide_file(tmp_path: Path) -> Path:
    path = tmp_path / "wide.yaml"
    path.write_text(wide_rules(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("option", "why"),
    [
        (["--max-seconds", "0.001"], "more than 0.001 CPU seconds"),
        (["--max-memory", "1"], "more than 1 MB of memory"),
    ],
    ids=["seconds", "memory"],
)
def test_analyze_stops_at_the_budget_given_and_says_what_was_not_proved(
    capsys: pytest.CaptureFixture[str], wide_file: Path, option: list[str], why: str
) -> None:
    assert main(["analyze", str(wide_file), *option]) == 1
    assert capsys.readouterr().out.splitlines()[:-1] == stopped_before_any_walk(wide_file, why)


@pytest.mark.parametrize("command", ["review", "diff"])
def test_review_and_diff_take_the_budget_too(capsys: pytest.CaptureFixture[str], wide_file: Path, command: str) -> None:
    files = [str(wide_file), str(wide_file)] if command == "diff" else [str(wide_file)]
    assert main([command, *files, "--max-memory", "1"]) == 1
    captured = capsys.readouterr()
    # analyze and review say it last on stderr; diff in its findings, after the changes it could still list.
    assert "more than 1 MB of memory" in (captured.out + captured.err)


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--max-seconds", "0", "must be a positive number, not '0'"),
        ("--max-seconds", "soon", "must be a positive number, not 'soon'"),
        ("--max-memory", "1.5", "must be a positive whole number, not '1.5'"),
        ("--max-memory", "-3", "must be a positive whole number, not '-3'"),
    ],
)
def test_a_budget_that_is_not_a_positive_number_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], option: str, value: str, why: str
) -> None:
    assert main(["analyze", option, value]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"selfcheck analyze: error: argument {option}: {why}"


def test_the_help_says_the_limits_are_cpu_seconds_and_hold_inside_the_diagrams_which_have_no_states_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["analyze", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "stop after S seconds of CPU time (the diagrams' too, inside one operation), saying what was proved by "
        "then; the walk's default limit of 500,000 states is lifted (the diagrams have no limit on states: time "
        "and memory bound them)"
    ) in text
    assert "(default 1024; the diagrams keep within it inside one operation too)" in text


def test_a_time_limit_replaces_the_default_limit_on_states() -> None:
    import argparse

    from selfcheck.cli import limits

    given = limits.limits(argparse.Namespace(max_seconds=5.0, max_memory=None))
    assert (given.max_states, given.max_seconds, given.max_memory_mb) == (None, 5.0, budget.MAX_MEMORY_MB)
    default = limits.limits(argparse.Namespace(max_seconds=None, max_memory=100))
    assert (default.max_states, default.max_seconds, default.max_memory_mb) == (budget.MAX_STATES, None, 100)


def test_no_progress_is_shown_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], wide_file: Path
) -> None:
    assert main(["analyze", str(wide_file), "--max-seconds", "0.001"]) == 1
    assert "analysing" not in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_overwrites_one_line_and_blanks_it_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from selfcheck.cli import limits

    monkeypatch.setattr(limits, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(limits, "PROGRESS_EVERY", 0.0)
    stream = _Terminal()
    progress = limits.Progress(stream)
    progress("check 1 of 9 (gap), 4,096 states walked, 0 s")
    progress("check 2 of 9 (red-flag), 8,192 states walked, 1 s")
    progress.done()
    first = "selfcheck: analysing: check 1 of 9 (gap), 4,096 states walked, 0 s"
    second = "selfcheck: analysing: check 2 of 9 (red-flag), 8,192 states walked, 1 s"
    assert stream.getvalue() == f"\r{first}\r{second.ljust(len(first))}\r{' ' * len(second)}\r"


def test_the_analysis_reports_progress_for_each_check() -> None:
    seen: list[str] = []
    orchestrate.analyze(build_ruleset(strict_yaml.parse("base.yaml", BASE)), progress=seen.append)
    walking = [c.ID for c in orchestrate.CHECKS if c.WALKS]
    named = [line.split(" (", 1)[1].split(")", 1)[0] for line in seen]
    assert list(dict.fromkeys(named)) == walking
    assert seen[0] == f"check 1 of {len(walking)} (gap), 0 states walked, 0 s"


@pytest.mark.pty
def test_a_long_run_in_a_terminal_shows_progress_on_stderr(wide_file: Path) -> None:
    import pexpect

    child = pexpect.spawn(
        sys.executable,
        # The walk's progress and its stop (the diagrams' budget is checked between diagram operations only).
        ["-m", "selfcheck", "analyze", str(wide_file), "--max-seconds", "3", "--method", "walk"],
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"},
        encoding="utf-8",
        timeout=60,
    )
    child.expect_exact("selfcheck: analysing: check 1 of ")
    child.expect_exact("more than 3 CPU seconds")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_the_json_review_of_a_stopped_analysis_says_what_finished_and_what_each_family_shows(
    capsys: pytest.CaptureFixture[str], part_way: Path
) -> None:
    assert main(["review", str(part_way), "--format", "json"]) == 1
    coverage = json.loads(capsys.readouterr().out)["coverage"]
    assert coverage["stopped"].startswith("the analysis stopped at its limit: more than ")
    assert coverage["finished"] == PART_WAY[0].split(": ")[1].split(", ")
    assert coverage["not_finished"] == PART_WAY[1].split(": ")[1].split(", ")
    assert [f"{family['status']}: {family['message']}" for family in coverage["families"]] == PART_WAY[2:]
