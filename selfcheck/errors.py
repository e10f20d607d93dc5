"""Located problems and the one exception type for everything a user can cause."""

from __future__ import annotations

from collections.abc import Iterable

from selfcheck.model.records import NamedTuple


# A tuple, so problems sort by path, line, column, then (order, below) message.
class Problem(NamedTuple):
    """One thing wrong with an input file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    # Among problems at one place, the order they are told in where it means something (answers missing at the
    # end of a file: the order the questions are asked); 0, then by message, otherwise.
    order: int = 0

    def __lt__(self, other: tuple[object, ...]) -> bool:
        return _sort_key(self) < _sort_key(other)

    def __gt__(self, other: tuple[object, ...]) -> bool:
        return _sort_key(other) < _sort_key(self)

    def __le__(self, other: tuple[object, ...]) -> bool:
        return not _sort_key(other) < _sort_key(self)

    def __ge__(self, other: tuple[object, ...]) -> bool:
        return not _sort_key(self) < _sort_key(other)

    def __str__(self) -> str:
        # Paths and messages can carry what a file or a command line put in them: shown, never obeyed.
        if self.line <= 0:
            return f"{visible(self.path)}: {visible(self.message)}"
        return f"{visible(self.path)}:{self.line}:{self.col}: {visible(self.message)}"


def _sort_key(p: tuple[object, ...]) -> tuple[object, ...]:
    return (*p[:3], *p[4:], p[3]) if isinstance(p, Problem) else p


class SelfcheckError(Exception):
    """Raised with every problem found, so the user can fix them all at once."""

    def __init__(self, problems: Iterable[Problem], note: str = "") -> None:
        self.problems = tuple(sorted(set(problems)))
        self.note = note  # said after the problems, to the person: what to do now that nothing came of the input
        super().__init__("\n".join(str(p) for p in self.problems))


def plural(n: int, noun: str) -> str:
    """'1 warning', '2 warnings': the one place messages count things."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for a close known word, else ''."""
    import difflib  # only when a name is wrong: keeps start-up cheap

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean_id(word: str, known: Iterable[str]) -> str:
    """did_you_mean for an id, also offering ids that share its first word: 'fever' -> 'fever_weight_loss'."""
    import difflib

    known = list(known)
    close = difflib.get_close_matches(word, known, n=2, cutoff=0.6)
    head = word.split("_")[0]
    same_start = [k for k in known if k.startswith((word, head + "_")) or k == head or word.startswith(k + "_")]
    found = list(dict.fromkeys(close + same_start))[:3]
    if not found:
        return ""
    quoted = [f"'{k}'" for k in found]
    return f" (did you mean {quoted[0] if len(quoted) == 1 else ', '.join(quoted[:-1]) + ' or ' + quoted[-1]}?)"


def visible(text: str) -> str:
    """Text with control characters shown as escapes (ESC as \\x1b, a line break as \\n), never obeyed by a terminal."""
    if text.isprintable():
        return text
    # Not printable: C0 and C1 controls, DEL, line and paragraph separators, and format characters such as the
    # bidirectional overrides that can make a message read differently from what it says.
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape: show the byte
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
