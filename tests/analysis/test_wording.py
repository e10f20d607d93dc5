"""Wording patterns: what reads as a diagnosis, odds or treatment advice, and what does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from selfcheck.analysis.orchestrate import analyze
from selfcheck.analysis.wording import Hit, hits, reading_grade, syllables
from selfcheck.rulefile.loader import load_ruleset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You have a trapped nerve.", [Hit("a diagnosis", 0, "You have")]),
        ("you might have a nerve problem", [Hit("a diagnosis", 0, "you might have")]),
        ("This is consistent with a nerve problem.", [Hit("a diagnosis", 5, "is consistent with")]),
        ("Weak grip suggests a nerve problem.", [Hit("a diagnosis", 10, "suggests")]),
        ("People diagnosed with it do well.", [Hit("a diagnosis", 7, "diagnosed")]),
        ("It sounds like a stroke.", [Hit("a diagnosis", 3, "sounds like"), Hit("a diagnosis", 17, "stroke")]),
        ("There is a 1 in 10 chance.", [Hit("odds", 11, "1 in 10"), Hit("odds", 19, "chance")]),
        ("Nine out of 10 people, 90 percent.", [Hit("odds", 23, "90 percent")]),
        ("Ask for a steroid dose.", [Hit("treatment advice", 10, "steroid"), Hit("treatment advice", 18, "dose")]),
        ("Stop taking your medicine.", [Hit("treatment advice", 0, "Stop taking your medicine")]),
    ],
)
def test_wording_that_a_person_must_never_read(text: str, expected: list[Hit]) -> None:
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "If you have trouble breathing, call your emergency number now.",
        "When you have numbness, tell the doctor.",
        "Tell the doctor what you have noticed.",
        "You have had cancer and now have new back pain.",
        "This self-check is not a diagnosis. It does not give treatment advice.",
        "Book an appointment within about two weeks.",
        "We suggest you book an appointment.",
    ],
)
def test_plain_instructions_are_not_flagged(text: str) -> None:
    assert hits(text) == []


@pytest.mark.parametrize(
    ("word", "count"), [("cat", 1), ("weakness", 2), ("tingling", 2), ("emergency", 4), ("the", 1), ("table", 2)]
)
def test_syllables_are_estimated_from_vowel_groups(word: str, count: int) -> None:
    assert syllables(word) == count


@pytest.mark.parametrize(("word", "count"), [("make", 1), ("agree", 2), ("free", 1), ("debate", 2)])
def test_a_final_e_is_silent_unless_it_ends_le_or_ee_or_is_the_only_vowel(word: str, count: int) -> None:
    assert syllables(word) == count


def test_short_plain_sentences_read_at_a_lower_grade_than_long_technical_ones() -> None:
    plain = "Book a visit with a doctor. Do it this week. Ask for help if it gets worse."
    technical = (
        "Progressive asymmetric weakness accompanied by fasciculations necessitates neurological "
        "evaluation, electrophysiological investigation and immunological laboratory assessment."
    )
    assert reading_grade(plain) < 4 < 8 < reading_grade(technical)
    assert reading_grade("") == 0.0


def test_analyze_warns_about_a_message_above_the_reading_age(tmp_path: Path) -> None:
    text = MINI.replace(
        "message: Book an appointment.",
        "message: Progressive asymmetric weakness necessitates prompt neurological evaluation and electrophysiological investigation afterwards.",
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    findings = [f for f in analyze(load_ruleset(str(path))).findings if f.check == "reading-age"]
    assert [(f.severity, f.line, f.message.split(" reads at")[0]) for f in findings] == [
        ("warning", 67, "the message of rule 'weak_one_side'")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Usted tiene una enfermedad del nervio.", [Hit("a diagnosis", 0, "Usted tiene una enfermedad")]),
        ("Es probable que sea MMN.", [Hit("a diagnosis", 20, "MMN"), Hit("odds", 3, "probable")]),
        ("Un 80 % de las personas mejora.", [Hit("odds", 3, "80 %")]),
        ("Pida IVIG a su médico.", [Hit("treatment advice", 5, "IVIG")]),
        ("Tome dos pastillas al día.", [Hit("treatment advice", 0, "Tome dos pastillas")]),
    ],
)
def test_a_spanish_text_is_read_with_spanish_and_language_free_patterns(text: str, expected: list[Hit]) -> None:
    assert sorted(hits(text, "es"), key=lambda h: h.what) == sorted(expected, key=lambda h: h.what)


@pytest.mark.parametrize(
    "text",
    [
        "Si tiene dificultad para respirar, llame ahora al número de emergencias.",
        "Pida una cita con un médico en unas dos semanas.",
        "Esta comprobación no da un diagnóstico ni consejos de tratamiento.",
    ],
)
def test_plain_spanish_instructions_are_not_flagged(text: str) -> None:
    assert hits(text, "es") == []


def test_a_language_selfcheck_has_no_patterns_for_still_gets_the_language_free_ones() -> None:
    assert [h.words for h in hits("Prenez 500 mg d'IVIG.", "fr")] == ["500 mg", "IVIG"]


def test_analyze_finds_a_diagnosis_odds_and_treatment_in_a_translation(tmp_path: Path) -> None:
    """A translated message is what a person reading that language is shown: it is checked as strictly."""
    text = MINI.replace(
        "  title: Mini check\n", "  title: Mini check\n  translations: [{language: es, status: draft}]\n"
    ).replace("message: Book an appointment.", "message: {en: Book an appointment., es: Usted tiene MMN; tome IVIG.}")
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    line = text.splitlines().index("    message: {en: Book an appointment., es: Usted tiene MMN; tome IVIG.}") + 1
    findings = [f for f in analyze(load_ruleset(str(path))).findings if f.check == "wording"]
    assert [f.located("rules.yaml") for f in findings] == [
        f"rules.yaml:{line}:57: error: the message of rule 'weak_one_side' in 'es' reads as a diagnosis: 'MMN' [wording]",
        f"rules.yaml:{line}:67: error: the message of rule 'weak_one_side' in 'es' reads as treatment advice: 'IVIG' [wording]",
    ]


def reading_age_warnings(tmp_path: Path, message: str) -> list[str]:
    """The located reading-age warnings of the mini file with the message of rule 'weak_one_side' replaced."""
    path = tmp_path / "rules.yaml"
    path.write_text(MINI.replace("message: Book an appointment.", f"message: {message}"))
    findings = analyze(load_ruleset(str(path))).findings
    return [f.located("rules.yaml") for f in findings if f.check == "reading-age"]


def test_the_reading_age_warning_gives_the_grade_and_the_advice_at_the_start_of_the_text(tmp_path: Path) -> None:
    # Ten words, the fewest that are read for a grade: the message starts at column 14 of line 67.
    message = (
        "Progressive asymmetric weakness necessitates prompt neurological evaluation and "
        "electrophysiological investigation."
    )
    assert len(message.split()) == 10
    assert reading_age_warnings(tmp_path, message) == [
        "rules.yaml:67:14: warning: the message of rule 'weak_one_side' reads at school grade 33.2 "
        "(Flesch-Kincaid); aim for about 6 to 7 (reading age 11 to 12): use shorter sentences and words "
        "[reading-age]"
    ]


def test_a_text_of_nine_words_gets_no_grade_however_hard_its_words(tmp_path: Path) -> None:
    message = (
        "Progressive asymmetric weakness necessitates neurological evaluation and electrophysiological investigation."
    )
    assert len(message.split()) == 9
    assert reading_grade(message) > 30
    assert reading_age_warnings(tmp_path, message) == []


def test_a_text_exactly_at_the_highest_grade_allowed_is_not_warned_about(tmp_path: Path) -> None:
    # 59 words in 39 sentences with 115 syllables: 0.39 * 59 / 39 + 11.8 * 115 / 59 - 15.59 is 8.0 exactly.
    message = "Rest. Rest. Rest. " + "Listen. " * 16 + "Never panic. " * 19 + "Never panic."
    assert reading_grade(message) == 8.0
    assert reading_age_warnings(tmp_path, message) == []
    assert reading_age_warnings(tmp_path, message.replace("Rest.", "Resting.", 1)) == [
        "rules.yaml:67:14: warning: the message of rule 'weak_one_side' reads at school grade 8.2 "
        "(Flesch-Kincaid); aim for about 6 to 7 (reading age 11 to 12): use shorter sentences and words "
        "[reading-age]"
    ]


def wording_errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return [f.located("rules.yaml") for f in analyze(load_ruleset(str(path))).findings if f.check == "wording"]


def test_each_text_is_read_with_the_patterns_of_its_own_language_and_once(tmp_path: Path) -> None:
    """The English text is read once, as English; the Spanish one as Spanish, where only a Spanish pattern flags it."""
    message = "{en: Book it; the odds are low., es: Tome dos pastillas al día.}"
    text = MINI.replace(
        "  title: Mini check\n", "  title: Mini check\n  translations: [{language: es, status: draft}]\n"
    ).replace("message: Book an appointment.", f"message: {message}")
    line = text.splitlines().index(f"    message: {message}") + 1
    assert hits("Tome dos pastillas al día.") == []  # no English pattern reads it
    assert wording_errors(tmp_path, text) == [
        f"rules.yaml:{line}:32: error: the message of rule 'weak_one_side' reads as odds: 'odds' [wording]",
        f"rules.yaml:{line}:51: error: the message of rule 'weak_one_side' in 'es' reads as treatment advice: "
        "'Tome dos pastillas' [wording]",
    ]


def test_a_file_written_in_spanish_has_its_texts_read_as_spanish(tmp_path: Path) -> None:
    text = MINI.replace("  title: Mini check\n", "  title: Mini check\n  language: es\n").replace(
        "message: Book an appointment.", "message: Tome dos pastillas al día."
    )
    line = text.splitlines().index("    message: Tome dos pastillas al día.") + 1
    assert wording_errors(tmp_path, text) == [
        f"rules.yaml:{line}:14: error: the message of rule 'weak_one_side' reads as treatment advice: "
        "'Tome dos pastillas' [wording]"
    ]
