"""The rule-file format, declared once: the loader's structural checks and the JSON Schema both come from here.

`python tools/write_schema.py --write` writes the JSON Schema generated from this spec to
selfcheck/rulefile/schema/rules.schema.json (`--schema` prints it).

Each Record lists a mapping's keys, in file order: whether each is required, what kind of value it takes
(a Kind), the name problems call it by, and the help an editor shows. The loader checks keys and kinds
through selfcheck.rulefile.specread's reading of these records, so a key added here is known to both the loader
and the schema; what a kind cannot say (cross references, conditions, the order of the levels) stays code in
the loader, and the schema says the same for editors in each record's `schema` part. The vocabulary (Kind,
Field, Record, and the kinds records share) is selfcheck.rulefile.kinds; selfcheck.rulefile.schema.generate
writes the JSON Schema from these records.
"""

from __future__ import annotations

from selfcheck.model.ruleset import LEVEL_IDS, QUESTION_KINDS, QUESTION_TYPES, STATUSES, TRANSLATION_STATUSES
from selfcheck.rulefile.kinds import (
    CONDITION,
    COUNT,
    DATE,
    DIGEST,
    FLAG,
    ID,
    LANGUAGE,
    PARTS,
    TEXT,
    TRANSLATABLE,
    Field,
    Kind,
    Record,
    list_of,
    one_of,
    optional,
    ref,
    when_type,
)

# A yes/no question's choices, when it lists them (else built in, with labels in the file's language).
YESNO_IDS = ("yes", "no", "not_sure")
RED_FLAG_LEVELS = LEVEL_IDS[:4]  # a red flag or a lower bound of none would say nothing
UPPER_BOUND_LEVELS = LEVEL_IDS[1:]  # an upper bound of emergency would say nothing

PERSON = Record(
    "person",
    "an entry in authors",
    (Field("name", TEXT), optional("role", TEXT)),
)
REVIEWER = Record(
    "reviewer",
    "an entry in reviewers",
    (
        Field("name", TEXT),
        optional("role", TEXT),
        Field("date", DATE),
        optional(
            "digest", DIGEST, description="Written by `selfcheck sign`: the digest of the content this review covers."
        ),
        optional(
            "parts",
            PARTS,
            description="Written by `selfcheck sign`: a short digest of each signed part, so a later change can be "
            "named.",
        ),
    ),
)
SOURCE = Record(
    "source",
    "source",
    (Field("id", TEXT, "source id"), Field("citation", TEXT), optional("url", TEXT)),
    named=True,
)
TRANSLATION = Record(
    "translation",
    "a translation",
    (
        Field("language", LANGUAGE, "translation language"),
        Field("status", one_of(*TRANSLATION_STATUSES), "translation status"),
        optional("note", TEXT, "translation note", "Shown to people using this translation."),
    ),
)
METADATA = Record(
    "metadata",
    "metadata",
    (
        Field("id", ID, "metadata id"),
        Field("title", TRANSLATABLE),
        Field("version", TEXT, description='The rule file\'s version; quote it, for example "1.2.0".'),
        Field("status", one_of(*STATUSES)),
        optional(
            "language", LANGUAGE, description="The file's own language (default en); every translatable text has it."
        ),
        Field("intended_use", TEXT),
        Field("population", TEXT),
        Field("authors", list_of(ref("person"), min_items=0)),
        Field("reviewers", list_of(ref("reviewer"), min_items=0)),
        Field("last_reviewed", DATE),
        Field("next_review", DATE),
        Field("sources", list_of(ref("source")), "metadata sources"),
        optional(
            "translations",
            list_of(ref("translation"), min_items=0),
            description="Other languages the person-facing texts are given in.",
        ),
    ),
    description="Who wrote and reviewed the rule file, for whom, and its sources.",
)
LEVEL = Record(
    "level",
    "level",
    (
        Field("id", TEXT, "level id"),
        Field("label", TRANSLATABLE),
        Field("action", TRANSLATABLE),
        optional(
            "stop_when_certain",
            FLAG,
            description="End the questions as soon as the answers make this level certain, whatever the rest "
            "would be. Emergency always does.",
        ),
        optional(
            "max_questions_after_certain",
            COUNT,
            description="`selfcheck analyze` reports an error when more questions than this are asked after "
            "this level was already certain.",
        ),
        optional(
            "safety_net",
            TRANSLATABLE,
            description="What to do if things change, for a result at this level; without it, the file's own "
            "safety net.",
        ),
    ),
    named=True,
)
CHOICE = Record(
    "choice",
    "choice",
    (
        Field("id", ID, "choice id"),
        Field("label", TRANSLATABLE),
        optional("help", TRANSLATABLE),
        optional(
            "exclusive",
            FLAG,
            description='Only on its own (for example "None of these"); multiple-choice questions only.',
        ),
        optional(
            "red_flag", one_of(*RED_FLAG_LEVELS), description="The least urgent level a person choosing this must get."
        ),
    ),
    named=True,
)


QUESTION = Record(
    "question",
    "question",
    (
        Field("id", ID, "question id"),
        optional(
            "section",
            TRANSLATABLE,
            description="Section heading; later questions stay in it until another is named.",
        ),
        Field("text", TRANSLATABLE, "question text"),
        Field("help", TRANSLATABLE),
        Field("type", one_of(*QUESTION_TYPES), "question type"),
        Field(
            "kind",
            one_of(*QUESTION_KINDS),
            "question kind",
            description="sign or symptom (more answers never lower the level) or context (such as an existing "
            "diagnosis).",
        ),
        Field("summary", TRANSLATABLE, description="What the doctor reads next to the answer."),
        optional("choices", list_of(ref("choice"))),
        optional("ask_if", CONDITION, "condition"),
    ),
    named=True,
    # The loader's checks of choices against the type (selfcheck.rulefile.loader, _Builder.choices).
    schema={
        "allOf": [
            when_type(("single", "multiple"), {"required": ["choices"], "properties": {"choices": {"minItems": 2}}}),
            when_type(
                ("yesno",),
                {
                    "properties": {
                        "choices": {
                            "description": "Leave out for Yes / No / Not sure, or give exactly yes, no, not_sure "
                            "in that order.",
                            "minItems": 3,
                            "items": False,
                            "prefixItems": [{"properties": {"id": {"const": c}}} for c in YESNO_IDS],
                        }
                    }
                },
            ),
            when_type(
                ("single", "yesno"),
                {"properties": {"choices": {"items": {"properties": {"exclusive": {"const": False}}}}}},
            ),
        ]
    },
)
RULE = Record(
    "rule",
    "rule",
    (
        Field("id", ID, "rule id"),
        Field("when", CONDITION, "condition"),
        Field("level", one_of(*LEVEL_IDS)),
        Field("message", TRANSLATABLE, description="What the person reads when the rule fires."),
        Field("rationale", TEXT, description="Why, for clinicians; never shown to the person."),
        Field("sources", list_of(TEXT, "source id"), description="Ids of metadata sources."),
        optional("stop", FLAG, description="Ask nothing more once this rule fires."),
        optional(
            "always_show",
            FLAG,
            description="Show the message with a more urgent result too, except an emergency, which shows only "
            "its own messages.",
        ),
    ),
    named=True,
)
REQUIREMENT = Record(
    "requirement",
    "requirement",
    (
        Field("id", ID, "requirement id"),
        Field("when", CONDITION, "condition", description="The answers it is about, in the condition language."),
        optional(
            "at_least",
            one_of(*RED_FLAG_LEVELS),
            description="The least urgent level allowed when the condition holds.",
        ),
        optional(
            "at_most",
            one_of(*UPPER_BOUND_LEVELS),
            description="The most urgent level allowed when the condition holds (so as not to frighten people).",
        ),
        Field("source", TEXT, "source id", description="The id of the metadata source it comes from."),
        Field(
            "clause",
            TEXT,
            description="Where in the source, for example a recommendation number; quote it.",
        ),
        Field("rationale", TEXT, description="Why, for clinicians."),
    ),
    named=True,
    # The loader: "needs 'at_least' or 'at_most' (or both)".
    schema={"anyOf": [{"required": ["at_least"]}, {"required": ["at_most"]}]},
)


LEVELS = Kind(
    "list",
    "Exactly the five levels, from most to least urgent: emergency, urgent, soon, routine, none.",
    ref="levels",
    item=ref("level"),
)
RULE_FILE = Record(
    "rule_file",
    "the rule file",
    (
        Field("metadata", ref("metadata")),
        Field("levels", LEVELS),
        Field("questions", list_of(ref("question")), description="The questions, in the order they are asked."),
        Field(
            "rules",
            list_of(ref("rule")),
            description="The rules; a person gets the most urgent level of the rules that fire, or none.",
        ),
        optional(
            "requirements",
            list_of(ref("requirement"), min_items=0),
            description="What the rules must do, proved by `selfcheck analyze` over every answer set: whenever "
            "a requirement's condition holds, the level stays within its bounds.",
        ),
        Field("safety_net", TRANSLATABLE, description="What every person is told to do if things change."),
        Field("disclaimer", TRANSLATABLE, description="Shown with every result: not a diagnosis, no treatment advice."),
    ),
    description="A selfcheck rule file: metadata and sources, the five levels, the questions in the order they "
    "are asked, and the rules. Conditions (ask_if, when) use selfcheck's condition language; `selfcheck "
    "validate` checks them and every name in them.",
)

RECORDS = {
    r.name: r
    for r in (PERSON, REVIEWER, SOURCE, METADATA, LEVEL, CHOICE, QUESTION, RULE, REQUIREMENT, TRANSLATION, RULE_FILE)
}
