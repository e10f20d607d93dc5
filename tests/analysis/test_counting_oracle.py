"""The analysis' counts on generated small rule files agree with a brute-force enumeration by the engine."""

from __future__ import annotations

import re
from collections import Counter

from analysis_files import TODAY, analysis_of, answer_sets, ruleset_of
from conftest import header
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.analysis.joint import Joint
from selfcheck.analysis.orchestrate import Analysis
from selfcheck.analysis.walks import RANKS
from selfcheck.engine import flow as engine
from selfcheck.engine.classes import build_domains
from selfcheck.engine.space import Flow
from selfcheck.model.conditions import parse
from selfcheck.model.ruleset import LEVEL_IDS, RuleSet, level_rank

YESNO = ("yes", "no", "not_sure")
Messages = dict[str, list[str]]  # finding messages by check id


Question = tuple[str, str, tuple[str, ...]]  # id, type, choice ids


def _draw_questions(draw: st.DrawFn) -> tuple[list[Question], set[str]]:
    """One to four questions of any type, and which checklists get an exclusive 'none'."""
    questions: list[Question] = []
    for i in range(draw(st.integers(1, 4))):
        qtype = draw(st.sampled_from(["yesno", "single", "multiple"]))
        n = draw(st.integers(2, 3))
        choices = YESNO if qtype == "yesno" else tuple(f"c{k}" for k in range(n))
        questions.append((f"q{i}", qtype, choices))
    exclusive = {q for q, t, _ in questions if t == "multiple" and draw(st.booleans())}
    return questions, exclusive


def _draw_test(draw: st.DrawFn, among: list[Question], exclusive: set[str]) -> str:
    """One test of one question: 'is', 'in', 'has', 'has any' or 'has all', sometimes under 'not'."""
    qid, qtype, choices = draw(st.sampled_from(among))
    picked = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=2, unique=True))
    if qtype == "multiple":
        op = draw(st.sampled_from(["has", "has any", "has all"])) if len(picked) > 1 else "has"
        if qid in exclusive and draw(st.integers(0, 4)) == 0:
            picked, op = ["none"], "has"
    else:
        op = "in" if len(picked) > 1 else "is"
    listed = picked[0] if op in ("is", "has") else "[" + ", ".join(picked) + "]"
    text = f"{qid} {op} {listed}"
    return f"not {text}" if draw(st.integers(0, 3)) == 0 else text


def _draw_condition(draw: st.DrawFn, among: list[Question], exclusive: set[str]) -> str:
    """One or two 'and' groups of one or two tests, joined by 'or' (bracketed where needed)."""
    terms = [
        " and ".join(_draw_test(draw, among, exclusive) for _ in range(draw(st.integers(1, 2))))
        for _ in range(draw(st.integers(1, 2)))
    ]
    return " or ".join(f"({t})" if len(terms) > 1 and " and " in t else t for t in terms)


def _question_lines(draw: st.DrawFn, questions: list[Question], exclusive: set[str]) -> list[str]:
    lines = ["questions:"]
    for i, (qid, qtype, choices) in enumerate(questions):
        kind = draw(st.sampled_from(["symptom", "sign", "context"]))
        lines += [f"  - id: {qid}", f"    kind: {kind}", f"    type: {qtype}", "    text: Q?", "    help: H."]
        lines += [f"    summary: S{i}"]
        if i and draw(st.integers(0, 2)) == 0:
            lines += [f"    ask_if: {_draw_condition(draw, questions[:i], exclusive)}"]
        if qtype != "yesno":
            lines += ["    choices:"]
            for c in choices:
                flag = ""
                if draw(st.integers(0, 5)) == 0:
                    flag = f", red_flag: {draw(st.sampled_from(LEVEL_IDS[:4]))}"
                lines += [f"      - {{id: {c}, label: {c}{flag}}}"]
            if qid in exclusive:
                lines += ["      - {id: none, label: None of these, exclusive: true}"]
    return lines


def _rule_lines(draw: st.DrawFn, questions: list[Question], exclusive: set[str]) -> list[str]:
    lines = ["rules:"]
    for i in range(draw(st.integers(1, 5))):
        level = draw(st.sampled_from(LEVEL_IDS[:4]))
        when = _draw_condition(draw, questions, exclusive)
        lines += [f"  - id: r{i}", f"    when: {when}", f"    level: {level}", "    message: M."]
        lines += ["    rationale: R.", "    sources: [SRC]"]
        # A stop rule that holds before any answer is refused by the loader (it would ask nothing).
        if draw(st.integers(0, 3)) == 0 and not parse(when).holds({}):
            lines += ["    stop: true"]
    return lines


def _requirement_lines(draw: st.DrawFn, questions: list[Question], exclusive: set[str]) -> list[str]:
    requirements = draw(st.integers(0, 2))
    lines = ["requirements:"] if requirements else []
    for i in range(requirements):
        lines += [f"  - id: req{i}", f"    when: {_draw_condition(draw, questions, exclusive)}"]
        # at_most (the most urgent level allowed) is never emergency, at_least never none, and in that order.
        at_most = draw(st.sampled_from(["", *LEVEL_IDS[1:]]))
        lower = [x for x in LEVEL_IDS[:4] if not at_most or level_rank(x) >= level_rank(at_most)]
        if lower and (not at_most or draw(st.booleans())):
            lines += [f"    at_least: {draw(st.sampled_from(lower))}"]
        if at_most:
            lines += [f"    at_most: {at_most}"]
        lines += ["    source: SRC", '    clause: "1"', "    rationale: R."]
    return lines


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """Up to four questions of every type (ask_if chains, red flags, exclusive choices), rules with 'not',
    'has all', 'in' and stops at any level, and requirements with one or both bounds."""
    questions, exclusive = _draw_questions(draw)
    lines = [header()]
    lines += _question_lines(draw, questions, exclusive)
    lines += _rule_lines(draw, questions, exclusive)
    lines += _requirement_lines(draw, questions, exclusive)
    lines += ["safety_net: S.", "disclaimer: D."]
    return "\n".join(lines) + "\n"


def _count(message: str) -> int:
    found = re.search(r"(\d+) (?:answer sets?|before/after pairs?)", message)
    assert found, message
    return int(found.group(1))


def _positive(ruleset: RuleSet, answers: dict[str, tuple[str, ...]]) -> bool:
    """A yes to a sign or symptom, or a ticked (not exclusive) choice of one."""
    for q in ruleset.questions:
        if q.id not in answers or q.kind not in ("sign", "symptom"):
            continue
        if q.type == "yesno" and answers[q.id] == ("yes",):
            return True
        if q.type == "multiple" and not any(q.choice(c).exclusive for c in answers[q.id]):
            return True
    return False


Enumerated = list[tuple[dict[str, tuple[str, ...]], engine.Result]]  # every answer set with its result


def _check_figures(ruleset: RuleSet, analysis: Analysis, every: Enumerated) -> None:
    """Answer sets, levels, questions asked, rule coverage and requirements, counted one by one."""
    results = [r for _, r in every]
    assert analysis.complete
    assert analysis.answer_sets == len(every)
    levels = Counter(r.level.id for r in results)
    assert dict(analysis.levels) == {level: levels.get(level, 0) for level in LEVEL_IDS}
    asked = {q.id: sum(1 for a, _ in every if q.id in a) for q in ruleset.questions}
    assert dict(analysis.questions) == asked
    for rule, coverage in zip(ruleset.rules, analysis.rules, strict=True):
        fires = sum(1 for r in results if rule in r.fired)
        decides = sum(1 for r in results if rule in r.fired and r.level.id == rule.level)
        assert (coverage.id, coverage.fires, coverage.decides) == (rule.id, fires, decides)
    for req, proof in zip(ruleset.requirements, analysis.requirements, strict=True):
        holds = [r for a, r in every if req.when.holds(a)]
        broken = [r for r in holds if not req.allows(r.level.id)]
        assert (proof.id, proof.applies, proof.violations) == (req.id, len(holds), len(broken))
        fired_at_level = {
            rule.id for r in holds if req.allows(r.level.id) for rule in r.fired if rule.level == r.level.id
        }
        assert set(proof.satisfied_by) <= fired_at_level


def _check_rule_findings(ruleset: RuleSet, analysis: Analysis, every: Enumerated, by_check: Messages) -> None:
    """Gaps, dead and shadowed rules."""
    gaps = sum(1 for a, r in every if not r.fired and _positive(ruleset, a))
    assert [_count(m) for m in by_check.get("gap", [])] == ([gaps] if gaps else [])
    dead = {c.id for c in analysis.rules if not c.fires}
    shadowed = {c.id for c in analysis.rules if c.fires and not c.decides}
    assert {m.split("'")[1] for m in by_check.get("dead-rule", [])} == dead
    assert {m.split("'")[1] for m in by_check.get("shadowed-rule", [])} == shadowed


def _check_red_flags(ruleset: RuleSet, every: Enumerated, by_check: Messages) -> None:
    """Each red-flag choice ticked in an answer set whose level is less urgent than the flag's."""
    flagged: Counter[tuple[str, str]] = Counter()
    for a, r in every:
        for q in ruleset.questions:
            for cid in a.get(q.id, ()):
                flag = q.choice(cid).red_flag
                if flag and level_rank(r.level.id) > level_rank(flag):
                    flagged[(cid, q.id)] += 1
    found = {(m.split("'")[1], m.split("'")[3]): _count(m) for m in by_check.get("red-flag", [])}
    assert found == dict(flagged)


def joint_counts(ruleset: RuleSet) -> dict[str, int]:
    """Per question, the before/after pairs that lower the level, by the full joint walk of every pair."""
    flow = Flow(ruleset, build_domains([ruleset], marks=False))
    out: dict[str, int] = {}
    for q in ruleset.questions:
        pairs = flow.domains[q.id].monotone_pairs()
        if pairs:
            summary = Joint(flow, flow, q.id, pairs).run()
            n = sum(summary[ra * RANKS + rb] for ra in range(RANKS) for rb in range(RANKS) if ra < rb)
            if n:
                out[q.id] = n
    return out


def _check_monotonicity(ruleset: RuleSet, by_check: Messages) -> None:
    """The analysis (which skips joint states that cannot lower the level) against the full joint walk of
    every before/after pair."""
    found_m = {m.split("'")[1]: _count(m) for m in by_check.get("monotonicity", [])}
    assert found_m == joint_counts(ruleset)


def check_against_brute_force(text: str) -> None:
    ruleset = ruleset_of(text)
    analysis = analysis_of(text, TODAY)
    every = [(answers, engine.evaluate(ruleset, answers)) for answers in answer_sets(ruleset)]
    _check_figures(ruleset, analysis, every)
    by_check: Messages = {}
    for f in analysis.findings:
        by_check.setdefault(f.check, []).append(f.message)
    assert "internal" not in by_check and "no-crash" not in by_check, by_check
    _check_rule_findings(ruleset, analysis, every, by_check)
    _check_red_flags(ruleset, every, by_check)
    _check_monotonicity(ruleset, by_check)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_files())
def test_every_count_and_finding_agrees_with_a_brute_force_enumeration(text: str) -> None:
    check_against_brute_force(text)
