"""How the symbolic monotonicity and questions-after-certain checks grow with the rule file (needs dd).

    nice python bench/symbolic_checks.py [--timeout SECONDS] [--family NAME ...] [--sizes 1,2,4]

Each size runs in a fresh process, which times (CPU seconds) the symbolic encoding of the answer space
(selfcheck.analysis.symbolic.encode), the questions asked after certain on it (symbolic.late) and the
monotonicity check (symbolic.monotone, its own encoding), and reports its own peak memory. A size over the
timeout is shown as such and the family's larger sizes are skipped. The families are bench/generators.py's
(issue 15); the growth of the two checks' CPU time is fitted as bench/scaling.py fits it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from generators import FAMILIES, ROOT
from scaling import growth

CHILD = """\
import json, sys, time
sys.path.insert(0, sys.argv[1])
import generators
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset
from selfcheck.analysis.symbolic.encode import Encoding
from selfcheck.analysis.symbolic.late import after_certain
from selfcheck.analysis.symbolic.monotone import lowered
make = generators.FAMILIES[sys.argv[2]][0]
ruleset = build_ruleset(strict_yaml.parse("bench.yaml", make(int(sys.argv[3]))))
t0 = time.process_time()
enc = Encoding(ruleset)
t1 = time.process_time()
late = after_certain(enc)
t2 = time.process_time()
found = list(lowered(ruleset))
t3 = time.process_time()
hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]
print(json.dumps({"encode": t1 - t0, "late": t2 - t1, "monotonicity": t3 - t2, "kib": int(hwm[0]) if hwm else 0,
                  "worst": {a.level: a.worst for a in late}, "lowered": len(found)}))
"""


def measure(family: str, size: int, timeout: float) -> dict[str, object] | None:
    """The child's figures for one size, or None when it ran over the timeout or failed."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    argv = [sys.executable, "-c", CHILD, str(ROOT / "bench"), family, str(size)]
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode:
        print(done.stderr.strip().splitlines()[-1:], file=sys.stderr)
        return None
    got: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--sizes", help="comma-separated sizes instead of the family's own")
    args = parser.parse_args(argv)
    print("| family | size | encode s | after-certain s | monotonicity s | peak MiB | worst after certain | lowering |")
    print("|---|---|---|---|---|---|---|---|")
    for family in args.family or sorted(FAMILIES):
        _, sizes, label = FAMILIES[family]
        if args.sizes:
            sizes = [int(s) for s in args.sizes.split(",")]
        rows: list[tuple[int, float]] = []
        for size in sizes:
            got = measure(family, size, args.timeout)
            if got is None:
                print(f"| {family} | {label.format(size)} | over {args.timeout:g} s | | | | | |", flush=True)
                break
            late, mono = float(str(got["late"])), float(str(got["monotonicity"]))
            rows.append((size, late + mono))
            by_level = got["worst"]
            assert isinstance(by_level, dict)
            worst = ", ".join(f"{k} {v}" for k, v in by_level.items())
            print(
                f"| {family} | {label.format(size)} | {float(str(got['encode'])):.2f} | {late:.2f} | {mono:.2f} | "
                f"{int(str(got['kib'])) // 1024} | {worst} | {got['lowered']} |",
                flush=True,
            )
        print(f"| {family} | growth of the two checks | {growth(rows)} | | | | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
