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
