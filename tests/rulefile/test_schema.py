"""The JSON Schema of rule files: generated from the format spec, valid, the bundled file passes it, and it agrees with the loader."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MINI

from selfcheck.cli.main import main
from selfcheck.errors import SelfcheckError
from selfcheck.rulefile import file_text, kinds, spec, strict_yaml
from selfcheck.rulefile.loader import build_ruleset, bundled_rules
from selfcheck.rulefile.schema import SCHEMA_PATH, generate, schema_text
from selfcheck.rulefile.specread import SpecReader
from selfcheck.rulefile.yaml_nodes import Map, Node, Seq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "tools"))
import write_schema

VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(schema_text()), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def plain(node: Node) -> Any:
    """Marked YAML nodes as the plain Python values jsonschema reads."""
    if isinstance(node, Map):
        return {name: plain(value) for name, (_, value) in node.entries.items()}
    if isinstance(node, Seq):
        return [plain(item) for item in node.items]
    return node.value


def schema_errors(text: str) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(plain(strict_yaml.parse("rules.yaml", text).root))]


def loader_accepts(text: str) -> bool:
    try:
        build_ruleset(strict_yaml.parse("rules.yaml", text))
    except SelfcheckError:
        return False
    return True


def test_the_shipped_schema_is_the_one_generated_from_the_format_spec() -> None:
    assert schema_text() == generate.schema_text(), (
        "the schema has drifted from selfcheck/rulefile/spec.py: run python tools/write_schema.py --write"
    )


def test_the_schema_tool_prints_the_schema_the_spec_generates(capsys: pytest.CaptureFixture[str]) -> None:
    assert write_schema.main(["--schema"]) == 0
    assert capsys.readouterr().out == generate.schema_text()


def test_the_schema_tool_writes_it_where_the_package_ships_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rules.schema.json"
    monkeypatch.setattr(write_schema, "SCHEMA_PATH", target)
    assert write_schema.main(["--write"]) == 0
    assert target.read_text(encoding="utf-8") == generate.schema_text()
    assert capsys.readouterr().out == f"wrote {target}\n"


def test_every_key_the_loader_knows_is_in_the_schema_with_its_required_keys() -> None:
    schema = json.loads(schema_text())
    for record in spec.RECORDS.values():
        shown = schema if record is spec.RULE_FILE else schema["$defs"][record.name]
        assert list(shown["properties"]) == [f.name for f in record.fields], record.name
        assert shown["required"] == list(record.required), record.name
        assert shown["additionalProperties"] is False


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (kinds.ID, "Weak", "x 'Weak' must be lower-case letters, digits and _, starting with a letter"),
        (kinds.LANGUAGE, "EN", "x 'EN' must be a language code such as en, es or pt-BR"),
        (kinds.DIGEST, "sha256:00", "x must be 'sha256:' and 64 hex digits, as `selfcheck sign` writes it"),
        (kinds.PARTS, "0123abcd 12", "x must be 8-digit hex digests separated by spaces, as `selfcheck sign` writes"),
        (kinds.COUNT, "-1", "x must be a whole number, 0 or more, not a number (-1)"),
        (kinds.FLAG, "yes", "x must be true or false, not text"),
        (kinds.DATE, '"2027-02-30"', "x must be a date like 2026-01-31, not '2027-02-30'"),
        (spec.QUESTION.field("type").kind, "text", "x 'text' is not one of single, multiple, yesno"),
        (kinds.TEXT, "1.0", "x must be text, not a number (1.0); put it in quotes"),
    ],
)
def test_each_kind_the_spec_declares_is_checked_with_its_message(kind: kinds.Kind, value: str, message: str) -> None:
    reader = SpecReader(strict_yaml.parse("rules.yaml", f"v: {value}\n"))
    root = reader.doc.root
    assert isinstance(root, Map)
    reader.value(kind, root.entries["v"][1], "x")
    assert [str(p) for p in reader.problems] == [f"rules.yaml:1:4: {message}"]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_bundled_rule_file_validates_and_names_the_schema() -> None:
    text = file_text.read_text(bundled_rules())
    assert schema_errors(text) == []
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../selfcheck/rulefile/schema/rules.schema.json"
    assert (
        SCHEMA_PATH.parents[3] / "rules" / "../selfcheck/rulefile/schema/rules.schema.json"
    ).resolve() == SCHEMA_PATH


def test_selfcheck_schema_prints_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SCHEMA_PATH.read_text(encoding="utf-8")


def test_selfcheck_schema_output_refuses_to_overwrite(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rules.schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert capsys.readouterr().out == f"Saved the schema to {target}.\n"
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "selfcheck rule file"
    assert main(["schema", "--output", str(target)]) == 1
    assert capsys.readouterr().err == f"{target}: already exists; use --force to replace it\n"


def edit(old: str, new: str) -> str:
    assert MINI.count(old) == 1, old
    return MINI.replace(old, new)


def with_requirement(old: str = "", new: str = "") -> str:
    """The mini file with one requirement, with old replaced by new in it."""
    item = (
        "requirements:\n  - id: unsure_soon\n    when: signs has not_sure\n    at_least: urgent\n"
        '    source: SRC\n    clause: "1.2"\n    rationale: Not sure.\n'
    )
    return edit("safety_net:", item.replace(old, new, 1) + "safety_net:")


YESNO_CHOICES = """\
    choices:
      - {id: "yes", label: "Yes"}
      - {id: "no", label: "No"}
      - {id: not_sure, label: Not sure}
"""

# (name, rule file text, whether it is a good file). Only structure the schema can express:
# condition names, duplicate ids and unknown sources are for the loader alone.
AGREEMENT = [
    ("the mini file", MINI, True),
    (
        "optional language, url, reviewer role",
        edit("  status: draft\n", "  status: draft\n  language: en\n")
        .replace("reviewers: []", 'reviewers: [{name: Dr A, role: neurologist, date: "2026-01-02"}]')
        .replace("{id: SRC, citation: A source.}", "{id: SRC, citation: A source., url: https://example.org/a}"),
        True,
    ),
    (
        "yesno choices written out in order",
        edit("    summary: Weakness\n", "    summary: Weakness\n" + YESNO_CHOICES),
        True,
    ),
    (
        "exclusive: false on a single question",
        edit("{id: both, label: Both}", "{id: both, label: Both, exclusive: false}"),
        True,
    ),
    ("stop: false", edit("    stop: true\n", "    stop: false\n"), True),
    ("no authors", edit("authors: [{name: Tester}]", "authors: []"), True),
    (
        "texts in two languages",
        edit("  status: draft\n", "  status: draft\n  translations: [{language: es, status: draft, note: Borrador.}]\n")
        .replace("title: Mini check", "title: {en: Mini check, es: Prueba}")
        .replace("disclaimer: Not a diagnosis.", "disclaimer: {en: Not a diagnosis., es: No es un diagnóstico.}"),
        True,
    ),
    (
        "a file in Brazilian Portuguese",
        edit("  status: draft\n", "  status: draft\n  language: pt-BR\n").replace(
            "    summary: Weakness\n", "    summary: Weakness\n" + YESNO_CHOICES
        ),
        True,
    ),
    ("a language code in capitals", edit("  status: draft\n", "  status: draft\n  language: EN\n"), False),
    (
        "an unknown translation status",
        edit("  status: draft\n", "  status: draft\n  translations: [{language: es, status: final}]\n"),
        False,
    ),
    (
        "a translation without a status",
        edit("  status: draft\n", "  status: draft\n  translations: [{language: es}]\n"),
        False,
    ),
    ("a translatable text with no languages", edit("title: Mini check", "title: {}"), False),
    ("a translated text that is a number", edit("title: Mini check", "title: {en: 1}"), False),
    ("a rationale in two languages", edit("    rationale: Unsure.\n", "    rationale: {en: Unsure.}\n"), False),
    ("a missing top-level key", MINI.replace("disclaimer: Not a diagnosis.\n", ""), False),
    ("an unknown top-level key", MINI + "notes: hello\n", False),
    ("metadata without a version", edit('  version: "1.0"\n', ""), False),
    ("an unknown metadata key", edit("  status: draft\n", "  status: draft\n  owner: me\n"), False),
    ("a version that is a number", edit('version: "1.0"', "version: 1.0"), False),
    ("an unknown status", edit("status: draft", "status: final"), False),
    ("a metadata id with capitals", edit("  id: mini\n", "  id: Mini\n"), False),
    ("a date that is not a date", edit('next_review: "2027-01-01"', "next_review: next year"), False),
    ("a day that does not exist", edit('next_review: "2027-01-01"', 'next_review: "2027-02-30"'), False),
    ("a reviewer without a date", edit("reviewers: []", "reviewers: [{name: Dr A}]"), False),
    ("an author that is text", edit("authors: [{name: Tester}]", "authors: [Tester]"), False),
    ("no sources", edit("  sources:\n    - {id: SRC, citation: A source.}\n", "  sources: []\n"), False),
    ("a source without a citation", edit("{id: SRC, citation: A source.}", "{id: SRC}"), False),
    (
        "levels out of order",
        edit(
            "  - {id: emergency, label: Emergency, action: Call now.}\n"
            "  - {id: urgent, label: Urgent, action: Today.}\n",
            "  - {id: urgent, label: Urgent, action: Today.}\n"
            "  - {id: emergency, label: Emergency, action: Call now.}\n",
        ),
        False,
    ),
    ("a level missing", edit("  - {id: routine, label: Routine, action: Next visit.}\n", ""), False),
    (
        "an extra level",
        edit(
            "  - {id: none, label: None, action: Nothing.}\n",
            "  - {id: none, label: None, action: Nothing.}\n  - {id: later, label: L, action: A.}\n",
        ),
        False,
    ),
    (
        "a level without an action",
        edit("{id: soon, label: Soon, action: Two weeks.}", "{id: soon, label: Soon}"),
        False,
    ),
    ("no questions", MINI[: MINI.index("questions:")] + "questions: []\n" + MINI[MINI.index("rules:") :], False),
    ("an unknown question type", edit("    type: yesno\n", "    type: text\n"), False),
    (
        "an unknown question kind",
        edit("    kind: symptom\n    type: yesno\n", "    kind: history\n    type: yesno\n"),
        False,
    ),
    ("a question without help", edit("    help: Weak means less strong.\n", ""), False),
    ("an unknown question key", edit("    summary: Weakness\n", "    summary: Weakness\n    hint: x\n"), False),
    (
        "a question id with a dash",
        edit("  - id: weakness\n", "  - id: weak-ness\n").replace("weakness is yes", "weak-ness is yes"),
        False,
    ),
    (
        "a single question without choices",
        edit(
            "    choices:\n      - {id: left, label: Left}\n"
            "      - {id: right, label: Right}\n      - {id: both, label: Both}\n",
            "",
        ),
        False,
    ),
    (
        "a single question with one choice",
        edit("      - {id: right, label: Right}\n      - {id: both, label: Both}\n", ""),
        False,
    ),
    (
        "yesno choices in another order",
        edit(
            "    summary: Weakness\n",
            "    summary: Weakness\n"
            + YESNO_CHOICES.replace(
                '      - {id: "yes", label: "Yes"}\n      - {id: "no", label: "No"}\n',
                '      - {id: "no", label: "No"}\n      - {id: "yes", label: "Yes"}\n',
            ),
        ),
        False,
    ),
    (
        "yesno choices with one more",
        edit(
            "    summary: Weakness\n", "    summary: Weakness\n" + YESNO_CHOICES + "      - {id: maybe, label: Maybe}\n"
        ),
        False,
    ),
    (
        "an exclusive choice on a single question",
        edit("{id: both, label: Both}", "{id: both, label: Both, exclusive: true}"),
        False,
    ),
    ("exclusive as text", edit("exclusive: true}", 'exclusive: "yes"}'), False),
    ("red_flag none", edit("red_flag: emergency}", "red_flag: none}"), False),
    ("an unknown red_flag", edit("red_flag: emergency}", "red_flag: critical}"), False),
    ("a choice without a label", edit("{id: left, label: Left}", "{id: left}"), False),
    ("an unknown choice key", edit("{id: left, label: Left}", "{id: left, label: Left, colour: red}"), False),
    ("a blank label", edit("{id: left, label: Left}", '{id: left, label: "  "}'), False),
    ("an ask_if that is a list", edit("    ask_if: weakness is yes\n", "    ask_if: [weakness is yes]\n"), False),
    ("no rules", MINI[: MINI.index("rules:")] + "rules: []\n" + MINI[MINI.index("safety_net:") :], False),
    ("an unknown rule level", edit("    level: soon\n", "    level: later\n"), False),
    ("a rule without a message", edit("    message: Book an appointment.\n", ""), False),
    ("a rule without sources", edit("    rationale: Unsure.\n    sources: [SRC]\n", "    rationale: Unsure.\n"), False),
    (
        "a rule with no sources listed",
        edit("    rationale: Unsure.\n    sources: [SRC]\n", "    rationale: Unsure.\n    sources: []\n"),
        False,
    ),
    ("stop as text", edit("    stop: true\n", "    stop: always\n"), False),
    (
        "a level that ends the questions when certain, with a bound",
        edit(
            "Urgent, action: Today.}",
            "Urgent, action: Today., stop_when_certain: true, max_questions_after_certain: 2}",
        ),
        True,
    ),
    (
        "emergency that would not end the questions when certain",
        edit("action: Call now.}", "action: Call now., stop_when_certain: false}"),
        False,
    ),
    ("a negative bound", edit("action: Call now.}", "action: Call now., max_questions_after_certain: -1}"), False),
    ("a rule id with capitals", edit("  - id: unsure\n", "  - id: Unsure\n"), False),
    ("a when that is a number", edit("    when: signs has not_sure\n", "    when: 3\n"), False),
    ("an empty safety net", edit("safety_net: Get help if worse.", 'safety_net: ""'), False),
    ("a requirement", with_requirement(), True),
    ("an at_most requirement", with_requirement("at_least: urgent", "at_most: routine"), True),
    ("no requirements", edit("safety_net:", "requirements: []\nsafety_net:"), True),
    ("a requirement without a bound", with_requirement("    at_least: urgent\n", ""), False),
    ("a requirement bound of none", with_requirement("at_least: urgent", "at_least: none"), False),
    ("a requirement without a clause", with_requirement('    clause: "1.2"\n', ""), False),
    ("a clause that is a number", with_requirement('clause: "1.2"', "clause: 1.2"), False),
    ("an unknown requirement key", with_requirement("    rationale", "    note: x\n    rationale"), False),
]


@pytest.mark.parametrize(("text", "good"), [pytest.param(t, g, id=n) for n, t, g in AGREEMENT])
def test_the_schema_and_the_loader_agree(text: str, good: bool) -> None:
    text = textwrap.dedent(text)
    assert loader_accepts(text) is good
    assert (schema_errors(text) == []) is good


def test_the_specs_shorthands_build_the_fields_and_kinds_they_name() -> None:
    # Called only while spec.py is imported, so each is pinned here by what it returns.
    assert kinds.optional("note", kinds.TEXT, "the note", "A note.") == kinds.Field(
        "note", kinds.TEXT, "the note", False, "A note."
    )
    assert kinds.optional("note", kinds.TEXT) == kinds.Field("note", kinds.TEXT, "", False, "")
    assert kinds.ref("question") == kinds.Kind("record", ref="question", record="question")
    assert kinds.list_of(kinds.ID) == kinds.Kind("list", item=kinds.ID, item_what="", min_items=1)
    assert kinds.list_of(kinds.ID, "a choice", 0) == kinds.Kind(
        "list", item=kinds.ID, item_what="a choice", min_items=0
    )
    assert kinds.one_of("single", "yesno") == kinds.Kind("enum", values=("single", "yesno"))


def test_a_schema_part_for_question_types_names_one_type_as_a_constant_and_several_as_an_enum() -> None:
    then = {"required": ["choices"]}
    assert kinds.when_type(("yesno",), then) == {
        "if": {"required": ["type"], "properties": {"type": {"const": "yesno"}}},
        "then": then,
    }
    assert kinds.when_type(("single", "multiple"), then) == {
        "if": {"required": ["type"], "properties": {"type": {"enum": ["single", "multiple"]}}},
        "then": then,
    }
