"""Sign-off: a digest of what a person reads or what decides a level, and whether the last review still covers it."""

from __future__ import annotations

from selfcheck.errors import Problem, plural
from selfcheck.model.records import TYPE_CHECKING, NamedTuple
from selfcheck.model.ruleset import Person, text_sha256
from selfcheck.rulefile.yaml_nodes import Map, Node, Scalar, Seq

if TYPE_CHECKING:
    from selfcheck.rulefile.yaml_nodes import Document

DIGEST_PREFIX = "sha256:"
SHORT = 8  # hex digits kept per part: enough to tell 100 parts apart, short enough to read
# Metadata that records the review itself, or names the file rather than what it says: not signed.
UNSIGNED_METADATA = frozenset(("version", "status", "authors", "reviewers", "last_reviewed", "next_review"))


class Part(NamedTuple):
    """One signed part of the content: its name for a reader, where it starts, and its digest."""

    name: str
    line: int
    col: int
    sha256: str

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]


class Signoff(NamedTuple):
    """The last signed review of a rule file and how the content stands against it."""

    reviewer: Person | None  # the reviewer whose digest matches the content, or None
    changes: tuple[Problem, ...]  # warnings naming what changed after the last signature


def canonical(node: Node) -> str:
    """The node's values as one deterministic string: no positions, quoting, folding or comments."""
    if isinstance(node, Scalar):
        value = node.value
        # repr tells text from numbers and booleans. The line break a folded block (>) ends with is not read.
        return repr(value.strip() if isinstance(value, str) else value)
    if isinstance(node, Seq):
        return "[" + ",".join(canonical(item) for item in node.items) + "]"
    return "{" + ",".join(f"{name!r}:{canonical(v)}" for name, (_, v) in sorted(node.entries.items())) + "}"


def _digest(name: str, body: str) -> str:
    return text_sha256(f"{name}\n{body}")


def _id(node: Node) -> str:
    if isinstance(node, Map) and "id" in node.entries:
        value = node.entries["id"][1]
        if isinstance(value, Scalar):
            return str(value.value)
    return "?"


def parts(doc: Document) -> tuple[Part, ...]:
    """Every signed part of a rule file, in file order: metadata, each level, question and rule, their order, texts.

    The caller has loaded the file, so its shape is known to be right.
    """
    root = doc.root
    assert isinstance(root, Map)
    found: list[Part] = []
    for top, (key, value) in root.entries.items():
        if top == "metadata" and isinstance(value, Map):
            kept = [
                f"{name!r}:{_metadata_value(name, v)}"
                for name, (_, v) in sorted(value.entries.items())
                if name not in UNSIGNED_METADATA
            ]
            name = "the metadata (title, intended use, population, languages, sources)"
            found.append(Part(name, key.line, key.col, _digest(name, "{" + ",".join(kept) + "}")))
        elif isinstance(value, Seq):  # levels, questions, rules, and any list of records a later format adds
            kind = top[:-1] if top.endswith("s") else top
            for item in value.items:
                name = f"{kind} '{_id(item)}'"
                found.append(Part(name, item.line, item.col, _digest(name, canonical(item))))
            if top != "levels":
                # Which question is asked first, and in which order messages are read, is content too.
                name = f"the order of the {top}"
                order = ",".join(repr(_id(item)) for item in value.items)
                found.append(Part(name, key.line, key.col, _digest(name, order)))
        else:
            name = {"safety_net": "the safety net", "disclaimer": "the disclaimer"}.get(top, f"'{top}'")
            found.append(Part(name, key.line, key.col, _digest(name, canonical(value))))
    return tuple(found)


def _metadata_value(name: str, value: Node) -> str:
    if name != "translations" or not isinstance(value, Seq):
        return canonical(value)
    # A translation's status records its review; its language and the note the person reads are signed.
    items = []
    for item in value.items:
        if isinstance(item, Map):
            items.append(
                "{"
                + ",".join(f"{k!r}:{canonical(v)}" for k, (_, v) in sorted(item.entries.items()) if k != "status")
                + "}"
            )
    return "[" + ",".join(items) + "]"


def digest(found: tuple[Part, ...]) -> str:
    """The content digest: the SHA-256 of every part's SHA-256, one per line, in file order."""
    return DIGEST_PREFIX + text_sha256("".join(p.sha256 + "\n" for p in found))


def check(doc: Document, reviewers: tuple[Person, ...], where: tuple[int, int]) -> Signoff:
    """The last reviewer with a digest, if it matches the content; else warnings naming each changed part.

    where is the position of that reviewer's record, for what cannot be pinned on a part (a removed one).
    """
    signed = [p for p in reviewers if p.digest]
    if not signed:
        return Signoff(None, ())
    last = signed[-1]
    found = parts(doc)
    if digest(found) == last.digest:
        return Signoff(last, ())
    who = f"{last.name}, {last.date}"
    path = doc.path
    if not last.parts:
        message = f"the content changed after the last sign-off ({who}); review it and sign again"
        return Signoff(None, (Problem(path, *where, message),))
    stored = set(last.parts)
    changed = [p for p in found if p.short not in stored]
    problems = [Problem(path, p.line, p.col, f"{p.name} changed after the last sign-off ({who})") for p in changed]
    gone = len(stored - {p.short for p in found}) - len(changed)
    if gone > 0:
        message = f"{plural(gone, 'signed part')} removed after the last sign-off ({who})"
        problems.append(Problem(path, *where, message))
    if not problems:  # the same parts in a new arrangement the digest still tells apart
        problems.append(Problem(path, *where, f"the content changed after the last sign-off ({who})"))
    return Signoff(None, tuple(problems))
