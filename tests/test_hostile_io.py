"""Hostile surroundings: odd output names, full or closed standard streams, ASCII terminals, FIFOs and devices.

Each ends in a clear message and exit 1 or 2, never an internal error (exit 3) and never a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NO_ADVICE
from hostile_files import NOTHING_REPORTED

from selfcheck.cli.main import main
from selfcheck.ui.saving import save_report

ROOT = Path(__file__).resolve().parent.parent
LONG = "x" * 300


def told(stderr: str) -> list[str]:
    """The lines on stderr but the note of which rule file a clinician's command read."""
    return [line for line in stderr.splitlines() if not line.startswith("selfcheck: read ")]


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(NOTHING_REPORTED, encoding="utf-8")
    return path


# --output NAME -> the message; the same for every command that writes a file.
OUTPUT_NAMES = {
    "empty": ("", "selfcheck: the output file name is empty; name a file to write"),
    "a folder": ("out/", "out/: names a folder (it ends in '/'); name a file to write"),
    "too long": (LONG, f"{LONG}: the file name is too long"),
    "too long in a folder": (f"sub/{LONG}", f"sub/{LONG}: the file name is too long"),
}
COMMANDS = {
    "run": ["run", "--answers", "ANSWERS"],
    "review": ["review"],
    "schema": ["schema"],
    "export": ["export"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(OUTPUT_NAMES))
def test_an_output_name_that_can_never_be_a_file_is_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Path,
    command: str,
    name: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    output, message = OUTPUT_NAMES[name]
    args = [str(answers) if a == "ANSWERS" else a for a in COMMANDS[command]]
    assert main([*args, "--output", output]) == 1
    captured = capsys.readouterr()
    assert (captured.out, told(captured.err)) == ("", [message])
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["answers.yaml", "sub"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\0b", "a\\x00b: a file name cannot contain a NUL character"),
        (LONG, f"{LONG}: the file name is too long"),
        ("report\x1b[2J.txt", None),
    ],
    ids=["a NUL", "too long", "an escape"],
)
def test_the_save_prompt_refuses_a_name_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    saved, said = save_report(name, "report\n", "en")
    if message is None:  # a legal name: saved, and shown with the escape visible, not obeyed
        assert (saved, said) == (True, f"Saved the report to {tmp_path}/report\\x1b[2J.txt.")
    else:
        assert (saved, said) == (False, message)
        assert list(tmp_path.iterdir()) == []


def selfcheck(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """Run selfcheck in a fresh process (standard streams are the point here)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "selfcheck", *args], capture_output=True, env=full_env, timeout=60, **kwargs
    )


@pytest.mark.child
@pytest.mark.parametrize("args", [["export", "--format", "fhir"], ["run", "--answers", "ANSWERS", "--format", "json"]])
def test_a_reader_that_goes_away_ends_selfcheck_quietly_with_exit_2(answers: Path, args: list[str]) -> None:
    # `selfcheck export | head -c 0`: standard output cannot be written, and nobody is left to tell.
    args = [str(answers) if a == "ANSWERS" else a for a in args]
    read, write = os.pipe()
    os.close(read)  # the reader is gone before selfcheck writes a byte
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "selfcheck", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
    finally:
        os.close(write)
    assert (proc.returncode, told(proc.stderr.decode())) == (2, [])


@pytest.mark.child
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["run", "--answers", "ANSWERS"], ["review"], ["validate"]], ids=" ".join)
def test_a_full_output_is_a_clean_error(answers: Path, args: list[str]) -> None:
    args = [str(answers) if a == "ANSWERS" else a for a in args]
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "selfcheck", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
    assert (proc.returncode, told(proc.stderr.decode())) == (
        2,
        ["selfcheck: cannot write the output: No space left on device"],
    )


@pytest.mark.child
def test_a_closed_output_is_a_clean_error(answers: Path) -> None:
    # Closing fd 1 is done by the shell in real life (`>&-`); here by a wrapper that closes it before exec.
    code = "import os, sys; os.close(1); os.execv(sys.executable, [sys.executable, '-m', 'selfcheck', *sys.argv[1:]])"
    proc = subprocess.run(
        [sys.executable, "-c", code, "run", "--answers", str(answers)],
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert (proc.returncode, proc.stderr.decode()) == (
        2,
        "selfcheck: standard output is closed, so nothing can be shown\n",
    )


@pytest.mark.child
def test_a_closed_input_ends_a_plain_run_cleanly() -> None:
    code = "import os, sys; os.close(0); os.execv(sys.executable, [sys.executable, '-m', 'selfcheck', *sys.argv[1:]])"
    proc = subprocess.run(
        [sys.executable, "-c", code, "run", "--plain"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 2
    assert (
        proc.stderr.decode().strip()
        == "Stopped: the input ended before the self-check was finished. Nothing was saved."
    )


@pytest.mark.child
@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}]
)
def test_an_ascii_only_output_shows_the_spanish_advice_with_question_marks(answers: Path, env: dict[str, str]) -> None:
    proc = selfcheck("run", "--answers", str(answers), "--lang", "es", env=env)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert b"hable con un m?dico" in proc.stdout


@pytest.mark.child
def test_non_utf8_typed_on_an_ascii_terminal_is_shown_and_asked_again() -> None:
    proc = selfcheck("run", "--plain", env={"PYTHONIOENCODING": "ascii"}, input=b"\xc3\xa9\xff\n")
    assert proc.returncode == 2
    assert b"> '???' is not one of the numbers 1 to " in proc.stdout


# Files that are not regular files: refused at once, before anything opens them (a FIFO would block for ever).
@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "args",
    [["validate", "F"], ["run", "--answers", "F"], ["run", "--rules", "F", "--answers", "ANSWERS"], ["test", "F"]],
    ids=" ".join,
)
def test_a_fifo_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], fifo: Path, answers: Path, args: list[str]
) -> None:
    args = [str(fifo) if a == "F" else str(answers) if a == "ANSWERS" else a for a in args]
    assert main(args) == 1
    captured = capsys.readouterr()
    refused = [f"{fifo}: is a FIFO (named pipe), not a regular file"]
    # An answers file refused gives no advice, and says what to do now; a rule file refused is no answers file.
    no_advice = [NO_ADVICE] if args[:2] == ["run", "--answers"] else []
    assert (captured.out, captured.err.splitlines()) == ("", refused + no_advice)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (".", "rule file 'DIR' is a directory, not a file"),
        ("fifo.yaml", "rule file 'DIR/fifo.yaml' is a FIFO (named pipe), not a regular file"),
        ("/dev/zero", "rule file '/dev/zero' is a device, not a regular file"),
        (
            "missing.yaml",
            "rule file 'DIR/missing.yaml' does not exist (a path here is relative to the case file; "
            "or name the rule file: selfcheck test RULES --cases FILE)",
        ),
    ],
)
def test_a_case_file_naming_what_is_not_a_rule_file_says_what_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fifo: Path, rules: str, message: str
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"rules: {rules}\ncases: []\n", encoding="utf-8")
    assert main(["test", str(cases)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{cases}:1:8: {message.replace('DIR', str(tmp_path))}"]
