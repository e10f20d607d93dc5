"""The rule file is named the same way on every command: RULES, optional; `--rules FILE` still works, hidden."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import MINI

from selfcheck.cli.main import COMMANDS, main

ANSWERS = "signs: [not_sure]\nweakness: yes\nside: left\n"
CASES = (
    "rules: nowhere.yaml\ndefaults: {signs: [none], weakness: 'no'}\ncases:\n  - {id: calm, answers: {}, level: none}\n"
)

# Each command that reads one rule file, with the rest of its arguments (RULES goes first or as --rules).
READERS = {
    "run": ["--answers", "answers.yaml", "--format", "json"],
    "validate": [],
    "test": [],
    "review": ["--format", "json"],
    "explain": ["--answers", "answers.yaml"],
    "export": [],
    "analyze": ["--format", "json"],
    "sign": ["--name", "Dr A. Jones", "--role", "neurologist", "--date", "2026-01-31"],
    "template": [],
    "diagram": [],
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder whose rules/mmn.yaml (what a command reads when no rule file is named) is not a rule file at all,
    beside other.yaml, a rule file with its cases: a command that reads other.yaml did not fall back."""
    monkeypatch.chdir(tmp_path)
    Path("rules").mkdir()
    Path("rules/mmn.yaml").write_text("not: [a rule file\n", encoding="utf-8")
    Path("other.yaml").write_text(MINI, encoding="utf-8")
    Path("other.cases.yaml").write_text(CASES, encoding="utf-8")
    Path("answers.yaml").write_text(ANSWERS, encoding="utf-8")
    return tmp_path


def run_fresh(folder: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The exit code and output of one command, other.yaml rewritten first (sign changes it), times left out."""
    Path("other.yaml").write_text(MINI, encoding="utf-8")
    code = main(args)
    out, err = capsys.readouterr()
    return code, re.sub(r'(?<="seconds": )[0-9.]+| in [0-9.]+ s:', "TIME", out), err


def test_every_command_that_reads_a_rule_file_is_listed_here() -> None:
    assert set(COMMANDS) - set(READERS) == {"schema", "diff"}  # schema reads none; diff reads OLD and NEW


@pytest.mark.parametrize("command", READERS)
def test_every_command_reads_the_rule_file_named_as_rules(
    folder: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = run_fresh(folder, [command, "other.yaml", *READERS[command]], capsys)
    assert (code, "rules/mmn.yaml" in out + err) == (0, False)
    if command not in ("run", "sign"):  # run names a file that is not the bundled one only in its introduction
        assert "other.yaml, version 1.0 (not the bundled copy)" in out + err


@pytest.mark.parametrize("command", READERS)
def test_the_older_rules_option_still_names_it_on_every_command(
    folder: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    given = run_fresh(folder, [command, "other.yaml", *READERS[command]], capsys)
    assert run_fresh(folder, [command, *READERS[command], "--rules", "other.yaml"], capsys) == given


@pytest.mark.parametrize("command", sorted(set(READERS) - {"validate", "test"}))
def test_a_rule_file_named_both_ways_is_a_usage_error(
    folder: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = run_fresh(folder, [command, "other.yaml", "--rules", "other.yaml", *READERS[command]], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"selfcheck {command}: error: the rule file is named twice (RULES and --rules); name it once"
    )


@pytest.mark.parametrize("command", READERS)
def test_the_help_shows_rules_and_not_the_older_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    usage = out.split("\n\n")[0]
    assert usage.endswith("[RULES ...]" if command in ("validate", "test") else "[RULES]")
    assert "--rules" not in out


@pytest.mark.parametrize(
    "args",
    [["other.yaml", "--rules", "other.yaml"], ["--rules", "other.yaml", "other.yaml"], ["a.yaml", "--rules", "b.yaml"]],
    ids=" ".join,
)
def test_validate_refuses_rule_files_named_both_ways(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    # Named both ways, the same file was checked twice: it is a usage error, as for the commands that take one.
    assert main(["validate", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == (
        "selfcheck validate: error: the rule files are named both as RULES and with --rules; name them all as RULES"
    )


@pytest.mark.parametrize("args", [["other.yaml", "mine.yaml"], ["--rules", "other.yaml", "--rules", "mine.yaml"]])
def test_validate_checks_each_rule_file_named_one_way(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    Path("mine.yaml").write_text(Path("other.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["validate", *args]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "other.yaml, version 1.0 (not the bundled copy): ok (3 questions, 3 rules)",
        "mine.yaml, version 1.0 (not the bundled copy): ok (3 questions, 3 rules)",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["test", "other.yaml"],
        ["test", "other.yaml", "--cases", "other.cases.yaml"],
        ["test", "--cases", "other.cases.yaml", "--rules", "other.yaml"],
        ["test", "--rules", "other.yaml", "other.cases.yaml"],  # how scripts named them before RULES
    ],
    ids=" ".join,
)
def test_test_runs_the_cases_beside_the_rule_file_or_those_named(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "other.cases.yaml: 1 case against other.yaml, version 1.0 (not the bundled copy)"
    )


def test_test_with_case_files_alone_runs_each_against_the_rule_file_it_names(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("mine.cases.yaml").write_text(CASES.replace("nowhere.yaml", "other.yaml"), encoding="utf-8")
    for args in (["test", "mine.cases.yaml"], ["test", "--cases", "mine.cases.yaml"]):
        assert main(args) == 0
        assert capsys.readouterr().out.splitlines()[0] == (
            "mine.cases.yaml: 1 case against other.yaml, version 1.0 (not the bundled copy)"
        )


def test_test_of_a_rule_file_with_no_cases_beside_it_says_where_it_looked(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.remove("other.cases.yaml")
    assert main(["test", "other.yaml"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "other.yaml: no case file beside it (other.cases.yaml); name one with --cases FILE"
    ]


def test_test_of_several_rule_files_with_named_cases_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("second.yaml").write_text(MINI, encoding="utf-8")
    assert main(["test", "other.yaml", "second.yaml", "--cases", "other.cases.yaml"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "second.yaml: with --cases, name one rule file (each case file runs against it)"
    ]
