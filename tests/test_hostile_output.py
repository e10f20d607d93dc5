"""Writing output over hostile targets: --force replaces regular files only, and no copy is left for others."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path
from typing import Any

import pytest
from hostile_files import NOTHING_REPORTED

from selfcheck.cli.main import main


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(NOTHING_REPORTED, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def test_force_never_replaces_a_fifo(capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path) -> None:
    target = tmp_path / "out.txt"
    os.mkfifo(target)
    assert run(capsys, "run", "--answers", str(answers), "--output", str(target), "--force") == (
        1,
        "",
        [f"{target}: is a FIFO (named pipe); --force replaces only regular files"],
    )
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_force_never_replaces_a_device(capsys: pytest.CaptureFixture[str], answers: Path) -> None:
    before = os.lstat("/dev/null")
    assert run(capsys, "run", "--answers", str(answers), "--output", "/dev/null", "--force") == (
        1,
        "",
        ["/dev/null: is a device; --force replaces only regular files"],
    )
    after = os.lstat("/dev/null")
    assert (stat.S_ISCHR(after.st_mode), after.st_ino) == (True, before.st_ino)


@pytest.mark.parametrize("points_to", ["elsewhere.txt", "missing.txt"])
def test_force_never_replaces_a_symbolic_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path, points_to: str
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("theirs", encoding="utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / points_to)
    assert run(capsys, "run", "--answers", str(answers), "--output", str(link), "--force") == (
        1,
        "",
        [f"{link}: is a symbolic link; --force replaces only regular files, so name the file it points to"],
    )
    assert os.readlink(link) == str(tmp_path / points_to)
    assert elsewhere.read_text(encoding="utf-8") == "theirs"


def test_a_link_to_a_folder_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path)
    assert run(capsys, "run", "--answers", str(answers), "--output", str(link), "--force") == (
        1,
        "",
        [f"{link}: is a directory; name a file to write"],
    )


def test_force_replaces_a_regular_file_and_the_report_is_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    modes: list[int] = []
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        modes.append(stat.S_IMODE(os.stat(src).st_mode))  # the temporary file, before it takes the name
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert run(capsys, "run", "--answers", str(answers), "--output", str(target), "--force") == (
        0,
        f"Saved the result to {target}.\n",
        [],
    )
    assert modes == [0o600]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "out.txt"]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
@pytest.mark.parametrize("force", [False, True])
def test_a_stopping_signal_during_a_write_leaves_no_temporary_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    answers: Path,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    code: int,
    force: bool,
) -> None:
    target = tmp_path / "out.txt"
    if force:
        target.write_text("old", encoding="utf-8")
    real_fsync = os.fsync

    def fsync_then_signal(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signum)  # a real signal, through the handler main installs

    monkeypatch.setattr(os, "fsync", fsync_then_signal)
    args = ["run", "--answers", str(answers), "--output", str(target)] + (["--force"] if force else [])
    assert run(capsys, *args) == (code, "", ["", "Stopped. Nothing was saved."])
    assert sorted(p.name for p in tmp_path.iterdir()) == (["answers.yaml", "out.txt"] if force else ["answers.yaml"])
    if force:
        assert target.read_text(encoding="utf-8") == "old"


def test_the_signal_handlers_are_put_back_after_main() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    main(["schema", "--output", os.devnull])
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before
