"""A rule file's metadata read and checked: its languages and translations, sources, authors and reviewers."""

from __future__ import annotations

from selfcheck.model.ruleset import Metadata, Person, Source, Translation
from selfcheck.rulefile.kinds import Record
from selfcheck.rulefile.spec import METADATA, PERSON, REVIEWER, SOURCE, TRANSLATION
from selfcheck.rulefile.specread import SpecReader
from selfcheck.rulefile.yaml_nodes import Node

NOT_SIGNED = (0, 0)


def read_metadata(r: SpecReader, node: Node | None, lang: str | None) -> tuple[Metadata | None, tuple[int, int]]:
    """The metadata, and where the last signed reviewer's record starts (line, column).

    Sets the reader's languages (lang when the file declares it) before any text is read.
    """
    if node is None:
        return None, NOT_SIGNED
    m = r.record(METADATA, node)
    if m is None:
        return None, NOT_SIGNED
    get = r.fields(m)
    # The languages come first: every person-facing text after them may have variants.
    language = r.read(METADATA, get, "language") if "language" in get else "en"
    translations = _translations(r, r.items(METADATA, get, "translations"), language or "en")
    r.default_language = language or "en"
    r.languages = (r.default_language, *(t.language for t in translations))
    r.language = lang if lang in r.languages else r.default_language
    sources: list[Source] = []
    for _, sget in r.records(SOURCE, r.items(METADATA, get, "sources")):
        sid = r.read(SOURCE, sget, "id")
        if sid in (x.id for x in sources):
            r.problem(sget["id"], f"duplicate source id '{sid}'")
        sources.append(Source(sid, r.read(SOURCE, sget, "citation"), r.read(SOURCE, sget, "url")))
    authors, _ = _people(r, r.items(METADATA, get, "authors"), PERSON)
    reviewers, signed_at = _people(r, r.items(METADATA, get, "reviewers"), REVIEWER)
    metadata = Metadata(
        id=r.read(METADATA, get, "id"),
        title=r.read(METADATA, get, "title"),
        version=r.read(METADATA, get, "version"),
        status=r.read(METADATA, get, "status"),
        intended_use=r.read(METADATA, get, "intended_use"),
        population=r.read(METADATA, get, "population"),
        authors=authors,
        reviewers=reviewers,
        last_reviewed=r.read(METADATA, get, "last_reviewed"),
        next_review=r.read(METADATA, get, "next_review"),
        sources=tuple(sources),
        language=r.default_language,
        translations=translations,
    )
    return metadata, signed_at


def _translations(r: SpecReader, items: tuple[Node, ...], default_language: str) -> tuple[Translation, ...]:
    found: list[Translation] = []
    for _, get in r.records(TRANSLATION, items):
        code = r.read(TRANSLATION, get, "language")
        if code and (code == default_language or code in (t.language for t in found)):
            r.problem(get["language"], f"language '{code}' is declared twice")
            continue
        status = r.read(TRANSLATION, get, "status")
        if code:
            found.append(Translation(code, status, r.read(TRANSLATION, get, "note")))
    return tuple(found)


def _people(r: SpecReader, items: tuple[Node, ...], record: Record) -> tuple[tuple[Person, ...], tuple[int, int]]:
    """The people of authors or reviewers, and where the last one with a digest starts."""
    people = []
    signed_at = NOT_SIGNED
    for pm, get in r.records(record, items):
        # A reviewer's record is dated and may carry the digest `selfcheck sign` wrote.
        dated = record is REVIEWER
        digest = r.read(record, get, "digest") if dated else ""
        parts = tuple(r.read(record, get, "parts").split()) if dated else ()
        date = r.read(record, get, "date") if dated else ""
        people.append(Person(r.read(record, get, "name"), r.read(record, get, "role"), date, digest, parts))
        if digest:
            signed_at = (pm.line, pm.col)
    return tuple(people), signed_at
