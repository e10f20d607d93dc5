"""The review document's content, computed once for every back end (Markdown, HTML, JSON): words, rows, states."""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING

from selfcheck import __version__
from selfcheck.model.english import english
from selfcheck.model.ruleset import LEVEL_IDS, Question, RuleSet

if TYPE_CHECKING:
    from selfcheck.render.review_coverage import Coverage

TYPE_WORDS = {"single": "one answer", "multiple": "tick all that apply", "yesno": "Yes / No / Not sure"}


FLOW_INTRO = (
    "The questions in the order they are asked, drawn from the rule file. A question after a \u201c?\u201d is "
    "asked only if the condition on its arrow holds, otherwise the flow goes on along the dashed arrow. "
    "A thick arrow leads from an answer to the rules that can end the questions right after it (stop rules, "
    "and rules at emergency once they hold whatever comes next), with the level they give; the emergency "
    "exits are red and say EMERGENCY EXIT."
)


KIND_WORDS = {"sign": "sign", "symptom": "symptom", "context": "context (not a symptom)"}


def asked_when(ruleset: RuleSet, question: Question) -> str:
    if question.ask_if is None:
        return "Always asked."
    return f"Asked only if {english(ruleset, question.ask_if)}."


def red_flag_words(ruleset: RuleSet, level_id: str) -> str:
    return f"always at least {ruleset.level(level_id).label}" if level_id else ""


def safe_url(url: str) -> str:
    """The url if it is a web address; anything else (javascript:, data:) is shown but never linked."""
    return url if url.startswith(("https://", "http://")) else ""


def figures(ruleset: RuleSet) -> list[tuple[str, str]]:
    """Counts a reviewer checks at a glance, computed from the file alone."""
    kinds = Counter(q.kind for q in ruleset.questions)
    levels = Counter(r.level for r in ruleset.rules)
    cited = {s for r in ruleset.rules for s in r.sources}
    uncited = [s.id for s in ruleset.metadata.sources if s.id not in cited]
    flags = sum(1 for q in ruleset.questions for c in q.choices if c.red_flag)
    return [
        ("Questions", f"{len(ruleset.questions)} ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})"),
        ("Conditional questions", str(sum(1 for q in ruleset.questions if q.ask_if is not None))),
        ("Rules", f"{len(ruleset.rules)} ({', '.join(f'{levels[v]} {v}' for v in LEVEL_IDS if levels[v])})"),
        ("Rules that end the questions", str(sum(1 for r in ruleset.rules if r.stop))),
        ("Red-flag choices", str(flags)),
        ("Sources", f"{len(ruleset.metadata.sources)}; cited by no rule: {', '.join(uncited) or 'none'}"),
    ]


def translations(ruleset: RuleSet) -> str:
    listed = ", ".join(f"{t.language} ({t.status})" for t in ruleset.metadata.translations) or "none"
    # `review --lang es` shows the person-facing texts in Spanish; say so where the languages are listed.
    return listed if ruleset.language == ruleset.metadata.language else f"{listed}; texts shown in {ruleset.language}"


REQUIREMENT_COLUMNS = ("Requirement", "What must hold", "Source, clause", "Status", "Rules that meet it")


def bound_words(ruleset: RuleSet, at_least: str, at_most: str) -> str:
    """A requirement's bounds with the level labels a clinician reads elsewhere in the document."""
    parts = [f"at least {ruleset.level(at_least).label}" if at_least else ""]
    parts.append(f"at most {ruleset.level(at_most).label}" if at_most else "")
    return " and ".join(p for p in parts if p)


def not_proved(coverage: Coverage) -> str:
    """A requirement's status when the analysis did not get to prove it: why, in the words analyze uses."""
    why = (
        "the answer space was refused as too large to check every combination"
        if coverage.refused
        else ("the analysis stopped at its limit first")
    )
    return f"not proved ({why})"


def requirement_rows(ruleset: RuleSet, coverage: Coverage | None) -> list[tuple[str, str, str, str, str]]:
    """One row per requirement, in file order: id, what must hold in English, source, status, rules."""
    found = {r[0]: r[1:] for r in coverage.requirements} if coverage is not None else {}
    rows = []
    for req in ruleset.requirements:
        holds = f"When {english(ruleset, req.when)}: {bound_words(ruleset, req.at_least, req.at_most)}."
        status, satisfied = "not analysed" if coverage is None or not coverage.stopped else not_proved(coverage), ""
        if req.id in found:
            state, applies, broken, rules = found[req.id]
            status = {
                "proved": f"proved in all {applies:,} answer sets where it applies",
                "violated": f"VIOLATED in {broken:,} of {applies:,} answer sets where it applies",
                "unreachable": "NEVER APPLIES: no answer set meets its condition",
            }[state]
            satisfied = ", ".join(rules) or ("no rule fires there" if state != "unreachable" else "")
        rows.append((req.id, holds, f"{req.source} {req.clause}", status, satisfied))
    return rows


def requirements_state(ruleset: RuleSet, coverage: Coverage | None) -> str:
    """The requirements' status in one sentence, for the sign-off: what the reviewer signs under."""
    count = len(ruleset.requirements)
    if not count:
        return "The file states no clinical requirements (requirements:) for the analysis to prove."
    if coverage is None:
        return f"Clinical requirements: {count}, not analysed for this document."
    if coverage.stopped and not coverage.requirements:
        return f"Clinical requirements: {count}, {not_proved(coverage)}; see Requirements."
    states = Counter(r[1] for r in coverage.requirements)
    words = {"proved": "proved", "violated": "VIOLATED", "unreachable": "never apply"}
    shown = ", ".join(f"{states[s]} {w}" for s, w in words.items() if states[s])
    return f"Clinical requirements: {count} ({shown}); see Requirements."


def shown_path(ruleset: RuleSet) -> str:
    """The rule file as a reviewer knows it: the path they gave, or the bundled file by name, not its install path."""
    from selfcheck.rulefile.loader import has_bundled_rules, is_bundled

    name = f"rules/{os.path.basename(ruleset.path)}" if is_bundled(ruleset.path) else ruleset.path
    return f"{name} (bundled with selfcheck {__version__})" if has_bundled_rules(ruleset) else name


def content_digest(ruleset: RuleSet) -> str:
    """The digest `selfcheck sign` records for this content."""
    from selfcheck.rulefile import signoff, sourcemap, strict_yaml

    # The nodes the loader read; parsed from the text only for a rule set built by hand.
    places = sourcemap.places(ruleset)
    doc = places.document if places is not None else strict_yaml.parse(ruleset.path, ruleset.text)
    return signoff.digest(signoff.parts(doc))


def signoff_state(ruleset: RuleSet) -> str:
    """Whether the last signed review still covers this content, in one sentence."""
    signed = [p for p in ruleset.metadata.reviewers if p.digest]
    if ruleset.reviewed_by is not None:
        p = ruleset.reviewed_by
        return (
            f"Signed off by {p.name}"
            + (f" ({p.role})" if p.role else "")
            + f" on {p.date}; the content is unchanged since."
        )
    if signed:
        changed = "; ".join(c.message.split(" changed after")[0] for c in ruleset.content_changes)
        return (
            f"Changed since the last sign-off ({signed[-1].name}, {signed[-1].date}): {changed}. It needs a new review."
        )
    return "Not signed off yet: no clinician has recorded a review of this content."


def reviewers_line(ruleset: RuleSet) -> tuple[str, str]:
    """(reviewers, last reviewed) as the document shows them: never a review date without a reviewer."""
    m = ruleset.metadata
    listed = "; ".join(p.name + (f" ({p.role})" if p.role else "") + f", {p.date}" for p in m.reviewers)
    if not m.reviewers:
        return "none yet", "not yet"
    return listed, m.last_reviewed


def sign_command(ruleset: RuleSet) -> str:
    """The command that records the review; for the bundled file, signed in a copy of it in rules/."""
    return f'selfcheck sign {signed_path(ruleset)} --name "NAME" --role "ROLE" --date YYYY-MM-DD'


def signed_path(ruleset: RuleSet) -> str:
    from selfcheck.rulefile.loader import is_bundled

    # `selfcheck sign` refuses the installed copy: the clinicians sign the copy they keep and edit.
    return f"rules/{os.path.basename(ruleset.path)}" if is_bundled(ruleset.path) else ruleset.path


def sign_note(ruleset: RuleSet) -> str:
    """Said after the command when the file reviewed is the installed copy, which is never signed."""
    if signed_path(ruleset) == ruleset.path:
        return ""
    return "(in your own copy of the file: the one installed with selfcheck is never signed)"


def spaced(text: str) -> str:
    """A clause after a sentence's last word: a space before it, or nothing when there is none."""
    return f" {text}" if text else ""
