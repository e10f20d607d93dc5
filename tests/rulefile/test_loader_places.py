"""Which rule file is read: the bundled copy in an install and in a checkout, and the language asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

import selfcheck
from selfcheck.rulefile import loader


def _layout(root: Path, *files: str) -> None:
    """A package tree under root: selfcheck/rulefile/loader.py and the given rule files."""
    for name in ("selfcheck/rulefile/loader.py", *files):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "read"),
    [
        (("selfcheck/rules/mmn.yaml",), "selfcheck/rules/mmn.yaml"),  # installed: the copy inside the package
        (("rules/mmn.yaml",), "rules/mmn.yaml"),  # a checkout: the copy beside the package
        (("selfcheck/rules/mmn.yaml", "rules/mmn.yaml"), "selfcheck/rules/mmn.yaml"),  # both: the installed one
        ((), "selfcheck/rules/mmn.yaml"),  # neither: the installed path, which then says it is missing
    ],
)
def test_the_bundled_rules_are_the_installed_copy_else_the_checkout_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: tuple[str, ...], read: str
) -> None:
    _layout(tmp_path, *files)
    monkeypatch.setattr(loader, "__file__", str(tmp_path / "selfcheck" / "rulefile" / "loader.py"))
    assert loader.bundled_rules() == str(tmp_path / read)


def test_load_reads_the_texts_in_the_language_asked_for() -> None:
    bundled = loader.bundled_rules()
    assert selfcheck.load(bundled, "es").language == "es"
    assert selfcheck.load(bundled).language == "en"


def test_with_no_file_named_the_rules_being_edited_here_come_before_the_bundled_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert loader.default_rules() == loader.bundled_rules()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mmn.yaml").write_text(MINI, encoding="utf-8")
    assert loader.default_rules() == "rules/mmn.yaml"
    assert selfcheck.load().path == "rules/mmn.yaml"
    assert selfcheck.load(loader.bundled_rules()).path == loader.bundled_rules()  # a file named is the one read


def test_the_source_line_says_which_file_was_read_and_whether_it_is_the_bundled_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = loader.bundled_rules()
    assert loader.is_bundled(bundled)
    version = selfcheck.load(bundled).metadata.version
    assert loader.describe_source(selfcheck.load(bundled)) == f"{bundled}, version {version} (bundled with selfcheck)"
    monkeypatch.chdir(tmp_path)
    Path("mine.yaml").write_text(MINI, encoding="utf-8")
    assert not loader.is_bundled("mine.yaml")
    assert loader.describe_source(selfcheck.load("mine.yaml")) == "mine.yaml, version 1.0 (not the bundled copy)"


def test_a_file_with_the_bundled_text_is_named_as_the_bundled_rules_and_one_changed_byte_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A checkout's rules/mmn.yaml once selfcheck is installed with `pip install .`: another file, the same rules.
    from selfcheck.render.review_document import shown_path

    text = Path(loader.bundled_rules()).read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    Path("rules/mmn.yaml").write_text(text, encoding="utf-8")
    copy = selfcheck.load()
    version = copy.metadata.version
    assert (copy.path, loader.is_bundled(copy.path), loader.has_bundled_rules(copy)) == ("rules/mmn.yaml", False, True)
    assert loader.describe_source(copy) == f"rules/mmn.yaml, version {version} (bundled with selfcheck)"
    assert shown_path(copy) == f"rules/mmn.yaml (bundled with selfcheck {selfcheck.__version__})"
    Path("rules/mmn.yaml").write_text(text + "# a comment\n", encoding="utf-8")
    changed = selfcheck.load()
    assert not loader.has_bundled_rules(changed)
    assert loader.describe_source(changed) == f"rules/mmn.yaml, version {version} (not the bundled copy)"
    assert shown_path(changed) == "rules/mmn.yaml"


def test_the_installed_copy_is_shown_by_its_name_not_its_install_path() -> None:
    from selfcheck.render.review_document import shown_path

    bundled = selfcheck.load(loader.bundled_rules())
    assert shown_path(bundled) == f"rules/mmn.yaml (bundled with selfcheck {selfcheck.__version__})"


def test_without_a_bundled_copy_to_compare_with_no_file_counts_as_the_bundled_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("mine.yaml").write_text(MINI, encoding="utf-8")
    mine = selfcheck.load("mine.yaml")
    monkeypatch.setattr(loader, "bundled_rules", lambda: str(tmp_path / "gone" / "mmn.yaml"))
    assert not loader.has_bundled_rules(mine)
