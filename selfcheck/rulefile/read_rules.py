"""A rule file's rules and requirements read and checked: unique ids, conditions, sources, stops and bounds."""

from __future__ import annotations

from collections.abc import Callable

from selfcheck.errors import did_you_mean
from selfcheck.model.conditions import Condition
from selfcheck.model.ruleset import LEVEL_IDS, Requirement, Rule
from selfcheck.rulefile.kinds import TEXT
from selfcheck.rulefile.spec import REQUIREMENT, RULE, RULE_FILE
from selfcheck.rulefile.specread import SpecReader, named
from selfcheck.rulefile.yaml_nodes import Node

ReadCondition = Callable[[Node], "Condition | None"]  # parses a condition and checks its names

# What each item of a rule's sources is, and what problems call it.
_SOURCE_IN_RULE = RULE.field("sources").kind.item or TEXT
_SOURCE_IN_RULE_IS = RULE.field("sources").kind.item_what


def read_rules(
    r: SpecReader, node: Node | None, condition: ReadCondition, source_ids: tuple[str, ...]
) -> tuple[Rule, ...]:
    """The rules: unique ids, conditions whose names are known, known sources, no stop before any answer."""
    rules: list[Rule] = []
    seen: dict[str, int] = {}  # a dict, not a scan of `rules`: thousands of rules would take seconds
    for m, get in r.records(RULE, r.list_items(RULE_FILE.field("rules"), node)):
        rid = r.read(RULE, get, "id")
        if rid and rid in seen:
            r.problem(get["id"], f"duplicate rule id '{rid}' (first at line {seen[rid]})")
        seen.setdefault(rid, m.line)
        when = condition(get["when"]) if "when" in get else None
        sources = []
        for s in r.items(RULE, get, "sources"):
            sid = r.value(_SOURCE_IN_RULE, s, _SOURCE_IN_RULE_IS)
            if sid and sid not in source_ids:
                r.problem(s, f"unknown source '{sid}'{did_you_mean(sid, source_ids)}")
            sources.append(sid)
        rule = Rule(
            id=rid,
            when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
            level=r.read(RULE, get, "level"),
            message=r.read(RULE, get, "message"),
            rationale=r.read(RULE, get, "rationale"),
            sources=tuple(sources),
            stop=r.read(RULE, get, "stop"),
            line=m.line,
            always_show=r.read(RULE, get, "always_show"),
        )
        if rule.stop and when is not None and when.holds({}):
            # A question not asked matches nothing, so this rule holds before the first answer: the
            # questions would end before the emergency signs are asked, and nobody would be told to act.
            r.problem(
                get["when"],
                f"rule '{rid}' has stop: true but holds before any question is answered, so no question "
                "would be asked, not even the emergency signs: make it need an answer (such as 'q is x')",
            )
        rules.append(rule)
    return tuple(rules)


def read_requirements(
    r: SpecReader, node: Node | None, condition: ReadCondition, source_ids: tuple[str, ...], rule_ids: set[str]
) -> tuple[Requirement, ...]:
    """What the rules must do: a condition, a level bound, and the guideline clause it comes from."""
    found: list[Requirement] = []
    seen: dict[str, int] = {}
    for m, get in r.records(REQUIREMENT, r.list_items(RULE_FILE.field("requirements"), node)):
        rid = r.read(REQUIREMENT, get, "id")
        if rid in seen:
            r.problem(get["id"], f"duplicate requirement id '{rid}' (first at line {seen[rid]})")
        elif rid in rule_ids:
            # Findings and the review name requirements and rules alike by id: one id, one thing.
            r.problem(get["id"], f"requirement id '{rid}' is also a rule id; give the requirement its own")
        seen.setdefault(rid, m.line)
        when = condition(get["when"]) if "when" in get else None
        at_least = r.read(REQUIREMENT, get, "at_least")
        at_most = r.read(REQUIREMENT, get, "at_most")
        if "at_least" not in get and "at_most" not in get:
            r.problem(m, f"{named(m, 'requirement')} needs 'at_least' or 'at_most' (or both)")
        elif at_least and at_most and LEVEL_IDS.index(at_most) > LEVEL_IDS.index(at_least):
            r.problem(
                get["at_most"],
                f"at_most '{at_most}' is less urgent than at_least '{at_least}': no level meets both",
            )
        source = r.read(REQUIREMENT, get, "source")
        if source and source not in source_ids:
            r.problem(get["source"], f"unknown source '{source}'{did_you_mean(source, source_ids)}")
        found.append(
            Requirement(
                id=rid,
                when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
                at_least=at_least,
                at_most=at_most,
                source=source,
                clause=r.read(REQUIREMENT, get, "clause"),
                rationale=r.read(REQUIREMENT, get, "rationale"),
                line=m.line,
            )
        )
    return tuple(found)
