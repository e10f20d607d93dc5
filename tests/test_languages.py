"""Texts in more than one language: picking one, falling back per text, warnings, and the bundled Spanish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI, problems_of

from selfcheck.cases.casefile import bundled_cases, load_cases
from selfcheck.cli.main import main
from selfcheck.engine import flow
from selfcheck.engine.session import Session
from selfcheck.model.ruleset import RuleSet, Translation
from selfcheck.render import report
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.loader import build_ruleset, bundled_rules, load_ruleset
from selfcheck.ui.plain import PlainRunner

NOTE = "Traducción en borrador."
TRANSLATED = (
    MINI.replace(
        "  title: Mini check\n",
        f"  title: {{en: Mini check, es: Prueba}}\n  translations: [{{language: es, status: draft, note: {NOTE}}}]\n",
    )
    .replace("    text: Weak?\n", "    text: {en: Weak?, es: ¿Débil?}\n")
    .replace(
        "safety_net: Get help if worse.",
        "safety_net:\n  en: Get help if worse.\n  es: >\n    Pida ayuda\n    si empeora.",
    )
)


def in_language(text: str, lang: str | None) -> RuleSet:
    return build_ruleset(strict_yaml.parse("rules.yaml", text), lang)


def test_without_a_language_the_file_language_is_used() -> None:
    ruleset = in_language(TRANSLATED, None)
    assert (ruleset.language, ruleset.metadata.title, ruleset.question("weakness").text) == (
        "en",
        "Mini check",
        "Weak?",
    )
    assert (ruleset.safety_net, ruleset.missing_translations, ruleset.translation) == ("Get help if worse.", (), None)
    assert ruleset.metadata.languages == ("en", "es")


def test_a_language_picks_its_variants_and_falls_back_per_text() -> None:
    ruleset = in_language(TRANSLATED, "es")
    assert ruleset.language == "es"
    assert (ruleset.metadata.title, ruleset.question("weakness").text) == ("Prueba", "¿Débil?")
    assert ruleset.safety_net == "Pida ayuda si empeora."
    assert ruleset.question("signs").text == "Any of these?"  # no Spanish given: English
    assert [c.label for c in ruleset.question("weakness").choices] == ["Sí", "No", "No estoy seguro/a"]
    assert ruleset.translation == Translation("es", "draft", NOTE)
    assert [str(p) for p in ruleset.missing_translations][:3] == [
        "rules.yaml:16:28: label has no 'es' translation; using 'en'",
        "rules.yaml:16:47: action has no 'es' translation; using 'en'",
        "rules.yaml:17:25: label has no 'es' translation; using 'en'",
    ]
    assert len(ruleset.missing_translations) == 30


def test_a_text_written_in_some_languages_only_falls_back_and_is_told_at_its_mapping() -> None:
    text = TRANSLATED.replace("    text: {en: Weak?, es: ¿Débil?}\n", "    text: {en: Weak?}\n")
    spanish, english = in_language(text, "es"), in_language(text, None)
    assert (spanish.question("weakness").text, english.question("weakness").text) == ("Weak?", "Weak?")
    told = "rules.yaml:37:11: question text has no 'es' translation; using 'en'"
    assert told in [str(p) for p in spanish.missing_translations]  # what a Spanish run says
    assert told in [str(p) for p in english.translation_gaps]  # what validate says, whatever the language
    assert told not in [str(p) for p in english.missing_translations]


UNDECLARED_HERE = "is not the file's language or a declared translation (en, es)"


def test_every_language_a_text_does_not_declare_is_told() -> None:
    text = TRANSLATED.replace("text: {en: Weak?, es: ¿Débil?}", "text: {xx: a, en: Weak?, yy: b, es: ¿Débil?}")
    assert problems_of(text) == [
        f"rules.yaml:37:12: language 'xx' in question text {UNDECLARED_HERE}",
        f"rules.yaml:37:30: language 'yy' in question text {UNDECLARED_HERE}",
    ]


def test_a_language_the_file_does_not_declare_gives_the_file_language() -> None:
    ruleset = in_language(TRANSLATED, "fr")
    assert (ruleset.language, ruleset.metadata.title, ruleset.missing_translations) == ("en", "Mini check", ())


def test_only_the_picked_language_changes_the_rule_set() -> None:
    english, spanish = in_language(TRANSLATED, "en"), in_language(TRANSLATED, "es")
    assert [r.when for r in english.rules] == [r.when for r in spanish.rules]
    assert [q.choice_ids for q in english.questions] == [q.choice_ids for q in spanish.questions]
    assert english.sha256 == spanish.sha256


UNDECLARED = "is not the file's language or a declared translation (en)"
THE_SPANISH_TEXTS_WITHOUT_THEIR_TRANSLATION = [
    f"rules.yaml:3:27: language 'es' in title {UNDECLARED}",
    f"rules.yaml:37:23: language 'es' in question text {UNDECLARED}",
    f"rules.yaml:73:3: language 'es' in safety_net {UNDECLARED}",
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "text: {en: Weak?, es: ¿Débil?}",
            "text: {en: Weak?, ed: ¿Débil?}",
            [
                "rules.yaml:37:23: language 'ed' in question text is not the file's language "
                "or a declared translation (en, es)"
            ],
        ),
        (
            "text: {en: Weak?, es: ¿Débil?}",
            "text: {es: ¿Débil?}",
            ["rules.yaml:37:11: question text has no 'en' text (the file's default language)"],
        ),
        (
            "text: {en: Weak?, es: ¿Débil?}",
            "text: {en: Weak?, es: 3}",
            ["rules.yaml:37:27: the 'es' question text must be text, not a number (3); put it in quotes"],
        ),
        (
            "language: es, status: draft",
            "language: Spanish, status: draft",
            [
                THE_SPANISH_TEXTS_WITHOUT_THEIR_TRANSLATION[0],
                "rules.yaml:4:29: translation language 'Spanish' must be a language code such as en, es or pt-BR",
                *THE_SPANISH_TEXTS_WITHOUT_THEIR_TRANSLATION[1:],
            ],
        ),
        (
            "language: es, status: draft",
            "language: en, status: draft",
            [
                THE_SPANISH_TEXTS_WITHOUT_THEIR_TRANSLATION[0],
                "rules.yaml:4:29: language 'en' is declared twice",
                *THE_SPANISH_TEXTS_WITHOUT_THEIR_TRANSLATION[1:],
            ],
        ),
        (
            "status: draft, note",
            "status: final, note",
            ["rules.yaml:4:41: translation status 'final' is not one of draft, reviewed"],
        ),
        (
            "  title: {en: Mini check, es: Prueba}",
            "  title: {en: Mini check, es: Prueba}\n  language: e_n",
            ["rules.yaml:4:13: language 'e_n' must be a language code such as en, es or pt-BR"],
        ),
    ],
)
def test_language_problems_are_located(old: str, new: str, expected: list[str]) -> None:
    assert TRANSLATED.count(old) == 1
    assert problems_of(TRANSLATED.replace(old, new)) == expected


def test_a_mapping_is_refused_where_a_text_is_for_clinicians_only() -> None:
    text = MINI.replace("rationale: Breathing.", "rationale: {en: Breathing.}")
    assert problems_of(text) == ["rules.yaml:56:16: rationale must be text, not a mapping"]


def test_the_translation_note_is_shown_at_the_start_and_in_the_result_footer() -> None:
    ruleset = in_language(TRANSLATED, "es")
    lines: list[str] = []
    replies = iter(["3", "2", ""])
    PlainRunner(Session(ruleset), ask=lambda _: next(replies), write=lines.append).run()
    note = lines.index(NOTE)
    assert lines[note - 1 : note + 3] == ["", NOTE, "", "Signs - como mucho quedan 3 preguntas"]
    assert lines[2].startswith("Esta prueba le hace algunas preguntas")  # the intro comes first, in Spanish
    result = flow.evaluate(ruleset, {"signs": ("none",), "weakness": ("no",)})
    text = report.render_text(result).splitlines()
    assert text[-3:-1] == [NOTE, ""]
    assert report.render_markdown(result).splitlines()[-3:] == [f"_{NOTE}_", "", text[-1].join("__")]
    data = json.loads(report.render_json(result))
    assert (data["language"], data["translation"]) == ("es", {"language": "es", "status": "draft", "note": NOTE})


def test_english_has_no_translation_note() -> None:
    result = flow.evaluate(in_language(TRANSLATED, "en"), {"signs": ("none",), "weakness": ("no",)})
    assert NOTE not in report.render_text(result)


@pytest.fixture
def translated_file(tmp_path: Path) -> str:
    path = tmp_path / "rules.yaml"
    path.write_text(TRANSLATED, encoding="utf-8")
    return str(path)


def test_validate_warns_about_missing_translations_and_still_exits_0(
    translated_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", translated_file]) == 0
    captured = capsys.readouterr()
    assert (
        captured.out
        == f"{translated_file}, version 1.0 (not the bundled copy): ok (3 questions, 3 rules, 30 warnings)\n"
    )
    assert (
        captured.err.splitlines()[0] == f"{translated_file}:16:28: warning: label has no 'es' translation; using 'en'"
    )


def test_run_says_when_texts_fall_back(
    translated_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("signs: [none]\nweakness: no\n", encoding="utf-8")
    assert main(["run", "--rules", translated_file, "--answers", str(answers), "--lang", "es"]) == 0
    assert capsys.readouterr().err == "Aviso: 30 textos aún no están traducidos ('es') y se muestran en 'en'.\n"
    assert main(["run", "--rules", translated_file, "--answers", str(answers), "--lang", "fr"]) == 0
    assert (
        capsys.readouterr().err
        == "Note: this rule file has no 'fr' translation (it has: en, es); showing 'en' instead.\n"
    )


# ---- the bundled Spanish ----


@pytest.fixture(scope="module")
def spanish() -> RuleSet:
    return load_ruleset(bundled_rules(), "es")


def test_every_person_facing_text_of_the_bundled_file_has_spanish(spanish: RuleSet) -> None:
    assert spanish.language == "es"
    assert spanish.missing_translations == ()
    assert spanish.translation is not None and spanish.translation.status == "draft"
    assert spanish.translation.note.startswith("Esta traducción al español es un borrador")


def test_spanish_changes_only_the_texts(bundled: RuleSet, spanish: RuleSet) -> None:
    def shape(ruleset: RuleSet) -> list[object]:
        return [(q.id, q.type, q.kind, q.ask_if, q.choice_ids) for q in ruleset.questions] + [
            r._replace(message="") for r in ruleset.rules
        ]

    assert shape(spanish) == shape(bundled)
    english = {q.text for q in bundled.questions} | {c.label for q in bundled.questions for c in q.choices}
    assert not english & {q.text for q in spanish.questions}
    assert [r.rationale for r in spanish.rules] == [r.rationale for r in bundled.rules]  # for clinicians: English


def test_the_spanish_run_gives_the_same_levels_as_english_for_every_bundled_case(
    bundled: RuleSet, spanish: RuleSet
) -> None:
    case_file, _ = load_cases(bundled_cases(), bundled)
    assert len(case_file.cases) >= 70
    for case in case_file.cases:
        english, translated = flow.evaluate(bundled, case.answers), flow.evaluate(spanish, case.answers)
        assert translated.level.id == english.level.id == case.level, case.id
        assert [r.id for r in translated.fired] == [r.id for r in english.fired], case.id


def test_selfcheck_test_passes_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--lang", "es"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(" passed, 0 failed")
