"""selfcheck sign: a review record tied to the content by a digest, written into the file without disturbing it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import MINI, ruleset_from

from selfcheck.cli.main import main
from selfcheck.rulefile import signoff, strict_yaml, yaml_nodes
from selfcheck.rulefile.loader import load_ruleset

COMMENTED = MINI.replace(
    "metadata:\n", "# The mini check, kept for the tests.\nmetadata:\n  # who wrote it, who checked it\n"
).replace("  reviewers: []\n", "  reviewers: []  # filled in by selfcheck sign\n")


def digest_of(text: str) -> str:
    return signoff.digest(signoff.parts(strict_yaml.parse("r.yaml", text)))


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = Path("r.yaml")
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def sign(path: Path, name: str = "Dr Ada Jones", role: str = "neurologist", date: str = "2026-11-30") -> int:
    return main(["sign", str(path), "--name", name, "--role", role, "--date", date])


def test_sign_adds_the_record_under_reviewers_and_changes_nothing_else(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sign(rules) == 0
    assert capsys.readouterr().out == "r.yaml: signed by Dr Ada Jones (neurologist) on 2026-11-30.\n"
    digest = digest_of(COMMENTED)
    shorts = " ".join(p.short for p in signoff.parts(strict_yaml.parse("r.yaml", COMMENTED)))
    record = (
        "  reviewers:  # filled in by selfcheck sign\n"
        '    - name: "Dr Ada Jones"\n'
        '      role: "neurologist"\n'
        '      date: "2026-11-30"\n'
        "      # Written by `selfcheck sign`: what this review covers. Any change to what a person reads,\n"
        "      # or to what decides a level, makes selfcheck warn until the file is signed again.\n"
        f"      digest: {digest}\n"
        "      parts: >-\n"
    )
    text = rules.read_text(encoding="utf-8")
    assert record in text
    before, after = text.split(record)
    assert before == COMMENTED.split("  reviewers:")[0]
    assert after.split("\n", 2)[2].startswith('  last_reviewed: "2026-11-30"\n  next_review: "2027-01-01"\n')
    assert (
        after.split("  last_reviewed")[1].split("\n", 1)[1] == COMMENTED.split("  last_reviewed")[1].split("\n", 1)[1]
    )
    assert " ".join(after.split("  last_reviewed")[0].split()) == shorts
    ruleset = load_ruleset(str(rules))
    assert ruleset.reviewed_by is not None and ruleset.reviewed_by.name == "Dr Ada Jones"
    assert ruleset.content_changes == ()
    assert [p for p in os.listdir(".") if p != "r.yaml"] == []  # no temporary file left behind


def test_a_second_review_goes_after_the_first_and_before_the_next_key(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COMMENTED.replace('  last_reviewed: "2026-01-01"\n', '  # dates\n  last_reviewed: "2026-01-01"\n')
    rules.write_text(text, encoding="utf-8")
    assert sign(rules) == 0
    assert sign(rules, "Dr Ben Okafor", "general practitioner", "2026-12-01") == 0
    ruleset = load_ruleset(str(rules))
    assert [(p.name, p.date) for p in ruleset.metadata.reviewers] == [
        ("Dr Ada Jones", "2026-11-30"),
        ("Dr Ben Okafor", "2026-12-01"),
    ]
    assert ruleset.reviewed_by is not None and ruleset.reviewed_by.name == "Dr Ben Okafor"
    assert ruleset.metadata.last_reviewed == "2026-12-01"
    assert '\n  # dates\n  last_reviewed: "2026-12-01"\n' in rules.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: t.replace("# who wrote it", "# the authors and"), id="a comment"),
        pytest.param(lambda t: t.replace("text: Weak?", 'text: "Weak?"'), id="quoting"),
        pytest.param(
            lambda t: t.replace("  help: Compare both sides.", "  help: >\n      Compare\n      both sides."),
            id="folding",
        ),
        pytest.param(lambda t: t.replace('version: "1.0"', 'version: "1.1"'), id="the version"),
        pytest.param(lambda t: t.replace("status: draft", "status: active"), id="the status"),
        pytest.param(lambda t: t.replace('next_review: "2027-01-01"', 'next_review: "2027-06-01"'), id="next review"),
    ],
)
def test_what_a_person_never_reads_does_not_change_the_digest(edit: object) -> None:
    assert callable(edit)
    assert digest_of(edit(COMMENTED)) == digest_of(COMMENTED)


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ("text: Weak?", "text: Weak at all?", "question 'weakness'"),
        ("label: Left}", "label: Left side}", "question 'side'"),
        ("    level: soon\n", "    level: routine\n", "rule 'weak_one_side'"),
        ("action: Two weeks.", "action: Within two weeks.", "level 'soon'"),
        ("safety_net: Get help if worse.", "safety_net: Get help if it gets worse.", "the safety net"),
        (
            "title: Mini check",
            "title: Mini self-check",
            "the metadata (title, intended use, population, languages, sources)",
        ),
    ],
)
def test_each_change_to_what_a_person_reads_changes_the_digest(old: str, new: str, changed: str) -> None:
    assert old in COMMENTED
    edited = COMMENTED.replace(old, new)
    assert digest_of(edited) != digest_of(COMMENTED)
    before = {p.name: p.short for p in signoff.parts(strict_yaml.parse("r.yaml", COMMENTED))}
    after = {p.name: p.short for p in signoff.parts(strict_yaml.parse("r.yaml", edited))}
    assert [name for name in after if after[name] != before[name]] == [changed]


def test_a_change_after_signing_is_warned_about_by_validate_and_analyze_and_run_keeps_the_draft_notice(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("a.yaml").write_text("signs: [breathing]\n", encoding="utf-8")
    assert sign(rules) == 0
    assert main(["run", "--rules", "r.yaml", "--answers", "a.yaml"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "These questions and advice were reviewed by Dr Ada Jones (neurologist) on 2026-11-30." in out
    assert "this check is a draft" not in out

    rules.write_text(rules.read_text(encoding="utf-8").replace("text: Weak?", "text: Weak at all?"), encoding="utf-8")
    line = next(n for n, x in enumerate(rules.read_text().splitlines(), 1) if x == "  - id: weakness")
    assert main(["validate", "r.yaml"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "r.yaml, version 1.0 (not the bundled copy): ok (3 questions, 3 rules, 1 warning)\n"
    assert captured.err == (
        f"r.yaml:{line}:5: warning: question 'weakness' changed after the last sign-off (Dr Ada Jones, 2026-11-30)\n"
    )
    main(["analyze", "r.yaml", "--today", "2026-12-01", "--verbose"])  # verbose lists each warning
    assert (
        f"r.yaml:{line}:5: warning: question 'weakness' changed after the last sign-off "
        "(Dr Ada Jones, 2026-11-30) [signoff]"
    ) in capsys.readouterr().out.splitlines()
    assert main(["run", "--rules", "r.yaml", "--answers", "a.yaml"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "reviewed by" not in out
    assert "Please note: this check is a draft." in out


def test_a_removed_question_is_counted_at_the_signature(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(rules) == 0
    text = rules.read_text(encoding="utf-8")
    start = text.index("  - id: side\n")
    text = text[:start] + text[text.index("rules:\n") :]
    rules.write_text(
        text.replace("    when: weakness is yes and side in [left, right]\n", "    when: weakness is yes\n")
    )
    ruleset = load_ruleset("r.yaml")
    record_line = next(n for n, x in enumerate(text.splitlines(), 1) if '- name: "Dr Ada Jones"' in x)
    messages = [p.message for p in ruleset.content_changes]
    assert "rule 'weak_one_side' changed after the last sign-off (Dr Ada Jones, 2026-11-30)" in messages
    assert "the order of the questions changed after the last sign-off (Dr Ada Jones, 2026-11-30)" in messages
    removed = [p for p in ruleset.content_changes if "removed" in p.message]
    assert [(p.line, p.col, p.message) for p in removed] == [
        (record_line, 7, "1 signed part removed after the last sign-off (Dr Ada Jones, 2026-11-30)")
    ]


def test_the_review_document_has_a_signoff_block_with_the_digest(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = digest_of(COMMENTED)
    assert main(["review", "r.yaml"]) == 0
    out = capsys.readouterr().out
    assert "- **Reviewers:** none yet\n- **Last reviewed:** not yet; **next review due:** 2027-01-01\n" in out
    assert out.endswith(
        "## Sign-off\n\n"
        "Not signed off yet: no clinician has recorded a review of this content.\n\n"
        "The file states no clinical requirements (requirements:) for the analysis to prove.\n\n"
        "I have reviewed the rule file r.yaml, version 1.0, whose content digest is\n\n"
        f"`{digest}`\n\n"
        "| Name | Role | Date | Signature |\n|---|---|---|---|\n| | | | |\n\n"
        'Record it in the file with `selfcheck sign r.yaml --name "NAME" --role "ROLE" --date YYYY-MM-DD`; '
        "the digest must match the one above.\n"
    )
    assert sign(rules) == 0
    capsys.readouterr()
    assert main(["review", "r.yaml", "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "<p>Signed off by Dr Ada Jones (neurologist) on 2026-11-30; the content is unchanged since.</p>" in html
    assert f"<code>{digest}</code>" in html
    assert "<th>Signature</th>" in html


def test_the_bundled_file_is_shown_by_name_and_version_not_its_install_path(capsys: pytest.CaptureFixture[str]) -> None:
    from selfcheck import __version__

    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert f"Rule file `rules/mmn.yaml (bundled with selfcheck {__version__})`" in out
    assert "site-packages" not in out and os.sep + "selfcheck" + os.sep + "rules" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date", "2026-13-01"],
            "selfcheck sign: --date must be a date like 2026-01-31, not in the future, not '2026-13-01'",
        ),
        (
            ["--date", "2999-01-01"],
            "selfcheck sign: --date must be a date like 2026-01-31, not in the future, not '2999-01-01'",
        ),
        (
            ["--date", "20261130"],
            "selfcheck sign: --date must be a date like 2026-01-31, not in the future, not '20261130'",
        ),
    ],
)
def test_a_bad_date_is_a_usage_error(
    rules: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sign", "r.yaml", "--name", "A", "--role", "B", *args]) == 2
    assert capsys.readouterr().err == message + "\n"
    assert rules.read_text(encoding="utf-8") == COMMENTED


@pytest.mark.parametrize(
    ("option", "value", "shown"),
    [
        ("--name", "Dr A\nrole: x", "Dr A\\nrole: x"),
        ("--name", "", ""),
        ("--role", "   ", "   "),
        ("--role", "GP\x1b[2J", "GP\\x1b[2J"),
    ],
)
def test_a_name_or_role_that_is_not_one_line_of_text_is_a_usage_error(
    rules: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, shown: str
) -> None:
    assert sign(rules, **{option[2:]: value}) == 2
    assert capsys.readouterr().err == f"selfcheck sign: {option} must be one line of text, not '{shown}'\n"
    assert rules.read_text(encoding="utf-8") == COMMENTED


def test_a_file_with_problems_is_not_signed(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules.write_text(COMMENTED.replace("level: soon", "level: son"), encoding="utf-8")
    assert sign(rules) == 1
    line = next(n for n, x in enumerate(rules.read_text().splitlines(), 1) if x == "    level: son")
    assert capsys.readouterr().err == (
        f"r.yaml:{line}:12: level 'son' is not one of emergency, urgent, soon, routine, none (did you mean 'soon'?)\n"
    )


def test_a_filled_flow_list_of_reviewers_is_refused_with_its_place(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COMMENTED.replace("  reviewers: []", '  reviewers: [{name: A, date: "2026-01-01"}]')
    rules.write_text(text, encoding="utf-8")
    assert sign(rules) == 1
    assert capsys.readouterr().err == "r.yaml:11:14: write reviewers as a block list ('- name: ...') to sign\n"
    assert rules.read_text(encoding="utf-8") == text


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_is_refused(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink("r.yaml", "link.yaml")
    assert sign(Path("link.yaml")) == 1
    assert capsys.readouterr().err == "link.yaml: is a symbolic link; name the rule file itself\n"
    assert rules.read_text(encoding="utf-8") == COMMENTED


def test_signing_keeps_the_file_permissions(rules: Path) -> None:
    rules.chmod(0o640)
    assert sign(rules) == 0
    assert stat.S_IMODE(rules.stat().st_mode) == 0o640


def test_windows_line_endings_are_kept(rules: Path) -> None:
    rules.write_bytes(COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    assert sign(rules) == 0
    data = rules.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert load_ruleset("r.yaml").reviewed_by is not None


def test_a_manual_record_without_a_digest_signs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = ruleset_from(MINI.replace("  reviewers: []", '  reviewers: [{name: A, date: "2026-01-01"}]'))
    assert ruleset.reviewed_by is None and ruleset.content_changes == ()


def test_a_signed_file_still_validates_against_the_json_schema(rules: Path) -> None:
    import json

    import jsonschema

    from selfcheck.rulefile.schema import schema_text

    assert sign(rules) == 0

    def plain(node: yaml_nodes.Node) -> object:
        if isinstance(node, yaml_nodes.Map):
            return {k: plain(v) for k, (_, v) in node.entries.items()}
        if isinstance(node, yaml_nodes.Seq):
            return [plain(i) for i in node.items]
        return node.value

    data = plain(strict_yaml.load("r.yaml").root)
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(data)


def test_a_rule_file_that_fails_its_analysis_is_not_signed(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A review must not vouch for rules that break their own requirements (here a red flag lowered to soon)."""
    lowered = MINI.replace("level: emergency\n    stop: true", "level: soon\n    stop: true")
    rules.write_text(lowered, encoding="utf-8")
    assert sign(rules) == 1
    assert capsys.readouterr().err.splitlines() == [
        "r.yaml:29:14: error: choosing 'breathing' in 'signs' must give at least 'emergency', "
        "but 2 answer sets with it get a less urgent level [red-flag]",
        "selfcheck sign: r.yaml was not signed: selfcheck analyze finds 1 error; "
        "a review cannot vouch for rules that break their own checks and requirements",
    ]
    assert rules.read_text(encoding="utf-8") == lowered
