"""Which rule file is read: the bundled copy in an install and in a checkout, and the language asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

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
