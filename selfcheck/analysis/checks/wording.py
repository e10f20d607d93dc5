"""Texts a person reads in a result must not read as a diagnosis, odds or treatment advice (selfcheck.wording)."""

from __future__ import annotations

from collections.abc import Iterator

from selfcheck.analysis import wording
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding
from selfcheck.model.ruleset import RuleSet
from selfcheck.rulefile.yaml_nodes import Map, Scalar

ID = "wording"
FAMILY = ""
WALKS = False

Text = tuple[str, str, tuple[str | int, ...]]  # what it is, the text, its path in the file


def result_texts(ruleset: RuleSet) -> list[Text]:
    """Every text a person reads in a result, with what it is and where it is in the file."""
    texts: list[Text] = []
    for i, rule in enumerate(ruleset.rules):
        texts.append((f"the message of rule '{rule.id}'", rule.message, ("rules", i, "message")))
    for i, level in enumerate(ruleset.levels):
        texts.append((f"the label of level '{level.id}'", level.label, ("levels", i, "label")))
        texts.append((f"the action of level '{level.id}'", level.action, ("levels", i, "action")))
        if level.safety_net:
            texts.append((f"the safety net of level '{level.id}'", level.safety_net, ("levels", i, "safety_net")))
    texts.append(("the safety net", ruleset.safety_net, ("safety_net",)))
    texts.append(("the disclaimer", ruleset.disclaimer, ("disclaimer",)))
    return texts


def check(ctx: Context) -> Iterator[Finding]:
    own = ctx.ruleset.metadata.language
    for what, text, path in result_texts(ctx.ruleset):
        for hit in wording.hits(text, own):
            line, col = ctx.where.at(*path, offset=hit.offset)
            yield Finding("error", ID, f"{what} reads as {hit.what}: '{hit.words}'", line, col)
        # Every translation of the text too: a person reading it in Spanish must be as safe as one in English.
        for language, variant in translations(ctx, path):
            for hit in wording.hits(str(variant.value), language):
                line, col = ctx.where.at(*path, language, offset=hit.offset)
                message = f"{what} in '{language}' reads as {hit.what}: '{hit.words}'"
                yield Finding("error", ID, message, line, col)


def translations(ctx: Context, path: tuple[str | int, ...]) -> list[tuple[str, Scalar]]:
    """The text at path in each language but the file's own, as written (from the source map)."""
    source = ctx.where.source
    node = source.node(*path) if source is not None else None
    if not isinstance(node, Map):
        return []
    own = ctx.ruleset.metadata.language
    return [(lang, entry[1]) for lang, entry in node.entries.items() if lang != own and isinstance(entry[1], Scalar)]
