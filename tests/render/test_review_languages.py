"""`selfcheck review --lang all`: every person-facing text in every language, side by side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_languages import TRANSLATED, in_language

from selfcheck.cli.main import main
from selfcheck.render import review_languages
from selfcheck.rulefile.loader import bundled_rules


def test_rows_follow_the_file_and_mark_texts_that_fall_back() -> None:
    rows = review_languages.side_by_side([in_language(TRANSLATED, "en"), in_language(TRANSLATED, "es")])
    fallback = "(not translated: shows the en text)"
    assert rows[0] == ("metadata title", ["Mini check", "Prueba"])
    assert rows[1] == ("level emergency label", ["Emergency", fallback])
    assert ("question weakness text", ["Weak?", "¿Débil?"]) in rows
    assert ("choice weakness.yes label", ["Yes", "Sí"]) in rows
    assert rows[-2:] == [
        ("safety_net", ["Get help if worse.", "Pida ayuda si empeora."]),
        ("disclaimer", ["Not a diagnosis.", fallback]),
    ]


def test_a_translation_equal_to_the_default_text_is_not_marked() -> None:
    same = TRANSLATED.replace("    text: {en: Weak?, es: ¿Débil?}\n", "    text: {en: Weak?, es: Weak?}\n")
    rows = dict(review_languages.side_by_side([in_language(same, "en"), in_language(same, "es")]))
    assert rows["question weakness text"] == ["Weak?", "Weak?"]
    assert rows["choice weakness.no label"] == ["No", "No"]  # the built-in Spanish "No"
    assert rows["question signs text"] == ["Any of these?", "(not translated: shows the en text)"]


def test_one_missing_translation_in_the_bundled_file_marks_exactly_its_cell() -> None:
    text = Path(bundled_rules()).read_text(encoding="utf-8")
    assert text.count("      es: Emergencia\n") == 1
    text = text.replace("      es: Emergencia\n", "")
    rows = review_languages.side_by_side([in_language(text, "en"), in_language(text, "es")])
    marked = [where for where, cells in rows if cells[1].startswith("(not translated")]
    assert marked == ["level emergency label"]


def test_markdown_names_each_language_and_its_status() -> None:
    text = review_languages.render([in_language(TRANSLATED, "en"), in_language(TRANSLATED, "es")], "markdown")
    assert text.splitlines()[:10] == [
        "# Translations: Mini check",
        "",
        "Rule file `rules.yaml`, version 1.0, sha256 `" + in_language(TRANSLATED, "en").sha256[:12] + "`.",
        "",
        "- **en**: the file's own language",
        "- **es**: translation, draft (not yet clinically reviewed)",
        "",
        "| Where | en | es |",
        "|---|---|---|",
        "| metadata title | Mini check | Prueba |",
    ]


def test_review_lang_all_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(TRANSLATED, encoding="utf-8")
    assert main(["review", str(rules), "--lang", "all", "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["languages"][1] == {
        "language": "es",
        "status": "translation, draft (not yet clinically reviewed)",
        "missing": 30,
    }
    assert data["texts"][0] == {"where": "metadata title", "en": "Mini check", "es": "Prueba"}
    assert captured.err.splitlines()[0] == f"selfcheck: read {rules}, version 1.0 (not the bundled copy)"
    assert captured.err.splitlines()[1:] == ["Aviso: 30 textos aún no están traducidos ('es') y se muestran en 'en'."]


def test_the_bundled_file_in_html_has_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "--lang", "all", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<td lang='es'>¿Cuántos años tiene?</td>" in page
    assert "not translated" not in page


@pytest.mark.slow
def test_review_in_one_language_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "--lang", "es"]) == 0
    page = capsys.readouterr().out
    assert "- **Language:** en; translations: es (draft); texts shown in es" in page.splitlines()
    assert "#### 2. ¿Cuántos años tiene?" in page.splitlines()


def test_markdown_shows_html_links_and_emphasis_in_a_translation_literally() -> None:
    hostile = TRANSLATED.replace(
        "    text: {en: Weak?, es: ¿Débil?}\n",
        '    text: {en: Weak?, es: "<img src=x onerror=alert(1)> [*ya*](https://e.example)"}\n',
    )
    text = review_languages.render([in_language(hostile, "en"), in_language(hostile, "es")], "markdown")
    assert (
        "| question weakness text | Weak? | \\<img src=x onerror=alert(1)\\> \\[\\*ya\\*\\](https://e.example) |"
        in text.splitlines()
    )
