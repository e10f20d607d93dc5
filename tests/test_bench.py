"""bench/: its generators make valid rule files, it imports nothing from tests/, its fit is right, and it tells
an editable install."""

from __future__ import annotations

import ast
import importlib.metadata
import site
from pathlib import Path

import benchmark
import pytest
from generators import FAMILIES, many_rules, wide_rules
from scaling import growth

from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_family_makes_a_valid_rule_file(name: str) -> None:
    make, sizes, _ = FAMILIES[name]
    ruleset = build_ruleset(strict_yaml.parse(f"{name}.yaml", make(min(sizes))))
    assert ruleset.rules


def test_the_issue_file_has_40_questions_and_40_rules_of_6_tests() -> None:
    ruleset = build_ruleset(strict_yaml.parse("wide.yaml", wide_rules()))
    assert (len(ruleset.questions), len(ruleset.rules)) == (40, 40)
    assert {r.when.text().count(" and ") for r in ruleset.rules} == {5}


def test_many_rules_repeats_the_first_id_at_the_end() -> None:
    assert many_rules(3).count("  - id: r0\n") == 2


@pytest.mark.parametrize("path", sorted(BENCH.glob("*.py")), ids=lambda p: p.name)
def test_bench_imports_nothing_from_tests(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert 'sys.path.insert(0, str(ROOT / "tests"))' not in path.read_text(encoding="utf-8")
    test_modules = {p.stem for p in Path(__file__).parent.rglob("*.py")}
    assert not names & test_modules


def test_growth_fits_an_exponential_exactly() -> None:
    rows = [(n, 0.1 * 2**n) for n in (2, 3, 5, 8)]
    assert growth(rows).startswith("x2.00 per unit of size (R^2 1.00); size^")
    assert growth(rows).endswith(", over 4 sizes")


def test_growth_fits_a_power_law_exactly() -> None:
    assert growth([(n, 0.01 * n**3) for n in (2, 4, 8, 16)]).endswith("size^3.0 (R^2 1.00), over 4 sizes")


def test_growth_needs_two_sizes_that_took_measurable_time() -> None:
    assert growth([(1, 0.01), (2, 0.3)]) == "too few sizes finished to fit"


class _Installed:
    """An installed distribution with only the one metadata file editable_install() reads."""

    def __init__(self, direct_url: str | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


@pytest.mark.parametrize(
    ("direct_url", "editable"),
    [
        ('{"url": "file:///src/selfcheck", "dir_info": {"editable": true}}', True),
        ('{"url": "file:///src/selfcheck", "dir_info": {"editable": false}}', False),
        ('{"url": "file:///src/selfcheck", "dir_info": {}}', False),
        ('{"url": "https://example.org/selfcheck-0.4.0.tar.gz", "archive_info": {}}', False),
        (None, False),  # installed from an index: no direct_url.json
        ("{not json", False),
        ('["dir_info"]', False),
        ('{"dir_info": "editable"}', False),
        ('{"dir_info": {"editable": "yes"}}', False),
    ],
)
def test_an_editable_install_is_told_by_its_direct_url(
    monkeypatch: pytest.MonkeyPatch, direct_url: str | None, editable: bool
) -> None:
    monkeypatch.setattr(importlib.metadata, "distributions", lambda name, path: [_Installed(direct_url)])
    assert benchmark.editable_install() is editable


def test_selfcheck_not_installed_is_not_an_editable_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.metadata, "distributions", lambda name, path: [])
    assert benchmark.editable_install() is False


def test_only_the_interpreters_own_site_packages_are_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, list[str]]] = []

    def distributions(name: str, path: list[str]) -> list[_Installed]:
        asked.append((name, path))
        return []

    monkeypatch.setattr(site, "getsitepackages", lambda: ["/venv/site-packages"])
    monkeypatch.setattr(site, "getusersitepackages", lambda: "/home/me/.local/site-packages")
    monkeypatch.setattr(importlib.metadata, "distributions", distributions)
    benchmark.editable_install()
    assert asked == [("selfcheck", ["/venv/site-packages", "/home/me/.local/site-packages"])]
