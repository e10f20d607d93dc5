"""Wording a person must never read in a result: a diagnosis, odds, or treatment advice (in each language)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONDITIONS = (
    r"multifocal motor neuropathy|MMN|motor neuron(?:e)? disease|ALS|amyotrophic|stroke|TIA|"
    r"Guillain[- ]Barr[eé]|CIDP|carpal tunnel|cauda equina|vasculiti[cs]|myelopathy|neuropathy|"
    r"multiple sclerosis|metasta\w*"
)

# (what it reads as, pattern) in English; case-insensitive except where a pattern sets its own flags.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (what, re.compile(pattern, re.IGNORECASE))
    for what, pattern in (
        # "If you have trouble breathing, call ..." is an instruction, not a diagnosis.
        (
            "a diagnosis",
            r"(?<!\bif )(?<!\bwhen )(?<!\bwhether )\byou (?:may |might |could |probably |possibly |likely )?"
            r"(?:have|are suffering from|suffer from)\b(?! had\b| been\b| noticed\b| told\b| not\b| to\b)",
        ),
        # "X suggests Y" draws a conclusion; "we suggest you book" is advice on what to do, and allowed.
        (
            "a diagnosis",
            r"\b(?:this|that|these|it|which) (?:suggests?|indicates?|points? to|means you have|confirms?)\b"
            r"|\b(?:suggests|indicates|suggestive of|means you have)\b",
        ),
        ("a diagnosis", r"\b(?:is|are) (?:consistent|compatible) with\b"),
        ("a diagnosis", r"\b(?:diagnosed|diagnosis of|diagnose you)\b(?! (?:or|and) )"),
        ("a diagnosis", r"\b(?:sounds|looks) like\b"),
        ("a diagnosis", rf"\b(?:{_CONDITIONS})\b"),
        ("odds", r"\d+(?:\.\d+)?\s*(?:%|per ?cent\b)|\bper ?cent\b|\b\d+ (?:in|out of) \d+\b"),
        ("odds", r"\b(?:chances?|odds|probabl[ey]|probability|likel[yi]\w*|unlikely|rarely serious)\b"),
        (
            "treatment advice",
            r"\b(?:IVIG|IVIg|immunoglobulin|steroids?|corticosteroids?|prednisol?one|cyclophosphamide|rituximab|"
            r"ibuprofen|paracetamol|acetaminophen|aspirin|painkillers?|antibiotics?)\b",
        ),
        ("treatment advice", r"\b(?:dose|doses|dosage|\d+\s*mg|milligrams?)\b"),
        (
            "treatment advice",
            r"\b(?:take|taking|start|stop|increase|reduce)\b(?: \w+){0,3} "
            r"(?:tablets?|pills?|capsules?|medicines?|medications?|drugs?)\b",
        ),
    )
)


# What reads the same in any language: names of conditions and medicines, percentages and doses. A
# translation is checked with these and, where selfcheck knows the language, with its own patterns,
# so a diagnosis or a dose cannot pass review by being written in Spanish.
_NEUTRAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (what, re.compile(pattern, re.IGNORECASE))
    for what, pattern in (
        ("a diagnosis", rf"\b(?:{_CONDITIONS}|ictus|esclerosis m[uú]ltiple|neuropat[ií]a\w*|s[ií]ndrome de \w+)\b"),
        ("odds", r"\d+(?:[.,]\d+)?\s*%|\b\d+ (?:de cada|entre) \d+\b"),
        (
            "treatment advice",
            r"\b(?:IVIG|IVIg|immunoglobulin|inmunoglobulinas?|steroids?|corticoides?|corticosteroid\w*|"
            r"prednisol?ona|prednisol?one|cyclophosphamide|ciclofosfamida|rituximab|ibuprofeno?|paracetamol|"
            r"acetaminof[eé]n|acetaminophen|aspirina?|antibi[oó]tic\w*)\b",
        ),
        ("treatment advice", r"\b\d+\s*mg\b"),
    )
)

# Spanish: the same three things, in the words a translator would use for them.
_SPANISH: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (what, re.compile(pattern, re.IGNORECASE))
    for what, pattern in (
        (
            "a diagnosis",
            r"(?<!\bsi )\b(?:usted )?(?:probablemente |posiblemente )?(?:tiene|padece|sufre) (?:de |un |una )?"
            r"(?:enfermedad|s[ií]ndrome|trastorno|neuropat)",
        ),
        (
            "a diagnosis",
            r"\b(?:diagn[oó]stico de|le diagnostic\w*|indica que|sugiere que|es compatible con|parece (?:un|una))\b",
        ),
        ("odds", r"\b(?:probable(?:s|mente)?|probabilidad(?:es)?|posibilidad(?:es)?|improbable|riesgo de \d+)\b"),
        ("treatment advice", r"\b(?:dosis|miligramos?)\b"),
        (
            "treatment advice",
            r"\b(?:tome|tomar|tomando|empiece|empezar|deje de|aumente|reduzca)\b(?: \w+){0,3} "
            r"(?:pastillas?|comprimidos?|c[aá]psulas?|medicamentos?|medicinas?|f[aá]rmacos?)\b",
        ),
    )
)

# The patterns for a text in each language selfcheck knows; any other language gets the neutral ones.
BY_LANGUAGE: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {"en": PATTERNS, "es": _NEUTRAL + _SPANISH}


@dataclass(frozen=True)
class Hit:
    what: str
    offset: int
    words: str


def hits(text: str, language: str = "en") -> list[Hit]:
    """Every place the text, written in language, reads as a diagnosis, odds or treatment advice, in text order."""
    patterns = BY_LANGUAGE.get(language, _NEUTRAL)
    found = [Hit(what, m.start(), m.group(0)) for what, pattern in patterns for m in pattern.finditer(text)]
    return sorted(found, key=lambda h: h.offset)


# Reading age about 11 to 12 (clinical notes) is a Flesch-Kincaid grade of about 6 to 7;
# a text above this grade is reported so a clinician can shorten its sentences or words.
MAX_GRADE = 8.0
MIN_WORDS = 10
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """An estimate good enough for a readability figure: vowel groups, less a silent final e."""
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of an English text (0 for a text without words)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(len(_SENTENCE_END.findall(text.strip())), 1)
    total = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59
