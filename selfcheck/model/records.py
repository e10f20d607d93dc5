"""The start-up path's speed hacks, in one place, each kept because a benchmark figure says it pays."""

from __future__ import annotations

import collections
import gc
import operator
import sys

# Every figure is `python bench/startup_ab.py OTHER --rounds 60`: this checkout against a copy with that one
# hack taken out, run round by round with the floor (`python -c "import argparse, yaml"`), the median of the
# rounds' own differences in CPU time (AMD EPYC, 2 shared cores, Python 3.11, 2026-12-01). bench/benchmark.py
# allows `validate` 1.5x the floor and `run --answers` 1.6x; each figure below is a sizeable part of that.
#
# 1. Records are NamedTuples, not frozen dataclasses: +23 ms for `validate`, +25 ms for `run --answers`
#    without (`dataclasses` imports `inspect`, and each dataclass compiles its methods), taking both from
#    about 1.5x the floor to over 2x; the copy made each record a frozen dataclass as well, which costs what
#    dataclasses would without rewriting the code that reads records as tuples. Tuples compare equal to any
#    tuple with the same items, so same_kind() gives a record a dataclass's equality and hash: its own class
#    only, over the fields that count.
# 2. NamedTuple is made here from collections.namedtuple, without importing `typing`: +11 ms for
#    `validate`, +9 ms for `run --answers` without. TYPE_CHECKING is this module's own for the same reason;
#    mypy takes any name TYPE_CHECKING as true and reads typing.NamedTuple itself.
# 3. SHA-256 from the interpreter's own module (the one hashlib falls back on), not `hashlib`, which loads
#    OpenSSL: +3 ms for `run --answers` without (`validate` hashes nothing).
# 4. The garbage collector, while a command runs: starting up makes tens of thousands of objects (modules,
#    classes, the rule set) that live until the process ends, yet CPython walks them all again every 700 new
#    objects, and once more at exit, finding nothing to free. FewerCollections raises that 700 to 20,000 for the
#    command, and selfcheck's own process (main() with no argv) skips the pass at exit: CPU instructions
#    counted by `python bench/instructions.py` (valgrind: the same on a busy machine as on a quiet one),
#    against a floor of 197 M: `validate` 341 M -> 323 M, `run --answers` 378 M -> 353 M, 13% of what selfcheck
#    adds to the floor (the exit pass alone 15 M and 20 M).
# 5. The strict YAML reader makes each of the bundled file's 2,600 Scalars with new_record(Scalar, (fields)):
#    tuple.__new__ at once, not the record's own __new__, which binds its arguments in Python: `validate`
#    323 M -> 319 M instructions, `run --answers` 353 M -> 349 M.
# 6. Signal handlers are set through the interpreter's own _signal module (the one `signal` wraps), not
#    `signal`, which makes enums of every signal and handler name as it is imported: 3 M instructions less for
#    each command (signal_module()).
# 7. No collections at all while `analyze` runs (PausedCollections, selfcheck.analysis.orchestrate): its walks
#    make some 300,000 states, formulas and dicts that live until it returns, which even the 20,000 threshold
#    of hack 4 had the collector walk over a dozen times, finding nothing (the walks make no cycles): the
#    bundled file's analysis, in-process (best of 6 alternating rounds, two runs on the loaded machine),
#    0.73 s -> 0.55 s and 0.60 s -> 0.50 s.
#
# Taken out because its figure was nothing: a hand-written calendar check instead of `datetime` (0.0 ms:
# PyYAML imports `datetime` anyway, so every start-up already has it).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import NamedTuple as NamedTuple
    from typing import TypeVar

    Record = TypeVar("Record", bound=tuple[object, ...])
else:

    class _NamedTupleMeta(type):
        """What typing.NamedTuple does with a class body: a collections.namedtuple with the body's methods."""

        def __new__(cls, name, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(cls, name, bases, namespace)
            annotations = namespace.get("__annotations__", {})
            defaulted = [field in namespace for field in annotations]
            if defaulted != sorted(defaulted):  # namedtuple gives defaults to the last fields only
                raise TypeError(f"{name}: a field without a default cannot follow one with a default")
            defaults = [namespace[field] for field in annotations if field in namespace]
            record = collections.namedtuple(name, annotations, defaults=defaults, module=namespace["__module__"])
            record.__annotations__ = annotations
            for key, value in namespace.items():
                if key not in annotations and key not in ("__module__", "__annotations__"):
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Base class syntax for a collections.namedtuple, as typing.NamedTuple."""


def same_kind(*ignored: str) -> Callable[[type[Record]], type[Record]]:
    """Equality and hash as a frozen dataclass has them: with the same class only, over the fields not ignored
    (as `field(compare=False)`), so that All((a, b)) is not AnyOf((a, b)) and neither equals a plain tuple."""

    def apply(cls: type[Record]) -> type[Record]:
        fields: tuple[str, ...] = vars(cls)["_fields"]
        kept = [i for i, name in enumerate(fields) if name not in ignored]
        if len(kept) == len(fields):

            def eq(self: Record, other: object) -> bool:
                return type(other) is type(self) and tuple.__eq__(self, other)

            def hash_(self: Record) -> int:
                return tuple.__hash__(self)

        else:
            key = operator.itemgetter(*kept)

            def eq(self: Record, other: object) -> bool:
                return type(other) is type(self) and bool(key(self) == key(other))

            def hash_(self: Record) -> int:
                return hash(key(self))

        def ne(self: Record, other: object) -> bool:
            return not eq(self, other)

        cls.__eq__ = eq  # type: ignore[assignment]
        cls.__ne__ = ne  # type: ignore[assignment]
        cls.__hash__ = hash_  # type: ignore[assignment]
        return cls

    return apply


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of the bytes, in hex, from the interpreter's own module where it has one."""
    try:
        module = __import__("_sha2" if sys.version_info >= (3, 12) else "_sha256")
    except ImportError:  # a Python built without it
        module = __import__("hashlib")
    digest: str = module.sha256(data).hexdigest()
    return digest


START_UP_GC_THRESHOLD = 20_000  # objects made before a collection (CPython's default is 700): hack 4


class FewerCollections:
    """Within: the collector waits for 20,000 new objects, not 700 (hack 4). With at_exit, it also skips its
    last pass over every object when the process ends: only for selfcheck's own process, since an embedding
    program may count on that pass (say, to flush a file caught in a reference cycle)."""

    def __init__(self, at_exit: bool = False) -> None:
        self.at_exit = at_exit
        self.threshold = gc.get_threshold()

    def __enter__(self) -> None:
        gc.set_threshold(max(START_UP_GC_THRESHOLD, self.threshold[0]), *self.threshold[1:])
        if self.at_exit:
            import atexit

            atexit.register(gc.freeze)  # frozen objects are left out of the collection at exit

    def __exit__(self, *exc: object) -> None:
        gc.set_threshold(*self.threshold)


class PausedCollections:
    """Within: no collection at all (hack 7), as the walks of the answer space make hundreds of thousands of
    states, formulas and dicts that live until the analysis returns, and the collector would walk every one of
    them again and again, finding nothing to free (the walks make no reference cycles). Collections resume as
    they were when the analysis returns, by which time what it made is freed by reference counting."""

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


new_record = tuple.__new__  # new_record(Cls, (every field, in order)): a record made without binding (hack 5)


def signal_module() -> ModuleType:
    """The signal functions and constants from the interpreter's own module, else `signal` (hack 6)."""
    try:
        return __import__("_signal")
    except ImportError:  # an interpreter without it
        return __import__("signal")
