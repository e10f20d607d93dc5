"""Waiting for a typed line where a stopping signal is never lost (stopping.wait_readable)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from types import FrameType

import pytest

from selfcheck.ui import stopping


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    r, w = os.pipe()
    yield r, w
    os.close(r)
    os.close(w)


@pytest.fixture
def alarm() -> Iterator[list[int]]:
    """SIGALRM with a handler that records it and stops as SIGTERM does; the alarm cancelled afterwards."""
    seen: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)
        raise stopping.Stopped(signum)

    previous = signal.signal(signal.SIGALRM, stop)
    yield seen
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_the_wait_ends_when_there_is_something_to_read(pipe: tuple[int, int]) -> None:
    r, w = pipe
    os.write(w, b"3\n")
    stopping.wait_readable(r)
    assert os.read(r, 10) == b"3\n"


def test_a_signal_during_the_wait_stops_it(pipe: tuple[int, int], alarm: list[int]) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    with pytest.raises(stopping.Stopped):
        stopping.wait_readable(pipe[0])  # nothing is ever written: only the signal can end this
    assert alarm == [signal.SIGALRM]


def test_a_signal_whose_handler_does_not_stop_leaves_the_wait_going(pipe: tuple[int, int]) -> None:
    r, w = pipe
    seen: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)
        os.write(w, b"\n")  # and then there is a line to read

    previous = signal.signal(signal.SIGALRM, note)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        stopping.wait_readable(r)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert seen == [signal.SIGALRM]
    assert os.read(r, 10) == b"\n"


def test_the_wakeup_descriptor_is_put_back(pipe: tuple[int, int]) -> None:
    os.write(pipe[1], b"\n")
    before = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(before)
    stopping.wait_readable(pipe[0])
    assert signal.set_wakeup_fd(before) == before


def _freed_half_read(signum: int) -> None:
    """A generator left half read and freed: its finally block, run as a finalizer, receives the signal."""

    def numbers() -> Iterator[int]:
        try:
            yield 1
            yield 2
        finally:
            signal.raise_signal(signum)  # the handler raises here, inside the finalizer
            sum(range(10))  # Python runs on, so the handler runs before the finalizer ends

    it = numbers()
    next(it)
    del it  # freed: close() runs the finally block, and the interpreter swallows what it raises


@pytest.mark.parametrize(("signum", "kind"), [(signal.SIGTERM, stopping.Stopped), (signal.SIGINT, KeyboardInterrupt)])
def test_a_stop_a_finalizer_swallowed_is_raised_at_the_next_wait_and_reported_nowhere(
    pipe: tuple[int, int], signum: int, kind: type[KeyboardInterrupt], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    # The hook the interpreter reports a swallowed exception to (printing "Exception ignored in ..." by
    # default), set here in the test itself so that no plugin's own hook stands in front of install()'s.
    reached: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: reached.append(unraisable.exc_value))
    previous = stopping.install()
    try:
        _freed_half_read(signum)
        os.write(pipe[1], b"a line is waiting\n")  # even so, the stop comes first
        with pytest.raises(kind):
            stopping.wait_readable(pipe[0])
    finally:
        stopping.restore(previous)
    assert reached == []  # kept quiet: no traceback


def test_without_a_stop_check_does_nothing_and_other_finalizer_errors_still_reach_the_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    reached: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: reached.append(unraisable.exc_value))
    previous = stopping.install()  # wraps the hook just set

    class Broken:
        def __del__(self) -> None:
            raise ValueError("broken finalizer")

    try:
        Broken()
        stopping.check()
    finally:
        stopping.restore(previous)
    assert [type(e) for e in reached] == [ValueError]


def test_restore_forgets_a_stop_not_yet_raised_and_puts_the_hook_back(pipe: tuple[int, int]) -> None:
    import sys

    hook = sys.unraisablehook
    previous = stopping.install()
    _freed_half_read(signal.SIGTERM)
    stopping.restore(previous)
    assert sys.unraisablehook is hook
    stopping.check()  # nothing pending any more: an embedding program's next run starts clean
