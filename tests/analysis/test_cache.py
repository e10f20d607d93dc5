"""review shares the analysis: the coverage figures `analyze` found for a file today, kept by content."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from analysis_files import BASE, changed

from selfcheck.analysis import cache as analysis_cache
from selfcheck.analysis import orchestrate as analysis
from selfcheck.cli.main import main
from selfcheck.model.ruleset import RuleSet


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SELFCHECK_CACHE", str(folder))
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def _coverage(out: str) -> list[str]:
    lines = out.split("## Coverage\n\n")[1].split("\n\n")[0].splitlines()
    return [lines[0].rsplit(" in ", 1)[0], *lines[1:]]  # the seconds are those of the analysis that ran


def _analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the path of every rule file the analysis runs on."""
    ran: list[str] = []
    real = analysis.analyze

    def counted(ruleset: RuleSet, *args: Any, **kwargs: Any) -> analysis.Analysis:
        ran.append(ruleset.path)
        return real(ruleset, *args, **kwargs)

    monkeypatch.setattr(analysis, "analyze", counted)
    return ran


def test_review_after_analyze_takes_the_figures_analyze_found(
    kept: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "base.yaml"]) == 0
    fresh = _coverage(capsys.readouterr().out)
    for f in kept.iterdir():
        f.unlink()
    assert main(["analyze", "base.yaml"]) == 0
    capsys.readouterr()
    ran = _analyses(monkeypatch)
    assert main(["review", "base.yaml"]) == 0
    assert _coverage(capsys.readouterr().out) == fresh
    assert ran == []
    assert fresh[0] == "Answer sets covered: 10 (every answer set a person can give),"


def test_a_second_review_of_the_same_file_does_not_walk_it_again(
    kept: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "base.yaml"]) == 0
    first = capsys.readouterr().out
    ran = _analyses(monkeypatch)
    assert main(["review", "base.yaml"]) == 0
    assert capsys.readouterr().out == first
    assert ran == []


@pytest.mark.parametrize(
    "edit",
    [
        lambda: Path("base.yaml").write_text(
            changed(
                (
                    "    level: soon\n    message: Weakness on one side",
                    "    level: routine\n    message: Weakness on one side",
                )
            ),
            encoding="utf-8",
        ),
        lambda: Path("base.yaml").write_text(BASE + "# a comment\n", encoding="utf-8"),
    ],
    ids=["a rule changed", "a comment added"],
)
def test_any_change_to_the_file_runs_the_analysis_again(
    kept: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], edit: object
) -> None:
    assert main(["analyze", "base.yaml"]) == 0
    edit()  # type: ignore[operator]
    ran = _analyses(monkeypatch)
    main(["review", "base.yaml"])
    assert ran == ["base.yaml"]


def test_an_analysis_for_another_day_is_not_taken(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["analyze", "base.yaml", "--today", "2026-01-02"]) == 0
    ran = _analyses(monkeypatch)
    assert main(["review", "base.yaml"]) == 0
    assert ran == ["base.yaml"]


def test_an_analysis_stopped_at_its_limit_is_not_kept(kept: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "base.yaml", "--max-memory", "1"]) == 1
    assert not kept.exists() or not list(kept.iterdir())


@pytest.mark.parametrize("setting", ["off", "unwritable"])
def test_without_a_usable_folder_review_runs_the_analysis_and_says_nothing(
    kept: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], setting: str
) -> None:
    if setting == "unwritable":
        kept.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("SELFCHECK_CACHE", "off" if setting == "off" else str(kept / "inside"))
    assert main(["analyze", "base.yaml"]) == 0
    assert main(["review", "base.yaml"]) == 0
    assert capsys.readouterr().err.count("selfcheck: read") == 2
    assert setting == "unwritable" or not kept.exists()


def test_a_damaged_file_is_read_as_no_figures(kept: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "base.yaml"]) == 0
    for f in kept.iterdir():
        f.write_text('{"answer_sets": "many"}', encoding="utf-8")
    assert main(["review", "base.yaml"]) == 0
    assert "Answer sets covered: 10 " in capsys.readouterr().out


def test_the_key_reads_the_text_the_language_and_the_day(kept: Path) -> None:
    from conftest import ruleset_from

    base = ruleset_from(BASE)
    day = datetime.date(2026, 12, 1)
    assert analysis_cache.key(base, day) == analysis_cache.key(ruleset_from(BASE), day)
    assert analysis_cache.key(base, day) != analysis_cache.key(base, day + datetime.timedelta(days=1))
    assert analysis_cache.key(base, day) != analysis_cache.key(ruleset_from(BASE + "\n"), day)


def test_the_folder_is_selfcheck_cache_else_xdg_cache_home_else_the_home_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFCHECK_CACHE", "off")
    assert analysis_cache.folder() is None
    monkeypatch.setenv("SELFCHECK_CACHE", str(tmp_path / "given"))
    assert analysis_cache.folder() == tmp_path / "given"
    monkeypatch.setenv("SELFCHECK_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert analysis_cache.folder() == tmp_path / "xdg" / "selfcheck"
    monkeypatch.delenv("SELFCHECK_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert analysis_cache.folder() == tmp_path / "home" / ".cache" / "selfcheck"


def test_figures_stored_are_loaded_back_whole_and_nothing_else_is_left(kept: Path) -> None:
    assert analysis_cache.load("abc") is None  # no folder yet
    analysis_cache.store("abc", {"answer_sets": 10, "levels": ["none"]})
    assert sorted(p.name for p in kept.iterdir()) == ["analysis-abc.json"]
    assert analysis_cache.load("abc") == {"answer_sets": 10, "levels": ["none"]}
    assert analysis_cache.load("other") is None
    # A file that is JSON but not an object is no figures.
    (kept / "analysis-list.json").write_text("[1, 2]", encoding="utf-8")
    assert analysis_cache.load("list") is None


def test_with_the_cache_off_nothing_is_stored_or_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFCHECK_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    analysis_cache.store("abc", {"answer_sets": 10})
    assert analysis_cache.load("abc") is None
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_is_made_in_the_cache_folder_not_in_the_working_one(
    kept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A working folder that is gone (removed while the process stood in it) takes no file at all.
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    analysis_cache.store("abc", {"answer_sets": 10})
    assert sorted(p.name for p in kept.iterdir()) == ["analysis-abc.json"]
    assert analysis_cache.load("abc") == {"answer_sets": 10}


def test_a_cache_folder_whose_parent_folders_are_missing_is_made_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "a" / "b" / "cache"
    monkeypatch.setenv("SELFCHECK_CACHE", str(deep))
    analysis_cache.store("abc", {"answer_sets": 10})
    assert sorted(p.name for p in deep.iterdir()) == ["analysis-abc.json"]
    assert analysis_cache.load("abc") == {"answer_sets": 10}


def test_the_figures_file_is_readable_and_writable_by_its_owner_alone(kept: Path) -> None:
    import stat

    analysis_cache.store("abc", {"answer_sets": 10})
    assert stat.S_IMODE((kept / "analysis-abc.json").stat().st_mode) == 0o600


def test_a_write_that_fails_stores_nothing_leaves_no_temporary_file_and_says_nothing(kept: Path) -> None:
    # The figures' own name is taken by a folder: the temporary file cannot replace it.
    (kept / "analysis-abc.json").mkdir(parents=True)
    analysis_cache.store("abc", {"answer_sets": 10})
    assert sorted(p.name for p in kept.iterdir()) == ["analysis-abc.json"]
    assert (kept / "analysis-abc.json").is_dir()
    assert analysis_cache.load("abc") is None


def test_a_failed_write_whose_temporary_file_is_already_gone_still_says_nothing(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    real_unlink = os.unlink

    def removed_then_failed(src: str, dst: object) -> None:
        real_unlink(src)  # as if another process had cleared the folder
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "replace", removed_then_failed)
    analysis_cache.store("abc", {"answer_sets": 10})
    assert list(kept.iterdir()) == []


@pytest.mark.parametrize("stopped_by", [KeyboardInterrupt, MemoryError])
def test_a_write_stopped_half_way_goes_on_up_and_leaves_no_temporary_file(
    kept: Path, monkeypatch: pytest.MonkeyPatch, stopped_by: type[BaseException]
) -> None:
    import json

    def half_written(data: object, f: Any) -> None:
        f.write('{"answer_sets": ')  # Ctrl-C (or no memory) in the middle of the write
        raise stopped_by

    monkeypatch.setattr(json, "dump", half_written)
    with pytest.raises(stopped_by):
        analysis_cache.store("abc", {"answer_sets": 10})
    assert list(kept.iterdir()) == []


DAY = 24 * 60 * 60
OLD_FIGURES = "analysis-" + "a" * 64 + ".json"
OLD_TEMPORARY = ".analysis-4242-" + "b" * 16 + ".tmp"


def _written(path: Path, seconds_ago: float) -> Path:
    import os
    import time

    path.write_text("{}", encoding="utf-8")
    then = time.time() - seconds_ago
    os.utime(path, (then, then))
    return path


def test_keeping_figures_removes_those_written_over_a_day_ago_whose_key_no_day_asks_for(kept: Path) -> None:
    kept.mkdir()
    _written(kept / OLD_FIGURES, DAY + 60)
    _written(kept / OLD_TEMPORARY, DAY + 60)  # a process killed in the middle of its write
    yesterday_evening = _written(kept / ("analysis-" + "c" * 64 + ".json"), DAY - 60)
    new = "f" * 64  # as key() makes them
    analysis_cache.store(new, {"answer_sets": 10})
    assert sorted(p.name for p in kept.iterdir()) == sorted([yesterday_evening.name, f"analysis-{new}.json"])


@pytest.mark.parametrize(
    "name",
    [
        "analysis-notes.json",  # not a key
        "analysis-" + "A" * 64 + ".json",  # keys are lower-case hex
        "analysis-" + "a" * 63 + ".json",
        "my-analysis-" + "a" * 64 + ".json",
        ".analysis-pid-" + "b" * 16 + ".tmp",
        ".analysis-4242-" + "b" * 15 + ".tmp",
        ".analysis-\u00b2-" + "b" * 16 + ".tmp",  # a digit to str.isdigit, but no pid
        "analysis_" + "a" * 64 + ".json",  # another prefix of the same length
        "analysis-" + "X" * 64 + ".json",  # letters that are not hex digits
        ".analysis_4242-" + "b" * 16 + ".tmp",
        ".analysis-X-" + "b" * 16 + ".tmp",
        ".analysis-4242-" + "X" * 16 + ".tmp",
        "analysis-" + "a" * 64 + ".json.bak",
    ],
)
def test_old_files_of_other_names_in_the_folder_are_left_alone(kept: Path, name: str) -> None:
    # SELFCHECK_CACHE may name a folder with other files in it: only names store() makes are removed.
    kept.mkdir()
    _written(kept / name, 30 * DAY)
    analysis_cache.store("a" * 64, {"answer_sets": 10})
    assert sorted(p.name for p in kept.iterdir()) == sorted([name, "analysis-" + "a" * 64 + ".json"])


def test_a_day_is_counted_by_the_folder_s_clock_which_stamped_the_files(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    # A network folder whose clock is three days behind this machine's stamps every file so.
    real_replace = os.replace

    def behind(src: str, dst: Path) -> None:
        real_replace(src, dst)
        then = dst.stat().st_mtime - 3 * DAY
        os.utime(dst, (then, then))

    kept.mkdir()
    two_days = _written(kept / ("analysis-" + "1" * 64 + ".json"), 2 * DAY)  # a day ahead of the folder's now
    five_days = _written(kept / OLD_FIGURES, 5 * DAY)
    monkeypatch.setattr(os, "replace", behind)
    analysis_cache.store("f" * 64, {"answer_sets": 10})
    assert two_days.exists()
    assert not five_days.exists()


def test_a_file_made_under_the_temporary_name_after_the_write_is_not_removed(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    # Another process with the same pid (another container sharing the folder) starts the same write.
    real_replace = os.replace

    def then_another(src: str, dst: Path) -> None:
        real_replace(src, dst)
        Path(src).write_text("{", encoding="utf-8")

    monkeypatch.setattr(os, "replace", then_another)
    analysis_cache.store("f" * 64, {"answer_sets": 10})
    assert sorted(p.name for p in kept.iterdir()) == sorted(
        [f".analysis-{os.getpid()}-ffffffffffffffff.tmp", "analysis-" + "f" * 64 + ".json"]
    )


def test_an_old_file_that_cannot_be_removed_does_not_keep_the_others(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    kept.mkdir()
    old = [_written(kept / (f"analysis-{i}" + "a" * 63 + ".json"), 2 * DAY) for i in range(4)]
    real_unlink = os.unlink
    calls: list[str] = []

    def first_refused(path: str) -> None:
        calls.append(path)
        if len(calls) == 1:
            raise PermissionError(13, "Permission denied")
        real_unlink(path)

    monkeypatch.setattr(os, "unlink", first_refused)
    analysis_cache.store("f" * 64, {"answer_sets": 10})
    assert sum(p.exists() for p in old) == 1  # the one refused; the rest are gone


def test_a_folder_that_cannot_be_listed_still_keeps_the_figures_and_says_nothing(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def refused(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", refused)
    analysis_cache.store("f" * 64, {"answer_sets": 10})
    assert analysis_cache.load("f" * 64) == {"answer_sets": 10}


def test_an_old_folder_or_link_with_a_figures_name_is_left_alone(kept: Path, tmp_path: Path) -> None:
    import os

    kept.mkdir()
    (kept / OLD_FIGURES).mkdir()
    target = _written(tmp_path / "elsewhere.json", 30 * DAY)
    link = kept / ("analysis-" + "d" * 64 + ".json")
    link.symlink_to(target)
    os.utime(link, (0, 0), follow_symlinks=False)
    analysis_cache.store("e" * 64, {"answer_sets": 10})
    assert (kept / OLD_FIGURES).is_dir()
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "{}"


def test_figures_are_read_as_utf_8_whatever_the_locale_says(tmp_path: Path) -> None:
    # A process under the plain C locale, without Python's UTF-8 mode, reads text as ASCII by default; the
    # cache must still read back what it wrote, a figure with a non-ASCII character in it included.
    import json
    import os
    import subprocess
    import sys

    (tmp_path / "analysis-k.json").write_text(json.dumps({"note": "déjà vu"}, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "SELFCHECK_CACHE": str(tmp_path), "LC_ALL": "C", "PYTHONUTF8": "0"}
    env.update(PYTHONCOERCECLOCALE="0", PYTHONPATH=os.pathsep.join(sys.path))
    program = (
        "import locale, sys; from selfcheck.analysis import cache; "
        "assert locale.getpreferredencoding(False).lower() in ('ascii', 'ansi_x3.4-1968'), locale.getpreferredencoding(False); "
        "sys.stdout.write(ascii(cache.load('k')))"
    )
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, ascii({"note": "déjà vu"})), done.stderr
