"""A bound on the work of one analysis (states walked, CPU seconds, memory), charged by the walks as they go.

Until the analysis scales to every rule file, a file whose answer space is too large for it stops with a
clear message instead of running for hours or out of memory. One Budget serves a whole `analyze` (every
walk in it charges the same one); the `--max-seconds` and `--max-memory` options of analyze, review and
diff set it.

Time is the process's CPU time, the clock CUDD keeps its own time limit by inside one diagram operation
(selfcheck.analysis.symbolic.native): so a budget holds within a small margin on a busy machine too, and the
same budget proves the same things there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_STATES = 500_000  # the bundled rule file walks about 100,000
MAX_MEMORY_MB = 1024  # issue 15's ceiling: the largest generated file (40 questions, 6-test rules) peaks near 980 MiB
_CHECK_EVERY = 256  # states between looks at the clock and the memory (about 1 us each; a state costs more)


class OverBudget(Exception):
    """The analysis reached its budget; the message says which limit, in words."""


class Budget:
    """Limits on states, seconds and peak memory (None for no limit); charge() raises OverBudget past one."""

    def __init__(
        self, max_states: int | None = None, max_seconds: float | None = None, max_memory_mb: int | None = None
    ) -> None:
        self.max_states = max_states
        self.max_seconds = max_seconds
        self.max_memory_mb = max_memory_mb
        self.states = 0
        self.start = time.process_time()
        self._next_check = _CHECK_EVERY
        self.on_tick: Callable[[], None] | None = None  # called at every look at the clock (progress)
        self._watchers: list[Callable[[], None]] = []

    @classmethod
    def default(cls) -> Budget:
        """The budget `analyze` and `review` run with: MAX_STATES states and MAX_MEMORY_MB of memory."""
        return cls(MAX_STATES, None, MAX_MEMORY_MB)

    def charge(self, states: int = 1) -> None:
        self.states += states
        if self.max_states is not None and self.states > self.max_states:
            raise OverBudget(f"more than {self.max_states:,} states of the answer space to walk")
        if self.states >= self._next_check:
            self._next_check = self.states + _CHECK_EVERY
            self._check_clock_and_memory()

    def watch(self, watcher: Callable[[], None]) -> None:
        """Call watcher at every look at the clock that finds the budget not spent (a diagram manager brings
        its own limits up to date, selfcheck.analysis.symbolic.bdd)."""
        self._watchers.append(watcher)

    def unwatch(self, watcher: Callable[[], None]) -> None:
        """Stop calling watcher."""
        self._watchers.remove(watcher)

    def seconds_left(self) -> float | None:
        """Seconds left before the time limit (0 past it), or None with no time limit."""
        if self.max_seconds is None:
            return None
        return max(0.0, self.max_seconds - self.elapsed())

    def elapsed(self) -> float:
        """Seconds since the budget was made."""
        return time.process_time() - self.start

    def check(self) -> None:
        """Look at the clock and the memory now (between two walks); OverBudget past a limit."""
        self._check_clock_and_memory()

    def _check_clock_and_memory(self) -> None:
        if self.on_tick is not None:
            self.on_tick()
        if self.max_seconds is not None and time.process_time() - self.start > self.max_seconds:
            raise OverBudget(self.time_message())
        if self.max_memory_mb is not None and _peak_memory_mb() > self.max_memory_mb:
            raise OverBudget(self.memory_message())
        for watcher in self._watchers:
            watcher()

    def time_message(self) -> str:
        """Why a run stopped at the time limit, in words."""
        unit = "CPU second" if self.max_seconds == 1 else "CPU seconds"
        return f"more than {self.max_seconds:g} {unit}"

    def memory_message(self) -> str:
        """Why a run stopped at the memory limit, in words."""
        return f"more than {self.max_memory_mb:,} MB of memory"


def _peak_memory_mb() -> float:
    """The process's peak resident memory so far; 0 where the system cannot say."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB elsewhere


def resident_mb() -> float:
    """The process's resident memory now (Linux's /proc), else its peak so far."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return _peak_memory_mb()
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# The budget the walks charge: set by limit() around one analysis, None (no limit) otherwise, so the engine
# and every other caller of the walks pay one comparison.
_active: Budget | None = None


def charge(states: int = 1) -> None:
    """Charge the active budget, if any."""
    if _active is not None:
        _active.charge(states)


class limit:  # lower case: used as `with budget.limit(b):`, like a function
    """Make budget the active one for the walks inside the with block."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.previous: Budget | None = None

    def __enter__(self) -> Budget:
        global _active
        self.previous, _active = _active, self.budget
        return self.budget

    def __exit__(self, *exc: object) -> None:
        global _active
        _active = self.previous
