"""CUDD's own time limit, error code and exact count (dd offers none of them), through ctypes on dd's extension.

One diagram operation (a conjunction, a quantifier) runs in CUDD without coming back to Python, so a budget
looked at between operations can be overshot by one of them by tens of seconds. CUDD checks a time limit
itself whenever it allocates a block of nodes, and then gives up the operation (it returns NULL, which dd
raises as an error) leaving the manager usable (CUDD 2.5's release notes); its error code says why it gave up.
dd does not wrap Cudd_SetTimeLimit or Cudd_ReadErrorCode, and keeps the manager's pointer out of Python: it
is read from the BDD object's first field and accepted only when the manager it points to holds dd's own
constant node where CUDD keeps it. Anything else (another layout, no symbols, not CPython) gives None, and
the budget is then looked at between operations only, as before.

dd's count is a double (Cudd_CountMinterm), which loses the last digits past 2^53; CUDD's arbitrary precision
count (Cudd_ApaCountMinterm) is exact and runs in C: tests6(40) spent 27 s of its monotonicity check counting
in Python. It is read when the extension has it and its digits are 32 bits wide (CUDD 3's DdApaDigit);
otherwise count() gives None and the caller counts in Python.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

TIME = "time"
MEMORY = "memory"
NODES = "nodes"
# CUDD's Cudd_ErrorType (cudd.h): the failures a limit causes.
_ERRORS = {1: MEMORY, 2: NODES, 3: MEMORY, 4: TIME}
_ONE_AT = 32  # offset of DdManager.one: after the sentinel DdNode (two half words, a pointer, two pointers)
_NO_LIMIT = ctypes.c_ulong(-1).value  # CUDD's ~0UL: no time limit
_DIGIT_BITS = 32  # CUDD 3's DdApaDigit (uint32_t): checked against Cudd_ApaNumberOfDigits before counting


class Native:
    """CUDD calls dd does not wrap, on one manager."""

    def __init__(self, lib: Any, manager: int) -> None:
        self._lib = lib
        self._manager = ctypes.c_void_p(manager)
        self.counts = _exact_counting(lib)

    @classmethod
    def of(cls, manager: Any) -> Native | None:
        """The native calls on dd.cudd manager `manager` (a dd.cudd.BDD), or None where they cannot be reached."""
        if sys.implementation.name != "cpython":
            return None
        try:
            lib = ctypes.CDLL(sys.modules[type(manager).__module__].__file__)
            for name, restype, args in _SIGNATURES:
                function = getattr(lib, name)
                function.restype, function.argtypes = restype, [ctypes.c_void_p, *args]
        except (OSError, AttributeError, KeyError, TypeError):
            return None
        found = _manager(manager)
        return None if found is None else cls(lib, found)

    def elapsed_ms(self) -> int:
        """CPU milliseconds (user time) since the manager was made, CUDD's clock for its time limit."""
        return int(self._lib.Cudd_ReadElapsedTime(self._manager))

    def seconds_left(self, seconds: float | None) -> None:
        """Make CUDD give up any operation once `seconds` more of CPU time have passed (None: no limit)."""
        if seconds is None:
            self._lib.Cudd_UnsetTimeLimit(self._manager)
            return
        self._lib.Cudd_SetTimeLimit(self._manager, self.elapsed_ms() + max(0, int(seconds * 1000)))

    def failure(self) -> str | None:
        """Which limit made CUDD give up its last operation (TIME, MEMORY, NODES), or None; then forgotten."""
        code = int(self._lib.Cudd_ReadErrorCode(self._manager))
        self._lib.Cudd_ClearErrorCode(self._manager)
        return _ERRORS.get(code, f"CUDD error {code}" if code else None)

    def memory_in_use(self) -> int:
        """Bytes CUDD counts as its own (nodes, unique table, cache)."""
        return int(self._lib.Cudd_ReadMemoryInUse(self._manager))

    def count(self, node: int, nvars: int) -> int | None:
        """The exact number of assignments of nvars variables that satisfy the function whose dd id
        (Function.__int__) is node; None when CUDD's exact count cannot be reached or fails (no memory)."""
        if not self.counts:
            return None
        digits = ctypes.c_int(0)
        number = self._lib.Cudd_ApaCountMinterm(self._manager, node - 2, nvars, ctypes.byref(digits))
        if not number:
            return None
        try:
            # Most significant digit first (cuddApa.c).
            words = (ctypes.c_uint32 * digits.value).from_address(number)
            return int.from_bytes(b"".join(w.to_bytes(4, "big") for w in words), "big")
        finally:
            self._lib.Cudd_FreeApaNumber(number)

    def disjoint(self, f: int, g: int, unless: int | None = None) -> bool:
        """Whether the functions whose dd ids are f and g have no assignment in common (outside `unless`, a
        third one), in CUDD without making their conjunction (Cudd_bddLeq, Cudd_bddLeqUnless: no new nodes)."""
        not_g = (g - 2) ^ 1  # the complement is the pointer's low bit
        if unless is None:
            return bool(self._lib.Cudd_bddLeq(self._manager, f - 2, not_g))
        return bool(self._lib.Cudd_bddLeqUnless(self._manager, f - 2, not_g, unless - 2))

    def peak_nodes(self) -> int:
        """The most nodes the manager held at once (live ones)."""
        return int(self._lib.Cudd_ReadPeakLiveNodeCount(self._manager))


_SIGNATURES: tuple[tuple[str, Any, list[Any]], ...] = (
    ("Cudd_ReadElapsedTime", ctypes.c_ulong, []),
    ("Cudd_SetTimeLimit", ctypes.c_ulong, [ctypes.c_ulong]),
    ("Cudd_UnsetTimeLimit", None, []),
    ("Cudd_ReadErrorCode", ctypes.c_int, []),
    ("Cudd_ClearErrorCode", None, []),
    ("Cudd_ReadPeakLiveNodeCount", ctypes.c_int, []),
    ("Cudd_ReadMemoryInUse", ctypes.c_size_t, []),
    ("Cudd_bddLeq", ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    ("Cudd_bddLeqUnless", ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
)


_COUNTING: tuple[tuple[str, Any, list[Any]], ...] = (
    # (manager, node, nvars, &digits) -> the digits (CUDD allocates them), freed by Cudd_FreeApaNumber
    (
        "Cudd_ApaCountMinterm",
        ctypes.c_void_p,
        [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)],
    ),
    ("Cudd_FreeApaNumber", None, [ctypes.c_void_p]),
)


def _exact_counting(lib: Any) -> bool:
    """Whether lib has CUDD's exact count, with the digit width read back here (an older CUDD's digits are
    16 bits on some platforms), and set up its calls."""
    try:
        for name, restype, args in _COUNTING:
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, args
        width = lib.Cudd_ApaNumberOfDigits
        width.restype, width.argtypes = ctypes.c_int, [ctypes.c_int]
    except AttributeError:
        return False
    return bool(width(_DIGIT_BITS * 4) == 4)


def _manager(bdd: Any) -> int | None:
    """The DdManager pointer of a dd.cudd.BDD: the field (after the object header and Cython's method table)
    that points to a manager whose constant one is dd's true node (Function.__int__ is the pointer plus 2)."""
    try:
        one = int(bdd.true) - 2
        size = type(bdd).__basicsize__
    except (AttributeError, TypeError, ValueError):
        return None
    header = ctypes.sizeof(ctypes.c_void_p) * 2  # reference count and type
    for offset in range(header, size, ctypes.sizeof(ctypes.c_void_p)):
        # Every field of the object is a pointer to live memory (the method table, the manager, Python
        # objects of at least _ONE_AT + 8 bytes), so reading a word past each is safe.
        pointer = ctypes.c_void_p.from_address(id(bdd) + offset).value
        if pointer and ctypes.c_void_p.from_address(pointer + _ONE_AT).value == one:
            return pointer
    return None
