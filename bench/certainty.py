"""What ending the questions when emergency advice is certain costs, as ratios against floors in the same run.

    python bench/certainty.py [--rounds 20]

In process: the engine's calls for every question of a whole session (next question, questions left,
answers that apply, why the questions ended), with the certainty check on, against the same calls with
it switched off (the floor); and the one-off preparation per rule set against loading the rule file.
Whole processes: `selfcheck run --answers` on the story of issue 19 (sudden weakness, "None of these"
ticked first) against `python -c "import argparse, yaml"`. Medians, alternating round by round. No test
asserts these figures.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selfcheck.engine import certainty, flow  # noqa: E402
from selfcheck.model.ruleset import Answers, RuleSet  # noqa: E402
from selfcheck.render import report  # noqa: E402
from selfcheck.rulefile.loader import bundled_rules, load_ruleset  # noqa: E402

# The story: a 70-year-old whose arm went weak within a minute an hour ago. The calmest answer elsewhere.
STORY = {
    "urgent_signs": ("none",),
    "age": ("age_60_plus",),
    "diagnosed": ("no",),
    "weakness": ("yes",),
    "weakness_where": ("arm",),
    "weakness_side": ("right_more",),
    "duration": ("under_1_week",),
    "course": ("sudden",),
    "sudden_when": ("today",),
}
CALM = ("none", "no", "age_40_59", "stable", "months_1_to_12")


def script(ruleset: RuleSet, given: Answers) -> Answers:
    """A whole session's answers: the given ones where the flow asks them, the calmest choice elsewhere."""
    answers: Answers = {}
    while (question := flow.next_question(ruleset, answers)) is not None:
        ids = question.choice_ids
        answers[question.id] = given.get(question.id) or (next((c for c in CALM if c in ids), ids[0]),)
    return answers


def session_calls(ruleset: RuleSet, answers: Answers) -> None:
    """What a runner asks the engine at every question of a session with these answers."""
    so_far: Answers = {}
    for qid, answer in answers.items():
        flow.next_question(ruleset, so_far)
        flow.questions_left_at_most(ruleset, so_far)
        so_far[qid] = answer
        so_far = flow.applicable(ruleset, so_far)
        flow.ended_by(ruleset, so_far)
    flow.evaluate(ruleset, so_far)


def timed(job: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        job()
    return (time.perf_counter() - start) / repeat


def alternate(jobs: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, job in jobs.items():
            samples[name].append(job())
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    ruleset = load_ruleset(bundled_rules())
    story, calm = script(ruleset, STORY), script(ruleset, {})
    real_check, real_advance = certainty.Prepared.check, certainty.Prepared.advance

    def off(self: certainty.Prepared, progress: object, kept: Answers, upto: int) -> tuple[None, bool]:
        return None, False

    def skip(self: certainty.Prepared, progress: object, pos: int, kept: Answers) -> None:
        return None

    def with_check(answers: Answers, on: bool) -> Callable[[], float]:
        def job() -> float:
            certainty.Prepared.check = real_check if on else off  # type: ignore[method-assign]
            certainty.Prepared.advance = real_advance if on else skip  # type: ignore[method-assign]
            try:
                return timed(lambda: session_calls(ruleset, answers), 20)
            finally:
                certainty.Prepared.check = real_check  # type: ignore[method-assign]
                certainty.Prepared.advance = real_advance  # type: ignore[method-assign]

        return job

    path = str(bundled_rules())
    inproc = alternate(
        {
            "story on": with_check(story, True),
            "story off": with_check(story, False),
            "calm on": with_check(calm, True),
            "calm off": with_check(calm, False),
            "prepare": lambda: timed(lambda: certainty.Prepared(ruleset), 50),
            "load": lambda: timed(lambda: load_ruleset(path), 5),
        },
        rounds,
    )
    with tempfile.TemporaryDirectory() as tmp:
        # Bytecode as an installed copy has it, in a temporary folder rather than the tree (as benchmark.py).
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": tmp}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        answers_file = Path(tmp) / "story.json"
        answers_file.write_text(json.dumps(report.answers_mapping(ruleset, story)), encoding="utf-8")

        def process(argv: list[str]) -> Callable[[], float]:
            def job() -> float:
                start = time.perf_counter()
                done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
                if done.returncode:
                    raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()}")
                return time.perf_counter() - start

            return job

        launch = "import sys; from selfcheck.cli.main import main; sys.exit(main(sys.argv[1:]))"
        procs = alternate(
            {
                "run": process([sys.executable, "-c", launch, "run", "--answers", str(answers_file)]),
                "floor": process([sys.executable, "-c", "import argparse, yaml"]),
            },
            rounds,
        )
    ms = 1000
    print(f"story: {len(story)} questions asked ({', '.join(story)})")
    print(f"calm: {len(calm)} questions asked")
    print("| what | figure | floor | ratio |")
    print("|---|---|---|---|")
    for name, n in (("story", len(story)), ("calm", len(calm))):
        on, base = inproc[f"{name} on"], inproc[f"{name} off"]
        print(
            f"| engine calls per question, {name} ({n} questions) | {on / n * ms:.3f} ms | "
            f"{base / n * ms:.3f} ms (certainty off) | {on / base:.2f}x |"
        )
    print(
        f"| preparing certainty, once per rule set | {inproc['prepare'] * ms:.2f} ms | "
        f"{inproc['load'] * ms:.2f} ms (loading the rule file) | {inproc['prepare'] / inproc['load']:.2f}x |"
    )
    print(
        f"| `selfcheck run --answers` (story) | {procs['run'] * ms:.0f} ms | {procs['floor'] * ms:.0f} ms "
        f'(`python -c "import argparse, yaml"`) | {procs["run"] / procs["floor"]:.2f}x |'
    )


if __name__ == "__main__":
    main()
