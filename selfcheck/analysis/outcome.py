"""What `selfcheck analyze` gives: the figures, the findings, what was proved (Analysis), by either method."""

from __future__ import annotations

from dataclasses import dataclass

from selfcheck.analysis.after_certain import AfterCertain
from selfcheck.analysis.context import RuleCoverage
from selfcheck.analysis.findings import Finding
from selfcheck.analysis.requirements import Proof

__all__ = ["Analysis"]


@dataclass(frozen=True)
class Analysis:
    path: str
    answer_sets: int
    levels: tuple[tuple[str, int], ...]  # answer sets per level, most urgent first
    rules: tuple[RuleCoverage, ...]
    questions: tuple[tuple[str, int], ...]  # answer sets in which each question is asked
    states: int  # distinct condition states explored
    evaluations: int  # leaf evaluations by the analysis plus cross-checks by the engine
    seconds: float
    findings: tuple[Finding, ...]
    requirements: tuple[Proof, ...] = ()
    monotone_questions: int = 0  # sign and symptom questions whose answers can be more worrying
    red_flags: int = 0  # choices marked red_flag
    complete: bool = True  # False when the answer space could not be walked in full (too large, or a budget)
    # Per level, the most questions asked after it was already certain (selfcheck.after_certain).
    after_certain: tuple[AfterCertain, ...] = ()
    checked: tuple[str, ...] = ()  # the ids of the checks that ran to the end, in registry order
    method: str = "walk"  # what counted: the walk of the answer space, or binary decision diagrams ("bdd")
    unavailable: tuple[str, ...] = ()  # the families the method cannot check (yet): reported as not checked
    refused: bool = False  # True when the answer space was refused as too large to check every combination

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")
