"""How `selfcheck analyze` grows with the rule file: generated families, CPU time and peak memory per size.

    python bench/scaling.py [--timeout SECONDS] [--family NAME ...] [--sizes 1,2,4] [--method auto|walk|bdd ...]
                            [--repeat N]

Each run is a fresh `selfcheck analyze` process (the child's CPU seconds and its own peak resident memory)
with the timeout as its own `--max-seconds` budget (CPU seconds) and `--max-memory 2048`: a run that meets either
ends cleanly, is shown as such ("over 60 s", "over 2048 MB"; a subprocess still running after 4 times the
timeout and 30 s more of the wall clock is killed) and
the family's larger sizes are skipped. The families are bench/generators.py's (issue 15):

- bundled: the bundled questions and rules copied N times, each copy asked only when the one before
  ticked "none" of its emergency signs (so the copies are linked, not independent);
- interlocked: N single-choice questions, rule i reads q_i and q_(i + N/2);
- checklist: one checklist whose C choices are each read by a rule of their own;
- tests6: N yes/no questions and N rules of 6 tests each.

A run that takes under REPEAT_UNDER CPU seconds is run --repeat times in all (default 3) and its median shown,
with the least and most (the machine is shared and its speed is not steady; a single short run can be off by
half). The children write bytecode to a temporary folder, as an installed package has it (pip compiles it),
even where PYTHONDONTWRITEBYTECODE is set. Each --method given is run in turn (default: walk and bdd, side by
side; bdd needs the scale extra, dd).
Per family and method the growth of CPU time is fitted by least squares over every size that finished, both as an
exponential (time ~ base^size, the base printed) and as a power law (time ~ size^k), with how well each
fits (R^2); runs under 0.05 s are left out of the fits (start-up noise).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmark import ENV  # the children's environment: this checkout, with bytecode as pip leaves it
from generators import FAMILIES, ROOT

# The child reports its own high-water mark (VmHWM, reset by exec) on stderr's last line: ru_maxrss of a
# forked child would count this script's memory too.
CHILD = (
    "import sys\n"
    "from selfcheck.cli.main import main\n"
    "try:\n    code = main(sys.argv[1:])\nexcept MemoryError:\n    code = 99\n"
    "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
    "print(hwm[0] if hwm else 0, file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)
OUTCOMES = {0: "ok", 1: "findings", 99: "MemoryError"}
BACKSTOP = 4  # wall seconds per CPU second of budget before a run is killed (a quarter of a core at least)
MAX_MEMORY_MB = 1024  # the analysis' default memory budget, the ceiling issue 15 sets (selfcheck/analysis/budget.py)
REPEAT_UNDER = 30.0  # CPU seconds: shorter runs are repeated, longer ones are steady enough once


def measure(path: Path, timeout: float, method: str = "auto") -> tuple[str, float, int]:
    """(outcome, CPU seconds, peak KiB) of one `selfcheck analyze` run in a fresh process."""
    # The time limit of the run is also the analysis' own budget (which lifts its default limit on states), so a
    # run that is too slow ends cleanly and says so; the subprocess timeout is the backstop. The budget counts CPU
    # seconds and the backstop wall seconds: on a machine shared with other work a run gets a part of a core, so
    # the backstop leaves it BACKSTOP times its budget.
    budget = ["--max-seconds", f"{timeout:g}", "--max-memory", str(MAX_MEMORY_MB)]
    argv = [sys.executable, "-c", CHILD, "analyze", str(path), "--today", "2026-12-01", "--format", "json", *budget]
    argv += ["--method", method]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        done = subprocess.run(argv, env=ENV, capture_output=True, text=True, timeout=timeout * BACKSTOP + 30)
    except subprocess.TimeoutExpired:
        return f"killed after {timeout:.0f} s", time.monotonic() - start, 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = done.stderr.strip().splitlines()[-1:] or ["0"]
    peak = int(last[0]) if last[0].isdigit() else 0
    return classify(done.returncode, done.stdout, timeout), cpu, peak


def classify(returncode: int, stdout: str, timeout: float) -> str:
    """The outcome of one run from its exit code and its JSON: a stopped analysis by its stopped.reason (refused
    as too large, or a limit reached: memory when its answer-space finding names the memory), else the code."""
    outcome = OUTCOMES.get(returncode, f"exit {returncode}")
    if returncode != 1:
        return outcome
    try:
        data = json.loads(stdout)
    except ValueError:
        return outcome
    stopped = data.get("stopped") if isinstance(data, dict) else None
    if not isinstance(stopped, dict):
        return outcome
    if stopped.get("reason") == "refused":
        return "refused: too many combinations"
    why = " ".join(f.get("message", "") for f in data.get("findings", ()) if f.get("check") == "answer-space")
    return f"over {MAX_MEMORY_MB} MB" if "MB of memory" in why or "out of memory" in why else f"over {timeout:g} s"


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Slope and R^2 of the least-squares line through (xs, ys)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    syy = sum((y - my) ** 2 for y in ys)
    slope = sxy / sxx
    return slope, (sxy * sxy / (sxx * syy) if syy else 1.0)


def growth(rows: list[tuple[int, float]]) -> str:
    """The fitted exponential base and power-law exponent of CPU time over size, with R^2 of each."""
    rows = [(n, t) for n, t in rows if t >= 0.05]
    if len(rows) < 2:
        return "too few sizes finished to fit"
    sizes, logs = [float(n) for n, _ in rows], [math.log(t) for _, t in rows]
    slope, r2 = fit(sizes, logs)
    k, r2_power = fit([math.log(n) for n in sizes], logs)
    fitted = f"x{math.exp(slope):.2f} per unit of size (R^2 {r2:.2f}); size^{k:.1f} (R^2 {r2_power:.2f})"
    return fitted + (f", over {len(rows)} sizes" if len(rows) > 2 else ", over 2 sizes only")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these families")
    parser.add_argument("--sizes", help="comma-separated sizes instead of the family's own")
    parser.add_argument("--method", action="append", choices=["auto", "walk", "bdd"], help="analyze --method")
    parser.add_argument("--repeat", type=int, default=3, help=f"runs of a size under {REPEAT_UNDER:g} CPU s (median)")
    args = parser.parse_args(argv)
    # Compiled once before the first run, so that run does not pay for it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "selfcheck")], env=ENV, check=True)
    print("| family | method | size | outcome | CPU s | peak MiB |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.family or list(FAMILIES):
            make, sizes, unit = FAMILIES[name]
            if args.sizes:
                sizes = [int(s) for s in args.sizes.split(",")]
            for method in args.method or ["walk", "bdd"]:
                finished: list[tuple[int, float]] = []
                for size in sizes:
                    path = Path(tmp) / f"{name}-{size}.yaml"
                    path.write_text(make(size), encoding="utf-8")
                    outcome, cpu, peak = measure(path, args.timeout, method)
                    shown = f"{cpu:.2f}"
                    if outcome in ("ok", "findings") and cpu < REPEAT_UNDER and args.repeat > 1:
                        runs = [cpu] + [measure(path, args.timeout, method)[1] for _ in range(args.repeat - 1)]
                        cpu = statistics.median(runs)
                        shown = f"{cpu:.2f} ({min(runs):.2f}-{max(runs):.2f}, {len(runs)} runs)"
                    mib = f"{peak / 1024:.0f}" if peak else ""
                    print(f"| {name} | {method} | {unit.format(size)} | {outcome} | {shown} | {mib} |", flush=True)
                    if outcome in ("ok", "findings"):
                        finished.append((size, cpu))
                    else:
                        break  # a bigger size would only take longer
                print(f"| {name} | {method} | fitted growth | {growth(finished)} | | |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
