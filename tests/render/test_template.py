"""selfcheck template: an answers file to fill in, with every question id and its choices."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, NO_ADVICE

from selfcheck.cli.main import main


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("r.yaml").write_text(MINI, encoding="utf-8")
    return Path("r.yaml")


TEMPLATE = """\
# Answers for mini version 1.0, written by `selfcheck template`
# from r.yaml.
# Every question is listed in the order it is asked. After each id write the id of one
# choice; a question marked 'tick all that apply' takes a list, such as [hand, foot].
# A question asked only under a condition is commented out: remove the '# ' in front of it
# when its condition holds for your answers, and leave it out otherwise.
# Use it with `selfcheck run --answers FILE` or `selfcheck explain --answers FILE`, or copy
# the lines into the answers of a case in a case file (`selfcheck test`).

# ---- Signs ----

# 1. Any of these? (tick all that apply)
#    breathing: Breathing trouble
#    not_sure: Not sure
#    none: None of these (only on its own)
signs:

# ---- Body ----

# 2. Weak? (one answer)
#    yes: Yes
#    no: No
#    not_sure: Not sure
weakness:

# 3. Which side? (one answer)
#    Asked only if 'Weakness' is "Yes".
#    left: Left
#    right: Right
#    both: Both
# side:
"""


def test_the_template_lists_every_question_with_its_id_and_choices(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["template", "r.yaml"]) == 0
    assert capsys.readouterr().out == TEMPLATE


def test_a_template_left_blank_names_every_blank_with_its_choices(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["template", "r.yaml", "--output", "a.yaml"]) == 0
    assert capsys.readouterr().out == "Saved the answers template to a.yaml.\n"
    assert main(["run", "--rules", "r.yaml", "--answers", "a.yaml"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "a.yaml:16:7: question 'signs' has no answer yet (choices: breathing, not_sure, none)",
        "a.yaml:24:10: question 'weakness' has no answer yet (choices: yes, no, not_sure)",
        NO_ADVICE,
    ]


def test_a_filled_in_template_is_an_answers_file(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = TEMPLATE.replace("signs:\n", "signs: [none]\n").replace("weakness:\n", "weakness: yes\n")
    Path("a.yaml").write_text(filled.replace("# side:\n", "side: left\n"), encoding="utf-8")
    assert main(["run", "--rules", "r.yaml", "--answers", "a.yaml", "--format", "json"]) == 0
    assert '"level": "soon"' in capsys.readouterr().out


def test_the_template_never_overwrites_a_file(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("a.yaml").write_text("mine\n", encoding="utf-8")
    assert main(["template", "r.yaml", "--output", "a.yaml"]) == 1
    assert capsys.readouterr().err == (
        "selfcheck: read r.yaml, version 1.0 (not the bundled copy)\na.yaml: already exists; use --force to replace it\n"
    )
    assert Path("a.yaml").read_text(encoding="utf-8") == "mine\n"
