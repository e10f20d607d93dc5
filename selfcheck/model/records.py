"""NamedTuple for the start-up path, without importing typing when selfcheck runs."""

from __future__ import annotations

import collections

# Importing typing costs about 3 ms, a fifth of the start-up budget bench/benchmark.py allows over the
# interpreter's floor, and the records need only what collections.namedtuple already does. Type checkers
# read typing.NamedTuple itself (mypy takes any name TYPE_CHECKING as true), so the classes are checked as such.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
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
