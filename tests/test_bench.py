"""bench/: its generators make valid rule files, it imports nothing from tests/, and its fit is right."""

from __future__ import annotations

import ast
from pathlib import Path

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
