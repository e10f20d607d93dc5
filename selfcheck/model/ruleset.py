"""The rule set as immutable records: what the loader builds and the engine reads."""

from __future__ import annotations

import functools

from selfcheck.model.records import TYPE_CHECKING, NamedTuple, same_kind, sha256_hex

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Protocol

    from selfcheck.errors import Problem
    from selfcheck.model.conditions import Condition

    class Places(Protocol):
        """What the model knows of where a rule set's parts are in its file: the loader's source map
        (selfcheck.rulefile.sourcemap.SourceMap) is one; the model keeps it for the tools, never reads a file."""

        @property
        def path(self) -> str: ...

        def at(self, *path: str | int) -> tuple[int, int]: ...


LEVEL_IDS = ("emergency", "urgent", "soon", "routine", "none")
QUESTION_TYPES = ("single", "multiple", "yesno")
QUESTION_KINDS = ("sign", "symptom", "context")
STATUSES = ("draft", "active", "retired")
TRANSLATION_STATUSES = ("draft", "reviewed")

# Answers map a question id to the chosen choice ids (one for single and yes/no questions).
Answers = dict[str, tuple[str, ...]]


def level_rank(level_id: str) -> int:
    """0 for emergency, 4 for none: lower is more urgent."""
    return LEVEL_IDS.index(level_id)


@functools.lru_cache(maxsize=8)
def text_sha256(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes, worked out once per text."""
    return sha256_hex(text.encode("utf-8"))


class Source(NamedTuple):
    """A source the rules cite, by id."""

    id: str
    citation: str
    url: str = ""


class Person(NamedTuple):
    """An author or reviewer of the rule file."""

    name: str
    role: str = ""
    date: str = ""
    # A signed review (selfcheck sign): the content digest it covers, and each signed part's short digest,
    # so a later change can be named.
    digest: str = ""
    parts: tuple[str, ...] = ()


class Translation(NamedTuple):
    """A language the person-facing texts are also written in, and how far it has been checked."""

    language: str
    status: str  # draft: not yet clinically reviewed; reviewed: checked by a clinician
    # Told to the person, in that language, whenever the translation is used.
    note: str = ""


class Metadata(NamedTuple):
    """Who wrote the rule file, for whom, its status, review dates and sources."""

    id: str
    title: str
    version: str
    status: str
    intended_use: str
    population: str
    authors: tuple[Person, ...]
    reviewers: tuple[Person, ...]
    last_reviewed: str
    next_review: str
    sources: tuple[Source, ...]
    language: str = "en"
    translations: tuple[Translation, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """The default language first, then every declared translation."""
        return (self.language, *(t.language for t in self.translations))


class Level(NamedTuple):
    """One of the five levels: how soon to see a doctor, and the action text the person reads."""

    id: str
    label: str
    action: str
    # Ask nothing more once the answers so far make this level certain, whatever the rest would be.
    # `emergency` always does (see ends_when_certain); a clinician may say so for another level.
    stop_when_certain: bool = False
    # `selfcheck analyze` reports an error when more questions than this are asked after the level was
    # already certain (None: no bound).
    max_questions_after_certain: int | None = None
    # What to do if things change, for a result at this level; empty: the rule file's own safety net.
    # An emergency result needs its own ("do this check again" is no advice while waiting for help).
    safety_net: str = ""

    @property
    def ends_when_certain(self) -> bool:
        """Whether the questions end as soon as this level is certain: always for emergency advice."""
        return self.id == "emergency" or self.stop_when_certain


class Choice(NamedTuple):
    """One answer a person can pick."""

    id: str
    label: str
    help: str = ""
    exclusive: bool = False
    # The least urgent level a person choosing this must get; `selfcheck analyze` proves it.
    red_flag: str = ""


class Question(NamedTuple):
    """One question, asked in file order when its ask_if condition holds."""

    id: str
    section: str
    text: str
    help: str
    type: str
    kind: str
    choices: tuple[Choice, ...]
    summary: str
    ask_if: Condition | None = None
    line: int = 0

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def labels(self, ids: Iterable[str]) -> str:
        """An answer as the person reads it: the chosen choices' labels, comma-separated."""
        return ", ".join(self.choice(c).label for c in ids)

    def exclusive_conflict(self, ids: Sequence[str]) -> Choice | None:
        """The first exclusive choice in ids when other ids are chosen with it (it must stand alone), else None."""
        if len(ids) < 2:
            return None
        exclusive = {c.id: c for c in self.choices if c.exclusive}
        return next((exclusive[cid] for cid in ids if cid in exclusive), None)

    def without_exclusive(self, ids: list[str]) -> list[str]:
        """The ids without an exclusive choice ('None of these') when other choices are ticked with it.

        The one safe reading of a contradictory checklist, for answers files and plain mode alike: a sign ticked
        is never dropped.
        """
        if len(ids) < 2:
            return ids
        return [cid for cid in ids if not self.choice(cid).exclusive]


class Rule(NamedTuple):
    """When its condition holds, the person gets at least its level and reads its message."""

    id: str
    when: Condition
    level: str
    message: str
    rationale: str
    sources: tuple[str, ...]
    # Ask nothing more once this rule fires (emergency signs, people out of scope).
    stop: bool = False
    line: int = 0
    # Show the message with a more urgent result too (except an emergency, which shows only its own messages):
    # for what a person must read whatever the level, such as involving a parent or carer.
    always_show: bool = False


class Requirement(NamedTuple):
    """A clinical requirement: whenever its condition holds, the level stays within its bounds.

    `selfcheck analyze` proves it over every answer set the flow allows. A `red_flag` on a choice is
    shorthand for one: when the choice is chosen, at least that level.
    """

    id: str
    when: Condition
    at_least: str  # the least urgent level allowed, or "" for no lower bound
    at_most: str  # the most urgent level allowed (guards against frightening people), or ""
    source: str  # a source id from the metadata
    clause: str  # where in the source, for example "1.3.2"
    rationale: str
    line: int = 0

    def allows(self, level_id: str) -> bool:
        """Whether a result at this level meets both bounds."""
        rank = level_rank(level_id)
        return (not self.at_least or rank <= level_rank(self.at_least)) and (
            not self.at_most or rank >= level_rank(self.at_most)
        )

    def bound(self) -> str:
        """The bounds in words: 'at least urgent', 'at most routine', or both."""
        parts = [
            f"at least {self.at_least}" if self.at_least else "",
            f"at most {self.at_most}" if self.at_most else "",
        ]
        return " and ".join(p for p in parts if p)


# Two rule sets with the same content are equal whatever the file's formatting or where its parts are.
@same_kind("text", "source_map")
class RuleSet(NamedTuple):
    """A loaded, checked rule file."""

    path: str
    text: str  # the file's text, hashed on demand
    metadata: Metadata
    levels: tuple[Level, ...]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    safety_net: str
    disclaimer: str
    # The language the texts were picked in, and every text that fell back to the default language.
    language: str = "en"
    missing_translations: tuple[Problem, ...] = ()
    # Every missing translation, in every declared language (what `selfcheck validate` warns about).
    translation_gaps: tuple[Problem, ...] = ()
    # What the rules must do, for `selfcheck analyze` to prove (see Requirement).
    requirements: tuple[Requirement, ...] = ()
    # The reviewer whose signed digest matches this content (selfcheck sign), and warnings naming what
    # changed after the last signature when none does.
    reviewed_by: Person | None = None
    content_changes: tuple[Problem, ...] = ()
    # Where every part is in the file (selfcheck.rulefile.sourcemap), from the nodes the loader read; None for a
    # rule set built by hand. Tools take positions from here (sourcemap.places) and never parse the file again.
    source_map: Places | None = None

    # The repr leaves out the file's text and places, as the dataclass did (field(repr=False)).
    def __repr__(self) -> str:
        fields = zip(self._fields, self, strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in fields if name not in ("text", "source_map"))
        return f"RuleSet({shown})"

    @property
    def sha256(self) -> str:
        """The SHA-256 of the rule file's text, so a result names exactly the rules that produced it."""
        return text_sha256(self.text)

    @property
    def translation(self) -> Translation | None:
        """The translation in use, or None when the texts are in the file's default language."""
        return next((t for t in self.metadata.translations if t.language == self.language), None)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def level(self, level_id: str) -> Level:
        return next(v for v in self.levels if v.id == level_id)

    def safety_net_for(self, level: Level) -> str:
        """What to do if things change, for a result at this level."""
        return level.safety_net or self.safety_net

    def source(self, source_id: str) -> Source:
        return next(s for s in self.metadata.sources if s.id == source_id)
