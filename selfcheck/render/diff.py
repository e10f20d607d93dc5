"""`selfcheck diff` output: each change located in its file, the impact on every answer set, or JSON."""

from __future__ import annotations

import json
from typing import Any

from selfcheck.analysis.changes import Change
from selfcheck.analysis.diff import Diff
from selfcheck.analysis.findings import example_lines
from selfcheck.errors import plural
from selfcheck.model.ruleset import LEVEL_IDS
from selfcheck.render.findings_json import example_data
from selfcheck.rulefile import sourcemap


def render(d: Diff, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(diff_data(d), indent=2, ensure_ascii=False) + "\n"
    lines = [f"changes from {d.old.path} to {d.new.path}:" if d.changes else "no changes"]
    for c in d.changes:
        lines.append(f"  {located(c, d)}: {c.where}: {c.message}")
        if c.old or c.new:
            old, new = _around_change(" ".join(c.old.split()), " ".join(c.new.split()))
            lines += [f"    - {old}", f"    + {new}"]
    stopped = any(f.check == "limit" for f in d.findings)
    lines += _impact(d, stopped)
    if d.statuses:
        lines.append("requirements whose status changed:")
        lines += [f"  '{rid}': {a or '(not in OLD)'} -> {b}" for rid, a, b in d.statuses]
    for f in d.findings:
        lines.append(f.located(d.new.path))
    if stopped:
        lines.append(f"{plural(len(d.changes), 'change')}; impact not worked out (in {d.seconds:.2f} s)")
    else:
        lines.append(
            f"{plural(len(d.changes), 'change')}; {plural(d.records, 'answer set')}: "
            f"{d.higher} more urgent, {d.lower} less urgent (in {d.seconds:.2f} s)"
        )
    return "\n".join(lines) + "\n"


def _impact(d: Diff, stopped: bool) -> list[str]:
    """How many answer sets keep, raise or lower their level, with examples; or that it was not worked out."""
    if stopped:
        return ["impact: not worked out (the comparison stopped at its limit; see below)"]
    lines = [f"impact over {d.records} answer sets:", f"  same level: {d.records - d.lower - d.higher}"]
    for title, sign, examples in (("more urgent", -1, d.examples_higher), ("less urgent", 1, d.examples_lower)):
        cells = [(a, b, n) for a, b, n in d.moves if (LEVEL_IDS.index(b) - LEVEL_IDS.index(a)) * sign > 0]
        total = sum(n for _, _, n in cells)
        detail = ", ".join(f"{a} -> {b}: {n}" for a, b, n in cells)
        lines.append(f"  {title} in NEW: {total}" + (f" ({detail})" if detail else ""))
        for e in examples:
            lines += example_lines(e, d.new, before="old", after="new, where different")
    return lines


def located(c: Change, d: Diff) -> str:
    """file:line:col of a change: in NEW, or in OLD for something removed (places from the loader's source map)."""
    ruleset = d.old if c.removed else d.new
    line, col = c.line, 1
    places = sourcemap.places(ruleset)
    if c.at and places is not None:
        node = places.deepest(*c.at)  # a field left out: the record holding it
        line, col = node.line, node.col
    return f"{ruleset.path}:{line}:{col}" if line else ruleset.path


def _around_change(old: str, new: str, width: int = 100) -> tuple[str, str]:
    """Both texts cut to the same window around their first difference, so a change is never cut off."""
    if len(old) <= width and len(new) <= width:
        return old, new
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    start = max(0, first - width // 3)

    def cut(text: str) -> str:
        piece = text[start : start + width - 6]
        return ("..." if start else "") + piece + ("..." if start + width - 6 < len(text) else "")

    return cut(old), cut(new)


def diff_data(d: Diff) -> dict[str, Any]:
    return {
        "old": d.old.path,
        "new": d.new.path,
        "changes": [
            {
                "where": c.where,
                "message": c.message,
                "at": located(c, d),
                "line": c.line,
                "old": c.old,
                "new": c.new,
                "versioned": c.versioned,
            }
            for c in d.changes
        ],
        "records": d.records,
        "higher": d.higher,
        "lower": d.lower,
        "moves": [{"old": a, "new": b, "records": n} for a, b, n in d.moves],
        "examples_lower": [example_data(e) for e in d.examples_lower],
        "examples_higher": [example_data(e) for e in d.examples_higher],
        "requirements": [{"id": rid, "old": a or None, "new": b} for rid, a, b in d.statuses],
        "findings": [{"severity": f.severity, "check": f.check, "message": f.message} for f in d.findings],
        "seconds": round(d.seconds, 3),
    }
