"""The review's coverage section: the figures of the whole-answer-space analysis, kept by content, and their lines."""

from __future__ import annotations

import contextlib
import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable

    from selfcheck.analysis.budget import Budget
    from selfcheck.analysis.orchestrate import Analysis
    from selfcheck.model.ruleset import RuleSet


@dataclass(frozen=True)
class Coverage:
    """Figures from the whole-answer-space analysis (selfcheck.analysis.orchestrate)."""

    answer_sets: int
    seconds: float
    levels: tuple[tuple[str, int], ...]  # answer sets per level, most urgent first
    findings: tuple[tuple[str, str, int], ...]  # (severity, check, how many), errors first
    # Per requirement: (id, proved / violated / unreachable, answer sets where it applies, of those broken,
    # the rules that decide the level where it is met)
    requirements: tuple[tuple[str, str, int, int, tuple[str, ...]], ...] = ()
    stopped: str = ""  # why the analysis did not finish (selfcheck.analysis.budget), or ""
    # For an analysis that did not finish: the ids of the checks that finished and of those that did not, and
    # per family of properties (status, what was shown) as analyze says it (selfcheck.render.check_status.families).
    finished: tuple[str, ...] = ()
    not_finished: tuple[str, ...] = ()
    families: tuple[tuple[str, str], ...] = ()
    refused: bool = False  # the answer space was refused as too large to check, before any walk
    method: str = "walk"  # what counted (selfcheck.analysis.orchestrate.Analysis.method)


def counted_by(coverage: Coverage) -> list[str]:
    """The line that says which method counted, as analyze says it: only for a method other than the walk."""
    if coverage.method == "walk":
        return []
    from selfcheck.render.check_status import METHOD_NAMES, STOPPED_NAMES

    names = STOPPED_NAMES if coverage.stopped else METHOD_NAMES
    return [f"Counted by: {names.get(coverage.method, coverage.method)} (--method {coverage.method})."]


def coverage_lines(coverage: Coverage | None) -> list[str]:
    if coverage is None:
        return ["The whole-answer-space analysis was not run for this document."]
    if coverage.stopped:
        return [line for part in stopped_parts(coverage) for line in part]
    lines = [
        f"Answer sets covered: {coverage.answer_sets:,} (every answer set a person can give), "
        f"in {coverage.seconds:.2f} s.",
        "Answer sets per level: " + ", ".join(f"{level} {n:,}" for level, n in coverage.levels) + ".",
    ]
    for severity, title in (("error", "Errors"), ("warning", "Warnings")):
        counts = [(check, n) for sev, check, n in coverage.findings if sev == severity]
        detail = " (" + ", ".join(f"{check} {n}" for check, n in counts) + ")" if counts else ""
        lines.append(f"{title}: {sum(n for _, n in counts)}{detail}.")
    lines += counted_by(coverage)
    lines.append("Run selfcheck analyze for every finding with its line and examples.")
    return lines


STATUS_WORDS = {"proved": "Proved", "not checked": "Not checked", "none": "Nothing to prove", "warning": "Warning"}


def stopped_parts(coverage: Coverage) -> tuple[list[str], list[str], list[str]]:
    """What an analysis that stopped at its limit proved before it stopped, and what it did not: where it
    stopped and which checks finished; one line per family of properties; what was found so far."""
    outcome = "was refused" if coverage.refused else "did not finish"
    head = [
        f"The whole-answer-space analysis {outcome}: {coverage.stopped}.",
        f"Checks that finished: {', '.join(coverage.finished) or 'none'}.",
        f"Checks not finished: {', '.join(coverage.not_finished) or 'none'}.",
        *counted_by(coverage),
    ]
    families = [f"{STATUS_WORDS.get(status, status)}: {text}." for status, text in coverage.families]
    found = []
    for severity, title in (("error", "Errors so far"), ("warning", "Warnings so far")):
        counts = [(check, n) for sev, check, n in coverage.findings if sev == severity]
        detail = " (" + ", ".join(f"{check} {n}" for check, n in counts) + ")" if counts else ""
        found.append(f"{title}: {sum(n for _, n in counts)}{detail}.")
    return head, families, found


def coverage_of(
    ruleset: RuleSet,
    limits: Budget | None = None,
    progress: Callable[[str], None] | None = None,
    method: str = "auto",
) -> Coverage:
    """The coverage section's figures: those `analyze` kept for this very file today (selfcheck.analysis.cache),
    else from the whole-answer-space analysis run now within limits (selfcheck.analysis.budget), and kept.
    method is analyze's (auto, walk or bdd): figures kept from another method than the one asked for are
    not used (they are the same counts, but the document says which method counted)."""
    from selfcheck.analysis import cache as analysis_cache

    name = analysis_cache.key(ruleset)
    kept = analysis_cache.load(name)
    if kept is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):  # a file from elsewhere: analyse again
            coverage = coverage_from_data(kept)
            if method in ("auto", coverage.method):
                return coverage
    from selfcheck.analysis.orchestrate import analyze  # only now: the analysis' modules take a while to import

    found = analyze(ruleset, limits=limits, progress=progress, method=method)
    coverage = coverage_from(found)
    if found.complete:
        analysis_cache.store(name, coverage_data(coverage))
    return coverage


def remember(ruleset: RuleSet, found: Analysis, today: datetime.date | None = None) -> None:
    """Keep a complete analysis' coverage figures for a review of the same file on the same day."""
    from selfcheck.analysis import cache as analysis_cache

    if found.complete:
        analysis_cache.store(analysis_cache.key(ruleset, today), coverage_data(coverage_from(found)))


def coverage_data(coverage: Coverage) -> dict[str, Any]:
    return {
        "answer_sets": coverage.answer_sets,
        "seconds": coverage.seconds,
        "levels": [list(pair) for pair in coverage.levels],
        "findings": [list(f) for f in coverage.findings],
        "requirements": [[*r[:4], list(r[4])] for r in coverage.requirements],
        "method": coverage.method,
    }


def coverage_from_data(data: dict[str, Any]) -> Coverage:
    return Coverage(
        int(data["answer_sets"]),
        float(data["seconds"]),
        tuple((str(level), int(n)) for level, n in data["levels"]),
        tuple((str(sev), str(check), int(n)) for sev, check, n in data["findings"]),
        tuple((str(r), str(s), int(a), int(v), tuple(map(str, by))) for r, s, a, v, by in data["requirements"]),
        method=str(data["method"]),  # kept by an older selfcheck without it: KeyError, analysed again
    )


def coverage_from(analysis: Analysis) -> Coverage:
    """The coverage section's figures from an analysis."""
    from selfcheck.analysis.checks import requirement
    from selfcheck.analysis.context import ANSWER_SPACE

    counts = Counter((f.severity, f.check) for f in analysis.findings)
    findings = tuple(
        (sev, check, n) for (sev, check), n in sorted(counts.items(), key=lambda i: (i[0][0] != "error", i[0][1]))
    )
    # A stopped analysis may have walked the proofs for the red flags; the requirements count only once checked.
    proved = analysis.complete or requirement.ID in analysis.checked
    proofs = tuple((p.id, p.status, p.applies, p.violations, p.satisfied_by) for p in analysis.requirements if proved)
    coverage = Coverage(
        analysis.answer_sets, analysis.seconds, analysis.levels, findings, proofs, method=analysis.method
    )
    if analysis.complete:
        return coverage
    from selfcheck.render.check_status import families, finished

    done, not_finished = finished(analysis)
    return dataclasses.replace(
        coverage,
        stopped=next(f.message for f in analysis.findings if f.check == ANSWER_SPACE),
        finished=done,
        not_finished=not_finished,
        # The review lists no findings one by one: analyze does.
        families=tuple((status, text) for _, status, text in families(analysis, listed="selfcheck analyze lists them")),
        refused=analysis.refused,
    )
