"""SIGTERM and SIGHUP during a run in a real pseudo-terminal: stopped as Ctrl-C stops, and the terminal restored."""

from __future__ import annotations

import os
import re
import shlex
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import MINI

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
DOWN, SPACE, ENTER = "\x1b[B", " ", "\r"


def selfcheck_pid(shell: pexpect.spawn) -> int:
    """The selfcheck process the shell started (Linux: the shell's only child)."""
    with open(f"/proc/{shell.pid}/task/{shell.pid}/children", encoding="ascii") as f:
        return int(f.read().split()[0])


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["TERM", "HUP"])
@pytest.mark.parametrize("where", ["checkbox", "select", "plain"])
def test_a_stopping_signal_stops_like_ctrl_c_and_restores_the_terminal(
    tmp_path: Path, signum: int, code: int, where: str
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINI, encoding="utf-8")
    args = ["-m", "selfcheck", "run", "--rules", str(rules)] + (["--plain"] if where == "plain" else [])
    # Under a shell, so the terminal's modes can be read once selfcheck has gone.
    script = f"{shlex.join([sys.executable, *args])}; echo EXIT=$?; stty -a"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color", PYTHONPATH=str(ROOT), COLUMNS="100")
    child = pexpect.spawn(
        "/bin/sh", ["-c", script], cwd=str(tmp_path), env=env, dimensions=(40, 100), encoding="utf-8", timeout=15
    )
    child.expect("Tick all that apply|Type the numbers")
    if where == "select":
        child.send(DOWN * 2 + SPACE + ENTER)
        child.expect_exact("Choose one")
    os.kill(selfcheck_pid(child), signum)
    child.expect_exact("Stopped. Nothing was saved.")
    child.expect(r"EXIT=(\d+)")
    status = int(child.match.group(1))
    child.expect(pexpect.EOF)
    modes: str = child.before
    child.close()
    assert status == code
    # Cooked mode again: line editing and echo on, as before selfcheck started.
    assert re.search(r"(?<![-\w])icanon\b", modes) and re.search(r"(?<![-\w])echo\b", modes), modes
    assert "Traceback" not in modes
    assert list(tmp_path.iterdir()) == [rules]
