"""SIGTERM and SIGHUP stop selfcheck as Ctrl-C does: the same clean-up, message and exit code (128 + N)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from types import FrameType

from selfcheck.model.records import TYPE_CHECKING, signal_module

signal = signal_module()  # `signal` without its enums (selfcheck/model/records.py, hack 6)

if TYPE_CHECKING:
    from typing import Any

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """A stopping signal arrived; raised where the program is, so every Ctrl-C path (terminal restored,
    temporary files removed, "Stopped. Nothing was saved.") runs for it too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


def install() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP raise Stopped, and Ctrl-C raise KeyboardInterrupt; the old handlers, for restore()."""
    previous: dict[int, Any] = {}
    # A shell starts a script's background jobs with SIGINT ignored, and Python then leaves it so: Ctrl-C
    # at a plain-mode prompt, or between two arrow-key prompts, would do nothing. A person who presses
    # Ctrl-C in selfcheck's terminal means stop.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        with contextlib.suppress(ValueError, OSError):
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or not allowed here
            previous[signum] = signal.signal(signum, _raise)
    return previous


_wakeup: tuple[int, int] | None = None  # a pipe the signal module writes to when a signal arrives


def wait_readable(fd: int) -> None:
    """Block until fd has something to read, in a wait that a stopping signal always ends.

    input() checks for signals only before it blocks in read(): a Ctrl-C or SIGTERM that arrives in between
    sets a flag nobody looks at until the person presses Enter. Here the signal module also writes a byte to a
    pipe that select() watches, so a signal before the wait ends it at once and one during it interrupts it;
    either way its handler raises as soon as Python runs again.
    """
    import os
    import select

    global _wakeup
    if _wakeup is None:
        _wakeup = os.pipe()
        for end in _wakeup:
            os.set_blocking(end, False)
    try:
        old = signal.set_wakeup_fd(_wakeup[1], warn_on_full_buffer=False)
    except ValueError:  # not the main thread: no signal handler runs here anyway
        return
    try:
        while fd not in select.select([fd, _wakeup[0]], [], [])[0]:
            with contextlib.suppress(BlockingIOError):
                os.read(_wakeup[0], 512)  # a signal whose handler did not stop selfcheck: wait on
    finally:
        signal.set_wakeup_fd(old)


def restore(previous: dict[int, Callable[[int, FrameType | None], Any] | int | None]) -> None:
    """Put back the handlers install() replaced."""
    for signum, handler in previous.items():
        if handler is not None:
            signal.signal(signum, handler)


def exit_code(stop: KeyboardInterrupt, interrupted: int) -> int:
    """128 + the signal's number for a stopping signal (143 for SIGTERM, 129 for SIGHUP), else interrupted."""
    return 128 + stop.signum if isinstance(stop, Stopped) else interrupted
