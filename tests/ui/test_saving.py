"""Writing reports: atomic, never over a file without --force, and nothing half-written whatever fails.

Tests run as root here, where chmod stops nothing, so refusals by the system are simulated with monkeypatch.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hostile_files import NOTHING_REPORTED

from selfcheck.cli.main import main
from selfcheck.engine.flow import evaluate
from selfcheck.errors import SelfcheckError
from selfcheck.model.ruleset import RuleSet
from selfcheck.ui import saving
from selfcheck.ui.saving import offers_save, refuse_existing, report_name, save_report, write_new

ANSWERS = NOTHING_REPORTED


def problem(path: Path, text: str = "report\n", force: bool = False) -> str:
    with pytest.raises(SelfcheckError) as info:
        write_new(str(path), text, force)
    return "\n".join(str(p) for p in info.value.problems)


def raiser(error: BaseException) -> Any:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


def test_a_new_file_is_written_whole_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    write_new(str(target), "# Result\nsoon\n")
    assert target.read_text(encoding="utf-8") == "# Result\nsoon\n"
    assert list(tmp_path.iterdir()) == [target]


def test_an_existing_file_is_never_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    target.write_text("theirs", encoding="utf-8")
    assert problem(target) == f"{target}: already exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "theirs"
    assert list(tmp_path.iterdir()) == [target]


def test_force_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    target.write_text("old", encoding="utf-8")
    write_new(str(target), "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert list(tmp_path.iterdir()) == [target]


def test_a_dangling_symbolic_link_counts_as_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    target.symlink_to(tmp_path / "elsewhere.md")
    assert problem(target) == f"{target}: already exists; use --force to replace it"
    assert not (tmp_path / "elsewhere.md").exists()


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert problem(tmp_path) == f"{tmp_path}: is a directory; name a file to write"


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "result.md"
    assert problem(target) == f"{target}: folder '{tmp_path / 'missing'}' does not exist"
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_gives_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", raiser(PermissionError(errno.EACCES, "Permission denied")))
    target = tmp_path / "result.md"
    assert problem(target) == f"{target}: cannot write: Permission denied"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("where", "force"), [("fsync", False), ("fsync", True), ("replace", True)])
def test_a_full_disk_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, force: bool
) -> None:
    target = tmp_path / "result.md"
    if force:
        target.write_text("theirs", encoding="utf-8")
    monkeypatch.setattr(os, where, raiser(OSError(errno.ENOSPC, "No space left on device")))
    assert problem(target, force=force) == f"{target}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == ([target] if force else [])
    if force:
        assert target.read_text(encoding="utf-8") == "theirs"


def test_a_full_disk_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, *args: Any, **kwargs: Any) -> None:
            self.file = real_fdopen(fd, *args, **kwargs)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            self.file.write(text[: len(text) // 2])
            self.file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    target = tmp_path / "result.md"
    assert problem(target, "x" * 10_000) == f"{target}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_an_interruption_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", raiser(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_new(str(tmp_path / "result.md"), "report")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_clobbered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "result.md"
    real_link = os.link

    def racing_link(src: str, dst: Path) -> None:
        target.write_text("theirs", encoding="utf-8")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    assert problem(target) == f"{target}: already exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "theirs"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("code", [errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS])
def test_without_hard_links_the_file_is_still_written_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    monkeypatch.setattr(os, "link", raiser(OSError(code, os.strerror(code))))
    target = tmp_path / "result.md"
    write_new(str(target), "report")
    assert target.read_text(encoding="utf-8") == "report"
    assert list(tmp_path.iterdir()) == [target]


def test_without_hard_links_a_file_that_appears_meanwhile_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "result.md"

    def no_link(src: str, dst: Path) -> None:
        target.write_text("theirs", encoding="utf-8")
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    assert problem(target) == f"{target}: already exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "theirs"
    assert list(tmp_path.iterdir()) == [target]


def test_without_hard_links_a_failed_rename_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", raiser(OSError(errno.EPERM, "Operation not permitted")))
    monkeypatch.setattr(os, "replace", raiser(OSError(errno.EIO, "Input/output error")))
    target = tmp_path / "result.md"
    assert problem(target) == f"{target}: cannot write: Input/output error"
    assert list(tmp_path.iterdir()) == []


def test_refuse_existing_refuses_a_file_or_a_dangling_link_unless_forced(tmp_path: Path) -> None:
    link, file = tmp_path / "link.md", tmp_path / "file.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    file.write_text("old", encoding="utf-8")
    with pytest.raises(SelfcheckError) as info:
        refuse_existing(str(link))
    assert [str(p) for p in info.value.problems] == [f"{link}: already exists; use --force to replace it"]
    refuse_existing(str(file), force=True)
    refuse_existing(str(tmp_path / "new.md"))


def test_the_suggested_report_name_is_a_new_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (report_name("text"), report_name("markdown")) == ("selfcheck-report.txt", "selfcheck-report.md")
    (tmp_path / "selfcheck-report.md").write_text("theirs", encoding="utf-8")
    assert report_name("markdown") == "selfcheck-report-2.md"


def test_save_report_writes_a_new_file_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert save_report(" report.txt ", "report\n", "en") == (True, f"Saved the report to {tmp_path / 'report.txt'}.")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "report\n"


def test_save_report_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert save_report("~/report.md", "report\n", "en") == (True, f"Saved the report to {tmp_path / 'report.md'}.")
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "report\n"


@pytest.mark.parametrize(
    ("name", "lang", "message"),
    [
        ("", "en", "Please type a file name, or press Esc to go back."),
        ("   ", "es", "Escriba un nombre de archivo, o pulse Esc para volver."),
        ("mine.txt", "en", "mine.txt already exists. selfcheck never replaces a file: please choose another name."),
        ("mine.txt", "es", "mine.txt ya existe. selfcheck nunca sustituye un archivo: elija otro nombre."),
        (".", "en", ".: is a directory; name a file to write"),
        ("missing/report.txt", "en", "missing/report.txt: folder 'missing' does not exist"),
    ],
)
def test_save_report_says_why_nothing_was_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, lang: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    assert save_report(name, "report\n", lang) == (False, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("answers", "offered"),
    [
        ({"signs": ("breathing",)}, False),
        ({"signs": ("not_sure",), "weakness": ("no",)}, True),
        ({"signs": ("none",), "weakness": ("no",)}, True),
    ],
    ids=["emergency", "urgent", "none"],
)
def test_saving_is_offered_after_every_result_but_an_emergency(
    mini: RuleSet, answers: dict[str, tuple[str, ...]], offered: bool
) -> None:
    assert offers_save(evaluate(mini, answers)) is offered


class TestThroughTheCommandLine:
    @pytest.fixture
    def answers(self, tmp_path: Path) -> Path:
        path = tmp_path / "answers.yaml"
        path.write_text(ANSWERS, encoding="utf-8")
        return path

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    def test_the_result_is_saved(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path) -> None:
        out = tmp_path / "result.json"
        assert self.run(capsys, "run", "--answers", str(answers), "--format", "json", "--output", str(out)) == (
            0,
            f"Saved the result to {out}.\n",
            "",
        )
        assert out.read_text(encoding="utf-8").startswith('{\n  "level": "')

    def test_an_existing_output_is_kept(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path
    ) -> None:
        out = tmp_path / "result.json"
        out.write_text("theirs", encoding="utf-8")
        assert self.run(capsys, "run", "--answers", str(answers), "--output", str(out)) == (
            1,
            "",
            f"{out}: already exists; use --force to replace it\n",
        )
        assert out.read_text(encoding="utf-8") == "theirs"

    def test_a_full_disk(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(os, "fsync", raiser(OSError(errno.ENOSPC, "No space left on device")))
        out = tmp_path / "result.json"
        code, printed, err = self.run(capsys, "run", "--answers", str(answers), "--output", str(out))
        assert (code, err) == (1, f"{out}: cannot write: No space left on device\n")
        assert json.loads(printed)["level"] == "none"  # the result is printed, not lost with the file
        assert sorted(tmp_path.iterdir()) == [answers]

    def test_permission_denied(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(saving.tempfile, "mkstemp", raiser(PermissionError(errno.EACCES, "Permission denied")))
        out = tmp_path / "result.json"
        code, printed, err = self.run(capsys, "run", "--answers", str(answers), "--output", str(out))
        assert (code, err) == (1, f"{out}: cannot write: Permission denied\n")
        assert json.loads(printed)["level"] == "none"  # the result is printed, not lost with the file
        assert sorted(tmp_path.iterdir()) == [answers]

    def test_a_missing_folder(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: Path) -> None:
        out = tmp_path / "missing" / "result.json"
        assert self.run(capsys, "run", "--answers", str(answers), "--output", str(out)) == (
            1,
            "",
            f"{out}: folder '{out.parent}' does not exist\n",
        )
