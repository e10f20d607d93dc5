"""SIGTERM and SIGHUP stop selfcheck as Ctrl-C does: the same clean-up, message and exit code (128 + N)."""

from __future__ import annotations

import contextlib
import sys
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


# The stop a signal asked for, until the process has stopped. A handler's exception raised while Python runs a
# finalizer (a half-read generator freed, say) is not raised where the program is: the interpreter prints it as
# "Exception ignored in ..." and carries on, so the person's stop would be lost and the program left waiting
# for a line. The hook below keeps such a stop quiet, and check() (at every wait) raises it again.
_pending: KeyboardInterrupt | None = None
_hook_before: Callable[[Any], object] | None = None  # sys.unraisablehook as install() found it


def _stop(stop: KeyboardInterrupt) -> None:
    global _pending
    _pending = stop
    raise stop


def _raise(signum: int, frame: FrameType | None) -> None:
    _stop(Stopped(signum))


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _stop(KeyboardInterrupt())


def check() -> None:
    """Raise the stop a signal asked for, if a finalizer swallowed it (see _pending); else nothing."""
    if _pending is not None:
        raise _pending


def _unraisable(unraisable: Any) -> None:
    if not (isinstance(unraisable.exc_value, KeyboardInterrupt) and _pending is not None) and _hook_before:
        _hook_before(unraisable)  # anything but a stop, which check() raises again


def install() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP raise Stopped, and Ctrl-C raise KeyboardInterrupt, never lost to a finalizer;
    the old handlers, for restore()."""
    global _pending, _hook_before
    _pending = None
    if sys.unraisablehook is not _unraisable:  # installed twice: the hook it found first is kept
        _hook_before, sys.unraisablehook = sys.unraisablehook, _unraisable
    previous: dict[int, Any] = {}
    # A shell starts a script's background jobs with SIGINT ignored, and Python then leaves it so: Ctrl-C
    # at a plain-mode prompt, or between two arrow-key prompts, would do nothing. A person who presses
    # Ctrl-C in selfcheck's terminal means stop.
    if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, signal.default_int_handler):
        with contextlib.suppress(ValueError, OSError):
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, _interrupt)
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
    check()
    try:
        old = signal.set_wakeup_fd(_wakeup[1], warn_on_full_buffer=False)
    except ValueError:  # not the main thread: no signal handler runs here anyway
        return
    try:
        while fd not in select.select([fd, _wakeup[0]], [], [])[0]:
            with contextlib.suppress(BlockingIOError):
                os.read(_wakeup[0], 512)  # a signal whose handler did not stop selfcheck: wait on
            check()
    finally:
        signal.set_wakeup_fd(old)


def restore(previous: dict[int, Callable[[int, FrameType | None], Any] | int | None]) -> None:
    """Put back the handlers install() replaced, and forget a stop not yet raised."""
    global _pending, _hook_before
    if _hook_before is not None:
        sys.unraisablehook, _hook_before = _hook_before, None
    _pending = None
    for signum, handler in previous.items():
        if handler is not None:
            signal.signal(signum, handler)


def exit_code(stop: KeyboardInterrupt, interrupted: int) -> int:
    """128 + the signal's number for a stopping signal (143 for SIGTERM, 129 for SIGHUP), else interrupted."""
    return 128 + stop.signum if isinstance(stop, Stopped) else interrupted
