"""Packaging: `pip install .` (not editable) gives a working `selfcheck` that finds its rules from any folder."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_plain_install_works_from_another_folder(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # Reuse this interpreter's questionary and PyYAML; only the build backend comes from the package index.
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    selfcheck = str(env_dir / "bin" / "selfcheck")

    validate = subprocess.run([selfcheck, "validate"], cwd=elsewhere, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stderr
    assert "site-packages/selfcheck/rules/mmn.yaml, version 0.3.0 (bundled with selfcheck): ok (" in validate.stdout

    cases = subprocess.run([selfcheck, "test"], cwd=elsewhere, capture_output=True, text=True)
    assert cases.returncode == 0, cases.stdout + cases.stderr
    assert cases.stdout.splitlines()[-1].endswith(" failed") and " 0 failed" in cases.stdout

    answers = elsewhere / "answers.yaml"
    answers.write_text("urgent_signs: [face_droop]\n")
    run = subprocess.run([selfcheck, "run", "--answers", str(answers)], cwd=elsewhere, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("EMERGENCY: Call your local emergency number now")
