"""analyze pauses the garbage collector while it walks (model.records, hack 7) and gives it back as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from analysis_files import BASE, analysis_of

from selfcheck.analysis.checks import gap
from selfcheck.analysis.context import Context
from selfcheck.analysis.findings import Finding


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_analyze_gives_the_collector_back_as_it_found_it(collector: None, enabled: bool) -> None:
    gc.enable() if enabled else gc.disable()
    assert analysis_of(BASE, method="walk").complete
    assert gc.isenabled() is enabled


def test_the_checks_walk_with_the_collector_paused_and_an_error_still_gives_it_back(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def broken(ctx: Context) -> Iterator[Finding]:
        seen.append(gc.isenabled())
        raise RuntimeError("a bug in a check")
        yield

    monkeypatch.setattr(gap, "check", broken)
    gc.enable()
    with pytest.raises(RuntimeError):
        analysis_of(BASE, method="walk")
    assert (seen, gc.isenabled()) == ([False], True)
