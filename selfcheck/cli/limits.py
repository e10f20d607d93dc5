"""The --max-seconds and --max-memory options of analyze, review and diff, and progress on a terminal's stderr."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from selfcheck.analysis import budget
from selfcheck.analysis.budget import Budget

PROGRESS_AFTER = 1.0  # seconds before the first progress line: a quick run shows none
PROGRESS_EVERY = 0.25  # seconds between progress lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-seconds",
        type=_positive(float),
        metavar="S",
        help="stop after S seconds of CPU time (the diagrams' too, inside one operation), saying what was "
        f"proved by then; the walk's default limit of {budget.MAX_STATES:,} states is lifted (the diagrams have "
        "no limit on states: time and memory bound them)",
    )
    parser.add_argument(
        "--max-memory",
        type=_positive(int),
        metavar="MB",
        help=f"stop when the process's memory passes MB megabytes (default {budget.MAX_MEMORY_MB}; the "
        "diagrams keep within it inside one operation too)",
    )


def add_method(parser: argparse.ArgumentParser) -> None:
    """--method of analyze and review, defined once: how the answer space is counted (selfcheck.analysis.orchestrate);
    the output says `counted by:` for a method other than the walk."""
    parser.add_argument(
        "--method",
        choices=("auto", "walk", "bdd"),
        default="auto",
        help="count by walking the answer space, or with binary decision diagrams (bdd: for large files, needs "
        "pip install 'selfcheck[scale]'); auto (the default) walks while the walk stays small",
    )


def method(args: argparse.Namespace, command: str) -> str | None:
    """The method asked for, or None (after saying why on stderr) when bdd is asked for without dd."""
    from selfcheck.analysis.symbolic import bdd

    if args.method == "bdd" and not bdd.available():
        print(
            f"selfcheck {command}: --method bdd needs the dd package: pip install 'selfcheck[scale]'",
            file=sys.stderr,
        )
        return None
    return str(args.method)


def limits(args: argparse.Namespace) -> Budget:
    """The budget the options ask for: a time limit replaces the default limit on states."""
    states = None if args.max_seconds is not None else budget.MAX_STATES
    memory = args.max_memory if args.max_memory is not None else budget.MAX_MEMORY_MB
    return Budget(states, args.max_seconds, memory)


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:
            raise argparse.ArgumentTypeError(
                f"must be a positive {'whole ' if kind is int else ''}number, not '{text}'"
            )
        return value

    return parse


class Progress:
    """Progress lines on stream, each over the last, only when stream is a terminal (else nothing at all)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.last = 0.0
        self.width = 0  # of the line shown, to blank it

    def __call__(self, text: str) -> None:
        now = time.monotonic()
        if now - self.start < PROGRESS_AFTER or now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        text = f"selfcheck: analysing: {text}"[: _columns(self.stream) - 1]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def done(self) -> None:
        """Blank the progress line, if one was shown, so what follows starts on a clean line."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def progress() -> Progress | None:
    """A progress reporter for stderr when it is a terminal, else None."""
    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return Progress() if terminal else None
