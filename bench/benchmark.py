"""Start-up speed and memory of selfcheck as ratios against floors measured in the same run.

    python bench/benchmark.py [--rounds 20] [--hyperfine]

Each command is timed as a whole process, alternating with its floor round by round (so a machine that
slows down mid-run slows both), and the median is reported. The floors are the interpreter importing what
selfcheck cannot do without: `python -c "import argparse, yaml"` for the batch commands and
`python -c "import questionary, yaml"` for the first interactive question. No test asserts these figures.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators import many_rules  # noqa: E402  (bench/ is on the path: this script's folder)

from selfcheck.cli.main import build_parser, main  # noqa: E402
from selfcheck.engine import flow  # noqa: E402
from selfcheck.render import report  # noqa: E402
from selfcheck.rulefile.loader import bundled_rules, load_ruleset  # noqa: E402

PY = sys.executable
# What the installed `selfcheck` console script does, without depending on it being installed.
LAUNCH = "import sys; from selfcheck.cli.main import main; sys.exit(main())"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": "80"}
ENV.pop("SELFCHECK_DEBUG", None)
# pip compiles an installed package to bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would instead
# compile every module on every start, which no user pays. Bytecode goes to a temporary folder, not the tree.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
PYCACHE = tempfile.TemporaryDirectory(prefix="selfcheck-bench-pyc-")
ENV["PYTHONPYCACHEPREFIX"] = PYCACHE.name

Row = tuple[str, str, str, str, str]  # what, figure, floor, ratio, limit

# Measured on 2026-12-04 (Intel Xeon, 2 cores), the same checkout in two venvs, 20 alternating rounds: floor
# 34.8 ms and `run --answers` 1.55x with `pip install -e`, 29.1 ms and 1.72x with `pip install .`.
EDITABLE_NOTE = (
    "selfcheck is installed in this interpreter by `pip install -e`, whose import hook loads modules into every "
    "process, the floor's too, so the ratios read lower than for `pip install .` (the README's install)"
)


def editable_install() -> bool:
    """Whether this interpreter has selfcheck installed by `pip install -e` (its PEP 610 direct_url.json says so).

    Only the interpreter's own site-packages are looked in: a checkout on sys.path may hold a stale
    selfcheck.egg-info that a build left there, which would answer for the installed copy.
    """
    import importlib.metadata
    import site

    places = [*site.getsitepackages(), site.getusersitepackages()]
    installed = next(iter(importlib.metadata.distributions(name="selfcheck", path=places)), None)
    if installed is None:
        return False
    try:
        info = json.loads(installed.read_text("direct_url.json") or "{}")
    except ValueError:
        return False
    dir_info = info.get("dir_info") if isinstance(info, dict) else None
    return isinstance(dir_info, dict) and dir_info.get("editable") is True


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()} on {platform.system()} {platform.release()}"
    )


def complete_answers() -> dict[str, str | list[str]]:
    """A complete, ordinary answers file for the bundled rules: the calmest choice at every question."""
    ruleset = load_ruleset(bundled_rules())
    calm = ("none", "no", "age_40_59", "stable")
    answers: dict[str, tuple[str, ...]] = {}
    while (question := flow.next_question(ruleset, answers)) is not None:
        ids = question.choice_ids
        answers[question.id] = (next((c for c in calm if c in ids), ids[0]),)
    return report.answers_mapping(ruleset, answers)


def run_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak memory (KiB) of one process, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env or ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {err}")
    return elapsed, usage.ru_maxrss


def wall(argv: list[str]) -> float:
    return run_once(argv)[0]


# Linux counts the memory of the benchmark itself in a child's ru_maxrss (the child starts as its copy), so
# the child reports its own high-water mark at exit instead.
PEAK = (
    "import atexit, os; atexit.register(lambda: os.write(2, b'\\n' + next(l for l in open('/proc/self/status', 'rb')"
    " if l.startswith(b'VmHWM'))))"
)


def peak_kib(code: str, args: list[str]) -> int:
    """Peak resident memory (KiB) of `python -c code args`, as the process itself saw it."""
    if not Path("/proc/self/status").exists():
        return run_once([PY, "-c", code, *args])[1]
    proc = subprocess.run([PY, "-c", f"{PEAK}; {code}", *args], env=ENV, capture_output=True, text=True)
    found = re.search(r"VmHWM:\s+(\d+) kB", proc.stderr)
    if not found:
        raise SystemExit(f"no peak memory from {code}: {proc.stderr}")
    return int(found.group(1))


def first_question_once(argv: list[str], wanted: bytes | None, timeout: float = 20.0) -> tuple[float, bytes]:
    """Seconds from starting argv in a pseudo-terminal until wanted appears (or, for None, until it exits)."""
    import pty

    master, slave = pty.openpty()
    # A tall terminal: on 24 rows the intro waits for a key before the first question (issue 17), which
    # would time the person's key press, not selfcheck's start-up.
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 100, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=ENV, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                seen += chunk
                if wanted is not None and wanted in re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", seen):
                    elapsed = time.perf_counter() - start
                    # Read the rest of the screen (untimed) to tell which runner asked.
                    while select.select([master], [], [], 0.3)[0]:
                        try:
                            seen += os.read(master, 65536)
                        except OSError:
                            break
                    return elapsed, seen
                if not chunk and proc.poll() is not None:
                    break
            elif wanted is None and proc.poll() is not None:
                break
        if wanted is None and proc.poll() is not None:
            return time.perf_counter() - start, seen
        raise SystemExit(f"no {wanted!r} from {' '.join(argv)} within {timeout} s; it showed: {seen[-400:]!r}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def alternate(jobs: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Median seconds of each job, running them in turn every round after one warm-up round."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for n in range(rounds + 1):
        for name, job in jobs.items():
            t = job()
            if n:
                times[name].append(t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def hyperfine(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """Medians from hyperfine, when asked for and installed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        shell_words = [" ".join(_quote(a) for a in argv) for argv in commands.values()]
        subprocess.run(
            ["hyperfine", "-N", "--warmup", "3", "--runs", str(rounds), "--export-json", str(out), *shell_words],
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # its advice about outliers; the medians are what we report
        )
        results = json.loads(out.read_text())["results"]
    return {name: r["median"] for name, r in zip(commands, results, strict=True)}


def _quote(word: str) -> str:
    import shlex

    return shlex.quote(word)


def hostile_worst() -> tuple[str, float]:
    """The slowest hostile rule file from tests/hostile and the large generated ones, validated in-process."""
    cases: dict[str, bytes] = {p.name: p.read_bytes() for p in sorted((ROOT / "tests" / "hostile").glob("*"))}
    cases["30 MB file"] = b"a: " + b"x" * (30 * 1024 * 1024) + b"\n"
    cases["100,000 keys"] = b"".join(b"k%d: 1\n" % i for i in range(100_000))
    cases["1 MB scalar"] = b"disclaimer: " + b"x" * 1_000_000 + b"\n"
    cases["nesting 50,000 deep"] = b"[" * 50_000 + b"]" * 50_000
    cases["3,000 rules"] = many_rules(3000).encode()
    worst = ("", 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases.items():
            path = Path(tmp) / "rules.yaml"
            path.write_bytes(data)
            start = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                code = main(["validate", str(path)])
            elapsed = time.perf_counter() - start
            if code != 1:
                raise SystemExit(f"hostile file {name} gave exit {code}, not 1")
            worst = max(worst, (name, elapsed), key=lambda item: item[1])
    return worst


def has_command(name: str) -> bool:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return name in sub.choices


def first_question_text() -> bytes:
    """The opening words of the first question's first choice: once they show, the person can answer."""
    first = load_ruleset(bundled_rules()).questions[0].choices[0].label
    return " ".join(first.split()[:3]).encode()


# The arrow-key runner called directly, for as long as `selfcheck run` does not start it yet.
RUNNER = (
    "from selfcheck.rulefile.loader import bundled_rules, load_ruleset; "
    "from selfcheck.ui.arrows import run_interactive; "
    "run_interactive(load_ruleset(bundled_rules()))"
)


def time_first_question(launch: list[str], rounds: int) -> tuple[float, float, bool]:
    """Medians of the first question shown by launch and of the questionary floor, both in a pty; and whether
    plain mode asked."""
    wanted = first_question_text()
    shown: list[bytes] = []

    def ask_first() -> float:
        elapsed, seen = first_question_once(launch, wanted)
        shown.append(seen)
        return elapsed

    medians = alternate(
        {"floor": lambda: first_question_once([PY, "-c", "import questionary, yaml"], None)[0], "first": ask_first},
        rounds,
    )
    plain = bool(shown) and (b"Type a number" in shown[-1] or b"Type the numbers" in shown[-1])
    return medians["first"], medians["floor"], plain


def review_rows(rounds: int) -> list[Row]:
    """`selfcheck review` of the bundled file against the floor: running the analysis itself, and after
    `selfcheck analyze` (the coverage figures shared through selfcheck.analysis.cache)."""
    floor_argv = [PY, "-c", "import argparse, yaml"]
    review = [PY, "-c", LAUNCH, "review"]
    with tempfile.TemporaryDirectory() as cache:
        alone = {**ENV, "SELFCHECK_CACHE": "off"}
        shared = {**ENV, "SELFCHECK_CACHE": cache}
        run_once([PY, "-c", LAUNCH, "analyze"], shared)
        medians = alternate(
            {
                "floor": lambda: wall(floor_argv),
                "alone": lambda: run_once(review, alone)[0],
                "shared": lambda: run_once(review, shared)[0],
            },
            rounds,
        )
    floor = medians["floor"]
    return [
        (
            "selfcheck review (runs the analysis)",
            ms(medians["alone"]),
            ms(floor),
            f"{medians['alone'] / floor:.1f}x",
            "",
        ),
        (
            "selfcheck review after analyze (shared)",
            ms(medians["shared"]),
            ms(floor),
            f"{medians['shared'] / floor:.2f}x",
            "",
        ),
    ]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds per command (default 20)")
    parser.add_argument("--hyperfine", action="store_true", help="time the batch commands with hyperfine")
    parser.add_argument("--no-pty", action="store_true", help="skip the first interactive question")
    return parser.parse_args(argv)


def batch_rows(answers: Path, args: argparse.Namespace, notes: list[str]) -> list[Row]:
    """validate and run --answers against `python -c "import argparse, yaml"`, by hyperfine or alternating."""
    commands = {
        "floor": [PY, "-c", "import argparse, yaml"],
        "validate": [PY, "-c", LAUNCH, "validate"],
        "run --answers": [PY, "-c", LAUNCH, "run", "--answers", str(answers)],
    }
    if args.hyperfine and shutil.which("hyperfine"):
        medians = hyperfine(commands, args.rounds)
        notes.append("batch commands timed by hyperfine (median)")
    else:
        if args.hyperfine:
            notes.append("hyperfine is not installed: the alternating loop timed everything")
        medians = alternate({k: functools.partial(wall, argv) for k, argv in commands.items()}, args.rounds)
    floor = medians["floor"]
    rows: list[Row] = [("python -c 'import argparse, yaml'", ms(floor), "", "", "")]
    for name, limit in (("validate", 1.5), ("run --answers", 1.6)):
        ratio = medians[name] / floor
        rows.append((f"selfcheck {name}", ms(medians[name]), ms(floor), f"{ratio:.2f}x", f"{limit}x"))
    return rows


def first_question_rows(args: argparse.Namespace, notes: list[str]) -> list[Row]:
    """The first arrow-key question in a pty against `python -c "import questionary, yaml"`."""
    if args.no_pty:
        return [("first interactive question", "skipped (--no-pty)", "", "", "1.3x")]
    if not (ROOT / "selfcheck" / "ui" / "arrows.py").exists():
        return [("first interactive question", "pending (no selfcheck/ui/arrows.py yet)", "", "", "1.3x")]
    first, floor_q, plain = time_first_question([PY, "-c", LAUNCH], max(5, args.rounds // 2))
    what = "first interactive question (pty)"
    if plain:
        first, floor_q, _ = time_first_question([PY, "-c", RUNNER], max(5, args.rounds // 2))
        what = "first interactive question (pty, runner direct)"
        notes.append(
            "`selfcheck run` in a terminal still starts plain mode, so the arrow-key runner was started "
            "directly (load the bundled rules, run_interactive), as the CLI will"
        )
    return [
        ("python -c 'import questionary, yaml' (pty)", ms(floor_q), "", "", ""),
        (what, ms(first), ms(floor_q), f"{first / floor_q:.2f}x", "1.3x"),
    ]


def memory_row(answers: Path) -> Row:
    floor_kib = max(peak_kib("import argparse, yaml", []) for _ in range(3))
    run_kib = max(peak_kib(LAUNCH, ["run", "--answers", str(answers)]) for _ in range(3))
    return (
        "peak memory, run --answers",
        f"{run_kib / 1024:.1f} MiB",
        f"{floor_kib / 1024:.1f} MiB",
        f"{run_kib / floor_kib:.2f}x",
        "",
    )


def cpu_once(argv: list[str]) -> float:
    """CPU seconds (user + system) of one process, its output discarded."""
    proc = subprocess.Popen(
        argv, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {os.waitstatus_to_exitcode(status)}")
    return usage.ru_utime + usage.ru_stime


def analyze_rows(notes: list[str]) -> list[Row]:
    """The bundled file's analyze as a whole process, against the floor in the same rounds: CPU time (user +
    system, the figure issue 15.1 sets a target for) and wall time, medians of 5 alternating rounds; and how
    many answer sets a second it covers."""
    if not has_command("analyze"):
        return [("selfcheck analyze", "pending (no analyze command yet)", "", "", "")]
    analyze = [PY, "-c", LAUNCH, "analyze", "--today", "2026-12-01"]
    floor_argv = [PY, "-c", "import argparse, yaml"]
    cpu = alternate({"floor": lambda: cpu_once(floor_argv), "analyze": lambda: cpu_once(analyze)}, 5)
    walls = alternate({"floor": lambda: wall(floor_argv), "analyze": lambda: wall(analyze)}, 5)
    out = subprocess.run(analyze, env=ENV, capture_output=True, text=True).stdout
    found = re.search(r"(\d[\d,]*) answer sets", out)
    rows: list[Row] = [
        (
            "selfcheck analyze, CPU (user + system)",
            f"{cpu['analyze']:.3f} s",
            ms(cpu["floor"]),
            f"{cpu['analyze'] / cpu['floor']:.1f}x",
            "0.5 s",
        ),
        (
            "selfcheck analyze, wall",
            ms(walls["analyze"]),
            ms(walls["floor"]),
            f"{walls['analyze'] / walls['floor']:.1f}x",
            "",
        ),
    ]
    if found:
        count = int(found.group(1).replace(",", ""))
        rows.append(("  answer sets covered (counted by classes)", f"{count:,}", "", "", ""))
        rows.append(("  answer sets covered per CPU second", f"{count / cpu['analyze']:,.0f}", "", "", ""))
    else:
        notes.append("selfcheck analyze did not print how many answer sets it covered")
    return rows


def print_table(rounds: int, rows: list[Row], notes: list[str]) -> None:
    print(f"machine: {machine()}")
    print(f"rounds: {rounds}, median wall time per whole process\n")
    headers: Row = ("what", "figure", "floor", "ratio", "limit")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(5)]
    for row in [headers, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for note in notes:
        print(f"note: {note}")


def main_(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows: list[Row] = []
    notes: list[str] = []
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "selfcheck")], env=ENV, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps(complete_answers()), encoding="utf-8")
        rows += batch_rows(answers, args, notes)
        rows += first_question_rows(args, notes)
        rows.append(memory_row(answers))
    rows += analyze_rows(notes)
    rows += review_rows(max(3, args.rounds // 4))
    name, seconds = hostile_worst()
    rows.append(("slowest hostile rule file (in-process)", ms(seconds), "", "", "1 s"))
    notes.append(f"the slowest hostile file was: {name}")
    if editable_install():
        notes.append(EDITABLE_NOTE)
    print_table(args.rounds, rows, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
