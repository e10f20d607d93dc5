"""README samples: run each command the README shows and put its real output there; --check says which drifted.

    python tools/readme_samples.py            rewrite every sample in README.md from the program's output
    python tools/readme_samples.py --check    exit 1, naming each sample whose output changed

A sample is a fenced block right after a line `<!-- sample: NAME -->`; NAME is a function below. Each runs
`selfcheck` (this checkout's, as `python -m selfcheck`) in a new folder whose rules/ is this checkout's, so the
rule file it reads is the bundled one, named as a clinician in a checkout sees it. Timings differ on every run:
--check and tests/test_readme.py compare them as '#.## s'.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- sample: ([a-z0-9-]+) -->\n```[a-z]*\n(.*?)^```\n", re.M | re.S)
TIMING = re.compile(r"\d+\.\d+ s\b")


def masked(text: str) -> str:
    return TIMING.sub("#.## s", text)


class Folder:
    """A scratch folder with the checkout's rules/ in it; commands run there as a person would type them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        (path / "rules").symlink_to(ROOT / "rules", target_is_directory=True)

    def write(self, name: str, text: str) -> None:
        (self.path / name).write_text(text, encoding="utf-8")

    def rules_text(self) -> str:
        return (ROOT / "rules" / "mmn.yaml").read_text(encoding="utf-8")

    def run(self, *commands: str, stdin: str = "", shown: str = "") -> str:
        """Each '$ command' and what it printed (stdout and stderr, as a terminal shows them), in one shell."""
        python = shlex.quote(sys.executable)
        env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="80", NO_COLOR="1")
        env.pop("SELFCHECK_DEBUG", None)
        script = []
        for command in commands:
            script.append(f"printf '%s\\n' {shlex.quote('$ ' + (shown or command))}")
            if command == "echo $?":
                script.append("echo $status")
                continue
            real = re.sub(r"(^|\| )selfcheck\b", lambda m: f"{m.group(1)}{python} -m selfcheck", command)
            script.append(f"{{ {real} ; }} 2>&1; status=$?")
        done = subprocess.run(
            ["bash", "-c", "\n".join(script)], cwd=self.path, input=stdin, capture_output=True, text=True, env=env
        )
        return done.stdout


def plain_replies(scenario: dict[str, list[str]]) -> list[str]:
    """The numbers a person types in plain mode to give the scenario's answers, worked out from the flow."""
    sys.path.insert(0, str(ROOT))
    from selfcheck.engine.session import Session
    from selfcheck.rulefile.loader import load_ruleset

    session = Session(load_ruleset(str(ROOT / "rules" / "mmn.yaml")))
    replies = []
    while (question := session.current()) is not None:
        # What the scenario leaves out is answered No, or None of these.
        usual = [c for c in ("no", "none") if c in question.choice_ids][:1]
        wanted = scenario.get(question.id, usual)
        if not wanted:
            raise SystemExit(f"readme_samples: the plain-session scenario does not answer '{question.id}'")
        replies.append(",".join(str(question.choice_ids.index(c) + 1) for c in wanted))
        session.answer(question, tuple(wanted))
    return replies


# A 45-year-old with slowly worsening weakness of the right hand, wrist drop, cramps and twitching.
SCENARIO = {
    "urgent_signs": ["none"],
    "age": ["age_40_59"],
    "diagnosed": ["no"],
    "weakness": ["yes"],
    "weakness_where": ["hand"],
    "weakness_side": ["right_more"],
    "wrist_drop": ["yes"],
    "grip": ["yes"],
    "cramps": ["yes"],
    "twitching": ["yes"],
    "duration": ["months_1_to_12"],
    "course": ["weeks_months"],
}


def plain_session(f: Folder) -> str:
    replies = plain_replies(SCENARIO)
    typed = "\\n".join(replies) + "\\n\\n\\n"
    out = f.run(
        "selfcheck run --plain", stdin="\n".join(replies) + "\n\n\n", shown=f"printf '{typed}' | selfcheck run --plain"
    )
    lines = out.splitlines()
    # The first question as it is asked, then the result from its headline to the disclaimer.
    start = next(i for i, line in enumerate(lines) if " - at most " in line)
    ask = next(i for i in range(start, len(lines)) if lines[i].startswith("Type "))
    head = next(i for i, line in enumerate(lines) if re.match(r"^[A-Z][A-Z ]+: ", line))
    end = next(i for i in range(len(lines) - 1, head, -1) if lines[i].startswith("Rule file "))
    result = lines[head:end]
    # What to tell the doctor repeats every answer: its first and last few are enough to show its shape.
    tell = result.index("What to tell the doctor:")
    stop = result.index("", tell)
    if stop - tell > 8:
        result[tell + 5 : stop - 2] = ["  ..."]
    # The footer and the offer to save come after the disclaimer: the cut is marked.
    return "\n".join([lines[0], "...", *lines[start : ask + 1], "> ", "...", *result]).rstrip() + "\n...\n"


def answers_json(f: Folder) -> str:
    f.write("answers.yaml", "urgent_signs: [face_droop]\n")
    return f.run("cat answers.yaml", "selfcheck run --answers answers.yaml --format json | head -3")


def errors(f: Folder) -> str:
    text = f.rules_text()
    broken = text.replace("when: urgent_signs has breathing\n", "when: urgent_signs has breathng\n", 1)
    broken = broken.replace("    level: urgent\n", "    level: urgnet\n", 1)
    f.write("broken.yaml", broken)
    f.write("answers.yaml", "urgent_signs: [none]\nage: age_40_59\ndiagnosed: no\nweakness: yess\n")
    f.write("red-flag.yaml", "urgent_signs: [breathing]\nage: age_40_59\nweakness: yess\n")
    f.write("partial.yaml", "urgent_signs: [none]\nage: age_40_59\nweakness: yes\ncourse: weeks_months\n")
    out = f.run("selfcheck validate broken.yaml", "echo $?", "selfcheck run --answers answers.yaml")
    red_flag = f.run("cat red-flag.yaml", "selfcheck run --answers red-flag.yaml", "echo $?").splitlines()
    # The emergency result in full is long: its headline, then the problems after it.
    start = next(i for i, line in enumerate(red_flag) if line.startswith("EMERGENCY"))
    problems = next(i for i, line in enumerate(red_flag) if line.startswith("red-flag.yaml:"))
    out += "\n".join([*red_flag[: start + 2], "...", *red_flag[problems:]]) + "\n"
    partial = f.run("cat partial.yaml", "selfcheck run --answers partial.yaml").splitlines()
    out += "\n".join(partial[:12] + (["..."] if len(partial) > 12 else [])) + "\n"
    return out + f.run("echo | selfcheck", "echo $?")


def analyze(f: Folder) -> str:
    """The bundled file's analysis, up to its levels line."""
    out = f.run("selfcheck analyze").splitlines()
    levels = next(i for i, line in enumerate(out) if line.startswith("levels: "))
    return "\n".join([*out[: levels + 1], "..."]) + "\n"


def analyze_lowered(f: Folder) -> str:
    text = f.rules_text()
    rule = re.search(r"  - id: (\w*breathing\w*)\n(?:    .*\n)*?    level: emergency\n", text)
    assert rule is not None, "no breathing rule at level emergency in rules/mmn.yaml"
    f.write("lowered.yaml", text.replace(rule.group(0), rule.group(0).replace("level: emergency", "level: urgent")))
    out = f.run("selfcheck analyze lowered.yaml").splitlines()
    errors = [line for line in out if ": error: " in line]
    return "\n".join([out[0], *errors, "...", out[-1]]) + "\n"


def analyze_limit(f: Folder) -> str:
    """The bundled file's questions and rules copied twice (bench/generators.py), stopped by a time limit that
    the checks needing no walk already use up: a stop at a point that does not depend on the machine."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generators import bundled

    f.write("bundled-2x.yaml", bundled(2))
    return f.run("selfcheck analyze bundled-2x.yaml --method walk --max-seconds 0.001")


def signoff(f: Folder) -> str:
    f.write("mmn.yaml", f.rules_text())
    sign = 'selfcheck sign mmn.yaml --name "Dr A. Jones" --role "consultant neurologist" --date 2026-11-30'
    out = f.run(sign)
    text = (f.path / "mmn.yaml").read_text(encoding="utf-8")
    level = re.search(r"(  - id: soon\n(?:    .*\n)*?      en: )(.*)\n", text)
    assert level is not None, "no 'soon' level with an English action in rules/mmn.yaml"
    (f.path / "mmn.yaml").write_text(text.replace(level.group(0), f"{level.group(1)}{level.group(2)} Or sooner.\n"))
    return out + "$ # add ' Or sooner.' to the action of the level 'soon'\n" + f.run("selfcheck validate mmn.yaml")


def template(f: Folder) -> str:
    out = f.run("selfcheck template | head -24").splitlines()
    return "\n".join([*out, "..."]) + "\n"


def diagram(f: Folder) -> str:
    return f.run("selfcheck diagram | head -4")


def arrow_screen(f: Folder) -> str:
    """The screen of an 80x24 terminal at the first question, after the key that ends the intro."""
    import pexpect
    import pyte

    env = dict(os.environ, PYTHONPATH=str(ROOT), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
    for name in ("COLUMNS", "LINES", "SELFCHECK_DEBUG"):
        env.pop(name, None)
    screen = pyte.Screen(80, 24)
    stream = pyte.Stream(screen)
    child = pexpect.spawn(
        sys.executable, ["-m", "selfcheck"], cwd=str(f.path), env=env, dimensions=(24, 80), encoding="utf-8"
    )
    try:
        sys.path.insert(0, str(ROOT))
        from selfcheck.rulefile.loader import load_ruleset

        last = load_ruleset(str(ROOT / "rules" / "mmn.yaml")).questions[0].choices[-1].label
        # The screen is read once its last choice is drawn: the prompt can come in pieces on a busy machine.
        for wanted, key in (("any key", "\r"), ("Space ticks", ""), (last, "")):
            child.expect_exact(wanted, timeout=20)
            stream.feed(child.before + child.after)
            if key:
                child.send(key)
        # Whatever is still coming for this screen (the last choices, the highlighted choice's help).
        while True:
            try:
                stream.feed(child.read_nonblocking(65536, timeout=3))
            except pexpect.TIMEOUT:
                break
    finally:
        child.terminate(force=True)
    return (
        "$ selfcheck    (in a terminal of 80 columns and 24 lines, after a key ends the intro)\n"
        + "\n".join(line.rstrip() for line in screen.display).rstrip()
        + "\n"
    )


SAMPLES: dict[str, Callable[[Folder], str]] = {
    "arrow-screen": arrow_screen,
    "plain-session": plain_session,
    "answers-json": answers_json,
    "errors": errors,
    "analyze": analyze,
    "analyze-lowered": analyze_lowered,
    "analyze-limit": analyze_limit,
    "signoff": signoff,
    "template": template,
    "diagram": diagram,
}


def produce(name: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return SAMPLES[name](Folder(Path(tmp)))


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    found = [m.group(1) for m in MARKER.finditer(text)]
    unknown = [n for n in found if n not in SAMPLES]
    if unknown:
        print(f"readme_samples: README.md names samples this script does not make: {', '.join(unknown)}")
        return 1
    fresh = {name: produce(name) for name in found}
    if "--check" in argv:
        drifted = [n for n in found if masked(fresh[n]) != masked(block(text, n))]
        for n in drifted:
            print(f"README.md: sample '{n}' is not what the program prints now; run python tools/readme_samples.py")
        return 1 if drifted else 0
    new = MARKER.sub(lambda m: f"<!-- sample: {m.group(1)} -->\n```\n{fresh[m.group(1)]}```\n", text)
    README.write_text(new, encoding="utf-8")
    print(f"README.md: {len(found)} samples written")
    return 0


def block(text: str, name: str) -> str:
    """The README's current output for a sample."""
    return next(m.group(2) for m in MARKER.finditer(text) if m.group(1) == name)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
