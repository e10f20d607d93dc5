"""An --output FILE that cannot be written is bad input: exit 1 with its path, as the README's exit codes say."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfcheck.cli.main import main

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("command", [["review"], ["schema"]], ids=" ".join)
def test_an_output_in_a_missing_folder_is_exit_1_with_its_path(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nonexist" / "x.md"
    assert main([*command, "--output", str(target)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{target}: folder '{target.parent}' does not exist"


def test_an_existing_output_without_force_is_exit_1_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.md"
    target.write_text("theirs", encoding="utf-8")
    assert main(["review", "--output", str(target)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{target}: already exists; use --force to replace it"
    assert target.read_text(encoding="utf-8") == "theirs"


def test_the_readme_gives_exit_1_for_an_output_file_that_cannot_be_written() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert (
        "`1` problems found or bad input (a file named on the command line that cannot be read, or an "
        "`--output FILE` that exists without `--force` or cannot be written: each said with its path), `2` usage "
        "error" in readme
    )
