"""The command line through main([...]): exit codes, messages, files."""

from __future__ import annotations

import gc
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, NO_ADVICE

from selfcheck import __version__
from selfcheck.cases.casefile import bundled_cases
from selfcheck.cli.commands.run import run_mode
from selfcheck.cli.main import main
from selfcheck.model.ruleset import RuleSet

ANSWERS = "signs: [not_sure]\nweakness: yes\nside: left\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINI, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    return {"rules": str(rules), "answers": str(answers), "dir": str(tmp_path)}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"selfcheck {__version__}\n"


def test_help_lists_commands_examples_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "selfcheck run --answers answers.yaml --format json" in out
    assert (
        "exit codes: 0 ok, 1 problems found or bad input, 2 usage or no terminal, 130 stopped;\n"
        "            3 means a bug in selfcheck itself (please report it)\n"
    ) in out


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_the_version_flag_prints_the_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([flag]) == 0
    assert capsys.readouterr().out == f"selfcheck {__version__}\n"


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--format", "pdf"]) == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["run", "--bogus"], "usage: selfcheck run [-h] [--plain | --answers FILE]"),
        (["--bogus"], "usage: selfcheck run [-h] [--plain | --answers FILE]"),
        (["validate", "--bogus"], "usage: selfcheck validate [-h] [RULES ...]"),
        (["schema", "--bogus"], "usage: selfcheck schema [-h] [--output FILE] [--force]"),
    ],
)
def test_an_unknown_option_shows_the_usage_of_its_command(
    args: list[str], usage: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(usage)
    assert err[-1] == f"selfcheck {args[0] if args[0] != '--bogus' else 'run'}: error: unrecognized arguments: --bogus"


def test_validate_the_bundled_file(capsys: pytest.CaptureFixture[str], bundled: RuleSet) -> None:
    assert main(["validate"]) == 0
    counts = f"({len(bundled.questions)} questions, {len(bundled.rules)} rules)"
    assert capsys.readouterr().out.endswith(f": ok {counts}\n")


def test_validate_prints_every_problem_and_exits_1(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    Path(files["rules"]).write_text(
        MINI.replace("status: draft", "status: drafty").replace("level: soon", "level: son")
    )
    assert main(["validate", files["rules"]]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{files['rules']}:5:11: status 'drafty' is not one of draft, active, retired (did you mean 'draft'?)",
        f"{files['rules']}:66:12: level 'son' is not one of emergency, urgent, soon, routine, none (did you mean 'soon'?)",
    ]


def test_a_broken_rule_file_is_refused_before_any_question(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    Path(files["rules"]).write_text(MINI.replace("when: signs has breathing", "when: signs has breathin"))
    assert main(["run", "--plain", "--rules", files["rules"]]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == f"{files['rules']}:52:21: question 'signs' has no choice 'breathin' (did you mean 'breathing'?)\n"
    )


def test_run_with_answers_as_text(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--rules", files["rules"], "--answers", files["answers"]]) == 0
    out = capsys.readouterr().out
    assert out.startswith("URGENT: Today.\n\nWhy:\n  - Get advice today.\n\n")
    assert "What to tell the doctor:\n  - Signs: Not sure\n  - Weakness: Yes\n  - Side: Left\n" in out


def test_run_with_answers_as_json(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--rules", files["rules"], "--answers", files["answers"], "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == "urgent"
    assert data["action"] == "Today."
    assert data["messages"] == ["Get advice today."]  # only the result's own level; "fired" has them all
    assert data["fired"] == [
        {"id": "unsure", "level": "urgent", "message": "Get advice today."},
        {"id": "weak_one_side", "level": "soon", "message": "Book an appointment."},
    ]
    assert data["answers"] == {"signs": ["not_sure"], "weakness": "yes", "side": "left"}
    assert data["ruleset"]["id"] == "mini" and data["ruleset"]["version"] == "1.0"
    assert len(data["ruleset"]["sha256"]) == 64
    assert data["safety_net"] == "Get help if worse." and data["disclaimer"] == "Not a diagnosis."


def test_the_json_answers_are_themselves_a_valid_answers_file(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["run", "--rules", files["rules"], "--answers", files["answers"], "--format", "json"])
    first = json.loads(capsys.readouterr().out)
    again = Path(files["dir"]) / "again.json"
    again.write_text(json.dumps(first["answers"]))
    main(["run", "--rules", files["rules"], "--answers", str(again), "--format", "json"])
    assert json.loads(capsys.readouterr().out) == first


def test_output_refuses_to_overwrite_without_force(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    out = Path(files["dir"]) / "report.md"
    args = [
        "run",
        "--rules",
        files["rules"],
        "--answers",
        files["answers"],
        "--format",
        "markdown",
        "--output",
        str(out),
    ]
    assert main(args) == 0
    assert out.read_text().startswith("# Mini check: result\n\n**Urgent**: Today.\n")
    out.write_text("keep me")
    assert main(args) == 1
    assert capsys.readouterr().err == f"{out}: already exists; use --force to replace it\n"
    assert out.read_text() == "keep me"
    assert main([*args, "--force"]) == 0
    assert out.read_text().startswith("# Mini check: result")


def test_bad_answers_exit_1_with_located_problems(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    Path(files["answers"]).write_text("signs: [not_sure]\nweakness: maybe\n")
    assert main(["run", "--rules", files["rules"], "--answers", files["answers"]]) == 1
    assert capsys.readouterr().err == (
        f"{files['answers']}:2:11: question 'weakness' has no choice 'maybe' (choices: yes, no, not_sure)\n"
        f"{NO_ADVICE}\n"
    )


def test_missing_rule_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such.yaml"]) == 1
    assert capsys.readouterr().err == "no/such.yaml: no such file\n"


def test_the_bundled_cases_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test"]) == 0
    cases = Path(bundled_cases()).read_text(encoding="utf-8").count("\n  - id: ")
    assert capsys.readouterr().out.splitlines()[-1] == f"{cases} passed, 0 failed"


@pytest.mark.parametrize(
    ("plain", "term", "terminal", "mode"),
    [
        (False, "xterm-256color", True, "interactive"),
        (False, "", True, "interactive"),
        (False, "dumb", True, "plain"),
        (True, "xterm", True, "plain"),
        (True, "xterm", False, "plain"),
        (False, "dumb", False, "plain"),
        (False, "xterm", False, "none"),
    ],
)
def test_run_asks_with_arrow_keys_only_in_a_terminal_that_can_show_them(
    plain: bool, term: str, terminal: bool, mode: str
) -> None:
    assert run_mode(plain, term, terminal) == mode


@pytest.mark.parametrize(
    "args",
    [["validate"], ["run", "--answers", "ANSWERS", "--rules", "RULES"], ["test"]],
    ids=["validate", "run --answers", "test"],
)
def test_only_the_arrow_key_path_imports_questionary(files: dict[str, str], args: list[str]) -> None:
    args = [files["answers"] if a == "ANSWERS" else files["rules"] if a == "RULES" else a for a in args]
    code = (
        "import sys; from selfcheck.cli.main import main; code = main(sys.argv[1:]); "
        "print(code, sorted(m for m in ('questionary', 'prompt_toolkit') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=root, timeout=60)
    assert proc.stdout.splitlines()[-1] == "0 []"


def test_an_unknown_command_is_named_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["valdate"]) == 2
    assert capsys.readouterr().err == (
        "selfcheck: unknown command 'valdate' (did you mean 'validate'?); the commands are run, validate, test, "
        "review, explain, schema, export, analyze, diff, sign, template, diagram (see selfcheck --help)\n"
    )


@pytest.mark.parametrize(
    ("name", "fmt_args", "starts", "note"),
    [
        ("r.json", [], '{\n  "level"', " in json (from its name; --format chooses another)"),
        ("r.md", [], "# ", " in markdown (from its name; --format chooses another)"),
        ("r.txt", [], "URGENT: Today.", ""),
        ("r.out", [], "URGENT: Today.", ""),
        ("r.json", ["--format", "text"], "URGENT: Today.", ""),
        ("r.md", ["--format", "json"], '{\n  "level"', ""),
    ],
)
def test_the_output_name_picks_the_format_unless_format_says_otherwise(
    files: dict[str, str], capsys: pytest.CaptureFixture[str], name: str, fmt_args: list[str], starts: str, note: str
) -> None:
    out = Path(files["dir"]) / name
    args = ["run", "--rules", files["rules"], "--answers", files["answers"], "--output", str(out), *fmt_args]
    assert main(args) == 0
    assert capsys.readouterr().out == f"Saved the result to {out}{note}.\n"
    assert out.read_text(encoding="utf-8").startswith(starts)


def test_a_fhir_response_is_read_as_answers_by_run_and_explain(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    response = Path(files["dir"]) / "response.json"
    args = [
        "run",
        "--rules",
        files["rules"],
        "--answers",
        files["answers"],
        "--format",
        "fhir",
        "--output",
        str(response),
    ]
    assert main(args) == 0
    assert json.loads(response.read_text(encoding="utf-8"))["resourceType"] == "QuestionnaireResponse"
    capsys.readouterr()
    assert main(["run", "--rules", files["rules"], "--answers", files["answers"]]) == 0
    from_answers = capsys.readouterr().out
    assert main(["run", "--rules", files["rules"], "--answers", str(response)]) == 0
    assert capsys.readouterr().out == from_answers
    assert main(["explain", "--rules", files["rules"], "--answers", str(response)]) == 0
    assert capsys.readouterr().out.startswith("Result: URGENT: Today.")


def test_a_fhir_response_for_another_rule_file_is_refused_with_its_place(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    response = Path(files["dir"]) / "response.json"
    other = "https://example.org/Questionnaire/other|1.0"
    response.write_text(json.dumps({"resourceType": "QuestionnaireResponse", "questionnaire": other}), encoding="utf-8")
    assert main(["run", "--rules", files["rules"], "--answers", str(response)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{response}:1:") and "is for" in err[0]
    assert err[-1] == NO_ADVICE


def test_a_json_file_of_another_fhir_resource_is_refused_as_one(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    patient = Path(files["dir"]) / "patient.json"
    patient.write_text('{"resourceType": "Patient", "id": "p1"}\n', encoding="utf-8")
    assert main(["run", "--rules", files["rules"], "--answers", str(patient)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{patient}:1:18: resourceType must be 'QuestionnaireResponse', not 'Patient'",
        NO_ADVICE,
    ]


def test_an_output_folder_that_does_not_exist_is_refused_before_the_answers_are_read(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = Path(files["dir"]) / "missing" / "r.txt"
    args = ["run", "--rules", files["rules"], "--answers", "no-such-answers.yaml", "--output", str(out)]
    assert main(args) == 1
    assert capsys.readouterr().err == f"{out}: folder '{out.parent}' does not exist\n"


def test_an_output_name_for_a_format_the_command_cannot_write_is_a_usage_error(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = Path(files["dir"]) / "r.html"
    assert main(["run", "--rules", files["rules"], "--answers", files["answers"], "--output", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"selfcheck run: cannot write html (from the name {out}); the formats are text, markdown, json, fhir: "
        "choose one with --format\n"
    )
    assert not out.exists()


def test_the_review_output_name_picks_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    assert main(["review", "--output", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"Saved the review to {out} in html (from its name; --format chooses another).\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("name", "starts", "note"),
    [
        ("flow.dot", "digraph flow {", " in dot (from its name; --format chooses another)"),
        ("flow.mmd", "flowchart TD", ""),
        ("flow", "flowchart TD", ""),
    ],
)
def test_the_diagram_output_name_picks_its_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, starts: str, note: str
) -> None:
    out = tmp_path / name
    assert main(["diagram", "--output", str(out)]) == 0
    assert capsys.readouterr().out == f"Saved the diagram to {out}{note}.\n"
    assert out.read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["diagram", "--output", "flow.txt"],
            "selfcheck diagram: cannot write text (from the name flow.txt); the formats are mermaid, dot, svg: "
            "choose one with --format\n",
        ),
        (
            ["export", "--output", "q.xml"],
            "selfcheck export: the Questionnaire is FHIR JSON, not what the name q.xml says: name the file .json, "
            "or give --format fhir to write JSON there anyway\n",
        ),
    ],
)
def test_an_output_name_that_says_another_format_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert capsys.readouterr().err == message
    assert list(tmp_path.iterdir()) == []


# With no FILE, a clinician in a checkout checks the file they are editing, never the installed copy.
CASES = """\
rules: mmn.yaml
cases:
  - id: weak_right
    answers: {signs: [none], weakness: "yes", side: right}
    level: soon
"""


@pytest.fixture
def edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding rules/mmn.yaml and rules/mmn.cases.yaml being edited, as the current directory."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mmn.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "rules" / "mmn.cases.yaml").write_text(CASES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


READ_HERE = "selfcheck: read rules/mmn.yaml, version 1.0 (not the bundled copy)"


def test_validate_with_no_file_checks_the_rule_file_in_this_folder(
    edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "rules/mmn.yaml, version 1.0 (not the bundled copy): ok (3 questions, 3 rules)\n"
    rules = edited / "rules" / "mmn.yaml"
    rules.write_text(MINI.replace("level: soon", "level: soonish"), encoding="utf-8")
    assert main(["validate"]) == 1
    assert capsys.readouterr().err == (
        "rules/mmn.yaml:66:12: level 'soonish' is not one of emergency, urgent, soon, routine, none (did you mean 'soon'?)\n"
    )


@pytest.mark.parametrize("command", [["review"], ["analyze"], ["export"], ["explain", "--answers", "answers.yaml"]])
def test_every_clinician_command_says_which_rule_file_it_read(
    edited: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    (edited / "answers.yaml").write_text('{signs: [none], weakness: "no"}', encoding="utf-8")
    main(command)
    assert capsys.readouterr().err.splitlines()[0] == READ_HERE


def test_test_with_no_file_runs_the_cases_in_this_folder_against_its_rules(
    edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "rules/mmn.cases.yaml: 1 case against rules/mmn.yaml, version 1.0 (not the bundled copy)"
    assert out[-1] == "1 passed, 0 failed"


def test_run_names_a_rule_file_that_is_not_the_bundled_copy_in_its_intro(
    edited: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("3\n2\n\n"))
    assert main(["run", "--plain"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "These questions and advice come from the rule file rules/mmn.yaml (version 1.0), not from the copy" in out


def test_with_no_rule_file_here_the_bundled_copy_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert "(bundled with selfcheck): ok (" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--help"], ["-V"], ["run", "--help"]])
def test_help_and_version_say_when_they_cannot_be_written(args: list[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "selfcheck", *args], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert (done.returncode, done.stderr) == (2, "selfcheck: cannot write the output: No space left on device\n")


def test_ctrl_c_stops_even_when_started_with_sigint_ignored(tmp_path: Path) -> None:
    """A shell starts a script's background jobs with SIGINT ignored; the person's Ctrl-C must still stop."""
    import signal
    import time

    # Started as a shell starts a background job (`trap '' INT`, then exec), not through preexec_fn, which
    # runs Python in a forked copy of a threaded test process and can hang there before selfcheck starts.
    command = f"trap '' INT; exec {shlex.join([sys.executable, '-m', 'selfcheck', 'run', '--plain'])}"
    child = subprocess.Popen(
        ["/bin/sh", "-c", command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert child.stdout is not None
    shown = ""
    while not shown.endswith("> "):  # the first prompt is waiting for an answer
        more = child.stdout.read(1)
        if not more:  # selfcheck ended before asking: say why, rather than wait for ever
            pytest.fail(f"no prompt; exit {child.wait()}: {child.communicate()[1]}")
        shown += more
    time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert (child.returncode, err.splitlines()[-1]) == (130, "Stopped. Nothing was saved.")


def test_a_command_run_in_process_leaves_the_collector_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    before = gc.get_threshold()
    assert main(["schema"]) == 0
    assert gc.get_threshold() == before
    assert capsys.readouterr().out.startswith("{")


def test_only_selfcheck_s_own_process_skips_the_collection_at_exit() -> None:
    # main() with no argv is the console script's call: its process leaves out the collector's pass at exit
    # (selfcheck/model/records.py, hack 4); a program calling main([...]) in its own process keeps it.
    code = (
        "import atexit, contextlib, gc, io, sys\n"
        "from selfcheck.cli.main import main\n"
        "registered = []\n"
        "atexit.register = lambda f, *a: registered.append(f)\n"
        "sys.argv = ['selfcheck', 'schema']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['schema'])\n"
        "    first = gc.freeze in registered\n"
        "    main()\n"
        "print(first, gc.freeze in registered)\n"
    )
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert run.stdout == "False True\n"
