"""Packaging: `pip install .` (not editable) gives a working `selfcheck` that finds its rules from any folder."""

from __future__ import annotations

import os
import re
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_plain_install_works_from_another_folder(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # Reuse the questionary and PyYAML of the environment running the tests (a .pth line adds its
    # site-packages); only the build backend comes from the package index. Not system_site_packages:
    # that is the base interpreter's, which on a fresh machine has neither.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "tests-reuse.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    # Every module and data file of the checkout is in the install: a subpackage left out of pyproject's
    # list would only show when a command first imports it.
    installed = Path(purelib, "selfcheck")
    wanted = {
        p.relative_to(ROOT / "selfcheck") for p in (ROOT / "selfcheck").rglob("*") if p.suffix in (".py", ".json")
    }
    wanted |= {Path("rules", p.name) for p in (ROOT / "rules").glob("*.yaml")}
    got = {p.relative_to(installed) for p in installed.rglob("*") if p.suffix in (".py", ".json", ".yaml")}
    assert sorted(wanted - got) == []
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    selfcheck = str(env_dir / "bin" / "selfcheck")
    # The installed copy, not a checkout that PYTHONPATH names (land.sh runs the suite with one).
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    validate = subprocess.run([selfcheck, "validate"], cwd=elsewhere, env=plain, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stderr
    assert "site-packages/selfcheck/rules/mmn.yaml, version 0.3.0 (bundled with selfcheck): ok (" in validate.stdout

    cases = subprocess.run([selfcheck, "test"], cwd=elsewhere, env=plain, capture_output=True, text=True)
    assert cases.returncode == 0, cases.stdout + cases.stderr
    assert cases.stdout.splitlines()[-1].endswith(" failed") and " 0 failed" in cases.stdout

    answers = elsewhere / "answers.yaml"
    answers.write_text("urgent_signs: [face_droop]\n")
    run = subprocess.run(
        [selfcheck, "run", "--answers", str(answers)], cwd=elsewhere, env=plain, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("EMERGENCY: Call your local emergency number now")


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = re.search(r"^packages = \[\n(.*?)^\]", text, re.S | re.M)
    assert listed
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "selfcheck").rglob("__init__.py")}
    assert sorted(folders - set(re.findall(r'"([\w.]+)"', listed.group(1)))) == []


def _requirements() -> dict[str, str]:
    """Every requirement in pyproject.toml (runtime and extras), name -> its specifier, read without tomllib (3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    runtime = re.search(r"^dependencies = \[\n(.*?)^\]", text, re.S | re.M)
    extras = re.search(r"^\[project\.optional-dependencies\]\n(.*?)^\[", text, re.S | re.M)
    assert runtime and extras
    blocks = [runtime.group(1), *re.findall(r"^[\w-]+ = \[\n(.*?)^\]", extras.group(1), re.S | re.M)]
    found: dict[str, str] = {}
    for block in blocks:
        for requirement in re.findall(r'^\s*"([^"]+)",', block, re.M):
            name, spec = re.match(r"([A-Za-z0-9_.\-]+)(.*)", requirement).groups()  # type: ignore[union-attr]
            found[name.lower().replace("_", "-")] = spec
    return found


def _constraints() -> dict[str, str]:
    lines = (ROOT / ".ci" / "constraints-oldest.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_every_requirement_has_a_lower_bound_and_ci_tests_it() -> None:
    requirements, oldest = _requirements(), _constraints()
    assert {"questionary", "prompt-toolkit", "pyyaml", "pytest"} <= set(requirements)
    for name, spec in requirements.items():
        exact = re.fullmatch(r"==([\w.]+)", spec)
        if exact:  # pinned exactly (the linters): both ends are the same release
            assert name not in oldest
            continue
        lower = re.search(r">=([\w.]+)", spec)
        assert lower, f"{name}{spec} has no lower bound"
        assert oldest.get(name) is not None, f"{name} is missing from .ci/constraints-oldest.txt"
        # The constraint is the bound itself, written out in full (6.82 -> 6.82.0).
        assert oldest[name].split(".")[: len(lower.group(1).split("."))] == lower.group(1).split("."), name
    assert set(oldest) <= set(requirements), "a constraint for a package pyproject.toml does not ask for"
