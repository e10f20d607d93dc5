"""Start-up as CPU instructions (valgrind's callgrind), which a busy machine does not change, against the floor.

    python bench/instructions.py [OTHER ...]

For this checkout (and each OTHER checkout, such as a copy with one change taken out) prints the instructions
of the floor (`python -c "import argparse, yaml"`), `selfcheck validate` and `selfcheck run --answers` on the
bundled rules, and their ratios to the floor. Wall time (bench/benchmark.py) is what the targets are about;
on a shared machine its figures move by more than one change is worth, while these move by well under 1%
(string hashing is randomised per process), so a change's worth is read here. Needs valgrind. No test
asserts these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmark import (  # bench/ is this script's folder, so on the path
    EDITABLE_NOTE,
    complete_answers,
    editable_install,
)

ROOT = Path(__file__).resolve().parent.parent
LAUNCH = "import sys; from selfcheck.cli.main import main; sys.exit(main())"  # as the console script


def instructions(argv: list[str], env: dict[str, str], cwd: str) -> int:
    """The instructions one process ran, as callgrind counts them (after an untimed run that writes bytecode)."""
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    out = Path(cwd) / "callgrind.out"
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if not found:
        raise SystemExit(f"no count from valgrind for {' '.join(argv)}: {proc.stderr[-400:]}")
    return int(found.group(1))


def measure(root: Path, answers: Path, tmp: str) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": str(Path(tmp) / f"pyc-{root.name}")}
    for name in ("SELFCHECK_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    py = sys.executable
    return {
        "floor": instructions([py, "-c", "import argparse, yaml"], env, tmp),
        "validate": instructions([py, "-c", LAUNCH, "validate"], env, tmp),
        "run --answers": instructions([py, "-c", LAUNCH, "run", "--answers", str(answers)], env, tmp),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("others", nargs="*", type=Path, metavar="OTHER", help="other checkouts to count as well")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("bench/instructions.py needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:  # not in a checkout, whose folder python -c would import from
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps(complete_answers()), encoding="utf-8")
        for root in [ROOT, *(other.resolve() for other in args.others)]:
            counts = measure(root, answers, tmp)
            floor = counts["floor"]
            print(root)
            for name, count in counts.items():
                ratio = f"  {count / floor:.3f}x" if name != "floor" else ""
                print(f"  {name:<14}{count / 1e6:>8.1f} M{ratio}")
    if editable_install():
        print(f"note: {EDITABLE_NOTE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
