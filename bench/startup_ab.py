"""Start-up of this checkout against another copy of it (the same code with one change), in the same run.

    python bench/startup_ab.py OTHER [--rounds 40]

For `validate` and `run --answers` on the bundled rules, each checkout's process runs in turn round by round
with the floor (`python -c "import argparse, yaml"`), so a machine that slows down mid-run slows all alike.
Prints medians of wall time and of CPU time (user + system, which other work on a shared machine disturbs
less) and each checkout's ratio to the floor. Used to decide whether a speed hack earns its keep: OTHER is a
copy with the hack taken out. No test asserts these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmark import (  # bench/ is this script's folder, so on the path
    EDITABLE_NOTE,
    complete_answers,
    editable_install,
)

ROOT = Path(__file__).resolve().parent.parent
LAUNCH = "import sys; from selfcheck.cli.main import main; sys.exit(main())"  # as the console script


def environment(root: Path, pycache: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": pycache}
    for name in ("SELFCHECK_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def once(argv: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall and CPU seconds of one process, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime


Times = dict[tuple[str, str], list[tuple[float, float]]]  # (command, checkout) -> (wall, cpu) per round


def measure(roots: dict[str, Path], rounds: int) -> Times:
    """Every round: the floor, then each command in each checkout in turn; the first round only warms up."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        envs = {name: environment(root, str(Path(tmp) / name)) for name, root in roots.items()}
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps(complete_answers()), encoding="utf-8")
        for name, root in roots.items():
            subprocess.run([py, "-m", "compileall", "-q", str(root / "selfcheck")], env=envs[name], check=True)
        jobs = {("floor", ""): ([py, "-c", "import argparse, yaml"], envs["this"])}
        for command in (["validate"], ["run", "--answers", str(answers)]):
            for name in roots:
                jobs[(command[0], name)] = ([py, "-c", LAUNCH, *command], envs[name])
        times: Times = {key: [] for key in jobs}
        for n in range(rounds + 1):
            for key, (job, env) in jobs.items():
                t = once(job, env, tmp)  # not in a checkout, whose folder python -c would import from
                if n:
                    times[key].append(t)
    return times


def report(times: Times) -> list[str]:
    """Medians and ratios to the floor; the difference is the median of the rounds' own differences."""
    ms = 1000
    floor_wall = statistics.median(w for w, _ in times[("floor", "")])
    floor_cpu = statistics.median(c for _, c in times[("floor", "")])
    lines = [f"{'what':<22}{'wall':>9}{'ratio':>8}{'cpu':>9}{'ratio':>8}"]
    lines.append(f"{'floor':<22}{floor_wall * ms:>7.1f}ms{'':>8}{floor_cpu * ms:>7.1f}ms")
    for command in ("validate", "run"):
        for name in ("this", "other"):
            wall = statistics.median(w for w, _ in times[(command, name)])
            cpu = statistics.median(c for _, c in times[(command, name)])
            label = f"{command} ({name})"
            lines.append(
                f"{label:<22}{wall * ms:>7.1f}ms{wall / floor_wall:>7.2f}x{cpu * ms:>7.1f}ms{cpu / floor_cpu:>7.2f}x"
            )
        pairs = list(zip(times[(command, "this")], times[(command, "other")], strict=True))
        wall_gap = statistics.median(o[0] - t[0] for t, o in pairs)
        cpu_gap = statistics.median(o[1] - t[1] for t, o in pairs)
        lines.append(f"{'  other - this':<22}{wall_gap * ms:>+7.1f}ms{'':>8}{cpu_gap * ms:>+7.1f}ms")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("other", type=Path, help="the other checkout (a copy with one change)")
    parser.add_argument("--rounds", type=int, default=40, help="timed rounds (default 40)")
    args = parser.parse_args(argv)
    roots = {"this": ROOT, "other": args.other.resolve()}
    times = measure(roots, args.rounds)
    print(f"this: {roots['this']}\nother: {roots['other']}\nrounds: {args.rounds}, medians\n")
    print("\n".join(report(times)))
    if editable_install():
        print(f"note: {EDITABLE_NOTE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
