"""`analyze` on a file the walk counts imports nothing it does not use: not dd (with networkx, about 120 ms),
not the symbolic backend's encoding, not the FHIR or schema libraries (issue 15.1: the bundled file in 0.5 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("dd", "networkx", "jsonschema", "fhir", "fhirpathpy", "questionary", "prompt_toolkit")
# The diagrams' manager module and its mixins import no dd: the method choice reads bdd.available() from them.
LIGHT = tuple(f"selfcheck.analysis.symbolic.{m}" for m in ("bdd", "nodes", "counting", "assignments"))
CODE = (
    "import sys, io, contextlib; from selfcheck.cli.main import main\n"
    "with contextlib.redirect_stdout(io.StringIO()): code = main(sys.argv[1:])\n"
    f"heavy = {HEAVY!r}\n"
    f"light = {LIGHT!r}\n"
    "print(code, sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
    "    or m.startswith(('selfcheck.analysis.symbolic.', 'selfcheck.interop')) and m not in light))"
)


def test_analyze_of_the_bundled_file_imports_no_heavy_module(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {"PYTHONPATH": str(root), "SELFCHECK_CACHE": "off", "PATH": "/usr/bin:/bin"}
    args = ["analyze", str(root / "rules" / "mmn.yaml"), "--today", "2026-12-01"]
    proc = subprocess.run(
        [sys.executable, "-c", CODE, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert proc.stdout.splitlines()[-1] == "0 []", proc.stderr


def test_the_look_for_dd_agrees_with_importing_it() -> None:
    from selfcheck.analysis import orchestrate
    from selfcheck.analysis.symbolic import bdd

    assert orchestrate._can_count_symbolically() is bdd.available()


def test_without_dd_on_the_path_the_diagrams_are_not_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from selfcheck.analysis import orchestrate

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert orchestrate._can_count_symbolically() is False
